use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "photo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub provider_id: i32,
    /// None for a provider's logo.
    pub offer_id: Option<i32>,
    /// "offer" / "logo"
    pub kind: String,
    /// Order within the offer; the lowest is the cover.
    pub position: i32,
    pub alt_text: String,
    /// Of the largest stored variant.
    pub width: i32,
    pub height: i32,
    pub uploaded_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
