//! A large city for the benchmark: blocks of the demo generator (each its
//! own seed, ids stacked) until the wanted numbers of offers and reviews
//! are reached, bulk-inserted one block per transaction, then indexed.
use std::time::Instant;

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait};

use crate::db::entities::provider;
use crate::demo::generate::{generate_with, DemoCity};
use crate::demo::{advance_sequences, category_ids, insert_city, IdBase};
use crate::reference::Reference;

/// Seeds of the blocks: far from the demo city's.
const BLOCK_SEED: u64 = 1_000_000;
/// Reviews per offer of one demo block at one review round (a little less
/// than measured, so the rounds chosen always suffice).
const REVIEWS_PER_OFFER_PER_ROUND: f64 = 2.3;

#[derive(Debug, Clone, Copy, Default)]
pub struct Seeded {
    pub blocks: usize,
    pub users: usize,
    pub providers: usize,
    pub offers: usize,
    pub reviews: usize,
    pub insert_secs: f64,
    /// Search index and planner statistics.
    pub index_secs: f64,
}

/// Fills an empty database with `offers` offers and about `reviews` reviews.
pub async fn seed(db: &DatabaseConnection, offers: usize, reviews: usize) -> Result<Seeded, DbErr> {
    if provider::Entity::find().count(db).await? > 0 {
        return Err(DbErr::Custom("the benchmark needs an empty database".into()));
    }
    let rounds = ((reviews as f64 / offers.max(1) as f64) / REVIEWS_PER_OFFER_PER_ROUND).ceil().max(1.0) as u32;
    let categories = category_ids(db).await?;
    let now = Utc::now();
    let started = Instant::now();
    let mut s = Seeded::default();
    while s.offers < offers {
        let mut city = generate_with(BLOCK_SEED + s.blocks as u64, rounds);
        let offer_quota = offers - s.offers;
        // Reviews in proportion to the offers placed so far.
        let review_quota = (reviews as u128 * (s.offers + city.offers.len().min(offer_quota)) as u128 / offers as u128)
            as usize
            - s.reviews;
        truncate(&mut city, offer_quota, review_quota);
        let base = IdBase {
            users: s.users as i32,
            providers: s.providers as i32,
            offers: s.offers as i32,
            reviews: s.reviews as i32,
            email_tag: Some(format!("b{}", s.blocks)),
        };
        let txn = crate::db::begin_write(db).await?;
        insert_city(&txn, &city, &categories, base, now).await?;
        txn.commit().await?;
        s.blocks += 1;
        s.users += city.users.len();
        s.providers += city.providers.len();
        s.offers += city.offers.len();
        s.reviews += city.reviews.len();
        if s.blocks % 10 == 0 {
            eprintln!("  {} offers, {} reviews ({:.0} s)", s.offers, s.reviews, started.elapsed().as_secs_f64());
        }
    }
    advance_sequences(db).await?;
    s.insert_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let reference = Reference::load(db).await?;
    crate::search::store::ensure_index(db, &reference).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        // Also sets the visibility map, so counts can use index-only scans.
        db.execute_unprepared("VACUUM").await?;
    }
    crate::db::refresh_statistics(db).await?;
    s.index_secs = started.elapsed().as_secs_f64();
    Ok(s)
}

/// Keeps the first `offers` offers and `reviews` reviews of a block.
fn truncate(city: &mut DemoCity, offers: usize, reviews: usize) {
    city.offers.truncate(offers);
    city.reviews.truncate(reviews);
    for r in &mut city.reviews {
        if r.offer_index.is_some_and(|i| i >= offers) {
            r.offer_index = None;
        }
    }
}
