//! The database: one connection pool created at start, migrated before the
//! server accepts requests. SQLite is the embedded default, PostgreSQL the
//! production engine; both run the same migrations.
pub mod backup;
pub mod entities;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/smart-city-duisburg.db?mode=rwc";

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_path(url) {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
            }
        }
    }
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections(url.starts_with("sqlite")))
        .min_connections(1)
        // Fail fast while the database is away: a request answers within
        // about two seconds (a 503, or a list from memory), never hangs.
        .connect_timeout(CONNECT_TIMEOUT)
        .acquire_timeout(CONNECT_TIMEOUT)
        .sqlx_logging(false)
        // sqlx pings every connection it hands out: for SQLite a round trip
        // to the connection's worker thread before each query, doubling the
        // thread wake-ups of a page's small reads. A file does not drop a
        // connection the way a server or a proxy does. PostgreSQL keeps the
        // ping: it is what replaces connections broken by an outage.
        .test_before_acquire(!url.starts_with("sqlite"))
        // Per connection: WAL lets readers proceed while a writer commits,
        // foreign keys are off by default in SQLite, and a writer waits for
        // another instead of failing at once.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                // Reads through the OS page cache without a copy per page,
                // and a larger page cache of our own (the default is 2 MB):
                // counting a large result set touches many pages.
                .pragma("mmap_size", mmap_bytes().to_string())
                .pragma("cache_size", "-16384")
        })
        .map_sqlx_sqlite_pool_opts(|o| o.after_connect(|conn, _| Box::pin(stable_plans(conn))))
        // PostgreSQL's default random_page_cost (4) assumes spinning disks
        // and made it scan the offers instead of using the GIN and covering
        // indexes; 1.1 is the usual value for SSD- or cache-resident data
        // (one sample query in the benchmark: 152 ms -> 77 ms).
        .map_sqlx_postgres_opts(|o| o.options([("random_page_cost", "1.1")]));
    // At start the database may not be there yet: a PostgreSQL still
    // starting, or a machine so busy that opening an SQLite file outlasts
    // the acquire timeout. Keep trying for a while; a wrong password or a
    // missing database fails at once. Processes opening a new SQLite file
    // together also race to switch it to WAL, and SQLite refuses the loser
    // at once ("database is locked") instead of waiting for the busy
    // timeout: that is retried a few times even without a start wait.
    let deadline = std::time::Instant::now() + start_wait();
    let mut attempt: u64 = 0;
    loop {
        match Database::connect(opts.clone()).await {
            Err(e) if locked(&e) && (attempt < 10 || std::time::Instant::now() < deadline) => {
                attempt += 1;
                tracing::info!(attempt, "database busy while connecting, trying again");
                tokio::time::sleep(Duration::from_millis((50 * attempt).min(2_000))).await;
            }
            Err(e) if not_up_yet(&e) && std::time::Instant::now() < deadline => {
                attempt += 1;
                tracing::warn!(attempt, error = %e, "database not reachable yet, trying again");
                tokio::time::sleep(Duration::from_millis((100 * attempt).min(2_000))).await;
            }
            result => return result,
        }
    }
}

/// Turns on SQLite's query planner stability guarantee for a connection.
/// Without it SQLite plans `LIMIT ?` with the bound value (3.51), and marks
/// the statement to be prepared anew whenever that parameter is bound
/// again: sea-orm binds every limit (`one()` too) and sqlx binds every
/// parameter on every run, so each such query was parsed and planned anew
/// each time, cache or not (7 % of a rendered offer page's CPU). With it a
/// cached statement is prepared once. Plans then do not depend on bound
/// values; of the other uses of them, the app keeps no STAT4 samples
/// (`analysis_limit`), and its one bound `LIKE` prefix (`quotes::notify`)
/// is on a column without an index. A limit no longer informs the plan's
/// cost either; in the bench no rendered page got measurably slower.
async fn stable_plans(conn: &mut sea_orm::sqlx::SqliteConnection) -> Result<(), sea_orm::sqlx::Error> {
    use libsqlite3_sys::{sqlite3_db_config, SQLITE_DBCONFIG_ENABLE_QPSG, SQLITE_OK};
    let mut handle = conn.lock_handle().await?;
    let mut now_on: std::ffi::c_int = 0;
    // SAFETY: the handle is locked out of sqlx's worker thread for the call,
    // and this option takes (int, int*) as passed.
    let rc = unsafe { sqlite3_db_config(handle.as_raw_handle().as_ptr(), SQLITE_DBCONFIG_ENABLE_QPSG, 1 as std::ffi::c_int, &mut now_on as *mut std::ffi::c_int) };
    if rc != SQLITE_OK || now_on != 1 {
        return Err(sea_orm::sqlx::Error::Configuration(format!("SQLite refused SQLITE_DBCONFIG_ENABLE_QPSG ({rc})").into()));
    }
    Ok(())
}

fn locked(e: &DbErr) -> bool {
    e.to_string().contains("database is locked")
}

/// Whether a failed connect may succeed once the database is up: no answer
/// in time, a refused or broken connection, a server starting or shutting
/// down. A connection closed before the server's first answer is a protocol
/// error; that is also what a port forwarder (Docker's, a proxy) gives
/// while the database behind it is not up. Not a wrong password, a missing
/// database or a failed TLS handshake.
fn not_up_yet(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error;
    use sea_orm::RuntimeErr;
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(x)) => match &**x {
            Error::Io(_) | Error::Protocol(_) | Error::PoolTimedOut | Error::WorkerCrashed => true,
            Error::Database(d) => d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
            _ => false,
        },
        _ => false,
    }
}

/// How long `connect` keeps trying while the database cannot be reached
/// (`SCD_DB_START_WAIT_SECS`).
fn start_wait() -> Duration {
    const DEFAULT_SECS: u64 = 30;
    let secs = match std::env::var("SCD_DB_START_WAIT_SECS") {
        Ok(v) => v.trim().parse::<u64>().ok().filter(|s| *s <= 3_600).unwrap_or_else(|| {
            tracing::warn!(value = %v, "SCD_DB_START_WAIT_SECS is not a number of seconds up to 3600; using {DEFAULT_SECS}");
            DEFAULT_SECS
        }),
        Err(_) => DEFAULT_SECS,
    };
    Duration::from_secs(secs)
}

/// How much of an SQLite file is read through a memory map
/// (`SCD_SQLITE_MMAP_MB`). Mapped pages count in the process's RSS (as
/// file-backed memory the kernel may drop), read pages do not.
fn mmap_bytes() -> u64 {
    const DEFAULT_MB: u64 = 1024;
    let mb = match std::env::var("SCD_SQLITE_MMAP_MB") {
        Ok(v) => v.trim().parse::<u64>().ok().filter(|m| *m <= 1 << 20).unwrap_or_else(|| {
            tracing::warn!(value = %v, "SCD_SQLITE_MMAP_MB is not a number of megabytes; using {DEFAULT_MB}");
            DEFAULT_MB
        }),
        Err(_) => DEFAULT_MB,
    };
    mb << 20
}
/// The pool's size: `SCD_DB_MAX_CONNECTIONS`, else 8 for SQLite (each
/// connection is a thread of its own) and 16 for PostgreSQL.
fn max_connections(sqlite: bool) -> u32 {
    let default = if sqlite { 8 } else { 16 };
    match std::env::var("SCD_DB_MAX_CONNECTIONS") {
        Ok(v) => v.trim().parse::<u32>().ok().filter(|n| (1..=1000).contains(n)).unwrap_or_else(|| {
            tracing::warn!(value = %v, "SCD_DB_MAX_CONNECTIONS is not a number from 1 to 1000; using {default}");
            default
        }),
        Err(_) => default,
    }
}

/// How long a request waits for a connection (new or from the pool).
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(1500);

/// Whether an error means the database cannot be reached right now (down,
/// restarting, the network gone, the pool exhausted) rather than that a
/// statement failed: such requests answer 503 and are worth retrying.
pub fn unreachable(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x)) => sqlx_unreachable(x),
        _ => false,
    }
}

fn sqlx_unreachable(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match e {
        Error::Io(_) | Error::Tls(_) | Error::PoolTimedOut | Error::PoolClosed | Error::WorkerCrashed | Error::Protocol(_) => true,
        // Connection exceptions (08…) and operator intervention (57P…:
        // shutting down, cannot connect now), by SQLSTATE.
        Error::Database(d) => d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

/// Planner statistics. Without them SQLite guesses that `status =
/// 'published'` is selective and scans every offer instead of looking up
/// the few that match a search. On SQLite a bounded sample (fast at any
/// size) at every start; after bulk loads on both engines. Run it inside
/// a transaction that holds the write lock.
pub async fn refresh_statistics<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DbBackend::Postgres => db.execute_unprepared("ANALYZE").await.map(|_| ()),
        _ => db.execute_unprepared("PRAGMA analysis_limit = 1000; ANALYZE").await.map(|_| ()),
    }
}

/// Advisory-lock keys: instances sharing one PostgreSQL take turns to
/// migrate and to load the demo city instead of racing each other.
pub const MIGRATION_LOCK: i64 = 0x5343_445f_4d49_47;
pub const SEED_LOCK: i64 = 0x5343_445f_5345_45;
pub const INDEX_LOCK: i64 = 0x5343_445f_4958_53;
/// A provider's OpenImmo import start (plus the provider's id): the busy
/// check and the new run are taken under it.
pub const IMPORT_LOCK: i64 = 0x5343_445f_494d_0000;
/// Role changes: the last-administrator check is taken under it.
pub const ROLE_LOCK: i64 = 0x5343_445f_524f_4c;

/// Inside `txn`, waits until no other instance holds `key`; released at
/// commit. SQLite has one writer at a time: a first write takes that lock.
pub async fn lock_for_transaction(txn: &DatabaseTransaction, key: i64) -> Result<(), DbErr> {
    match txn.get_database_backend() {
        DbBackend::Postgres => txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({key})")).await.map(|_| ()),
        _ => txn
            .execute_unprepared("CREATE TABLE IF NOT EXISTS startup_lock (id INTEGER PRIMARY KEY); DELETE FROM startup_lock")
            .await
            .map(|_| ()),
    }
}

/// A transaction that writes. On SQLite it takes the write lock at `BEGIN`
/// (IMMEDIATE): two writers then queue behind the busy timeout, where two
/// deferred transactions that both read first would fail at once with
/// "database is locked" when both try to upgrade.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let mode = (db.get_database_backend() == DbBackend::Sqlite).then_some(SqliteTransactionMode::Immediate);
    db.begin_with_options(TransactionOptions { sqlite_transaction_mode: mode, ..Default::default() }).await
}

/// A raw statement written with `?` placeholders, numbered for PostgreSQL.
pub fn stmt<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut n = 0;
        sql.chars().fold(String::new(), |mut out, c| {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
            out
        })
    } else {
        sql.to_owned()
    };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
}

/// Applies pending migrations. DDL is transactional on both engines, so the
/// lock and the migrations commit together.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    lock_for_transaction(&txn, MIGRATION_LOCK).await?;
    Migrator::up(&txn, None).await?;
    // Under the lock: ANALYZE writes, and another instance may be writing.
    if txn.get_database_backend() == DbBackend::Sqlite {
        refresh_statistics(&txn).await?;
    }
    txn.commit().await
}

pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}

pub(crate) fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_paths() {
        assert_eq!(super::sqlite_path("sqlite://data/x.db?mode=rwc"), Some("data/x.db"));
        assert_eq!(super::sqlite_path("sqlite::memory:"), None);
        assert_eq!(super::sqlite_path("postgres://u@h/db"), None);
    }

    /// A cached statement whose `LIMIT` is bound is prepared once: running
    /// it again with another limit does not parse and plan it anew
    /// (`stable_plans`; without it every run after the first reprepared).
    #[tokio::test]
    async fn a_statement_with_a_bound_limit_is_not_prepared_anew_each_run() {
        use libsqlite3_sys::{sqlite3_next_stmt, sqlite3_sql, sqlite3_stmt_status, SQLITE_STMTSTATUS_REPREPARE, SQLITE_STMTSTATUS_RUN};
        use sea_orm::sqlx;
        let db = super::connect("sqlite::memory:").await.unwrap();
        let mut conn = db.get_sqlite_connection_pool().acquire().await.unwrap();
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").execute(&mut *conn).await.unwrap();
        sqlx::query("INSERT INTO t (name) VALUES ('a'), ('b'), ('c'), ('d')").execute(&mut *conn).await.unwrap();
        const SELECT: &str = "SELECT id FROM t WHERE name >= ? ORDER BY id LIMIT ?";
        for n in 1..=20_i64 {
            let rows = sqlx::query(SELECT).bind("a").bind(n % 4 + 1).fetch_all(&mut *conn).await.unwrap();
            assert_eq!(rows.len() as i64, n % 4 + 1);
        }
        let mut handle = conn.lock_handle().await.unwrap();
        let raw = handle.as_raw_handle().as_ptr();
        // The SELECT among the connection's prepared statements: (runs, reprepares).
        let mut found = None;
        // SAFETY: the handle is locked out of sqlx's worker; the statements
        // and their SQL texts are only read, on this thread, while it is.
        unsafe {
            let mut stmt = sqlite3_next_stmt(raw, std::ptr::null_mut());
            while !stmt.is_null() {
                let sql = sqlite3_sql(stmt);
                if !sql.is_null() && std::ffi::CStr::from_ptr(sql).to_str() == Ok(SELECT) {
                    found = Some((sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_RUN, 0), sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 0)));
                }
                stmt = sqlite3_next_stmt(raw, stmt);
            }
        }
        let (runs, reprepared) = found.expect("sqlx keeps the SELECT prepared");
        assert_eq!(runs, 20, "one cached statement ran every time");
        assert_eq!(reprepared, 0, "and was never prepared anew");
    }
}
