//! Claims of firms that residents recommended before they were on the
//! platform, over HTTP on SQLite and PostgreSQL: a moderator approves one
//! and it becomes a provider that keeps its recommendations; a rejected
//! claim changes nothing.
#![cfg(feature = "ssr")]
mod common;

use common::recommendations::{only_rec, recommend_unlisted, seconds_of, vote, REASON};
use common::{fixtures, form_call, json_call, spawn_app, Seed, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{audit_log, provider, provider_member, recommendation as rec, unlisted_claim, unlisted_provider as unlisted};

/// A signed-in person: (user id, Cookie header value).
async fn person_with(app: &TestApp, name: &str, role: Role, verified: bool) -> (i32, String) {
    fixtures::account(&app.db, name, role, verified).await
}

async fn person(app: &TestApp, name: &str) -> (i32, String) {
    person_with(app, name, Role::Resident, true).await
}

async fn decide(app: &TestApp, claim_id: i64, approve: bool, cookie: &str) -> (u16, Value) {
    let (id, yes) = (claim_id.to_string(), approve.to_string());
    form_call(app, "decide_claim", &[("claim_id", &id), ("approve", &yes)], Some(cookie)).await
}

fn claim_form(name: &str) -> Value {
    json!({"unlisted_id": 0, "form": {
        "name": name, "description": "", "street": "Musterstraße 1", "postal_code": "47053",
        "stadtteil": "hochfeld", "categories": ["baufinanzierung"], "phone": "0203 123456", "email": "", "website": "",
        "ownership": "private", "owner_name": "", "ownership_share": ""
    }})
}

async fn claim(app: &TestApp, unlisted_id: i32, name: &str, cookie: &str) -> (u16, Value) {
    let mut body = claim_form(name);
    body["unlisted_id"] = json!(unlisted_id);
    json_call(app, "claim_firm", body, Some(cookie)).await
}

#[tokio::test]
async fn a_claim_approved_makes_a_provider_and_moves_the_recommendations_a_rejected_one_changes_nothing() {
    let app = spawn_app(Seed::Empty).await;
    let (a, ca) = person(&app, "Anna Autor").await;
    let (_, cb) = person(&app, "Bert Autor").await;
    let (owner, co) = person(&app, "Olga Inhaberin").await;
    let (_, cx) = person(&app, "Xaver Fremd").await;
    let (_, unverified) = person_with(&app, "Udo Unbestaetigt", Role::Resident, false).await;
    let (_, cmod) = person_with(&app, "Moritz Moderator", Role::Moderator, true).await;
    recommend_unlisted(&app, &ca, "baufinanzierung", "Kreditkontor Probe", "Duisburg", "", REASON).await;
    recommend_unlisted(&app, &cb, "girokonto", "Kreditkontor Probe", "Duisburg", "", "Freundlich und kompetent am Schalter.").await;
    let firm = unlisted::Entity::find().one(&app.db).await.unwrap().unwrap();
    let r = only_rec(&app, a).await;
    vote(&app, &cb, r.id, "unterstuetzen").await;
    // The later owner seconded it and recommended the firm herself, too.
    vote(&app, &co, r.id, "unterstuetzen").await;
    recommend_unlisted(&app, &co, "baufinanzierung", "Kreditkontor Probe", "Duisburg", "", "Eigenlob, das nach dem Anspruch nicht bleiben darf.").await;
    assert_eq!(seconds_of(&app, r.id).await, 2);

    let (_, page) = app.page(&format!("/empfehlungen/firma/{}/beanspruchen", firm.id)).await;
    assert!(page.contains("Das ist mein Unternehmen") && page.contains("Kreditkontor Probe"));
    assert_eq!(json_call(&app, "claim_firm", claim_form("X"), None).await.0, 401);
    assert_eq!(claim(&app, firm.id, "Kreditkontor Probe", &unverified).await.0, 400, "a confirmed address is needed");
    let (status, bad) = claim(&app, firm.id, "", &co).await;
    assert_eq!((status, bad["Invalid"]["field"].as_str()), (400, Some("name")), "the provider form's rules apply");
    assert_eq!(claim(&app, firm.id, "Kreditkontor Probe", &cx).await.0, 200);
    assert_eq!(claim(&app, firm.id, "Kreditkontor Probe GmbH", &co).await.0, 200);
    assert_eq!(claim(&app, firm.id, "Kreditkontor Probe GmbH", &co).await.0, 400, "one pending claim per person");

    assert_eq!(form_call(&app, "pending_claims", &[], Some(&ca)).await.0, 403);
    let (_, pending) = form_call(&app, "pending_claims", &[], Some(&cmod)).await;
    let ids: Vec<i64> = pending.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(decide(&app, ids[0], true, &ca).await.0, 403);
    // Xaver's claim is rejected: nothing changes.
    assert_eq!(decide(&app, ids[0], false, &cmod).await.0, 200);
    assert_eq!(provider::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(only_rec(&app, a).await.unlisted_id, Some(firm.id));
    // Olga's is approved.
    let (status, pid) = decide(&app, ids[1], true, &cmod).await;
    assert_eq!(status, 200);
    let pid = pid.as_i64().unwrap() as i32;
    let p = provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap();
    assert_eq!(p.name, "Kreditkontor Probe GmbH");
    let m = provider_member::Entity::find_by_id((pid, owner)).one(&app.db).await.unwrap().expect("the claimant owns it");
    assert_eq!(m.role, "owner");
    let moved = rec::Entity::find().filter(rec::Column::ProviderId.eq(pid)).count(&app.db).await.unwrap();
    assert_eq!(moved, 2, "both recommendations moved, the new owner's own is gone");
    assert_eq!(rec::Entity::find().filter(rec::Column::AuthorId.eq(owner)).count(&app.db).await.unwrap(), 0);
    assert_eq!(rec::Entity::find().filter(rec::Column::UnlistedId.is_not_null()).count(&app.db).await.unwrap(), 0);
    assert_eq!(seconds_of(&app, r.id).await, 1, "with their seconds, except the new owner's");
    assert_eq!(unlisted::Entity::find_by_id(firm.id).one(&app.db).await.unwrap().unwrap().claimed_provider_id, Some(pid));
    let actions: Vec<String> = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(&app.db).await.unwrap().into_iter().map(|l| l.action).collect();
    assert!(actions.contains(&"unlisted.claim_reject".to_owned()) && actions.contains(&"unlisted.claim_approve".to_owned()), "{actions:?}");
    assert_eq!(decide(&app, ids[1], true, &cmod).await.0, 404, "decided once");
    let statuses: Vec<String> = unlisted_claim::Entity::find().all(&app.db).await.unwrap().into_iter().map(|c| c.status).collect();
    assert_eq!(statuses.iter().filter(|s| *s == "approved").count(), 1);
    // Named again, the firm is the provider now; its owner cannot recommend it.
    let (_, html) = app.page("/empfehlungen?kategorie=baufinanzierung").await;
    assert!(html.contains(&format!("href=\"/anbieter/{pid}-")));
    let own = recommend_unlisted(&app, &co, "baufinanzierung", "Kreditkontor Probe", "Duisburg", "", REASON).await;
    assert!(own.contains("fehler=eigener-anbieter"), "{own}");
    recommend_unlisted(&app, &cx, "baufinanzierung", "kreditkontor probe", "DUISBURG", "", REASON).await;
    assert_eq!(rec::Entity::find().filter(rec::Column::ProviderId.eq(pid)).count(&app.db).await.unwrap(), 3);
    assert_eq!(json_call(&app, "claim_firm", { let mut b = claim_form("Y"); b["unlisted_id"] = json!(firm.id); b }, Some(&cx)).await.0, 400, "claimed once");
}
