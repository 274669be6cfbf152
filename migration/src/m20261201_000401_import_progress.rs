//! Dashboard OpenImmo imports run in the background: the run row exists
//! from the upload on, with its status, and — written by the instance doing
//! the work, where the engine allows it during the import's transaction
//! (PostgreSQL) — its phase, counts and a heartbeat, so a page served by
//! another instance shows the progress and a dead instance's run is seen
//! as interrupted.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OpenimmoImportRun { Table, Status, Phase, ProgressDone, ProgressTotal, HeartbeatAt }

fn columns() -> [ColumnDef; 5] {
    use OpenimmoImportRun as R;
    [
        // Rows from before this migration are finished runs.
        ColumnDef::new(R::Status).string_len(12).not_null().default("done").to_owned(),
        ColumnDef::new(R::Phase).string_len(12).null().to_owned(),
        ColumnDef::new(R::ProgressDone).integer().not_null().default(0).to_owned(),
        ColumnDef::new(R::ProgressTotal).integer().not_null().default(0).to_owned(),
        ColumnDef::new(R::HeartbeatAt).timestamp_with_time_zone().null().to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for mut c in columns() {
            manager.alter_table(Table::alter().table(OpenimmoImportRun::Table).add_column(&mut c).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use OpenimmoImportRun as R;
        for c in [R::Status, R::Phase, R::ProgressDone, R::ProgressTotal, R::HeartbeatAt] {
            manager.alter_table(Table::alter().table(R::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
