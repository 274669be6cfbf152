//! German by default, English on request: the cookie, `Accept-Language`, the
//! switch route, and texts, numbers and category names in both languages.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, result_count, spawn_app, Seed, TestApp};

async fn page_with(app: &TestApp, path: &str, header: (&str, &str)) -> (u16, String) {
    let resp = app.client.get(app.url(path)).header(header.0, header.1).send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test]
async fn german_by_default_english_from_accept_language_or_cookie() {
    let app = spawn_app(Seed::Demo).await;
    let (_, de) = app.page("/").await;
    assert!(de.contains("<html lang=\"de\""));
    assert!(de.contains("Angebote in Duisburg finden und vergleichen"));
    assert!(de.contains("href=\"/sprache/en?zurueck=%2F\""), "switch to English links back here");

    let (status, en) = page_with(&app, "/", ("accept-language", "en-GB,en;q=0.9,de;q=0.5")).await;
    assert_eq!(status, 200);
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("Find and compare offers in Duisburg"));
    assert!(en.contains(">Housing<") && !en.contains(">Wohnen<"), "category names are translated");
    assert!(en.contains("href=\"/sprache/de?zurueck=%2F\""));

    // A saved choice beats the browser's preference, both ways.
    let (_, de_cookie) = page_with(&app, "/", ("cookie", "sprache=de")).await;
    assert!(de_cookie.contains("<html lang=\"de\""));
    let (_, en_cookie) = page_with(&app, "/angebote", ("cookie", "sprache=en")).await;
    assert!(en_cookie.contains("<html lang=\"en\"") && en_cookie.contains("Filter offers"));
    assert!(result_count(&en_cookie).is_some());
}

#[tokio::test]
async fn the_switch_keeps_the_choice_and_returns_to_the_page() {
    let app = spawn_app(Seed::Empty).await;
    let resp = app.get("/sprache/en?zurueck=%2Fangebote%3Fq%3Ddach%26bezirk%3Dmitte").await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(resp.headers()["location"], "/angebote?q=dach&bezirk=mitte");
    let cookie = resp.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("sprache=en;") && cookie.contains("Path=/") && cookie.contains("SameSite=Lax"), "{cookie}");

    // Never an open redirect.
    for evil in ["%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example"] {
        let resp = app.get(&format!("/sprache/de?zurueck={evil}")).await;
        assert_eq!(resp.headers()["location"], "/", "{evil}");
    }
    assert_eq!(app.get("/sprache/fr").await.status().as_u16(), 404);
    assert_eq!(app.get("/sprache/EN").await.status().as_u16(), 404);
}

#[tokio::test]
async fn prices_dates_and_errors_follow_the_language() {
    let app = spawn_app(Seed::Empty).await;
    let now = Utc::now();
    let p = fixtures::provider(&app.db, "Beispiel Dach GmbH", "private", now).await;
    let o = fixtures::offer(&app.db, p, dach_category(&app).await, "Dachrinne reinigen", Some(123_450), now).await;
    let path = format!("/angebote/{}-{}", o.id, o.slug);

    let (_, de) = app.page(&path).await;
    assert!(de.contains("1.234,50\u{a0}€"), "German price");
    let (_, en) = page_with(&app, &path, ("cookie", "sprache=en")).await;
    assert!(en.contains("€1,234.50"), "English price");
    assert!(en.contains("Roofers"), "English category name");

    let (status, de_err) = app.page("/angebote?kategorie=gibt-es-nicht").await;
    assert_eq!(status, 400);
    assert!(de_err.contains("Diese Kategorie gibt es nicht."));
    let (status, en_err) = page_with(&app, "/angebote?kategorie=gibt-es-nicht", ("cookie", "sprache=en")).await;
    assert_eq!(status, 400);
    assert!(en_err.contains("This category does not exist."));

    // Numbers typed the English way mean the same as the German way.
    let (_, en_price) = app.page("/angebote?preis_von=1,000.50").await;
    let (_, de_price) = app.page("/angebote?preis_von=1.000,50").await;
    assert_eq!(result_count(&en_price), result_count(&de_price));
    assert_eq!(result_count(&de_price), Some(1));
}

#[tokio::test]
async fn english_category_names_are_searchable() {
    let app = spawn_app(Seed::Empty).await;
    let now = Utc::now();
    let p = fixtures::provider(&app.db, "Beispiel Dach GmbH", "private", now).await;
    fixtures::offer(&app.db, p, dach_category(&app).await, "Dachrinne reinigen", Some(9_900), now).await;
    let (_, html) = app.page("/angebote?q=roofer").await;
    assert_eq!(result_count(&html), Some(1));
}

async fn dach_category(app: &TestApp) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use smart_city_duisburg::db::entities::category;
    category::Entity::find().filter(category::Column::Slug.eq("dach")).one(&app.db).await.unwrap().unwrap().id
}
