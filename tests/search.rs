//! German full-text search behaves the same on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, TestApp};

const TITLES: &[&str] = &[
    "Dachdecker-Meisterbetrieb: Dachreparatur",
    "Helle Wohnung in Duissern",
    "Zwei Wohnungen im Altbau",
    "Gebäudereinigung an der Müller-Straße",
    "Umzug nach Mülheim an der Ruhr",
    "Dächer neu eindecken",
    "Altbauwohnung mit Balkon",
];

async fn app_with_offers() -> TestApp {
    let url = common::fresh_database_url().await;
    let db = smart_city_duisburg::db::connect_and_migrate(&url).await.unwrap();
    let at = Utc::now();
    let p = fixtures::provider(&db, "Testbetrieb Rheinufer", "private", at).await;
    for (i, title) in TITLES.iter().enumerate() {
        // 14 = Handwerk › Dachdecker, 17 = Handwerk › Maler, 2 = Wohnen › Kaufen
        let category = match i { 0 => 14, 5 => 17, _ => 2 };
        fixtures::offer(&db, p, category, title, None, at).await;
    }
    // The app starts on the arranged database, as after a restart.
    common::spawn_app_on(url).await
}

async fn titles(app: &TestApp, q: &str) -> Vec<String> {
    let resp = app.client.post(app.url("/api/offers")).form(&[("filter[q]", q)]).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200, "query {q:?}");
    let body: serde_json::Value = resp.json().await.unwrap();
    let mut t: Vec<String> =
        body["offers"].as_array().unwrap().iter().map(|o| o["title"].as_str().unwrap().to_owned()).collect();
    t.sort();
    t
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[tokio::test]
async fn inflections_and_compounds() {
    let app = app_with_offers().await;
    let wohnungen = sorted(&["Helle Wohnung in Duissern", "Zwei Wohnungen im Altbau", "Altbauwohnung mit Balkon"]);
    assert_eq!(titles(&app, "Wohnungen").await, wohnungen);
    assert_eq!(titles(&app, "wohnung").await, wohnungen);
    // "Dächer" finds "Dach"-words by stem, and the plural by prefix.
    assert_eq!(titles(&app, "Dächer").await, sorted(&["Dächer neu eindecken"]));
    assert_eq!(titles(&app, "Dächer neu").await, sorted(&["Dächer neu eindecken"]));
    // As typed, "Dach" also finds the Dachdecker.
    assert_eq!(titles(&app, "Dach").await, sorted(&["Dachdecker-Meisterbetrieb: Dachreparatur", "Dächer neu eindecken"]));
}

#[tokio::test]
async fn spellings_and_prefixes() {
    let app = app_with_offers().await;
    assert_eq!(titles(&app, "Strasse").await, sorted(&["Gebäudereinigung an der Müller-Straße"]));
    assert_eq!(titles(&app, "Straße").await, sorted(&["Gebäudereinigung an der Müller-Straße"]));
    assert_eq!(titles(&app, "Muelheim").await, sorted(&["Umzug nach Mülheim an der Ruhr"]));
    // As you type: the last word is a prefix.
    assert_eq!(titles(&app, "Dachd").await, sorted(&["Dachdecker-Meisterbetrieb: Dachreparatur"]));
    assert_eq!(titles(&app, "Umzug Mül").await, sorted(&["Umzug nach Mülheim an der Ruhr"]));
    // Every word must match.
    assert!(titles(&app, "Umzug Balkon").await.is_empty());
}

#[tokio::test]
async fn one_typo_in_a_longer_word_is_forgiven() {
    let app = app_with_offers().await;
    let wohnungen = sorted(&["Helle Wohnung in Duissern", "Zwei Wohnungen im Altbau", "Altbauwohnung mit Balkon"]);
    assert_eq!(titles(&app, "Wohnnug").await, wohnungen, "swapped letters");
    assert_eq!(titles(&app, "Wohung").await, wohnungen, "missing letter");
    assert_eq!(titles(&app, "Gebäudereingung").await, sorted(&["Gebäudereinigung an der Müller-Straße"]));
    // Short words are not guessed at: "Dacj" is no "Dach".
    assert!(titles(&app, "Dacj").await.is_empty());
}

#[tokio::test]
async fn stop_words_and_syntax_match_nothing_and_never_fail() {
    let app = app_with_offers().await;
    assert!(titles(&app, "der die das").await.is_empty());
    for q in ["\"", "dach\" OR \"*", "a & b | !c", "NEAR(x y)", "':*", "%_\\", "💥"] {
        titles(&app, q).await;
    }
    // The provider's name is searchable too.
    assert_eq!(titles(&app, "Rheinufer").await.len(), TITLES.len());
}

#[tokio::test]
async fn search_combines_with_filters_on_the_page() {
    let app = app_with_offers().await;
    let (status, html) = app.page("/angebote?q=Dach&kategorie=handwerk").await;
    assert_eq!(status, 200);
    assert_eq!(common::result_count(&html), Some(2), "Dachdecker and Dächer, both Handwerk");
    let (_, html) = app.page("/angebote?q=Dach&kategorie=wohnen&bezirk=mitte").await;
    assert!(html.contains("Keine Angebote gefunden"));
    // Each suggestion drops one filter and keeps the others.
    assert!(html.contains("href=\"/angebote?kategorie=wohnen&amp;bezirk=mitte\">ohne Suchbegriff suchen"));
    assert!(html.contains("href=\"/angebote?q=Dach&amp;bezirk=mitte\">in allen Kategorien suchen"));
    assert!(html.contains("href=\"/angebote?q=Dach&amp;kategorie=wohnen\">in ganz Duisburg suchen"));
}

#[tokio::test]
async fn facets_count_what_each_filter_value_would_give() {
    let app = app_with_offers().await;
    let (status, html) = app.page("/angebote?q=Dach&bezirk=mitte").await;
    assert_eq!(status, 200);
    // Category facet: both "Dach" offers are Handwerk, one of them Dachdecker.
    let opt = html.find("f-kategorie").map(|i| &html[i..(i + 600).min(html.len())]).unwrap_or("");
    assert!(html.contains(">Handwerk (2)<"), "category facet: {opt}");
    assert!(html.contains(">– Dachdecker (1)<"));
    assert!(html.contains(">Wohnen (0)<"));
    // District facet and map: the city-wide offers count in every Stadtbezirk,
    // and the map's links keep the search.
    assert!(html.contains(">Walsum (2)<"), "district facet");
    assert_eq!(html.matches("class=\"district shade-").count(), 7);
    assert!(html.contains("href=\"/angebote?q=Dach&amp;bezirk=walsum\""));
}

#[tokio::test]
async fn atom_feed_follows_the_list_filters() {
    let app = app_with_offers().await;
    let resp = app.get("/angebote/feed.xml?q=Wohnung&kategorie=wohnen").await;
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let xml = resp.text().await.unwrap();
    assert!(xml.starts_with("<?xml"));
    assert_eq!(xml.matches("<entry>").count(), 3, "the three Wohnung offers");
    assert!(xml.contains("<title>Altbauwohnung mit Balkon</title>"));
    assert!(xml.contains("<author><name>Testbetrieb Rheinufer</name></author>"));
    // Links come from the configured address, not from the request's Host.
    let forged = app.client.get(app.url("/angebote/feed.xml?q=Wohnung")).header("host", "evil.example").send().await.unwrap().text().await.unwrap();
    assert!(!forged.contains("evil.example"), "{forged}");
    assert!(forged.contains(&format!("{}/angebote", app.state.public_url)), "{forged}");
    let bad = app.get("/angebote/feed.xml?bezirk=mond").await;
    assert_eq!(bad.status().as_u16(), 400);
    assert!(bad.text().await.unwrap().contains("Diesen Stadtbezirk gibt es nicht."));
}

#[tokio::test]
async fn an_index_built_by_another_analysis_is_rebuilt_at_start() {
    use sea_orm::ConnectionTrait;
    use smart_city_duisburg::offers::oracle;
    use smart_city_duisburg::offers::query::{OfferFilter, OfferQuery};
    let url = common::fresh_database_url().await;
    let db = smart_city_duisburg::db::connect_and_migrate(&url).await.unwrap();
    let p = fixtures::provider(&db, "Testbetrieb Rheinufer", "private", Utc::now()).await;
    fixtures::offer(&db, p, 2, "Altbauwohnung mit Balkon", None, Utc::now()).await;
    let first = common::spawn_app_on(url.clone()).await;
    let balkon = |app: &TestApp| {
        let r = app.state.reference.clone();
        let filter = OfferFilter { q: Some("Balkon".into()), ..OfferFilter::default() };
        (r.clone(), OfferQuery::from_filter(&filter, &r.categories, &r.districts).unwrap())
    };
    let (r, q) = balkon(&first);
    let found = oracle::list_from_database(&first.db, &r, &first.state.catalog.vocabulary(), &q, 20).await.unwrap();
    assert_eq!(found.paging.total, 1);
    // As an older analysis left it: other terms, another fingerprint.
    db.execute_unprepared("UPDATE offer_search SET terms = 'veraltet', title_terms = 'veraltet'").await.unwrap();
    db.execute_unprepared("UPDATE search_index_state SET analysis = 'older'").await.unwrap();
    let again = common::spawn_app_on(url).await;
    let (r, q) = balkon(&again);
    let found = oracle::list_from_database(&again.db, &r, &again.state.catalog.vocabulary(), &q, 20).await.unwrap();
    assert_eq!(found.paging.total, 1, "rebuilt at start");
}
