//! Administrators manage people in the app, on SQLite and PostgreSQL:
//! finding accounts, granting and revoking moderator and administrator
//! (never the last administrator), locking an account (its sessions end,
//! it cannot sign in) and unlocking it; each audited, and refused to
//! everyone who is not an administrator.
#![cfg(feature = "ssr")]
mod common;

use common::{fixtures, location, spawn_app, Seed, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use smart_city_duisburg::accounts::domain::{NewPassword, Role};
use smart_city_duisburg::accounts::{password, store};
use smart_city_duisburg::db::entities::{app_user, audit_log};

const PW: &str = "ein langer satz 42";

async fn role_of(app: &TestApp, id: i32) -> String {
    app_user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().role
}

async fn set_role(app: &TestApp, cookie: &str, id: i32, role: &str) -> reqwest::Response {
    app.post_form("/admin/personen/rolle", &[("user_id", &id.to_string()), ("role", role), ("q", "")], Some(cookie)).await
}

async fn set_locked(app: &TestApp, cookie: &str, id: i32, locked: bool) -> reqwest::Response {
    app.post_form("/admin/personen/sperre", &[("user_id", &id.to_string()), ("locked", &locked.to_string()), ("q", "mia")], Some(cookie)).await
}

async fn audits(app: &TestApp, action: &str) -> u64 {
    audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).count(&app.db).await.unwrap()
}

#[tokio::test]
async fn an_administrator_grants_revokes_and_never_leaves_the_site_without_one() {
    let app = spawn_app(Seed::Empty).await;
    let (ada, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let (mia, mia_cookie) = fixtures::signed_in(&app.db, "Mia Muster", Role::Resident).await;
    fixtures::signed_in(&app.db, "Sven", Role::Resident).await;

    // The page finds people by name or address, case-insensitively.
    let (status, html) = app.page_with_cookie("/admin/personen?q=MUSTER", &admin).await;
    assert_eq!(status, 200);
    assert!(html.contains("mia.muster@example.org") && !html.contains("sven@example.org"), "only the match is listed");
    let (_, html) = app.page_with_cookie("/admin/personen?q=%25", &admin).await;
    assert!(html.contains("Keine Konten gefunden"), "a typed % matches itself, not everything");

    // Mia becomes a moderator and can moderate.
    let resp = set_role(&app, &admin, mia, "moderator").await;
    assert_eq!((resp.status().as_u16(), location(&resp).as_str()), (303, "/admin/personen?hinweis=rolle"));
    assert_eq!(role_of(&app, mia).await, "moderator");
    assert_eq!(app.page_with_cookie("/moderation", &mia_cookie).await.0, 200);
    assert_eq!(audits(&app, "account.role").await, 1);

    // Ada is the only administrator: she cannot step down.
    let resp = set_role(&app, &admin, ada, "resident").await;
    assert_eq!(location(&resp), "/admin/personen?fehler=letzte-administration");
    assert_eq!(role_of(&app, ada).await, "admin");
    // With a second one she can; then the second cannot.
    set_role(&app, &admin, mia, "admin").await;
    set_role(&app, &admin, ada, "resident").await;
    assert_eq!(role_of(&app, ada).await, "resident");
    let resp = set_role(&app, &mia_cookie, mia, "moderator").await;
    assert_eq!(location(&resp), "/admin/personen?fehler=letzte-administration");

    // A role that does not exist is named, nothing changes.
    let resp = set_role(&app, &mia_cookie, ada, "kaiser").await;
    assert_eq!(location(&resp), "/admin/personen?fehler=rolle");
    assert_eq!(audits(&app, "account.role").await, 3);
}

#[tokio::test]
async fn a_locked_account_is_signed_out_and_cannot_sign_in_until_unlocked() {
    let app = spawn_app(Seed::Empty).await;
    let (ada, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let (mia, mia_cookie) = fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    let hash = password::hash(&NewPassword::parse(PW, PW, None).unwrap()).await.unwrap();
    store::set_password(&app.db, mia, hash).await.unwrap();
    assert!(app.page_with_cookie("/konto", &mia_cookie).await.1.contains("mia@example.org"));

    let resp = set_locked(&app, &admin, mia, true).await;
    assert_eq!(location(&resp), "/admin/personen?q=mia&hinweis=gesperrt");
    assert!(!app.page_with_cookie("/konto", &mia_cookie).await.1.contains("mia@example.org"), "the session ended");
    let resp = app.post_form("/anmelden", &[("email", "mia@example.org"), ("password", PW)], None).await;
    assert!(location(&resp).starts_with("/anmelden?fehler=locked"), "{}", location(&resp));
    assert!(app.page(&location(&resp)).await.1.contains("Dieses Konto ist gesperrt."), "the sign-in page says why");
    // A wrong password still says only that the credentials are wrong.
    let resp = app.post_form("/anmelden", &[("email", "mia@example.org"), ("password", "falsch falsch 1")], None).await;
    assert!(location(&resp).starts_with("/anmelden?fehler=credentials"));
    let (_, html) = app.page_with_cookie("/admin/personen?q=mia", &admin).await;
    assert!(html.contains("Gesperrt") && html.contains("Entsperren"));

    // Administrators cannot lock themselves, nor the last administrator.
    assert_eq!(location(&set_locked(&app, &admin, ada, true).await), "/admin/personen?q=mia&fehler=eigenes-konto");

    set_locked(&app, &admin, mia, false).await;
    let resp = app.post_form("/anmelden", &[("email", "mia@example.org"), ("password", PW)], None).await;
    assert_eq!(location(&resp), "/konto");
    assert_eq!((audits(&app, "account.lock").await, audits(&app, "account.unlock").await), (1, 1));
    let row = app_user::Entity::find_by_id(ada).one(&app.db).await.unwrap().unwrap();
    assert!(row.locked_at.is_none());
}

#[tokio::test]
async fn only_administrators_manage_people() {
    let app = spawn_app(Seed::Empty).await;
    let (target, _) = fixtures::signed_in(&app.db, "Tom", Role::Resident).await;
    let (_, resident) = fixtures::signed_in(&app.db, "Rita", Role::Resident).await;
    let (_, moderator) = fixtures::signed_in(&app.db, "Moritz", Role::Moderator).await;
    for (who, cookie) in [("resident", &resident), ("moderator", &moderator)] {
        assert_eq!(set_role(&app, cookie, target, "admin").await.status().as_u16(), 403, "{who}");
        assert_eq!(set_locked(&app, cookie, target, true).await.status().as_u16(), 403, "{who}");
        let (status, _) = app.page_with_cookie("/admin/personen", cookie).await;
        assert_eq!(status, 403, "{who} sees the page");
    }
    let anonymous = app.post_form("/admin/personen/rolle", &[("user_id", &target.to_string()), ("role", "admin")], None).await;
    assert!(location(&anonymous).starts_with("/anmelden?zurueck="));
    let row = app_user::Entity::find_by_id(target).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.role.as_str(), row.locked_at), ("resident", None));
}

#[tokio::test]
async fn the_last_administrator_cannot_delete_their_account() {
    let app = spawn_app(Seed::Empty).await;
    let (ada, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let (bob, _) = fixtures::signed_in(&app.db, "Bob", Role::Resident).await;
    store::set_password(&app.db, ada, password::hash(&NewPassword::parse(PW, PW, None).unwrap()).await.unwrap()).await.unwrap();
    let resp = app.post_form("/konto/loeschen", &[("password", PW)], Some(&admin)).await;
    assert_eq!(location(&resp), "/konto?fehler=last_admin");
    assert!(app_user::Entity::find_by_id(ada).one(&app.db).await.unwrap().is_some());
    let (_, page) = app.page_with_cookie("/konto?fehler=last_admin", &admin).await;
    assert!(page.contains("letzte Administration"), "the page says why");

    set_role(&app, &admin, bob, "admin").await;
    let resp = app.post_form("/konto/loeschen", &[("password", PW)], Some(&admin)).await;
    assert_eq!(location(&resp), "/?konto=geloescht");
    assert!(app_user::Entity::find_by_id(ada).one(&app.db).await.unwrap().is_none());
}

/// A locked administrator cannot sign in, so does not count as the one left.
#[tokio::test]
async fn a_locked_administrator_does_not_count_as_the_one_left() {
    let app = spawn_app(Seed::Empty).await;
    let (ada, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let (bea, _) = fixtures::signed_in(&app.db, "Bea", Role::Admin).await;
    set_locked(&app, &admin, bea, true).await;
    let resp = set_role(&app, &admin, ada, "resident").await;
    assert_eq!(location(&resp), "/admin/personen?fehler=letzte-administration");
    assert_eq!(role_of(&app, ada).await, "admin");
}
