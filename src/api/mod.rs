//! The open data API: read-only JSON under `/api/v1`, its OpenAPI 3.1
//! document generated from these handlers, and a readable page made from
//! that document. The offer list reuses the website's filter, validation and
//! queries, so the API and the website can never disagree.
//!
//! Leptos server functions live at `/api/<endpoint>` (POST); nothing of
//! theirs starts with `v1`.
mod offers;
pub mod openapi;
mod page;
pub mod params;
pub mod problem;
mod providers;
mod reference;
mod store;
pub mod types;

use axum::http::Method;
use axum::response::Redirect;
use axum::routing::get;
use axum::Router;
use tower_http::cors::{Any, CorsLayer};

use crate::app::state::AppState;

/// Where the router is mounted; links in answers start with it.
pub const BASE: &str = "/api/v1";
pub const DEFAULT_PER_PAGE: u64 = crate::common::paging::PER_PAGE;
pub const MAX_PER_PAGE: u64 = 100;

/// The API under `BASE`, and `/api` and `BASE/` leading to its page.
pub fn routes() -> Router<AppState> {
    Router::new()
        .nest(BASE, router())
        .route("/api", get(|| async { Redirect::permanent(BASE) }))
        .route(&format!("{BASE}/"), get(|| async { Redirect::permanent(BASE) }))
}

fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page::page))
        .route("/openapi.json", get(openapi::serve))
        .route("/page.css", get(page::stylesheet))
        .route("/offers", get(offers::list))
        .route("/providers", get(providers::list))
        .route("/providers/{id}", get(providers::detail))
        .route("/providers/{id}/reviews", get(providers::reviews))
        .route("/categories", get(reference::categories))
        .route("/districts", get(reference::districts))
        .fallback(problem::no_route)
        .method_not_allowed_fallback(problem::method_not_allowed)
        // Open data: any site may read it from the browser.
        .layer(CorsLayer::new().allow_origin(Any).allow_methods([Method::GET, Method::HEAD]))
}
