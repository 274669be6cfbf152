//! Live updates: a save reaches the residents who have the page open, over
//! server-sent events — in process with SQLite, and with PostgreSQL from one
//! server process to another through LISTEN/NOTIFY.
#![cfg(feature = "ssr")]
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::process::ServerProcess;
use common::{fixtures, fresh_database_url, is_postgres, spawn_app, spawn_app_on, Seed, Sse, TestApp};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;
use smart_city_duisburg::accounts::domain::{DisplayName, Email, Role};
use smart_city_duisburg::accounts::store;
use smart_city_duisburg::db::entities::provider_member;

/// An owner of a fresh provider with one published offer: (cookie, provider, offer).
async fn owner_with_offer(app: &TestApp) -> (String, i32, i32) {
    let u = store::create_user(&app.db, &DisplayName::parse("Olga").unwrap(), &Email::parse("olga@example.org").unwrap(), "-".into(), Role::Resident, true)
        .await
        .unwrap();
    let token = store::create_session(&app.db, u.id).await.unwrap();
    let pid = fixtures::provider(&app.db, "Beispiel Dach", "private", Utc::now()).await;
    provider_member::ActiveModel { provider_id: Set(pid), user_id: Set(u.id), role: Set("owner".into()), created_at: Set(Utc::now()) }.insert(&app.db).await.unwrap();
    let o = fixtures::offer(&app.db, pid, 1, "Dachrinne reinigen", Some(5000), Utc::now()).await;
    (format!("scd_sitzung={token}"), pid, o.id)
}

async fn change_price(base: &str, cookie: &str, pid: i32, oid: i32, version: i32, price: &str) {
    let form = json!({
        "title": "Dachrinne reinigen", "description": "Wir reinigen Ihre Dachrinne gründlich und schnell.", "category": "dach",
        "price_model": "fixed", "price": price, "city_wide": true, "bezirke": [],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    });
    let resp = reqwest::Client::new()
        .post(format!("{base}/api/save_offer"))
        .header("cookie", cookie)
        .header("origin", base)
        .json(&json!({"provider_id": pid, "offer_id": oid, "version": version, "form": form}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{}", resp.text().await.unwrap());
}

#[tokio::test]
async fn a_save_reaches_the_pages_that_show_it_and_only_those() {
    let app = spawn_app(Seed::Empty).await;
    let (cookie, pid, oid) = owner_with_offer(&app).await;
    let mut offer_page = Sse::open(&app.base, &format!("angebote={oid}")).await;
    let mut provider_page = Sse::open(&app.base, &format!("anbieter={pid}")).await;
    let mut list = Sse::open(&app.base, "liste=1").await;
    let mut other = Sse::open(&app.base, &format!("angebote={}", oid + 1000)).await;
    change_price(&app.base, &cookie, pid, oid, 1, "55").await;
    let payload = format!("\"offer_id\":{oid}");
    for (name, s) in [("offer page", &mut offer_page), ("provider page", &mut provider_page), ("list", &mut list)] {
        assert!(s.until(&payload, Duration::from_secs(1)).await, "{name} heard nothing: {:?}", s.1);
        assert!(s.1.contains("event: change"));
    }
    assert!(!other.until("event: change", Duration::from_millis(300)).await, "another offer's page is not disturbed");
    // The page then loads the new state.
    let (_, html) = app.page(&format!("/angebote/{oid}-dachrinne-reinigen")).await;
    assert!(html.contains("55\u{a0}€"));
}

/// Two server processes on one PostgreSQL database: a save on A reaches a
/// resident connected to B. (With SQLite there is one instance by design.)
#[tokio::test]
async fn a_save_on_one_instance_reaches_residents_on_another() {
    if !is_postgres() {
        eprintln!("two-instance fan-out needs PostgreSQL (TEST_DATABASE=postgres); SQLite runs one instance");
        return;
    }
    let url = fresh_database_url().await;
    // Arrange the data through an in-process app, then serve it twice.
    let setup = spawn_app_on(url.clone()).await;
    let (cookie, pid, oid) = owner_with_offer(&setup).await;
    let a = ServerProcess::start(&url, &[], None);
    let b = ServerProcess::start(&url, &[], None);
    a.ready().await;
    b.ready().await;
    let mut on_b = Sse::open(&b.base, &format!("angebote={oid}")).await;
    let started = Instant::now();
    change_price(&a.base, &cookie, pid, oid, 1, "66").await;
    assert!(on_b.until(&format!("\"offer_id\":{oid}"), Duration::from_secs(1)).await, "B heard nothing: {:?}", on_b.1);
    eprintln!("A save → B's resident: {:?}", started.elapsed());
}

/// A new offer is a draft: editing it tells no resident anything (not even
/// that its provider is busy); publishing it does.
#[tokio::test]
async fn a_drafts_edits_are_announced_to_nobody() {
    let app = spawn_app(Seed::Empty).await;
    let (cookie, pid, _) = owner_with_offer(&app).await;
    // What the setup wrote is announced before the streams open.
    app.state.catalog.fresh().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut list = Sse::open(&app.base, "liste=1").await;
    let mut provider_page = Sse::open(&app.base, &format!("anbieter={pid}")).await;
    let form = json!({
        "title": "Dachfenster einbauen", "description": "Wir bauen Ihr neues Dachfenster fachgerecht ein.", "category": "dach",
        "price_model": "fixed", "price": "900", "city_wide": true, "bezirke": [],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    });
    let (status, saved) = common::json_call(&app, "save_offer", json!({"provider_id": pid, "offer_id": null, "version": 0, "form": form}), Some(&cookie)).await;
    assert_eq!(status, 200, "{saved}");
    let draft = saved[0].as_i64().unwrap();
    change_price(&app.base, &cookie, pid, draft as i32, 1, "950").await;
    app.state.catalog.fresh().await.unwrap();
    assert!(!list.until("event: change", Duration::from_millis(500)).await, "a list heard of a draft: {:?}", list.1);
    assert!(!provider_page.until("event: change", Duration::from_millis(100)).await, "the provider page heard of a draft");

    let (status, body) = common::form_call(&app, "run_offer_command", &[("provider_id", &pid.to_string()), ("offer_id", &draft.to_string()), ("version", "2"), ("command", "Publish")], Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    assert!(list.until(&format!("\"offer_id\":{draft}"), Duration::from_secs(2)).await, "publishing is news: {:?}", list.1);
}

/// Open streams are capped per client address; a closed one frees its slot.
#[tokio::test]
async fn live_streams_are_capped_per_client() {
    use smart_city_duisburg::live::sse::PER_CLIENT;
    let app = spawn_app(Seed::Empty).await;
    let mut open = Vec::new();
    for _ in 0..PER_CLIENT {
        open.push(Sse::open(&app.base, "liste=1").await);
    }
    // Refused as a stream that ends at once and asks the browser's
    // EventSource to come back in 30 s (any other answer stops it for good).
    let refused = tokio::time::timeout(Duration::from_secs(5), async { app.get("/live?liste=1").await.text().await.unwrap() }).await.expect("ends at once");
    assert!(refused.contains("retry: 30000"), "{refused}");
    drop(open.pop());
    // The server notices the closed connection at its next write at the
    // latest; a change makes one.
    let mut freed = false;
    for _ in 0..50 {
        let mut resp = app.get("/live?liste=1").await;
        let first = tokio::time::timeout(Duration::from_secs(2), resp.chunk()).await.ok().and_then(|c| c.ok().flatten()).unwrap_or_default();
        if !String::from_utf8_lossy(&first).contains("retry:") {
            freed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(freed, "a closed stream's slot comes back");
}
