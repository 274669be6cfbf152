//! "Verwaltung online" over HTTP, on SQLite and PostgreSQL: the seeded
//! directory, residents' ratings and tips, and admins maintaining a service.
#![cfg(feature = "ssr")]
mod common;

use common::{fixtures, html_escape, location, spawn_app, Seed};
use sea_orm::{EntityTrait, PaginatorTrait};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{audit_log, city_service, city_service_rating};

const SLUG: &str = "personalausweis-beantragen";

#[tokio::test]
async fn the_directory_lists_every_seeded_service_by_themenfeld_and_links_to_official_portals() {
    let app = spawn_app(Seed::Empty).await;
    assert_eq!(city_service::Entity::find().count(&app.db).await.unwrap(), 45);
    let (status, html) = app.page("/verwaltung").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("class=\"service-item\"").count(), 45);
    assert!(html.contains("<h2>Familie &amp; Kind</h2>"), "grouped by Themenfeld");
    assert!(html.contains("45 Leistungen"), "summary counts");
    // No commercial content on the directory.
    assert!(!html.contains("class=\"offer-card"));

    let (status, html) = app.page(&format!("/verwaltung/{SLUG}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Personalausweis beantragen</h1>"));
    assert!(html.contains("nur vor Ort"));
    assert!(html.contains("Biometrisches Passfoto"), "what to bring");
    assert!(html.contains("href=\"https://www.duisburg.de\""), "the official portal");
    assert!(html.contains("Melden Sie sich an, um diese Leistung zu bewerten"));

    let (status, _) = app.page("/verwaltung/gibt-es-nicht").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn residents_rate_once_edit_their_rating_and_the_verdict_follows_the_majority() {
    let app = spawn_app(Seed::Empty).await;
    let path = format!("/verwaltung/{SLUG}/bewerten");
    // Anonymous visitors are sent to sign in; nothing is stored.
    let resp = app.post_form(&path, &[("stars", "4"), ("outcome", "online")], None).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert!(location(&resp).starts_with("/anmelden?zurueck="));
    assert_eq!(city_service_rating::Entity::find().count(&app.db).await.unwrap(), 0);

    let (_, anna) = fixtures::signed_in(&app.db, "Anna", Role::Resident).await;
    let tip = "Termin <b>vorher</b> online buchen & Foto mitbringen";
    let resp = app.post_form(&path, &[("stars", "2"), ("outcome", "not_online"), ("tip", tip)], Some(&anna)).await;
    assert_eq!(location(&resp), format!("/verwaltung/{SLUG}?hinweis=gespeichert#bewerten"));
    // A second post replaces the first: one rating per person.
    app.post_form(&path, &[("stars", "5"), ("outcome", "online"), ("tip", tip)], Some(&anna)).await;
    let rows = city_service_rating::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].stars, rows[0].outcome.as_str(), rows[0].tip.as_deref()), (5, "online", Some(tip)));

    let (_, html) = app.page(&format!("/verwaltung/{SLUG}")).await;
    assert!(html.contains(&html_escape(tip)), "the tip is shown escaped");
    assert!(html.contains("Anna"), "with its author's name");
    assert!(!html.contains("<b>vorher</b>"));
    assert!(html.contains("Noch zu wenige Erfahrungen"));

    for (name, outcome) in [("Bert", "online"), ("Cem", "not_online")] {
        let (_, c) = fixtures::signed_in(&app.db, name, Role::Resident).await;
        app.post_form(&path, &[("stars", "3"), ("outcome", outcome)], Some(&c)).await;
    }
    let (_, html) = app.page(&format!("/verwaltung/{SLUG}")).await;
    assert!(html.contains("online geklappt: 2 von 3"));
    assert!(html.contains("Klappt laut Bürgern online"), "two in three worked");
    let (_, list) = app.page("/verwaltung").await;
    assert!(list.contains("3 Bewertungen"));

    let (_, export) = app.page_with_cookie("/konto/daten.json", &anna).await;
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(export["city_service_ratings"][0]["service"], SLUG);
    assert_eq!(export["city_service_ratings"][0]["tip"], tip);

    // Withdrawing removes only one's own rating.
    app.post_form(&format!("/verwaltung/{SLUG}/bewertung-loeschen"), &[], Some(&anna)).await;
    assert_eq!(city_service_rating::Entity::find().count(&app.db).await.unwrap(), 2);
}

#[tokio::test]
async fn bad_ratings_get_a_message_and_keep_what_was_typed() {
    let app = spawn_app(Seed::Empty).await;
    let (_, anna) = fixtures::signed_in(&app.db, "Anna", Role::Resident).await;
    let path = format!("/verwaltung/{SLUG}/bewerten");
    let long = "ü".repeat(501);
    for (form, code) in [
        (vec![("stars", "0"), ("outcome", "online")], "stars"),
        (vec![("stars", "3"), ("outcome", "vielleicht")], "outcome"),
        (vec![("stars", "3"), ("outcome", "online"), ("tip", long.as_str())], "tip_long"),
    ] {
        let resp = app.post_form(&path, &form, Some(&anna)).await;
        let (to, html) = common::follow_refusal(&app, &resp, Some(&anna)).await;
        assert!(to.starts_with(&format!("/verwaltung/{SLUG}?fehler={code}#")), "{to}");
        assert!(html.contains("class=\"field-error\""), "{code}: message next to the field");
    }
    let resp = app.post_form(&path, &[("stars", "3"), ("outcome", "online"), ("tip", "Ein Tipp, der bleibt")], Some(&anna)).await;
    assert!(location(&resp).contains("gespeichert"));
    let resp = app.post_form(&path, &[("stars", "9"), ("outcome", "online"), ("tip", "Mein neuer Tipp")], Some(&anna)).await;
    let (_, html) = common::follow_refusal(&app, &resp, Some(&anna)).await;
    assert!(html.contains("Mein neuer Tipp</textarea>"), "the typed tip survives the error");
    assert!(html.contains("Der Tipp darf höchstens 500 Zeichen") || html.contains("1 bis 5 Sterne"));
    assert_eq!(city_service_rating::Entity::find().count(&app.db).await.unwrap(), 1, "nothing stored on error");
}

#[tokio::test]
async fn only_admins_maintain_a_service_and_every_edit_is_audited() {
    let app = spawn_app(Seed::Empty).await;
    let (_, resident) = fixtures::signed_in(&app.db, "Anna", Role::Resident).await;
    let (_, moderator) = fixtures::signed_in(&app.db, "Mo", Role::Moderator).await;
    let (_, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let path = format!("/verwaltung/{SLUG}/bearbeiten");
    let form = [
        ("url", "https://www.duisburg.de/personalausweis"),
        ("availability", "partial"),
        ("description", "Neue Beschreibung"),
        ("description_en", "New description"),
        ("bring", "Foto\nAlter Ausweis"),
        ("bring_en", "Photo\nOld ID"),
    ];
    let before = city_service::Entity::find().all(&app.db).await.unwrap();

    let resp = app.post_form(&path, &form, None).await;
    assert!(location(&resp).starts_with("/anmelden"));
    for cookie in [&resident, &moderator] {
        assert_eq!(app.post_form(&path, &form, Some(cookie)).await.status().as_u16(), 403);
        let (status, _) = app.page_with_cookie(&path, cookie).await;
        assert_eq!(status, 403);
    }
    assert_eq!(city_service::Entity::find().all(&app.db).await.unwrap(), before, "nothing changed");

    let mut bad = form;
    bad[0] = ("url", "javascript:alert(1)");
    let resp = app.post_form(&path, &bad, Some(&admin)).await;
    assert!(location(&resp).starts_with(&format!("{path}?fehler=url")));
    assert_eq!(city_service::Entity::find().all(&app.db).await.unwrap(), before);

    let resp = app.post_form(&path, &form, Some(&admin)).await;
    assert_eq!(location(&resp), format!("/verwaltung/{SLUG}?hinweis=aktualisiert"));
    let (_, html) = app.page(&format!("/verwaltung/{SLUG}")).await;
    assert!(html.contains("href=\"https://www.duisburg.de/personalausweis\""));
    assert!(html.contains("teilweise online"));
    assert!(html.contains("<li>Alter Ausweis</li>"));
    let entries = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "city_service.edit");
    assert!(entries[0].before.as_deref().unwrap_or("").contains("in_person"));
    assert!(entries[0].after.as_deref().unwrap_or("").contains("partial"));
}

#[tokio::test]
async fn the_english_directory_shows_english_names() {
    let app = spawn_app(Seed::Empty).await;
    let resp = app.client.get(app.url("/verwaltung")).header("cookie", "sprache=en").send().await.unwrap();
    let html = resp.text().await.unwrap();
    assert!(html.contains("Apply for an identity card"));
    assert!(html.contains("Family &amp; children"));
}
