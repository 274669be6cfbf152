//! Live-update benchmark (`smart-city-duisburg bench-live [SUBSCRIBERS] [SAVES]`):
//! serves the app on a free port, opens SUBSCRIBERS server-sent-event
//! streams on one offer's page, then saves that offer SAVES times over HTTP
//! as its owner and times, for every subscriber, from sending the save to
//! receiving its change event. Plain sockets on both sides, so the figure
//! is the app's, not a client library's.
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

use crate::accounts::domain::{DisplayName, Email, Role};
use crate::db::entities::{provider, provider_member};
use crate::offers::draft::{OfferDraft, OfferForm};

pub struct LiveFigures {
    pub subscribers: usize,
    pub saves: usize,
    pub delivered: usize,
    pub latencies: Vec<Duration>,
    pub save_times: Vec<Duration>,
}

impl LiveFigures {
    pub fn percentile(v: &[Duration], p: f64) -> Duration {
        if v.is_empty() {
            return Duration::ZERO;
        }
        let mut s = v.to_vec();
        s.sort();
        s[((s.len() as f64 * p).ceil() as usize).clamp(1, s.len()) - 1]
    }
}

fn form(price: usize) -> OfferForm {
    OfferForm {
        title: "Dachrinne reinigen".into(),
        description: "Wir reinigen Ihre Dachrinne gründlich und schnell.".into(),
        category: "dach".into(),
        price_model: "fixed".into(),
        price: price.to_string(),
        city_wide: true,
        ..Default::default()
    }
}

/// An owner with a session, a provider and an offer: (cookie, provider, offer).
async fn arrange(st: &crate::app::state::AppState) -> Result<(String, i32, i32), String> {
    let e = |e: sea_orm::DbErr| e.to_string();
    let stamp = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let email = Email::parse(&format!("bench-live-{stamp}@example.invalid")).map_err(|e| e.message())?;
    let user = crate::accounts::store::create_user(&st.db, &DisplayName::parse("Bench Live").map_err(|e| e.message())?, &email, "-".into(), Role::Resident, true)
        .await
        .map_err(e)?;
    let token = crate::accounts::store::create_session(&st.db, user.id).await.map_err(e)?;
    let now = Utc::now();
    let p = provider::ActiveModel {
        slug: Set("bench-live".into()),
        name: Set("Bench Live (Demo)".into()),
        description: Set(String::new()),
        street: Set("Teststraße 1".into()),
        postal_code: Set("47051".into()),
        stadtteil_id: Set(Some(1)),
        ownership: Set("private".into()),
        is_demo: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&st.db)
    .await
    .map_err(e)?;
    provider_member::ActiveModel { provider_id: Set(p.id), user_id: Set(user.id), role: Set("owner".into()), created_at: Set(now) }
        .insert(&st.db)
        .await
        .map_err(e)?;
    let draft = OfferDraft::parse(&form(100), &st.reference.categories, &st.reference.districts).map_err(|e| format!("{e:?}"))?;
    let o = crate::offers::door::create(&st.db, &st.reference, p.id, &draft, user.id).await.map_err(|e| e.to_string())?;
    Ok((format!("scd_sitzung={token}"), p.id, o.id))
}

/// One subscriber: connects, then records when each change event arrives.
async fn subscribe(addr: std::net::SocketAddr, offer: i32, arrivals: Arc<Mutex<Vec<Instant>>>, ready: tokio::sync::mpsc::Sender<()>) -> std::io::Result<()> {
    let mut s = TcpStream::connect(addr).await?;
    s.set_nodelay(true)?;
    s.write_all(format!("GET /live?angebote={offer} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").as_bytes()).await?;
    let mut lines = BufReader::new(s).lines();
    let mut announced = false;
    while let Some(line) = lines.next_line().await? {
        if !announced && line.starts_with(':') {
            announced = true;
            let _ = ready.send(()).await;
        }
        if line.starts_with("event: change") {
            arrivals.lock().await.push(Instant::now());
        }
    }
    Ok(())
}

async fn save(addr: std::net::SocketAddr, cookie: &str, pid: i32, oid: i32, version: i32, price: usize) -> std::io::Result<u16> {
    let body = serde_json::json!({"provider_id": pid, "offer_id": oid, "version": version, "form": form(price)}).to_string();
    let mut s = TcpStream::connect(addr).await?;
    s.set_nodelay(true)?;
    let req = format!(
        "POST /api/save_offer HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {cookie}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).await?;
    Ok(resp.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0))
}

pub async fn run(db: DatabaseConnection, options: leptos::config::LeptosOptions, subscribers: usize, saves: usize) -> Result<LiveFigures, String> {
    let st = crate::app::state::AppState::new(db, options).await.map_err(|e| e.to_string())?;
    let (cookie, pid, oid) = arrange(&st).await?;
    let app = crate::app::router::build(st);
    let listener = crate::server::bind("127.0.0.1:0".parse().expect("addr")).await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(crate::server::serve(listener, app, std::future::pending()));

    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(subscribers.max(1));
    let mut streams = Vec::with_capacity(subscribers);
    for _ in 0..subscribers {
        let arrivals = Arc::new(Mutex::new(Vec::with_capacity(saves)));
        let task = tokio::spawn(subscribe(addr, oid, arrivals.clone(), ready_tx.clone()));
        streams.push((arrivals, task));
    }
    for _ in 0..subscribers {
        tokio::time::timeout(Duration::from_secs(30), ready_rx.recv()).await.map_err(|_| "subscribers did not connect in 30 s".to_string())?;
    }
    let mut sent = Vec::with_capacity(saves);
    let mut save_times = Vec::with_capacity(saves);
    for i in 0..saves {
        let t0 = Instant::now();
        let status = save(addr, &cookie, pid, oid, i as i32 + 1, 101 + i).await.map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("save {i} answered {status}"));
        }
        save_times.push(t0.elapsed());
        sent.push(t0);
        // Let every subscriber receive this one before the next save.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut latencies = Vec::with_capacity(subscribers * saves);
    let mut delivered = 0;
    for (arrivals, task) in &streams {
        let a = arrivals.lock().await;
        delivered += a.len().min(saves);
        for (t0, at) in sent.iter().zip(a.iter()) {
            latencies.push(at.saturating_duration_since(*t0));
        }
        task.abort();
    }
    Ok(LiveFigures { subscribers, saves, delivered, latencies, save_times })
}
