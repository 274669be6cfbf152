//! The durable outbox: every outgoing mail is a row written in the same
//! transaction as the change that causes it (a sign-up, an invitation, an
//! alert digest), so a mail exists if and only if its cause committed; a
//! worker on every instance delivers due rows with retries and backoff.
//!
//! - **Never sent twice by two instances**: a worker claims a batch with one
//!   `UPDATE … RETURNING` that sets a lease (`locked_until`); on PostgreSQL
//!   the rows are picked `FOR UPDATE SKIP LOCKED`, so concurrent workers
//!   take disjoint batches without waiting; SQLite has one writer at a time.
//!   A worker that dies mid-send leaves the lease to expire and the row is
//!   tried again (at-least-once towards the SMTP server, as every mailer is).
//! - **Retries**: a failed send is tried again after 30 s, 1 min, 2 min …
//!   (doubling, at most 6 h) and marked `failed` after `MAX_ATTEMPTS`;
//!   operators see failed rows on `/admin/post` and retry them there or with
//!   `scd admin mail-retry`.
//! - **Privacy**: a delivered row's body is blanked (it may hold a sign-in
//!   link); the log never names recipients or bodies.
//!
//! Why not a job-queue crate: apalis-sql, sqlxmq, underway and graphile_worker
//! each push jobs through their own pool or are PostgreSQL-only; the outbox
//! needs the enqueue inside the sea-orm transaction that writes the cause, on
//! both engines. The table and the claim statement are all there is to it.
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use super::mail::Mailer;
use crate::db::stmt;

/// After this many failed attempts a mail is `failed` (about two days of tries).
pub const MAX_ATTEMPTS: i32 = 12;
/// How long a claimed mail is reserved for its worker: longer than a batch
/// can take (`BATCH` × the mailer's `SMTP_TIMEOUT`), so no lease lapses while
/// its worker is still sending.
const LEASE: Duration = Duration::from_secs(180);
/// How many mails one claim takes.
const BATCH: i64 = 5;
/// How often an idle worker looks (a commit in this process wakes it at once).
const POLL: Duration = Duration::from_secs(2);

/// One outgoing mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Extra headers, e.g. `List-Unsubscribe`.
    pub headers: Vec<(String, String)>,
}

impl Mail {
    pub fn new(to: &str, subject: &str, body: String) -> Self {
        Self { to: to.to_owned(), subject: subject.to_owned(), body, headers: Vec::new() }
    }
}

/// Wakes this process's worker after a commit that queued mail.
fn waker() -> &'static Notify {
    static WAKE: std::sync::OnceLock<Notify> = std::sync::OnceLock::new();
    WAKE.get_or_init(Notify::new)
}

/// Queues a mail inside the caller's transaction (or connection). Call
/// `queued()` after the commit to have it sent at once rather than at the
/// next poll.
pub async fn enqueue<C: ConnectionTrait>(db: &C, mail: &Mail) -> Result<(), DbErr> {
    let headers = serde_json::to_string(&mail.headers).map_err(|e| DbErr::Custom(e.to_string()))?;
    let now = Utc::now();
    let sql = "INSERT INTO outbox (recipient, subject, body, headers, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)";
    let subject: String = mail.subject.chars().take(300).collect();
    db.execute_raw(stmt(db, sql, vec![mail.to.clone().into(), subject.into(), mail.body.clone().into(), headers.into(), now.into(), now.into()])).await?;
    Ok(())
}

/// Queues a mail on its own and wakes the worker.
pub async fn send(db: &DatabaseConnection, mail: &Mail) -> Result<(), DbErr> {
    enqueue(db, mail).await?;
    queued();
    Ok(())
}

/// Wakes the worker: mail was committed.
pub fn queued() {
    waker().notify_one();
}

/// The wait before attempt `n + 1` after `n` failed ones.
pub fn backoff(attempts: i32) -> Duration {
    let secs = 30u64.saturating_mul(1u64 << attempts.clamp(1, 20).saturating_sub(1) as u32);
    Duration::from_secs(secs.min(6 * 3600))
}

const _: () = assert!(LEASE.as_secs() > BATCH as u64 * super::mail::SMTP_TIMEOUT.as_secs() + 30);

#[derive(Debug)]
struct Claimed {
    id: i32,
    mail: Mail,
    attempts: i32,
}

/// Takes up to `BATCH` due mails for this worker, under the claim `mark`.
async fn claim(db: &DatabaseConnection, mark: &str) -> Result<Vec<Claimed>, DbErr> {
    let now = Utc::now();
    let until = now + chrono::Duration::from_std(LEASE).expect("lease");
    let pick = "SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?) ORDER BY id LIMIT ?";
    let pick = if db.get_database_backend() == DbBackend::Postgres { format!("{pick} FOR UPDATE SKIP LOCKED") } else { pick.to_owned() };
    let sql = format!("UPDATE outbox SET locked_until = ?, claim = ?, attempts = attempts + 1 WHERE id IN ({pick}) RETURNING id, recipient, subject, body, headers, attempts");
    let rows = db.query_all_raw(stmt(db, &sql, vec![until.into(), mark.to_owned().into(), now.into(), now.into(), BATCH.into()])).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let headers: String = r.try_get("", "headers")?;
        out.push(Claimed {
            id: r.try_get("", "id")?,
            attempts: r.try_get("", "attempts")?,
            mail: Mail {
                to: r.try_get("", "recipient")?,
                subject: r.try_get("", "subject")?,
                body: r.try_get("", "body")?,
                headers: serde_json::from_str(&headers).unwrap_or_default(),
            },
        });
    }
    out.sort_by_key(|c| c.id);
    Ok(out)
}

/// What one round delivered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: u64,
    pub retrying: u64,
    pub failed: u64,
}

/// Claims and sends due mails until none are left; returns what happened.
pub async fn deliver_due(db: &DatabaseConnection, mailer: &Mailer) -> Result<Round, DbErr> {
    let mut round = Round::default();
    loop {
        let mark = crate::server::token::new_token().0;
        let batch = claim(db, &mark).await?;
        if batch.is_empty() {
            return Ok(round);
        }
        for c in batch {
            let result = mailer.send(&c.mail.to, &c.mail.subject, &c.mail.headers, &c.mail.body).await;
            let now = Utc::now();
            match result {
                Ok(()) => {
                    round.sent += 1;
                    let sql = "UPDATE outbox SET state = 'sent', sent_at = ?, body = '', locked_until = NULL, last_error = NULL WHERE id = ? AND claim = ?";
                    db.execute_raw(stmt(db, sql, vec![now.into(), c.id.into(), mark.clone().into()])).await?;
                }
                Err(e) => {
                    // The server's answer often quotes the address: it goes to
                    // `last_error` (for operators), not to the log.
                    let gave_up = c.attempts >= MAX_ATTEMPTS;
                    if gave_up {
                        round.failed += 1;
                        tracing::error!(outbox_id = c.id, attempts = c.attempts, "mail delivery failed for good (see /admin/post)");
                    } else {
                        round.retrying += 1;
                        tracing::warn!(outbox_id = c.id, attempts = c.attempts, "mail delivery failed, will retry");
                    }
                    let next = now + chrono::Duration::from_std(backoff(c.attempts)).expect("backoff");
                    let state = if gave_up { "failed" } else { "pending" };
                    let sql = "UPDATE outbox SET state = ?, next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ? AND claim = ?";
                    let error: String = e.chars().take(500).collect();
                    db.execute_raw(stmt(db, sql, vec![state.into(), next.into(), error.into(), c.id.into(), mark.clone().into()])).await?;
                }
            }
        }
    }
}

/// Delivers due mail until the process ends: woken by `queued()` or every
/// `POLL`. The mailer is the configured one.
pub fn spawn_worker(db: DatabaseConnection, mailer: Arc<Mailer>) {
    tokio::spawn(async move {
        let mut failing = false;
        loop {
            match deliver_due(&db, &mailer).await {
                Ok(_) => failing = false,
                Err(e) => {
                    if !std::mem::replace(&mut failing, true) {
                        tracing::error!(error = %e, "outbox worker");
                    }
                }
            }
            let _ = tokio::time::timeout(POLL, waker().notified()).await;
        }
    });
}

/// A mail that could not be delivered, for the operators (no body: it may
/// hold a live link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undelivered {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub state: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
}

/// Mails given up on, and those waiting for a retry after an error.
pub async fn undelivered<C: ConnectionTrait>(db: &C) -> Result<Vec<Undelivered>, DbErr> {
    let sql = "SELECT id, recipient, subject, state, attempts, last_error, created_at, next_attempt_at FROM outbox \
               WHERE state = 'failed' OR (state = 'pending' AND last_error IS NOT NULL) ORDER BY id DESC LIMIT 200";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    rows.into_iter()
        .map(|r| {
            Ok(Undelivered {
                id: r.try_get("", "id")?,
                recipient: r.try_get("", "recipient")?,
                subject: r.try_get("", "subject")?,
                state: r.try_get("", "state")?,
                attempts: r.try_get("", "attempts")?,
                last_error: r.try_get("", "last_error")?,
                created_at: r.try_get("", "created_at")?,
                next_attempt_at: r.try_get("", "next_attempt_at")?,
            })
        })
        .collect()
}

/// Counts by state, for the operators' page.
pub async fn counts<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, i64)>, DbErr> {
    let sql = "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state ORDER BY state";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    rows.into_iter().map(|r| Ok((r.try_get("", "state")?, r.try_get::<i64>("", "n")?))).collect()
}

/// Puts failed mails (one, or all with None) back in the queue, due now,
/// with a fresh count of attempts. Returns how many.
pub async fn retry_failed<C: ConnectionTrait>(db: &C, id: Option<i32>) -> Result<u64, DbErr> {
    let now = Utc::now();
    let base = "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, locked_until = NULL WHERE state = 'failed'";
    let done = match id {
        Some(id) => db.execute_raw(stmt(db, &format!("{base} AND id = ?"), vec![now.into(), id.into()])).await?,
        None => db.execute_raw(stmt(db, base, vec![now.into()])).await?,
    };
    queued();
    Ok(done.rows_affected())
}

/// Deletes every mail to an address (an account being deleted): what was
/// not delivered yet is not sent any more.
pub async fn forget_recipient<C: ConnectionTrait>(db: &C, address: &str) -> Result<u64, DbErr> {
    Ok(db.execute_raw(stmt(db, "DELETE FROM outbox WHERE recipient = ?", vec![address.to_owned().into()])).await?.rows_affected())
}

/// Deletes delivered rows older than `keep` (their bodies are blank
/// already), and failed ones created before that (their links have lapsed).
pub async fn prune<C: ConnectionTrait>(db: &C, keep: chrono::Duration) -> Result<u64, DbErr> {
    let sql = "DELETE FROM outbox WHERE (state = 'sent' AND sent_at < ?) OR (state = 'failed' AND created_at < ?)";
    let cutoff = Utc::now() - keep;
    Ok(db.execute_raw(stmt(db, sql, vec![cutoff.into(), cutoff.into()])).await?.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn retries_back_off_doubling_up_to_six_hours() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(60));
        assert_eq!(backoff(5), Duration::from_secs(480));
        assert_eq!(backoff(30), Duration::from_secs(6 * 3600));
    }
}
