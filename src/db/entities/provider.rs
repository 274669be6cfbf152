use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "provider")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub street: String,
    pub postal_code: String,
    /// None for a provider based outside Duisburg (then `town` names its seat).
    pub stadtteil_id: Option<i32>,
    /// The seat's town when it is not Duisburg.
    pub town: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// private / cooperative / municipal
    pub ownership: String,
    pub owner_name: Option<String>,
    /// The owner's share in percent, as declared.
    pub ownership_share: Option<i16>,
    /// None while the ownership is self-declared; set when a moderator verified it.
    pub ownership_verified_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub opening_hours: Option<String>,
    /// Raised by every profile edit: the editor's optimistic lock.
    pub version: i32,
    pub is_demo: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
