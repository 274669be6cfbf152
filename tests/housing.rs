//! The exposé of a housing offer for sale: the monthly cost estimate,
//! computed on the server from the URL, so it works without JavaScript.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, spawn_app, Seed, TestApp};
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
