//! Stadtteil filter and facet counts: every count shown next to a filter
//! value equals the number of results choosing that value gives. On SQLite
//! and PostgreSQL.
#![cfg(feature = "ssr")]
mod common;

use common::{result_count, spawn_app, Seed, TestApp};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use smart_city_duisburg::db::entities::{offer, offer_district, stadtteil};

async fn list(app: &TestApp, form: &[(&str, &str)]) -> Value {
    let mut form: Vec<(String, &str)> = form.iter().map(|(k, v)| (format!("filter[{k}]"), *v)).collect();
    if form.is_empty() {
        form.push(("filter[q]".into(), ""));
    }
    let resp = app.client.post(app.url("/api/offers")).form(&form).send().await.unwrap();
    let status = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(status, 200, "{form:?}: {body}");
    body
}

fn total(v: &Value) -> u64 {
    v["paging"]["total"].as_u64().unwrap()
}

/// Checks each (value, count) pair of a facet against the list with that value set.
async fn facet_matches(app: &TestApp, base: &[(&str, &str)], page: &Value, facet: &str, param: &str, value_of: impl Fn(&Value) -> String) {
    let entries = page["facets"][facet].as_array().unwrap_or_else(|| panic!("facet {facet} missing"));
    assert!(!entries.is_empty(), "facet {facet} is empty");
    for e in entries {
        let value = value_of(&e[0]);
        let shown = e[1].as_u64().unwrap();
        let mut form: Vec<(&str, &str)> = base.iter().filter(|(k, _)| *k != param).copied().collect();
        form.push((param, &value));
        let actual = total(&list(app, &form).await);
        assert_eq!(shown, actual, "facet {facet}={value} with {base:?}");
    }
}

fn ownership_param(v: &Value) -> String {
    v.as_str().unwrap().to_lowercase()
}

fn housing_param(v: &Value) -> String {
    if v == "Buy" { "kaufen" } else { "mieten" }.to_owned()
}

fn rating_param(v: &Value) -> String {
    let tenths = v.as_i64().unwrap();
    format!("{},{}", tenths / 10, tenths % 10)
}

#[tokio::test]
async fn every_facet_count_is_what_choosing_it_gives() {
    let app = spawn_app(Seed::Demo).await;
    for base in [
        vec![],
        vec![("q", "wohnung")],
        vec![("kategorie", "handwerk"), ("bezirk", "sued")],
        vec![("eigentum", "private"), ("bewertung_ab", "4")],
        vec![("bezirk", "mitte"), ("vermarktung", "mieten")],
    ] {
        let page = list(&app, &base).await;
        facet_matches(&app, &base, &page, "ownership", "eigentum", ownership_param).await;
        facet_matches(&app, &base, &page, "min_rating", "bewertung_ab", rating_param).await;
        facet_matches(&app, &base, &page, "housing_kinds", "vermarktung", housing_param).await;
        let stadtteile = page["facets"]["stadtteile"].as_array().unwrap();
        // Within a chosen Bezirk only its Stadtteile; otherwise all 46.
        let expected = if base.iter().any(|(k, _)| *k == "bezirk") { stadtteile.len() } else { 46 };
        assert_eq!(stadtteile.len(), expected);
        // A sample of Stadtteile keeps the test quick.
        for e in stadtteile.iter().step_by(5) {
            let slug = e[0].as_str().unwrap();
            let mut form = base.clone();
            form.push(("stadtteil", slug));
            assert_eq!(e[1].as_u64().unwrap(), total(&list(&app, &form).await), "stadtteil {slug} with {base:?}");
        }
    }
}

#[tokio::test]
async fn a_stadtteil_holds_its_own_places_and_the_services_of_its_bezirk() {
    let app = spawn_app(Seed::Demo).await;
    let st = stadtteil::Entity::find().filter(stadtteil::Column::Slug.eq("hochfeld")).one(&app.db).await.unwrap().unwrap();
    let serving = offer_district::Entity::find().filter(offer_district::Column::BezirkId.eq(st.bezirk_id));
    let serving_ids: Vec<i32> = serving.all(&app.db).await.unwrap().into_iter().map(|l| l.offer_id).collect();
    let expected = offer::Entity::find()
        .filter(offer::Column::Status.eq("published"))
        .filter(
            Condition::any().add(offer::Column::StadtteilId.eq(st.id)).add(
                Condition::all().add(offer::Column::StadtteilId.is_null()).add(
                    Condition::any().add(offer::Column::ServiceArea.eq("city")).add(offer::Column::Id.is_in(serving_ids)),
                ),
            ),
        )
        .count(&app.db)
        .await
        .unwrap();
    let (status, html) = app.page("/angebote?stadtteil=hochfeld").await;
    assert_eq!(status, 200);
    assert_eq!(result_count(&html), Some(expected));
    // The Stadtteil implies its Bezirk, which the form shows as chosen.
    let (_, bezirk) = app.page("/angebote?bezirk=mitte").await;
    assert!(result_count(&html).unwrap() < result_count(&bezirk).unwrap());
    assert!(html.contains("<option value=\"hochfeld\" selected"), "Stadtteil chosen in the form");
    assert!(html.contains("<option value=\"mitte\" selected"), "its Bezirk chosen in the form");
    // Flats elsewhere in Mitte are not in Hochfeld.
    let flats = list(&app, &[("stadtteil", "hochfeld"), ("kategorie", "wohnen")]).await;
    for o in flats["offers"].as_array().unwrap() {
        assert!(o["place"].as_str().unwrap().contains("Hochfeld"), "{}", o["place"]);
    }
    assert_eq!(app.get("/angebote?stadtteil=hochfeld&bezirk=mitte").await.status().as_u16(), 200);
}

#[tokio::test]
async fn bad_stadtteil_values_are_explained() {
    let app = spawn_app(Seed::Empty).await;
    let (status, html) = app.page("/angebote?stadtteil=atlantis").await;
    assert_eq!(status, 400);
    assert!(html.contains("Diesen Stadtteil gibt es nicht."));
    let (status, html) = app.page("/angebote?stadtteil=hochfeld&bezirk=walsum").await;
    assert_eq!(status, 400);
    assert!(html.contains("Dieser Stadtteil liegt nicht im gewählten Stadtbezirk."));
    // A server-function call whose arguments cannot be read is bad input too.
    let resp = app.client.post(app.url("/api/offers")).form(&[("filter[q][a]", "1")]).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
}
