use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unlisted_claim")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unlisted_id: i32,
    pub claimant_id: i32,
    /// The claimant's provider form as JSON.
    #[sea_orm(column_type = "Text")]
    pub form: String,
    /// pending / approved / rejected
    pub status: String,
    pub provider_id: Option<i32>,
    pub decided_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
