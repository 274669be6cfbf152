//! The published offers in memory, for the results list: filters, facet
//! counts and the ranking over a few hundred thousand offers in
//! milliseconds, where the database needs one grouped query per facet.
//!
//! The database stays the truth (and `store::filtered` the reference
//! implementation the tests compare against). Triggers note every write to
//! offers, their served districts, providers and ratings in
//! `catalog_change`, whoever makes it — this instance, another one on the
//! same PostgreSQL, an import run from the command line — and the catalogue
//! reads what is new with one indexed query before it answers.
mod bits;
mod count;
mod data;
mod index;
mod query;
mod row;
mod sync;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sea_orm::{ConnectionTrait, DbErr};
use tokio::sync::{Mutex, RwLock, RwLockReadGuard};

pub use data::Data;
pub use query::Listing;

use crate::server::state::Reference;

/// Cheap to clone: every clone is the same catalogue.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    data: RwLock<Data>,
    cursor: Mutex<sync::Cursor>,
    /// Catch-ups begun, and the last one finished (see `fresh`).
    flight: Mutex<()>,
    begun: AtomicU64,
    finished: AtomicU64,
}

impl Catalog {
    /// The catalogue, current with every change committed before the call.
    pub async fn current<C: ConnectionTrait>(&self, db: &C, r: &Reference) -> Result<RwLockReadGuard<'_, Data>, DbErr> {
        self.fresh(db, r).await?;
        Ok(self.inner.data.read().await)
    }

    /// After catching up: a value that differs whenever the content may
    /// (for caches of what is computed from it, `server::page_cache`).
    pub async fn stamp<C: ConnectionTrait>(&self, db: &C, r: &Reference) -> Result<u64, DbErr> {
        self.fresh(db, r).await?;
        Ok(self.inner.cursor.lock().await.stamp())
    }

    /// Catches up, unless a catch-up that began after this call has
    /// finished meanwhile: it saw every change committed before the call.
    /// Under load, requests waiting for one catch-up then share the next
    /// instead of each asking the database in turn.
    async fn fresh<C: ConnectionTrait>(&self, db: &C, r: &Reference) -> Result<(), DbErr> {
        let arrived = self.inner.begun.load(Ordering::SeqCst);
        let _turn = self.inner.flight.lock().await;
        if self.inner.finished.load(Ordering::SeqCst) > arrived {
            return Ok(());
        }
        let n = self.inner.begun.fetch_add(1, Ordering::SeqCst) + 1;
        sync::catch_up(&self.inner, db, r).await?;
        self.inner.finished.store(n, Ordering::SeqCst);
        Ok(())
    }

    /// Loads everything now (at start, so the first resident does not wait).
    pub async fn preload<C: ConnectionTrait>(&self, db: &C, r: &Reference) -> Result<(), DbErr> {
        sync::catch_up(&self.inner, db, r).await
    }
}
