//! What administrators tune the search by: synonym groups added to the
//! reviewed file (`search_synonyms`; every instance puts a change in force
//! when the change log says so), and the queries that found nothing
//! (`search_miss`), so the synonym list grows from real use.
//!
//! A miss is counted as its folded words only — no account, no address, no
//! time of day — in memory first and written every few seconds, so a search
//! never waits for a write.
use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde::{Deserialize, Serialize};

use super::analyzer::words;
use super::thesaurus::{LineError, Thesaurus};

pub use super::{ADDITIONS_MAX_CHARS, MISS_KEEP_DAYS};
/// Words of a query kept for the log (the rest is dropped).
const MISS_WORDS: usize = 8;
/// Characters of a query kept for the log.
const MISS_CHARS: usize = 80;

/// The additions as an administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Synonyms {
    pub additions: String,
    /// What was last typed and refused, kept so nothing typed is lost.
    pub draft: Option<String>,
    pub version: i32,
    pub updated_at: Option<chrono::DateTime<Utc>>,
}

/// Why a list was not saved.
#[derive(Debug)]
pub enum SaveError {
    Lines(Vec<LineError>),
    TooLong,
    /// Someone else saved in between.
    Conflict,
    Db(DbErr),
}

impl From<DbErr> for SaveError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

use crate::db::stmt;

pub async fn synonyms<C: ConnectionTrait>(db: &C) -> Result<Synonyms, DbErr> {
    let row = db.query_one_raw(stmt(db, "SELECT additions, draft, version, updated_at FROM search_synonyms WHERE id = 1", vec![])).await?;
    let Some(row) = row else { return Ok(Synonyms::default()) };
    Ok(Synonyms {
        additions: row.try_get("", "additions")?,
        draft: row.try_get("", "draft")?,
        version: row.try_get("", "version")?,
        updated_at: row.try_get("", "updated_at")?,
    })
}

/// The synonyms in force: the reviewed file plus the stored additions. A
/// list that no longer parses (never saved so, but a later release may be
/// stricter) leaves the reviewed file alone in force, and says so in the log.
pub async fn stored_thesaurus<C: ConnectionTrait>(db: &C) -> Result<Thesaurus, DbErr> {
    let s = synonyms(db).await?;
    Ok(Thesaurus::with_additions(&s.additions).unwrap_or_else(|e| {
        tracing::error!(errors = ?e, "stored synonym additions do not parse; only the reviewed file is in force");
        Thesaurus::builtin().clone()
    }))
}

/// Saves an administrator's additions when they parse and nobody saved in
/// between (`version`); otherwise keeps them as the draft and says why.
/// Audited. The change log carries the change to every instance.
pub async fn save(db: &DatabaseConnection, actor_id: i32, text: &str, version: i32) -> Result<(), SaveError> {
    let text = text.replace("\r\n", "\n");
    let checked = if text.chars().count() > ADDITIONS_MAX_CHARS {
        Err(SaveError::TooLong)
    } else {
        Thesaurus::parse(&text).map_err(SaveError::Lines)
    };
    let txn = crate::db::begin_write(db).await?;
    let before = synonyms(&txn).await?;
    if let Err(e) = checked {
        // Too long to keep whole: kept cut one character past the limit, so
        // the page still tells why.
        let kept: String = text.chars().take(ADDITIONS_MAX_CHARS + 1).collect();
        txn.execute_raw(stmt(&txn, "UPDATE search_synonyms SET draft = ? WHERE id = 1", vec![kept.into()])).await?;
        txn.commit().await?;
        return Err(e);
    }
    let done = txn
        .execute_raw(stmt(
            &txn,
            "UPDATE search_synonyms SET additions = ?, draft = NULL, version = version + 1, updated_by = ?, updated_at = ? \
             WHERE id = 1 AND version = ?",
            vec![text.clone().into(), actor_id.into(), Utc::now().into(), version.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        txn.execute_raw(stmt(&txn, "UPDATE search_synonyms SET draft = ? WHERE id = 1", vec![text.into()])).await?;
        txn.commit().await?;
        return Err(SaveError::Conflict);
    }
    crate::audit::store::record(
        &txn,
        actor_id,
        "search.synonyms",
        "search_synonyms",
        1,
        Some(serde_json::json!({ "additions": before.additions })),
        Some(serde_json::json!({ "additions": text })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The words a miss is counted as; `None` for a query of no words.
pub fn miss_key(query: &str) -> Option<String> {
    let ws = words(query);
    if ws.is_empty() {
        return None;
    }
    let key: String = ws.into_iter().take(MISS_WORDS).collect::<Vec<_>>().join(" ");
    Some(key.chars().take(MISS_CHARS).collect())
}

/// Queries that found nothing, counted in memory until `flush`.
#[derive(Debug, Default)]
pub struct Misses {
    pending: Mutex<HashMap<String, i64>>,
}

/// Distinct queries held in memory at most between flushes.
const PENDING_MAX: usize = 10_000;

impl Misses {
    pub fn record(&self, query: &str) {
        let Some(key) = miss_key(query) else { return };
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if p.len() < PENDING_MAX || p.contains_key(&key) {
            *p.entry(key).or_default() += 1;
        }
    }

    /// Adds the counts to the table in one transaction, then keeps the
    /// table small: misses nobody repeated in `MISS_KEEP_DAYS` go, single
    /// ones after `MISS_SINGLE_DAYS`, and beyond `MISS_ROWS_MAX` rows the
    /// rarest. On an error the counts are kept for the next try.
    pub async fn flush(&self, db: &DatabaseConnection) -> Result<(), DbErr> {
        let batch: Vec<(String, i64)> = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner())).into_iter().collect();
        if batch.is_empty() {
            return Ok(());
        }
        let written = write(db, &batch).await;
        if written.is_err() {
            let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (q, h) in batch {
                *p.entry(q).or_default() += h;
            }
        }
        written
    }
}

/// Misses nobody repeated are kept this many days.
const MISS_SINGLE_DAYS: i64 = 14;
/// Rows the log keeps at most.
const MISS_ROWS_MAX: i64 = 10_000;

async fn write(db: &DatabaseConnection, batch: &[(String, i64)]) -> Result<(), DbErr> {
    let today = Utc::now().date_naive();
    let txn = crate::db::begin_write(db).await?;
    for (query, hits) in batch {
        let upsert = stmt(
            &txn,
            "INSERT INTO search_miss (query, hits, first_day, last_day) VALUES (?, ?, ?, ?) \
             ON CONFLICT (query) DO UPDATE SET hits = search_miss.hits + excluded.hits, last_day = excluded.last_day",
            vec![query.clone().into(), (*hits).into(), today.into(), today.into()],
        );
        txn.execute_raw(upsert).await?;
    }
    let (old, single) = (today - chrono::Duration::days(MISS_KEEP_DAYS), today - chrono::Duration::days(MISS_SINGLE_DAYS));
    txn.execute_raw(stmt(&txn, "DELETE FROM search_miss WHERE last_day < ? OR (hits = 1 AND last_day < ?)", vec![old.into(), single.into()])).await?;
    let rows = txn.query_one_raw(stmt(&txn, "SELECT COUNT(*) AS n FROM search_miss", vec![])).await?.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0);
    if rows > MISS_ROWS_MAX {
        txn.execute_raw(stmt(
            &txn,
            "DELETE FROM search_miss WHERE query IN (SELECT query FROM search_miss ORDER BY hits, last_day, query LIMIT ?)",
            vec![(rows - MISS_ROWS_MAX).into()],
        ))
        .await?;
    }
    txn.commit().await
}

/// A counted miss, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Miss {
    pub query: String,
    pub hits: i64,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// The most frequent misses first.
pub async fn top_misses<C: ConnectionTrait>(db: &C, n: u64) -> Result<Vec<Miss>, DbErr> {
    let rows = db
        .query_all_raw(stmt(db, "SELECT query, hits, first_day, last_day FROM search_miss ORDER BY hits DESC, query LIMIT ?", vec![(n as i64).into()]))
        .await?;
    rows.into_iter()
        .map(|r| Ok(Miss { query: r.try_get("", "query")?, hits: r.try_get("", "hits")?, first_day: r.try_get("", "first_day")?, last_day: r.try_get("", "last_day")? }))
        .collect()
}

/// Forgets one counted miss (an administrator has dealt with it). Audited.
pub async fn forget_miss(db: &DatabaseConnection, actor_id: i32, query: &str) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let done = txn.execute_raw(stmt(&txn, "DELETE FROM search_miss WHERE query = ?", vec![query.to_owned().into()])).await?;
    if done.rows_affected() > 0 {
        crate::audit::store::record(&txn, actor_id, "search.miss_forgotten", "search_miss", 0, Some(serde_json::json!({ "query": query })), None)
            .await?;
    }
    txn.commit().await?;
    Ok(done.rows_affected() > 0)
}

/// Writes the counted misses every `every`, for as long as the process runs.
pub fn spawn_flusher(misses: std::sync::Arc<Misses>, db: DatabaseConnection, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = misses.flush(&db).await {
                tracing::warn!(error = %e, "search misses not written yet");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miss_is_its_folded_words_only() {
        assert_eq!(miss_key("  Klempner   Neudorf!! ").as_deref(), Some("klempner neudorf"));
        assert_eq!(miss_key("Straße"), miss_key("strasse"));
        assert_eq!(miss_key("?!"), None);
        let long = "wort ".repeat(20);
        assert_eq!(miss_key(&long).unwrap().split(' ').count(), MISS_WORDS);
        let m = Misses::default();
        m.record("Klempner");
        m.record("klempner");
        m.record("  ");
        assert_eq!(m.pending.lock().unwrap().get("klempner"), Some(&2));
        assert_eq!(m.pending.lock().unwrap().len(), 1);
    }
}
