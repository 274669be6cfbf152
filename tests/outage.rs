//! The database goes away under a running app and comes back (PostgreSQL;
//! a TCP proxy between app and database plays the outage): requests that
//! need the database fail fast with a localized 503 and `Retry-After`,
//! lists are served from the catalogue marked as possibly stale, writes are
//! refused with a message, and everything — live updates included — works
//! again by itself once the database is back. On SQLite (a file, no
//! network) there is no such outage; the test is skipped there. A database
//! that answers only a while after the start is waited for, on both engines.
#![cfg(feature = "ssr")]
mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{fixtures, fresh_database_url, is_postgres, json_call, spawn_app_on, Sse};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db;
use smart_city_duisburg::db::entities::offer;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Forwards TCP to the database until cut: then every open connection is
/// closed and new ones are closed on arrival, as by a stopped server.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(target: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (up2, links2) = (up.clone(), links.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { continue };
                if !up2.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(("127.0.0.1", target)).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                links2.lock().unwrap().push(link);
            }
        });
        Self { port, up, links }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn heal(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn port_of(url: &str) -> u16 {
    url.rsplit_once(':').unwrap().1.split('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_database_goes_away_and_comes_back() {
    if !is_postgres() {
        eprintln!("skipped: an outage of an embedded SQLite file is not a thing");
        return;
    }
    let direct = fresh_database_url().await;
    {
        let db = db::connect_and_migrate(&direct).await.unwrap();
        smart_city_duisburg::demo::seed_if_empty(&db).await.unwrap();
    }
    let proxy = Proxy::start(port_of(&direct)).await;
    let via_proxy = direct.replacen(&format!(":{}/", port_of(&direct)), &format!(":{}/", proxy.port), 1);
    let app = spawn_app_on(via_proxy).await;
    // The test's own connection goes around the proxy.
    let test_db = db::connect(&direct).await.unwrap();
    let pid = fixtures::provider(&test_db, "Ausfallsicher Sanitär", "private", Utc::now()).await;
    let (uid, cookie) = fixtures::signed_in(&test_db, "Olaf Ohnesorg", Role::Resident).await;
    fixtures::member(&test_db, pid, uid, "owner").await;
    let o = fixtures::offer(&test_db, pid, app.state.reference.categories.by_slug("sanitaer-heizung").unwrap().id, "Rohrreinigung rund um die Uhr", Some(8_900), Utc::now()).await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(4)).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let get = |path: &str| client.get(app.url(path)).send();
    assert_eq!(get("/angebote?q=Rohrreinigung").await.unwrap().status().as_u16(), 200);
    let mut live = Sse::open(&app.base, &format!("angebote={}", o.id)).await;

    proxy.cut();
    let started = Instant::now();
    let within = |what: &str, t: Instant| {
        let took = t.elapsed();
        assert!(took < Duration::from_millis(2_500), "{what} took {took:?}");
    };

    let t = Instant::now();
    let health = get("/healthz").await.unwrap();
    within("/healthz", t);
    assert_eq!(health.status().as_u16(), 200, "alive, though the database is not");

    let t = Instant::now();
    let ready = get("/readyz").await.unwrap();
    within("/readyz", t);
    assert_eq!(ready.status().as_u16(), 503);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["database"], "unreachable");

    // Lists come from memory, said to be possibly stale.
    let t = Instant::now();
    let list = get("/angebote?q=Rohrreinigung").await.unwrap();
    within("the results page", t);
    assert_eq!(list.status().as_u16(), 200);
    assert_eq!(list.headers()["x-data-stale"], "1");
    let html = list.text().await.unwrap();
    assert!(html.contains("Rohrreinigung rund um die Uhr"), "the offer is listed");
    assert!(html.contains("notice-stale") && html.contains("nicht erreichbar"), "and the page says the list may be old");

    let t = Instant::now();
    let api = get("/api/v1/offers?q=Rohrreinigung").await.unwrap();
    within("the API list", t);
    assert_eq!(api.status().as_u16(), 200);
    assert_eq!(api.headers()["x-data-stale"], "1");
    let items = api.json::<serde_json::Value>().await.unwrap()["items"].as_array().unwrap().clone();
    assert!(items.iter().any(|i| i["id"] == json!(o.id)), "{items:?}");

    // A page that needs the database: a localized 503 with Retry-After.
    let t = Instant::now();
    let page = get(&format!("/angebote/{}-rohrreinigung", o.id)).await.unwrap();
    within("the offer page", t);
    assert_eq!(page.status().as_u16(), 503);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page.text().await.unwrap().contains("Datenbank ist gerade kurz nicht erreichbar"));

    // A write is refused with a message the editor shows beside the kept form.
    let form = json!({
        "title": "Rohrreinigung rund um die Uhr", "description": "Wir kommen schnell und reinigen jedes Rohr gründlich.", "category": "sanitaer-heizung",
        "price_model": "fixed", "price": "79", "city_wide": true, "bezirke": [],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    });
    let body = json!({ "provider_id": pid, "offer_id": o.id, "version": 1, "form": form });
    let t = Instant::now();
    let (code, answer) = json_call(&app, "save_offer", body.clone(), Some(&cookie)).await;
    within("a save", t);
    assert_eq!(code, 503, "{answer}");
    assert_eq!(answer, json!("Unavailable"), "the error the editor shows in place");
    assert!(started.elapsed() < Duration::from_secs(15));

    // Back: everything recovers by itself.
    proxy.heal();
    let deadline = Instant::now() + Duration::from_secs(20);
    while get("/readyz").await.map(|r| r.status().as_u16()).unwrap_or(0) != 200 {
        assert!(Instant::now() < deadline, "ready again after the database is back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (code, answer) = json_call(&app, "save_offer", body, Some(&cookie)).await;
    assert_eq!(code, 200, "{answer}");
    assert!(live.until("event: change", Duration::from_secs(10)).await, "live updates resume: {}", live.1);
    let list = get("/angebote?q=Rohrreinigung").await.unwrap();
    assert!(!list.headers().contains_key("x-data-stale"));
    let saved = offer::Entity::find().filter(offer::Column::Id.eq(o.id)).one(&test_db).await.unwrap().unwrap();
    assert_eq!((saved.price_cents, saved.version), (Some(7_900), 2));
}

/// At start the database may not answer yet (a PostgreSQL still starting, an
/// SQLite file another process holds locked, a machine too busy to open it
/// within the acquire timeout): connecting keeps trying instead of giving up
/// after the first attempt.
#[tokio::test]
async fn a_database_that_answers_late_is_waited_for_at_start() {
    use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
    use sea_orm::sqlx::{ConnectOptions, Executor};
    use std::str::FromStr;
    const HELD: Duration = Duration::from_secs(4);
    let url = fresh_database_url().await;
    let connected = if is_postgres() {
        let proxy = Proxy::start(port_of(&url)).await;
        let via_proxy = url.replacen(&format!(":{}/", port_of(&url)), &format!(":{}/", proxy.port), 1);
        proxy.cut();
        let connect = tokio::spawn(async move { db::connect_and_migrate(&via_proxy).await });
        tokio::time::sleep(HELD).await;
        assert!(!connect.is_finished(), "still waiting while the database is away");
        proxy.heal();
        connect.await.unwrap()
    } else {
        // Another process holds the file: an exclusive lock in rollback
        // mode keeps the app from reading it and switching it to WAL.
        let opts = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).journal_mode(SqliteJournalMode::Delete);
        let mut holder = opts.connect().await.unwrap();
        holder.execute("CREATE TABLE held (id INTEGER PRIMARY KEY); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1)").await.unwrap();
        let connect = tokio::spawn(async move { db::connect_and_migrate(&url).await });
        tokio::time::sleep(HELD).await;
        assert!(!connect.is_finished(), "still waiting while the file is held");
        holder.execute("COMMIT").await.unwrap();
        drop(holder);
        connect.await.unwrap()
    };
    let db = connected.expect("connected once the database answers");
    assert!(offer::Entity::find().one(&db).await.unwrap().is_none(), "migrated, and empty");
}
