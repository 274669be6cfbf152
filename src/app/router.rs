//! The axum router: Leptos pages and server functions, `/healthz` and
//! `/readyz`, the open
//! data API under `/api/v1`, and the static assets under `/pkg`
//! (precompressed, cached for a year since cargo-leptos puts a content hash
//! in their names).
use std::sync::OnceLock;

use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, MethodRouter};
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

/// RFC 8058's one-click unsubscribe (`alerts::routes::unsubscribe`).
const UNSUBSCRIBE: &str = "/suchauftrag/abbestellen";

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

    // The one-click unsubscribe of the alert mails comes from mail providers'
    // servers, cross-site by nature; its token is its authority and it reads
    // no cookie, so a forged post can do only what the token's holder can.
    let security = security::Settings::new(state.public_origin.as_deref(), &options).with_token_paths(&[UNSUBSCRIBE]);
    let ctx_state = state.clone();
    // Only a configured public origin makes canonical links absolute: the
    // listen address (0.0.0.0:3000) is no address for search engines.
    let public_url = state.public_origin.clone().map(crate::common::site::PublicUrl);
    let context = move || {
        provide_context(ctx_state.clone());
        provide_context(ctx_state.site.clone());
        if let Some(u) = &public_url {
            provide_context(u.clone());
        }
        crate::i18n::provide_request_locale();
        security::provide_request_nonce();
        crate::accounts::api::provide_request_account();
    };
    // Behind an Arc: axum clones a route's handler, and all it holds, for
    // every request, a page-cache hit too; the options are some twenty
    // reference counts.
    let shell_options = std::sync::Arc::new(options.clone());
    let reads = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(super::metrics::guarded))
        .route("/angebote/feed.xml", get(crate::offers::feed::feed))
        .route("/suchauftraege/feed/{token}", get(crate::alerts::routes::feed))
        // Sets the visitor's own language cookie; stores nothing.
        .route("/sprache/{code}", get(crate::i18n::switch::switch))
        .route("/live", get(crate::live::sse::live))
        .route("/konto/daten.json", get(crate::accounts::gdpr::download))
        .merge(crate::api::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            context.clone(),
            move || shell((*shell_options).clone()),
        )
        .nest(&format!("/{}", options.site_pkg_dir), pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .route("/bilder/{file}", get(crate::photos::routes::image))
        .route("/anfragen/{id}/fotos/{file}", get(crate::quotes::file_routes::photo))
        .route("/anfragen/{id}/angebote/{qid}/angebot.pdf", get(crate::quotes::file_routes::pdf_file))
        .route("/dashboard/{pid}/openimmo/lauf/{id}", get(crate::openimmo_import::upload::follow));
    // Every route but the uploads keeps the small body limit.
    let limited = mount(reads, mutating_routes()).layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES));
    mount(limited, upload_routes())
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
        // Outermost: a page-cache hit is timed as well as a rendered page.
        .layer(axum::middleware::from_fn_with_state(state.metrics.clone(), crate::server::metrics::track))
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

/// A path and what answers there.
pub type RouteTable = Vec<(&'static str, MethodRouter<AppState>)>;

fn mount(router: Router<AppState>, table: RouteTable) -> Router<AppState> {
    table.into_iter().fold(router, |r, (path, handler)| r.route(path, handler))
}

/// Every plain route that changes state: the form posts, and the one link
/// that does (confirming an address). Server functions are registered by
/// Leptos. `tests/authz_matrix` walks this table and `upload_routes`, so a
/// route added here without a row in its matrix fails that test.
pub fn mutating_routes() -> RouteTable {
    use crate::{accounts::gdpr, accounts::people_routes as people, alerts::routes as alerts, contact, members, notifications, photos, recommendations as recs, reports, reviews, search, services};
    vec![
        ("/registrieren", post(accounts::sign_up)),
        ("/anmelden", post(accounts::log_in)),
        ("/abmelden", post(accounts::log_out)),
        ("/passwort-vergessen", post(accounts::forgot)),
        ("/passwort-neu", post(accounts::reset)),
        ("/konto/bestaetigen", get(accounts::verify)),
        ("/konto/loeschen", post(gdpr::delete)),
        ("/verwaltung/{slug}/bewerten", post(services::routes::rate)),
        ("/verwaltung/{slug}/bewertung-loeschen", post(services::routes::unrate)),
        ("/verwaltung/{slug}/bearbeiten", post(services::routes::edit)),
        ("/admin/suche/synonyme", post(search::routes::save_synonyms)),
        ("/admin/suche/erledigt", post(search::routes::forget_miss)),
        ("/admin/personen/rolle", post(people::set_role)),
        ("/admin/personen/sperre", post(people::set_locked)),
        ("/empfehlen", post(recs::routes::recommend)),
        ("/empfehlungen/{id}/unterstuetzen", post(recs::routes::second)),
        ("/empfehlungen/{id}/zurueckziehen", post(recs::routes::withdraw)),
        ("/empfehlungen/{id}/loeschen", post(recs::routes::delete)),
        // Reviews, reports and notifications.
        ("/bewertungen", post(reviews::routes::save)),
        ("/bewertungen/{id}/hilfreich", post(reviews::routes::vote)),
        ("/bewertungen/{rid}/antwort", post(reviews::routes::reply)),
        ("/dashboard/{pid}/kundencodes", post(reviews::routes::new_code)),
        ("/melden", post(reports::routes::report)),
        ("/moderation/meldungen/{id}", post(reports::routes::decide)),
        ("/moderation/bewohner", post(reports::routes::verify_resident)),
        ("/benachrichtigungen/gelesen", post(notifications::mark_read_route)),
        ("/fotos/{id}", post(photos::routes::change)),
        ("/mitglieder/einladen", post(members::routes::invite)),
        ("/mitglieder/aendern", post(members::routes::change)),
        ("/einladung/annehmen", post(members::routes::accept)),
        ("/angebote/{id}/kontakt", post(contact::routes::send)),
        ("/dashboard/{pid}/anfragen/{id}/gelesen", post(contact::routes::mark_read)),
        // Saved searches; the two token links of the alert mails.
        ("/suchauftraege", post(alerts::save)),
        ("/suchauftraege/{id}/aendern", post(alerts::update)),
        ("/suchauftraege/{id}/loeschen", post(alerts::delete)),
        ("/suchauftraege/{id}/gesehen", post(alerts::mark_seen)),
        ("/suchauftrag/bestaetigen", post(alerts::confirm)),
        (UNSUBSCRIBE, post(alerts::unsubscribe)),
        ("/admin/post/wiederholen", post(crate::outbox_admin::retry_route)),
        // Requests for quotes: the resident's, the provider's, moderation.
        ("/anfragen", post(crate::quotes::routes::create)),
        ("/anfragen/{id}/{step}", post(crate::quotes::routes::request_step)),
        ("/anfragen/{id}/angebote/{qid}/{step}", post(crate::quotes::routes::quote_step)),
        ("/dashboard/{pid}/angebotsanfragen/{id}/{step}", post(crate::quotes::routes::provider_step)),
        ("/dashboard/{pid}/angebotsanfragen/benachrichtigung", post(crate::quotes::routes::notices)),
        ("/moderation/anfragen/{id}/entfernen", post(crate::quotes::routes::remove)),
    ]
}

/// The uploads, each with its own body limit instead of the small one.
pub fn upload_routes() -> RouteTable {
    use crate::{openimmo_import::upload, photos::routes as photos, quotes::file_routes as quotes};
    vec![
        ("/fotos/hochladen", post(photos::upload).layer(DefaultBodyLimit::max(photos::UPLOAD_BODY_BYTES))),
        ("/dashboard/{pid}/openimmo", post(upload::upload).layer(DefaultBodyLimit::max(upload::UPLOAD_BODY_BYTES))),
        ("/anfragen/{id}/fotos", post(quotes::photos).layer(DefaultBodyLimit::max(quotes::PHOTO_BODY_BYTES))),
        ("/dashboard/{pid}/angebotsanfragen/{id}/unterlagen", post(quotes::pdf).layer(DefaultBodyLimit::max(quotes::PDF_BODY_BYTES))),
    ]
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
