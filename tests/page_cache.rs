//! The rendered-page cache of the results list (`server::page_cache`), on
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
