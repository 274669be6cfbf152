//! `bench-alerts [SEARCHES] [LISTINGS]`: on a seeded city, saves SEARCHES
//! (default 10,000) resident-like searches, imports LISTINGS (default
//! 20,000) generated flats through the offers' door, and times the alert
//! matcher from the moment the catalogue lists them until every hit is
//! written (target: 20,000 listings against 10,000 searches in <= 30 s).
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ConnectionTrait, Statement};

use crate::alerts::domain::{Frequency, SavedQuery};
use crate::alerts::matcher::Matcher;
use crate::alerts::store::{self, Owner};
use crate::offers::catalog::Catalog;
use crate::offers::domain::HousingKind;
use crate::offers::filters::ExtraFilters;
use crate::reference::Reference;

pub struct Figures {
    pub searches: usize,
    pub listings: usize,
    pub offers_before: usize,
    pub catch_up: Duration,
    pub matched: Duration,
    pub hits: usize,
    /// Of `matched`: asking the catalogue (the rest is reading and writing).
    pub asking: Duration,
    pub peak_rss_mb: u64,
}

/// The process's peak resident memory (Linux), in MB.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok()))
        .map_or(0, |kb| kb / 1024)
}

/// A small deterministic generator, so every run saves the same searches.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const WORDS: [&str; 12] = ["balkon", "garten", "altbau", "dach", "heizung", "umzug", "reinigung", "aufzug", "terrasse", "neubau", "fenster", "bad"];

/// What residents save (as on the big portals): mostly a flat to rent or
/// buy in a Stadtteil or Stadtbezirk, from a number of rooms, under a price,
/// often from a living area; the rest a category and place, some with a
/// word. Two thirds rent, as the imported flats.
fn search(rng: &mut Rng, r: &Reference) -> SavedQuery {
    let slug = |s: &str| r.categories.by_slug(s).map(|c| c.id);
    let bezirk = (rng.below(4) > 0).then(|| r.districts.bezirke[rng.below(r.districts.bezirke.len())].id);
    if rng.below(10) < 7 {
        let rent = rng.below(3) > 0;
        let (bezirk_id, stadtteil_id) = match rng.below(10) {
            0..=4 => {
                let st = &r.districts.stadtteile[rng.below(r.districts.stadtteile.len())];
                (Some(st.bezirk_id), Some(st.id))
            }
            5..=8 => (bezirk, None),
            _ => (None, None),
        };
        let extra = ExtraFilters {
            price_to_cents: Some(if rent { 400 + rng.below(1000) as i64 } else { 100_000 + rng.below(350_000) as i64 } * 100),
            min_rooms_tenths: (rng.below(5) > 0).then(|| 15 + 5 * rng.below(6) as i32),
            min_area_centi_m2: (rng.below(5) < 2).then(|| (40 + rng.below(60) as i32) * 100),
            housing_kind: Some(if rent { HousingKind::Rent } else { HousingKind::Buy }),
            ..Default::default()
        };
        let category_id = slug(if rent { "wohnen-mieten" } else { "wohnen-kaufen" }).or_else(|| slug("wohnen"));
        let text = (rng.below(8) == 0).then(|| WORDS[rng.below(3)].to_owned());
        SavedQuery { category_id, bezirk_id, stadtteil_id, text, extra, ..Default::default() }
    } else {
        let leaves: Vec<i32> = r.categories.all.iter().filter(|c| r.categories.children(c.id).next().is_none()).map(|c| c.id).collect();
        let text = (rng.below(3) == 0).then(|| WORDS[rng.below(WORDS.len())].to_owned());
        SavedQuery { category_id: Some(leaves[rng.below(leaves.len())]), bezirk_id: bezirk, text, ..Default::default() }
    }
}

pub async fn run(url: &str, searches: usize, listings: usize) -> Result<Figures, String> {
    let e = |e: sea_orm::DbErr| e.to_string();
    let db = crate::db::connect_and_migrate(url).await.map_err(e)?;
    let r = Arc::new(Reference::load(&db).await.map_err(e)?);
    crate::search::store::ensure_index(&db, &r).await.map_err(e)?;
    let bus = crate::live::bus::ChangeBus::start(&db).await?;
    let catalog = Catalog::start(db.clone(), r.clone(), bus);
    while !catalog.is_loaded() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let offers_before = catalog.size().0;
    let matcher = Matcher { db: db.clone(), catalog: catalog.clone(), reference: r.clone(), public_url: "http://bench.invalid".into() };
    // What is there already is not news: the matcher takes note of it first.
    matcher.run().await.map_err(e)?;

    let mut rng = Rng(0x5eed_a1e7);
    let txn = crate::db::begin_write(&db).await.map_err(e)?;
    for i in 0..searches {
        let owner = Owner::Email(format!("bench-alert-{i}@example.invalid"));
        let s = store::create(&txn, &owner, &format!("Benchmark {i}"), &search(&mut rng, &r), Frequency::Daily, crate::i18n::Locale::De).await.map_err(e)?;
        // Confirmed, as a subscriber would be.
        txn.execute_raw(crate::db::stmt(&txn, "UPDATE saved_search SET confirmed_at = ? WHERE id = ?", vec![Utc::now().into(), s.id.into()])).await.map_err(e)?;
    }
    txn.commit().await.map_err(e)?;

    let p = super::importer(&db, &r, "alerts-bench", "Suchauftrag Immobilien (Benchmark)").await?;
    let doc = openimmo::synth::document(listings, 11);
    let report = crate::openimmo_import::store::import(&db, &r, p.id, &doc, Default::default(), None, &|_, _| {}).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    while catalog.with(|d| d.count_of_provider(p.id)) < report.created {
        let _ = catalog.fresh().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let catch_up = started.elapsed();
    let started = Instant::now();
    let round = matcher.run().await.map_err(e)?;
    let matched = started.elapsed();
    // The benchmark's searches and hits go; the imported flats stay, as other benchmarks leave theirs.
    db.execute_raw(Statement::from_string(db.get_database_backend(), "DELETE FROM saved_search WHERE email LIKE 'bench-alert-%'")).await.map_err(e)?;
    Ok(Figures { searches, listings: report.created, offers_before, catch_up, matched, hits: round.hits, asking: round.asking, peak_rss_mb: peak_rss_mb() })
}
