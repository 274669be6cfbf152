//! Price, ownership, rating and housing filters, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]
mod common;

use common::{spawn_app, Seed, TestApp};
use serde_json::Value;

async fn list(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let resp = app.client.post(app.url("/api/offers")).form(form).send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn further_filters_narrow_the_list() {
    let app = spawn_app(Seed::Demo).await;
    let (_, all) = list(&app, &[("filter[q]", "")]).await;
    let total = all["paging"]["total"].as_u64().unwrap();

    let (status, flats) = list(&app, &[("filter[vermarktung]", "mieten"), ("filter[zimmer_ab]", "3"), ("filter[flaeche_ab]", "80")]).await;
    assert_eq!(status, 200);
    let offers = flats["offers"].as_array().unwrap();
    assert!(!offers.is_empty() && flats["paging"]["total"].as_u64().unwrap() < total);
    for o in offers {
        assert_eq!(o["housing"]["kind"], "Rent");
        assert!(o["housing"]["rooms_tenths"].as_i64().unwrap() >= 30);
        assert!(o["housing"]["living_area_centi_m2"].as_i64().unwrap() >= 8000);
    }

    let (_, cheap) = list(&app, &[("filter[kategorie]", "handwerk"), ("filter[preis_bis]", "60")]).await;
    assert!(!cheap["offers"].as_array().unwrap().is_empty());
    for o in cheap["offers"].as_array().unwrap() {
        assert!(o["price"]["cents"].as_i64().unwrap() <= 6000, "{o}");
    }

    let (_, municipal) = list(&app, &[("filter[eigentum]", "municipal")]).await;
    assert!(!municipal["offers"].as_array().unwrap().is_empty());
    assert!(municipal["offers"].as_array().unwrap().iter().all(|o| o["provider"]["ownership"] == "Municipal"));

    let (_, good) = list(&app, &[("filter[bewertung_ab]", "4,5")]).await;
    for o in good["offers"].as_array().unwrap() {
        let r = &o["provider"]["rating"];
        let avg = r["sum"].as_f64().unwrap() / r["count"].as_f64().unwrap();
        assert!(avg >= 4.5, "{avg}");
    }
    assert!(good["paging"]["total"].as_u64().unwrap() < total);
}

#[tokio::test]
async fn bad_filter_values_get_german_messages() {
    let app = spawn_app(Seed::Empty).await;
    for (query, message) in [
        ("preis_von=viel", "Bitte geben Sie den Preis als Zahl in Euro an, z. B. 1.200."),
        ("preis_von=900&preis_bis=100", "Der Höchstpreis muss über dem Mindestpreis liegen."),
        ("eigentum=gekauft", "Diese Eigentumsform gibt es nicht."),
        ("bewertung_ab=9", "Die Mindestbewertung muss zwischen 1 und 5 Sternen liegen."),
        ("zimmer_ab=drei", "Bitte geben Sie die Zimmerzahl als Zahl an, z. B. 2,5."),
    ] {
        let (status, html) = app.page(&format!("/angebote?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(message), "{query}");
    }
}
