//! Answers of plain form routes: browsers (Accept: text/html) are sent back
//! to the page the form is on (post/redirect/get) with a short code the page
//! turns into a localized message; other clients get the status and the
//! message as text.
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::common::url_key::encode;
use crate::error::AppError;

/// The header that marks an answer served from memory while the database
/// is unreachable: it may not be current.
pub const STALE_HEADER: &str = "x-data-stale";

/// Marks such an answer, and keeps it out of every cache.
pub fn mark_stale(headers: &mut HeaderMap) {
    headers.insert(STALE_HEADER, axum::http::HeaderValue::from_static("1"));
    headers.insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
}

pub fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

pub fn see_other(location: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

pub fn text(status: u16, message: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
}

/// A field problem: back to `back` with `?{param}={code}` (and the fields to
/// keep, in the URL: only what is not personal, such as a photo's
/// description; personal fields go through `server::flash`), or the status
/// and message.
pub fn refused(headers: &HeaderMap, back: &str, anchor: &str, param: &str, code: &str, status: u16, message: String, keep: &[(&str, &str)]) -> Response {
    if !wants_html(headers) {
        return text(status, message);
    }
    let mut q = format!("{back}?{param}={code}");
    for (k, v) in keep.iter().filter(|(_, v)| !v.is_empty()) {
        q.push_str(&format!("&{k}={}", encode(v)));
    }
    see_other(format!("{q}#{anchor}"))
}

/// Not signed in, not allowed, not found, internal: browsers that are not
/// signed in go to the sign-in page and come back.
pub fn app_error(headers: &HeaderMap, back: &str, e: AppError) -> Response {
    if e == AppError::Unauthenticated && wants_html(headers) {
        return see_other(format!("/anmelden?zurueck={}", encode(back)));
    }
    let x = crate::i18n::from_headers(headers).texts();
    let message = match &e {
        AppError::Unauthenticated => x.error_unauthenticated.to_owned(),
        AppError::Forbidden => x.error_forbidden.to_owned(),
        AppError::NotFound => x.not_found_text.to_owned(),
        AppError::Invalid { message, .. } => message.clone(),
        _ => x.error_internal.to_owned(),
    };
    text(e.status().as_u16(), message)
}
