//! The "Big List of Naughty Strings" (tests/data/blns.json, MIT, see
//! tests/data/blns.LICENSE) through the review, reply and report forms, on
//! SQLite and PostgreSQL: every accepted text is stored exactly and shown
//! escaped, every refused one comes back with its message, never a 500.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::{fixtures, html_escape, location, spawn_app, Seed, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{provider_member, report, review, review_reply};
use smart_city_duisburg::reports::domain::NewReport;
use smart_city_duisburg::reviews::rules::{reply_text, ReviewInput};

fn naughty() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blns.json")).expect("blns.json");
    let list: Vec<String> = serde_json::from_str(&text).expect("a JSON list of strings");
    assert!(list.len() > 400, "the whole list");
    list
}

async fn person(app: &TestApp, name: &str, role: Role) -> (i32, String) {
    fixtures::signed_in(&app.db, name, role).await
}

/// The budgets protect against floods; this test is about the input alone.
async fn reset_rate_limits(app: &TestApp) {
    app.db.execute_unprepared("DELETE FROM rate_limit").await.unwrap();
}

/// The page a refused post leads back to renders (no 500) with a message.
async fn shows_error(app: &TestApp, to: &str, cookie: &str, message: &str) {
    let (status, page) = app.page_with_cookie(to, cookie).await;
    assert_eq!(status, 200, "{}", &to[..to.len().min(120)]);
    assert!(page.contains(&html_escape(message)), "message {message:?} on {}", &to[..to.len().min(120)]);
}

#[tokio::test]
async fn naughty_strings_through_the_review_reply_and_report_forms() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Naughty", "private", Utc::now()).await;
    let page_path = format!("/anbieter/{pid}-naughty");
    let (owner, owner_cookie) = person(&app, "Olga", Role::Resident).await;
    provider_member::ActiveModel { provider_id: Set(pid), user_id: Set(owner), role: Set("owner".into()), created_at: Set(Utc::now()) }.insert(&app.db).await.unwrap();
    let (author, cookie) = person(&app, "Erika", Role::Resident).await;
    let month = (Utc::now() - Duration::days(40)).format("%Y-%m").to_string();
    let today = Utc::now().date_naive();
    let p = pid.to_string();
    let (mut stored, mut refused) = (0, 0);

    for s in naughty() {
        // Review: the string as title; as body, padded to the minimum length.
        reset_rate_limits(&app).await;
        let body = format!("{s} – und so weiter, und so fort.");
        let form = [("provider_id", p.as_str()), ("stars", "3"), ("title", s.as_str()), ("body", body.as_str()), ("month", month.as_str())];
        let resp = app.post_form("/bewertungen", &form, Some(&cookie)).await;
        assert_eq!(resp.status().as_u16(), 303, "review {s:?}");
        let to = location(&resp);
        match ReviewInput::parse("3", &s, &body, &month, today) {
            Ok(_) => {
                assert!(to.contains("hinweis=bewertung_gespeichert"), "review {s:?}: {}", &to[..to.len().min(120)]);
                let r = review::Entity::find().filter(review::Column::AuthorId.eq(author)).one(&app.db).await.unwrap().unwrap();
                assert_eq!((r.title.as_str(), r.body.as_str()), (s.as_str(), body.as_str()), "stored exactly");
                let (status, page) = app.page(&page_path).await;
                assert_eq!(status, 200);
                assert!(page.contains(&html_escape(&body)), "shown escaped: {s:?}");
                stored += 1;
            }
            Err(e) => {
                assert!(to.contains(&format!("fehler={}", e.code())), "review {s:?}");
                shows_error(&app, &to, &cookie, &e.message()).await;
                refused += 1;
            }
        }

        // The provider's reply to that review.
        let Some(rid) = review::Entity::find().filter(review::Column::AuthorId.eq(author)).one(&app.db).await.unwrap().map(|r| r.id) else { continue };
        reset_rate_limits(&app).await;
        let resp = app.post_form(&format!("/bewertungen/{rid}/antwort"), &[("reply", s.as_str())], Some(&owner_cookie)).await;
        assert_eq!(resp.status().as_u16(), 303, "reply {s:?}");
        let to = location(&resp);
        match reply_text(&s) {
            Ok(_) => {
                let r = review_reply::Entity::find().one(&app.db).await.unwrap().unwrap();
                assert_eq!(r.body, s, "reply stored exactly");
                let (_, page) = app.page(&page_path).await;
                assert!(page.contains(&html_escape(&s)), "reply shown escaped: {s:?}");
            }
            Err(e) => {
                assert!(to.contains(&format!("fehler={}", e.code())), "reply {s:?}");
                shows_error(&app, &to, &owner_cookie, &e.message()).await;
            }
        }

        // A report of the review, the string as explanation and as name.
        reset_rate_limits(&app).await;
        let id = rid.to_string();
        let form = [("art", "review"), ("id", id.as_str()), ("reason", "other"), ("explanation", s.as_str()), ("name", s.as_str()), ("email", ""), ("good_faith", "1")];
        let resp = app.post_form("/melden", &form, None).await;
        assert_eq!(resp.status().as_u16(), 303, "report {s:?}");
        let to = location(&resp);
        match NewReport::parse("review", &id, "other", &s, &s, "", true) {
            Ok(expected) => {
                assert!(to.ends_with("hinweis=gesendet"), "report {s:?}");
                let r = report::Entity::find().order_by_desc(report::Column::Id).one(&app.db).await.unwrap().unwrap();
                assert_eq!((r.explanation, r.reporter_name), (s.clone(), expected.name), "report stored exactly");
            }
            Err(e) => {
                assert!(to.contains(&format!("fehler={}", e.code())), "report {s:?}");
                shows_error(&app, &to, &cookie, &e.message()).await;
            }
        }
    }
    assert!(stored > 300 && refused > 0, "both paths ran: {stored} stored, {refused} refused");

    // The moderators' queue shows every stored text escaped.
    let (_, mod_cookie) = person(&app, "Mona", Role::Moderator).await;
    let (status, queue) = app.page_with_cookie("/moderation/meldungen", &mod_cookie).await;
    assert_eq!(status, 200);
    assert!(!queue.contains("<script>alert(0)</script>"), "never raw markup");
}
