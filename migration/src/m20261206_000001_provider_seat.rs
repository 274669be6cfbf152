//! Providers based outside Duisburg that serve the city (online banks,
//! regional firms): `provider.town` names the seat's town, and such a
//! provider has no Stadtteil, so `provider.stadtteil_id` may be NULL. A
//! provider has exactly one of the two (checked by the door, which is the
//! only writer).
//!
//! SQLite cannot drop a NOT NULL constraint with ALTER TABLE, and
//! rebuilding `provider` would need foreign keys switched off, which cannot
//! happen inside the migration's transaction. Its documentation names the
//! safe alternative for exactly this change (a constraint that does not
//! touch the stored rows): edit the table's definition in the schema table
//! under `writable_schema` and bump `schema_version`
//! (<https://www.sqlite.org/lang_altertable.html#otheralter>).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const NOT_NULL: &str = "\"stadtteil_id\" integer NOT NULL";
const NULLABLE: &str = "\"stadtteil_id\" integer";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Alias::new("provider")).add_column(ColumnDef::new(Alias::new("town")).string().null()).to_owned())
            .await?;
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Sqlite => edit_sqlite_definition(db, NOT_NULL, NULLABLE).await,
            _ => db.execute_unprepared("ALTER TABLE provider ALTER COLUMN stadtteil_id DROP NOT NULL").await.map(|_| ()),
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Providers without a Stadtteil cannot survive the constraint.
        db.execute_unprepared("DELETE FROM provider WHERE stadtteil_id IS NULL").await?;
        match db.get_database_backend() {
            DbBackend::Sqlite => edit_sqlite_definition(db, NULLABLE, NOT_NULL).await?,
            _ => {
                db.execute_unprepared("ALTER TABLE provider ALTER COLUMN stadtteil_id SET NOT NULL").await?;
            }
        }
        manager.alter_table(Table::alter().table(Alias::new("provider")).drop_column(Alias::new("town")).to_owned()).await
    }
}

/// Replaces `from` by `to` in `provider`'s CREATE TABLE text; anything but
/// exactly one occurrence stops the migration rather than guess.
async fn edit_sqlite_definition<C: ConnectionTrait>(db: &C, from: &str, to: &str) -> Result<(), DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'provider'"))
        .await?
        .ok_or_else(|| DbErr::Migration("table provider not found".into()))?;
    let sql: String = row.try_get("", "sql")?;
    if sql.matches(from).count() != 1 {
        return Err(DbErr::Migration(format!("provider's definition does not contain `{from}` exactly once: {sql}")));
    }
    let version: i64 = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA schema_version"))
        .await?
        .ok_or_else(|| DbErr::Migration("no schema_version".into()))?
        .try_get_by_index(0)?;
    db.execute_unprepared("PRAGMA writable_schema = ON").await?;
    let edited = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'provider'",
            [sql.replacen(from, to, 1).into()],
        ))
        .await;
    // The schema version tells every other connection to reread the schema.
    db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1)).await?;
    db.execute_unprepared("PRAGMA writable_schema = OFF").await?;
    edited?;
    let check = db.query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA quick_check")).await?;
    let verdict: String = check.map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or_default();
    if verdict != "ok" {
        return Err(DbErr::Migration(format!("quick_check after editing provider's definition: {verdict}")));
    }
    Ok(())
}
