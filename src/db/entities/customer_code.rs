use sea_orm::entity::prelude::*;

/// A one-time code a provider hands to a customer; only its hash is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_code")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub provider_id: i32,
    #[sea_orm(unique)]
    pub code_hash: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub review_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
