//! The follower: one task per catalogue that loads it, then reads the
//! change log on from its cursor whenever there may be something new —
//! a commit in this process, a NOTIFY from another (PostgreSQL), a request
//! asking to be fresh, or the poll interval — applies what it finds, and
//! only then moves its cursor, tells waiting requests, and announces the
//! changes to open pages. Requests never do this work themselves, so a
//! cancelled request cannot leave it half done.
use std::collections::{BTreeSet, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr};

use super::apply::apply;
use super::data::Data;
use super::doc::Effort;
use super::load::load;
use super::Shared;
use crate::changes::{read_since, Change, Cursor, Kind};
use crate::live::bus::ChangeBus;
use crate::reference::Reference;

/// Other processes' writes on SQLite are found by polling (no NOTIFY).
const POLL_SQLITE: Duration = Duration::from_millis(250);
/// On PostgreSQL NOTIFY wakes the follower; the poll covers notices lost
/// while the listener reconnects.
const POLL_POSTGRES: Duration = Duration::from_secs(2);
/// Log rows are pruned once every follower has had this long to read them.
const KEEP: Duration = Duration::from_secs(3600);
/// A follower that could not read the log for this long may have missed
/// pruned rows: it reloads instead (well inside `KEEP`).
const RELOAD_AFTER: Duration = Duration::from_secs(1800);
const PRUNE_EVERY: Duration = Duration::from_secs(300);
const SAMPLE_EVERY: Duration = Duration::from_secs(60);
/// More distinct changes than this in one batch are announced per provider
/// (and beyond that as one "everything changed"), not one by one.
const ANNOUNCE_ONE_BY_ONE: usize = 200;

pub(super) async fn run(shared: Arc<Shared>, db: DatabaseConnection, r: Arc<Reference>, bus: ChangeBus) {
    let mut commits = crate::changes::watch_commits();
    let mut notices = bus.notices();
    let poll = if db.get_database_backend() == DbBackend::Postgres { POLL_POSTGRES } else { POLL_SQLITE };
    let mut health = Health::default();
    let (mut cursor, mut last_ok) = loop {
        match load(&db, &r, Effort::Full).await {
            Ok((data, cursor)) => {
                install(&shared, data, false);
                health.ok(&shared);
                break (cursor, Instant::now());
            }
            Err(e) => {
                health.failed(&shared, &e, "loading the offer catalogue");
                tokio::time::sleep(health.backoff()).await;
            }
        }
    };
    let mut samples: VecDeque<(Instant, Cursor)> = VecDeque::new();
    let mut pruned_at = Instant::now();
    let mut reloading: Option<tokio::task::JoinHandle<Result<(Data, Cursor), DbErr>>> = None;
    loop {
        let reload_done = async {
            match reloading.as_mut() {
                Some(job) => job.await,
                None => std::future::pending().await,
            }
        };
        // (The watch channels' senders live as long as the process and the
        // bus: `changed` only returns when something was sent.)
        tokio::select! {
            _ = shared.wake.notified() => {}
            _ = commits.changed() => {}
            _ = notices.changed() => {}
            _ = tokio::time::sleep(poll) => {}
            _ = shared.reload.notified() => {
                if reloading.is_none() {
                    reloading = Some(spawn_load(&db, &r));
                }
            }
            done = reload_done => {
                reloading = None;
                match done.map_err(|e| DbErr::Custom(format!("reload task: {e}"))).and_then(|x| x) {
                    Ok((data, from)) => match catch_up_and_swap(&shared, &db, &r, data, from).await {
                        Ok(c) => {
                            cursor = c;
                            last_ok = Instant::now();
                            samples.clear();
                            health.ok(&shared);
                        }
                        Err(e) => {
                            health.failed(&shared, &e, "catching up the reloaded offer catalogue");
                            tokio::time::sleep(health.backoff()).await;
                        }
                    },
                    Err(e) => {
                        health.failed(&shared, &e, "reloading the offer catalogue");
                        tokio::time::sleep(health.backoff()).await;
                    }
                }
                continue;
            }
        }
        if last_ok.elapsed() > RELOAD_AFTER {
            // The log may have been pruned past our cursor: only a reload
            // is sure to hold everything. Lists meanwhile say they may be old.
            shared.status.send_modify(|s| s.recovering = true);
            if reloading.is_none() {
                reloading = Some(spawn_load(&db, &r));
            }
            continue;
        }
        let target = shared.wanted.load(Ordering::SeqCst);
        let began = Instant::now();
        let (changes, public) = match catch_up(&db, &r, &shared.data, &cursor).await {
            Ok((changes, public, next)) => {
                cursor = next;
                (changes, public)
            }
            Err(e) => {
                health.failed(&shared, &e, "following the change log");
                tokio::time::sleep(health.backoff()).await;
                continue;
            }
        };
        last_ok = Instant::now();
        health.ok(&shared);
        let (offers, terms) = shared.data.read().map(|d| (d.len(), d.term_count())).unwrap_or_default();
        shared.status.send_modify(|s| {
            s.catch_ups += 1;
            s.caught_up_at = Some(began);
            s.done = s.done.max(target);
            // Requests for quotes are on no public page: no cached page is stale.
            if changes.iter().any(|c| c.kind.is_public()) {
                s.version += 1;
            }
            s.offers = offers;
            s.terms = terms;
        });
        if !changes.is_empty() {
            announce(&bus, &shared.data, &changes, &public);
        }
        if samples.back().is_none_or(|(at, _)| at.elapsed() >= SAMPLE_EVERY) {
            samples.push_back((Instant::now(), cursor.clone()));
        }
        if pruned_at.elapsed() >= PRUNE_EVERY {
            pruned_at = Instant::now();
            prune(&db, &mut samples).await;
        }
    }
}

fn spawn_load(db: &DatabaseConnection, r: &Arc<Reference>) -> tokio::task::JoinHandle<Result<(Data, Cursor), DbErr>> {
    let (db, r) = (db.clone(), r.clone());
    tokio::spawn(async move { load(&db, &r, Effort::Background).await })
}

/// Reads the log from `cursor` and applies what it names; the cursor to
/// keep is returned only once everything is applied. Also the offers among
/// the changes that residents could see before or can see now: only those
/// are announced (a draft's edits are nobody's business but its provider's).
async fn catch_up<C: ConnectionTrait>(db: &C, r: &Arc<Reference>, data: &RwLock<Data>, cursor: &Cursor) -> Result<(Vec<Change>, BTreeSet<i32>, Cursor), DbErr> {
    let (changes, next) = read_since(db, cursor).await?;
    let mut public = BTreeSet::new();
    if !changes.is_empty() {
        let offers: BTreeSet<i32> = changes.iter().filter(|c| names_offer(c)).map(|c| c.id).collect();
        let listed = |data: &RwLock<Data>| -> Vec<i32> {
            let d = data.read().unwrap_or_else(|e| e.into_inner());
            offers.iter().copied().filter(|id| d.contains(*id)).collect()
        };
        public.extend(listed(data));
        apply(db, r, data, &changes).await?;
        public.extend(listed(data));
    }
    Ok((changes, public, next))
}

/// A change of one offer (not of a provider's page as a whole).
fn names_offer(c: &Change) -> bool {
    matches!(c.kind, Kind::Offer | Kind::Photo | Kind::Content) && c.id != 0
}

/// A reloaded catalogue is brought up to now before it replaces the one in
/// use, so no list ever goes back in time.
async fn catch_up_and_swap(shared: &Shared, db: &DatabaseConnection, r: &Arc<Reference>, data: Data, from: Cursor) -> Result<Cursor, DbErr> {
    let fresh = RwLock::new(data);
    let (_, _, cursor) = catch_up(db, r, &fresh, &from).await?;
    install(shared, fresh.into_inner().unwrap_or_else(|e| e.into_inner()), true);
    Ok(cursor)
}

/// Swaps a loaded catalogue in; the old one is freed off the runtime.
fn install(shared: &Shared, data: Data, reload: bool) {
    let (offers, terms) = (data.len(), data.term_count());
    let old = std::mem::replace(&mut *shared.data.write().unwrap_or_else(|e| e.into_inner()), data);
    tokio::task::spawn_blocking(move || {
        drop(old);
        crate::server::memory::give_back();
    });
    shared.status.send_modify(|s| {
        // A load just read the database: it answers.
        s.db_ok = true;
        s.loaded = true;
        s.recovering = false;
        s.version += 1;
        s.offers = offers;
        s.terms = terms;
        if reload {
            s.reloads += 1;
        } else {
            s.caught_up_at = Some(Instant::now());
        }
    });
}

/// Tells open pages what changed: one event per offer or provider, or for
/// a flood (an import) one per provider, or one for everything.
fn announce(bus: &ChangeBus, data: &RwLock<Data>, changes: &[Change], public: &BTreeSet<i32>) {
    let provider_of = |c: &Change| -> i32 {
        c.provider_id.or_else(|| data.read().ok().and_then(|d| d.slot_of(c.id).map(|s| d.doc(s).provider_id))).unwrap_or(0)
    };
    // A request's page and the providers' boards hear of their request
    // alone; the event names only its id, the page fetches what its reader
    // may see.
    let requests: BTreeSet<i32> = changes.iter().filter(|c| c.kind == Kind::Quote).map(|c| c.id).collect();
    for request_id in requests {
        bus.send(crate::live::Change { request_id, ..Default::default() });
    }
    let events: BTreeSet<(i32, i32)> = changes
        .iter()
        .filter(|c| c.kind.is_public())
        .filter(|c| !names_offer(c) || public.contains(&c.id))
        .filter_map(|c| match c.kind {
            Kind::Offer | Kind::Photo | Kind::Content => Some((c.id, provider_of(c))),
            Kind::Provider | Kind::Rating | Kind::Project => Some((0, c.provider_id.unwrap_or(c.id))),
            Kind::CityRating | Kind::Synonyms | Kind::Quote => Some((0, 0)),
            // No open page follows a service's ratings live (the page cache only).
            Kind::Service => None,
        })
        .collect();
    if events.len() <= ANNOUNCE_ONE_BY_ONE {
        for (offer_id, provider_id) in events {
            bus.send(crate::live::Change { offer_id, provider_id, ..Default::default() });
        }
        return;
    }
    let providers: BTreeSet<i32> = events.iter().map(|(_, p)| *p).collect();
    if providers.len() <= ANNOUNCE_ONE_BY_ONE {
        for provider_id in providers {
            bus.send(crate::live::Change { provider_id, ..Default::default() });
        }
    } else {
        bus.send(crate::live::Change { everything: true, ..Default::default() });
    }
}

/// Deletes log rows every follower has read: those covered by a cursor of
/// ours older than `KEEP` (a follower idle longer reloads anyway).
async fn prune(db: &DatabaseConnection, samples: &mut VecDeque<(Instant, Cursor)>) {
    let mut old = None;
    while samples.front().is_some_and(|(at, _)| at.elapsed() >= KEEP) {
        old = samples.pop_front();
    }
    let Some((_, cursor)) = old else { return };
    match crate::changes::prune(db, &cursor).await {
        Ok(n) => tracing::debug!(rows = n, "change log pruned"),
        Err(e) => tracing::warn!(error = %e, "could not prune the change log"),
    }
}

/// Whether the database answers, as the follower last found; errors are
/// logged once per outage, not once per attempt.
#[derive(Default)]
struct Health {
    failures: u32,
}

impl Health {
    fn ok(&mut self, shared: &Shared) {
        if self.failures > 0 {
            tracing::info!(attempts = self.failures, "database reachable again; offer catalogue following");
        }
        self.failures = 0;
        shared.status.send_if_modified(|s| !std::mem::replace(&mut s.db_ok, true));
    }

    fn failed(&mut self, shared: &Shared, e: &DbErr, doing: &str) {
        self.failures += 1;
        let unreachable = crate::db::unreachable(e);
        if self.failures == 1 {
            tracing::error!(error = %e, unreachable, "{doing}");
        } else {
            tracing::debug!(error = %e, attempt = self.failures, "{doing}");
        }
        if unreachable {
            shared.status.send_if_modified(|s| std::mem::replace(&mut s.db_ok, false));
        }
    }

    /// 250 ms, doubling up to 2 s.
    fn backoff(&self) -> Duration {
        Duration::from_millis(250 << self.failures.saturating_sub(1).min(3))
    }
}
