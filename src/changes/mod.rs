//! The change log (`change_log`, see its migration): triggers note every
//! committed write to offers, their districts, providers, ratings, photos,
//! projects, reviews and the city services' ratings, whoever makes it.
//! Every instance follows the log (`offers::catalog::follow`) and from it
//! updates its catalogue, its page cache and the live updates of open
//! pages: one channel for every change.
//!
//! Reading "what is new since I last looked" must never miss a committed
//! change, whatever order transactions commit in:
//!
//! - **SQLite** has one writer at a time, so sequence numbers are handed out
//!   in commit order: the cursor is the last sequence number read.
//! - **PostgreSQL** hands sequence numbers out before commit; a long
//!   transaction may commit after later, shorter ones. The cursor is
//!   `(upto, running at S)`: every row numbered up to `upto` has been read
//!   except those of the transactions the snapshot `S` it was read in saw
//!   running — the ids it lists, and every id from its `xmax` on (a snapshot
//!   does not list running transactions newer than the newest finished
//!   one). A read is one statement with a new snapshot `S'`: it takes the
//!   sequence's last value `L` once, and reads the rows numbered in
//!   `(upto, L]` that `S'` sees and the rows of the transactions running at
//!   `S` that `S'` sees committed. The new cursor is `(L, running at S')`.
//!   `L` may be read after `S'` was taken: a row numbered up to `L` that `S'`
//!   does not see belongs to a transaction running at `S'` (listed, or with
//!   an id from its `xmax` on) or begun after it (an id from `xmax` on too),
//!   which the next read looks at; and a change committed before the read
//!   began was numbered before `L` was read and is seen by `S'`.
//!   A listed transaction is looked up by its id only once it has committed,
//!   so a long import still running costs nothing per catch-up.
#[cfg(feature = "ssr")]
mod cursor;
#[cfg(feature = "ssr")]
pub use cursor::{prune, read_since, snapshot, Cursor, Snapshot};

/// What a change log row says changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An offer or its served districts: `id` is the offer.
    Offer,
    /// A provider's row.
    Provider,
    /// A provider's rating aggregate.
    Rating,
    /// The city-wide mean rating.
    CityRating,
    /// A photo: `id` is its offer, 0 for a provider's logo.
    Photo,
    /// A new-build project: `id` is the project.
    Project,
    /// Other content shown with a provider (reviews, replies, recommendations):
    /// `id` is the offer concerned, or 0.
    Content,
    /// The synonym groups administrators added (`search::tuning`).
    Synonyms,
    /// A city service's row or a resident's rating (and tip) of it: `id` is
    /// the service. On the services' pages only.
    Service,
    /// A request for quotes or one of its quotes: `id` is the request. Shown
    /// to nobody but its resident and providers, so it moves no public page.
    Quote,
}

impl Kind {
    /// Whether residents' public pages may show what changed.
    pub fn is_public(self) -> bool {
        self != Self::Quote
    }
}

impl Kind {
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "o" => Self::Offer,
            "p" => Self::Provider,
            "r" => Self::Rating,
            "g" => Self::CityRating,
            "f" => Self::Photo,
            "j" => Self::Project,
            "c" => Self::Content,
            "s" => Self::Synonyms,
            "q" => Self::Quote,
            "v" => Self::Service,
            _ => return None,
        })
    }
}

/// One row of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub kind: Kind,
    pub id: i32,
    /// The provider concerned, where the row names it.
    pub provider_id: Option<i32>,
}

/// Counts this process's commits of changes (`committed`), for followers to wait on.
#[cfg(feature = "ssr")]
fn commits() -> &'static tokio::sync::watch::Sender<u64> {
    static COMMITS: std::sync::OnceLock<tokio::sync::watch::Sender<u64>> = std::sync::OnceLock::new();
    COMMITS.get_or_init(|| tokio::sync::watch::channel(0).0)
}

/// Tells this process's followers that a write has just committed, so they
/// look now rather than at their next poll. Other processes hear of it
/// through PostgreSQL's NOTIFY (sent by the triggers) or their own poll.
#[cfg(feature = "ssr")]
pub fn committed() {
    commits().send_modify(|n| *n = n.wrapping_add(1));
}

/// A follower's view of `committed`: `changed()` resolves once a commit
/// happened since it last looked, none lost while it was busy.
#[cfg(feature = "ssr")]
pub fn watch_commits() -> tokio::sync::watch::Receiver<u64> {
    commits().subscribe()
}
