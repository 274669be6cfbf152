//! `smart-city-duisburg backup FILE` and `restore FILE`: the whole database
//! — offers, reviews, accounts, and the photos, which live in it too — in
//! one file, written while the site keeps running.
//!
//! - **SQLite**: `VACUUM INTO`, a consistent online copy; the copy is then
//!   opened and checked (`PRAGMA integrity_check`). A restore checks the
//!   file the same way, makes sure no process has the database open, and
//!   replaces the file (its WAL and shared-memory files go with it).
//! - **PostgreSQL**: `pg_dump --format=custom` (consistent, online), checked
//!   by `pg_restore --list`; a restore runs `pg_restore --clean` in one
//!   transaction. Stop every instance before a restore and start them
//!   afterwards: each reloads its catalogue from the restored data.
use std::path::Path;
use std::process::Command;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

/// What a backup holds (or a restored database), to print and compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub offers: i64,
    pub providers: i64,
    pub reviews: i64,
    pub photos: i64,
    pub accounts: i64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} offers, {} providers, {} reviews, {} photos, {} accounts",
            self.offers, self.providers, self.reviews, self.photos, self.accounts
        )
    }
}

pub async fn summary<C: ConnectionTrait>(db: &C) -> Result<Summary, String> {
    let count = |table: &'static str| async move {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}")))
            .await
            .map_err(|e| format!("{table}: {e}"))?;
        row.map(|r| r.try_get::<i64>("", "n")).transpose().map_err(|e| e.to_string()).map(Option::unwrap_or_default)
    };
    Ok(Summary {
        offers: count("offer").await?,
        providers: count("provider").await?,
        reviews: count("review").await?,
        photos: count("photo").await?,
        accounts: count("app_user").await?,
    })
}

/// Writes a backup of the database at `url` to `file` (which must not
/// exist) and checks it.
pub async fn backup(url: &str, file: &Path) -> Result<Summary, String> {
    if file.exists() {
        return Err(format!("{} exists already; choose a new file", file.display()));
    }
    if url.starts_with("sqlite") {
        let db = super::connect(url).await.map_err(|e| e.to_string())?;
        let path = file.to_str().ok_or("the file name is not UTF-8")?;
        db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [path.into()])).await.map_err(|e| e.to_string())?;
        db.close().await.ok();
        check_sqlite(file).await
    } else {
        run(Command::new("pg_dump").args(["--format=custom", "--no-owner", "--file"]).arg(file).arg("--dbname").arg(url))?;
        run(Command::new("pg_restore").arg("--list").arg(file))?;
        let db = Database::connect(url).await.map_err(|e| e.to_string())?;
        summary(&db).await
    }
}

/// Replaces the database at `url` with the backup in `file`.
pub async fn restore(url: &str, file: &Path) -> Result<Summary, String> {
    if !file.is_file() {
        return Err(format!("{} is not a file", file.display()));
    }
    if let Some(target) = super::sqlite_path(url) {
        check_sqlite(file).await?;
        let target = Path::new(target);
        if target.exists() {
            ensure_unused(url).await?;
        }
        let partial = target.with_extension("restoring");
        std::fs::copy(file, &partial).map_err(|e| format!("{}: {e}", partial.display()))?;
        for suffix in ["-wal", "-shm"] {
            let side = format!("{}{suffix}", target.display());
            if Path::new(&side).exists() {
                std::fs::remove_file(&side).map_err(|e| format!("{side}: {e}"))?;
            }
        }
        std::fs::rename(&partial, target).map_err(|e| format!("{}: {e}", target.display()))?;
        let db = super::connect(url).await.map_err(|e| e.to_string())?;
        let s = summary(&db).await;
        db.close().await.ok();
        s
    } else {
        run(Command::new("pg_restore").args(["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname"]).arg(url).arg(file))?;
        let db = Database::connect(url).await.map_err(|e| e.to_string())?;
        summary(&db).await
    }
}

/// Opens a backup read-only and checks it is a whole, migrated database.
async fn check_sqlite(file: &Path) -> Result<Summary, String> {
    let db: DatabaseConnection = Database::connect(format!("sqlite://{}?mode=ro", file.display())).await.map_err(|e| format!("{}: {e}", file.display()))?;
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA integrity_check"))
        .await
        .map_err(|e| format!("{}: {e}", file.display()))?
        .ok_or("integrity check gave no answer")?;
    let verdict: String = row.try_get_by_index(0).map_err(|e| e.to_string())?;
    if verdict != "ok" {
        return Err(format!("{} is damaged: {verdict}", file.display()));
    }
    let s = summary(&db).await.map_err(|e| format!("{} is not a backup of this platform: {e}", file.display()))?;
    db.close().await.ok();
    Ok(s)
}

/// Refuses while another process has the database open (a running server
/// would keep writing to the replaced file's descriptors). Leaving WAL mode
/// needs the database to itself, so it is the test.
async fn ensure_unused(url: &str) -> Result<(), String> {
    let mut opts = sea_orm::ConnectOptions::new(url.to_owned());
    opts.max_connections(1).sqlx_logging(false);
    let db = Database::connect(opts).await.map_err(|e| e.to_string())?;
    db.execute_unprepared("PRAGMA busy_timeout = 0").await.map_err(|e| e.to_string())?;
    let mode = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA journal_mode = DELETE"))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get_by_index::<String>(0).ok());
    db.close().await.ok();
    match mode.as_deref() {
        Some("delete") => Ok(()),
        _ => Err("the database is in use: stop every instance of the site before restoring".into()),
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.output().map_err(|e| format!("{name}: {e} (install PostgreSQL's client tools)"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed: {}", String::from_utf8_lossy(&out.stderr).trim()))
    }
}
