//! Photos and new-build projects show on the result cards but are not part
//! of the offer catalogue: their writes are noted in `catalog_change` as
//! kind `c` (with the provider), which the catalogue skips but which moves
//! its stamp, so a cached results page (`server::page_cache`) is not served
//! past them.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["photo", "housing_project"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in TABLES {
            match manager.get_database_backend() {
                // `catalog_note(kind, column)` from m20261201_000301.
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_catalog AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION catalog_note('c', 'provider_id')"
                    ))
                    .await?;
                }
                _ => {
                    for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_catalog_{} AFTER {event} ON {table} BEGIN \
                             INSERT INTO catalog_change (kind, ref_id) VALUES ('c', {row}.provider_id); END",
                            event.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in TABLES {
            match manager.get_database_backend() {
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_catalog ON {table}")).await?;
                }
                _ => {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_catalog_{event}")).await?;
                    }
                }
            }
        }
        Ok(())
    }
}
