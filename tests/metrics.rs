//! `/metrics`: absent without a token, refused with a wrong one; with the
//! right one it counts this app's requests per route pattern, the page
//! cache's hits and misses, and reports the catalogue, the pool and the
//! open live streams as they are.
#![cfg(feature = "ssr")]
mod common;

use common::{spawn_app, spawn_app_tweaked, Seed, Sse};

const TOKEN: &str = "metrics-token-for-the-tests-0123";

fn with_token(st: &mut smart_city_duisburg::app::AppState) {
    st.metrics_token = Some(TOKEN.into());
}

async fn scrape(app: &common::TestApp, token: Option<&str>) -> (u16, String) {
    let mut req = app.client.get(app.url("/metrics"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// The value of the sample named exactly `series` (name and labels).
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .unwrap_or_else(|| panic!("{series} missing in\n{text}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn without_a_token_there_is_no_metrics_page() {
    let app = spawn_app(Seed::Empty).await;
    assert_eq!(scrape(&app, None).await.0, 404);
    assert_eq!(scrape(&app, Some(TOKEN)).await.0, 404);
}

#[tokio::test]
async fn the_metrics_count_requests_cache_hits_and_report_the_catalogue() {
    let app = spawn_app_tweaked(with_token).await;
    let (status, _) = scrape(&app, None).await;
    assert_eq!(status, 401);
    assert_eq!(scrape(&app, Some("a-wrong-token-of-some-length")).await.0, 401);

    // The same anonymous results page twice: rendered, then from the cache
    // (which keeps pages once the catalogue has loaded: its stamp is their key).
    app.state.catalog.fresh().await.unwrap();
    for _ in 0..2 {
        assert_eq!(app.page("/angebote?q=wohnung").await.0, 200);
    }
    assert_eq!(app.page("/verwaltung").await.0, 200);
    let live = Sse::open(&app.base, "liste=1").await;

    let (status, text) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(status, 200);
    let route = |r: &str| format!("scd_http_request_duration_seconds_count{{method=\"GET\",route=\"{r}\",status=\"200\"}}");
    assert_eq!(value(&text, &route("/angebote")), 2.0, "counted under the route, not the query");
    assert_eq!(value(&text, &route("/verwaltung")), 1.0);
    assert!(value(&text, "scd_page_cache_lookups_total{outcome=\"hit\"}") >= 1.0);
    assert!(value(&text, "scd_page_cache_lookups_total{outcome=\"miss\"}") >= 1.0);
    assert_eq!(value(&text, "scd_catalogue_offers"), app.state.catalog.size().0 as f64);
    assert!(value(&text, "scd_catalogue_offers") > 0.0);
    // Its heap: at least the four bytes of every term id its offers hold.
    assert!(value(&text, "scd_catalogue_bytes") >= 4.0 * value(&text, "scd_catalogue_offers"), "the catalogue's size");
    assert_eq!(value(&text, "scd_catalogue_loaded"), 1.0);
    assert!(value(&text, "scd_catalogue_behind_seconds") < 60.0);
    assert_eq!(value(&text, "scd_live_subscribers"), 1.0);
    assert!(value(&text, "scd_db_pool_connections") >= 1.0);
    assert!(value(&text, "scd_db_pool_max_connections") >= value(&text, "scd_db_pool_connections"));
    drop(live);

    // A scrape is not itself a page view of the site's routes but is timed too.
    let (_, again) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(value(&again, &route("/angebote")), 2.0);
    assert!(value(&again, &route("/metrics")) >= 1.0);
}
