//! The exposé of a housing offer: the monthly cost estimate for sale,
//! computed on the server from the URL, so it works without JavaScript;
//! and the key facts and text sections a provider enters in the editor.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, form_call, json_call, spawn_app, Seed, TestApp};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::offer;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use smart_city_duisburg::common::url_key;
use smart_city_duisburg::db::entities::category;

async fn house_for_sale(app: &TestApp, kind: &str) -> String {
    let cat = category::Entity::find().filter(category::Column::Slug.eq("wohnen-kaufen")).one(&app.db).await.unwrap().unwrap();
    let pid = fixtures::provider(&app.db, "Beispiel Immobilien", "private", Utc::now()).await;
    let o = fixtures::offer(&app.db, pid, cat.id, "Reihenhaus in Wanheimerort", Some(30_000_000), Utc::now()).await;
    let mut m = o.clone().into_active_model();
    m.housing_kind = Set(Some(kind.into()));
    m.rooms_tenths = Set(Some(50));
    m.living_area_centi_m2 = Set(Some(12_000));
    m.update(&app.db).await.unwrap();
    url_key::offer_path(o.id, &o.slug)
}

#[tokio::test]
async fn a_home_for_sale_shows_the_monthly_cost_and_recomputes_from_the_url() {
    let app = spawn_app(Seed::Empty).await;
    let path = house_for_sale(&app, "buy").await;
    let (status, html) = app.page(&path).await;
    assert_eq!(status, 200);
    // Defaults: 25.500 € side costs, equity = side costs + 20 % = 85.500 €, loan 240.000 €,
    // 3,5 % interest + 2 % repayment → 1.100 € a month.
    assert!(html.contains("Was kostet das im Monat?"));
    assert!(html.contains("value=\"85.500\""), "suggested equity");
    assert!(html.contains("<strong>1.100\u{a0}€</strong>"), "monthly rate");
    assert!(html.contains("href=\"/angebote?kategorie=baufinanzierung\""), "every bank's finance offers, not one");

    let (_, html) = app.page(&format!("{path}?eigenkapital=125.500&zins=4&tilgung=3")).await;
    // Loan 200.000 € × 7 % / 12 = 1.166,67 €.
    assert!(html.contains("<strong>1.166,67\u{a0}€</strong>"), "recomputed from the URL");

    let (status, html) = app.page(&format!("{path}?eigenkapital=85.500&zins=viel&tilgung=2")).await;
    assert_eq!(status, 200, "a bad figure is a message, not an error page");
    assert!(html.contains("Bitte geben Sie einen Zins zwischen 0 und 15 % an"));
    assert!(html.contains("value=\"viel\""), "what was typed stays");
}

#[tokio::test]
async fn rentals_have_no_purchase_estimate() {
    let app = spawn_app(Seed::Empty).await;
    let path = house_for_sale(&app, "rent").await;
    let (status, html) = app.page(&path).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Was kostet das im Monat?"));
}

fn flat(details: Value) -> Value {
    json!({
        "title": "Altbauwohnung im Dellviertel", "description": "Drei helle Zimmer mit hohen Decken und Dielenboden.",
        "category": "wohnen-mieten", "price_model": "per_month", "price": "730", "city_wide": true, "bezirke": [],
        "stadtteil": "dellviertel", "housing_kind": "rent", "rooms": "3", "living_area": "84", "plot_area": "", "energy_class": "D",
        "details": details
    })
}

fn details() -> Value {
    json!({
        "warm_rent": "980", "service_charge": "160", "heating_costs": "90", "heating_in_service_charge": false, "deposit": "2.190",
        "commission": "provisionsfrei", "hausgeld": "", "floor": "2", "floors_total": "4", "year_built": "1908",
        "condition": "TEIL_VOLLSANIERT", "heating_type": "ZENTRAL", "energy_source": "GAS", "energy_certificate": "VERBRAUCH",
        "energy_value": "123,4", "available_from": "01.03.2027", "location_text": "Zwei Minuten zum Dellplatz.\n\nStraßenbahn vor der Tür.",
        "features_text": "Dielenboden, Wannenbad.", "other_text": ""
    })
}

#[tokio::test]
async fn a_providers_exposé_details_are_checked_stored_and_shown() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = fixtures::signed_in(&app.db, "Hanna", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Hausverwaltung", "private", Utc::now()).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    let save = |form: Value, oid: Option<i32>, version: i32| {
        let body = json!({"provider_id": pid, "offer_id": oid, "version": version, "form": form});
        json_call(&app, "save_offer", body, Some(&cookie))
    };

    let mut wrong = details();
    wrong["warm_rent"] = json!("700");
    let (status, body) = save(flat(wrong), None, 0).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("warm_rent") && body.to_string().contains("Kaltmiete"), "the field and a German reason: {body}");
    assert_eq!(offer::Entity::find().all(&app.db).await.unwrap().len(), 0, "nothing saved");

    let (status, saved) = save(flat(details()), None, 0).await;
    assert_eq!(status, 200, "{saved}");
    let oid = saved[0].as_i64().unwrap() as i32;
    let o = offer::Entity::find_by_id(oid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((o.warm_rent_cents, o.deposit_cents, o.year_built, o.condition.as_deref()), (Some(98_000), Some(219_000), Some(1908), Some("TEIL_VOLLSANIERT")));
    assert_eq!((o.available_from.as_deref(), o.energy_value_tenths, o.other_text), (Some("2027-03-01"), Some(1234), None));

    let (p, i) = (pid.to_string(), oid.to_string());
    let (status, edit) = form_call(&app, "offer_for_edit", &[("provider_id", &p), ("offer_id", &i)], Some(&cookie)).await;
    assert_eq!(status, 200, "{edit}");
    assert_eq!(edit[0]["details"]["available_from"], "01.03.2027");
    assert_eq!(edit[0]["details"]["deposit"], "2190");

    let (status, _) = form_call(&app, "run_offer_command", &[("provider_id", &p), ("offer_id", &i), ("version", "1"), ("command", "Publish")], Some(&cookie)).await;
    assert_eq!(status, 200);
    let (status, html) = app.page(&url_key::offer_path(o.id, &o.slug)).await;
    assert_eq!(status, 200);
    for text in ["Objektbeschreibung", ">Lage</h2>", "Zwei Minuten zum Dellplatz.", "Straßenbahn vor der Tür.", ">Ausstattung</h2>", "Dielenboden, Wannenbad."] {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains(">Sonstiges</h2>"), "an empty section has no heading");
    for (label, value) in [
        ("Kaltmiete", "730\u{a0}€"),
        ("Warmmiete", "980\u{a0}€"),
        ("Kaution", "2.190\u{a0}€"),
        ("Provision", "provisionsfrei"),
        ("Etage", "2 von 4"),
        ("Baujahr", "1908"),
        ("Objektzustand", "Saniert"),
        ("Heizungsart", "Zentralheizung"),
        ("Energieausweis", "Verbrauchsausweis"),
        ("Energiekennwert", "123,4 kWh/(m²·a)"),
        ("Bezugsfrei ab", "01.03.2027"),
    ] {
        assert!(html.contains(&format!("<dt>{label}</dt><dd>{value}</dd>")), "{label}: {value}");
    }
    assert!(!html.contains("<dt>Hausgeld</dt>"), "no Hausgeld for a rental");
}
