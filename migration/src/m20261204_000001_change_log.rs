//! The change log every instance follows (`offers::catalog::follow`): the
//! in-memory catalogue, the live updates of open pages and the rendered-page
//! cache all read what changed from here, whoever wrote it — the app, an
//! import in another process, a second instance.
//!
//! Replaces `catalog_change`, whose followers trusted sequence numbers to
//! commit in order (they do not on PostgreSQL, which hands them out before
//! commit). Here each row also carries the writing transaction's id (`xid`,
//! PostgreSQL only), so a reader can tell exactly which transactions it has
//! not seen yet from the snapshot it last read at. On SQLite one writer at a
//! time holds the database, so sequence order is commit order.
//!
//! Rows are written only by triggers, in the writing transaction: a change
//! is in the log if and only if it committed. On PostgreSQL a statement-level
//! trigger also sends `NOTIFY scd_changes`, delivered at commit, which wakes
//! every instance's follower.
//!
//! Also adds `offer.hidden_from`: the state a moderator hid an offer from,
//! which a restore returns it to.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, kind, the id it refers to, the provider) — `{r}` is NEW or OLD.
/// Kinds: `o` offer (and its served districts), `p` provider, `r` a
/// provider's rating, `g` the city-wide mean rating, `f` a photo (the
/// offer's id, 0 for a logo), `j` a new-build project, `c` other content
/// shown with a provider (reviews, replies, recommendations).
const SOURCES: [(&str, &str, &str, &str); 10] = [
    ("offer", "o", "{r}.id", "{r}.provider_id"),
    ("offer_district", "o", "{r}.offer_id", "NULL"),
    ("provider", "p", "{r}.id", "{r}.id"),
    ("provider_rating", "r", "{r}.provider_id", "{r}.provider_id"),
    ("rating_total", "g", "{r}.id", "NULL"),
    ("photo", "f", "COALESCE({r}.offer_id, 0)", "{r}.provider_id"),
    ("housing_project", "j", "{r}.id", "{r}.provider_id"),
    ("review", "c", "COALESCE({r}.offer_id, 0)", "{r}.provider_id"),
    ("review_reply", "c", "0", "{r}.provider_id"),
    ("recommendation", "c", "0", "{r}.provider_id"),
];

/// The tables of the log this replaces, and the triggers that fed it.
const OLD_SOURCES: [&str; 7] = ["offer", "offer_district", "provider", "provider_rating", "rating_total", "photo", "housing_project"];

fn values(kind: &str, id: &str, provider: &str, row: &str) -> String {
    format!("('{kind}', {}, {})", id.replace("{r}", row), provider.replace("{r}", row))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        drop_old(db, backend).await?;
        match backend {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TABLE change_log (seq BIGSERIAL PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(), \
                     kind TEXT NOT NULL, ref_id INTEGER NOT NULL, provider_id INTEGER)",
                )
                .await?;
                db.execute_unprepared("CREATE INDEX idx_change_log_xid ON change_log (xid)").await?;
                // One wake-up per statement; PostgreSQL folds equal ones per transaction.
                db.execute_unprepared(
                    "CREATE FUNCTION change_wake() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN PERFORM pg_notify('scd_changes', ''); RETURN NULL; END $$",
                )
                .await?;
                for (table, kind, id, provider) in SOURCES {
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION change_note_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                         IF TG_OP = 'DELETE' THEN INSERT INTO change_log (kind, ref_id, provider_id) VALUES {}; \
                         ELSE INSERT INTO change_log (kind, ref_id, provider_id) VALUES {}; END IF; \
                         RETURN NULL; END $$",
                        values(kind, id, provider, "OLD"),
                        values(kind, id, provider, "NEW"),
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION change_note_{table}()"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_wake AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION change_wake()"
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE change_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, \
                     ref_id INTEGER NOT NULL, provider_id INTEGER)",
                )
                .await?;
                for (table, kind, id, provider) in SOURCES {
                    for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_change_{} AFTER {event} ON {table} BEGIN \
                             INSERT INTO change_log (kind, ref_id, provider_id) VALUES {}; END",
                            event.to_lowercase(),
                            values(kind, id, provider, row),
                        ))
                        .await?;
                    }
                }
            }
        }
        manager
            .alter_table(Table::alter().table(Alias::new("offer")).add_column(ColumnDef::new(Alias::new("hidden_from")).string().null()).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        for (table, _, _, _) in SOURCES {
            match backend {
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_change ON {table}")).await?;
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_wake ON {table}")).await?;
                    db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS change_note_{table}()")).await?;
                }
                _ => {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_change_{event}")).await?;
                    }
                }
            }
        }
        if backend == DbBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS change_wake()").await?;
        }
        db.execute_unprepared("DROP TABLE change_log").await?;
        manager.alter_table(Table::alter().table(Alias::new("offer")).drop_column(Alias::new("hidden_from")).to_owned()).await?;
        Ok(())
    }
}

/// `catalog_change` and its triggers (m20261201_000301, m20261201_000402).
async fn drop_old<C: ConnectionTrait>(db: &C, backend: DbBackend) -> Result<(), DbErr> {
    for table in OLD_SOURCES {
        match backend {
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
    if backend == DbBackend::Postgres {
        db.execute_unprepared("DROP FUNCTION IF EXISTS catalog_note()").await?;
    }
    db.execute_unprepared("DROP TABLE IF EXISTS catalog_change").await?;
    Ok(())
}
