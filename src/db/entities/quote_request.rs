use sea_orm::entity::prelude::*;

/// A resident's request for quotes (`quotes::door` is its only writer).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub category_id: i32,
    pub bezirk_id: i32,
    pub stadtteil_id: Option<i32>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// JSON object of the category form's answers.
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub budget_cents: Option<i64>,
    pub open_to_all: bool,
    /// `quotes::domain::RequestState`
    pub state: String,
    pub max_quotes: i32,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub accepted_quote_id: Option<i32>,
    pub version: i32,
    pub demo: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub closes_at: Option<DateTimeUtc>,
    pub reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
