//! The city services' ratings and tips join the change log (kind `v`, the
//! service's id), so a cached services page is current on the next request
//! after a resident rates, whoever wrote and on whichever instance — as the
//! offers' pages are. The services themselves (editorial data) too.
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261210_000001_service_changes"
    }
}

/// (table, the service's id in a row `{r}`).
const SOURCES: [(&str, &str); 2] = [
    ("city_service_rating", "{r}.service_id"),
    ("city_service", "{r}.id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for (table, id) in SOURCES {
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION change_note_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                         IF TG_OP = 'DELETE' THEN INSERT INTO change_log (kind, ref_id) VALUES ('v', {}); \
                         ELSE INSERT INTO change_log (kind, ref_id) VALUES ('v', {}); END IF; \
                         RETURN NULL; END $$",
                        id.replace("{r}", "OLD"),
                        id.replace("{r}", "NEW"),
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION change_note_{table}()"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_wake AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION change_wake()"
                    ))
                    .await?;
                }
            }
            _ => {
                for (table, id) in SOURCES {
                    for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_change_{} AFTER {event} ON {table} BEGIN \
                             INSERT INTO change_log (kind, ref_id) VALUES ('v', {}); END",
                            event.to_lowercase(),
                            id.replace("{r}", row),
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
        for (table, _) in SOURCES {
            match manager.get_database_backend() {
                DbBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "DROP FUNCTION IF EXISTS change_note_{table}() CASCADE"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_wake ON {table}"
                    ))
                    .await?;
                }
                _ => {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {table}_change_{event}"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }
}
