//! Where an OpenImmo import run stands and what it did: written by the run
//! (`runner`), shown by the dashboard page (`dashboard::import_progress`).
//! Compiled for the browser too.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Parsing the file (XML or ZIP).
    Reading,
    /// Writing the listings, in one transaction.
    Listings,
    /// Processing the ZIP's photos, after the listings are committed.
    Images,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Self::Reading => "lesen",
            Self::Listings => "angebote",
            Self::Images => "bilder",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Reading, Self::Listings, Self::Images].into_iter().find(|p| p.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Reading => t().oi_phase_reading,
            Self::Listings => t().oi_phase_listings,
            Self::Images => t().oi_phase_images,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    /// 0 while not known (reading the file).
    pub total: u64,
}

impl Progress {
    pub const START: Self = Self { phase: Phase::Reading, done: 0, total: 0 };

    /// Whole percent of the current phase, when its size is known.
    pub fn percent(&self) -> Option<u64> {
        (self.total > 0).then(|| self.done.min(self.total) * 100 / self.total)
    }
}

/// A run as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunState {
    Running(Progress),
    Done(RunSummary),
    /// The file could not be read (with line and element), or the run failed.
    Failed(String),
    /// The instance running it stopped before it finished.
    Interrupted,
}

/// Heartbeats are written every few seconds where another instance can see
/// them; this long without one, the run's instance is gone.
pub const HEARTBEAT_STALE_SECS: i64 = 30;

/// The state of a run stored as running. `local` is this instance's own
/// record of it; without one, the stored counts tell, as long as the
/// heartbeat is fresh. Where heartbeats cannot be written during the import
/// (SQLite, one instance only) a run this instance does not know is one a
/// previous process left behind.
pub fn running_state(local: Option<Progress>, stored: Progress, heartbeat: Option<DateTime<Utc>>, now: DateTime<Utc>, shared_heartbeats: bool) -> RunState {
    match (local, heartbeat) {
        (Some(p), _) => RunState::Running(p),
        (None, Some(h)) if shared_heartbeats && (now - h).num_seconds() <= HEARTBEAT_STALE_SECS => RunState::Running(stored),
        _ => RunState::Interrupted,
    }
}

/// What an import did, as stored with the run (JSON) and shown on the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub umfang: String,
    pub listings_in_file: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub archived: usize,
    pub skipped: Vec<(String, String)>,
    pub unknown_elements: Vec<(String, usize)>,
    pub warnings: Vec<String>,
    pub without_stadtteil: usize,
    pub images_not_imported: usize,
    #[serde(default)]
    pub images_imported: usize,
    #[serde(default)]
    pub images_already: usize,
    #[serde(default)]
    pub images_skipped: Vec<(String, String)>,
    pub external_links: usize,
    pub images_missing: Vec<String>,
}

/// The dashboard page of a provider's imports.
pub fn openimmo_path(pid: i32) -> String {
    format!("/dashboard/{pid}/openimmo")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRun {
    pub id: i32,
    pub file_name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Its progress, its report, or why the file could not be read (with
    /// line and element).
    pub state: RunState,
}

/// What the report of a finished run is stored and shown as.
#[cfg(feature = "ssr")]
pub fn summary(r: &super::ImportReport) -> RunSummary {
    RunSummary {
        umfang: r.umfang.to_owned(),
        listings_in_file: r.listings_in_file,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        archived: r.archived,
        skipped: r.skipped.clone(),
        unknown_elements: r.unknown_elements.iter().map(|(k, n)| (k.clone(), *n)).collect(),
        warnings: r.warnings.clone(),
        without_stadtteil: r.without_stadtteil,
        images_not_imported: r.images_not_imported,
        images_imported: r.images_imported,
        images_already: r.images_already,
        images_skipped: r.images_skipped.clone(),
        external_links: r.external_links,
        images_missing: r.images_missing.clone(),
    }
}

#[cfg(feature = "ssr")]
pub use imports::{Imports, Registered};

/// The runs this instance is doing, in memory (`runner`).
#[cfg(feature = "ssr")]
mod imports {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use super::Progress;

    /// The progress of the runs this instance is doing.
    #[derive(Debug, Clone, Default)]
    pub struct Imports {
        runs: Arc<Mutex<HashMap<i32, Progress>>>,
    }

    impl Imports {
        fn runs(&self) -> std::sync::MutexGuard<'_, HashMap<i32, Progress>> {
            // A panic elsewhere cannot leave a map of plain values inconsistent.
            self.runs.lock().unwrap_or_else(|e| e.into_inner())
        }

        pub fn get(&self, run: i32) -> Option<Progress> {
            self.runs().get(&run).copied()
        }

        pub fn set(&self, run: i32, p: Progress) {
            self.runs().insert(run, p);
        }
    }

    /// Takes the run out of memory however its task ends, a panic included:
    /// the page then shows it as interrupted instead of running for ever.
    pub struct Registered(pub Imports, pub i32);

    impl Drop for Registered {
        fn drop(&mut self) {
            self.0.runs().remove(&self.1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn percent_of_the_phase() {
        let p = |done, total| Progress { phase: Phase::Listings, done, total };
        assert_eq!(p(0, 0).percent(), None);
        assert_eq!(p(1, 3).percent(), Some(33));
        assert_eq!(p(20_000, 20_000).percent(), Some(100));
        assert_eq!(p(5, 4).percent(), Some(100));
    }

    #[test]
    fn phases_round_trip_their_codes() {
        for p in [Phase::Reading, Phase::Listings, Phase::Images] {
            assert_eq!(Phase::parse(p.code()), Some(p));
        }
        assert_eq!(Phase::parse("x"), None);
    }

    #[test]
    fn a_run_is_running_while_someone_knows_it() {
        let now = Utc::now();
        let mine = Progress { phase: Phase::Images, done: 2, total: 9 };
        let stored = Progress { phase: Phase::Listings, done: 400, total: 1000 };
        // This instance runs it: its own count wins.
        assert_eq!(running_state(Some(mine), stored, None, now, false), RunState::Running(mine));
        assert_eq!(running_state(Some(mine), stored, Some(now - Duration::hours(1)), now, true), RunState::Running(mine));
        // Another instance runs it and its heartbeat is fresh.
        assert_eq!(running_state(None, stored, Some(now - Duration::seconds(5)), now, true), RunState::Running(stored));
        // Its heartbeat stopped: that instance is gone.
        assert_eq!(running_state(None, stored, Some(now - Duration::seconds(HEARTBEAT_STALE_SECS + 1)), now, true), RunState::Interrupted);
        // Without shared heartbeats a run unknown here was left by an earlier process.
        assert_eq!(running_state(None, stored, Some(now), now, false), RunState::Interrupted);
    }
}
