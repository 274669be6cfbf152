//! Owners invite further members, on SQLite and PostgreSQL: the invitation
//! mail through a real SMTP server, its one-time link, signing up and
//! accepting; who may invite and manage; the last-owner rule; revocation
//! and expiry; and what the data export and account deletion do with it.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::mail::{link_path, MailSink};
use common::{fixtures, location, spawn_app, spawn_app_with_smtp, Seed, TestApp};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::accounts::gdpr;
use smart_city_duisburg::db::entities::{app_user, audit_log, photo, provider_invitation as invitation, provider_member};

const PW: &str = "ein langer satz 42";

/// A form post as a browser without JavaScript sends it.
async fn browser_post(app: &TestApp, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
    let mut req = app.client.post(app.url(path)).form(form).header("origin", &app.base).header("accept", "text/html");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

async fn invite(app: &TestApp, pid: i32, email: &str, role: &str, cookie: Option<&str>) -> u16 {
    let p = pid.to_string();
    app.post_form("/mitglieder/einladen", &[("anbieter", &p), ("email", email), ("rolle", role)], cookie).await.status().as_u16()
}

async fn manage(app: &TestApp, pid: i32, action: &str, user: i32, role: &str, cookie: Option<&str>) -> u16 {
    let (p, u) = (pid.to_string(), user.to_string());
    let form = [("anbieter", p.as_str()), ("aktion", action), ("nutzer", u.as_str()), ("einladung", u.as_str()), ("rolle", role)];
    app.post_form("/mitglieder/aendern", &form, cookie).await.status().as_u16()
}

async fn role_of(app: &TestApp, pid: i32, uid: i32) -> Option<String> {
    provider_member::Entity::find_by_id((pid, uid)).one(&app.db).await.unwrap().map(|m| m.role)
}

/// A provider with its owner: (owner id, owner cookie, provider).
async fn provider_with_owner(app: &TestApp) -> (i32, String, i32) {
    let (uid, cookie) = fixtures::signed_in(&app.db, "Olga", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Dach", "private", Utc::now()).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    (uid, cookie, pid)
}

#[tokio::test]
async fn an_invited_person_signs_up_through_the_mailed_link_and_becomes_a_member() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (_, owner, pid) = provider_with_owner(&app).await;
    let p = pid.to_string();
    let resp = browser_post(&app, "/mitglieder/einladen", &[("anbieter", &p), ("email", " Neu@Example.org "), ("rolle", "member")], Some(&owner)).await;
    assert_eq!((resp.status().as_u16(), location(&resp)), (303, format!("/dashboard/{pid}?mitglieder=eingeladen#mitglieder")));

    let mail = sink.nth_to("neu@example.org", 1).await;
    assert!(mail.contains("Olga") && mail.contains("Beispiel Dach") && mail.contains("7 Tage"), "{mail}");
    let link = link_path(&mail, "/einladung");
    let token = link.split_once("token=").unwrap().1.to_owned();
    let stored = invitation::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((stored.email.as_str(), stored.role.as_str()), ("neu@example.org", "member"));
    assert_ne!(stored.token_hash, token, "only a hash of the token is stored");
    assert!(stored.expires_at > Utc::now() + Duration::days(6));

    let (status, page) = app.page(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Beispiel Dach") && page.contains("href=\"/anmelden?zurueck="), "signed out: sign in first");

    // Sign up with the invited address, sign in, accept.
    app.post_form("/registrieren", &[("name", "Nina Neu"), ("email", "neu@example.org"), ("password", PW), ("password_repeat", PW)], None).await;
    let login = app.post_form("/anmelden", &[("email", "neu@example.org"), ("password", PW)], None).await;
    let (cookie, _) = common::cookie_pair(&login, "scd_sitzung").expect("signed in");
    let (_, page) = app.page_with_cookie(&link, &cookie).await;
    assert!(page.contains("action=\"/einladung/annehmen\""), "signed in: the accept button");
    let accepted = browser_post(&app, "/einladung/annehmen", &[("token", &token)], Some(&cookie)).await;
    assert_eq!(location(&accepted), format!("/dashboard/{pid}"));
    let nina = app_user::Entity::find().filter(app_user::Column::Email.eq("neu@example.org")).one(&app.db).await.unwrap().unwrap();
    assert_eq!(role_of(&app, pid, nina.id).await.as_deref(), Some("member"));
    assert!(nina.email_verified_at.is_some(), "the link came through the invited mailbox");
    let (status, _) = app.page_with_cookie(&format!("/dashboard/{pid}"), &cookie).await;
    assert_eq!(status, 200);

    // Once only.
    let again = browser_post(&app, "/einladung/annehmen", &[("token", &token)], Some(&cookie)).await;
    assert!(location(&again).ends_with("&fehler=link"), "{}", location(&again));
    // The owner sees the new member and no pending invitation.
    let (_, dash) = app.page_with_cookie(&format!("/dashboard/{pid}"), &owner).await;
    assert!(dash.contains("Nina Neu") && !dash.contains("zurueckziehen"));
    for action in ["member.invite", "member.accept"] {
        assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq(action)).count(&app.db).await.unwrap(), 1, "{action}");
    }
}

#[tokio::test]
async fn only_owners_invite_and_manage() {
    let app = spawn_app(Seed::Empty).await;
    let (_, owner, pid) = provider_with_owner(&app).await;
    let (mid, member) = fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    fixtures::member(&app.db, pid, mid, "member").await;
    let (_, stranger) = fixtures::signed_in(&app.db, "Sven", Role::Resident).await;
    let (_, moderator) = fixtures::signed_in(&app.db, "Moni", Role::Moderator).await;
    let (_, admin) = fixtures::signed_in(&app.db, "Adam", Role::Admin).await;
    let cases = [("anonymous", None, 401), ("stranger", Some(&stranger), 403), ("moderator", Some(&moderator), 403), ("member", Some(&member), 403), ("owner", Some(&owner), 204), ("admin", Some(&admin), 204)];
    for (i, (who, cookie, status)) in cases.iter().enumerate() {
        assert_eq!(invite(&app, pid, &format!("x{i}@example.org"), "member", cookie.map(String::as_str)).await, *status, "{who} invites");
    }
    assert_eq!(invitation::Entity::find().count(&app.db).await.unwrap(), 2);
    for (who, cookie, status) in &cases[..4] {
        for action in ["rolle", "entfernen", "zurueckziehen"] {
            assert_eq!(manage(&app, pid, action, mid, "owner", cookie.map(String::as_str)).await, *status, "{who} {action}");
        }
    }
    assert_eq!(role_of(&app, pid, mid).await.as_deref(), Some("member"), "unchanged");
    let (_, dash) = app.page_with_cookie(&format!("/dashboard/{pid}"), &member).await;
    assert!(!dash.contains("action=\"/mitglieder/einladen\""), "members do not see the invite form");
    let (_, dash) = app.page_with_cookie(&format!("/dashboard/{pid}"), &owner).await;
    assert!(dash.contains("action=\"/mitglieder/einladen\"") && dash.contains("x4@example.org"), "owners do, with the pending invitations");

    assert_eq!(invite(&app, pid, "mia@example.org", "member", Some(&owner)).await, 409, "already a member");
    assert_eq!(invite(&app, pid, "kein-at", "member", Some(&owner)).await, 422);
    assert_eq!(invite(&app, pid, "y@example.org", "chef", Some(&owner)).await, 422);
    // 20 invitations per hour and account (the owner has used 4).
    let mut last = 0;
    for i in 0..17 {
        last = invite(&app, pid, &format!("z{i}@example.org"), "member", Some(&owner)).await;
    }
    assert_eq!(last, 429);
}

#[tokio::test]
async fn the_last_owner_is_never_removed_or_demoted() {
    let app = spawn_app(Seed::Empty).await;
    let (oid, owner, pid) = provider_with_owner(&app).await;
    let (mid, _) = fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    fixtures::member(&app.db, pid, mid, "member").await;
    let (_, admin) = fixtures::signed_in(&app.db, "Adam", Role::Admin).await;

    assert_eq!(manage(&app, pid, "rolle", oid, "member", Some(&owner)).await, 409);
    assert_eq!(manage(&app, pid, "entfernen", oid, "", Some(&owner)).await, 409);
    assert_eq!(manage(&app, pid, "entfernen", oid, "", Some(&admin)).await, 409, "not even an admin");
    let resp = browser_post(&app, "/mitglieder/aendern", &[("anbieter", &pid.to_string()), ("aktion", "entfernen"), ("nutzer", &oid.to_string())], Some(&owner)).await;
    assert_eq!(location(&resp), format!("/dashboard/{pid}?mitglieder_fehler=letzter_eigentuemer#mitglieder"));
    let (_, page) = app.page_with_cookie(&location(&resp), &owner).await;
    assert!(page.contains("Der letzte Eigentümer kann weder entfernt noch zum Mitglied gemacht werden."));

    assert_eq!(manage(&app, pid, "rolle", mid, "owner", Some(&owner)).await, 204);
    assert_eq!(manage(&app, pid, "rolle", oid, "member", Some(&owner)).await, 204, "two owners: one may step down");
    assert_eq!(role_of(&app, pid, oid).await.as_deref(), Some("member"));
    assert_eq!(manage(&app, pid, "entfernen", mid, "", Some(&admin)).await, 409, "Mia is the last owner now");
    assert_eq!(manage(&app, pid, "entfernen", oid, "", Some(&admin)).await, 204);
    assert_eq!(role_of(&app, pid, oid).await, None);
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.is_in(["member.role", "member.remove"])).count(&app.db).await.unwrap(), 3);
}

#[tokio::test]
async fn revoked_and_expired_invitations_cannot_be_accepted() {
    let app = spawn_app(Seed::Empty).await;
    let (oid, owner, pid) = provider_with_owner(&app).await;
    let (uid, cookie) = fixtures::signed_in(&app.db, "Nina", Role::Resident).await;
    let token_for = |t: &str| smart_city_duisburg::accounts::session::hash_token(t);
    for case in ["revoked", "expired"] {
        let token = smart_city_duisburg::members::store::invite(&app.db, pid, "nina@example.org", smart_city_duisburg::accounts::authz::MemberRole::Member, oid, |_| smart_city_duisburg::server::outbox::Mail::new("x@example.org", "Einladung", String::new()))
            .await
            .map_err(|e| format!("{e:?}"))
            .unwrap();
        let inv = invitation::Entity::find().filter(invitation::Column::TokenHash.eq(token_for(&token))).one(&app.db).await.unwrap().unwrap();
        if case == "revoked" {
            assert_eq!(manage(&app, pid, "zurueckziehen", inv.id, "", Some(&owner)).await, 204);
            assert_eq!(manage(&app, pid, "zurueckziehen", inv.id, "", Some(&owner)).await, 404, "once");
        } else {
            invitation::Entity::update_many().col_expr(invitation::Column::ExpiresAt, Expr::value(Utc::now() - Duration::minutes(1))).filter(invitation::Column::Id.eq(inv.id)).exec(&app.db).await.unwrap();
        }
        let resp = app.post_form("/einladung/annehmen", &[("token", &token)], Some(&cookie)).await;
        assert_eq!(resp.status().as_u16(), 410, "{case}");
        assert_eq!(role_of(&app, pid, uid).await, None, "{case}");
    }
    let resp = app.post_form("/einladung/annehmen", &[("token", "erfunden")], None).await;
    assert_eq!(resp.status().as_u16(), 401, "signed out");
}

#[tokio::test]
async fn an_invitation_is_for_its_address_and_lapses_with_its_senders_ownership() {
    use smart_city_duisburg::accounts::authz::MemberRole;
    let app = spawn_app(Seed::Empty).await;
    let (oid, _, pid) = provider_with_owner(&app).await;
    let (nid, nina) = fixtures::signed_in(&app.db, "Nina", Role::Resident).await;
    let (eid, eve) = fixtures::signed_in(&app.db, "Eve", Role::Resident).await;
    let token = smart_city_duisburg::members::store::invite(&app.db, pid, "nina@example.org", MemberRole::Member, oid, |_| smart_city_duisburg::server::outbox::Mail::new("x@example.org", "Einladung", String::new())).await.map_err(|e| format!("{e:?}")).unwrap();
    // A forwarded link does not make Eve a member.
    let resp = app.post_form("/einladung/annehmen", &[("token", &token)], Some(&eve)).await;
    assert_eq!(resp.status().as_u16(), 403);
    assert!(resp.text().await.unwrap().contains("andere E-Mail-Adresse"));
    assert_eq!(role_of(&app, pid, eid).await, None);

    // The sender is an owner no more (a second owner demoted her): the
    // invitation lapses, though it was neither revoked nor expired.
    let (_, other_owner) = fixtures::signed_in(&app.db, "Otto", Role::Resident).await;
    let otto = app_user::Entity::find().filter(app_user::Column::Email.eq("otto@example.org")).one(&app.db).await.unwrap().unwrap().id;
    fixtures::member(&app.db, pid, otto, "owner").await;
    assert_eq!(manage(&app, pid, "rolle", oid, "member", Some(&other_owner)).await, 204);
    let resp = app.post_form("/einladung/annehmen", &[("token", &token)], Some(&nina)).await;
    assert_eq!(resp.status().as_u16(), 410);
    assert_eq!(role_of(&app, pid, nid).await, None);
    // One from a current owner works.
    let token = smart_city_duisburg::members::store::invite(&app.db, pid, "nina@example.org", MemberRole::Member, otto, |_| smart_city_duisburg::server::outbox::Mail::new("x@example.org", "Einladung", String::new())).await.map_err(|e| format!("{e:?}")).unwrap();
    app.post_form("/einladung/annehmen", &[("token", &token)], Some(&nina)).await;
    assert_eq!(role_of(&app, pid, nid).await.as_deref(), Some("member"));
}

#[tokio::test]
async fn the_data_export_lists_photos_and_invitations_and_deletion_handles_them() {
    let app = spawn_app(Seed::Empty).await;
    let (oid, _, pid) = provider_with_owner(&app).await;
    let (nid, _) = fixtures::signed_in(&app.db, "Nina", Role::Resident).await;
    let o = fixtures::offer(&app.db, pid, 1, "Dachrinne reinigen", None, Utc::now()).await;
    let ph = photo::ActiveModel {
        provider_id: Set(pid), offer_id: Set(Some(o.id)), kind: Set("offer".into()), position: Set(0), alt_text: Set("Die Rinne".into()),
        width: Set(10), height: Set(10), uploaded_by: Set(Some(oid)), created_at: Set(Utc::now()), ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    use smart_city_duisburg::accounts::authz::MemberRole;
    smart_city_duisburg::members::store::invite(&app.db, pid, "nina@example.org", MemberRole::Owner, oid, |_| smart_city_duisburg::server::outbox::Mail::new("x@example.org", "Einladung", String::new())).await.map_err(|e| format!("{e:?}")).unwrap();

    let olga = gdpr::export(&app.db, oid).await.unwrap().unwrap();
    assert_eq!(olga["photos_uploaded"][0]["alt_text"], "Die Rinne");
    assert_eq!(olga["invitations_sent"][0]["email"], "nina@example.org");
    let nina = gdpr::export(&app.db, nid).await.unwrap().unwrap();
    assert_eq!(nina["invitations_received"][0]["role"], "owner");

    gdpr::delete_account(&app.db, &app.state.public_url, nid).await.unwrap();
    assert_eq!(invitation::Entity::find().count(&app.db).await.unwrap(), 0, "invitations to the deleted address are gone");
    fixtures::member(&app.db, pid, fixtures::signed_in(&app.db, "Mia", Role::Resident).await.0, "owner").await;
    gdpr::delete_account(&app.db, &app.state.public_url, oid).await.unwrap();
    let kept = photo::Entity::find_by_id(ph.id).one(&app.db).await.unwrap().expect("the offer's photo stays");
    assert_eq!(kept.uploaded_by, None, "without its uploader");
}
