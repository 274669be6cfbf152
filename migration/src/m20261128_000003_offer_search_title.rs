//! The search index also keeps each offer's analysed title terms (not
//! searched, only read back), so ranking a page's candidates by title
//! match does not analyse their titles again on every request. The index
//! is emptied here; the app rebuilds it at start (`search::store::ensure_index`).
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
                db.execute_unprepared("DELETE FROM offer_search").await?;
                db.execute_unprepared("ALTER TABLE offer_search ADD COLUMN title_terms TEXT NOT NULL DEFAULT ''").await?;
            }
            _ => {
                // FTS5 tables cannot gain columns: recreate it.
                db.execute_unprepared("DROP TABLE offer_search").await?;
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE offer_search USING fts5(terms, title_terms UNINDEXED, prefix = '2 3 4', tokenize = 'ascii')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("ALTER TABLE offer_search DROP COLUMN title_terms").await?;
            }
            _ => {
                db.execute_unprepared("DROP TABLE offer_search").await?;
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE offer_search USING fts5(terms, prefix = '2 3 4', tokenize = 'ascii')",
                )
                .await?;
            }
        }
        // Rebuilt at the next start.
        db.execute_unprepared("DELETE FROM offer_search").await.map(|_| ())
    }
}
