use sea_orm::entity::prelude::*;

/// A saved search (Suchauftrag): of an account, or of a confirmed address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_search")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: Option<i32>,
    /// A subscriber without an account (double opt-in).
    pub email: Option<String>,
    pub name: String,
    /// JSON of `alerts::domain::SavedQuery`.
    #[sea_orm(column_type = "Text")]
    pub query: String,
    /// see `alerts::domain::Frequency`
    pub frequency: String,
    pub lang: String,
    pub feed_token: String,
    pub manage_token: String,
    pub consent_text: String,
    pub consent_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub last_mailed_at: Option<DateTimeUtc>,
    /// Matches past the per-look cap (`alerts::matcher::CAP`), not yet mailed.
    pub more_hits: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
