//! The rendered-page cache of public pages (`app::page_cache`), on
//! SQLite and PostgreSQL: a cached page still carries the nonce of its own
//! response, and a write made past the app (straight into the tables) is on
//! the next page at once; signed-in people get their own page.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, spawn_app, Seed, TestApp};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use smart_city_duisburg::accounts::domain::Role;

/// (CSP nonce, body).
async fn results(app: &TestApp, path: &str, cookie: Option<&str>) -> (String, String) {
    let mut req = app.client.get(app.url(path)).header("accept-language", "de");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce in the policy").to_owned();
    (nonce, resp.text().await.unwrap())
}

#[tokio::test]
async fn cached_results_pages_carry_their_own_nonce_and_follow_every_write() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Dachdeckerei Rhein", "private", Utc::now()).await;
    let o = fixtures::offer(&app.db, pid, 1, "Dachrinne reinigen", Some(9_900), Utc::now()).await;
    let path = "/angebote?q=dachrinne";

    let (first_nonce, first) = results(&app, path, None).await;
    let (second_nonce, second) = results(&app, path, None).await;
    assert_ne!(first_nonce, second_nonce, "a fresh nonce per response");
    for (nonce, body) in [(&first_nonce, &first), (&second_nonce, &second)] {
        assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry the response's nonce");
    }
    assert!(!second.contains(&first_nonce), "no nonce of another response");
    assert!(second.contains("Dachrinne reinigen"));

    // A write past the app: the next page shows it.
    let (row_id, slug) = (o.id, o.slug.clone());
    let mut row = o.into_active_model();
    row.title = Set("Dachrinne reinigen und prüfen".into());
    row.update(&app.db).await.unwrap();
    let (_, after) = results(&app, path, None).await;
    assert!(after.contains("Dachrinne reinigen und prüfen"), "the cached page outlived a change");
    // So does the offer's own page.
    let page = format!("/angebote/{row_id}-{slug}");
    let (_, before) = results(&app, &page, None).await;
    assert!(before.contains("Dachrinne reinigen und prüfen"));
    let mut row = smart_city_duisburg::db::entities::offer::Entity::find_by_id(row_id).one(&app.db).await.unwrap().unwrap().into_active_model();
    row.description = Set("Mit Laubschutzgitter.".into());
    row.update(&app.db).await.unwrap();
    let (_, after) = results(&app, &page, None).await;
    assert!(after.contains("Mit Laubschutzgitter."), "the cached offer page outlived a change");

    // Signed in, the header names the person: never a page cached for someone else.
    let (_, cookie) = fixtures::signed_in(&app.db, "Paula", Role::Resident).await;
    let (_, mine) = results(&app, path, Some(&cookie)).await;
    assert!(mine.contains("Paula"));
    let (_, anonymous) = results(&app, path, None).await;
    assert!(!anonymous.contains("Paula"));
}

/// A catalogue that never loads holds up no page that does not need it: a
/// city service's page is rendered from the database at once instead of
/// waiting for a stamp to keep it under (up to `LOAD_WAIT`, 10 s). (Offer,
/// provider and results pages take their offers from the catalogue and
/// wait for it, as `/readyz` does.)
#[tokio::test]
async fn pages_do_not_wait_for_a_catalogue_that_has_not_loaded() {
    fn unloaded(st: &mut smart_city_duisburg::app::AppState) {
        // A database without tables: every load fails, and is tried again.
        let empty = tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(sea_orm::Database::connect("sqlite::memory:"))).unwrap();
        st.catalog = smart_city_duisburg::offers::catalog::Catalog::start(empty, st.reference.clone(), st.bus.clone());
    }
    let app = common::spawn_app_tweaked(unloaded).await;
    assert!(!app.state.catalog.is_loaded());
    let service = smart_city_duisburg::db::entities::city_service::Entity::find().one(&app.db).await.unwrap().unwrap();
    let page = format!("/verwaltung/{}", service.slug);
    let wait = smart_city_duisburg::offers::catalog::LOAD_WAIT / 2;
    let (_, body) = tokio::time::timeout(wait, results(&app, &page, None)).await.expect("the service page answered without waiting for the catalogue");
    assert!(body.contains(&common::html_escape(&service.name)));
}

/// The city services' pages and the API's lists come from the cache too,
/// and a rating with a tip, or an offer's new title, written straight into
/// the tables (past the app) is on the next anonymous answer.
#[tokio::test]
async fn cached_service_pages_and_api_lists_follow_every_write() {
    use smart_city_duisburg::db::entities::{city_service, city_service_rating, offer};
    let app = spawn_app(Seed::Demo).await;
    let service = city_service::Entity::find().one(&app.db).await.unwrap().unwrap();
    let page = format!("/verwaltung/{}", service.slug);
    // (Pages are kept once the catalogue has loaded: its stamp is their key.)
    app.state.catalog.fresh().await.unwrap();
    let tip = "Termin vorher online buchen, dann ging es schnell.";
    // (Before the page is cached: an entry lives a second at most.)
    let (user_id, _) = fixtures::signed_in(&app.db, "Tamara", Role::Resident).await;
    let (_, before) = results(&app, &page, None).await;
    assert!(!before.contains(tip));
    let now = Utc::now();
    city_service_rating::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        service_id: Set(service.id),
        user_id: Set(user_id),
        stars: Set(5),
        outcome: Set("online".into()),
        tip: Set(Some(tip.into())),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let (_, after) = results(&app, &page, None).await;
    assert!(after.contains(tip), "the cached service page outlived a rating");

    let api = "/api/v1/offers?q=wohnung";
    let json = |body: String| serde_json::from_str::<serde_json::Value>(&body).unwrap();
    let first = json(app.client.get(app.url(api)).send().await.unwrap().text().await.unwrap());
    let id = first["items"][0]["id"].as_i64().expect("an offer in the list") as i32;
    let mut o = offer::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into_active_model();
    o.title = Set("Wohnung mit Rheinblick, frisch renoviert".into());
    o.update(&app.db).await.unwrap();
    let resp = app.client.get(app.url(api)).send().await.unwrap();
    assert_eq!(resp.headers()["content-type"], "application/json");
    let second = json(resp.text().await.unwrap());
    let titles: Vec<&str> = second["items"].as_array().unwrap().iter().filter_map(|o| o["title"].as_str()).collect();
    assert!(titles.contains(&"Wohnung mit Rheinblick, frisch renoviert"), "the cached API list outlived a change: {titles:?}");
}
