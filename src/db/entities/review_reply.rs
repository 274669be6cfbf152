use sea_orm::entity::prelude::*;

/// A provider's public answer to a review (one per review).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_reply")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub review_id: i32,
    pub provider_id: i32,
    /// The member who wrote it last (None once their account is deleted).
    pub author_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// published / hidden
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub moderation_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
