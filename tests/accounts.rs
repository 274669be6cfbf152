//! Accounts over HTTP, on SQLite and PostgreSQL, with mail through a real
//! SMTP server: sign-up, verification, sign-in, sessions, sign-out, password
//! reset, rate limits, and the `admin create` command.
#![cfg(feature = "ssr")]
mod common;

use common::mail::{link_path, MailSink};
use common::{cookie_pair, fresh_database_url, location, spawn_app, spawn_app_with_smtp, Seed, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use smart_city_duisburg::db::entities::{app_user, session};

const PW: &str = "ein langer satz 42";

async fn sign_up(app: &TestApp, name: &str, email: &str, pw: &str, repeat: &str) -> reqwest::Response {
    app.post_form("/registrieren", &[("name", name), ("email", email), ("password", pw), ("password_repeat", repeat)], None).await
}

async fn log_in(app: &TestApp, email: &str, pw: &str) -> reqwest::Response {
    app.post_form("/anmelden", &[("email", email), ("password", pw)], None).await
}

async fn user(app: &TestApp, email: &str) -> Option<app_user::Model> {
    app_user::Entity::find().filter(app_user::Column::Email.eq(email)).one(&app.db).await.unwrap()
}

#[tokio::test]
async fn sign_up_verify_sign_in_and_out() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let resp = sign_up(&app, "Erika Muster", " Erika@Example.org ", PW, PW).await;
    assert_eq!((resp.status().as_u16(), location(&resp).as_str()), (303, "/anmelden?hinweis=registriert"));
    let u = user(&app, "erika@example.org").await.expect("account stored with the normalised address");
    assert!(u.password_hash.as_deref().unwrap().starts_with("$argon2id$"));
    assert!(u.email_verified_at.is_none());
    assert_eq!(u.role, "resident");

    let mail = sink.nth_to("erika@example.org", 1).await;
    assert!(mail.contains("Hallo Erika Muster"), "{mail}");
    let verify = link_path(&mail, "/konto/bestaetigen");
    let resp = app.get(&verify).await;
    assert_eq!(location(&resp), "/anmelden?hinweis=bestaetigt");
    assert!(user(&app, "erika@example.org").await.unwrap().email_verified_at.is_some());
    // A link works once.
    assert_eq!(location(&app.get(&verify).await), "/anmelden?fehler=token");

    let wrong = log_in(&app, "erika@example.org", "falsches passwort").await;
    assert_eq!(location(&wrong), "/anmelden?fehler=credentials", "no address in the URL (logs, history)");
    assert!(cookie_pair(&wrong, "scd_sitzung").is_none());
    let (_, page) = common::follow_refusal(&app, &wrong, None).await;
    assert!(page.contains("E-Mail-Adresse oder Passwort ist falsch."));
    assert!(page.contains("value=\"erika@example.org\""), "the address typed is kept");
    let (flash, raw) = cookie_pair(&wrong, "scd_eingabe").expect("a key to what was typed");
    assert!(raw.contains("HttpOnly") && raw.contains("SameSite=Strict") && raw.contains("Path=/anmelden"), "{raw}");
    assert!(!flash.contains("erika"), "the cookie holds a key, not the address");
    let (_, again) = app.page_with_cookie("/anmelden?fehler=credentials", &flash).await;
    assert!(!again.contains("value=\"erika@example.org\""), "read once, then gone");

    let ok = app.post_form("/anmelden", &[("email", "ERIKA@example.org"), ("password", PW), ("zurueck", "")], None).await;
    assert_eq!((ok.status().as_u16(), location(&ok).as_str()), (303, "/konto"));
    let (cookie, raw) = cookie_pair(&ok, "scd_sitzung").expect("session cookie");
    assert!(raw.contains("HttpOnly") && raw.contains("SameSite=Lax") && !raw.contains("Secure"), "{raw}");
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let stored = session::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].id_hash, token, "only a hash of the token is stored");

    let (status, konto) = app.page_with_cookie("/konto", &cookie).await;
    assert_eq!(status, 200);
    assert!(konto.contains("Erika Muster") && konto.contains("erika@example.org") && konto.contains("bestätigt"));
    let (_, home) = app.page_with_cookie("/", &cookie).await;
    assert!(home.contains("href=\"/konto\"") && home.contains("action=\"/abmelden\""), "the header knows the account");

    let out = app.post_form("/abmelden", &[], Some(&cookie)).await;
    assert_eq!(location(&out), "/");
    assert!(cookie_pair(&out, "scd_sitzung").unwrap().1.contains("Max-Age=0"));
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0);
    let after = app.client.get(app.url("/konto")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(location(&after), "/anmelden?zurueck=%2Fkonto");
}

#[tokio::test]
async fn sign_in_returns_to_the_page_asked_for_and_never_elsewhere() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    sign_up(&app, "Ali Kaya", "ali@example.org", PW, PW).await;
    let resp = app.post_form("/anmelden", &[("email", "ali@example.org"), ("password", PW), ("zurueck", "/angebote?q=dach")], None).await;
    assert_eq!(location(&resp), "/angebote?q=dach");
    let resp = app.post_form("/anmelden", &[("email", "ali@example.org"), ("password", PW), ("zurueck", "//evil.example/")], None).await;
    assert_eq!(location(&resp), "/");
}

#[tokio::test]
async fn bad_sign_ups_are_explained_and_keep_what_was_typed() {
    let app = spawn_app(Seed::Empty).await;
    let cases = [
        ("Erika", "keine-adresse", PW, PW, "email"),
        ("Erika", "erika@example.org", "kurz", "kurz", "password_short"),
        ("Erika", "erika@example.org", PW, "anders", "password_repeat"),
        ("E", "erika@example.org", PW, PW, "name_short"),
        ("Erika", "erika@example.org", "erika@example.org", "erika@example.org", "password_weak"),
    ];
    for (name, email, pw, repeat, code) in cases {
        let resp = sign_up(&app, name, email, pw, repeat).await;
        let (to, page) = common::follow_refusal(&app, &resp, None).await;
        assert_eq!(to, format!("/registrieren?fehler={code}"));
        assert!(page.contains(&format!("value=\"{}\"", common::html_escape(name))), "{code}: the name is kept");
        assert!(!page.contains(&format!("value=\"{}\"", common::html_escape(pw))) || pw == email, "the password never travels back");
    }
    assert_eq!(app_user::Entity::find().count(&app.db).await.unwrap(), 0);
    let (status, page) = app.page("/registrieren?fehler=password_short&name=Erika&email=erika%40example.org").await;
    assert_eq!(status, 200);
    assert!(page.contains("Das Passwort muss mindestens 10 Zeichen lang sein."));
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(page.contains("aria-describedby=\"f-password-hinweis f-password-fehler\""));
    assert!(page.contains("value=\"Erika\""));
    // Unknown codes show nothing: the page cannot be made to say anything.
    let (status, page) = app.page("/registrieren?fehler=%3Cscript%3E").await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>"));
}

#[tokio::test]
async fn an_existing_address_is_not_revealed() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let first = sign_up(&app, "Erika", "erika@example.org", PW, PW).await;
    let second = sign_up(&app, "Mallory", "erika@example.org", "anderes passwort 1", "anderes passwort 1").await;
    assert_eq!(location(&first), location(&second));
    assert_eq!(app_user::Entity::find().count(&app.db).await.unwrap(), 1);
    let warning = sink.nth_to("erika@example.org", 2).await;
    assert!(warning.contains("bereits ein Konto"), "{warning}");
    assert_eq!(user(&app, "erika@example.org").await.unwrap().display_name, "Erika");
    // Wrong password and unknown address read the same.
    let a = log_in(&app, "erika@example.org", "anderes passwort 1").await;
    let b = log_in(&app, "niemand@example.org", "anderes passwort 1").await;
    assert_eq!(location(&a).replace("erika", "X"), location(&b).replace("niemand", "X"));
}

#[tokio::test]
async fn password_reset_by_mail() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    sign_up(&app, "Erika", "erika@example.org", PW, PW).await;
    let (old_cookie, _) = cookie_pair(&log_in(&app, "erika@example.org", PW).await, "scd_sitzung").unwrap();

    let known = app.post_form("/passwort-vergessen", &[("email", "erika@example.org")], None).await;
    let unknown = app.post_form("/passwort-vergessen", &[("email", "niemand@example.org")], None).await;
    assert_eq!(location(&known), "/anmelden?hinweis=reset_gesendet");
    assert_eq!(location(&known), location(&unknown));
    let mail = sink.nth_to("erika@example.org", 2).await;
    let link = link_path(&mail, "/passwort-neu");
    let token = link.split_once("token=").unwrap().1.to_owned();
    assert!(sink.to("niemand@example.org").is_empty());
    // A second request: its link must die with the first one's use.
    app.post_form("/passwort-vergessen", &[("email", "erika@example.org")], None).await;
    let second = link_path(&sink.nth_to("erika@example.org", 3).await, "/passwort-neu").split_once("token=").unwrap().1.to_owned();

    let (status, page) = app.page(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("value=\"{token}\"")));
    let short = app.post_form("/passwort-neu", &[("token", &token), ("password", "kurz"), ("password_repeat", "kurz")], None).await;
    let (to, page) = common::follow_refusal(&app, &short, None).await;
    assert_eq!(to, "/passwort-neu?fehler=password_short", "no token in the URL");
    assert!(page.contains(&format!("value=\"{token}\"")), "the reset can go on");
    let new_pw = "ganz neues passwort 7";
    let done = app.post_form("/passwort-neu", &[("token", &token), ("password", new_pw), ("password_repeat", new_pw)], None).await;
    assert_eq!(location(&done), "/anmelden?hinweis=passwort_neu");
    let again = app.post_form("/passwort-neu", &[("token", &token), ("password", new_pw), ("password_repeat", new_pw)], None).await;
    assert_eq!(location(&again), "/passwort-vergessen?fehler=token");
    let older = app.post_form("/passwort-neu", &[("token", &second), ("password", "drittes passwort 9"), ("password_repeat", "drittes passwort 9")], None).await;
    assert_eq!(location(&older), "/passwort-vergessen?fehler=token", "another reset link of the same person is void");

    assert_eq!(location(&log_in(&app, "erika@example.org", PW).await), "/anmelden?fehler=credentials");
    assert_eq!(location(&log_in(&app, "erika@example.org", new_pw).await), "/konto");
    let stale = app.client.get(app.url("/konto")).header("cookie", &old_cookie).send().await.unwrap();
    assert_eq!((stale.status().as_u16(), location(&stale).as_str()), (302, "/anmelden?zurueck=%2Fkonto"), "sessions from before the reset are over");
    assert!(user(&app, "erika@example.org").await.unwrap().email_verified_at.is_some());
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account() {
    let app = spawn_app(Seed::Empty).await;
    for i in 0..8 {
        let r = log_in(&app, "erika@example.org", &format!("falsch {i} xxxxxxx")).await;
        assert!(location(&r).contains("fehler=credentials"), "attempt {i}");
    }
    let r = log_in(&app, "erika@example.org", "falsch 9 xxxxxxx").await;
    assert!(location(&r).starts_with("/anmelden?fehler=rate"), "{}", location(&r));
    let (_, page) = app.page(&location(&r)).await;
    assert!(page.contains("Zu viele Versuche"));
    // Another address from the same place is not blocked by that.
    let r = log_in(&app, "ali@example.org", "falsch xxxxxxxxx").await;
    assert!(location(&r).contains("fehler=credentials"));
}

#[tokio::test]
async fn only_failed_sign_ins_count_and_buckets_are_stored_hashed() {
    use sea_orm::ConnectionTrait;
    let app = spawn_app(Seed::Empty).await;
    let r = sign_up(&app, "Erika Muster", "erika@example.org", PW, PW).await;
    assert_eq!(r.status().as_u16(), 303);
    // Signing in right again and again never locks the person out.
    for i in 0..12 {
        let r = log_in(&app, "erika@example.org", PW).await;
        assert!(!location(&r).contains("fehler"), "sign-in {i}: {}", location(&r));
    }
    // Seven wrong passwords by someone else still leave the right one working.
    for i in 0..7 {
        let r = log_in(&app, "erika@example.org", &format!("falsch {i} xxxxxxx")).await;
        assert!(location(&r).contains("fehler=credentials"), "attempt {i}");
    }
    assert!(!location(&log_in(&app, "erika@example.org", PW).await).contains("fehler"));
    // Guesses sent all at once cannot slip past the count while the
    // passwords are checked: at most the budget's rest gets checked.
    let guesses = (0..12).map(|i| log_in(&app, "ali@example.org", Box::leak(format!("falsch {i} xxxxxxx").into_boxed_str())));
    let answers = futures::future::join_all(guesses).await;
    let checked = answers.iter().filter(|r| location(r).contains("fehler=credentials")).count();
    assert!(checked <= 8, "{checked} guesses checked");
    assert!(answers.iter().any(|r| location(r).contains("fehler=rate")));
    // Neither the address nor the client's IP is stored in clear.
    let rows = app.db.query_all_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), "SELECT bucket FROM rate_limit")).await.unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let bucket: String = row.try_get("", "bucket").unwrap();
        assert!(bucket.len() == 64 && !bucket.contains('@') && !bucket.contains("127.0.0.1"), "{bucket}");
    }
    // Windows long over are deleted, current ones kept.
    let backend = app.db.get_database_backend();
    let old = chrono::Utc::now() - chrono::Duration::days(2);
    let sql = if backend == sea_orm::DbBackend::Postgres { "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ('old', $1, 3)" } else { "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ('old', ?, 3)" };
    app.db.execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [old.into()])).await.unwrap();
    assert_eq!(smart_city_duisburg::server::rate_limit::prune(&app.db).await.unwrap(), 1);
    let left = app.db.query_all_raw(sea_orm::Statement::from_string(backend, "SELECT bucket FROM rate_limit")).await.unwrap();
    assert!(!left.is_empty());
}

/// An SMTP server that accepts connections and never answers.
fn silent_smtp() -> (std::net::TcpListener, String) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://127.0.0.1:{}", l.local_addr().unwrap().port());
    (l, url)
}

#[tokio::test]
async fn no_answer_waits_for_the_mail_server() {
    let (_listener, smtp) = silent_smtp();
    let app = spawn_app_with_smtp(Seed::Empty, &smtp).await;
    let quick = std::time::Duration::from_secs(5);
    let sign_up = tokio::time::timeout(quick, sign_up(&app, "Erika Muster", "erika@example.org", PW, PW)).await.expect("sign-up waited for SMTP");
    assert!(location(&sign_up).contains("hinweis=registriert"));
    let again = tokio::time::timeout(quick, sign_up_again(&app)).await.expect("a second sign-up waited for SMTP");
    assert!(location(&again).contains("hinweis=registriert"), "the same answer for a known address");
    for email in ["erika@example.org", "niemand@example.org"] {
        let r = tokio::time::timeout(quick, app.post_form("/passwort-vergessen", &[("email", email)], None)).await.expect("a reset waited for SMTP");
        assert_eq!(location(&r), "/anmelden?hinweis=reset_gesendet", "{email}");
    }
}

async fn sign_up_again(app: &TestApp) -> reqwest::Response {
    sign_up(app, "Erika Zwei", "erika@example.org", PW, PW).await
}

#[tokio::test]
async fn admin_create_from_the_command_line() {
    let url = fresh_database_url().await;
    let run = |email: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_smart-city-duisburg"))
            .args(["admin", "create", email, "Ada Admin"])
            .env("DATABASE_URL", &url)
            .env("SCD_ADMIN_PASSWORD", PW)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run the binary")
    };
    let out = run("ada@example.org");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!run("ada@example.org").status.success(), "a second admin with the same address is refused");
    assert!(!run("keine-adresse").status.success());
    let app = common::spawn_app_on(url.clone()).await;
    let ada = user(&app, "ada@example.org").await.unwrap();
    assert_eq!(ada.role, "admin");
    assert!(ada.email_verified_at.is_some());
    let ok = log_in(&app, "ada@example.org", PW).await;
    let (cookie, _) = cookie_pair(&ok, "scd_sitzung").unwrap();
    let (_, konto) = app.page_with_cookie("/konto", &cookie).await;
    assert!(konto.contains("Administration"));

    // Roles from the command line: audited, never the last administrator.
    let grant = |email: &str, role: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_smart-city-duisburg"))
            .args(["admin", "grant-role", email, role])
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run the binary")
    };
    sign_up(&app, "Mia Moderation", "mia@example.org", PW, PW).await;
    let out = grant("mia@example.org", "moderator");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(user(&app, "mia@example.org").await.unwrap().role, "moderator");
    let out = grant("ada@example.org", "resident");
    assert!(!out.status.success(), "the last administrator stays one");
    assert!(String::from_utf8_lossy(&out.stderr).contains("last administrator"));
    assert!(!grant("mia@example.org", "kaiser").status.success(), "an unknown role");
    assert!(!grant("niemand@example.org", "moderator").status.success(), "an unknown account");
    assert!(grant("mia@example.org", "admin").status.success());
    assert!(grant("ada@example.org", "resident").status.success(), "with a second administrator, the first may step down");
    assert_eq!(user(&app, "ada@example.org").await.unwrap().role, "resident");
    let (_, log) = app.page_with_cookie("/admin/protokoll", &cookie).await;
    assert!(!log.contains("account.role"), "Ada is no administrator any more: {}", log.len());
    let mia = log_in(&app, "mia@example.org", PW).await;
    let (mia, _) = cookie_pair(&mia, "scd_sitzung").unwrap();
    let (_, log) = app.page_with_cookie("/admin/protokoll", &mia).await;
    assert_eq!(log.matches("account.role").count(), 3, "every change audited");
}

#[tokio::test]
async fn one_client_cannot_fill_the_store_of_kept_fields() {
    use smart_city_duisburg::server::flash::{store, CLIENT};
    let app = spawn_app(Seed::Empty).await;
    let keep = |client: &'static str| CLIENT.scope(client.to_owned(), store(&app.db, "/registrieren", &[("name", "Erika")]));
    // The test client (127.0.0.1) has had fields kept for 60 refused posts.
    for _ in 0..60 {
        assert!(keep("127.0.0.1").await.unwrap().is_some());
    }
    // Its next refusal over HTTP is still explained, but keeps nothing.
    let resp = sign_up(&app, "Erika", "erika@example.org", "kurz", "kurz").await;
    assert_eq!(location(&resp), "/registrieren?fehler=password_short");
    assert!(cookie_pair(&resp, "scd_eingabe").is_none(), "nothing more is kept for this client");
    // Other clients keep theirs.
    assert!(keep("198.51.100.7").await.unwrap().is_some());
}

/// The session and its account are read in one query (every rendered page
/// asks): an expired session ends, a locked account is not signed in even
/// with a live session, and the session's last use is kept up to date.
#[tokio::test]
async fn a_session_is_read_with_its_account() {
    use chrono::{Duration, Utc};
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    use smart_city_duisburg::accounts::{domain::Role, store};
    let app = spawn_app(Seed::Empty).await;
    let (mia, cookie) = common::fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let account = store::session_account(&app.db, &token).await.unwrap().expect("a live session");
    assert_eq!((account.id, account.display_name.as_str()), (mia, "Mia"));
    assert!(store::session_account(&app.db, "kein-token").await.unwrap().is_none());
    // The header's badge is read with the session: only this person's unread notifications.
    use smart_city_duisburg::notifications::{store as notes, Kind};
    let (ben, _) = common::fixtures::signed_in(&app.db, "Ben", Role::Resident).await;
    for user in [mia, mia, ben] {
        notes::push(&app.db, user, Kind::ReviewReply, "/", None).await.unwrap();
    }
    let unread = || async { store::session_account_and_unread(&app.db, &token).await.unwrap().map(|(_, n)| n) };
    assert_eq!(unread().await, Some(2));
    notes::mark_all_read(&app.db, mia).await.unwrap();
    assert_eq!(unread().await, Some(0));

    let set_user = |locked: bool| {
        let db = app.db.clone();
        async move {
            let mut u = app_user::Entity::find_by_id(mia).one(&db).await.unwrap().unwrap().into_active_model();
            u.locked_at = Set(locked.then(Utc::now));
            u.update(&db).await.unwrap();
        }
    };
    set_user(true).await;
    assert!(store::session_account(&app.db, &token).await.unwrap().is_none(), "a locked account is signed out");
    assert!(!app.page_with_cookie("/konto", &cookie).await.1.contains("mia@example.org"));
    set_user(false).await;
    assert!(app.page_with_cookie("/konto", &cookie).await.1.contains("mia@example.org"));

    // Last used two hours ago: extended on this use.
    let row = || async { session::Entity::find().filter(session::Column::UserId.eq(mia)).one(&app.db).await.unwrap() };
    let mut s = row().await.unwrap().into_active_model();
    s.last_seen_at = Set(Utc::now() - Duration::hours(2));
    s.expires_at = Set(Utc::now() + Duration::hours(1));
    s.update(&app.db).await.unwrap();
    assert!(store::session_account(&app.db, &token).await.unwrap().is_some());
    let s = row().await.unwrap();
    assert!(s.last_seen_at > Utc::now() - Duration::minutes(1) && s.expires_at > Utc::now() + Duration::days(1), "{s:?}");

    let mut s = s.into_active_model();
    s.expires_at = Set(Utc::now() - Duration::seconds(1));
    s.update(&app.db).await.unwrap();
    assert!(store::session_account(&app.db, &token).await.unwrap().is_none(), "an expired session is over");
    assert!(row().await.is_none(), "and gone");
}
