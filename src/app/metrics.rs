//! `/metrics` for Prometheus, never public by default: on the site's own
//! address only with `Authorization: Bearer $SCD_METRICS_TOKEN`, and
//! without a token on `SCD_METRICS_ADDR`, a listener of its own for a
//! private network. Neither set: `/metrics` does not exist.
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::DbBackend;

use super::AppState;
use crate::server::metrics::{Snapshot, CONTENT_TYPE};

/// What the features report now.
pub async fn snapshot(st: &AppState) -> Snapshot {
    let (offers, terms) = st.catalog.size();
    let (size, idle, max) = match st.db.get_database_backend() {
        DbBackend::Postgres => {
            let p = st.db.get_postgres_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        _ => {
            let p = st.db.get_sqlite_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
    };
    let mut s = Snapshot {
        catalogue_offers: offers as u64,
        catalogue_terms: terms as u64,
        catalogue_bytes: st.catalog.heap_bytes() as u64,
        catalogue_loaded: st.catalog.is_loaded(),
        catalogue_database_ok: st.catalog.database_answers(),
        catalogue_behind_seconds: st.catalog.behind().map_or(f64::NAN, |d| d.as_secs_f64()),
        catalogue_catch_ups: st.catalog.catch_ups(),
        catalogue_reloads: st.catalog.reloads(),
        db_pool_size: u64::from(size),
        db_pool_idle: idle as u64,
        db_pool_max: u64::from(max),
        live_subscribers: st.live_slots.open() as u64,
        ..Default::default()
    };
    match crate::server::outbox::counts(&st.db).await {
        Ok(counts) => {
            let n = |state: &str| counts.iter().filter(|(s, _)| s == state).map(|(_, n)| *n as u64).sum();
            s.outbox_waiting = n("pending");
            s.outbox_failed = n("failed");
        }
        Err(e) => tracing::warn!(error = %e, "metrics: outbox counts unavailable"),
    }
    s
}

async fn scrape(st: &AppState) -> Response {
    let text = st.metrics.render(&snapshot(st).await);
    ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, "no-store")], text).into_response()
}

/// `/metrics` on the site's address: with the token, else as if absent.
pub async fn guarded(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = st.metrics_token.as_deref() else { return StatusCode::NOT_FOUND.into_response() };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t);
    // Hashes compared, so the comparison's time says nothing of the token.
    let hash = crate::server::token::hash_token;
    if given.is_some_and(|g| hash(g.trim()) == hash(token)) {
        scrape(&st).await
    } else {
        (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response()
    }
}

/// The private listener's app: `/metrics` and nothing else.
pub fn private_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(|State(st): State<AppState>| async move { scrape(&st).await })).with_state(state)
}
