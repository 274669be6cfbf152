use sea_orm::entity::prelude::*;

/// One OpenImmo import from the provider dashboard: while it runs, its
/// progress; then the report as JSON, or why the file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openimmo_import_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub provider_id: i32,
    pub actor_id: Option<i32>,
    pub file_name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub report: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub created_at: DateTimeUtc,
    /// `running`, `done` or `failed` (see `openimmo_import::progress`).
    pub status: String,
    pub phase: Option<String>,
    pub progress_done: i32,
    pub progress_total: i32,
    pub heartbeat_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
