use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub author_id: i32,
    pub category_id: i32,
    /// Exactly one of `provider_id` and `unlisted_id` is set.
    pub provider_id: Option<i32>,
    pub unlisted_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub is_demo: bool,
    pub created_at: DateTimeUtc,
    /// published / hidden (by moderation, see `reports`)
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub moderation_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
