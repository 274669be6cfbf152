//! Matching changed offers against the saved searches and favourites.
//!
//! The matcher wakes on the live bus (the catalogue's follower announces
//! every batch it applied from the change log, whoever wrote) and once a
//! minute. It compares each offer's status and price with what it saw last
//! (`offer_alert_state`): a publication (first or again) and a price drop
//! are news. The saved searches are asked through the catalogue's own query
//! engine (`Data::matching`, the very narrowing of the results list), so a
//! search and its alert cannot disagree.
//!
//! Several instances may look at once: each moves an offer's seen state
//! with a statement conditional on the state it read, and only the one whose
//! update took writes that offer's hits, favourite alerts and notices; hits
//! are unique per (search, offer) besides. Nothing is missed across a
//! restart: the seen state is in the database, not in the bus.
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter};

use super::domain::{classify, favourite_alert, Event, SavedQuery};
use super::store;
use crate::db::entities::{favourite, saved_search};
use crate::db::stmt;
use crate::notifications::{store as notify, Kind};
use crate::server::outbox::{self, Mail};

/// Offers looked at per round (one short write transaction each); a bigger
/// burst takes several rounds.
const ROUND: i64 = 5_000;
/// Hits recorded per saved search and look: a burst that brings one search
/// hundreds of matches records the newest `CAP` and counts the rest, which
/// its next mail names as a number with the link to the whole list (no one
/// reads a digest of 2,000 flats; the writes stay bounded).
pub const CAP: usize = 50;
/// How often every offer is looked at, whatever the bus said.
const FULL_LOOK: std::time::Duration = std::time::Duration::from_secs(60);

/// One offer whose status or price moved since the matcher last looked.
#[derive(Debug, Clone)]
struct Moved {
    id: i32,
    status: String,
    price: Option<i64>,
    /// What was seen before; None: never seen.
    before: Option<(String, Option<i64>)>,
    event: Event,
}

/// The offers whose status or price moved: among `only` (the offers the
/// bus named), or all of them (the periodic look, and after a flood the
/// bus announced per provider).
async fn moved(db: &DatabaseConnection, only: Option<&[i32]>) -> Result<Vec<Moved>, DbErr> {
    let differs = if db.get_database_backend() == DbBackend::Postgres { "IS DISTINCT FROM" } else { "IS NOT" };
    let among = match only {
        Some(ids) if ids.is_empty() => return Ok(Vec::new()),
        Some(ids) => format!("o.id IN ({}) AND ", ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")),
        None => String::new(),
    };
    let sql = format!(
        "SELECT o.id, o.status, o.price_cents, s.offer_id AS seen, s.status AS old_status, s.price_cents AS old_price \
         FROM offer o LEFT JOIN offer_alert_state s ON s.offer_id = o.id \
         WHERE {among}(s.offer_id IS NULL OR s.status <> o.status OR s.price_cents {differs} o.price_cents) ORDER BY o.id LIMIT ?"
    );
    let rows = db.query_all_raw(stmt(db, &sql, vec![ROUND.into()])).await?;
    rows.into_iter()
        .map(|r| {
            let status: String = r.try_get("", "status")?;
            let price: Option<i64> = r.try_get("", "price_cents")?;
            let before = match r.try_get::<Option<i32>>("", "seen")? {
                Some(_) => Some((r.try_get::<String>("", "old_status")?, r.try_get::<Option<i64>>("", "old_price")?)),
                None => None,
            };
            let event = classify(before.as_ref().map(|(s, p)| (s.as_str(), *p)), &status, price);
            Ok(Moved { id: r.try_get("", "id")?, status, price, before, event })
        })
        .collect()
}

/// What one round found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Offers whose seen state moved.
    pub offers: usize,
    /// New hits of saved searches.
    pub hits: usize,
    /// Favourite alerts.
    pub favourites: usize,
    /// The time spent asking the catalogue.
    pub asking: std::time::Duration,
}

/// The offers news to one saved search, for one reason ("new" or "price").
struct Found {
    search: i32,
    user: Option<i32>,
    name: String,
    reason: &'static str,
    offers: Vec<i32>,
    /// Matches past `CAP`.
    more: usize,
}

/// What the matcher needs of the application.
#[derive(Clone)]
pub struct Matcher {
    pub db: DatabaseConnection,
    pub catalog: crate::offers::catalog::Catalog,
    pub reference: std::sync::Arc<crate::reference::Reference>,
    pub public_url: String,
}

impl Matcher {
    /// Looks at every offer until nothing has moved; returns the sum of the rounds.
    pub async fn run(&self) -> Result<Round, DbErr> {
        self.run_among(None).await
    }

    /// As `run`, looking only at `only` when given (ids the bus named).
    pub async fn run_among(&self, only: Option<&[i32]>) -> Result<Round, DbErr> {
        let mut total = Round::default();
        loop {
            let r = self.round(only).await?;
            total.offers += r.offers;
            total.hits += r.hits;
            total.favourites += r.favourites;
            total.asking += r.asking;
            if (r.offers as i64) < ROUND {
                return Ok(total);
            }
        }
    }

    async fn round(&self, only: Option<&[i32]>) -> Result<Round, DbErr> {
        let moved = moved(&self.db, only).await?;
        if moved.is_empty() {
            return Ok(Round::default());
        }
        // Without a current catalogue nothing is taken over: the offers stay
        // unseen and the next look (the bus, or the minute's) finds them.
        let asked = std::time::Instant::now();
        let Some(found) = self.search_hits(&moved).await? else { return Ok(Round::default()) };
        let asking = asked.elapsed();
        let txn = crate::db::begin_write(&self.db).await?;
        let won = take_over(&txn, &moved).await?;
        let price_of: HashMap<i32, Option<i64>> = moved.iter().map(|m| (m.id, m.price)).collect();
        let hits = write_hits(&txn, &found, &won, &price_of).await?;
        let favourites = self.favourite_alerts(&txn, &moved, &won).await?;
        txn.commit().await?;
        if favourites > 0 {
            outbox::queued();
        }
        Ok(Round { offers: moved.len(), hits, favourites, asking })
    }

    /// Per saved search, the offers that are news to it; None while the
    /// catalogue is not current.
    async fn search_hits(&self, moved: &[Moved]) -> Result<Option<Vec<Found>>, DbErr> {
        let published: Vec<i32> = moved.iter().filter(|m| matches!(m.event, Event::Published { .. })).map(|m| m.id).collect();
        let drops: Vec<(i32, i64, i64)> = moved
            .iter()
            .filter_map(|m| match m.event {
                Event::PriceDrop { from, to } => Some((m.id, from, to)),
                _ => None,
            })
            .collect();
        if published.is_empty() && drops.is_empty() {
            return Ok(Some(Vec::new()));
        }
        // Every change committed before now must be in the catalogue (the
        // bus that woke us announces applied batches; this covers the poll).
        match self.catalog.fresh().await {
            Ok(crate::offers::catalog::Freshness::Current) => {}
            _ => return Ok(None),
        }
        let searches = saved_search::Entity::find().filter(saved_search::Column::ConfirmedAt.is_not_null()).all(&self.db).await?;
        let mut out = Vec::new();
        // A few hundred searches per look at the catalogue: its follower is
        // never kept waiting long.
        for chunk in searches.chunks(500) {
            self.catalog.with(|d| {
                let among = d.among(&published);
                for s in chunk {
                    let saved: SavedQuery = store::query_of(s);
                    let q = saved.to_query(&self.reference);
                    let entering: Vec<i32> = drops.iter().filter(|(_, from, to)| saved.drop_enters_range(*from, *to)).map(|(id, _, _)| *id).collect();
                    let new = d.matching_in(&q, &among);
                    let cheaper = if entering.is_empty() { Vec::new() } else { d.matching(&q, &entering) };
                    for (reason, mut offers) in [("new", new), ("price", cheaper)] {
                        if !offers.is_empty() {
                            // The newest first (ids grow with time).
                            offers.sort_unstable_by(|a, b| b.cmp(a));
                            let more = offers.len().saturating_sub(CAP);
                            offers.truncate(CAP);
                            out.push(Found { search: s.id, user: s.user_id, name: s.name.clone(), reason, offers, more });
                        }
                    }
                }
            });
        }
        Ok(Some(out))
    }

    /// Favourite alerts for the offers this instance took over.
    async fn favourite_alerts<C: ConnectionTrait>(&self, txn: &C, moved: &[Moved], won: &HashSet<i32>) -> Result<usize, DbErr> {
        let events: HashMap<i32, &Moved> = moved.iter().filter(|m| won.contains(&m.id) && m.event != Event::Quiet).map(|m| (m.id, m)).collect();
        if events.is_empty() {
            return Ok(0);
        }
        let ids: Vec<i32> = events.keys().copied().collect();
        let mut n = 0;
        let now = Utc::now();
        for chunk in ids.chunks(500) {
            let favs = favourite::Entity::find().filter(favourite::Column::OfferId.is_in(chunk.to_vec())).all(txn).await?;
            for f in favs {
                let m = events[&f.offer_id];
                if !favourite_alert(m.event, f.alerted_price_cents, f.alerted_at, now) {
                    continue;
                }
                let sql = "UPDATE favourite SET alerted_price_cents = ?, alerted_at = ? WHERE user_id = ? AND offer_id = ?";
                txn.execute_raw(stmt(txn, sql, vec![m.price.into(), now.into(), f.user_id.into(), f.offer_id.into()])).await?;
                self.tell_favourite(txn, f.user_id, m).await?;
                n += 1;
            }
        }
        Ok(n)
    }

    async fn tell_favourite<C: ConnectionTrait>(&self, txn: &C, user_id: i32, m: &Moved) -> Result<(), DbErr> {
        let Some(offer) = crate::db::entities::offer::Entity::find_by_id(m.id).one(txn).await? else { return Ok(()) };
        let Some(user) = crate::db::entities::app_user::Entity::find_by_id(user_id).one(txn).await? else { return Ok(()) };
        let l = crate::i18n::Locale::De;
        let x = l.texts();
        let what = match m.event {
            Event::PriceDrop { from, to } => x.alerts_fav_price.replace("{from}", &crate::i18n::euro_in(l, from)).replace("{to}", &crate::i18n::euro_in(l, to)),
            Event::Gone => x.alerts_fav_gone.to_owned(),
            _ => x.alerts_fav_back.to_owned(),
        };
        let path = crate::common::url_key::offer_path(offer.id, &offer.slug);
        notify::push(txn, user_id, Kind::FavouriteChanged, &path, Some(&format!("{}: {what}", offer.title))).await?;
        if user.email_verified_at.is_some() {
            let link = format!("{}{path}", self.public_url.trim_end_matches('/'));
            let body = crate::i18n::fill(x.alerts_fav_mail_body, &[("name", &user.display_name), ("offer", &offer.title), ("what", &what), ("link", &link)]);
            outbox::enqueue(txn, &Mail::new(&user.email, &crate::i18n::fill(x.alerts_fav_mail_subject, &[("offer", &offer.title)]), body)).await?;
        }
        Ok(())
    }
}

/// Moves each offer's seen state, conditional on what was read: returns
/// the offers whose move this transaction made (another instance's
/// matcher, looking at the same time, gets none of them).
async fn take_over<C: ConnectionTrait>(txn: &C, moved: &[Moved]) -> Result<HashSet<i32>, DbErr> {
    let mut won = HashSet::new();
    let fresh: Vec<&Moved> = moved.iter().filter(|m| m.before.is_none()).collect();
    for chunk in fresh.chunks(300) {
        let marks = vec!["(?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!("INSERT INTO offer_alert_state (offer_id, status, price_cents) VALUES {marks} ON CONFLICT DO NOTHING RETURNING offer_id");
        let values = chunk.iter().flat_map(|m| [m.id.into(), m.status.clone().into(), m.price.into()]).collect();
        for r in txn.query_all_raw(stmt(txn, &sql, values)).await? {
            won.insert(r.try_get::<i32>("", "offer_id")?);
        }
    }
    let same = if txn.get_database_backend() == DbBackend::Postgres { "IS NOT DISTINCT FROM" } else { "IS" };
    let sql = format!("UPDATE offer_alert_state SET status = ?, price_cents = ? WHERE offer_id = ? AND status = ? AND price_cents {same} ?");
    for m in moved {
        if let Some((old_status, old_price)) = &m.before {
            let done = txn.execute_raw(stmt(txn, &sql, vec![m.status.clone().into(), m.price.into(), m.id.into(), old_status.clone().into(), (*old_price).into()])).await?;
            if done.rows_affected() == 1 {
                won.insert(m.id);
            }
        }
    }
    Ok(won)
}

/// Writes the hits of the offers taken over; each (search, offer) once.
/// Tells each account whose search found something, unless a notice of
/// that search is still unread.
async fn write_hits<C: ConnectionTrait>(txn: &C, found: &[Found], won: &HashSet<i32>, price_of: &HashMap<i32, Option<i64>>) -> Result<usize, DbErr> {
    let now = Utc::now();
    let mut told = Vec::new();
    let mut n = 0;
    for f in found {
        let offers: Vec<i32> = f.offers.iter().copied().filter(|o| won.contains(o)).collect();
        let mut added = 0;
        for chunk in offers.chunks(1000) {
            let marks = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let sql = format!("INSERT INTO saved_search_hit (search_id, offer_id, reason, price_cents, created_at) VALUES {marks} ON CONFLICT DO NOTHING");
            let values = chunk.iter().flat_map(|o| [f.search.into(), (*o).into(), f.reason.into(), price_of.get(o).copied().flatten().into(), now.into()]).collect();
            added += txn.execute_raw(stmt(txn, &sql, values)).await?.rows_affected() as usize;
        }
        n += added;
        if f.more > 0 && added > 0 {
            let sql = "UPDATE saved_search SET more_hits = more_hits + ? WHERE id = ?";
            txn.execute_raw(stmt(txn, sql, vec![(f.more as i32).into(), f.search.into()])).await?;
        }
        if let (Some(user), true) = (f.user, added > 0) {
            told.push((user, f.search, f.name.as_str()));
        }
    }
    if told.is_empty() {
        return Ok(n);
    }
    let unread: HashSet<String> = {
        let sql = "SELECT link FROM notification WHERE kind = ? AND read_at IS NULL";
        txn.query_all_raw(stmt(txn, sql, vec![Kind::SearchMatches.as_str().into()])).await?.into_iter().filter_map(|r| r.try_get("", "link").ok()).collect()
    };
    let mut done = HashSet::new();
    for (user, search, name) in told {
        let link = super::search_path(search);
        if !unread.contains(&link) && done.insert(search) {
            notify::push(txn, user, Kind::SearchMatches, &link, Some(name)).await?;
        }
    }
    Ok(n)
}

/// Runs the matcher and the digests whenever the bus announces applied
/// changes (a burst is taken together) and once a minute.
pub fn spawn(matcher: Matcher, bus: crate::live::bus::ChangeBus) {
    tokio::spawn(async move {
        let mut rx = bus.subscribe();
        let mut failing = false;
        let mut last_prune = std::time::Instant::now() - std::time::Duration::from_secs(3600);
        let mut last_full = std::time::Instant::now() - FULL_LOOK * 2;
        loop {
            // The offers the bus named; None: look at all (the minute's
            // look, a flood announced per provider, a lagging receiver).
            let mut only: Option<Vec<i32>> = Some(Vec::new());
            let note = |c: Result<crate::live::Change, tokio::sync::broadcast::error::RecvError>, only: &mut Option<Vec<i32>>| match c {
                Ok(c) if c.offer_id > 0 && !c.everything => {
                    if let Some(ids) = only.as_mut() {
                        ids.push(c.offer_id);
                    }
                }
                Ok(c) if c.offer_id == 0 && c.provider_id == 0 && !c.everything => {}
                _ => *only = None,
            };
            // A look at everything at start (what changed while no instance
            // looked) and every minute, however busy the bus.
            let wait = FULL_LOOK.saturating_sub(last_full.elapsed());
            match tokio::time::timeout(wait, rx.recv()).await {
                Err(_) => only = None,
                Ok(Err(tokio::sync::broadcast::error::RecvError::Closed)) => {
                    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                    only = None;
                }
                Ok(first) => {
                    note(first, &mut only);
                    // Let a burst settle, then take it in one go.
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                    loop {
                        match rx.try_recv() {
                            Err(tokio::sync::broadcast::error::TryRecvError::Empty) => break,
                            Err(tokio::sync::broadcast::error::TryRecvError::Closed) => break,
                            Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => only = None,
                            Ok(c) => note(Ok(c), &mut only),
                        }
                    }
                }
            }
            if last_full.elapsed() >= FULL_LOOK {
                only = None;
            }
            let result = async {
                if only.is_none() {
                    last_full = std::time::Instant::now();
                }
                matcher.run_among(only.as_deref()).await?;
                super::digest::send_due(&matcher.db, &matcher.reference, &matcher.public_url).await?;
                if last_prune.elapsed() > std::time::Duration::from_secs(3600) {
                    store::prune_unconfirmed(&matcher.db).await?;
                    outbox::prune(&matcher.db, chrono::Duration::days(30)).await?;
                    last_prune = std::time::Instant::now();
                }
                Ok::<(), DbErr>(())
            }
            .await;
            match result {
                Ok(()) => failing = false,
                Err(e) => {
                    if !std::mem::replace(&mut failing, true) {
                        tracing::error!(error = %e, "alerts");
                    }
                }
            }
        }
    });
}
