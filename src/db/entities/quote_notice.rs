use sea_orm::entity::prelude::*;

/// A provider's person who hears of new requests once a day (no row: at once).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_notice")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub provider_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub daily: bool,
    pub digest_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
