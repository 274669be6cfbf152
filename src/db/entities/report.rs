use sea_orm::entity::prelude::*;

/// A notice about content (DSA Art. 16) and the moderators' decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// see `reports::domain::Target`
    pub target_kind: String,
    pub target_id: i32,
    pub reason: String,
    #[sea_orm(column_type = "Text")]
    pub explanation: String,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_id: Option<i32>,
    /// Filed by the platform itself (identical texts), not by a person.
    pub automatic: bool,
    /// open / hidden / restored / dismissed
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision: Option<String>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
