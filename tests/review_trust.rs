//! Where reviews come from and how abuse is held back, over HTTP on SQLite
//! and PostgreSQL: customer codes make verified customers, moderators
//! verify residents, rate limits for reviews and votes, and identical texts
//! from different accounts go to moderation.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::reviews::{post_review, reviews_of, BODY};
use common::{fixtures, location, spawn_app, Seed, TestApp};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{customer_code, report, review, review_vote};

async fn person(app: &TestApp, name: &str, role: Role) -> (i32, String) {
    fixtures::signed_in(&app.db, name, role).await
}

async fn member(app: &TestApp, provider_id: i32, user_id: i32) {
    fixtures::member(&app.db, provider_id, user_id, "owner").await
}

#[tokio::test]
async fn customer_codes_make_verified_customers_once_and_only_for_their_provider() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Umzug Ruhr", "private", Utc::now()).await;
    let other = fixtures::provider(&app.db, "Andere Firma", "private", Utc::now()).await;
    let (owner, owner_cookie) = person(&app, "Olga", Role::Resident).await;
    member(&app, pid, owner).await;
    let made = app.post_form(&format!("/dashboard/{pid}/kundencodes"), &[], Some(&owner_cookie)).await;
    let (to, codes_page) = common::follow_refusal(&app, &made, Some(&owner_cookie)).await;
    assert!(!to.contains("code="), "the code never travels in a URL: {to}");
    let code = codes_page.split("class=\"code-display\"><strong>").nth(1).and_then(|s| s.split('<').next()).expect("the code is shown once").trim().to_owned();
    let stored = customer_code::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_ne!(stored.code_hash, code, "only the hash is stored");
    assert!(!stored.code_hash.contains(&code.replace('-', "")));
    assert!(codes_page.contains("Unbenutzt: 1 · Benutzt: 0"));
    let (_, again) = app.page_with_cookie(&to, &owner_cookie).await;
    assert!(!again.contains(&code), "shown once");

    let (_, stranger) = person(&app, "Sven", Role::Resident).await;
    let refused = post_review(&app, pid, "5", "Kein Stranger-Code", BODY, "FALS-CHER-CODE", &stranger).await;
    assert!(refused.contains("fehler=code") && !refused.contains("FALS-CHER-CODE"), "{refused}");
    let (_, elsewhere) = person(&app, "Ute", Role::Resident).await;
    assert!(post_review(&app, other, "5", "Falscher Anbieter", BODY, &code, &elsewhere).await.contains("fehler=code"));

    let (_, customer) = person(&app, "Kim", Role::Resident).await;
    post_review(&app, pid, "5", "Super Umzug", BODY, &code.to_lowercase(), &customer).await;
    let r = reviews_of(&app, pid).await.into_iter().find(|r| r.title == "Super Umzug").unwrap();
    assert_eq!(r.provenance, "verified_customer");
    let used = customer_code::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((used.review_id, used.used_at.is_some()), (Some(r.id), true));
    let (_, second) = person(&app, "Lea", Role::Resident).await;
    assert!(post_review(&app, pid, "5", "Zweimal", BODY, &code, &second).await.contains("fehler=code"), "a code works once");
    let (_, page) = app.page(&format!("/anbieter/{pid}-umzug-ruhr")).await;
    assert!(page.contains("Verifiziert: Kunde"));
    // Only members create codes.
    let resp = app.post_form(&format!("/dashboard/{pid}/kundencodes"), &[], Some(&second)).await;
    assert!(location(&resp).contains("fehler="));
    assert_eq!(customer_code::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn moderators_verify_residents_whose_new_reviews_say_so() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Baeckerei", "private", Utc::now()).await;
    let (_, moderator) = person(&app, "Mona", Role::Moderator).await;
    let (_, resident) = person(&app, "Rita", Role::Resident).await;
    let (_, other) = person(&app, "Otto", Role::Resident).await;
    let refused = app.post_form("/moderation/bewohner", &[("email", "rita@example.org"), ("method", "id_card")], Some(&other)).await;
    assert_eq!(location(&refused), "/");
    let done = app.post_form("/moderation/bewohner", &[("email", "rita@example.org"), ("method", "registration")], Some(&moderator)).await;
    assert_eq!(location(&done), "/moderation/meldungen?hinweis=verifiziert");
    post_review(&app, pid, "4", "Leckere Brötchen", BODY, "", &resident).await;
    post_review(&app, pid, "4", "Auch lecker hier", BODY, "", &other).await;
    let rows = reviews_of(&app, pid).await;
    let by = |t: &str| rows.iter().find(|r| r.title == t).unwrap().provenance.clone();
    assert_eq!(by("Leckere Brötchen"), "verified_resident");
    assert_eq!(by("Auch lecker hier"), "unverified");
    let audit = app.db.query_one_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.verify_resident'")).await.unwrap().unwrap();
    assert_eq!(audit.try_get_by_index::<i64>(0).unwrap(), 1);
}

#[tokio::test]
async fn new_reviews_are_rate_limited_per_account() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie) = person(&app, "Eifrig", Role::Resident).await;
    let mut last = String::new();
    for i in 0..6 {
        let pid = fixtures::provider(&app.db, &format!("Firma {i}"), "private", Utc::now()).await;
        last = post_review(&app, pid, "4", &format!("Bewertung {i}"), &format!("{BODY} Nummer {i}."), "", &cookie).await;
    }
    assert!(last.contains("fehler=rate"), "{last}");
    assert_eq!(review::Entity::find().count(&app.db).await.unwrap(), 5);
}

#[tokio::test]
async fn identical_texts_from_different_accounts_are_flagged_for_moderation() {
    let app = spawn_app(Seed::Empty).await;
    let p1 = fixtures::provider(&app.db, "Erste", "private", Utc::now()).await;
    let p2 = fixtures::provider(&app.db, "Zweite", "private", Utc::now()).await;
    let (_, a) = person(&app, "Anna", Role::Resident).await;
    let (_, b) = person(&app, "Bernd", Role::Resident).await;
    let text = "Absolut empfehlenswert, bester Service in ganz Duisburg, immer wieder gern!";
    post_review(&app, p1, "5", "Top", text, "", &a).await;
    assert_eq!(report::Entity::find().count(&app.db).await.unwrap(), 0);
    // Same words, other case and punctuation, other provider.
    post_review(&app, p2, "5", "Top", &text.to_uppercase().replace(',', ";"), "", &b).await;
    let flagged = report::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(flagged.len(), 1);
    let copy = reviews_of(&app, p2).await[0].id;
    assert_eq!((flagged[0].target_kind.as_str(), flagged[0].target_id, flagged[0].automatic, flagged[0].status.as_str()), ("review", copy, true, "open"));
    // Reported content stays visible during review.
    let (_, page) = app.page(&format!("/anbieter/{p2}-zweite")).await;
    assert!(page.contains("ABSOLUT EMPFEHLENSWERT"));
}

#[tokio::test]
async fn helpful_votes_are_rate_limited_per_account() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Beliebt", "private", Utc::now()).await;
    fixtures::reviews(&app.db, pid, &[4; 61], Utc::now()).await;
    let (_, voter) = person(&app, "Vera", Role::Resident).await;
    let mut last = String::new();
    for r in reviews_of(&app, pid).await {
        last = location(&app.post_form(&format!("/bewertungen/{}/hilfreich", r.id), &[("zurueck", "/anbieter/1-beliebt")], Some(&voter)).await);
    }
    assert!(last.contains("fehler=rate"), "{last}");
    assert_eq!(review_vote::Entity::find().count(&app.db).await.unwrap(), 60);
    // The provider page explains the refusal and links to the report form of every review.
    let (_, page) = app.page("/anbieter/1-beliebt?fehler=rate").await;
    assert!(page.contains("Zu viele Beiträge in kurzer Zeit."), "the limit is explained");
    assert!(page.contains(&format!("/melden?art=provider&amp;id={pid}")) || page.contains(&format!("/melden?art=provider&id={pid}")));
}
