//! The published offers in memory, for the results list: filters, facet
//! counts, the ranking and the cards over a few hundred thousand offers in
//! milliseconds, where the database needs one grouped query per facet — and
//! without the database at all, so lists are still served while it is away.
//!
//! The database stays the truth; `offers::oracle` computes the same lists in
//! SQL and the tests compare the two. The catalogue follows the change log
//! (`crate::changes`, written by triggers in every writing transaction,
//! whoever writes) in a task of its own (`follow`):
//!
//! - **Never misses a committed change**, whatever order transactions commit
//!   in (the cursor is explained in `changes`), and moves its cursor only
//!   after the rows it names are applied: a failed read is read again.
//! - **Fresh for every request**: `fresh` waits for a catch-up that began
//!   after the call, so a list shows every change committed before the
//!   request arrived — on any instance, by any writer. Requests arriving
//!   together share one catch-up. A request that goes away (a closed tab)
//!   cancels nothing: the catch-up runs in the follower's task.
//! - **Staleness bound**: when a catch-up takes longer than `FRESH_WAIT`
//!   (a very large import being applied) the request is answered from the
//!   catalogue as it is; while the database is unreachable, at once, and
//!   the page says it may not be current.
//! - **Full loads off the request path**: the first load and any reload are
//!   read in one database snapshot, each offer's terms taken from the
//!   search index the door writes with it (analysed afresh only where the
//!   index lacks the offer or another release's analysis built it); a
//!   reload is caught up and swapped in while lists keep being answered
//!   from the old catalogue, which keeps following the log meanwhile.
//! - Each applied batch is then announced to the live updates of open pages
//!   (`live::bus`): one channel for the catalogue, the page cache and the
//!   live pages.
//! - **What lists derive from a state** (the start page's counts, the
//!   newest-first positions, the providers' scores and facet groups:
//!   `derived`) is built by the first list after a change and emptied by
//!   the next write (`apply::write`), so it is never older than the offers.
mod apply;
mod best;
mod bits;
mod count;
mod data;
mod derived;
mod doc;
mod follow;
mod index;
mod load;
mod query;
mod row;
mod size;
mod suggest;
mod terms;
mod title;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sea_orm::DatabaseConnection;
use tokio::sync::{watch, Notify};

pub use data::Data;
pub use query::Among;
pub use size::HeapParts;
pub use suggest::FEW;

use crate::error::AppError;
use crate::reference::Reference;

/// How long a request waits for the catalogue to catch up before it is
/// answered from the catalogue as it is.
pub const FRESH_WAIT: Duration = Duration::from_secs(2);
/// How long a request waits for the first load (at start) before a 503.
pub const LOAD_WAIT: Duration = Duration::from_secs(10);

/// How current an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Every change committed before the request is in.
    Current,
    /// A catch-up took longer than `FRESH_WAIT`: changes of the last seconds may be missing.
    CatchingUp,
    /// The database is unreachable: the catalogue as it was when it last answered.
    Stale,
}

impl Freshness {
    /// Whether to tell the resident the list may not be current.
    pub fn is_stale(self) -> bool {
        self == Self::Stale
    }
}

/// What the follower reports.
#[derive(Debug, Clone, Default)]
pub(crate) struct Status {
    pub loaded: bool,
    /// The last freshness ticket a finished catch-up covers.
    pub done: u64,
    /// The database answered the last attempt.
    pub db_ok: bool,
    /// Changes whenever the content may have (the page cache's stamp).
    pub version: u64,
    pub offers: usize,
    pub terms: usize,
    /// A reload after a long outage is under way: the log may have been
    /// pruned past the cursor, so catch-ups wait for it.
    pub recovering: bool,
    /// Full loads swapped in since the first.
    pub reloads: u64,
    /// Looks into the change log so far (an idle follower only polls).
    pub catch_ups: u64,
    /// When a catch-up last finished: the catalogue then held every
    /// change committed before it began.
    pub caught_up_at: Option<std::time::Instant>,
}

#[derive(Debug)]
pub(crate) struct Shared {
    pub data: RwLock<Data>,
    pub status: watch::Sender<Status>,
    /// Freshness tickets handed out.
    pub wanted: AtomicU64,
    pub wake: Notify,
    pub reload: Notify,
}

/// Cheap to clone: every clone is the same catalogue.
#[derive(Debug, Clone)]
pub struct Catalog {
    shared: Arc<Shared>,
}

impl Catalog {
    /// Starts following the change log: loads in the background (requests
    /// meanwhile wait up to `LOAD_WAIT`), then catches up whenever a change
    /// is committed here or announced by another instance, a request asks,
    /// or the poll interval passes.
    pub fn start(db: DatabaseConnection, reference: Arc<Reference>, bus: crate::live::bus::ChangeBus) -> Self {
        let shared = Arc::new(Shared {
            data: RwLock::new(Data::default()),
            status: watch::channel(Status::default()).0,
            wanted: AtomicU64::new(0),
            wake: Notify::new(),
            reload: Notify::new(),
        });
        tokio::spawn(follow::run(shared.clone(), db, reference, bus));
        Self { shared }
    }

    /// Waits until the catalogue holds every change committed before the
    /// call (or `FRESH_WAIT` passes, or the database is found unreachable).
    /// `Unavailable` only while the first load has not finished.
    pub async fn fresh(&self) -> Result<Freshness, AppError> {
        let ticket = self.shared.wanted.fetch_add(1, Ordering::SeqCst) + 1;
        self.shared.wake.notify_one();
        let mut rx = self.shared.status.subscribe();
        let wait = async {
            loop {
                {
                    let s = rx.borrow_and_update();
                    if s.loaded && s.done >= ticket {
                        return Freshness::Current;
                    }
                    if s.loaded && (!s.db_ok || s.recovering) {
                        return Freshness::Stale;
                    }
                }
                if rx.changed().await.is_err() {
                    return Freshness::Stale;
                }
            }
        };
        let limit = if self.is_loaded() { FRESH_WAIT } else { LOAD_WAIT };
        match tokio::time::timeout(limit, wait).await {
            Ok(f) => Ok(f),
            Err(_) if self.is_loaded() => {
                tracing::warn!(waited_ms = limit.as_millis() as u64, "offer catalogue still catching up; answering as it is");
                Ok(Freshness::CatchingUp)
            }
            Err(_) => Err(AppError::Unavailable),
        }
    }

    /// Runs `f` on the catalogue as it is now (a read lock, held only for `f`).
    pub fn with<T>(&self, f: impl FnOnce(&Data) -> T) -> T {
        f(&self.shared.data.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// After catching up: a value that differs whenever the content may
    /// (for caches of what is computed from it, `server::page_cache`).
    pub async fn stamp(&self) -> Result<(u64, Freshness), AppError> {
        let f = self.fresh().await?;
        Ok((self.shared.status.borrow().version, f))
    }

    pub fn is_loaded(&self) -> bool {
        self.shared.status.borrow().loaded
    }

    /// Heap bytes the catalogue's data holds (`size`): a walk over every
    /// doc under the read lock, for metrics and benchmarks only.
    pub fn heap_bytes(&self) -> usize {
        self.with(Data::heap_bytes)
    }

    /// The same, by part (`bench-search` prints it).
    pub fn heap_parts(&self) -> size::HeapParts {
        self.with(Data::heap_parts)
    }

    /// (published offers, distinct terms), for readiness and the logs.
    pub fn size(&self) -> (usize, usize) {
        let s = self.shared.status.borrow();
        (s.offers, s.terms)
    }

    /// Whether the follower's last attempt reached the database.
    pub fn database_answers(&self) -> bool {
        self.shared.status.borrow().db_ok
    }

    /// Builds the whole catalogue anew in the background and swaps it in
    /// (lists keep being answered meanwhile). For operators and benchmarks:
    /// the follower never needs it but after a long outage.
    pub fn reload(&self) {
        self.shared.reload.notify_one();
    }

    /// How long ago the catalogue last held every committed change (its
    /// catch-up lag, for the metrics); None before the first load.
    pub fn behind(&self) -> Option<Duration> {
        self.shared.status.borrow().caught_up_at.map(|at| at.elapsed())
    }

    /// Looks into the change log so far.
    pub fn catch_ups(&self) -> u64 {
        self.shared.status.borrow().catch_ups
    }

    /// Full loads swapped in since the first.
    pub fn reloads(&self) -> u64 {
        self.shared.status.borrow().reloads
    }

    /// Waits until more than `n` reloads have been swapped in.
    pub async fn reloaded(&self, n: u64) {
        let mut rx = self.shared.status.subscribe();
        let _ = rx.wait_for(|s| s.reloads > n).await;
    }

    /// The terms of the published offers, as a plain set (for the database
    /// oracle, which must correct typos alike).
    pub fn vocabulary(&self) -> crate::search::vocab::Vocabulary {
        self.with(|d| crate::search::vocab::Vocabulary::from_terms(d.postings.keys().cloned()).with_thesaurus(d.thesaurus.clone()))
    }
}
