//! The offer search index: one row per offer holding its analysed terms
//! (stems computed in Rust, see the app's `search::analyzer`). SQLite
//! indexes them with FTS5, PostgreSQL with a tsvector and a GIN index; both
//! answer the same boolean prefix queries over the same terms.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TABLE offer_search (
                        offer_id INTEGER PRIMARY KEY REFERENCES offer(id) ON DELETE CASCADE,
                        terms TEXT NOT NULL,
                        tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED
                    )",
                )
                .await?;
                db.execute_unprepared("CREATE INDEX idx_offer_search_tsv ON offer_search USING GIN (tsv)").await?;
            }
            _ => {
                // rowid = offer id; prefix indexes make "as you type" cheap.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE offer_search USING fts5(terms, prefix = '2 3 4', tokenize = 'ascii')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP TABLE offer_search").await.map(|_| ())
    }
}
