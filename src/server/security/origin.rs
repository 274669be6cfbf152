//! Which writes we accept: cross-site request forgery protection on top of
//! the `SameSite` cookies. For every method but GET, HEAD and OPTIONS (none
//! of which change anything here):
//!
//! 1. `Sec-Fetch-Site: cross-site` or `same-site`: refused. The browser itself
//!    says another site (or a sibling subdomain) sent the request.
//! 2. An `Origin`: it must be ours. Its host and port equal the request's
//!    `Host` (any scheme: a TLS proxy in front may speak plain HTTP to us), or
//!    it is exactly the configured public origin (a proxy that rewrites
//!    `Host`). `Origin: null` (sandboxed frames, cross-site redirects) is
//!    never ours.
//! 3. No `Origin` but a `Referer`: the same test on the Referer's origin.
//! 4. Neither: refused if the request carries any `Sec-Fetch-*` header, since
//!    such a browser also sends `Origin` on every write and something is off;
//!    accepted otherwise. curl, scripts and the tests carry no resident's
//!    cookies, so there is nothing to forge.
//!
//! A route meant to take writes from other sites (none today) must be
//! mounted outside this check on purpose.
use axum::http::uri::{Authority, Scheme};
use axum::http::{header, HeaderMap, Method, Uri};

pub fn write_allowed(method: &Method, headers: &HeaderMap, host: Option<&str>, public_origin: Option<&str>) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if get(header::HeaderName::from_static("sec-fetch-site")).is_some_and(|s| s == "cross-site" || s == "same-site") {
        return false;
    }
    let claimed = match (get(header::ORIGIN), get(header::REFERER)) {
        (Some(origin), _) => origin,
        (None, Some(referer)) => referer,
        (None, None) => return !headers.keys().any(|k| k.as_str().starts_with("sec-fetch-")),
    };
    let Some(origin) = normalize_origin(claimed) else { return false };
    if public_origin == Some(origin.as_str()) {
        return true;
    }
    let (scheme, _) = origin.split_once("://").unwrap_or_default();
    let ours = host.and_then(|h| h.parse::<Authority>().ok()).map(|a| host_port(scheme, &a));
    ours.is_some_and(|ours| origin == format!("{scheme}://{ours}"))
}

/// `scheme://host[:port]` of an http(s) URL, lower-case, without the
/// scheme's default port; None for anything else (`null`, other schemes).
pub fn normalize_origin(url: &str) -> Option<String> {
    let uri: Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme()?;
    if *scheme != Scheme::HTTP && *scheme != Scheme::HTTPS {
        return None;
    }
    let authority = uri.authority()?;
    Some(format!("{}://{}", scheme.as_str(), host_port(scheme.as_str(), authority)))
}

fn host_port(scheme: &str, authority: &Authority) -> String {
    let host = authority.host().to_ascii_lowercase();
    match authority.port_u16() {
        Some(80) if scheme == "http" => host,
        Some(443) if scheme == "https" => host,
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn allowed(method: Method, headers: &[(&'static str, &'static str)], public: Option<&str>) -> bool {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_static(v));
        }
        write_allowed(&method, &map, Some("stadt.example:3000"), public)
    }

    #[test]
    fn reads_are_never_checked() {
        assert!(allowed(Method::GET, &[("origin", "https://evil.example")], None));
        assert!(allowed(Method::OPTIONS, &[("sec-fetch-site", "cross-site")], None));
    }

    #[test]
    fn writes_need_our_origin() {
        assert!(allowed(Method::POST, &[("origin", "http://stadt.example:3000")], None));
        assert!(allowed(Method::POST, &[("origin", "https://STADT.example:3000")], None));
        assert!(!allowed(Method::POST, &[("origin", "http://evil.example:3000")], None));
        assert!(!allowed(Method::POST, &[("origin", "http://stadt.example")], None));
        assert!(!allowed(Method::POST, &[("origin", "http://stadt.example.evil.example:3000")], None));
        assert!(!allowed(Method::DELETE, &[("origin", "null")], None));
        assert!(!allowed(Method::POST, &[("origin", "http://stadt.example:3000"), ("sec-fetch-site", "cross-site")], None));
        assert!(allowed(Method::POST, &[("origin", "http://stadt.example:3000"), ("sec-fetch-site", "same-origin")], None));
    }

    #[test]
    fn referer_stands_in_for_a_missing_origin() {
        assert!(allowed(Method::POST, &[("referer", "http://stadt.example:3000/angebote?q=x")], None));
        assert!(!allowed(Method::POST, &[("referer", "http://evil.example/stadt.example:3000")], None));
        // Origin wins over Referer.
        assert!(!allowed(Method::POST, &[("origin", "http://evil.example"), ("referer", "http://stadt.example:3000/")], None));
    }

    #[test]
    fn neither_header_only_outside_browsers() {
        assert!(allowed(Method::POST, &[], None));
        assert!(!allowed(Method::POST, &[("sec-fetch-mode", "navigate")], None));
        assert!(!allowed(Method::POST, &[("sec-fetch-site", "same-site")], None));
    }

    #[test]
    fn the_public_origin_behind_a_rewriting_proxy() {
        let public = Some("https://duisburg.example");
        assert!(allowed(Method::POST, &[("origin", "https://duisburg.example")], public));
        assert!(allowed(Method::POST, &[("origin", "https://duisburg.example:443")], public));
        assert!(!allowed(Method::POST, &[("origin", "http://duisburg.example")], public));
        assert!(!allowed(Method::POST, &[("origin", "https://duisburg.example")], None));
    }

    #[test]
    fn origins_are_normalized() {
        assert_eq!(normalize_origin("HTTPS://Duisburg.Example:443/"), Some("https://duisburg.example".into()));
        assert_eq!(normalize_origin("http://127.0.0.1:3000/x?y"), Some("http://127.0.0.1:3000".into()));
        assert_eq!(normalize_origin("http://[::1]:80"), Some("http://[::1]".into()));
        assert_eq!(normalize_origin("null"), None);
        assert_eq!(normalize_origin("ftp://duisburg.example"), None);
        assert_eq!(normalize_origin("/relative"), None);
    }
}
