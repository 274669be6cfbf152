use sea_orm::entity::prelude::*;

/// A provider's priced answer to a request (one per provider and request;
/// revisions change the row, the audit log keeps each).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub request_id: i32,
    pub provider_id: i32,
    pub author_id: Option<i32>,
    /// `quotes::domain::QuoteState`
    pub state: String,
    pub price_cents: i64,
    /// `quotes::domain::PriceType`
    pub price_type: String,
    #[sea_orm(column_type = "Text")]
    pub included: String,
    pub valid_until: Date,
    pub earliest_start: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    /// JSON of `quotes::domain::Esis`.
    #[sea_orm(column_type = "Text", nullable)]
    pub esis: Option<String>,
    pub revision: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
