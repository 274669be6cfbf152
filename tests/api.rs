//! The open data API under /api/v1, on SQLite and PostgreSQL: data, the
//! website's filters, pagination, problem details, the OpenAPI document.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::{fixtures, result_count, spawn_app, Seed, TestApp};
use serde_json::Value;

async fn get_json(app: &TestApp, path: &str) -> (u16, String, Value) {
    let resp = app.get(path).await;
    let status = resp.status().as_u16();
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = resp.text().await.expect("body");
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}"));
    (status, content_type, json)
}

async fn ok(app: &TestApp, path: &str) -> Value {
    let (status, content_type, json) = get_json(app, path).await;
    assert_eq!(status, 200, "{path}: {json}");
    assert_eq!(content_type, "application/json", "{path}");
    json
}

fn ids(list: &Value) -> Vec<i64> {
    list["items"].as_array().expect("items").iter().map(|o| o["id"].as_i64().expect("id")).collect()
}

async fn category_id(app: &TestApp, slug: &str) -> i32 {
    let cats = ok(app, "/api/v1/categories").await;
    cats["items"].as_array().unwrap().iter().find(|c| c["slug"] == slug).and_then(|c| c["id"].as_i64()).expect("category") as i32
}

#[tokio::test]
async fn offers_providers_and_reviews_carry_the_fixtures() {
    let app = spawn_app(Seed::Empty).await;
    let at = Utc::now() - Duration::days(2);
    let (dach, maler) = (category_id(&app, "dach").await, category_id(&app, "maler").await);
    let city = fixtures::provider(&app.db, "Stadtwerk Test", "municipal", at).await;
    let gutter = fixtures::offer(&app.db, city, dach, "Dachrinne reinigen", Some(9_900), at).await;
    fixtures::offer(&app.db, city, dach, "Dachcheck", None, at).await;
    fixtures::reviews(&app.db, city, &[5, 4], at).await;
    let private = fixtures::provider(&app.db, "Privat Test", "private", at).await;
    fixtures::offer(&app.db, private, maler, "Wand streichen", Some(4_500), at).await;
    fixtures::reviews(&app.db, private, &[3], at).await;

    let list = ok(&app, "/api/v1/offers?sortierung=preis-aufsteigend").await;
    let titles: Vec<&str> = list["items"].as_array().unwrap().iter().map(|o| o["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Wand streichen", "Dachrinne reinigen", "Dachcheck"]);
    let o = &list["items"][1];
    assert_eq!(o["id"], gutter.id);
    assert_eq!(o["price"], serde_json::json!({"model": "fixed", "amount_cents": 9900, "currency": "EUR"}));
    assert_eq!(o["category"]["slug"], "dach");
    assert_eq!(o["category"]["name"], "Handwerk › Dachdecker");
    assert_eq!(o["housing"], Value::Null);
    assert_eq!(o["url"], format!("/angebote/{}-angebot", gutter.id));
    let p = &o["provider"];
    assert_eq!((&p["id"], &p["ownership"], &p["owner_name"]), (&Value::from(city), &Value::from("municipal"), &Value::from("Eigentümer (Test)")));
    // City-wide mean 4.0 weighs in with ten reviews: (10·4 + 9) / 12.
    assert_eq!(p["rating"], serde_json::json!({"count": 2, "average": 4.5, "bayesian": 4.08, "distribution": [0, 0, 0, 1, 1]}));
    assert_eq!(list["items"][2]["price"], serde_json::json!({"model": "on_request", "amount_cents": null, "currency": "EUR"}));
    assert_eq!(list["items"][0]["provider"]["owner_name"], Value::Null);

    let detail = ok(&app, &format!("/api/v1/providers/{city}")).await;
    assert_eq!(detail["name"], "Stadtwerk Test");
    assert_eq!(detail["street"], "Teststraße 1");
    assert_eq!(detail["is_demo"], false);
    let mut offer_titles: Vec<&str> = detail["offers"].as_array().unwrap().iter().map(|o| o["title"].as_str().unwrap()).collect();
    offer_titles.sort_unstable();
    assert_eq!(offer_titles, ["Dachcheck", "Dachrinne reinigen"]);

    let reviews = ok(&app, &format!("/api/v1/providers/{city}/reviews?pro_seite=1")).await;
    assert_eq!(reviews["pagination"]["total"], 2);
    assert_eq!(reviews["pagination"]["next"], format!("/api/v1/providers/{city}/reviews?seite=2&pro_seite=1"));
    let r = &reviews["items"][0];
    assert!([4, 5].contains(&r["stars"].as_i64().unwrap()));
    assert_eq!((&r["title"], &r["text"], &r["provenance"]), (&Value::from("Test"), &Value::from("Eine Bewertung für den Test."), &Value::from("unverified")));
    assert!(r["created_at"].as_str().unwrap().starts_with(&at.format("%Y-%m-%d").to_string()));
    assert!(r["author"].as_str().unwrap().starts_with("Test "));

    let providers = ok(&app, "/api/v1/providers").await;
    assert_eq!(ids(&providers), [city as i64, private as i64]);
    assert_eq!(ids(&ok(&app, "/api/v1/providers?eigentum=municipal").await), [city as i64]);
    assert_eq!(ids(&ok(&app, "/api/v1/providers?kategorie=maler").await), [private as i64]);
    assert_eq!(ids(&ok(&app, "/api/v1/providers?kategorie=handwerk&eigentum=private").await), [private as i64]);
    assert_eq!(ok(&app, "/api/v1/providers?kategorie=wohnen").await["pagination"]["total"], 0);

    let cats = ok(&app, "/api/v1/categories").await;
    let count = |slug: &str| cats["items"].as_array().unwrap().iter().find(|c| c["slug"] == slug).map(|c| c["offer_count"].clone()).unwrap();
    assert_eq!((count("handwerk"), count("dach"), count("maler"), count("wohnen")), (3.into(), 2.into(), 1.into(), 0.into()));
    let handwerk = cats["items"].as_array().unwrap().iter().find(|c| c["slug"] == "handwerk").unwrap();
    assert_eq!(handwerk["parent_id"], Value::Null);
    assert!(cats["items"].as_array().unwrap().iter().any(|c| c["slug"] == "dach" && c["parent_id"] == handwerk["id"]));
}

#[tokio::test]
async fn districts_are_the_seven_stadtbezirke_with_their_stadtteile() {
    let app = spawn_app(Seed::Empty).await;
    let d = ok(&app, "/api/v1/districts").await;
    let bezirke = d["items"].as_array().unwrap();
    assert_eq!(bezirke.len(), 7);
    let stadtteile: usize = bezirke.iter().map(|b| b["stadtteile"].as_array().unwrap().len()).sum();
    assert_eq!(stadtteile, 46);
    let mitte = bezirke.iter().find(|b| b["slug"] == "mitte").expect("Mitte");
    assert!(mitte["stadtteile"].as_array().unwrap().iter().any(|s| s["name"] == "Hochfeld"));
    assert!(bezirke.iter().all(|b| b["offer_count"] == 0));
}

/// The API's list is the website's: same totals and, page for page, the
/// same offers in the same order.
#[tokio::test]
async fn offer_filters_agree_with_the_website() {
    let app = spawn_app(Seed::Demo).await;
    for query in [
        "kategorie=wohnen",
        "kategorie=handwerk&bezirk=mitte",
        "stadtteil=hochfeld&sortierung=neueste",
        "q=dach",
        "eigentum=municipal&sortierung=preis-aufsteigend",
        "kategorie=handwerk&preis_bis=60&bewertung_ab=4",
        "vermarktung=mieten&zimmer_ab=3&flaeche_ab=80&seite=2",
    ] {
        let api = ok(&app, &format!("/api/v1/offers?{query}")).await;
        let (status, html) = app.page(&format!("/angebote?{query}")).await;
        assert_eq!(status, 200, "{query}");
        let total = api["pagination"]["total"].as_u64().unwrap();
        assert!(total > 0, "{query} finds something");
        assert_eq!(Some(total), result_count(&html), "{query}");

        let form: Vec<(String, String)> = query.split('&').map(|kv| kv.split_once('=').unwrap()).map(|(k, v)| (format!("filter[{k}]"), v.to_owned())).collect();
        let ui: Value = app.client.post(app.url("/api/offers")).form(&form).send().await.unwrap().json().await.unwrap();
        let ui_ids: Vec<i64> = ui["offers"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
        assert_eq!(ids(&api), ui_ids, "{query}");
    }
}

#[tokio::test]
async fn pagination_links_walk_the_whole_list() {
    let app = spawn_app(Seed::Empty).await;
    let at = Utc::now() - Duration::days(1);
    let dach = category_id(&app, "dach").await;
    let p = fixtures::provider(&app.db, "Dachdecker Test", "private", at).await;
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(fixtures::offer(&app.db, p, dach, &format!("Dach {i}"), Some(1_000 + i), at).await.id as i64);
    }
    let first = ok(&app, "/api/v1/offers?kategorie=handwerk&sortierung=neueste&pro_seite=2").await;
    let pg = &first["pagination"];
    assert_eq!((pg["page"].as_u64(), pg["per_page"].as_u64(), pg["total"].as_u64(), pg["total_pages"].as_u64()), (Some(1), Some(2), Some(5), Some(3)));
    assert_eq!(pg["prev"], Value::Null);
    assert_eq!(pg["next"], "/api/v1/offers?kategorie=handwerk&sortierung=neueste&seite=2&pro_seite=2");

    let mut seen = ids(&first);
    let mut page = first;
    while let Some(next) = page["pagination"]["next"].as_str().map(str::to_owned) {
        let prev_of_next = page["pagination"]["page"].as_u64().unwrap();
        page = ok(&app, &next).await;
        let back = page["pagination"]["prev"].as_str().expect("prev link");
        assert_eq!(ok(&app, back).await["pagination"]["page"].as_u64(), Some(prev_of_next));
        seen.extend(ids(&page));
    }
    assert_eq!(page["pagination"]["page"], 3);
    seen.sort_unstable();
    assert_eq!(seen, created, "every offer exactly once");

    // The default page size leaves pro_seite out of the links.
    let providers = ok(&app, "/api/v1/providers?pro_seite=20").await;
    assert_eq!(providers["pagination"]["next"], Value::Null);
    assert_eq!(providers["pagination"]["per_page"], 20);
}

#[tokio::test]
async fn bad_parameters_get_problem_details() {
    let app = spawn_app(Seed::Empty).await;
    let long_q = "x".repeat(101);
    let cases = [
        ("/api/v1/offers?seite=0", "seite"),
        ("/api/v1/offers?seite=zwei", "seite"),
        ("/api/v1/offers?seite=99999999999999999999999", "seite"),
        ("/api/v1/offers?seite=1&seite=2", "seite"),
        ("/api/v1/offers?kategorie=unbekannt", "kategorie"),
        ("/api/v1/offers?bezirk=atlantis", "bezirk"),
        ("/api/v1/offers?stadtteil=atlantis", "stadtteil"),
        ("/api/v1/offers?preis_von=viel", "preis_von"),
        ("/api/v1/offers?preis_von=99999999999999999999999999", "preis_von"),
        ("/api/v1/offers?preis_von=900&preis_bis=100", "preis_bis"),
        ("/api/v1/offers?flaeche_ab=1e9", "flaeche_ab"),
        ("/api/v1/offers?sortierung=billig", "sortierung"),
        ("/api/v1/offers?pro_seite=0", "pro_seite"),
        ("/api/v1/offers?pro_seite=101", "pro_seite"),
        ("/api/v1/providers?eigentum=gekauft", "eigentum"),
        ("/api/v1/providers?kategorie=unbekannt", "kategorie"),
        ("/api/v1/providers?seite=501", "seite"),
        ("/api/v1/providers/abc", "id"),
        ("/api/v1/providers/0", "id"),
        ("/api/v1/providers/99999999999", "id"),
        ("/api/v1/providers/1/reviews?pro_seite=-1", "pro_seite"),
    ];
    let mut cases: Vec<(String, &str)> = cases.iter().map(|(p, f)| (p.to_string(), *f)).collect();
    cases.push((format!("/api/v1/offers?q={long_q}"), "q"));
    for (path, parameter) in cases {
        let (status, content_type, p) = get_json(&app, &path).await;
        assert_eq!(status, 400, "{path}: {p}");
        assert_eq!(content_type, "application/problem+json", "{path}");
        assert_eq!(p["status"], 400, "{path}");
        assert_eq!(p["type"], "/api/v1#problem-invalid-parameter", "{path}");
        assert_eq!(p["title"], "Invalid parameter", "{path}");
        assert_eq!(p["parameter"], parameter, "{path}: {p}");
        assert!(!p["detail"].as_str().unwrap().is_empty(), "{path}");
    }
}

#[tokio::test]
async fn unknown_providers_and_paths_are_404_problems() {
    let app = spawn_app(Seed::Empty).await;
    for path in ["/api/v1/providers/4711", "/api/v1/providers/4711/reviews", "/api/v1/angebote"] {
        let (status, content_type, p) = get_json(&app, path).await;
        assert_eq!((status, content_type.as_str()), (404, "application/problem+json"), "{path}");
        assert_eq!((&p["status"], &p["type"]), (&Value::from(404), &Value::from("/api/v1#problem-not-found")), "{path}");
    }
    let resp = app.client.delete(app.url("/api/v1/offers")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 405);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn openapi_document_page_and_cors() {
    let app = spawn_app(Seed::Empty).await;
    let doc = ok(&app, "/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."), "{}", doc["openapi"]);
    let paths = ["/api/v1/offers", "/api/v1/providers", "/api/v1/providers/{id}", "/api/v1/providers/{id}/reviews", "/api/v1/categories", "/api/v1/districts"];
    for path in paths {
        assert!(doc["paths"][path]["get"]["responses"]["200"].is_object(), "{path}");
    }
    assert_eq!(doc["paths"].as_object().unwrap().len(), paths.len());
    assert!(doc["components"]["schemas"]["Problem"]["properties"]["parameter"].is_object());

    let (status, html) = app.page("/api/v1").await;
    assert_eq!(status, 200);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.contains("<h1>") && html.contains("<th scope=\"col\">Name</th>"));
    assert!(!html.contains("<script"), "no script, nothing from elsewhere");
    for path in paths {
        assert!(html.contains(&format!("<code>GET {path}</code>")), "{path} on the page");
    }
    assert!(html.contains("href=\"/api/v1/offers?kategorie=handwerk&amp;bezirk=mitte\""), "example request");
    assert_eq!(app.get("/api").await.headers()["location"], "/api/v1");

    let resp = app.client.get(app.url("/api/v1/districts")).header("origin", "https://example.org").send().await.unwrap();
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/offers"))
        .header("origin", "https://example.org")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    assert!(preflight.headers()["access-control-allow-methods"].to_str().unwrap().contains("GET"));
}
