//! Contact requests over HTTP, on SQLite and PostgreSQL: a request from an
//! offer page reaches the provider's inbox (and its members by mail), bad
//! input comes back with everything typed and stores nothing, the inbox is
//! for the provider's people only, senders are rate-limited, and whatever
//! was typed is stored exactly and shown escaped.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::mail::MailSink;
use common::{fixtures, html_escape, location, spawn_app, spawn_app_with_smtp, Seed, TestApp};
use sea_orm::{EntityTrait, PaginatorTrait};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::contact_message;

const TEXT: &str = "Guten Tag, ist die Wohnung noch frei? Ich würde sie gern besichtigen.";

/// A provider with one published offer: (provider id, offer id, offer page).
async fn offer(app: &TestApp, name: &str) -> (i32, i32, String) {
    let pid = fixtures::provider(&app.db, name, "private", Utc::now()).await;
    let o = fixtures::offer(&app.db, pid, 1, "Helle 3-Zimmer-Wohnung", Some(95_000), Utc::now()).await;
    (pid, o.id, format!("/angebote/{}-{}", o.id, o.slug))
}

async fn send(app: &TestApp, offer_id: i32, form: &[(&str, &str)], cookie: Option<&str>) -> String {
    let resp = app.post_form(&format!("/angebote/{offer_id}/kontakt"), form, cookie).await;
    assert_eq!(resp.status().as_u16(), 303);
    location(&resp)
}

fn form<'a>(name: &'a str, email: &'a str, message: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("name", name), ("email", email), ("phone", "0203 123456"), ("message", message), ("consent", "1")]
}

async fn stored(app: &TestApp) -> Vec<contact_message::Model> {
    contact_message::Entity::find().all(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_request_reaches_the_inbox_and_is_marked_read() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, oid, page) = offer(&app, "Wohnbau Ruhrort").await;
    let (_, html) = app.page(&page).await;
    assert!(html.contains("id=\"kontakt\"") && html.contains(&format!("action=\"/angebote/{oid}/kontakt\"")));
    assert!(html.contains("href=\"/datenschutz\""));
    let (_, privacy) = app.page("/datenschutz").await;
    assert!(privacy.contains("Anfragen an Anbieter"), "the privacy notice names contact requests");

    let to = send(&app, oid, &form("Ayşe Öztürk", "ayse@example.org", TEXT), None).await;
    assert_eq!(to, format!("{page}?hinweis=kontakt_gesendet#kontakt"));
    let (_, done) = app.page(&to).await;
    assert!(done.contains("role=\"status\""));
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 1);
    let m = &rows[0];
    assert_eq!((m.provider_id, m.offer_id, m.sender_user_id, m.read_at), (pid, Some(oid), None, None));
    assert_eq!((m.sender_name.as_str(), m.sender_email.as_str(), m.sender_phone.as_deref(), m.body.as_str()), ("Ayşe Öztürk", "ayse@example.org", Some("0203 123456"), TEXT));

    let (uid, cookie) = fixtures::signed_in(&app.db, "Inhaberin", Role::Resident).await;
    fixtures::member(&app.db, pid, uid, "member").await;
    let inbox = format!("/dashboard/{pid}/anfragen");
    let (status, html) = app.page_with_cookie(&inbox, &cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("Ayşe Öztürk") && html.contains(&html_escape("Ich würde sie gern besichtigen.")));
    assert!(html.contains(&format!("href=\"{page}\"")), "the offer is linked");
    assert!(html.contains("data-read=\"false\""));
    // The dashboard links the inbox.
    let (_, dash) = app.page_with_cookie(&format!("/dashboard/{pid}"), &cookie).await;
    assert!(dash.contains(&format!("href=\"{inbox}\"")) && dash.contains("Anfragen (1 ungelesen)"));

    let resp = app.post_form(&format!("{inbox}/{}/gelesen", m.id), &[], Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert!(stored(&app).await[0].read_at.is_some());
    let (_, html) = app.page_with_cookie(&inbox, &cookie).await;
    assert!(html.contains("data-read=\"true\"") && !html.contains("data-read=\"false\""));
    let (_, dash) = app.page_with_cookie(&format!("/dashboard/{pid}"), &cookie).await;
    assert!(dash.contains(&format!("href=\"{inbox}\">Anfragen</a>")), "no unread count once read");
}

#[tokio::test]
async fn newest_first_and_signed_in_senders_are_prefilled_and_recorded() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, oid, page) = offer(&app, "Wohnen Hamborn").await;
    let (uid, cookie) = fixtures::signed_in(&app.db, "Paula", Role::Resident).await;
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    assert!(html.contains("value=\"Paula\"") && html.contains("value=\"paula@example.org\""));
    send(&app, oid, &form("Paula", "paula@example.org", "Erste Anfrage: gibt es einen Keller?"), Some(&cookie)).await;
    send(&app, oid, &form("Paula", "paula@example.org", "Zweite Anfrage: gibt es einen Balkon?"), Some(&cookie)).await;
    assert!(stored(&app).await.iter().all(|m| m.sender_user_id == Some(uid)));

    let (_, admin_cookie) = fixtures::signed_in(&app.db, "Admin", Role::Admin).await;
    let (_, html) = app.page_with_cookie(&format!("/dashboard/{pid}/anfragen"), &admin_cookie).await;
    let (first, second) = (html.find("Zweite Anfrage").unwrap(), html.find("Erste Anfrage").unwrap());
    assert!(first < second, "newest first");

    // The sender's data export holds the requests; deleting the account removes them.
    let (_, json) = app.page_with_cookie("/konto/daten.json", &cookie).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["contact_requests"].as_array().unwrap().len(), 2);
    smart_city_duisburg::accounts::gdpr::delete_account(&app.db, &app.state.public_url, uid).await.unwrap();
    assert_eq!(contact_message::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn bad_input_keeps_what_was_typed_and_stores_nothing() {
    let app = spawn_app(Seed::Empty).await;
    let (_, oid, page) = offer(&app, "Makler Meiderich").await;
    let cases: [(&[(&str, &str)], &str, &str); 5] = [
        (&[("name", "Jörg"), ("email", "kein-at"), ("phone", ""), ("message", TEXT), ("consent", "1")], "email", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        (&[("name", "Jörg"), ("email", "j@example.org"), ("phone", ""), ("message", "Zu kurz."), ("consent", "1")], "message_short", "mindestens 20 Zeichen"),
        (&[("name", "Jörg"), ("email", "j@example.org"), ("phone", "ruf an"), ("message", TEXT), ("consent", "1")], "phone", "höchstens 40 Zeichen"),
        (&[("name", "Jörg"), ("email", "j@example.org"), ("phone", ""), ("message", TEXT)], "consent", "weitergegeben werden dürfen"),
        (&[("name", "Jörg\0"), ("email", "j@example.org"), ("phone", ""), ("message", TEXT), ("consent", "1")], "nul", "(NUL)"),
    ];
    // Offer pages come from the page cache once the catalogue is loaded: the
    // address a refusal leads to is opened by someone else first, and again
    // after it, and neither visit may share what was typed.
    app.state.catalog.fresh().await.unwrap();
    for (form, code, message) in cases {
        let address = format!("{page}?fehler={code}");
        assert_eq!(app.page(&address).await.0, 200);
        let resp = app.post_form(&format!("/angebote/{oid}/kontakt"), form, None).await;
        let (to, html) = common::follow_refusal(&app, &resp, None).await;
        assert_eq!(to, format!("{address}#kontakt"), "nothing typed in the URL");
        assert!(html.contains(&html_escape(message)), "{code}: message missing");
        assert!(html.contains("value=\"Jörg\""), "{code}: name lost");
        let msg = form.iter().find(|(k, _)| *k == "message").unwrap().1;
        assert!(html.contains(&html_escape(msg)), "{code}: message lost");
        let (_, other) = app.page(&address).await;
        assert!(!other.contains("value=\"Jörg\"") && !other.contains(&html_escape(msg)), "{code}: another visitor saw what was typed");
    }
    let long = "x".repeat(4001);
    let resp = app.post_form(&format!("/angebote/{oid}/kontakt"), &form("Jörg", "j@example.org", &long), None).await;
    let (to, html) = common::follow_refusal(&app, &resp, None).await;
    assert!(to.contains("fehler=message_long"));
    assert!(html.contains("höchstens 4000 Zeichen") && html.contains(&long));
    assert!(stored(&app).await.is_empty());
}

#[tokio::test]
async fn the_inbox_is_for_the_providers_people_only() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, oid, _) = offer(&app, "Wohnungen Walsum").await;
    let (other, _, _) = offer(&app, "Andere GmbH").await;
    send(&app, oid, &form("Nina", "nina@example.org", TEXT), None).await;
    let id = stored(&app).await[0].id;
    let inbox = format!("/dashboard/{pid}/anfragen");

    let resp = app.get(&inbox).await;
    assert_eq!(resp.status().as_u16(), 302);
    assert!(location(&resp).starts_with("/anmelden?zurueck="));
    let resp = app.post_form(&format!("{inbox}/{id}/gelesen"), &[], None).await;
    assert!(location(&resp).starts_with("/anmelden?zurueck="));

    let (_, resident) = fixtures::signed_in(&app.db, "Bewohner", Role::Resident).await;
    let (stranger_id, stranger) = fixtures::signed_in(&app.db, "Fremd", Role::Resident).await;
    fixtures::member(&app.db, other, stranger_id, "owner").await;
    let (member_id, member) = fixtures::signed_in(&app.db, "Mitglied", Role::Resident).await;
    fixtures::member(&app.db, pid, member_id, "member").await;
    let (owner_id, owner) = fixtures::signed_in(&app.db, "Eigner", Role::Resident).await;
    fixtures::member(&app.db, pid, owner_id, "owner").await;
    let (_, admin) = fixtures::signed_in(&app.db, "Verwalterin", Role::Admin).await;

    for (who, cookie, want) in [("resident", &resident, 403), ("other provider", &stranger, 403), ("member", &member, 200), ("owner", &owner, 200), ("admin", &admin, 200)] {
        let (status, html) = app.page_with_cookie(&inbox, cookie).await;
        assert_eq!(status, want, "{who}");
        assert_eq!(html.contains("nina@example.org"), want == 200, "{who}");
    }
    for cookie in [&resident, &stranger] {
        let resp = app.post_form(&format!("{inbox}/{id}/gelesen"), &[], Some(cookie)).await;
        assert_eq!(resp.status().as_u16(), 403);
    }
    // A member of another provider cannot mark this provider's request through their own inbox.
    let resp = app.post_form(&format!("/dashboard/{other}/anfragen/{id}/gelesen"), &[], Some(&stranger)).await;
    assert_eq!(resp.status().as_u16(), 404);
    assert!(stored(&app).await[0].read_at.is_none());
}

#[tokio::test]
async fn the_providers_members_are_told_by_mail() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, oid, _) = offer(&app, "Wohnbau Mail").await;
    let (a, _) = fixtures::signed_in(&app.db, "Erste", Role::Resident).await;
    let (b, _) = fixtures::signed_in(&app.db, "Zweiter", Role::Resident).await;
    fixtures::member(&app.db, pid, a, "owner").await;
    fixtures::member(&app.db, pid, b, "member").await;
    // Someone signed up but not acting for the provider gets nothing.
    fixtures::signed_in(&app.db, "Draussen", Role::Resident).await;
    send(&app, oid, &form("Nora Sender", "nora@example.org", TEXT), None).await;
    for to in ["erste@example.org", "zweiter@example.org"] {
        let mail = sink.nth_to(to, 1).await;
        assert!(mail.contains("Helle 3-Zimmer-Wohnung"), "{mail}");
        assert!(mail.contains(&format!("/dashboard/{pid}/anfragen")), "{mail}");
        assert!(mail.contains("Nora Sender"), "{mail}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(sink.to("draussen@example.org").is_empty());
    assert!(sink.to("nora@example.org").is_empty());
}

#[tokio::test]
async fn senders_are_rate_limited_per_address_and_per_ip() {
    let app = spawn_app(Seed::Empty).await;
    let (_, oid, _) = offer(&app, "Viel Gefragt").await;
    for i in 0..5 {
        let to = send(&app, oid, &form("Viel", "viel@example.org", TEXT), None).await;
        assert!(to.contains("hinweis=kontakt_gesendet"), "request {i}: {to}");
    }
    let to = send(&app, oid, &form("Viel", "viel@example.org", TEXT), None).await;
    assert!(to.contains("fehler=rate"), "{to}");
    let (_, html) = app.page(&to).await;
    assert!(html.contains("Zu viele Nachrichten"));
    assert_eq!(stored(&app).await.len(), 5);
    // Other addresses from the same IP: the per-IP budget (10 an hour) ends too.
    let mut sent = 0;
    for i in 0..6 {
        let email = format!("n{i}@example.org");
        if send(&app, oid, &form("N", &email, TEXT), None).await.contains("hinweis=kontakt_gesendet") {
            sent += 1;
        }
    }
    assert_eq!(sent, 4, "11 hits on this IP so far, 10 allowed: the 12th..16th are refused");
}

#[tokio::test]
async fn any_unicode_is_stored_exactly_and_shown_escaped() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, oid, _) = offer(&app, "Escape GmbH").await;
    let name = "<script>alert('n')</script> Zoë 👩‍👩‍👧";
    let body = "<script>alert(1)</script> & \"quotes\" \u{202e}rtl\u{202c} 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — 日本語 ok";
    send(&app, oid, &form(name, "x@example.org", body), None).await;
    let m = &stored(&app).await[0];
    assert_eq!((m.sender_name.as_str(), m.body.as_str()), (name, body));
    let (uid, cookie) = fixtures::signed_in(&app.db, "Leserin", Role::Resident).await;
    fixtures::member(&app.db, pid, uid, "member").await;
    let (_, html) = app.page_with_cookie(&format!("/dashboard/{pid}/anfragen"), &cookie).await;
    assert!(!html.contains("<script>alert"), "never raw");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — 日本語") && html.contains("Zoë 👩‍👩‍👧"));
}
