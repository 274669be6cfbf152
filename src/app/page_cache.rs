//! Rendered public pages — the start page, results, offer, provider,
//! project and city-service pages, the comparison, `/transparenz` and the
//! open data API's lists — for visitors who are not signed in, kept in
//! memory: for them a page depends only on its address, the language and
//! the data behind the catalogue's stamp.
//!
//! - An entry is used only while the catalogue's stamp is the one it was
//!   rendered under: every write to offers, their districts, providers,
//!   ratings, photos, projects, reviews and the city services' ratings — by
//!   any writer, any instance — changes the stamp once the catalogue has
//!   applied it (the change log, see `crate::changes`), so it is on the
//!   very next page.
//! - While the database is unreachable pages are rendered from the
//!   catalogue as it is, marked as possibly stale, and never kept. An entry
//!   is also used for one second at most, a bound for anything else a page
//!   shows (the live updates of an open page are not affected).
//! - Each response still gets its own CSP nonce: the body is kept split at
//!   the nonce it was rendered with and joined with the request's.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

use super::AppState;
use crate::i18n::{from_headers, Locale};

/// Pages cached: these paths, and the pages below these prefixes. Forms
/// below them (`/anbieter/7/bewerten`) need a sign-in and answer anonymous
/// visitors with a redirect, which is never kept; the offers' feed is not
/// HTML, so not kept either. The city services' ratings and tips are in
/// the change log (kind `v`) like everything else these pages show.
/// The open data API's lists, and its providers (detail and reviews), answer
/// the same JSON to everyone.
const PATHS: [&str; 7] = ["/", "/angebote", "/transparenz", "/vergleich", "/verwaltung", "/api/v1/offers", "/api/v1/providers"];
const PREFIXES: [&str; 5] = ["/angebote/", "/anbieter/", "/projekte/", "/verwaltung/", "/api/v1/providers/"];
const MAX_AGE: Duration = Duration::from_secs(1);
/// Pages are 6–80 KB: at most ~20 MB, and the hot ones of the last second.
const MAX_ENTRIES: usize = 256;

#[derive(Debug, Default)]
pub struct PageCache {
    entries: Mutex<HashMap<(String, Locale), Entry>>,
}

#[derive(Debug, Clone)]
struct Entry {
    stamp: u64,
    at: Instant,
    headers: HeaderMap,
    /// The body split at its nonce.
    parts: Arc<[Bytes]>,
}

impl Entry {
    fn response(&self, nonce: &str) -> Response {
        let mut body = Vec::with_capacity(self.parts.iter().map(Bytes::len).sum::<usize>() + self.parts.len() * nonce.len());
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(part);
        }
        let mut resp = Response::new(Body::from(body));
        *resp.headers_mut() = self.headers.clone();
        resp
    }
}

impl PageCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<(String, Locale), Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, key: &(String, Locale), stamp: u64) -> Option<Entry> {
        self.entries().get(key).filter(|e| e.stamp == stamp && e.at.elapsed() < MAX_AGE).cloned()
    }

    fn put(&self, key: (String, Locale), entry: Entry) {
        let mut entries = self.entries();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.retain(|_, e| e.at.elapsed() < MAX_AGE);
            if let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.at).map(|(k, _)| k.clone()).filter(|_| entries.len() >= MAX_ENTRIES) {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, entry);
    }
}

/// The part of the request the page depends on, if it may come from the
/// cache: a plain GET of a cached page by someone not signed in, who brings
/// no kept form fields (a refused anonymous contact form comes back to the
/// offer's page with what was typed: that page is the visitor's alone).
pub fn cache_key(method: &Method, path_and_query: &str, headers: &HeaderMap) -> Option<(String, Locale)> {
    let path = path_and_query.split('?').next().unwrap_or_default();
    let signed_in = crate::accounts::session::token_from(headers).is_some();
    let keeps_fields = crate::server::token::cookie(headers, crate::common::flash::COOKIE).is_some();
    let public = PATHS.contains(&path) || PREFIXES.iter().any(|p| path.starts_with(p));
    (method == Method::GET && public && !signed_in && !keeps_fields).then(|| (path_and_query.to_owned(), from_headers(headers)))
}

/// `body` split at every occurrence of `nonce`.
pub fn split_at_nonce(body: &Bytes, nonce: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while !nonce.is_empty() && i + nonce.len() <= body.len() {
        if &body[i..i + nonce.len()] == nonce {
            parts.push(body.slice(start..i));
            i += nonce.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(body.slice(start..));
    parts
}

/// The middleware, inside `security::headers` (which made the nonce).
pub async fn serve(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let Some(key) = cache_key(req.method(), path_and_query, req.headers()) else { return next.run(req).await };
    let Some(nonce) = req.extensions().get::<Nonce>().cloned() else { return next.run(req).await };
    // Until the first load is done there is no stamp to keep a page under,
    // and waiting for one (up to `LOAD_WAIT`) would hold up pages that do
    // not need the catalogue at all, such as a city service's (this once
    // hung a page past a client's 10 s when the load kept failing).
    if !st.catalog.is_loaded() {
        return next.run(req).await;
    }
    // Taken before rendering: the page is at least as new as its stamp. A
    // page rendered while the database is away says so, and is not kept.
    let Ok((stamp, freshness)) = st.catalog.stamp().await else { return next.run(req).await };
    if freshness.is_stale() {
        return next.run(req).await;
    }
    if let Some(e) = st.page_cache.get(&key, stamp) {
        st.metrics.page_cache_hit();
        return e.response(&nonce);
    }
    st.metrics.page_cache_miss();
    let resp = next.run(req).await;
    // HTML pages, and the API's JSON.
    let kept_type = |v: &str| v.starts_with("text/html") || v.starts_with("application/json");
    let html = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(kept_type);
    let no_store = resp.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"));
    if resp.status() != StatusCode::OK || !html || no_store || resp.headers().contains_key(header::SET_COOKIE) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "rendering a page failed midway");
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return resp;
        }
    };
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    let pieces = split_at_nonce(&bytes, nonce.as_bytes());
    st.page_cache.put(key, Entry { stamp, at: Instant::now(), headers, parts: pieces.into() });
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bodies_split_at_the_nonce_and_join_with_another() {
        let body = Bytes::from_static(b"<script nonce=\"abc\">x</script><link nonce=\"abc\">");
        let parts = split_at_nonce(&body, b"abc");
        assert_eq!(parts.len(), 3);
        let e = Entry { stamp: 1, at: Instant::now(), headers: HeaderMap::new(), parts: parts.into() };
        let resp = e.response("XYZ12");
        let joined = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&joined[..], b"<script nonce=\"XYZ12\">x</script><link nonce=\"XYZ12\">");
        assert_eq!(split_at_nonce(&Bytes::from_static(b"none here"), b"abc"), vec![Bytes::from_static(b"none here")]);
    }

    #[test]
    fn only_anonymous_gets_of_public_pages_are_cached() {
        let mut anon = HeaderMap::new();
        anon.insert(header::ACCEPT_LANGUAGE, "en".parse().unwrap());
        assert_eq!(cache_key(&Method::GET, "/angebote?q=wohnung", &anon), Some(("/angebote?q=wohnung".into(), Locale::En)));
        assert_eq!(cache_key(&Method::GET, "/angebote", &HeaderMap::new()), Some(("/angebote".into(), Locale::De)));
        assert_eq!(cache_key(&Method::POST, "/angebote", &anon), None);
        assert!(cache_key(&Method::GET, "/angebote/12-wohnung", &anon).is_some());
        assert!(cache_key(&Method::GET, "/", &anon).is_some());
        assert!(cache_key(&Method::GET, "/anbieter/7-elektro-eck", &anon).is_some());
        assert_eq!(cache_key(&Method::GET, "/dashboard", &anon), None);
        assert_eq!(cache_key(&Method::GET, "/konto", &anon), None);
        assert!(cache_key(&Method::GET, "/verwaltung/geburtsurkunde", &anon).is_some());
        assert_eq!(cache_key(&Method::GET, "/benachrichtigungen", &anon), None);
        let mut signed_in = HeaderMap::new();
        signed_in.insert(header::COOKIE, "sprache=de; scd_sitzung=tok".parse().unwrap());
        assert_eq!(cache_key(&Method::GET, "/angebote", &signed_in), None);
        let mut keeping = HeaderMap::new();
        keeping.insert(header::COOKIE, format!("sprache=de; {}=tok", crate::common::flash::COOKIE).parse().unwrap());
        assert_eq!(cache_key(&Method::GET, "/angebote/12-wohnung?fehler=email", &keeping), None, "kept form fields are the visitor's");
    }

    #[test]
    fn entries_expire_and_follow_the_stamp() {
        let cache = PageCache::default();
        let key = ("/angebote".to_owned(), Locale::De);
        let entry = |at| Entry { stamp: 7, at, headers: HeaderMap::new(), parts: vec![Bytes::from_static(b"x")].into() };
        cache.put(key.clone(), entry(Instant::now()));
        assert!(cache.get(&key, 7).is_some());
        assert!(cache.get(&key, 8).is_none(), "the catalogue changed");
        cache.put(key.clone(), entry(Instant::now() - MAX_AGE));
        assert!(cache.get(&key, 7).is_none(), "too old");
    }
}
