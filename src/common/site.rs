//! Data every page needs (demo flag, categories, districts), fetched once
//! per page load and shared through context.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::categories::CategoryTree;
use crate::districts::Districts;
use crate::error::AppError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteData {
    pub demo: bool,
    pub categories: CategoryTree,
    pub districts: Districts,
}

/// The server puts the site's data into every request's context (see
/// `app::router`), so this module needs nothing of the app.
#[server(prefix = "/api", endpoint = "site")]
pub async fn site_info() -> Result<SiteData, AppError> {
    use_context::<std::sync::Arc<SiteData>>().map(|s| (*s).clone()).ok_or_else(|| {
        tracing::error!("SiteData missing from the Leptos context");
        AppError::Internal
    })
}

#[derive(Clone, Copy)]
pub struct Site(pub OnceResource<Result<SiteData, AppError>>);

/// Islands call this too: on the client an island sees no context from
/// the server-only layout, and a resource created inside the island is
/// sent along with it, so both sides render the same options.
///
/// On the server the data is taken from the context here, while the
/// island's owner surely lives: a Suspense may re-create the island before
/// the resource is first polled, and a context looked up then would be
/// gone. The discarded island's resource would resolve to an error and
/// shift the hydration data the browser reads (a hydration panic, seen in
/// the browser suite).
pub fn provide_site_info() {
    #[cfg(feature = "ssr")]
    let data = {
        let here = use_context::<std::sync::Arc<SiteData>>();
        async move { here.map(|s| (*s).clone()).ok_or(AppError::Internal) }
    };
    #[cfg(not(feature = "ssr"))]
    let data = site_info();
    provide_context(Site(OnceResource::new(data)));
}

pub fn use_site() -> OnceResource<Result<SiteData, AppError>> {
    expect_context::<Site>().0
}

/// The site's public origin (`SCD_PUBLIC_URL`), put into every request's
/// context by the server when it is configured: canonical links are then
/// absolute, as search engines want them, and never taken from the
/// request's Host (cached pages must not depend on it). Unset: relative.
#[derive(Clone)]
pub struct PublicUrl(pub std::sync::Arc<str>);

/// `<link rel="canonical">` with the absolute URL of `path`.
#[component]
pub fn Canonical(path: String) -> impl IntoView {
    let origin = use_context::<PublicUrl>().map(|u| u.0.trim_end_matches('/').to_owned()).unwrap_or_default();
    view! { <leptos_meta::Link rel="canonical" href=format!("{origin}{path}")/> }
}

/// Sets the HTTP status of the page being rendered on the server.
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Marks the page being rendered as served while the database is away
/// (`server::reply::mark_stale`): possibly not current, never cached.
pub fn mark_stale() {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.insert_header(http::header::HeaderName::from_static(crate::server::reply::STALE_HEADER), http::HeaderValue::from_static("1"));
        resp.insert_header(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
    }
}

/// Answers with a permanent redirect to the canonical URL (old slugs).
pub fn redirect_permanently(to: &str) {
    redirect_with(http::StatusCode::MOVED_PERMANENTLY, to);
}

/// Sends the visitor elsewhere for now (a page that needs a sign-in): a real
/// 302 from the server whatever the request's Accept header, a page load
/// when an island finds out in the browser.
pub fn redirect_temporarily(to: &str) {
    redirect_with(http::StatusCode::FOUND, to);
    go_to(to);
}

/// An island's way to another page (after a save): a full page load, as
/// pages are rendered on the server. Nothing happens on the server.
pub fn go_to(to: &str) {
    #[cfg(feature = "hydrate")]
    crate::common::swap::navigate(to);
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}

fn redirect_with(status: http::StatusCode, to: &str) {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(status);
        if let Ok(v) = http::HeaderValue::from_str(to) {
            resp.insert_header(http::header::LOCATION, v);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (status, to);
}
