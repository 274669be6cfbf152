//! A full load: everything the catalogue holds, read in one database
//! snapshot (so it is consistent, and the cursor of that snapshot says
//! exactly what it covers). Each offer's terms come from the search index
//! the door wrote with it; texts the index lacks (or holds from another
//! release's analysis) are analysed on blocking threads while the next
//! batch is read.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::data::Data;
use super::doc::{analyse, Effort};
use super::row::{self, by_ids, rows, rows_without_description, Row, IDS};
use crate::changes::{snapshot, Cursor};
use crate::db::entities::offer;
use crate::reference::Reference;

/// Offers per query of a full load: bounded memory, few round trips.
const BATCH: u64 = 5_000;

pub(super) async fn load(db: &DatabaseConnection, r: &Arc<Reference>, effort: Effort) -> Result<(Data, Cursor), DbErr> {
    let started = Instant::now();
    let snap = snapshot(db).await?;
    let txn = &snap.txn;
    let mut data = Data::default();
    // The synonyms in force as of the same snapshot the log is followed from.
    data.thesaurus = Arc::new(crate::search::tuning::stored_thesaurus(txn).await?);
    let providers = row::providers(txn, None).await?;
    let names: Arc<HashMap<i32, String>> = Arc::new(providers.iter().map(|p| (p.id, p.name.clone())).collect());
    for p in providers {
        data.set_provider(p);
    }
    for (id, rating) in crate::reviews::store::ratings(txn, None).await? {
        data.set_rating(id, rating);
    }
    data.set_prior(crate::reviews::store::mean_rating(txn).await?);
    data.rank_providers();
    let (covers, logos) = crate::photos::store::all_covers_and_logos(txn).await?;
    for (provider_id, logo) in logos {
        data.set_logo(provider_id, Some(logo));
    }
    for (id, p) in row::projects(txn, None).await? {
        data.set_project(id, Some(p));
    }
    let links = row::links(txn, None).await?;
    let index_current = crate::search::store::built_by_this_analysis(txn).await?;
    // Batches are analysed and placed on a blocking thread of their own
    // while the next is read (reading is half the work of a load).
    // `None` says every batch was read; a failed read only hangs up.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Option<Batch>>(2);
    let (r2, names) = (r.clone(), names.clone());
    let placer = tokio::task::spawn_blocking(move || {
        while let Some(next) = rx.blocking_recv() {
            let Some((batch, bezirke, stored)) = next else {
                // Here, not on the runtime's thread: seconds at a million offers.
                data.sort();
                data.compact();
                crate::server::memory::give_back();
                break;
            };
            data.extend(analyse(&r2, &batch, bezirke, stored, &names, effort));
        }
        data
    });
    // The placer is awaited before a read error is returned, so no
    // analysis outlives a failed load.
    let read = read_all(txn, index_current, links, tx).await;
    let mut data = placer.await.map_err(|e| DbErr::Custom(format!("analysing offers: {e}")))?;
    read?;
    for (offer_id, cover) in covers {
        data.set_cover(offer_id, Some(cover));
    }
    let cursor = snap.cursor;
    snap.txn.commit().await?;
    tracing::info!(offers = data.len(), terms = data.term_count(), elapsed_ms = started.elapsed().as_millis() as u64, "offer catalogue loaded");
    Ok((data, cursor))
}

/// The published offers of `batch` the index lacks (written past the door)
/// are analysed: their descriptions are read after all.
async fn with_descriptions<C: sea_orm::ConnectionTrait>(txn: &C, batch: &mut [Row], stored: &HashMap<i32, (String, String)>) -> Result<(), DbErr> {
    let missing: Vec<i32> = batch.iter().filter(|o| o.status == crate::offers::store::PUBLISHED && !stored.contains_key(&o.id)).map(|o| o.id).collect();
    for chunk in missing.chunks(IDS) {
        let mut full: HashMap<i32, Row> = by_ids(chunk).all(txn).await?.into_iter().map(|o| (o.id, o)).collect();
        for o in batch.iter_mut() {
            if let Some(f) = full.remove(&o.id) {
                o.description = f.description;
            }
        }
    }
    Ok(())
}

/// A batch of offers with their served Stadtbezirke and the terms the index holds.
type Batch = (Vec<Row>, HashMap<i32, Vec<i32>>, HashMap<i32, (String, String)>);

/// Reads every offer, batch by batch, and hands the batches to the placer.
async fn read_all<C: sea_orm::ConnectionTrait>(
    txn: &C,
    index_current: bool,
    mut links: HashMap<i32, Vec<i32>>,
    tx: tokio::sync::mpsc::Sender<Option<Batch>>,
) -> Result<(), DbErr> {
    let mut after = 0;
    loop {
        // In id order by the primary key, every status (`Doc::of` keeps the
        // published): filtered by status, SQLite took the status index and
        // sorted all published offers again for every batch, which made a
        // load at a million offers quadratic.
        let next = offer::Entity::find().filter(offer::Column::Id.gt(after)).order_by_asc(offer::Column::Id).limit(BATCH);
        let mut batch: Vec<Row> = match index_current {
            true => rows_without_description(next),
            false => rows(next),
        }
        .all(txn)
        .await?;
        let Some(last) = batch.last() else {
            // The placer's error, if it is gone, is the caller's.
            let _ = tx.send(None).await;
            return Ok(());
        };
        let (first, last) = (after, last.id);
        after = last;
        let stored = match index_current {
            true => {
                let stored = crate::search::store::stored_terms(txn, first, last).await?;
                with_descriptions(txn, &mut batch, &stored).await?;
                stored
            }
            false => HashMap::new(),
        };
        let bezirke: HashMap<i32, Vec<i32>> = batch.iter().filter_map(|o| links.remove_entry(&o.id)).collect();
        if tx.send(Some((batch, bezirke, stored))).await.is_err() {
            return Ok(()); // The placer is gone: its error is the caller's.
        }
    }
}
