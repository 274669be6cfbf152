//! The durable outbox (issue 15), on SQLite and PostgreSQL: two workers
//! (two instances' connections) deliver every mail exactly once; a failed
//! send is retried after its backoff with a real SMTP server (aiosmtpd) and
//! given up after the last attempt, then queued again by an operator; a
//! request never waits for the mail server.
#![cfg(feature = "ssr")]
mod common;

use std::time::Duration;

use common::mail::MailSink;
use common::{fresh_database_url, spawn_app_with_smtp, Seed};
use sea_orm::ConnectionTrait;
use smart_city_duisburg::db::{self, stmt};
use smart_city_duisburg::server::mail::{Mailer, DEFAULT_FROM};
use smart_city_duisburg::server::outbox::{self, Mail, MAX_ATTEMPTS};

fn mailer(url: &str) -> Mailer {
    Mailer::new(Some(url), DEFAULT_FROM, std::path::Path::new("unused")).expect("mailer")
}

async fn count(db: &sea_orm::DatabaseConnection, state: &str) -> i64 {
    let row = db.query_one_raw(stmt(db, "SELECT COUNT(*) AS n FROM outbox WHERE state = ?", vec![state.into()])).await.unwrap().unwrap();
    row.try_get("", "n").unwrap()
}

/// An address nothing listens on.
fn closed_port() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("smtp://127.0.0.1:{port}")
}

#[tokio::test]
async fn two_workers_deliver_every_mail_exactly_once() {
    let sink = MailSink::start();
    let url = fresh_database_url().await;
    let db = db::connect_and_migrate(&url).await.unwrap();
    for i in 0..60 {
        outbox::enqueue(&db, &Mail::new("viele@example.org", &format!("Nachricht {i:02}"), format!("Text {i}"))).await.unwrap();
    }
    // Two instances: their own connections, their own mailers.
    let (a, b) = (db::connect(&url).await.unwrap(), db::connect(&url).await.unwrap());
    let (ma, mb) = (mailer(&sink.url), mailer(&sink.url));
    let (ra, rb) = tokio::join!(outbox::deliver_due(&a, &ma), outbox::deliver_due(&b, &mb));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 60, "{ra:?} {rb:?}");
    assert_eq!(count(&db, "sent").await, 60);
    let _ = sink.nth_to("viele@example.org", 60).await;
    let mut subjects: Vec<String> = sink
        .to("viele@example.org")
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject: ")).map(str::to_owned))
        .collect();
    subjects.sort();
    let before = subjects.len();
    subjects.dedup();
    assert_eq!((before, subjects.len()), (60, 60), "each mail once");
    // A delivered mail keeps no body (it may have held a sign-in link).
    let row = db.query_one_raw(stmt(&db, "SELECT COUNT(*) AS n FROM outbox WHERE body <> ''", vec![])).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0);
    // Nothing left: a further round sends nothing.
    assert_eq!(outbox::deliver_due(&a, &ma).await.unwrap().sent, 0);
}

#[tokio::test]
async fn a_failed_send_is_retried_after_its_backoff_and_given_up_at_last() {
    let url = fresh_database_url().await;
    let db = db::connect_and_migrate(&url).await.unwrap();
    outbox::enqueue(&db, &Mail::new("geduld@example.org", "Wichtig", "Bitte ankommen.".into())).await.unwrap();
    let down = mailer(&closed_port());
    let round = outbox::deliver_due(&db, &down).await.unwrap();
    assert_eq!((round.sent, round.retrying), (0, 1));
    let row = db.query_one_raw(stmt(&db, "SELECT attempts, last_error, next_attempt_at FROM outbox", vec![])).await.unwrap().unwrap();
    assert_eq!(row.try_get::<i32>("", "attempts").unwrap(), 1);
    assert!(row.try_get::<Option<String>>("", "last_error").unwrap().is_some());
    assert!(row.try_get::<chrono::DateTime<chrono::Utc>>("", "next_attempt_at").unwrap() > chrono::Utc::now() + chrono::Duration::seconds(20));
    assert_eq!(outbox::undelivered(&db).await.unwrap().len(), 1, "operators see the retrying mail");
    // Not due yet: nothing is tried, even with the server back.
    let sink = MailSink::start();
    let up = mailer(&sink.url);
    assert_eq!(outbox::deliver_due(&db, &up).await.unwrap(), outbox::Round::default());
    // Its time comes: delivered.
    db.execute_raw(stmt(&db, "UPDATE outbox SET next_attempt_at = ?", vec![chrono::Utc::now().into()])).await.unwrap();
    assert_eq!(outbox::deliver_due(&db, &up).await.unwrap().sent, 1);
    assert!(sink.nth_to("geduld@example.org", 1).await.contains("Bitte ankommen."));

    // Another mail fails every attempt: it is given up, then queued again.
    outbox::enqueue(&db, &Mail::new("pech@example.org", "Nie", "x".into())).await.unwrap();
    for _ in 0..MAX_ATTEMPTS {
        db.execute_raw(stmt(&db, "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'", vec![chrono::Utc::now().into()])).await.unwrap();
        outbox::deliver_due(&db, &down).await.unwrap();
    }
    assert_eq!(count(&db, "failed").await, 1);
    let failed = outbox::undelivered(&db).await.unwrap();
    assert_eq!((failed.len(), failed[0].state.as_str(), failed[0].attempts), (1, "failed", MAX_ATTEMPTS));
    assert_eq!(outbox::retry_failed(&db, None).await.unwrap(), 1);
    assert_eq!(outbox::deliver_due(&db, &up).await.unwrap().sent, 1);
    sink.nth_to("pech@example.org", 1).await;
}

/// A mail server that accepts connections and never says a word.
fn silent_server() -> (std::net::TcpListener, String) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://127.0.0.1:{}", l.local_addr().unwrap().port());
    (l, url)
}

#[tokio::test]
async fn no_request_waits_for_the_mail_server() {
    let (_held, url) = silent_server();
    let app = spawn_app_with_smtp(Seed::Empty, &url).await;
    // A sign-up and a forgotten password answer while the server hangs; the
    // mails wait in the outbox (the client gives up after 10 s).
    let resp = app
        .post_form("/registrieren", &[("name", "Olaf Ohnepost"), ("email", "olaf@example.org"), ("password", "ein langer satz 42"), ("password_repeat", "ein langer satz 42")], None)
        .await;
    assert_eq!(resp.status().as_u16(), 303);
    let resp = app.post_form("/passwort-vergessen", &[("email", "olaf@example.org")], None).await;
    assert_eq!(resp.status().as_u16(), 303);
    let started = std::time::Instant::now();
    loop {
        let n = app.db.query_one_raw(stmt(&app.db, "SELECT COUNT(*) AS n FROM outbox WHERE recipient = ?", vec!["olaf@example.org".into()])).await.unwrap().unwrap();
        if n.try_get::<i64>("", "n").unwrap() == 2 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "both mails are queued");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(count(&app.db, "sent").await, 0);
}
