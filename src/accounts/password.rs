//! Password hashing with Argon2id (the `argon2` crate's defaults: 19 MiB,
//! 2 passes, 1 lane — OWASP's recommendation). Hashing runs on the blocking
//! pool: it is deliberately slow and must not stall other requests. At
//! most [`SLOTS`] run at once (19 MiB each), so a burst of sign-ins queues
//! instead of claiming a blocking thread and its memory per request.
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use super::domain::NewPassword;
use crate::error::AppError;

/// Argon2 computations at once.
pub const SLOTS: usize = 4;
fn gate() -> &'static std::sync::Arc<tokio::sync::Semaphore> {
    static GATE: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    GATE.get_or_init(|| std::sync::Arc::new(tokio::sync::Semaphore::new(SLOTS)))
}
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs one Argon2 computation on the blocking pool within the bound.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    use std::sync::atomic::Ordering::SeqCst;
    // The permit goes with the work: a client that disconnects drops its
    // request, not the computation, which holds the slot until it ends.
    let permit = gate().clone().acquire_owned().await.ok()?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let now = RUNNING.fetch_add(1, SeqCst) + 1;
        PEAK.fetch_max(now, SeqCst);
        let out = work();
        RUNNING.fetch_sub(1, SeqCst);
        out
    })
    .await
    .ok()
}

/// The most computations that ever ran at once (for tests and metrics).
pub fn peak_concurrency() -> usize {
    PEAK.load(std::sync::atomic::Ordering::SeqCst)
}

pub async fn hash(password: &NewPassword) -> Result<String, AppError> {
    let pw = password.expose().to_owned();
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(pw.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .ok_or(AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash. Without a hash (no such account,
/// or one that never had a password) it still spends the same time on a
/// dummy hash, so the answer's timing does not reveal whether an e-mail exists.
pub async fn verify(password: &str, stored: Option<&str>) -> bool {
    let pw = password.to_owned();
    let stored = stored.map(str::to_owned);
    bounded(move || {
        let dummy = dummy_hash();
        let (hash, real) = match stored.as_deref().and_then(|s| PasswordHash::new(s).ok()) {
            Some(h) => (h, true),
            None => (PasswordHash::new(dummy).expect("dummy hash parses"), false),
        };
        Argon2::default().verify_password(pw.as_bytes(), &hash).is_ok() && real
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(b"no account has this password", &salt).expect("hash").to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_round_trip() {
        let pw = NewPassword::parse("gute-frage-42", "gute-frage-42", None).unwrap();
        let h = hash(&pw).await.unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("gute-frage-42", Some(&h)).await);
        assert!(!verify("gute-frage-43", Some(&h)).await);
        assert!(!verify("gute-frage-42", None).await);
        assert!(!verify("no account has this password", None).await, "the dummy never lets anyone in");
        assert!(!verify("x", Some("not a hash")).await);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_sign_ins_runs_at_most_slots_hashes_at_once() {
        let checks: Vec<_> = (0..4 * SLOTS).map(|i| tokio::spawn(async move { verify(&format!("versuch {i}"), None).await })).collect();
        for c in checks {
            assert!(!c.await.unwrap());
        }
        let peak = peak_concurrency();
        assert!((1..=SLOTS).contains(&peak), "{peak} at once");
    }
}
