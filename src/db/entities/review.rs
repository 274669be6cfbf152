use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub author_id: i32,
    pub provider_id: i32,
    pub offer_id: Option<i32>,
    pub stars: i16,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// unverified / verified_resident / verified_customer
    pub provenance: String,
    /// published / hidden
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// "YYYY-MM": when the experience was (None for reviews before it was asked).
    pub experience_month: Option<String>,
    /// Helpful votes, kept with the votes for sorting.
    pub helpful_count: i32,
    /// The moderators' statement of reasons when hidden.
    #[sea_orm(column_type = "Text", nullable)]
    pub moderation_reason: Option<String>,
    /// Hash of the normalised text, to find identical texts across accounts.
    pub body_key: Option<String>,
    /// The accepted quote whose customer wrote it (provenance `quote_customer`).
    pub quote_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
