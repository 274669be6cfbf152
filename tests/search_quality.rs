//! Search quality over the demo city: a table of resident queries (trade
//! names, synonyms, compounds, typos, English words) with the category each
//! must find. Reports the zero-result rate (target 0) and the share of
//! queries whose first ten results all lie in the expected category tree
//! (target ≥ 90 %). Runs on SQLite, and on PostgreSQL with TEST_DATABASE.
#![cfg(feature = "ssr")]
mod common;

use common::{spawn_app, Seed};
use smart_city_duisburg::offers::query::{OfferFilter, OfferQuery};
use smart_city_duisburg::offers::store;

const TABLE: &str = include_str!("data/search_quality.tsv");

#[tokio::test]
async fn resident_queries_find_their_category() {
    let app = spawn_app(Seed::Demo).await;
    let r = &app.state.reference;
    let rows: Vec<(&str, &str, &str)> = TABLE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "bad line {l:?}");
            (f[0], f[1], f[2])
        })
        .collect();
    assert!(rows.len() >= 100, "{} queries", rows.len());
    let (mut zero, mut on_topic, mut report) = (Vec::new(), 0usize, String::new());
    for (query, slug, kind) in &rows {
        let category = r.categories.by_slug(slug).unwrap_or_else(|| panic!("unknown category {slug}"));
        let tree = r.categories.with_descendants(category.id);
        let filter = OfferFilter { q: Some((*query).to_owned()), ..OfferFilter::default() };
        let q = OfferQuery::from_filter(&filter, &r.categories, &r.districts).unwrap();
        let page = store::list(&app.state.catalog, r, &q, 10).await.unwrap();
        let off: Vec<&str> = page.offers.iter().filter(|o| !tree.contains(&o.category_id)).map(|o| o.category.as_str()).collect();
        if page.paging.total == 0 {
            zero.push(*query);
        } else if off.is_empty() {
            on_topic += 1;
        }
        report.push_str(&format!("{query:<24} {kind:<9} {slug:<18} {:>4} results, {} of 10 off-topic {off:?}\n", page.paging.total, off.len()));
    }
    // How the compounds were split (against the index's own vocabulary).
    let vocab = app.state.catalog.vocabulary();
    for (query, _, kind) in &rows {
        let terms = smart_city_duisburg::search::store::analyse_query(query, &vocab, vocab.thesaurus());
        if *kind == "compound" && !query.contains(['-', ' ']) {
            let parts: Vec<&str> = terms[0].parts.iter().map(|p| p[0].as_str()).collect();
            report.push_str(&format!("split {query:<24} {}\n", if parts.is_empty() { "(not split: a part is not in the index)".to_owned() } else { format!("{parts:?}") }));
        }
    }
    let share = on_topic as f64 / rows.len() as f64;
    println!("{report}");
    println!(
        "search quality: {} queries, zero-result rate {:.1} % ({zero:?}), first ten all on topic {:.1} %",
        rows.len(),
        100.0 * zero.len() as f64 / rows.len() as f64,
        100.0 * share
    );
    assert!(zero.is_empty(), "queries without results: {zero:?}\n{report}");
    assert!(share >= 0.90, "only {:.1} % on topic\n{report}", 100.0 * share);
}
