use sea_orm::entity::prelude::*;

/// An in-app message to one person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// see `notifications::Kind`
    pub kind: String,
    pub link: String,
    /// Free text that belongs to it (a moderator's statement of reasons).
    #[sea_orm(column_type = "Text", nullable)]
    pub detail: Option<String>,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
