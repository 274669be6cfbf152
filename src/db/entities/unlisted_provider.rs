use sea_orm::entity::prelude::*;

/// A recommended firm that is not on the platform. Never part of provider
/// search, the open-data API, ranking or counts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unlisted_provider")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub town: String,
    pub website: Option<String>,
    #[sea_orm(column_type = "Text", unique)]
    pub norm_key: String,
    pub created_by: Option<i32>,
    /// Set when a claim was approved: the provider it became.
    pub claimed_provider_id: Option<i32>,
    pub is_demo: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
