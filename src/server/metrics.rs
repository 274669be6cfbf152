//! Prometheus metrics: request latency per route, page-cache outcomes, and
//! gauges the app reads at scrape time (`app::metrics` fills `Snapshot`).
//!
//! `prometheus-client` is the Prometheus project's own Rust client: a
//! registry per app instead of a process-wide recorder (each test app counts
//! only its own requests), typed label sets, and OpenMetrics text out of the
//! box. Values are atomics; a request pays one histogram observation.
use std::sync::atomic::AtomicU64;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;

pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    /// The route's pattern (`/angebote/{key}`), never the raw path: the
    /// label set stays as small as the route table.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// What the app reports at scrape time.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    pub catalogue_offers: u64,
    pub catalogue_terms: u64,
    pub catalogue_bytes: u64,
    pub catalogue_loaded: bool,
    pub catalogue_database_ok: bool,
    /// Since the catalogue last held everything in the change log.
    pub catalogue_behind_seconds: f64,
    pub catalogue_catch_ups: u64,
    pub catalogue_reloads: u64,
    pub db_pool_size: u64,
    pub db_pool_idle: u64,
    pub db_pool_max: u64,
    pub live_subscribers: u64,
    pub outbox_waiting: u64,
    pub outbox_failed: u64,
}

type FloatGauge = Gauge<f64, AtomicU64>;

pub struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Histogram>,
    page_cache: Family<OutcomeLabels, Counter>,
    ints: Vec<(fn(&Snapshot) -> u64, Gauge)>,
    behind: FloatGauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("scd");
        // 0.5 ms … 4 s: a cached page answers in well under a millisecond,
        // a slow rendered one in tens.
        let requests = Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 14)));
        registry.register("http_request_duration_seconds", "Time to answer a request, by route pattern, method and status", requests.clone());
        let page_cache = Family::<OutcomeLabels, Counter>::default();
        registry.register("page_cache_lookups", "Anonymous public pages answered from the page cache (hit) or rendered (miss)", page_cache.clone());
        let mut ints: Vec<(fn(&Snapshot) -> u64, Gauge)> = Vec::new();
        let mut gauge = |name: &str, help: &str, read: fn(&Snapshot) -> u64| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            ints.push((read, g));
        };
        gauge("catalogue_offers", "Published offers in the in-memory catalogue", |s| s.catalogue_offers);
        gauge("catalogue_terms", "Distinct search terms in the catalogue", |s| s.catalogue_terms);
        gauge("catalogue_bytes", "Heap bytes the catalogue's data holds (its collections' capacities)", |s| s.catalogue_bytes);
        gauge("catalogue_loaded", "1 once the catalogue's first load finished", |s| u64::from(s.catalogue_loaded));
        gauge("catalogue_database_ok", "1 if the catalogue's last look reached the database", |s| u64::from(s.catalogue_database_ok));
        gauge("catalogue_catch_ups", "Looks into the change log since start", |s| s.catalogue_catch_ups);
        gauge("catalogue_reloads", "Full reloads swapped in since start", |s| s.catalogue_reloads);
        gauge("db_pool_connections", "Open connections of the database pool", |s| s.db_pool_size);
        gauge("db_pool_idle_connections", "Idle connections of the database pool", |s| s.db_pool_idle);
        gauge("db_pool_max_connections", "The database pool's limit", |s| s.db_pool_max);
        gauge("live_subscribers", "Open live-update streams (server-sent events) of this instance", |s| s.live_subscribers);
        gauge("outbox_waiting", "Mails queued for delivery", |s| s.outbox_waiting);
        gauge("outbox_failed", "Mails given up after every retry", |s| s.outbox_failed);
        let behind = FloatGauge::default();
        registry.register("catalogue_behind_seconds", "Seconds since the catalogue last held every committed change (catch-up lag)", behind.clone());
        Self { registry, requests, page_cache, ints, behind }
    }

    pub fn page_cache_hit(&self) {
        self.page_cache.get_or_create(&OutcomeLabels { outcome: "hit" }).inc();
    }

    pub fn page_cache_miss(&self) {
        self.page_cache.get_or_create(&OutcomeLabels { outcome: "miss" }).inc();
    }

    /// The text a scrape gets.
    pub fn render(&self, s: &Snapshot) -> String {
        for (read, g) in &self.ints {
            g.set(i64::try_from(read(s)).unwrap_or(i64::MAX));
        }
        self.behind.set(s.catalogue_behind_seconds);
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "encoding the metrics failed");
        }
        out
    }
}

/// The middleware: times every request under its route's pattern.
pub async fn track(State(m): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    // Made-up methods (answered 405) share one label: a client cannot grow
    // the label set.
    let method = match *req.method() {
        Method::GET | Method::HEAD | Method::POST | Method::PUT | Method::DELETE | Method::PATCH | Method::OPTIONS => req.method().as_str(),
        _ => "OTHER",
    }
    .to_owned();
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_owned();
    let resp = next.run(req).await;
    let labels = RouteLabels { method, route, status: resp.status().as_u16() };
    m.requests.get_or_create(&labels).observe(start.elapsed().as_secs_f64());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scrape_names_every_family_with_the_snapshot_values() {
        let m = Metrics::new();
        m.page_cache_hit();
        m.page_cache_hit();
        m.page_cache_miss();
        m.requests.get_or_create(&RouteLabels { method: "GET".into(), route: "/angebote".into(), status: 200 }).observe(0.003);
        let text = m.render(&Snapshot { catalogue_offers: 2187, live_subscribers: 3, catalogue_behind_seconds: 0.25, ..Default::default() });
        assert!(text.contains("scd_page_cache_lookups_total{outcome=\"hit\"} 2"), "{text}");
        assert!(text.contains("scd_page_cache_lookups_total{outcome=\"miss\"} 1"));
        assert!(text.contains("scd_catalogue_offers 2187"));
        assert!(text.contains("scd_live_subscribers 3"));
        assert!(text.contains("scd_catalogue_behind_seconds 0.25"));
        assert!(text.contains("scd_http_request_duration_seconds_bucket{le=\"0.004\",method=\"GET\",route=\"/angebote\",status=\"200\"} 1"), "{text}");
        assert!(text.trim_end().ends_with("# EOF"));
    }
}
