//! The performance benchmark's server side (`smart-city-duisburg bench-seed`
//! and `bench-search`); `scripts/bench.sh` drives it and measures the rest.
pub mod alerts;
pub mod catchup;
pub mod live;
pub mod search;
pub mod seed;

use sea_orm::DatabaseConnection;

use crate::reference::Reference;

/// A demo-marked estate agent for a benchmark's import (`slug` gets a
/// timestamp, so runs on one database do not collide).
pub async fn importer(db: &DatabaseConnection, r: &Reference, slug: &str, name: &str) -> Result<crate::db::entities::provider::Model, String> {
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    crate::db::entities::provider::ActiveModel {
        slug: Set(format!("{slug}-{}", now.timestamp_millis())),
        name: Set(name.into()),
        description: Set("Benchmark".into()),
        street: Set("Königstraße 1".into()),
        postal_code: Set("47051".into()),
        stadtteil_id: Set(Some(r.districts.stadtteile.first().map(|s| s.id).ok_or("no Stadtteile loaded")?)),
        ownership: Set("private".into()),
        is_demo: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| e.to_string())
}

/// Prints the search server time over `rounds` passes of the 56 queries.
pub async fn report_search(db: &DatabaseConnection, rounds: usize, verbose: bool) -> Result<(), String> {
    let reference = std::sync::Arc::new(Reference::load(db).await.map_err(|e| e.to_string())?);
    crate::search::store::ensure_index(db, &reference).await.map_err(|e| e.to_string())?;
    let bus = crate::live::bus::ChangeBus::start(db).await?;
    let catalog = crate::offers::catalog::Catalog::start(db.clone(), reference.clone(), bus);
    // The first answer waits for the load (LOAD_WAIT); a big city may take longer.
    while !catalog.is_loaded() {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (offers, terms) = catalog.size();
    let parts = catalog.heap_parts();
    let bytes = parts.total();
    println!("catalogue: {offers} offers, {terms} terms, {:.1} MB of heap ({} bytes per offer)", bytes as f64 / 1e6, bytes / offers.max(1));
    let per = |b: usize| b / offers.max(1);
    println!(
        "  per offer: slots {}, doc heap {}, postings {}, vocabulary {}, filters {}, lookups {}, providers and covers {}",
        per(parts.slots),
        per(parts.doc_heap),
        per(parts.postings),
        per(parts.vocabulary),
        per(parts.index),
        per(parts.lookups),
        per(parts.cards)
    );
    let t = search::run(&catalog, &reference, rounds).await.map_err(|e| e.to_string())?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    if verbose {
        let mut slowest = t.per_query.clone();
        slowest.sort_by(|a, b| b.1.cmp(&a.1));
        for (q, median, total) in slowest {
            println!("  {:>8.2} ms  {:>7} results  {q}", ms(median), total);
        }
    }
    println!(
        "search server time ({} queries x {} rounds): p50 {:.2} ms  p95 {:.2} ms  max {:.2} ms",
        search::QUERIES.len(),
        rounds,
        ms(t.percentile(0.50)),
        ms(t.percentile(0.95)),
        ms(t.max())
    );
    Ok(())
}
