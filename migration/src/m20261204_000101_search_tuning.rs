//! Search tuning by administrators: synonym groups added to the reviewed
//! file (`search_synonyms`, one row; every instance follows its changes
//! through the change log, kind `s`), and the count of queries that found
//! nothing (`search_miss`: the folded query words only — no account, no
//! address, no time of day).
//!
//! `search_index_state` records which analysis the database's search index
//! was built with (`search::analyzer::fingerprint`): a start with another
//! one — this release splits compounds against a larger dictionary, later
//! ones may change the synonym file — rebuilds it.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("search_synonyms"))
                    .col(ColumnDef::new(Alias::new("id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("additions")).text().not_null().default(""))
                    .col(ColumnDef::new(Alias::new("draft")).text().null())
                    .col(ColumnDef::new(Alias::new("version")).integer().not_null().default(0))
                    .col(ColumnDef::new(Alias::new("updated_by")).integer().null())
                    .col(ColumnDef::new(Alias::new("updated_at")).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Alias::new("search_synonyms"), Alias::new("updated_by"))
                            .to(Alias::new("app_user"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("INSERT INTO search_synonyms (id, additions, version) VALUES (1, '', 0)").await?;
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("search_miss"))
                    .col(ColumnDef::new(Alias::new("query")).string().not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("hits")).big_integer().not_null())
                    .col(ColumnDef::new(Alias::new("first_day")).date().not_null())
                    .col(ColumnDef::new(Alias::new("last_day")).date().not_null())
                    .to_owned(),
            )
            .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION change_note_search_synonyms() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                     INSERT INTO change_log (kind, ref_id, provider_id) VALUES ('s', NEW.id, NULL); RETURN NULL; END $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_synonyms_change AFTER UPDATE ON search_synonyms \
                     FOR EACH ROW WHEN (OLD.additions IS DISTINCT FROM NEW.additions) \
                     EXECUTE FUNCTION change_note_search_synonyms()",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_synonyms_wake AFTER UPDATE ON search_synonyms \
                     FOR EACH STATEMENT EXECUTE FUNCTION change_wake()",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER search_synonyms_change_update AFTER UPDATE ON search_synonyms \
                     WHEN OLD.additions IS NOT NEW.additions BEGIN \
                     INSERT INTO change_log (kind, ref_id, provider_id) VALUES ('s', NEW.id, NULL); END",
                )
                .await?;
            }
        }
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("search_index_state"))
                    .col(ColumnDef::new(Alias::new("id")).integer().not_null().primary_key())
                    .col(ColumnDef::new(Alias::new("analysis")).string().not_null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP TRIGGER IF EXISTS search_synonyms_change ON search_synonyms").await?;
                db.execute_unprepared("DROP TRIGGER IF EXISTS search_synonyms_wake ON search_synonyms").await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS change_note_search_synonyms()").await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER IF EXISTS search_synonyms_change_update").await?;
            }
        }
        manager.drop_table(Table::drop().table(Alias::new("search_index_state")).to_owned()).await?;
        manager.drop_table(Table::drop().table(Alias::new("search_miss")).to_owned()).await?;
        manager.drop_table(Table::drop().table(Alias::new("search_synonyms")).to_owned()).await
    }
}
