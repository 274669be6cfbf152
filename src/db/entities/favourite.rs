use sea_orm::entity::prelude::*;

/// An offer an account keeps ("Merken"), with its last alert.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "favourite")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_id: i32,
    pub created_at: DateTimeUtc,
    pub alerted_price_cents: Option<i64>,
    pub alerted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
