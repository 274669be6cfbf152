//! Fixed-window rate limits kept in the database, so every app instance
//! counts against the same budget. One upsert per hit. Buckets name e-mail
//! addresses and client addresses: they are stored as SHA-256 hashes keyed
//! with a secret of the installation only, and windows long over are
//! deleted (`prune`).
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use sha2::{Digest, Sha256};

/// The longest window any limit uses; rows older than this are dead.
pub const LONGEST_WINDOW: Duration = Duration::days(1);

static SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Reads the key bucket hashes are made with (`server_secret`), making it
/// if this is the first instance ever to start: an unkeyed hash of an IPv4
/// address or a known e-mail address is reversed in seconds.
pub async fn load_secret<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| DbErr::Custom(format!("no randomness for the rate-limit key: {e}")))?;
    let fresh: String = fresh.iter().map(|b| format!("{b:02x}")).collect();
    let insert = sql_for(backend, "INSERT INTO server_secret (id, value) VALUES (1, $1) ON CONFLICT (id) DO NOTHING");
    db.execute_raw(Statement::from_sql_and_values(backend, insert, [fresh.into()])).await?;
    let row = db.query_one_raw(Statement::from_string(backend, "SELECT value FROM server_secret WHERE id = 1")).await?;
    if let Some(v) = row.map(|r| r.try_get::<String>("", "value")).transpose()? {
        let _ = SECRET.set(v);
    }
    Ok(())
}

/// What is stored for a bucket: its keyed hash, never the address it names.
fn key(bucket: &str) -> String {
    let secret = SECRET.get().map_or("", String::as_str);
    Sha256::digest(format!("scd-rate-limit\0{secret}\0{bucket}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A keyed SHA-256 of `data` for `purpose`: proof that this installation
/// (any of its instances) issued `data`, e.g. a live subscription a page
/// granted to the person it was shown to.
pub fn seal(purpose: &str, data: &str) -> String {
    let secret = SECRET.get().map_or("", String::as_str);
    Sha256::digest(format!("scd-seal\0{purpose}\0{secret}\0{data}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn sql_for(backend: DbBackend, sql: &str) -> String {
    // SQLite numbers its parameters with `?N`, PostgreSQL with `$N`.
    if backend == DbBackend::Sqlite { sql.replace('$', "?") } else { sql.to_owned() }
}

/// Takes back one hit of `bucket` (an attempt that turned out fine).
pub async fn undo<C: ConnectionTrait>(db: &C, bucket: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let sql = sql_for(backend, "UPDATE rate_limit SET hits = hits - 1 WHERE bucket = $1 AND hits > 0");
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [key(bucket).into()])).await?;
    Ok(())
}

/// Deletes the windows that ended more than `LONGEST_WINDOW` ago.
pub async fn prune<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let sql = sql_for(backend, "DELETE FROM rate_limit WHERE window_start < $1");
    Ok(db.execute_raw(Statement::from_sql_and_values(backend, sql, [(Utc::now() - LONGEST_WINDOW).into()])).await?.rows_affected())
}

/// Prunes every `every`, for as long as the process runs.
pub fn spawn_pruner(db: sea_orm::DatabaseConnection, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = prune(&db).await {
                tracing::warn!(error = %e, "pruning rate limits");
            }
            // Kept form fields nobody came back for go on the same beat.
            if let Err(e) = crate::server::flash::prune(&db).await {
                tracing::warn!(error = %e, "pruning kept form fields");
            }
        }
    });
}

/// A budget: at most `max` hits per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minutes(max: i64, minutes: i64) -> Self {
        Self { max, window: Duration::minutes(minutes) }
    }
}

/// Counts a hit in `bucket`; true while the budget is not exhausted.
pub async fn hit<C: ConnectionTrait>(db: &C, bucket: &str, limit: Limit) -> Result<bool, DbErr> {
    let now = Utc::now();
    let cutoff = now - limit.window;
    let sql = "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1) \
               ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limit.window_start <= $3 THEN 1 ELSE rate_limit.hits + 1 END, \
               window_start = CASE WHEN rate_limit.window_start <= $3 THEN excluded.window_start ELSE rate_limit.window_start END \
               RETURNING hits";
    let backend = db.get_database_backend();
    let sql = sql_for(backend, sql);
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [key(bucket).into(), now.into(), cutoff.into()])).await?;
    let hits: i64 = match row {
        Some(r) => r.try_get_by_index::<i32>(0).map(i64::from).or_else(|_| r.try_get_by_index::<i64>(0))?,
        None => 1,
    };
    Ok(hits <= limit.max)
}

#[cfg(test)]
mod tests {
    #[test]
    fn buckets_are_stored_hashed() {
        let k = super::key("login:account:anna@example.org");
        assert_eq!(k.len(), 64);
        assert!(!k.contains("anna") && k.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(k, super::key("login:account:bert@example.org"));
    }
}
