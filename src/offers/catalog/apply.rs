//! Applying a batch of change-log rows: what they name is read again from
//! the database (nothing is taken from the log but ids), analysed on
//! blocking threads, and put in under the write lock a chunk at a time, so
//! lists keep being answered while a large import is applied.
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbErr};

use super::data::Data;
use super::doc::{analyse, Effort};
use super::row::{self, by_ids, IDS};

/// Offers put in under one write lock: few lock periods for a large
/// import, each short enough that lists barely wait.
const BATCH: usize = 10_000;
use crate::changes::{Change, Kind};
use crate::reference::Reference;

/// The one way to change the catalogue in place: what was counted over it
/// goes with the lock.
fn write(data: &RwLock<Data>) -> std::sync::RwLockWriteGuard<'_, Data> {
    let mut d = data.write().unwrap_or_else(|e| e.into_inner());
    d.counted = std::sync::OnceLock::new();
    d.derived = Default::default();
    d
}

fn read_lock(data: &RwLock<Data>) -> std::sync::RwLockReadGuard<'_, Data> {
    data.read().unwrap_or_else(|e| e.into_inner())
}

/// Applies `changes` to `data`. On an error nothing is lost: the caller
/// keeps its cursor and applies the same rows again (every step is an
/// idempotent replace by id).
pub(super) async fn apply<C: ConnectionTrait>(db: &C, r: &Arc<Reference>, data: &RwLock<Data>, changes: &[Change]) -> Result<(), DbErr> {
    let ids = |kinds: &[Kind]| -> Vec<i32> {
        let set: BTreeSet<i32> = changes.iter().filter(|c| kinds.contains(&c.kind)).map(|c| c.id).collect();
        set.into_iter().collect()
    };
    let mut offer_ids: BTreeSet<i32> = ids(&[Kind::Offer]).into_iter().collect();
    let provider_ids = ids(&[Kind::Provider]);
    let rating_ids = ids(&[Kind::Rating]);
    let project_ids = ids(&[Kind::Project]);
    let cover_ids: BTreeSet<i32> = changes.iter().filter(|c| c.kind == Kind::Photo && c.id != 0).map(|c| c.id).collect();
    let logo_ids: BTreeSet<i32> = changes.iter().filter(|c| c.kind == Kind::Photo && c.id == 0).filter_map(|c| c.provider_id).collect();

    // Synonyms an administrator changed: in force for the next query.
    if changes.iter().any(|c| c.kind == Kind::Synonyms) {
        let t = Arc::new(crate::search::tuning::stored_thesaurus(db).await?);
        write(data).thesaurus = t;
    }
    // Providers, ratings, logos, projects, the prior: small, read first.
    let mut providers = Vec::new();
    for chunk in provider_ids.chunks(IDS) {
        providers.extend(row::providers(db, Some(chunk)).await?);
    }
    let ratings = if rating_ids.is_empty() { HashMap::new() } else { crate::reviews::store::ratings(db, Some(&rating_ids)).await? };
    let prior = if changes.iter().any(|c| c.kind == Kind::CityRating) { Some(crate::reviews::store::mean_rating(db).await?) } else { None };
    // A new provider's logo, too.
    let logo_of: Vec<i32> = logo_ids.iter().copied().chain(provider_ids.iter().copied()).collect::<BTreeSet<_>>().into_iter().collect();
    let mut logos = HashMap::new();
    for chunk in logo_of.chunks(IDS) {
        logos.extend(crate::photos::store::logos(db, chunk).await?);
    }
    let mut projects = HashMap::new();
    for chunk in project_ids.chunks(IDS) {
        projects.extend(row::projects(db, Some(chunk)).await?);
    }
    {
        let mut d = write(data);
        for p in providers {
            let id = p.id;
            if d.set_provider(p) {
                offer_ids.extend(d.offers_of(id));
            }
        }
        let reranked = !rating_ids.is_empty() || prior.is_some();
        for id in rating_ids {
            d.set_rating(id, ratings.get(&id).cloned().unwrap_or_default());
        }
        for id in logo_of {
            d.set_logo(id, logos.remove(&id));
        }
        for id in project_ids {
            d.set_project(id, projects.remove(&id));
        }
        if let Some(prior) = prior {
            d.set_prior(prior);
        }
        if reranked {
            d.rank_providers();
        }
    }

    // Offers: read and analysed off the runtime a chunk at a time, put in
    // a batch at a time (the write lock once per batch); covers with them.
    let offer_ids: Vec<i32> = offer_ids.into_iter().collect();
    let (mut reading, mut analysing_total, mut putting) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for batch in offer_ids.chunks(BATCH) {
        let (mut docs, mut gone, mut covers) = (Vec::new(), Vec::new(), HashMap::new());
        // A chunk is analysed on blocking threads while the next is read.
        let mut analysing: Option<(&[i32], tokio::task::JoinHandle<Vec<super::doc::Analysed>>, Instant)> = None;
        let mut chunks = batch.chunks(IDS);
        loop {
            let next = chunks.next();
            let read = match next {
                Some(chunk) => {
                    let t = Instant::now();
                    let rows = by_ids(chunk).all(db).await?;
                    let links = row::links(db, Some(chunk)).await?;
                    covers.extend(crate::photos::store::covers(db, chunk).await?);
                    reading += t.elapsed();
                    Some((chunk, rows, links))
                }
                None => None,
            };
            if let Some((chunk, job, started)) = analysing.take() {
                let analysed = job.await.map_err(|e| DbErr::Custom(format!("analysing offers: {e}")))?;
                analysing_total += started.elapsed();
                // Gone, or no longer published: out.
                let published: BTreeSet<i32> = analysed.iter().map(|a| a.doc.id).collect();
                gone.extend(chunk.iter().copied().filter(|id| !published.contains(id)));
                docs.extend(analysed);
            }
            let Some((chunk, rows, links)) = read else { break };
            let names: HashMap<i32, String> = {
                let d = read_lock(data);
                rows.iter().filter_map(|o| d.provider(o.provider_id).map(|p| (o.provider_id, p.name.clone()))).collect()
            };
            let r2 = r.clone();
            analysing = Some((chunk, tokio::task::spawn_blocking(move || analyse(&r2, &rows, links, HashMap::new(), &names, Effort::Full)), Instant::now()));
        }
        let t = Instant::now();
        let mut d = write(data);
        d.replace_many(&gone, docs);
        for id in batch {
            d.set_cover(*id, covers.remove(id));
        }
        putting += t.elapsed();
    }
    if offer_ids.len() >= BATCH {
        let ms = |d: Duration| d.as_millis() as u64;
        // Analyses overlap the reading of the next chunk.
        tracing::info!(offers = offer_ids.len(), read_ms = ms(reading), analyse_ms = ms(analysing_total), put_ms = ms(putting), "offer catalogue applied a large batch");
    }
    // Photos of offers that did not change themselves.
    let only_covers: Vec<i32> = cover_ids.into_iter().filter(|id| offer_ids.binary_search(id).is_err()).collect();
    for chunk in only_covers.chunks(IDS) {
        let mut covers = crate::photos::store::covers(db, chunk).await?;
        let mut d = write(data);
        for id in chunk {
            d.set_cover(*id, covers.remove(id));
        }
    }
    Ok(())
}
