use sea_orm::entity::prelude::*;

/// A contact request from an offer page, for the provider's members.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub provider_id: i32,
    /// NULL once the offer is deleted.
    pub offer_id: Option<i32>,
    pub sender_name: String,
    pub sender_email: String,
    pub sender_phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// The signed-in sender; anonymous requests have none.
    pub sender_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
