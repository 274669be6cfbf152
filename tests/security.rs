//! The security baseline over HTTP: headers on every kind of response, the
//! CSP nonce shared by header and page, HSTS behind TLS, refused cross-site
//! writes, the body limit, errors without internals, and the legal pages.
#![cfg(feature = "ssr")]
mod common;

use common::{spawn_app, Seed, TestApp};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use smart_city_duisburg::db::entities::offer;
use smart_city_duisburg::error::AppError;
use smart_city_duisburg::i18n::Locale;

const BASELINE: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
];

fn assert_baseline(resp: &reqwest::Response, what: &str) {
    let h = resp.headers();
    for (name, value) in BASELINE {
        assert_eq!(h.get(name).and_then(|v| v.to_str().ok()), Some(value), "{name} on {what}");
    }
    let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("CSP on {what}"));
    for directive in ["default-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'"] {
        assert!(csp.contains(directive), "{directive} missing on {what}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!h.contains_key("strict-transport-security"), "HSTS over plain HTTP on {what}");
}

fn nonce_of(resp: &reqwest::Response) -> String {
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    let start = csp.find("'nonce-").expect("nonce in CSP") + "'nonce-".len();
    csp[start..start + csp[start..].find('\'').unwrap()].to_owned()
}

/// Every `<script …>` opening tag of a page.
fn script_tags(html: &str) -> Vec<&str> {
    html.match_indices("<script").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1]).collect()
}

async fn post_offers(app: &TestApp, headers: &[(&str, &str)], form: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.post(app.url("/api/offers")).form(form);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn every_kind_of_response_carries_the_headers() {
    let app = spawn_app(Seed::Empty).await;
    std::fs::write(app.site_root.join("pkg/app.js"), "console.log(1);").unwrap();
    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    assert_baseline(&page, "a page");
    let asset = app.get("/pkg/app.js").await;
    assert_eq!(asset.status(), 200);
    assert_baseline(&asset, "an asset");
    let missing = app.get("/gibt/es/nicht").await;
    assert_eq!(missing.status(), 404);
    assert_baseline(&missing, "the 404 page");
    let missing_asset = app.get("/pkg/fehlt.js").await;
    assert_eq!(missing_asset.status(), 404);
    assert_baseline(&missing_asset, "a missing asset");
    let server_fn = post_offers(&app, &[], &[("filter[q]", "dach")]).await;
    assert_eq!(server_fn.status(), 200);
    assert_baseline(&server_fn, "a server function");
    let health = app.get("/healthz").await;
    assert_baseline(&health, "/healthz");
}

#[tokio::test]
async fn the_page_scripts_carry_the_nonce_of_the_header() {
    let app = spawn_app(Seed::Demo).await;
    let o = offer::Entity::find().filter(offer::Column::Status.eq("published")).one(&app.db).await.unwrap().unwrap();
    let mut nonces = Vec::new();
    for path in ["/".to_owned(), "/transparenz".to_owned(), format!("/angebote/{}-{}", o.id, o.slug), "/gibt/es/nicht".to_owned()] {
        let resp = app.get(&path).await;
        let nonce = nonce_of(&resp);
        let html = resp.text().await.unwrap();
        let tags = script_tags(&html);
        assert!(tags.iter().any(|t| t.starts_with("<script type=\"module\"")), "{path}: no hydration script");
        for tag in tags {
            // JSON-LD is data, not script: the CSP does not apply to it.
            let is_data = tag.contains("type=\"application/ld+json\"");
            assert!(is_data || tag.contains(&format!("nonce=\"{nonce}\"")), "{path}: {tag} lacks nonce {nonce}");
        }
        nonces.push(nonce);
    }
    let second = nonce_of(&app.get("/").await);
    assert_ne!(nonces[0], second, "the nonce must be fresh for every request");
    assert!(nonces[0].len() >= 22, "128 bits, base64: {}", nonces[0]);
}

#[tokio::test]
async fn hsts_only_when_the_proxy_says_https() {
    let app = spawn_app(Seed::Empty).await;
    let plain = app.get("/").await;
    assert!(!plain.headers().contains_key("strict-transport-security"));
    let tls = app.client.get(app.url("/")).header("x-forwarded-proto", "https").send().await.unwrap();
    assert_eq!(tls.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let http = app.client.get(app.url("/")).header("x-forwarded-proto", "http").send().await.unwrap();
    assert!(!http.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn cross_site_writes_are_refused_before_anything_runs() {
    let app = spawn_app(Seed::Demo).await;
    let ours = app.base.clone();
    // Arguments the server function would reject with 400: a 403 shows it never ran.
    let bad_args = [("nonsense", "1")];
    for headers in [
        vec![("origin", "http://evil.example")],
        vec![("origin", "null")],
        vec![("referer", "http://evil.example/seite")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", ours.as_str()), ("sec-fetch-site", "cross-site")],
    ] {
        let resp = post_offers(&app, &headers, &bad_args).await;
        assert_eq!(resp.status(), 403, "{headers:?}");
        assert_eq!(resp.headers()["content-type"], "text/plain; charset=utf-8");
        assert!(resp.headers().contains_key("content-security-policy"));
        assert_eq!(resp.text().await.unwrap(), Locale::De.texts().error_cross_site);
    }
    let english = post_offers(&app, &[("origin", "http://evil.example"), ("accept-language", "en")], &bad_args).await;
    assert_eq!(english.text().await.unwrap(), Locale::En.texts().error_cross_site);

    let referer = format!("{ours}/angebote");
    for headers in [
        vec![("origin", ours.as_str()), ("sec-fetch-site", "same-origin")],
        vec![("referer", referer.as_str())],
        vec![], // not a browser: nothing to forge
    ] {
        let resp = post_offers(&app, &headers, &[("filter[q]", "dach")]).await;
        assert_eq!(resp.status(), 200, "{headers:?}");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert!(body["paging"]["total"].as_u64().is_some(), "{body}");
    }
    // Reads are never refused, wherever they come from.
    let read = app.client.get(app.url("/angebote")).header("origin", "http://evil.example").header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(read.status(), 200);
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let app = spawn_app(Seed::Empty).await;
    // Announced by its length, a body over the limit is refused before it is
    // read. (Sent for real, the server may close the connection while the
    // client still writes, and the client never reads the answer.)
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut conn = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    let head = format!(
        "POST /api/offers HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\nfilter[q]=",
        app.base.trim_start_matches("http://"),
        300 * 1024
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(answer.starts_with("http/1.1 413"), "{answer}");
    assert!(answer.contains("content-security-policy:"), "{answer}");
    let small = post_offers(&app, &[], &[("filter[q]", "dach")]).await;
    assert_eq!(small.status(), 200);
}

#[tokio::test]
async fn internal_errors_reach_the_browser_without_details() {
    let app = spawn_app(Seed::Demo).await;
    let some = smart_city_duisburg::db::entities::offer::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    // Once the catalogue has loaded (an offer's page waits for that, and
    // a load without the table would never finish),
    app.state.catalog.fresh().await.unwrap();
    // the offers' table disappears under the running app (lists still come
    // from the catalogue in memory; an offer's page reads the table).
    app.db.execute_unprepared("ALTER TABLE offer RENAME TO offer_weg").await.unwrap();
    let leaks = |body: &str| ["offer_weg", "no such table", "does not exist", "relation", "sqlx", "SELECT"].into_iter().find(|s| body.contains(s));

    let resp = app.client.post(app.url("/api/offer")).form(&[("id", some.as_str())]).send().await.unwrap();
    assert_eq!(resp.status(), 500);
    let body = resp.text().await.unwrap();
    assert_eq!(body, "\"Internal\"", "server-function error body");

    // Undecodable arguments: our words, not the decoder's (which name our types).
    let resp = app.client.post(app.url("/api/offers")).form(&[("filter[q][a]", "1")]).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    let err: AppError = resp.json().await.unwrap();
    assert_eq!(err, AppError::invalid("request", Locale::De.texts().error_bad_request));

    let page = app.client.get(app.url(&format!("/angebote/{some}-x"))).header("accept-language", "en").send().await.unwrap();
    assert_eq!(page.status(), 500);
    assert!(page.headers().contains_key("content-security-policy"));
    let html = page.text().await.unwrap();
    assert!(html.contains(Locale::En.texts().error_internal), "generic English message missing");
    assert_eq!(leaks(&html), None, "internal detail on the error page");
}

#[tokio::test]
async fn legal_pages_in_both_languages_linked_from_every_footer() {
    let app = spawn_app(Seed::Demo).await;
    for locale in Locale::ALL {
        let t = locale.texts();
        let get = |path: &'static str| {
            let req = app.client.get(app.url(path)).header("cookie", format!("sprache={}", locale.code()));
            async move {
                let resp = req.send().await.unwrap();
                (resp.status().as_u16(), common::markup(resp.text().await.unwrap()))
            }
        };
        let (status, imprint) = get("/impressum").await;
        assert_eq!(status, 200);
        assert!(imprint.contains(&format!("<html lang=\"{}\"", locale.code())));
        assert!(imprint.contains(&format!("<title>{} – Smart City Duisburg</title>", t.imprint_title)), "{}", locale.code());
        assert!(imprint.contains(&common::html_escape(t.imprint_demo_note)));
        assert!(imprint.contains("kontakt@smart-city-duisburg.invalid"));

        let (status, privacy) = get("/datenschutz").await;
        assert_eq!(status, 200);
        assert!(privacy.contains(&format!("<title>{} – Smart City Duisburg</title>", t.privacy_title)));
        for text in [t.privacy_cookie_text, t.privacy_favourites_text, t.privacy_logs_text, t.privacy_complaint_text] {
            assert!(privacy.contains(&common::html_escape(text)), "{}: {text}", locale.code());
        }
        assert!(privacy.contains("LDI NRW"));

        for path in ["/", "/angebote", "/transparenz", "/vergleich", "/impressum", "/datenschutz", "/gibt/es/nicht"] {
            let (_, html) = get(path).await;
            let footer = &html[html.find("<footer").unwrap_or_else(|| panic!("{path}: no footer"))..];
            assert!(footer.contains(&format!("<a href=\"/impressum\">{}</a>", t.footer_imprint)), "{path} ({})", locale.code());
            assert!(footer.contains(&format!("<a href=\"/datenschutz\">{}</a>", t.footer_privacy)), "{path} ({})", locale.code());
        }
    }
}
