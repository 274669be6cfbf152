//! The security baseline every response carries: a Content-Security-Policy
//! whose only inline scripts are Leptos' own, tagged with a fresh nonce per
//! request; the usual hardening headers; HSTS when served over TLS; refusal
//! of cross-site writes (`origin`); and a generic page instead of a panic.
//!
//! Headers are only added where the handler set none, so a route with needs
//! of its own (CORS on the open-data API, say) keeps what it sets.
mod origin;

pub use origin::normalize_origin;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::{Env, LeptosOptions};
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

use crate::i18n::{from_headers, Locale};

/// Decided once at start: what the middleware needs from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `SCD_PUBLIC_URL` as `scheme://host[:port]`: the origin residents see
    /// when a proxy in front rewrites `Host`; `https://` also means HSTS.
    pub public_origin: Option<String>,
    /// The auto-reload websocket port under `cargo leptos watch`, else None.
    pub dev_reload_port: Option<u32>,
    /// Posts authorized by a token they carry and reading no cookie, which
    /// other sites may send (see `with_token_paths`).
    pub token_paths: Vec<&'static str>,
}

impl Settings {
    pub fn new(public_origin: Option<&str>, options: &LeptosOptions) -> Arc<Self> {
        // `<AutoReload>` only emits its script in a watched dev build.
        let watched = options.env == Env::DEV && std::env::var_os("LEPTOS_WATCH").is_some();
        let dev_reload_port = watched.then(|| options.reload_external_port.unwrap_or(options.reload_port));
        Arc::new(Self { public_origin: public_origin.map(str::to_owned), dev_reload_port, token_paths: Vec::new() })
    }

    /// Paths whose posts are exempt from the same-origin rule: each must be
    /// authorized by a token in the request alone and read no cookie.
    pub fn with_token_paths(self: Arc<Self>, paths: &[&'static str]) -> Arc<Self> {
        let mut s = Arc::unwrap_or_clone(self);
        s.token_paths = paths.to_vec();
        Arc::new(s)
    }

    fn tls(&self, headers: &HeaderMap) -> bool {
        // A client forging the header only pins HSTS on itself.
        let forwarded = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().is_some_and(|p| p.trim().eq_ignore_ascii_case("https")));
        forwarded || self.public_origin.as_deref().is_some_and(|o| o.starts_with("https://"))
    }
}

/// The policy for one response. `style-src 'self'` holds because no element
/// carries a `style` attribute (bar widths are SVG geometry, see
/// `reviews::components::RatingBreakdown`). JSON-LD blocks are data, which
/// `script-src` does not govern.
pub fn content_security_policy(nonce: &str, dev_reload_port: Option<u32>) -> String {
    let reload = dev_reload_port.map(|p| format!(" ws://127.0.0.1:{p} ws://localhost:{p}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{reload}; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The middleware: a nonce for the page (see `provide_request_nonce`), then
/// the headers on whatever comes back.
pub async fn headers(State(settings): State<Arc<Settings>>, mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let tls = settings.tls(req.headers());
    let locale = from_headers(req.headers());
    let wants_html = accepts_html(req.headers());
    let mut resp = next.run(req).await;
    if resp.extensions().get::<Panicked>().is_some() {
        resp = internal_error(locale, wants_html);
    }
    let h = resp.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce, settings.dev_reload_port)) {
        add(h, header::CONTENT_SECURITY_POLICY, csp);
    }
    add(h, header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    add(h, header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    // Superseded by `frame-ancestors`, for browsers that predate it.
    add(h, header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Only features Chromium knows: an unknown one is a console error.
    add(
        h,
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    add(h, HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    if tls {
        add(h, header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    resp
}

fn add(headers: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    headers.entry(name).or_insert(value);
}

/// For the Leptos context of a page or server function: the nonce the
/// middleware put in the header, so `HydrationScripts` and the resource
/// scripts carry the same one (leptos_axum made its own before this runs).
pub fn provide_request_nonce() {
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Nonce>().cloned()) {
        provide_context(nonce);
    }
}

/// Refuses a cross-site write with 403 before any handler reads its body;
/// the rule is `origin::write_allowed`.
pub async fn same_origin_writes(State(settings): State<Arc<Settings>>, req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).or(req.uri().authority().map(|a| a.as_str()));
    if settings.token_paths.contains(&req.uri().path()) || origin::write_allowed(req.method(), req.headers(), host, settings.public_origin.as_deref()) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = req.uri().path(), "cross-site write refused");
    let text = from_headers(req.headers()).texts().error_cross_site;
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Marks the answer to a panic; `headers`, which knows the request, turns
/// it into the resident's language.
#[derive(Clone, Copy)]
struct Panicked;

/// For `CatchPanicLayer::custom`: the panic message goes to the log only.
pub fn panic_response(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %message, "handler panicked");
    let mut resp = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    resp.extensions_mut().insert(Panicked);
    resp
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// A page for browsers; for server-function calls the error their client
/// decodes (and shows localized itself).
fn internal_error(locale: Locale, html: bool) -> Response {
    let t = locale.texts();
    if !html {
        let body = serde_json::to_string(&crate::error::AppError::Internal).unwrap_or_default();
        return (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main>\
         <h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p></main></body></html>",
        locale.code(),
        esc(t.error_title),
        esc(t.error_title),
        esc(t.error_internal),
        esc(t.not_found_home),
    );
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[test]
    fn policy_allows_the_nonce_and_nothing_inline() {
        let csp = content_security_policy("abc123", None);
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("connect-src 'self';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        let dev = content_security_policy("abc123", Some(3001));
        assert!(dev.contains("connect-src 'self' ws://127.0.0.1:3001 ws://localhost:3001;"));
    }

    #[test]
    fn reload_socket_only_in_a_watched_dev_build() {
        let prod = LeptosOptions::builder().output_name("scd").env(Env::PROD).build();
        assert_eq!(Settings::new(None, &prod).dev_reload_port, None);
    }

    #[test]
    fn tls_from_proxy_header_or_public_url() {
        let plain = Settings::default();
        let mut h = HeaderMap::new();
        assert!(!plain.tls(&h));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(plain.tls(&h));
        h.insert("x-forwarded-proto", HeaderValue::from_static("http"));
        assert!(!plain.tls(&h));
        let public = Settings { public_origin: Some("https://duisburg.example".into()), dev_reload_port: None, token_paths: Vec::new() };
        assert!(public.tls(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn a_panic_becomes_a_generic_localized_page() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route("/", axum::routing::get(|| async {
                panic!("password=hunter2 at db.internal");
                #[allow(unreachable_code)]
                ""
            }))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
            .layer(axum::middleware::from_fn_with_state(Arc::new(Settings::default()), headers));
        for (lang, accept, want) in [("en", "text/html", Locale::En.texts().error_internal), ("de", "text/html", Locale::De.texts().error_internal), ("de", "*/*", "\"Internal\"")] {
            let req = Request::get("/").header("accept-language", lang).header("accept", accept).body(Body::empty()).unwrap();
            let resp = app.clone().oneshot(req).await.unwrap();
            assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert!(resp.headers().contains_key(header::CONTENT_SECURITY_POLICY));
            let body = axum::body::to_bytes(resp.into_body(), 1 << 16).await.unwrap();
            let body = String::from_utf8_lossy(&body);
            assert!(body.contains(want), "{body}");
            assert!(!body.contains("hunter2") && !body.contains("db.internal"), "{body}");
        }
    }
}
