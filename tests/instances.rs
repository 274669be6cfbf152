//! Two app instances on one PostgreSQL behind Debian's nginx as a round-robin
//! load balancer, driven only through the proxy: a session made on one
//! instance holds on the other; a provider's save on one reaches a
//! resident's open page (server-sent events through nginx) on the other; an
//! OpenImmo import from the command line reaches both instances' lists and
//! open pages; a moderator's hide on one is honoured by the other.
//! PostgreSQL only (SQLite runs one instance); `make test` installs nginx.
#![cfg(feature = "ssr")]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::process::ServerProcess;
use common::{fixtures, fresh_database_url, is_postgres};
use reqwest::header::HeaderMap;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db;
use smart_city_duisburg::db::entities::{offer, report};

const PASSWORD: &str = "zwei instanzen ein login 7";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A process that is killed when the test ends, however it ends.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"].iter().map(PathBuf::from).find(|p| p.exists()).expect("nginx is not installed (Debian: nginx-light; `make test` installs it)")
}

fn nginx(port: u16, upstreams: &[u16], dir: &Path) -> Proc {
    let servers: String = upstreams.iter().map(|p| format!("server 127.0.0.1:{p};")).collect();
    let root = if nix_root() { "user root;" } else { "" };
    let d = dir.display();
    let conf = format!(
        "{root} master_process off; daemon off; pid {d}/nginx.pid; error_log {d}/nginx-error.log warn;
         events {{ worker_connections 256; }}
         http {{
           access_log off;
           client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;
           uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
           upstream app {{ {servers} }}
           server {{
             listen 127.0.0.1:{port};
             location / {{
               proxy_pass http://app;
               proxy_http_version 1.1;
               proxy_set_header Host $http_host;
               proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
               proxy_set_header X-Forwarded-Proto $scheme;
               proxy_read_timeout 1h;
               add_header X-Upstream $upstream_addr always;
             }}
           }}
         }}"
    );
    // One process, no master and worker: killing it at the end leaves no
    // worker behind (an orphaned worker kept the test run's files open,
    // the build cache's lock among them).
    let file = dir.join("nginx.conf");
    std::fs::write(&file, conf).unwrap();
    let child = Command::new(nginx_binary()).arg("-c").arg(&file).arg("-p").arg(dir).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start nginx");
    Proc(child)
}

fn nix_root() -> bool {
    std::env::var("USER").is_ok_and(|u| u == "root") || std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

fn upstream(h: &HeaderMap) -> String {
    h.get("x-upstream").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

struct Site {
    base: String,
    client: reqwest::Client,
}

impl Site {
    /// GET through the proxy: (status, upstream, body).
    async fn get(&self, path: &str, cookie: Option<&str>) -> (u16, String, String) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let resp = req.send().await.unwrap();
        let (status, up) = (resp.status().as_u16(), upstream(resp.headers()));
        (status, up, resp.text().await.unwrap())
    }

    async fn post_json(&self, endpoint: &str, body: Value, cookie: &str) -> (u16, String, Value) {
        let resp = self.client.post(format!("{}/api/{endpoint}", self.base)).header("origin", &self.base).header("cookie", cookie).json(&body).send().await.unwrap();
        let (status, up) = (resp.status().as_u16(), upstream(resp.headers()));
        (status, up, resp.json().await.unwrap_or(Value::Null))
    }

    /// Makes the next request go to an instance other than `not`
    /// (round robin: a cheap request moves it on).
    async fn away_from(&self, not: &str) {
        for _ in 0..4 {
            let resp = self.client.head(format!("{}/healthz", self.base)).send().await.unwrap();
            if upstream(resp.headers()) == not {
                return;
            }
        }
        panic!("round robin never reached {not}");
    }

    /// An event stream through the proxy, and the instance serving it.
    async fn live(&self, query: &str) -> (common::Sse, String) {
        let resp = reqwest::Client::new().get(format!("{}/live?{query}", self.base)).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        let up = upstream(resp.headers());
        let mut s = common::Sse(resp, String::new());
        assert!(s.until(":", Duration::from_secs(5)).await, "the stream opens through nginx");
        (s, up)
    }
}

#[tokio::test]
async fn two_instances_behind_nginx_act_as_one_site() {
    if !is_postgres() {
        eprintln!("skipped: several instances share one PostgreSQL");
        return;
    }
    let url = fresh_database_url().await;
    let db = db::connect_and_migrate(&url).await.unwrap();
    smart_city_duisburg::demo::seed_if_empty(&db).await.unwrap();
    let dir = std::env::temp_dir().join(format!("scd-instances-{}-{}", std::process::id(), free_port()));
    std::fs::create_dir_all(&dir).unwrap();
    let front = free_port();
    let public = format!("http://127.0.0.1:{front}");
    let env = [("SCD_PUBLIC_URL", public.as_str()), ("SCD_TRUST_PROXY", "1")];
    let instances = [ServerProcess::start(&url, &env, Some(&dir.join("instance-a.log"))), ServerProcess::start(&url, &env, Some(&dir.join("instance-b.log")))];
    let (a, b) = (instances[0].port, instances[1].port);
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).timeout(Duration::from_secs(15)).build().unwrap();
    for i in &instances {
        i.ready().await;
    }
    let _nginx = nginx(front, &[a, b], &dir);
    let site = Site { base: public.clone(), client };
    let deadline = Instant::now() + Duration::from_secs(20);
    while site.client.get(format!("{public}/readyz")).send().await.map(|r| r.status().as_u16()).ok() != Some(200) {
        assert!(Instant::now() < deadline, "nginx did not start; see {}", dir.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let instances = [format!("127.0.0.1:{a}"), format!("127.0.0.1:{b}")];

    // Signed in through one instance, still signed in on the other.
    let pid = fixtures::provider(&db, "Zweistand Sanitär", "private", Utc::now()).await;
    let uid = {
        use smart_city_duisburg::accounts::{domain, password, store};
        let email = domain::Email::parse("petra.proxy@example.org").unwrap();
        let pw = domain::NewPassword::parse(PASSWORD, PASSWORD, Some(&email)).unwrap();
        let hash = password::hash(&pw).await.unwrap();
        store::create_user(&db, &domain::DisplayName::parse("Petra Proxy").unwrap(), &email, hash, Role::Resident, true).await.unwrap().id
    };
    fixtures::member(&db, pid, uid, "owner").await;
    let login = site
        .client
        .post(format!("{public}/anmelden"))
        .header("origin", &public)
        .form(&[("email", "petra.proxy@example.org"), ("password", PASSWORD), ("zurueck", "/konto")])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 303, "{:?}", login.headers());
    let signed_in_on = upstream(login.headers());
    let cookie = common::cookie_pair(&login, "scd_sitzung").expect("a session cookie").0;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..4 {
        let (status, up, page) = site.get("/konto", Some(&cookie)).await;
        assert_eq!(status, 200, "signed in on {up}");
        assert!(page.contains("Petra Proxy"), "the session holds on {up}");
        seen.insert(up);
    }
    assert_eq!(seen.len(), 2, "both instances served the signed-in person (signed in on {signed_in_on})");
    assert!(instances.iter().all(|i| seen.contains(i)), "{seen:?}");

    // A save on one instance reaches an open page served by the other.
    let cat = smart_city_duisburg::db::entities::category::Entity::find()
        .filter(smart_city_duisburg::db::entities::category::Column::Slug.eq("sanitaer-heizung"))
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let o = fixtures::offer(&db, pid, cat, "Heizungswartung zum Festpreis", Some(12_900), Utc::now()).await;
    let (mut page, page_on) = site.live(&format!("angebote={}", o.id)).await;
    site.away_from(&page_on).await;
    let form = json!({
        "title": "Heizungswartung zum Festpreis", "description": "Wartung Ihrer Heizung mit Abgasmessung und Protokoll.", "category": "sanitaer-heizung",
        "price_model": "fixed", "price": "119", "city_wide": true, "bezirke": [],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    });
    let (code, saved_on, answer) = site.post_json("save_offer", json!({ "provider_id": pid, "offer_id": o.id, "version": 1, "form": form }), &cookie).await;
    assert_eq!(code, 200, "{answer}");
    assert_ne!(saved_on, page_on, "saved on one instance, watched on the other");
    assert!(page.until("event: change", Duration::from_secs(10)).await, "the open page on {page_on} hears of the save on {saved_on}: {}", page.1);

    // An import from the command line reaches both instances' lists and open pages.
    let (mut list_1, on_1) = site.live("liste=1").await;
    let (mut list_2, on_2) = site.live("liste=1").await;
    assert_ne!(on_1, on_2, "one list on each instance");
    let xml = "<openimmo><anbieter><immobilie><objektkategorie><nutzungsart WOHNEN=\"1\"/><vermarktungsart MIETE_PACHT=\"1\"/><objektart><wohnung/></objektart></objektkategorie>\
               <geo><plz>47057</plz><ort>Duisburg</ort></geo><preise><kaltmiete>640</kaltmiete></preise>\
               <freitexte><objekttitel>Maisonette am Lutherplatz</objekttitel><objektbeschreibung>Zwei Ebenen, Dachterrasse, ruhige Lage.</objektbeschreibung></freitexte>\
               <verwaltung_techn><objektnr_extern>LB-1</objektnr_extern></verwaltung_techn></immobilie></anbieter></openimmo>";
    let file = dir.join("import.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_smart-city-duisburg"))
        .args(["import-openimmo", file.to_str().unwrap(), "--provider", &pid.to_string()])
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(list_1.until("event: change", Duration::from_secs(10)).await, "open list on {on_1}");
    assert!(list_2.until("event: change", Duration::from_secs(10)).await, "open list on {on_2}");
    let imported = offer::Entity::find().filter(offer::Column::Title.eq("Maisonette am Lutherplatz")).one(&db).await.unwrap().unwrap();
    let mut listed_on = std::collections::BTreeSet::new();
    for _ in 0..4 {
        let (status, up, body) = site.get("/api/v1/offers?q=Lutherplatz", None).await;
        assert_eq!(status, 200);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["items"][0]["id"], json!(imported.id), "listed on {up}");
        listed_on.insert(up);
    }
    assert_eq!(listed_on.len(), 2, "{listed_on:?}");

    // A moderator's hide on one instance is honoured by the other.
    let (_, mod_cookie) = fixtures::signed_in(&db, "Moritz Moderation", Role::Moderator).await;
    let id = imported.id.to_string();
    let reported = site
        .client
        .post(format!("{public}/melden"))
        .header("origin", &public)
        .form(&[("art", "offer"), ("id", id.as_str()), ("reason", "insult"), ("explanation", "Die Anzeige beleidigt Nachbarn."), ("name", ""), ("email", ""), ("good_faith", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(reported.status().as_u16(), 303);
    let r = report::Entity::find().filter(report::Column::TargetId.eq(imported.id)).one(&db).await.unwrap().unwrap();
    let decided = site
        .client
        .post(format!("{public}/moderation/meldungen/{}", r.id))
        .header("origin", &public)
        .header("cookie", &mod_cookie)
        .form(&[("decision", "hidden"), ("statement", "Beleidigender Text, nach den Regeln ausgeblendet.")])
        .send()
        .await
        .unwrap();
    let hidden_on = upstream(decided.headers());
    assert!(common::location(&decided).contains("hinweis=entschieden"));
    site.away_from(&hidden_on).await;
    let (status, other, body) = site.get("/api/v1/offers?q=Lutherplatz", None).await;
    assert_ne!(other, hidden_on);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["pagination"]["total"], json!(0), "hidden on {hidden_on}, gone on {other}");
    let (status, _, _) = site.get(&format!("/angebote/{}-maisonette-am-lutherplatz", imported.id), None).await;
    assert_eq!(status, 404);
    let _ = std::fs::remove_dir_all(&dir);
}
