//! The axum router: Leptos pages and server functions, `/healthz` and
//! `/readyz`, the open
//! data API under `/api/v1`, and the static assets under `/pkg`
//! (precompressed, cached for a year since cargo-leptos puts a content hash
//! in their names).
use std::sync::OnceLock;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sea_orm::ConnectionTrait;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::accounts::routes as accounts;
use super::AppState;
use crate::server::security;
use crate::app::{shell, App};

/// Form posts and server-function arguments are small; photo uploads
/// (`/fotos/hochladen`) and OpenImmo imports (`/dashboard/{pid}/openimmo`)
/// have their own limits.
const BODY_LIMIT_BYTES: usize = 256 * 1024;

pub fn build(state: AppState) -> Router {
    let routes = route_list();
    let options = state.leptos_options.clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);

    let pkg = Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));

    let security = security::Settings::new(state.public_origin.as_deref(), &options);
    let ctx_state = state.clone();
    let context = move || {
        provide_context(ctx_state.clone());
        provide_context(ctx_state.site.clone());
        crate::i18n::provide_request_locale();
        security::provide_request_nonce();
    };
    let shell_options = options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/angebote/feed.xml", get(crate::offers::feed::feed))
        .route("/sprache/{code}", get(crate::i18n::switch::switch))
        .route("/live", get(crate::live::sse::live))
        .route("/registrieren", post(accounts::sign_up))
        .route("/anmelden", post(accounts::log_in))
        .route("/abmelden", post(accounts::log_out))
        .route("/passwort-vergessen", post(accounts::forgot))
        .route("/passwort-neu", post(accounts::reset))
        .route("/konto/bestaetigen", get(accounts::verify))
        .route("/konto/daten.json", get(crate::accounts::gdpr::download))
        .route("/konto/loeschen", post(crate::accounts::gdpr::delete))
        .route("/verwaltung/{slug}/bewerten", post(crate::services::routes::rate))
        .route("/verwaltung/{slug}/bewertung-loeschen", post(crate::services::routes::unrate))
        .route("/verwaltung/{slug}/bearbeiten", post(crate::services::routes::edit))
        .route("/admin/suche/synonyme", post(crate::search::routes::save_synonyms))
        .route("/admin/suche/erledigt", post(crate::search::routes::forget_miss))
        .route("/admin/personen/rolle", post(crate::accounts::people_routes::set_role))
        .route("/admin/personen/sperre", post(crate::accounts::people_routes::set_locked))
        .route("/empfehlen", post(crate::recommendations::routes::recommend))
        .route("/empfehlungen/{id}/unterstuetzen", post(crate::recommendations::routes::second))
        .route("/empfehlungen/{id}/zurueckziehen", post(crate::recommendations::routes::withdraw))
        .route("/empfehlungen/{id}/loeschen", post(crate::recommendations::routes::delete))
        // Reviews, reports and notifications.
        .route("/bewertungen", post(crate::reviews::routes::save))
        .route("/bewertungen/{id}/hilfreich", post(crate::reviews::routes::vote))
        .route("/bewertungen/{rid}/antwort", post(crate::reviews::routes::reply))
        .route("/dashboard/{pid}/kundencodes", post(crate::reviews::routes::new_code))
        .route("/melden", post(crate::reports::routes::report))
        .route("/moderation/meldungen/{id}", post(crate::reports::routes::decide))
        .route("/moderation/bewohner", post(crate::reports::routes::verify_resident))
        .route("/benachrichtigungen/gelesen", post(crate::notifications::mark_read_route))
        .merge(crate::api::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            context.clone(),
            move || shell(shell_options.clone()),
        )
        .nest(&format!("/{}", options.site_pkg_dir), pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .route("/bilder/{file}", get(crate::photos::routes::image))
        .route("/fotos/{id}", post(crate::photos::routes::change))
        .route("/mitglieder/einladen", post(crate::members::routes::invite))
        .route("/mitglieder/aendern", post(crate::members::routes::change))
        .route("/einladung/annehmen", post(crate::members::routes::accept))
        .route("/angebote/{id}/kontakt", post(crate::contact::routes::send))
        .route("/dashboard/{pid}/anfragen/{id}/gelesen", post(crate::contact::routes::mark_read))
        .route("/dashboard/{pid}/openimmo/lauf/{id}", get(crate::openimmo_import::upload::follow))
        // Every route but the uploads keeps the small body limit.
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .route(
            "/fotos/hochladen",
            post(crate::photos::routes::upload).layer(axum::extract::DefaultBodyLimit::max(crate::photos::routes::UPLOAD_BODY_BYTES)),
        )
        .route(
            "/dashboard/{pid}/openimmo",
            post(crate::openimmo_import::upload::upload).layer(axum::extract::DefaultBodyLimit::max(crate::openimmo_import::upload::UPLOAD_BODY_BYTES)),
        )
        .layer(axum::middleware::from_fn_with_state(state.clone(), client_scope))
        .layer(CatchPanicLayer::custom(security::panic_response))
        .layer(axum::middleware::map_response(server_fn_error_status))
        .layer(axum::middleware::from_fn_with_state(security.clone(), security::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(state.clone(), super::page_cache::serve))
        // Outside the page cache: a page showing kept fields is never cached.
        .layer(axum::middleware::from_fn_with_state(state.db.clone(), crate::server::flash::take_for_page))
        .layer(CompressionLayer::new().br(true).gzip(true).quality(tower_http::CompressionLevel::Fastest))
        // Outside the others, so their own answers (413, 403) carry the headers too.
        .layer(axum::middleware::from_fn_with_state(security, security::headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Every write runs knowing its client's rate-limit bucket, so what a
/// refused post keeps counts against that client (`server::flash`).
async fn client_scope(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD {
        return next.run(req).await;
    }
    let client = crate::accounts::routes::client_ip(&st, peer, req.headers());
    crate::server::flash::CLIENT.scope(client, next.run(req)).await
}

/// The app's routes never change at run time; generating them renders the
/// app once, which must not run beside live requests (it blocks the worker
/// thread it runs on), so it happens once per process.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Liveness: 200 while the process serves requests at all. It asks the
/// database nothing: an instance whose database is away is still alive
/// (and serves what it can from memory); restarting it would not help.
async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok")
}

/// Readiness: 200 once migrations are applied (before the server listens),
/// the offer catalogue and with it the typo vocabulary are loaded, and the
/// database answers within a second; 503 otherwise. A load balancer sends
/// traffic only to ready instances. The body says which check failed.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = matches!(
        tokio::time::timeout(std::time::Duration::from_secs(1), state.db.execute_unprepared("SELECT 1")).await,
        Ok(Ok(_))
    );
    let loaded = state.catalog.is_loaded();
    let (offers, terms) = state.catalog.size();
    let ready = db_ok && loaded;
    let body = serde_json::json!({
        "ready": ready,
        "migrations": "applied",
        "database": if db_ok { "ok" } else { "unreachable" },
        "catalogue": { "loaded": loaded, "offers": offers, "vocabulary_terms": terms },
    });
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body))
}

/// A server function whose arguments cannot be decoded never runs, so its
/// `AppError::Invalid` leaves with the framework's 500; the resident's bad
/// input deserves the 400 the error itself names.
async fn server_fn_error_status(resp: axum::response::Response) -> axum::response::Response {
    if resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT_BYTES).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        parts.status = err.status();
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
