//! Saved searches and alerts (issue 15), on SQLite and PostgreSQL, with a
//! real SMTP server (aiosmtpd): a provider's publication reaches the saved
//! search once, by mail with a one-click unsubscribe and in the app; a
//! price drop into the range counts as new; digests hold only what is new
//! and nothing is sent when there is nothing; visitors confirm by mail;
//! the data export and account deletion cover it all; favourites alert.
#![cfg(feature = "ssr")]
mod common;

use std::time::{Duration, Instant};

use common::mail::MailSink;
use common::{fixtures, form_call, json_call, location, spawn_app_with_smtp, Seed, TestApp};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{notification, saved_search};
use smart_city_duisburg::db::stmt;

/// A browser's form post (it accepts HTML, so refusals come back as redirects).
async fn post(app: &TestApp, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
    let mut req = app.client.post(app.url(path)).form(form).header("origin", &app.base).header("accept", "text/html");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.expect("request failed")
}

fn offer_form(title: &str, price: &str) -> Value {
    json!({
        "title": title, "description": "Wir decken Ihr Dach neu, mit Dämmung und Rinne, schnell und sauber.", "category": "dach",
        "price_model": "fixed", "price": price, "city_wide": true, "bezirke": [],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    })
}

/// A roofer with a signed-in owner: (provider, cookie).
async fn roofer(app: &TestApp) -> (i32, String) {
    let (uid, cookie) = fixtures::signed_in(&app.db, "Dora Decker", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Bedachungen", "private", chrono::Utc::now()).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    (pid, cookie)
}

/// Saves and publishes an offer through the dashboard: (id, version).
async fn publish(app: &TestApp, pid: i32, cookie: &str, title: &str, price: &str) -> (i32, i32) {
    let (status, saved) = json_call(app, "save_offer", json!({"provider_id": pid, "offer_id": null, "version": 0, "form": offer_form(title, price)}), Some(cookie)).await;
    assert_eq!(status, 200, "{saved}");
    let (id, version) = (saved[0].as_i64().unwrap() as i32, saved[1].as_i64().unwrap() as i32);
    let (p, o, v) = (pid.to_string(), id.to_string(), version.to_string());
    let (status, answer) = form_call(app, "run_offer_command", &[("provider_id", &p), ("offer_id", &o), ("version", &v), ("command", "Publish")], Some(cookie)).await;
    assert_eq!(status, 200, "{answer}");
    (id, version + 1)
}

async fn set_price(app: &TestApp, pid: i32, cookie: &str, id: i32, version: i32, title: &str, price: &str) -> i32 {
    let (status, saved) = json_call(app, "save_offer", json!({"provider_id": pid, "offer_id": id, "version": version, "form": offer_form(title, price)}), Some(cookie)).await;
    assert_eq!(status, 200, "{saved}");
    saved[1].as_i64().unwrap() as i32
}

/// Saves a search from the list's filter as a signed-in person: its id.
async fn save_search(app: &TestApp, cookie: &str, filter: &str, frequency: &str) -> i32 {
    let resp = post(app, "/suchauftraege", &[("filter", filter), ("name", ""), ("frequency", frequency)], Some(cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    let to = location(&resp);
    assert!(to.starts_with("/suchauftraege?hinweis=gespeichert"), "{to}");
    to.rsplit('-').next().unwrap().parse().unwrap()
}

async fn hits(app: &TestApp, search: i32) -> Vec<(i32, String)> {
    let rows = app.db.query_all_raw(stmt(&app.db, "SELECT offer_id, reason FROM saved_search_hit WHERE search_id = ? ORDER BY id", vec![search.into()])).await.unwrap();
    rows.iter().map(|r| (r.try_get("", "offer_id").unwrap(), r.try_get("", "reason").unwrap())).collect()
}

/// Waits until the search has `n` hits.
async fn until_hits(app: &TestApp, search: i32, n: usize) -> Vec<(i32, String)> {
    let started = Instant::now();
    loop {
        let h = hits(app, search).await;
        if h.len() >= n {
            return h;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "search {search} has {h:?}, waited for {n}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_publication_reaches_the_saved_search_once_by_mail_and_in_the_app() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, owner) = roofer(&app).await;
    let (erika, cookie) = fixtures::signed_in(&app.db, "Erika Sucht", Role::Resident).await;
    let search = save_search(&app, &cookie, "q=schiefer&kategorie=dach", "instant").await;
    // A name that looks like one of the mail's placeholders stays literal.
    app.db.execute_raw(stmt(&app.db, "UPDATE saved_search SET name = ? WHERE id = ?", vec!["Dach {unsubscribe}".into(), search.into()])).await.unwrap();
    // Offers there before the search are not news; one not matching is no hit.
    let (first, v1) = publish(&app, pid, &owner, "Schieferdach decken", "4.800").await;
    publish(&app, pid, &owner, "Dachrinnen reinigen", "90").await;
    let found = until_hits(&app, search, 1).await;
    assert_eq!(found, vec![(first, "new".to_owned())]);
    let mail = sink.nth_to("erika.sucht@example.org", 1).await;
    assert!(mail.contains("Schieferdach decken"), "{mail}");
    assert!(!mail.contains("Dachrinnen reinigen"));
    assert!(mail.contains("„Dach {unsubscribe}“"), "{mail}");
    assert!(mail.contains("List-Unsubscribe: <http"), "{mail}");
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{mail}");
    // In the app: a notice, and the hit on the search's page.
    let notices = notification::Entity::find().filter(notification::Column::UserId.eq(erika)).filter(notification::Column::Kind.eq("search_matches")).count(&app.db).await.unwrap();
    assert_eq!(notices, 1);
    let (status, page) = app.page_with_cookie(&format!("/suchauftraege/{search}"), &cookie).await;
    assert_eq!(status, 200);
    assert!(page.contains("Schieferdach decken"));
    // An edit of the same offer is not news again.
    set_price(&app, pid, &owner, first, v1, "Schieferdach decken mit Gauben", "4.900").await;
    // A second match within the hour is recorded but waits for the next mail.
    let (second, _) = publish(&app, pid, &owner, "Schiefer-Notdienst", "300").await;
    let found = until_hits(&app, search, 2).await;
    assert_eq!(found.iter().filter(|(o, _)| *o == first).count(), 1, "{found:?}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.to("erika.sucht@example.org").len(), 1, "at most one mail an hour");
    // An hour later the digest holds only the new offer.
    app.db.execute_raw(stmt(&app.db, "UPDATE saved_search SET last_mailed_at = ? WHERE id = ?", vec![(chrono::Utc::now() - chrono::Duration::minutes(61)).into(), search.into()])).await.unwrap();
    let sent = smart_city_duisburg::alerts::digest::send_due(&app.db, &app.state.reference, &app.state.public_url).await.unwrap();
    assert_eq!(sent, 1);
    let mail = sink.nth_to("erika.sucht@example.org", 2).await;
    assert!(mail.contains("Schiefer-Notdienst") && !mail.contains("Schieferdach decken"), "{mail}");
    assert!(hits(&app, search).await.iter().any(|(o, _)| *o == second));
    // Nothing new: no mail.
    app.db.execute_raw(stmt(&app.db, "UPDATE saved_search SET last_mailed_at = ? WHERE id = ?", vec![(chrono::Utc::now() - chrono::Duration::minutes(61)).into(), search.into()])).await.unwrap();
    assert_eq!(smart_city_duisburg::alerts::digest::send_due(&app.db, &app.state.reference, &app.state.public_url).await.unwrap(), 0);
}

/// A search saved from a list narrowed to one provider (its page links
/// there) hears of that provider's offers only.
#[tokio::test]
async fn a_search_narrowed_to_a_provider_hears_of_its_offers_only() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, owner) = roofer(&app).await;
    let (uid, other_owner) = fixtures::signed_in(&app.db, "Otto Anders", Role::Resident).await;
    let other = fixtures::provider(&app.db, "Andere Bedachungen", "private", chrono::Utc::now()).await;
    fixtures::member(&app.db, other, uid, "owner").await;
    let (_, cookie) = fixtures::signed_in(&app.db, "Anna Anbieter", Role::Resident).await;
    let search = save_search(&app, &cookie, &format!("kategorie=dach&anbieter={pid}"), "app").await;
    let stored: String = saved_search::Entity::find_by_id(search).one(&app.db).await.unwrap().unwrap().query;
    assert!(stored.contains(&format!("\"provider_id\":{pid}")), "{stored}");
    // Its default name names the provider, as does its summary.
    let name = saved_search::Entity::find_by_id(search).one(&app.db).await.unwrap().unwrap().name;
    assert_eq!(name, "Dachdecker · nur Beispiel Bedachungen");
    publish(&app, other, &other_owner, "Dach decken bei den anderen", "900").await;
    let (own, _) = publish(&app, pid, &owner, "Dach decken", "900").await;
    assert_eq!(until_hits(&app, search, 1).await, vec![(own, "new".to_owned())]);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(hits(&app, search).await.len(), 1, "not the other provider's");
    // Its page opens the list it was saved from.
    let (_, page) = app.page_with_cookie("/suchauftraege", &cookie).await;
    assert!(page.contains(&format!("anbieter={pid}")), "the saved filter is linked with the provider");
    let (_, page) = app.page_with_cookie(&format!("/suchauftraege/neu?kategorie=dach&anbieter={pid}"), &cookie).await;
    assert!(page.contains("nur Beispiel Bedachungen"), "the form's summary names the provider");
}

#[tokio::test]
async fn a_price_drop_into_the_range_is_news_and_one_outside_is_not() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, owner) = roofer(&app).await;
    let (_, cookie) = fixtures::signed_in(&app.db, "Paul Preis", Role::Resident).await;
    let search = save_search(&app, &cookie, "kategorie=dach&preis_bis=1.000", "app").await;
    let (dear, v) = publish(&app, pid, &owner, "Dachfenster einbauen", "1.200").await;
    let (cheap, _) = publish(&app, pid, &owner, "Dachfenster abdichten", "500").await;
    assert_eq!(until_hits(&app, search, 1).await, vec![(cheap, "new".to_owned())]);
    // 1.200 → 1.100: still outside the range; → 950: inside, news.
    let v = set_price(&app, pid, &owner, dear, v, "Dachfenster einbauen", "1.100").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(hits(&app, search).await.len(), 1);
    set_price(&app, pid, &owner, dear, v, "Dachfenster einbauen", "950").await;
    assert_eq!(until_hits(&app, search, 2).await[1], (dear, "price".to_owned()));
    // "In the app only" mails nothing.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(sink.to("paul.preis@example.org").is_empty());
}

#[tokio::test]
async fn one_click_unsubscribes_without_a_session_and_a_get_only_asks() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (_, cookie) = fixtures::signed_in(&app.db, "Uwe Ab", Role::Resident).await;
    let id = save_search(&app, &cookie, "q=dach", "daily").await;
    let token = saved_search::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().manage_token;
    // A mail scanner following the link deletes nothing.
    let (status, page) = app.page(&format!("/suchauftrag/abbestellen?token={token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Suchauftrag abbestellen"));
    assert!(saved_search::Entity::find_by_id(id).one(&app.db).await.unwrap().is_some());
    // RFC 8058: a POST from the mail provider's server, cross-site, no cookie.
    let resp = reqwest::Client::new()
        .post(app.url(&format!("/suchauftrag/abbestellen?token={token}")))
        .header("origin", "https://mail.example")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(saved_search::Entity::find_by_id(id).one(&app.db).await.unwrap().is_none());
    // A made-up token ends nothing and says so.
    let resp = reqwest::Client::new().post(app.url("/suchauftrag/abbestellen?token=erfunden")).body("List-Unsubscribe=One-Click").send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 404);
    // Other writes still need the same origin.
    let resp = reqwest::Client::new().post(app.url("/suchauftraege")).header("sec-fetch-site", "cross-site").header("cookie", &cookie).form(&[("filter", "q=dach"), ("frequency", "daily")]).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 403);
}

#[tokio::test]
async fn visitors_subscribe_by_double_opt_in_with_the_same_answer_for_every_address() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    fixtures::signed_in(&app.db, "Konto Inhaber", Role::Resident).await;
    let mut answers = Vec::new();
    for email in ["neu.besuch@example.org", "konto.inhaber@example.org"] {
        let resp = post(&app, "/suchauftraege", &[("filter", "q=dach&bezirk=mitte"), ("name", "Dach in Mitte"), ("frequency", "weekly"), ("email", email), ("consent", "1")], None).await;
        assert_eq!(resp.status().as_u16(), 303);
        answers.push(location(&resp));
    }
    assert_eq!(answers[0], answers[1], "the same answer whether the address has an account");
    assert!(answers[0].contains("hinweis=bestaetigen"));
    // No consent: refused, nothing stored.
    let before = saved_search::Entity::find().count(&app.db).await.unwrap();
    let resp = post(&app, "/suchauftraege", &[("filter", "q=dach"), ("frequency", "weekly"), ("email", "x@example.org")], None).await;
    assert!(location(&resp).contains("fehler=einwilligung"), "{}", location(&resp));
    assert_eq!(saved_search::Entity::find().count(&app.db).await.unwrap(), before);
    // The mail carries the link; the page it opens asks, the post confirms.
    let mail = sink.nth_to("neu.besuch@example.org", 1).await;
    let link = common::mail::link_path(&mail, "/suchauftrag/bestaetigen");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let stored = saved_search::Entity::find().filter(saved_search::Column::Email.eq("neu.besuch@example.org")).one(&app.db).await.unwrap().unwrap();
    assert!(stored.confirmed_at.is_none());
    assert_eq!(stored.consent_text, smart_city_duisburg::alerts::domain::CONSENT_VERSION);
    let (status, _) = app.page(&link).await;
    assert_eq!(status, 200);
    assert!(saved_search::Entity::find_by_id(stored.id).one(&app.db).await.unwrap().unwrap().confirmed_at.is_none(), "a GET confirms nothing");
    let resp = post(&app, "/suchauftrag/bestaetigen", &[("token", &token)], None).await;
    assert_eq!(location(&resp), "/suchauftrag/bestaetigen?hinweis=bestaetigt");
    assert!(saved_search::Entity::find_by_id(stored.id).one(&app.db).await.unwrap().unwrap().confirmed_at.is_some());
    // Unconfirmed for more than seven days: deleted.
    app.db
        .execute_raw(stmt(&app.db, "UPDATE saved_search SET created_at = ? WHERE email = ?", vec![(chrono::Utc::now() - chrono::Duration::days(8)).into(), "konto.inhaber@example.org".into()]))
        .await
        .unwrap();
    assert_eq!(smart_city_duisburg::alerts::store::prune_unconfirmed(&app.db).await.unwrap(), 1);
    assert!(saved_search::Entity::find_by_id(stored.id).one(&app.db).await.unwrap().is_some(), "the confirmed one stays");
}

#[tokio::test]
async fn the_export_holds_searches_with_their_consent_and_deletion_removes_them() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (uid, cookie) = fixtures::signed_in(&app.db, "Greta Daten", Role::Resident).await;
    save_search(&app, &cookie, "q=dach", "weekly").await;
    post(&app, "/suchauftraege", &[("filter", "q=heizung"), ("frequency", "daily"), ("email", "greta.daten@example.org"), ("consent", "1")], None).await;
    let export = smart_city_duisburg::accounts::gdpr::export(&app.db, uid).await.unwrap().unwrap();
    let searches = export["saved_searches"].as_array().unwrap();
    assert_eq!(searches.len(), 2, "{export}");
    assert!(searches.iter().all(|s| s["consent"]["text_version"] == smart_city_duisburg::alerts::domain::CONSENT_VERSION));
    assert!(searches.iter().any(|s| s["by_email_without_account"] == true));
    smart_city_duisburg::accounts::gdpr::delete_account(&app.db, &app.state.public_url, uid).await.map_err(|e| format!("{e:?}")).unwrap();
    assert_eq!(saved_search::Entity::find().count(&app.db).await.unwrap(), 0);
    let queued = app.db.query_one_raw(stmt(&app.db, "SELECT COUNT(*) AS n FROM outbox WHERE recipient = ?", vec!["greta.daten@example.org".into()])).await.unwrap().unwrap();
    assert_eq!(queued.try_get::<i64>("", "n").unwrap(), 0, "no mail to a deleted account");
}

#[tokio::test]
async fn favourites_follow_the_account_and_alert_once_a_day() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, owner) = roofer(&app).await;
    let (id, v) = publish(&app, pid, &owner, "Dach prüfen lassen", "200").await;
    let (_, cookie) = fixtures::signed_in(&app.db, "Mia Merkt", Role::Resident).await;
    // Signed out the list stays in the browser; signed in it is merged.
    let (status, none) = form_call(&app, "sync_favourites", &[("ids", &id.to_string()), ("mirrored", "0")], None).await;
    assert_eq!((status, none), (200, Value::Null));
    let (status, kept) = form_call(&app, "sync_favourites", &[("ids", &format!("{id},999999,x")), ("mirrored", "0")], Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!(kept[1], json!([id]), "unknown ids are dropped");
    // A browser mirroring another account merges nothing into this one.
    let (mia, _) = (kept[0].as_i64().unwrap(), ());
    let (_, other) = fixtures::signed_in(&app.db, "Otto Anders", Role::Resident).await;
    let (status, theirs) = form_call(&app, "sync_favourites", &[("ids", &id.to_string()), ("mirrored", &mia.to_string())], Some(&other)).await;
    assert_eq!((status, theirs[1].clone()), (200, json!([])));
    // Wait until the matcher has seen the offer, then drop its price.
    let started = Instant::now();
    while app.db.query_one_raw(stmt(&app.db, "SELECT 1 AS x FROM offer_alert_state WHERE offer_id = ? AND status = 'published'", vec![id.into()])).await.unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(15));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let v = set_price(&app, pid, &owner, id, v, "Dach prüfen lassen", "150").await;
    let mail = sink.nth_to("mia.merkt@example.org", 1).await;
    assert!(mail.contains("Dach prüfen lassen") && mail.contains("150"), "{mail}");
    // Archived within the day: no second alert.
    let (p, o, vv) = (pid.to_string(), id.to_string(), v.to_string());
    assert_eq!(form_call(&app, "run_offer_command", &[("provider_id", &p), ("offer_id", &o), ("version", &vv), ("command", "Archive")], Some(&owner)).await.0, 200);
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(sink.to("mia.merkt@example.org").len(), 1);
    let notices = notification::Entity::find().filter(notification::Column::Kind.eq("favourite_changed")).count(&app.db).await.unwrap();
    assert_eq!(notices, 1);
}

#[tokio::test]
async fn a_burst_records_the_newest_matches_and_counts_the_rest() {
    // Without the background workers: one look of the matcher, by hand.
    let app = common::spawn_app_quiet(Seed::Empty).await;
    let (_, cookie) = fixtures::signed_in(&app.db, "Bea Burst", Role::Resident).await;
    let search = save_search(&app, &cookie, "kategorie=dach", "instant").await;
    let pid = fixtures::provider(&app.db, "Beispiel Großdach", "private", chrono::Utc::now()).await;
    let dach = app.state.reference.categories.by_slug("dach").unwrap().id;
    let cap = smart_city_duisburg::alerts::matcher::CAP;
    let mut ids = Vec::new();
    for i in 0..cap + 10 {
        ids.push(fixtures::offer(&app.db, pid, dach, &format!("Dachreparatur Nummer {i}"), Some(10_000), chrono::Utc::now()).await.id);
    }
    let matcher = smart_city_duisburg::alerts::matcher::Matcher {
        db: app.db.clone(),
        catalog: app.state.catalog.clone(),
        reference: app.state.reference.clone(),
        public_url: app.state.public_url.clone(),
    };
    let round = matcher.run().await.unwrap();
    assert_eq!(round.hits, cap);
    let recorded: Vec<i32> = hits(&app, search).await.into_iter().map(|(o, _)| o).collect();
    let mut newest = ids.clone();
    newest.sort_unstable_by(|a, b| b.cmp(a));
    newest.truncate(cap);
    let mut got = recorded.clone();
    got.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(got, newest, "the newest {cap} are recorded");
    assert_eq!(saved_search::Entity::find_by_id(search).one(&app.db).await.unwrap().unwrap().more_hits, 10);
    // Looking again finds nothing new.
    assert_eq!(matcher.run().await.unwrap().hits, 0);
    // The mail names all of them: 20 listed, the rest as a number.
    assert_eq!(smart_city_duisburg::alerts::digest::send_due(&app.db, &app.state.reference, &app.state.public_url).await.unwrap(), 1);
    let row = app.db.query_one_raw(stmt(&app.db, "SELECT subject, body FROM outbox WHERE recipient = ?", vec!["bea.burst@example.org".into()])).await.unwrap().unwrap();
    let (subject, body): (String, String) = (row.try_get("", "subject").unwrap(), row.try_get("", "body").unwrap());
    assert!(subject.starts_with(&format!("{} neue Treffer", cap + 10)), "{subject}");
    assert!(body.contains(&format!("… und {} weitere.", cap + 10 - 20)), "{body}");
    assert_eq!(body.matches("/angebote/").count(), 20, "20 offers listed: {body}");
    assert_eq!(saved_search::Entity::find_by_id(search).one(&app.db).await.unwrap().unwrap().more_hits, 0);
}
