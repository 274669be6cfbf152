//! `spawn_app`: the real router on a random port with a fresh database.
//! `TEST_DATABASE=postgres` (with `TEST_POSTGRES_URL` pointing at a server
//! we may create databases on) runs the same tests on PostgreSQL; otherwise
//! each app gets a fresh SQLite file.
#![allow(dead_code)]

pub mod fixtures;
pub mod mail;
pub mod process;
pub mod recommendations;
pub mod reviews;
pub mod upload;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use leptos::config::LeptosOptions;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use smart_city_duisburg::{app, db, demo, server};

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub site_root: std::path::PathBuf,
    /// The server's own state: its offer catalogue, reference data, bus.
    pub state: smart_city_duisburg::app::AppState,
    /// Its database, for processes run beside it (the command line).
    pub url: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request failed")
    }

    /// POSTs a form as a browser on this site would, with an optional cookie.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).form(form).header("origin", &self.base);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.expect("request failed")
    }

    /// GET with a cookie: (status, body).
    pub async fn page_with_cookie(&self, path: &str, cookie: &str) -> (u16, String) {
        let resp = self.client.get(self.url(path)).header("cookie", cookie).send().await.expect("request failed");
        let status = resp.status().as_u16();
        (status, markup(resp.text().await.expect("body")))
    }

    /// GET a page and return (status, body).
    pub async fn page(&self, path: &str) -> (u16, String) {
        let resp = self.get(path).await;
        let status = resp.status().as_u16();
        (status, markup(resp.text().await.expect("body")))
    }
}

/// A page's markup without the empty `<!>` comments Leptos puts after
/// dynamic text for hydration: tests read what visitors see.
pub fn markup(html: String) -> String {
    if html.contains("<!>") { html.replace("<!>", "") } else { html }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn is_postgres() -> bool {
    std::env::var("TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("scd_test_{}_{n}_{nanos}", std::process::id())
}

/// A database nobody else uses.
pub async fn fresh_database_url() -> String {
    let name = unique_name();
    if is_postgres() {
        let admin_url = std::env::var("TEST_POSTGRES_URL").expect("TEST_DATABASE=postgres needs TEST_POSTGRES_URL");
        let admin = Database::connect(&admin_url).await.expect("connect to PostgreSQL");
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
        admin.close().await.ok();
        let (base, _) = admin_url.rsplit_once('/').expect("TEST_POSTGRES_URL ends with /dbname");
        format!("{base}/{name}")
    } else {
        let dir = std::env::temp_dir().join("scd-tests");
        std::fs::create_dir_all(&dir).expect("temp dir");
        format!("sqlite://{}?mode=rwc", dir.join(format!("{name}.db")).display())
    }
}

pub enum Seed {
    Empty,
    Demo,
}

/// All test servers run on one multi-threaded runtime, as in production,
/// rather than on the short-lived runtime of each `#[tokio::test]`.
fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // Rendering a page in a debug build nests deep generic view
            // types, whose frames outgrew tokio's 2 MiB before components
            // were type-erased (`.cargo/config.toml`); kept as headroom.
            .thread_stack_size(8 << 20)
            .enable_all()
            .build()
            .expect("server runtime")
    })
}

pub async fn spawn_app(seed: Seed) -> TestApp {
    let url = fresh_database_url().await;
    if let Seed::Demo = seed {
        let db = db::connect_and_migrate(&url).await.expect("migrate");
        demo::seed_if_empty(&db).await.expect("seed demo").expect("database was empty");
    }
    spawn_app_on(url).await
}

/// An app whose mail goes to a real SMTP server (see `mail::MailSink`).
pub async fn spawn_app_with_smtp(seed: Seed, smtp_url: &str) -> TestApp {
    let url = fresh_database_url().await;
    if let Seed::Demo = seed {
        let db = db::connect_and_migrate(&url).await.expect("migrate");
        demo::seed_if_empty(&db).await.expect("seed demo").expect("database was empty");
    }
    spawn(url, Some(smtp_url.to_owned())).await
}

/// Serves an existing database, arranged beforehand, as the app would at start.
pub async fn spawn_app_on(url: String) -> TestApp {
    spawn(url, None).await
}

async fn spawn(url: String, smtp_url: Option<String>) -> TestApp {
    spawn_with(url, smtp_url, true, |_| {}).await
}

/// The demo city served by an app whose state `tweak` adjusts first (as
/// the configuration would).
pub async fn spawn_app_tweaked(tweak: fn(&mut app::AppState)) -> TestApp {
    let url = fresh_database_url().await;
    let db = db::connect_and_migrate(&url).await.expect("migrate");
    demo::seed_if_empty(&db).await.expect("seed demo").expect("database was empty");
    spawn_with(url, None, true, tweak).await
}

/// An app without its background workers (outbox delivery, alerts): for the
/// authorization matrix, which compares every table before and after each
/// request and must see only what the request itself wrote (a request's
/// queued mail still shows as its new outbox row).
pub async fn spawn_app_quiet(seed: Seed) -> TestApp {
    let url = fresh_database_url().await;
    if let Seed::Demo = seed {
        let db = db::connect_and_migrate(&url).await.expect("migrate");
        demo::seed_if_empty(&db).await.expect("seed demo").expect("database was empty");
    }
    spawn_with(url, None, false, |_| {}).await
}

async fn spawn_with(url: String, smtp_url: Option<String>, workers: bool, tweak: fn(&mut app::AppState)) -> TestApp {
    let site_root = std::env::temp_dir().join("scd-tests").join(unique_name());
    std::fs::create_dir_all(site_root.join("pkg")).expect("site root");
    let options = LeptosOptions::builder()
        .output_name("scd")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .build();
    let server_url = url.clone();
    let (addr, state) = server_runtime()
        .spawn(async move {
            let db = db::connect_and_migrate(&server_url).await.expect("migrate");
            let mut state = app::AppState::new(db, options).await.expect("state");
            if let Some(smtp) = smtp_url {
                state.mailer = std::sync::Arc::new(server::mail::Mailer::new(Some(&smtp), server::mail::DEFAULT_FROM, std::path::Path::new("unused")).expect("mailer"));
            }
            tweak(&mut state);
            if workers {
                state.start_workers();
            }
            let app = app::router::build(state.clone());
            let listener = server::bind("127.0.0.1:0".parse().expect("addr")).await.expect("bind");
            let addr = listener.local_addr().expect("local addr");
            tokio::spawn(server::serve(listener, app, std::future::pending()));
            (addr, state)
        })
        .await
        .expect("server start");
    // The test's own connection, for arranging and checking data.
    let db = db::connect(&url).await.expect("test connection");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("client");
    TestApp { base: format!("http://{addr}"), client, db, site_root, state, url }
}

/// An open `/live` stream (server-sent events), read as text.
pub struct Sse(pub reqwest::Response, pub String);

impl Sse {
    pub async fn open(base: &str, query: &str) -> Self {
        let resp = reqwest::Client::new().get(format!("{base}/live?{query}")).send().await.expect("live stream");
        assert_eq!(resp.status().as_u16(), 200);
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        let mut s = Self(resp, String::new());
        assert!(s.until(":", std::time::Duration::from_secs(5)).await, "the stream opens with a comment");
        s
    }

    /// Reads until `needle` arrives or `within` passes.
    pub async fn until(&mut self, needle: &str, within: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + within;
        while !self.1.contains(needle) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match tokio::time::timeout(left, self.0.chunk()).await {
                Ok(Ok(Some(bytes))) => self.1.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return false,
            }
        }
        true
    }
}

/// Text as it appears in the server-rendered HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The number in "<p class=\"result-count\" …>312 Angeboten</p>".
pub fn result_count(html: &str) -> Option<u64> {
    let start = html.find("class=\"result-count\"")?;
    let rest = &html[start..];
    let gt = rest.find('>')?;
    rest[gt + 1..].split_whitespace().next()?.parse().ok()
}

/// The `Location` of a redirect.
pub fn location(resp: &reqwest::Response) -> String {
    resp.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// "name=value" of the first `Set-Cookie` for `name`, ready for a Cookie header.
/// Where a refused form post sends the browser, and the page as the browser
/// then sees it (with the cookie that brings back what was typed).
/// `session`: the signed-in person's cookie, sent along.
pub async fn follow_refusal(app: &TestApp, resp: &reqwest::Response, session: Option<&str>) -> (String, String) {
    let to = location(resp);
    let cookie: Vec<String> = session.map(str::to_owned).into_iter().chain(cookie_pair(resp, "scd_eingabe").map(|(pair, _)| pair)).collect();
    let page = to.split('#').next().unwrap_or(&to);
    let html = if cookie.is_empty() { app.page(page).await.1 } else { app.page_with_cookie(page, &cookie.join("; ")).await.1 };
    (to, html)
}

pub fn cookie_pair(resp: &reqwest::Response, name: &str) -> Option<(String, String)> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| (v.split(';').next().unwrap().to_owned(), v.to_owned()))
}

/// Calls a server function with a JSON body: (status, JSON answer).
pub async fn json_call(app: &TestApp, endpoint: &str, body: serde_json::Value, cookie: Option<&str>) -> (u16, serde_json::Value) {
    let mut req = app.client.post(app.url(&format!("/api/{endpoint}"))).header("origin", &app.base).json(&body);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.expect("request failed");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(serde_json::Value::Null))
}

/// Calls a server function with form arguments: (status, JSON answer).
pub async fn form_call(app: &TestApp, endpoint: &str, form: &[(&str, &str)], cookie: Option<&str>) -> (u16, serde_json::Value) {
    let resp = app.post_form(&format!("/api/{endpoint}"), form, cookie).await;
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(serde_json::Value::Null))
}
