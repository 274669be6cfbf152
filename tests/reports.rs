//! Reports (DSA notice and action) over HTTP, on SQLite and PostgreSQL:
//! anyone reports with the required fields, content stays visible until a
//! moderator decides, decisions need reasons that reach the author and the
//! reporters (in-app and by e-mail), only moderators decide, every decision
//! is in the audit log, and reports are rate-limited.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::mail::MailSink;
use common::{fixtures, location, spawn_app, spawn_app_with_smtp, Seed, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{audit_log, notification, offer, provider_member, report, review, review_reply};

const BODY: &str = "Der Monteur war unfreundlich und hat geflucht.";

async fn person(app: &TestApp, name: &str, role: Role) -> (i32, String) {
    fixtures::signed_in(&app.db, name, role).await
}

/// A provider with one review by a new resident: (provider id, review id, author id, author cookie).
async fn reviewed(app: &TestApp, name: &str) -> (i32, i32, i32, String) {
    let pid = fixtures::provider(&app.db, name, "private", Utc::now()).await;
    let (uid, cookie) = person(app, &format!("Autor {name}"), Role::Resident).await;
    let month = (Utc::now() - Duration::days(40)).format("%Y-%m").to_string();
    let p = pid.to_string();
    app.post_form("/bewertungen", &[("provider_id", &p), ("stars", "1"), ("title", "Unfreundlich"), ("body", BODY), ("month", &month)], Some(&cookie)).await;
    let rid = review::Entity::find().filter(review::Column::ProviderId.eq(pid)).one(&app.db).await.unwrap().unwrap().id;
    (pid, rid, uid, cookie)
}

async fn report_form(app: &TestApp, art: &str, id: i32, explanation: &str, email: &str, cookie: Option<&str>) -> String {
    let id = id.to_string();
    let form = [("art", art), ("id", id.as_str()), ("reason", "insult"), ("explanation", explanation), ("name", ""), ("email", email), ("good_faith", "1")];
    location(&app.post_form("/melden", &form, cookie).await)
}

async fn decide(app: &TestApp, report_id: i32, decision: &str, statement: &str, cookie: &str) -> String {
    location(&app.post_form(&format!("/moderation/meldungen/{report_id}"), &[("decision", decision), ("statement", statement)], Some(cookie)).await)
}

#[tokio::test]
async fn anyone_reports_with_the_required_fields_and_nothing_typed_is_lost() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, rid, _, _) = reviewed(&app, "Heizung Hansen").await;
    let (status, form) = app.page(&format!("/melden?art=review&id={rid}")).await;
    assert_eq!(status, 200);
    assert!(form.contains("Unfreundlich") && form.contains("name=\"good_faith\""));

    let id = rid.to_string();
    let missing = [("art", "review"), ("id", id.as_str()), ("reason", "insult"), ("explanation", "Beleidigt den Monteur namentlich."), ("name", "Nora"), ("email", "nora@example.org")];
    let resp = app.post_form("/melden", &missing, None).await;
    let (to, page) = common::follow_refusal(&app, &resp, None).await;
    assert_eq!(to, format!("/melden?art=review&id={rid}&fehler=good_faith"), "nothing typed in the URL");
    assert!(page.contains("Bitte bestätigen Sie, dass Ihre Angaben richtig und vollständig sind."));
    assert!(page.contains("Beleidigt den Monteur namentlich.") && page.contains("value=\"Nora\""));
    assert!(report_form(&app, "review", rid, "kurz", "", None).await.contains("fehler=explanation_short"));
    assert!(report_form(&app, "user", rid, "Das ist ein Benutzer.", "", None).await.contains("fehler=target"));
    assert!(report_form(&app, "review", 999_999, "Gibt es nicht mehr.", "", None).await.contains("fehler=target"));
    assert_eq!(report::Entity::find().count(&app.db).await.unwrap(), 0);

    let ok = report_form(&app, "review", rid, "Beleidigt den Monteur namentlich.", "", None).await;
    assert_eq!(ok, format!("/melden?art=review&id={rid}&hinweis=gesendet"));
    let r = report::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((r.status.as_str(), r.reporter_id, r.automatic), ("open", None, false));
    // Reported content stays visible during review.
    let (_, provider_page) = app.page(&format!("/anbieter/{pid}-heizung-hansen")).await;
    assert!(provider_page.contains("Unfreundlich"));
}

#[tokio::test]
async fn a_moderator_hides_with_reasons_that_reach_the_author_and_the_reporters() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, rid, author, author_cookie) = reviewed(&app, "Sanitaer Schulz").await;
    let (reporter, reporter_cookie) = person(&app, "Rita", Role::Resident).await;
    let (moderator, mod_cookie) = person(&app, "Mona", Role::Moderator).await;
    report_form(&app, "review", rid, "Das ist eine Beleidigung.", "", Some(&reporter_cookie)).await;
    report_form(&app, "review", rid, "Ich finde das beleidigend.", "anonym@example.org", None).await;
    let first = report::Entity::find().all(&app.db).await.unwrap().into_iter().map(|r| r.id).min().unwrap();

    let (status, queue) = app.page_with_cookie("/moderation/meldungen", &mod_cookie).await;
    assert_eq!(status, 200);
    assert!(queue.contains("Das ist eine Beleidigung.") && queue.contains(BODY), "the content in context");
    assert!(queue.find("Das ist eine Beleidigung.") < queue.find("Ich finde das beleidigend."), "oldest first");

    assert!(decide(&app, first, "hidden", "zu kurz", &mod_cookie).await.contains("fehler=statement"), "reasons are mandatory");
    assert_eq!(review::Entity::find_by_id(rid).one(&app.db).await.unwrap().unwrap().status, "published");

    let reasons = "Beleidigung eines Mitarbeiters (Nutzungsregeln Nr. 2).";
    assert_eq!(decide(&app, first, "hidden", reasons, &mod_cookie).await, "/moderation/meldungen?hinweis=entschieden");
    let hidden = review::Entity::find_by_id(rid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((hidden.status.as_str(), hidden.moderation_reason.as_deref()), ("hidden", Some(reasons)));
    assert!(report::Entity::find().all(&app.db).await.unwrap().iter().all(|r| r.status == "hidden" && r.decided_by == Some(moderator)));
    let (_, page) = app.page(&format!("/anbieter/{pid}-sanitaer-schulz")).await;
    assert!(!page.contains("Unfreundlich"), "hidden reviews are not shown");

    // The author learns why, in a notification and on their own review.
    let told = notification::Entity::find().filter(notification::Column::UserId.eq(author)).one(&app.db).await.unwrap().unwrap();
    assert_eq!((told.kind.as_str(), told.detail.as_deref()), ("content_hidden", Some(reasons)));
    let (_, own) = app.page_with_cookie(&format!("/anbieter/{pid}/bewerten"), &author_cookie).await;
    assert!(own.contains(reasons) && own.contains("ausgeblendet"));
    // The reporters learn the outcome.
    let told = notification::Entity::find().filter(notification::Column::UserId.eq(reporter)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(told.kind, "report_decided");
    let mail = sink.nth_to("anonym@example.org", 1).await;
    assert!(mail.contains(reasons) && mail.contains("Ausblenden"), "{mail}");
    let logged = audit_log::Entity::find().filter(audit_log::Column::Action.eq("report.hidden")).one(&app.db).await.unwrap().unwrap();
    assert_eq!((logged.actor_id, logged.entity.as_str(), logged.entity_id), (Some(moderator), "review", rid));

    // Restored after a second look.
    assert_eq!(decide(&app, first, "restored", "Nach Widerspruch doch zulässig.", &mod_cookie).await, "/moderation/meldungen?hinweis=entschieden");
    assert_eq!(review::Entity::find_by_id(rid).one(&app.db).await.unwrap().unwrap().status, "published");
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("report.restored")).count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn only_moderators_see_the_queue_and_decide() {
    let app = spawn_app(Seed::Empty).await;
    let (_, rid, _, author_cookie) = reviewed(&app, "Gartenbau").await;
    report_form(&app, "review", rid, "Das ist eine Beleidigung.", "", None).await;
    let id = report::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    assert_eq!(decide(&app, id, "hidden", "Ich will das weg haben.", &author_cookie).await, "/");
    let anonymous = app.post_form(&format!("/moderation/meldungen/{id}"), &[("decision", "hidden"), ("statement", "Ich will das weg haben.")], None).await;
    assert!(location(&anonymous).starts_with("/anmelden"));
    assert_eq!(report::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().status, "open");
    let (status, _) = app.page_with_cookie("/moderation/meldungen", &author_cookie).await;
    assert_eq!(status, 403);
    let (status, _) = app.page("/moderation/meldungen").await;
    assert_eq!(status, 302);
}

#[tokio::test]
async fn replies_and_offers_can_be_hidden_provider_profiles_only_dismissed() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, rid, _, _) = reviewed(&app, "Dachdecker Dietz").await;
    let (owner, owner_cookie) = person(&app, "Olga", Role::Resident).await;
    provider_member::ActiveModel { provider_id: Set(pid), user_id: Set(owner), role: Set("owner".into()), created_at: Set(Utc::now()) }.insert(&app.db).await.unwrap();
    app.post_form(&format!("/bewertungen/{rid}/antwort"), &[("reply", "Sie lügen, Herr Autor!")], Some(&owner_cookie)).await;
    let reply = review_reply::Entity::find().one(&app.db).await.unwrap().unwrap();
    let (_, mod_cookie) = person(&app, "Mona", Role::Moderator).await;

    report_form(&app, "reply", reply.id, "Unterstellt eine Lüge.", "", None).await;
    let o = fixtures::offer(&app.db, pid, 1, "Dachrinnen reinigen", Some(9900), Utc::now()).await;
    report_form(&app, "offer", o.id, "Irreführende Preisangabe.", "", None).await;
    report_form(&app, "provider", pid, "Gibt es gar nicht.", "", None).await;
    let of = |kind: &str| {
        let kind = kind.to_owned();
        let db = app.db.clone();
        async move { report::Entity::find().filter(report::Column::TargetKind.eq(kind)).one(&db).await.unwrap().unwrap().id }
    };
    decide(&app, of("reply").await, "hidden", "Unbelegter Vorwurf der Lüge.", &mod_cookie).await;
    assert_eq!(review_reply::Entity::find_by_id(reply.id).one(&app.db).await.unwrap().unwrap().status, "hidden");
    let (_, page) = app.page(&format!("/anbieter/{pid}-dachdecker-dietz")).await;
    assert!(!page.contains("Herr Autor"), "hidden replies are not shown");
    let owner_told = notification::Entity::find().filter(notification::Column::UserId.eq(owner)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(owner_told.kind, "content_hidden");

    decide(&app, of("offer").await, "hidden", "Preisangabe irreführend (PAngV).", &mod_cookie).await;
    assert_eq!(offer::Entity::find_by_id(o.id).one(&app.db).await.unwrap().unwrap().status, "hidden");
    // The provider cannot publish it again behind the moderators' back.
    let (oid, version) = (o.id.to_string(), "1".to_owned());
    let resp = app.post_form("/api/run_offer_command", &[("provider_id", &pid.to_string()), ("offer_id", &oid), ("version", &version), ("command", "Publish")], Some(&owner_cookie)).await;
    assert_eq!(resp.status().as_u16(), 400, "refused with the reason, whatever version the page had");
    assert!(resp.text().await.unwrap().contains("Moderation"));
    assert_eq!(offer::Entity::find_by_id(o.id).one(&app.db).await.unwrap().unwrap().status, "hidden");

    let provider_report = of("provider").await;
    assert!(decide(&app, provider_report, "hidden", "Profil ausblenden bitte.", &mod_cookie).await.contains("fehler=target"));
    decide(&app, provider_report, "dismissed", "Der Betrieb ist im Handelsregister eingetragen.", &mod_cookie).await;
    assert_eq!(report::Entity::find_by_id(provider_report).one(&app.db).await.unwrap().unwrap().status, "dismissed");
}

#[tokio::test]
async fn reports_are_rate_limited_per_address() {
    let app = spawn_app(Seed::Empty).await;
    let (_, rid, _, _) = reviewed(&app, "Vielgemeldet").await;
    let mut last = String::new();
    for i in 0..11 {
        last = report_form(&app, "review", rid, &format!("Meldung Nummer {i} zur Bewertung."), "", None).await;
    }
    assert!(last.contains("fehler=rate"), "{last}");
    assert_eq!(report::Entity::find().count(&app.db).await.unwrap(), 10);
}

#[tokio::test]
async fn a_recommendation_is_reported_hidden_with_reasons_and_restored() {
    use smart_city_duisburg::db::entities::recommendation;
    let app = spawn_app(Seed::Empty).await;
    let (author, cookie) = person(&app, "Rita Rat", Role::Resident).await;
    let (_, moderator) = person(&app, "Mo Derator", Role::Moderator).await;
    let reason = "Schnelle Termine, faire Preise – für die Steuererklärung sehr zu empfehlen.";
    let form = [("kategorie", "finanzen"), ("anbieter", "extern"), ("name", "Steuerbüro Probe"), ("ort", "Duisburg"), ("website", ""), ("begruendung", reason)];
    assert_eq!(app.post_form("/empfehlen", &form, Some(&cookie)).await.status().as_u16(), 303);
    let rec = recommendation::Entity::find().one(&app.db).await.unwrap().unwrap();
    let (_, list) = app.page("/empfehlungen?kategorie=finanzen").await;
    assert!(list.contains(&format!("/melden?art=recommendation&amp;id={}", rec.id)), "every recommendation can be reported");

    let to = report_form(&app, "recommendation", rec.id, "Das ist Werbung des Büros selbst, keine echte Empfehlung.", "", None).await;
    assert!(!to.contains("fehler"), "{to}");
    let filed = report::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(filed.target_kind, "recommendation");
    let (_, queue) = app.page_with_cookie("/moderation/meldungen", &moderator).await;
    assert!(queue.contains("Schnelle Termine"), "the content in context");
    // Still visible while the report is open.
    assert!(app.page("/empfehlungen?kategorie=finanzen").await.1.contains("Schnelle Termine"));

    assert_eq!(decide(&app, filed.id, "hidden", "Eigenwerbung ist keine Empfehlung (Regel 3).", &moderator).await, "/moderation/meldungen?hinweis=entschieden");
    let hidden = recommendation::Entity::find_by_id(rec.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((hidden.status.as_str(), hidden.moderation_reason.as_deref()), ("hidden", Some("Eigenwerbung ist keine Empfehlung (Regel 3).")));
    assert!(!app.page("/empfehlungen?kategorie=finanzen").await.1.contains("Schnelle Termine"), "hidden from everyone");
    let told = notification::Entity::find().filter(notification::Column::UserId.eq(author)).all(&app.db).await.unwrap();
    assert!(told.iter().any(|n| n.detail.as_deref().unwrap_or("").contains("Regel 3")), "the author sees the reasons");
    assert!(audit_log::Entity::find().all(&app.db).await.unwrap().iter().any(|e| e.entity == "recommendation" || e.action.contains("report")));

    assert_eq!(decide(&app, filed.id, "restored", "Nach Rückfrage doch eine echte Kundin.", &moderator).await, "/moderation/meldungen?hinweis=entschieden");
    assert!(app.page("/empfehlungen?kategorie=finanzen").await.1.contains("Schnelle Termine"));
}
