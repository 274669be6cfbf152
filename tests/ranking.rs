//! The published ranking, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::{fixtures, spawn_app, Seed, TestApp};
use serde_json::Value;

async fn list(app: &TestApp, form: &[(&str, &str)]) -> Vec<Value> {
    let resp = app.client.post(app.url("/api/offers")).form(form).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: Value = resp.json().await.unwrap();
    body["offers"].as_array().unwrap().clone()
}

#[tokio::test]
async fn ownership_never_changes_the_rank() {
    let app = spawn_app(Seed::Empty).await;
    let at = Utc::now() - Duration::days(3);
    for (name, ownership) in [("Privatbetrieb Nord", "private"), ("Stadtbetrieb Nord", "municipal"), ("Genossenschaft Nord", "cooperative")] {
        let p = fixtures::provider(&app.db, name, ownership, at).await;
        fixtures::offer(&app.db, p, 14, "Dachrinne reinigen", Some(9_900), at).await;
        fixtures::reviews(&app.db, p, &[5, 4, 4], at).await;
    }
    let offers = list(&app, &[("filter[q]", "Dachrinne")]).await;
    assert_eq!(offers.len(), 3);
    let ranks: Vec<&Value> = offers.iter().map(|o| &o["rank"]).collect();
    assert!(ranks[0].is_object(), "relevance lists carry their score parts");
    assert!(ranks.iter().all(|r| *r == ranks[0]), "identical offers of differently owned providers rank equally: {ranks:?}");
}

#[tokio::test]
async fn many_good_reviews_beat_one_perfect_review() {
    let app = spawn_app(Seed::Empty).await;
    let at = Utc::now() - Duration::days(3);
    let one = fixtures::provider(&app.db, "Einzelstern", "private", at).await;
    fixtures::offer(&app.db, one, 14, "Dach decken", None, at).await;
    fixtures::reviews(&app.db, one, &[5], at).await;
    let many = fixtures::provider(&app.db, "Vielstern", "private", at).await;
    fixtures::offer(&app.db, many, 14, "Dach decken", None, at).await;
    let stars: Vec<i16> = (0..60).map(|i| if i % 10 < 7 { 5 } else { 4 }).collect();
    fixtures::reviews(&app.db, many, &stars, at).await;
    // The rest of the city rates lower: the prior is the city-wide mean (≈ 4.0).
    let others = fixtures::provider(&app.db, "Mittelfeld", "private", at).await;
    let middling: Vec<i16> = (0..40).map(|i| [2, 3, 3, 4][i % 4]).collect();
    fixtures::reviews(&app.db, others, &middling, at).await;

    for sort in ["relevanz", "bewertung"] {
        let offers = list(&app, &[("filter[q]", "Dach"), ("filter[sortierung]", sort)]).await;
        assert_eq!(offers[0]["provider"]["name"], "Vielstern", "sort {sort}");
    }
}

#[tokio::test]
async fn price_sorts_put_requests_without_price_last() {
    let app = spawn_app(Seed::Demo).await;
    for (sort, ascending) in [("preis-aufsteigend", true), ("preis-absteigend", false)] {
        let offers = list(&app, &[("filter[kategorie]", "handwerk"), ("filter[sortierung]", sort)]).await;
        let prices: Vec<i64> = offers.iter().filter_map(|o| o["price"]["cents"].as_i64()).collect();
        assert_eq!(prices.len(), offers.len(), "no 'auf Anfrage' on the first page");
        let mut sorted = prices.clone();
        sorted.sort();
        if !ascending {
            sorted.reverse();
        }
        assert_eq!(prices, sorted, "{sort}");
        assert!(offers.iter().all(|o| o["rank"].is_null()));
    }
    let (status, html) = app.page("/angebote?sortierung=zufall").await;
    assert_eq!(status, 400);
    assert!(html.contains("Diese Sortierung gibt es nicht."));
}

#[tokio::test]
async fn transparency_page_publishes_the_weights() {
    let app = spawn_app(Seed::Empty).await;
    let (status, html) = app.page("/transparenz").await;
    assert_eq!(status, 200);
    for part in ["Treffer im Titel", "Bewertung (Bayes-Mittel)", "Zahl der Bewertungen", "Aktualität", "Passt zum Stadtbezirk", "40\u{a0}%", "25\u{a0}%"] {
        assert!(html.contains(part), "{part} missing");
    }
}
