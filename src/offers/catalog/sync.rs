//! Keeping the catalogue current: a full load the first time (and after a
//! long pause or a flood of changes), otherwise the changes noted in
//! `catalog_change` since the last look, applied row by row.
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement, Value};

use super::data::{Data, ProviderFacts};
use super::row::{by_ids, rows};
use super::Inner;
use crate::db::entities::{offer, offer_district, provider};
use crate::offers::store::PUBLISHED;
use crate::providers::domain::Ownership;
use crate::server::state::Reference;

/// More changes than this at once: a full load is quicker.
const MAX_INCREMENTAL: usize = 2_000;
/// A sequence number skipped by a transaction still open (PostgreSQL hands
/// them out before commit) is looked for again this long.
const GAP_WAIT: Duration = Duration::from_secs(10);
/// Change log rows are kept this long; an instance idle for longer reloads.
const KEEP: Duration = Duration::from_secs(3600);
const RELOAD_AFTER: Duration = Duration::from_secs(1800);
const PRUNE_EVERY: Duration = Duration::from_secs(300);
/// Offers per query of a full load: bounded memory, few round trips.
const BATCH: u64 = 5_000;

#[derive(Debug, Default)]
pub(super) struct Cursor {
    loaded_at: Option<Instant>,
    last_seq: i64,
    /// Skipped sequence numbers, since when.
    gaps: Vec<(i64, Instant)>,
    pruned_at: Option<Instant>,
}

pub(super) async fn catch_up<C: ConnectionTrait>(inner: &Inner, db: &C, r: &Reference) -> Result<(), DbErr> {
    let mut cur = inner.cursor.lock().await;
    if cur.loaded_at.is_none_or(|t| t.elapsed() > RELOAD_AFTER) {
        return reload(inner, db, r, &mut cur).await;
    }
    let changes = changes_since(db, cur.last_seq, &cur.gaps).await?;
    if changes.len() > MAX_INCREMENTAL {
        return reload(inner, db, r, &mut cur).await;
    }
    let now = Instant::now();
    cur.gaps.retain(|(s, since)| since.elapsed() < GAP_WAIT && !changes.iter().any(|c| c.0 == *s));
    for (seq, _, _) in &changes {
        if *seq > cur.last_seq {
            let missing = cur.last_seq + 1..*seq;
            if missing.end - missing.start > MAX_INCREMENTAL as i64 {
                return reload(inner, db, r, &mut cur).await;
            }
            cur.gaps.extend(missing.map(|s| (s, now)));
            cur.last_seq = *seq;
        }
    }
    if !changes.is_empty() {
        apply(inner, db, r, &changes).await?;
    }
    if cur.pruned_at.is_none_or(|t| t.elapsed() > PRUNE_EVERY) {
        prune(db).await?;
        cur.pruned_at = Some(now);
    }
    Ok(())
}

fn ph(backend: DbBackend, i: usize) -> String {
    if backend == DbBackend::Postgres { format!("${i}") } else { "?".to_owned() }
}

/// (seq, kind, id) of every change after `last` and of the gaps.
async fn changes_since<C: ConnectionTrait>(db: &C, last: i64, gaps: &[(i64, Instant)]) -> Result<Vec<(i64, String, i32)>, DbErr> {
    let backend = db.get_database_backend();
    let mut sql = format!("SELECT seq, kind, ref_id FROM catalog_change WHERE seq > {}", ph(backend, 1));
    let mut values: Vec<Value> = vec![last.into()];
    if !gaps.is_empty() {
        let list: Vec<String> = (0..gaps.len()).map(|i| ph(backend, i + 2)).collect();
        sql.push_str(&format!(" OR seq IN ({})", list.join(", ")));
        values.extend(gaps.iter().map(|(s, _)| Value::from(*s)));
    }
    sql.push_str(&format!(" ORDER BY seq LIMIT {}", MAX_INCREMENTAL + 1));
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .iter()
        .map(|row| Ok((row.try_get("", "seq")?, row.try_get("", "kind")?, row.try_get("", "ref_id")?)))
        .collect()
}

async fn max_seq<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let row = db.query_one_raw(Statement::from_string(backend, "SELECT COALESCE(MAX(seq), 0) AS n FROM catalog_change")).await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0))
}

async fn prune<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let cutoff = chrono::Utc::now() - chrono::Duration::from_std(KEEP).unwrap_or_default();
    let (sql, value): (String, Value) = match backend {
        DbBackend::Postgres => ("DELETE FROM catalog_change WHERE at < $1".into(), cutoff.into()),
        // SQLite's CURRENT_TIMESTAMP text compares in this format.
        _ => ("DELETE FROM catalog_change WHERE at < ?".into(), cutoff.format("%Y-%m-%d %H:%M:%S").to_string().into()),
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [value])).await?;
    Ok(())
}

async fn providers<C: ConnectionTrait>(db: &C, ids: Option<&[i32]>) -> Result<Vec<ProviderFacts>, DbErr> {
    let mut q = provider::Entity::find().select_only().columns([provider::Column::Id, provider::Column::Name, provider::Column::Ownership]);
    if let Some(ids) = ids {
        q = q.filter(provider::Column::Id.is_in(ids.iter().copied()));
    }
    let rows: Vec<(i32, String, String)> = q.into_tuple().all(db).await?;
    Ok(rows.into_iter().map(|(id, name, o)| ProviderFacts { id, name, ownership: Ownership::parse(&o), rating: Default::default() }).collect())
}

async fn links<C: ConnectionTrait>(db: &C, offer_ids: Option<&[i32]>) -> Result<HashMap<i32, Vec<i32>>, DbErr> {
    let mut q = offer_district::Entity::find();
    if let Some(ids) = offer_ids {
        q = q.filter(offer_district::Column::OfferId.is_in(ids.iter().copied()));
    }
    let mut out: HashMap<i32, Vec<i32>> = HashMap::new();
    for l in q.all(db).await? {
        out.entry(l.offer_id).or_default().push(l.bezirk_id);
    }
    Ok(out)
}

async fn reload<C: ConnectionTrait>(inner: &Inner, db: &C, r: &Reference, cur: &mut Cursor) -> Result<(), DbErr> {
    let started = Instant::now();
    // Read first: whatever commits during the load is applied next time.
    let seq = max_seq(db).await?;
    let mut data = Data::default();
    for p in providers(db, None).await? {
        data.set_provider(p);
    }
    for (id, rating) in crate::reviews::store::ratings(db, None).await? {
        data.set_rating(id, rating);
    }
    data.set_prior(crate::reviews::store::mean_rating(db).await?);
    let mut links = links(db, None).await?;
    let mut after = 0;
    loop {
        let batch = rows(offer::Entity::find().filter(offer::Column::Status.eq(PUBLISHED)).filter(offer::Column::Id.gt(after)).order_by_asc(offer::Column::Id).limit(BATCH))
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        data.extend(r, &batch, &mut links);
    }
    data.sort();
    let n = data.len();
    *inner.data.write().await = data;
    *cur = Cursor { loaded_at: Some(Instant::now()), last_seq: seq, gaps: Vec::new(), pruned_at: cur.pruned_at };
    tracing::info!(offers = n, elapsed_ms = started.elapsed().as_millis() as u64, "offer catalogue loaded");
    Ok(())
}

/// Reads what the changes touched and puts it into the catalogue.
async fn apply<C: ConnectionTrait>(inner: &Inner, db: &C, r: &Reference, changes: &[(i64, String, i32)]) -> Result<(), DbErr> {
    let ids = |kind: &str| -> Vec<i32> {
        let set: HashSet<i32> = changes.iter().filter(|c| c.1 == kind).map(|c| c.2).collect();
        set.into_iter().collect()
    };
    let (mut offer_ids, provider_ids, rating_ids) = (ids("o"), ids("p"), ids("r"));
    let providers = if provider_ids.is_empty() { Vec::new() } else { providers(db, Some(&provider_ids)).await? };
    let ratings = if rating_ids.is_empty() { Default::default() } else { crate::reviews::store::ratings(db, Some(&rating_ids)).await? };
    let prior = if changes.iter().any(|c| c.1 == "g") { Some(crate::reviews::store::mean_rating(db).await?) } else { None };
    {
        let mut data = inner.data.write().await;
        for p in providers {
            let id = p.id;
            if data.set_provider(p) {
                offer_ids.extend(data.offers_of(id));
            }
        }
        for id in rating_ids {
            data.set_rating(id, ratings.get(&id).cloned().unwrap_or_default());
        }
        if let Some(prior) = prior {
            data.set_prior(prior);
        }
    }
    offer_ids.sort_unstable();
    offer_ids.dedup();
    for chunk in offer_ids.chunks(500) {
        let rows = by_ids(chunk).all(db).await?;
        let mut links = links(db, Some(chunk)).await?;
        let mut data = inner.data.write().await;
        let found: HashSet<i32> = rows.iter().map(|o| o.id).collect();
        for id in chunk.iter().filter(|id| !found.contains(id)) {
            data.remove(*id);
        }
        for row in &rows {
            data.upsert(r, row, links.remove(&row.id).unwrap_or_default());
        }
    }
    Ok(())
}

impl Cursor {
    /// Changes whenever the catalogue's content may have: a load, a change
    /// past the last one seen, a gap filled (or given up on).
    pub(super) fn stamp(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.loaded_at, self.last_seq, self.gaps.len()).hash(&mut h);
        h.finish()
    }
}
