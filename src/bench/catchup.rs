//! `bench-catchup [LISTINGS]`: how soon every instance lists an import.
//!
//! Two offer catalogues (`BENCH_CATCHUP_INSTANCES`) follow the database,
//! each with its own connection pool and change listener, as two instances
//! would. Writers change other
//! offers all the while (past the app, as further instances do). An OpenImmo
//! import of LISTINGS generated listings commits; the benchmark times, per
//! catalogue, from the commit until a list shows every imported offer.
//! Then the results list's p99 over the 50 benchmark queries, normally and
//! while a full reload is being built and swapped in.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Statement};

use crate::common::paging::PER_PAGE;
use crate::db::entities::offer;
use crate::offers::catalog::Catalog;
use crate::offers::query::OfferQuery;
use crate::reference::Reference;

pub struct Figures {
    pub listings: usize,
    pub import_secs: f64,
    /// Per catalogue: commit → every imported offer listed.
    pub visible_after: Vec<Duration>,
    pub concurrent_writes: u64,
    pub list_p99: Duration,
    pub list_p99_during_reload: Duration,
    pub reload_secs: f64,
    pub lists_during_reload: usize,
}

async fn instance(url: &str, r: &Arc<Reference>) -> Result<Catalog, String> {
    let db = crate::db::connect(url).await.map_err(|e| e.to_string())?;
    let bus = crate::live::bus::ChangeBus::start(&db).await?;
    let c = Catalog::start(db, r.clone(), bus);
    while !c.is_loaded() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(c)
}

/// Writers that keep changing published offers until `stop`.
fn writers(db: &DatabaseConnection, ids: Arc<Vec<i32>>, stop: Arc<AtomicBool>, count: Arc<AtomicU64>) -> Vec<tokio::task::JoinHandle<()>> {
    (0..4u64)
        .map(|w| {
            let (db, ids, stop, count) = (db.clone(), ids.clone(), stop.clone(), count.clone());
            tokio::spawn(async move {
                let mut i = w as usize * 7919;
                while !stop.load(Ordering::Relaxed) && !ids.is_empty() {
                    i = (i + 104_729) % ids.len();
                    let sql = Statement::from_sql_and_values(
                        db.get_database_backend(),
                        match db.get_database_backend() {
                            sea_orm::DbBackend::Postgres => "UPDATE offer SET version = version + 1, updated_at = $1 WHERE id = $2",
                            _ => "UPDATE offer SET version = version + 1, updated_at = ? WHERE id = ?",
                        },
                        [Utc::now().into(), ids[i].into()],
                    );
                    if db.execute_raw(sql).await.is_ok() {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect()
}

fn p99(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(((v.len() as f64 * 0.99).ceil() as usize).saturating_sub(1)).copied().unwrap_or_default()
}

/// Times list calls over the benchmark queries until `until` says stop.
async fn list_times(c: &Catalog, r: &Reference, queries: &[OfferQuery], until: impl Fn(usize, Duration) -> bool) -> Vec<Duration> {
    let (mut out, started) = (Vec::new(), Instant::now());
    while !until(out.len(), started.elapsed()) {
        let q = &queries[out.len() % queries.len()];
        let t = Instant::now();
        let _ = crate::offers::store::list(c, r, q, PER_PAGE).await;
        out.push(t.elapsed());
    }
    out
}

pub async fn run(url: &str, n: usize) -> Result<Figures, String> {
    let db = crate::db::connect_and_migrate(url).await.map_err(|e| e.to_string())?;
    let r = Arc::new(Reference::load(&db).await.map_err(|e| e.to_string())?);
    crate::search::store::ensure_index(&db, &r).await.map_err(|e| e.to_string())?;
    // Two by default; `BENCH_CATCHUP_INSTANCES=1` times one alone (two on
    // one 2-core machine share its cores, as two servers would not).
    let count: usize = std::env::var("BENCH_CATCHUP_INSTANCES").ok().and_then(|v| v.parse().ok()).unwrap_or(2).max(1);
    let mut catalogs = Vec::with_capacity(count);
    for _ in 0..count {
        catalogs.push(instance(url, &r).await?);
    }
    let queries: Vec<OfferQuery> = super::search::QUERIES
        .iter()
        .map(|q| OfferQuery::from_filter(&super::search::filter(q), &r.categories, &r.districts))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("benchmark query rejected: {e:?}"))?;

    let p = super::importer(&db, &r, "catchup-bench", "Nachzügler Immobilien (Benchmark)").await?;
    let ids: Vec<i32> = offer::Entity::find()
        .select_only()
        .column(offer::Column::Id)
        .filter(offer::Column::Status.eq("published"))
        .limit(10_000)
        .into_tuple()
        .all(&db)
        .await
        .map_err(|e| e.to_string())?;
    let (stop, count) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
    let writing = writers(&db, Arc::new(ids), stop.clone(), count.clone());

    // The document as read (a file this size is past the reader's limit for
    // uploads); the import writes it as any other, through the offers' door.
    let doc = openimmo::synth::document(n, 7);
    let started = Instant::now();
    let report = crate::openimmo_import::store::import(&db, &r, p.id, &doc, Default::default(), None, &|_, _| {}).await.map_err(|e| e.to_string())?;
    let committed = Instant::now();
    let import_secs = started.elapsed().as_secs_f64();
    let waits = catalogs.iter().map(|c| {
        let (c, created, pid) = (c.clone(), report.created, p.id);
        tokio::spawn(async move {
            loop {
                let _ = c.fresh().await;
                if c.with(|d| d.count_of_provider(pid)) >= created {
                    return committed.elapsed();
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    });
    let mut visible_after = Vec::new();
    for w in waits.collect::<Vec<_>>() {
        visible_after.push(w.await.map_err(|e| e.to_string())?);
    }
    stop.store(true, Ordering::Relaxed);
    for w in writing {
        let _ = w.await;
    }

    let c = &catalogs[0];
    let normal = list_times(c, &r, &queries, |_, t| t > Duration::from_secs(5)).await;
    let before = c.reloads();
    c.reload();
    let t = Instant::now();
    let during = list_times(c, &r, &queries, |_, _| c.reloads() > before).await;
    let reload_secs = t.elapsed().as_secs_f64();
    Ok(Figures {
        listings: report.created,
        import_secs,
        visible_after,
        concurrent_writes: count.load(Ordering::Relaxed),
        list_p99: p99(normal),
        lists_during_reload: during.len(),
        list_p99_during_reload: p99(during),
        reload_secs,
    })
}
