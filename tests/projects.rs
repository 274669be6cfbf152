//! New-build projects over HTTP, on SQLite and PostgreSQL: a provider's
//! people create a project and assign units in the offer editor (only their
//! own projects), the project page lists the published units, the exposé
//! and the result card name the project, and `projekt=<id>` filters the
//! list and the open data API.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, form_call, json_call, spawn_app, Seed, TestApp};
use sea_orm::EntityTrait;
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::common::url_key;
use smart_city_duisburg::db::entities::{housing_project, offer};

fn project(name: &str) -> Value {
    json!({"name": name, "description": "Zwölf Wohnungen rund um einen Innenhof.", "stadtteil": "huckingen", "completion": "30.06.2028"})
}

fn unit(title: &str, price: &str, project: &str) -> Value {
    json!({
        "title": title, "description": "Erstbezug: helle Wohnung mit Balkon und Tiefgaragenplatz.",
        "category": "wohnen-kaufen", "price_model": "fixed", "price": price, "city_wide": true, "bezirke": [],
        "stadtteil": "huckingen", "housing_kind": "buy", "rooms": "3", "living_area": "82,5", "plot_area": "", "energy_class": "A+",
        "project": project
    })
}

async fn create_project(app: &TestApp, pid: i32, form: Value, cookie: Option<&str>) -> (u16, Value) {
    json_call(app, "create_project", json!({"provider_id": pid, "form": form}), cookie).await
}

async fn save(app: &TestApp, pid: i32, form: Value, cookie: &str) -> (u16, Value) {
    json_call(app, "save_offer", json!({"provider_id": pid, "offer_id": null, "version": 0, "form": form}), Some(cookie)).await
}

async fn publish(app: &TestApp, pid: i32, oid: i32, cookie: &str) {
    let (p, o) = (pid.to_string(), oid.to_string());
    let (status, body) = form_call(app, "run_offer_command", &[("provider_id", &p), ("offer_id", &o), ("version", "1"), ("command", "Publish")], Some(cookie)).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_provider_builds_a_project_whose_units_are_found_together() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = fixtures::signed_in(&app.db, "Bauherrin", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Projektbau", "private", Utc::now()).await;
    fixtures::member(&app.db, pid, uid, "member").await;
    let (_, stranger) = fixtures::signed_in(&app.db, "Fremder", Role::Resident).await;

    assert_eq!(create_project(&app, pid, project("Quartier am Beispielpark"), None).await.0, 401);
    assert_eq!(create_project(&app, pid, project("Quartier am Beispielpark"), Some(&stranger)).await.0, 403);
    let (status, body) = create_project(&app, pid, json!({"name": "Q", "description": "", "stadtteil": "huckingen", "completion": ""}), Some(&cookie)).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("name"), "{body}");
    assert!(housing_project::Entity::find().all(&app.db).await.unwrap().is_empty());
    let (status, id) = create_project(&app, pid, project("Quartier am Beispielpark"), Some(&cookie)).await;
    assert_eq!(status, 200, "{id}");
    let project_id = id.as_i64().unwrap() as i32;

    // Another provider's project cannot be named.
    let other = fixtures::provider(&app.db, "Andere Bau", "private", Utc::now()).await;
    let (uid2, cookie2) = fixtures::signed_in(&app.db, "Andere", Role::Resident).await;
    fixtures::member(&app.db, other, uid2, "owner").await;
    let (status, body) = save(&app, other, unit("Fremde Einheit im Park", "300000", &project_id.to_string()), &cookie2).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("project"), "{body}");

    let mut ids = Vec::new();
    for (title, price) in [("Gartenwohnung Haus A", "289.000"), ("Penthouse Haus B", "459.000")] {
        let (status, saved) = save(&app, pid, unit(title, price, &project_id.to_string()), &cookie).await;
        assert_eq!(status, 200, "{saved}");
        ids.push(saved[0].as_i64().unwrap() as i32);
    }
    // A draft unit is not shown anywhere.
    save(&app, pid, unit("Entwurf Haus C", "350000", &project_id.to_string()), &cookie).await;
    for id in &ids {
        publish(&app, pid, *id, &cookie).await;
    }

    let p = housing_project::Entity::find_by_id(project_id).one(&app.db).await.unwrap().unwrap();
    let page = format!("/projekte/{}", url_key::key(p.id, &p.slug));
    let (status, html) = app.page(&page).await;
    assert_eq!(status, 200);
    for text in ["Quartier am Beispielpark", "Gartenwohnung Haus A", "Penthouse Haus B", "Huckingen", "30.06.2028", "289.000\u{a0}€ – 459.000\u{a0}€"] {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("Entwurf Haus C"), "drafts are not units on the page");
    assert_eq!(app.page("/projekte/99999").await.0, 404);

    let o = offer::Entity::find_by_id(ids[0]).one(&app.db).await.unwrap().unwrap();
    let (_, exposé) = app.page(&url_key::offer_path(o.id, &o.slug)).await;
    assert!(exposé.contains("Teil des Neubauprojekts") && exposé.contains(&format!("href=\"{page}\"")), "the unit links its project");

    let (_, list) = app.page(&format!("/angebote?projekt={project_id}")).await;
    assert_eq!(common::result_count(&list), Some(2), "the project's published units");
    assert!(list.contains("class=\"project-badge\""), "cards show the project");
    assert!(list.contains(&format!("name=\"projekt\" value=\"{project_id}\"")), "the filter form keeps the project");
    let (status, _) = app.page("/angebote?projekt=eins").await;
    assert_ne!(status, 500);

    let api: Value = app.get(&format!("/api/v1/offers?projekt={project_id}")).await.json().await.unwrap();
    assert_eq!(api["items"].as_array().map(Vec::len), Some(2), "{api}");
    let doc = app.get("/api/v1/openapi.json").await.text().await.unwrap();
    assert!(doc.contains("\"projekt\""), "the filter is documented");
}

/// The first result card's link on a list page.
fn first_card_link(html: &str) -> String {
    let card = &html[html.find("class=\"card offer-card\"").expect("a card")..];
    let h3 = &card[card.find("<h3><a href=\"").expect("a title link") + "<h3><a href=\"".len()..];
    h3[..h3.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_demo_city_has_a_project_in_sued_and_rentals_with_full_exposés() {
    let app = spawn_app(Seed::Demo).await;
    let p = housing_project::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(p.len(), 1, "one demo project");
    assert!(p[0].is_demo && p[0].name.contains("(Demo)"));
    let (_, list) = app.page(&format!("/angebote?projekt={}", p[0].id)).await;
    assert!(common::result_count(&list).is_some_and(|n| n >= 3), "its units are found together");
    assert!(list.contains("Quartier Am Lindenpark (Demo)"));
    let (status, page) = app.page(&format!("/projekte/{}", url_key::key(p[0].id, &p[0].slug))).await;
    assert_eq!(status, 200);
    assert!(page.contains("(Süd)") && page.contains("Einheiten dieses Projekts"), "in Duisburg-Süd, with its units");

    let (_, rentals) = app.page("/angebote?kategorie=wohnen-mieten&sortierung=preis-aufsteigend").await;
    let (status, exposé) = app.page(&first_card_link(&rentals)).await;
    assert_eq!(status, 200);
    for text in ["<dt>Warmmiete</dt>", "<dt>Kaution</dt>", "<dt>Baujahr</dt>", "<dt>Energieausweis</dt>", ">Lage</h2>", ">Sonstiges</h2>", "Demo-Angebot: Alle Angaben sind frei erfunden."] {
        assert!(exposé.contains(text), "{text}");
    }
}
