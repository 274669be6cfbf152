//! A provider edits its profile, on SQLite and PostgreSQL: the edit goes
//! through the provider door (version check, audit entry, search terms),
//! reaches open pages live and the catalogue as well as the database's
//! search index; a changed ownership declaration goes back to
//! "self-declared"; bad input and stale forms change nothing; only members
//! may edit; a provider based outside Duisburg names its town instead of
//! a Stadtteil.
#![cfg(feature = "ssr")]
mod common;

use std::time::Duration;

use chrono::Utc;
use common::{fixtures, form_call, json_call, spawn_app, Seed, Sse, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{audit_log, provider, provider_district};
use smart_city_duisburg::offers::query::{OfferFilter, OfferQuery};
use smart_city_duisburg::offers::{oracle, store};

fn create_form() -> Value {
    json!({"form": {
        "name": "Quellhof Bedachungen", "description": "Dächer aller Art.", "street": "Musterstraße 1", "postal_code": "47053",
        "stadtteil": "hochfeld", "categories": ["dach"], "phone": "0203 123456", "email": "", "website": "",
        "ownership": "municipal", "owner_name": "Stadt Beispielhausen", "ownership_share": "51"
    }})
}

async fn load(app: &TestApp, pid: i32, cookie: Option<&str>) -> (u16, Value) {
    form_call(app, "provider_for_edit", &[("provider_id", &pid.to_string())], cookie).await
}

async fn save(app: &TestApp, pid: i32, version: i64, form: &Value, cookie: Option<&str>) -> (u16, Value) {
    json_call(app, "save_provider", json!({"provider_id": pid, "version": version, "form": form}), cookie).await
}

async fn row(app: &TestApp, pid: i32) -> provider::Model {
    provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap()
}

async fn audits(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).all(&app.db).await.unwrap()
}

/// Offer ids for a search, from the catalogue and from the database's index.
async fn found(app: &TestApp, q: &str) -> (Vec<i32>, Vec<i32>) {
    let r = &app.state.reference;
    let filter = OfferFilter { q: Some(q.into()), ..Default::default() };
    let query = OfferQuery::from_filter(&filter, &r.categories, &r.districts).unwrap();
    app.state.catalog.fresh().await.unwrap();
    let ids = |p: smart_city_duisburg::offers::query::OfferListPage| p.offers.iter().map(|o| o.id).collect();
    let cat = store::list(&app.state.catalog, r, &query, 20).await.unwrap();
    let db = oracle::list_from_database(&app.db, r, &app.state.catalog.vocabulary(), &query, 20).await.unwrap();
    (ids(cat), ids(db))
}

#[tokio::test]
async fn a_member_edits_the_profile_and_every_page_follows() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = fixtures::signed_in(&app.db, "Olga", Role::Resident).await;
    let (mod_id, _) = fixtures::signed_in(&app.db, "Moritz", Role::Moderator).await;
    let (status, id) = json_call(&app, "create_provider", create_form(), Some(&cookie)).await;
    assert_eq!(status, 200, "{id}");
    let pid = id.as_i64().unwrap() as i32;
    assert!(smart_city_duisburg::providers::door::verify_ownership(&app.db, pid, mod_id).await.unwrap());
    let offer = fixtures::offer(&app.db, pid, 1, "Dachrinne reinigen", Some(5000), Utc::now()).await;
    let old_path = format!("/anbieter/{pid}-{}", row(&app, pid).await.slug);
    assert_eq!(found(&app, "Quellhof").await, (vec![offer.id], vec![offer.id]), "found by the provider's name");

    // The form starts from what is stored.
    let (status, loaded) = load(&app, pid, Some(&cookie)).await;
    assert_eq!(status, 200, "{loaded}");
    let (mut form, version) = (loaded[0].clone(), loaded[1].as_i64().unwrap());
    assert_eq!((form["name"].as_str(), form["stadtteil"].as_str(), form["ownership_share"].as_str(), version), (Some("Quellhof Bedachungen"), Some("hochfeld"), Some("51"), 1));

    // A provider page open in a resident's browser.
    let mut page = Sse::open(&app.base, &format!("anbieter={pid}")).await;
    form["name"] = json!("Zinkwerk Dachdeckerei");
    form["opening_hours"] = json!("Mo–Fr 7–16 Uhr\nSa nach Vereinbarung");
    form["bezirke"] = json!(["mitte", "sued"]);
    let (status, saved) = save(&app, pid, version, &form, Some(&cookie)).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved, json!([2, false]), "the declaration is unchanged, so it stays verified");
    assert!(page.until(&format!("\"provider_id\":{pid}"), Duration::from_secs(2)).await, "the open page heard nothing: {:?}", page.1);

    let p = row(&app, pid).await;
    assert_eq!((p.name.as_str(), p.version, p.opening_hours.as_deref()), ("Zinkwerk Dachdeckerei", 2, Some("Mo–Fr 7–16 Uhr\nSa nach Vereinbarung")));
    assert!(p.ownership_verified_at.is_some());
    assert_eq!(provider_district::Entity::find().filter(provider_district::Column::ProviderId.eq(pid)).count(&app.db).await.unwrap(), 2);
    let audit = audits(&app, "provider.update").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_id, Some(uid));
    assert!(audit[0].before.as_deref().unwrap().contains("Quellhof Bedachungen") && audit[0].after.as_deref().unwrap().contains("Zinkwerk"));

    // The page shows it; the old address leads there.
    let new_path = format!("/anbieter/{pid}-{}", p.slug);
    assert_ne!(new_path, old_path);
    let (status, html) = app.page(&new_path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Zinkwerk Dachdeckerei") && html.contains("Sa nach Vereinbarung"), "hours shown");
    assert!(html.contains("Einsatzgebiet") && html.contains("Mitte, Süd"), "served districts shown");
    let resp = app.get(&old_path).await;
    assert_eq!((resp.status().as_u16(), common::location(&resp)), (301, new_path.clone()));
    // The API tells the same.
    let api: Value = app.get(&format!("/api/v1/providers/{pid}")).await.json().await.unwrap();
    assert_eq!(api["served_districts"], json!(["Mitte", "Süd"]));

    // The offers are found under the new name, in memory and in the database.
    assert_eq!(found(&app, "Zinkwerk").await, (vec![offer.id], vec![offer.id]));
    assert_eq!(found(&app, "Quellhof").await, (vec![], vec![]), "not by the old one");

    // Another owner declared: back to self-declared until a moderator checks.
    form["ownership"] = json!("cooperative");
    form["owner_name"] = json!("Dachdecker-Genossenschaft eG");
    let (status, saved) = save(&app, pid, 2, &form, Some(&cookie)).await;
    assert_eq!((status, &saved), (200, &json!([3, true])));
    assert!(row(&app, pid).await.ownership_verified_at.is_none());
    assert_eq!(audits(&app, "provider.update.verification_withdrawn").await.len(), 1);
    let (_, html) = app.page(&new_path).await;
    assert!(html.contains("Selbstauskunft, noch nicht geprüft"), "the page says self-declared");

    // A form loaded before that save is refused; nothing changes.
    let mut stale = form.clone();
    stale["name"] = json!("Ganz anderer Name");
    let (status, err) = save(&app, pid, 2, &stale, Some(&cookie)).await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(row(&app, pid).await.name, "Zinkwerk Dachdeckerei");

    // Bad input names its field and stores nothing.
    for (field, value) in [("postal_code", json!("10115")), ("bezirke", json!(["atlantis"])), ("opening_hours", json!("x".repeat(501)))] {
        let mut bad = form.clone();
        bad[field] = value;
        let (status, err) = save(&app, pid, 3, &bad, Some(&cookie)).await;
        assert_eq!((status, err["Invalid"]["field"].as_str()), (400, Some(field)), "{err}");
    }
    assert_eq!(row(&app, pid).await.version, 3);
}

#[tokio::test]
async fn only_members_and_administrators_edit_a_profile() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Beispiel Maler", "private", Utc::now()).await;
    let (member_id, member) = fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    fixtures::member(&app.db, pid, member_id, "member").await;
    let (_, stranger) = fixtures::signed_in(&app.db, "Sven", Role::Resident).await;
    let (_, moderator) = fixtures::signed_in(&app.db, "Moritz", Role::Moderator).await;
    let (_, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let (_, loaded) = load(&app, pid, Some(&member)).await;
    let mut form = loaded[0].clone();
    form["categories"] = json!(["maler"]);
    form["phone"] = json!("0203 55555");
    // A plain member edits the profile but not who owns the provider.
    let mut declared = form.clone();
    declared["ownership"] = json!("municipal");
    declared["owner_name"] = json!("Stadt Beispielhausen");
    let (status, _) = save(&app, pid, 1, &declared, Some(&member)).await;
    assert_eq!(status, 403, "only owners and administrators declare ownership");
    let mut version = 1;
    for (who, cookie, want) in [("anonymous", None, 401), ("stranger", Some(&stranger), 403), ("moderator", Some(&moderator), 403), ("member", Some(&member), 200), ("admin", Some(&admin), 200)] {
        let before = row(&app, pid).await;
        assert_eq!(load(&app, pid, cookie.map(String::as_str)).await.0, want, "load by {who}");
        form["description"] = json!(format!("Bearbeitet von {who}."));
        let (status, body) = save(&app, pid, version, &form, cookie.map(String::as_str)).await;
        assert_eq!(status, want, "save by {who}: {body}");
        if status == 200 {
            version += 1;
        } else {
            assert_eq!(row(&app, pid).await, before, "{who} changed something");
        }
    }
}

#[tokio::test]
async fn a_provider_based_outside_duisburg_serves_the_city_from_its_town() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie) = fixtures::signed_in(&app.db, "Olga", Role::Resident).await;
    let mut form = create_form();
    form["form"]["seat"] = json!("ausserhalb");
    form["form"]["town"] = json!("Essen");
    form["form"]["postal_code"] = json!("45127");
    form["form"]["stadtteil"] = json!("");
    form["form"]["bezirke"] = json!(["mitte"]);
    let (status, id) = json_call(&app, "create_provider", form, Some(&cookie)).await;
    assert_eq!(status, 200, "{id}");
    let pid = id.as_i64().unwrap() as i32;
    let p = row(&app, pid).await;
    assert_eq!((p.stadtteil_id, p.town.as_deref()), (None, Some("Essen")));
    let offer = fixtures::offer(&app.db, pid, 1, "Dachrinne reinigen", Some(5000), Utc::now()).await;

    // The provider's page, its offers and the API say where it is based.
    let (status, html) = app.page(&format!("/anbieter/{pid}-{}", p.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Essen (außerhalb Duisburgs)") && html.contains("45127 Essen"), "seat shown");
    assert!(html.contains("Einsatzgebiet") && html.contains("<dd>Mitte</dd>"), "served districts shown");
    app.state.catalog.fresh().await.unwrap();
    let (_, html) = app.page(&format!("/angebote/{}-{}", offer.id, offer.slug)).await;
    assert!(html.contains("Essen (außerhalb Duisburgs)"), "the offer page names the seat");
    let api: Value = app.get(&format!("/api/v1/providers/{pid}")).await.json().await.unwrap();
    assert_eq!((api["town"].as_str(), api["location"].as_str()), (Some("Essen"), Some("Essen (außerhalb Duisburgs)")));

    // The form round-trips; "Duisburg" is not a town outside Duisburg.
    let (_, loaded) = load(&app, pid, Some(&cookie)).await;
    let mut edit = loaded[0].clone();
    assert_eq!((edit["seat"].as_str(), edit["town"].as_str(), edit["stadtteil"].as_str()), (Some("ausserhalb"), Some("Essen"), Some("")));
    edit["town"] = json!("Duisburg");
    let (status, err) = save(&app, pid, 1, &edit, Some(&cookie)).await;
    assert_eq!((status, err["Invalid"]["field"].as_str()), (400, Some("town")), "{err}");
    // Moving to Duisburg needs a Stadtteil and a Duisburg postcode.
    edit["seat"] = json!("");
    let (status, err) = save(&app, pid, 1, &edit, Some(&cookie)).await;
    assert_eq!((status, err["Invalid"]["field"].as_str()), (400, Some("postal_code")), "{err}");
    assert_eq!(row(&app, pid).await, p, "refused edits change nothing");
    edit["postal_code"] = json!("47053");
    edit["stadtteil"] = json!("hochfeld");
    let (status, saved) = save(&app, pid, 1, &edit, Some(&cookie)).await;
    assert_eq!(status, 200, "{saved}");
    let moved = row(&app, pid).await;
    assert_eq!((moved.stadtteil_id.is_some(), moved.town), (true, None));
    let audit = audits(&app, "provider.update").await;
    assert!(audit[0].before.as_deref().unwrap().contains("\"town\":\"Essen\""), "the audit keeps the old seat");
}
