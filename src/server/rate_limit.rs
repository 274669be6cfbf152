//! Fixed-window rate limits kept in the database, so every app instance
//! counts against the same budget. One upsert per hit.
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

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
    // SQLite numbers its parameters with `?N`, PostgreSQL with `$N`.
    let sql = if backend == DbBackend::Sqlite { sql.replace('$', "?") } else { sql.to_owned() };
    let bucket: String = bucket.chars().take(200).collect();
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [bucket.into(), now.into(), cutoff.into()])).await?;
    let hits: i64 = match row {
        Some(r) => r.try_get_by_index::<i32>(0).map(i64::from).or_else(|_| r.try_get_by_index::<i64>(0))?,
        None => 1,
    };
    Ok(hits <= limit.max)
}
