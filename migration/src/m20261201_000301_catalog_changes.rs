//! The change log the in-memory offer catalogue follows (`offers::catalog`):
//! triggers note every written offer, served-district link, provider and
//! rating, whoever writes them — the app, an import in another process, a
//! second instance — so every instance's catalogue catches up with one
//! small indexed read before it answers.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, kind noted, the column naming what changed).
const SOURCES: [(&str, &str, &str); 5] = [
    ("offer", "o", "id"),
    ("offer_district", "o", "offer_id"),
    ("provider", "p", "id"),
    ("provider_rating", "r", "provider_id"),
    ("rating_total", "g", "id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TABLE catalog_change (seq BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, ref_id INTEGER NOT NULL, \
                     at TIMESTAMPTZ NOT NULL DEFAULT now())",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE FUNCTION catalog_note() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     DECLARE r jsonb; \
                     BEGIN \
                       IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF; \
                       INSERT INTO catalog_change (kind, ref_id) VALUES (TG_ARGV[0], (r ->> TG_ARGV[1])::integer); \
                       RETURN NULL; \
                     END $$",
                )
                .await?;
                for (table, kind, col) in SOURCES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_catalog AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION catalog_note('{kind}', '{col}')"
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE catalog_change (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, \
                     ref_id INTEGER NOT NULL, at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
                )
                .await?;
                for (table, kind, col) in SOURCES {
                    for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_catalog_{} AFTER {event} ON {table} BEGIN \
                             INSERT INTO catalog_change (kind, ref_id) VALUES ('{kind}', {row}.{col}); END",
                            event.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        db.execute_unprepared("CREATE INDEX idx_catalog_change_at ON catalog_change (at)").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        for (table, _, _) in SOURCES {
            match backend {
                DbBackend::Postgres => db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_catalog ON {table}")).await?,
                _ => {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_catalog_{event}")).await?;
                    }
                    continue;
                }
            };
        }
        if backend == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS catalog_note()").await?;
        }
        db.execute_unprepared("DROP TABLE catalog_change").await?;
        Ok(())
    }
}
