//! Provider self-service over HTTP, on SQLite and PostgreSQL: creating a
//! provider, the offer life cycle, optimistic locking, the audit log. Who
//! may do what is `tests/authz_matrix`'s (every mutation × every kind of
//! actor).
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, form_call, json_call, spawn_app, Seed, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::{Email, Role};
use smart_city_duisburg::accounts::store;
use smart_city_duisburg::db::entities::{audit_log, offer, provider, provider_member};

/// A signed-in person: (user id, Cookie header value).
async fn person(app: &TestApp, name: &str, role: Role) -> (i32, String) {
    fixtures::signed_in(&app.db, name, role).await
}

async fn make_member(app: &TestApp, provider_id: i32, user_id: i32, role: &str) {
    fixtures::member(&app.db, provider_id, user_id, role).await
}

fn provider_form() -> Value {
    json!({"form": {
        "name": "Beispiel Bedachungen", "description": "", "street": "Musterstraße 1", "postal_code": "47053",
        "stadtteil": "hochfeld", "categories": ["dach"], "phone": "0203 123456", "email": "", "website": "",
        "ownership": "municipal", "owner_name": "Stadt Beispielhausen", "ownership_share": "51"
    }})
}

fn offer_form(title: &str, price: &str) -> Value {
    json!({
        "title": title, "description": "Wir reinigen Ihre Dachrinne gründlich und schnell.", "category": "dach",
        "price_model": "per_hour", "price": price, "city_wide": false, "bezirke": ["mitte", "sued"],
        "stadtteil": "", "housing_kind": "", "rooms": "", "living_area": "", "plot_area": "", "energy_class": ""
    })
}

async fn save(app: &TestApp, pid: i32, oid: Option<i32>, version: i32, form: Value, cookie: &str) -> (u16, Value) {
    json_call(app, "save_offer", json!({"provider_id": pid, "offer_id": oid, "version": version, "form": form}), Some(cookie)).await
}

async fn command(app: &TestApp, pid: i32, oid: i32, version: i32, cmd: &str, cookie: Option<&str>) -> (u16, Value) {
    let (p, o, v) = (pid.to_string(), oid.to_string(), version.to_string());
    form_call(app, "run_offer_command", &[("provider_id", &p), ("offer_id", &o), ("version", &v), ("command", cmd)], cookie).await
}

async fn version_of(app: &TestApp, id: i32) -> i32 {
    offer::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().version
}

#[tokio::test]
async fn a_provider_is_created_with_its_owner_and_ownership_declaration() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = person(&app, "Olga", Role::Resident).await;
    let (status, id) = json_call(&app, "create_provider", provider_form(), Some(&cookie)).await;
    assert_eq!(status, 200, "{id}");
    let pid = id.as_i64().unwrap() as i32;
    let p = provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((p.ownership.as_str(), p.owner_name.as_deref(), p.ownership_share), ("municipal", Some("Stadt Beispielhausen"), Some(51)));
    assert!(p.ownership_verified_at.is_none(), "self-declared until a moderator verifies it");
    let m = provider_member::Entity::find_by_id((pid, uid)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(m.role, "owner");
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("provider.create")).count(&app.db).await.unwrap(), 1);

    // Bad input: the field is named, nothing is stored.
    let mut bad = provider_form();
    bad["form"]["postal_code"] = json!("10115");
    let (status, err) = json_call(&app, "create_provider", bad, Some(&cookie)).await;
    assert_eq!(status, 400);
    assert_eq!(err["Invalid"]["field"], "postal_code");
    assert_eq!(provider::Entity::find().count(&app.db).await.unwrap(), 1);

    // Five a day per account; the sixth is refused, nothing stored.
    for i in 2..=5 {
        let (status, id) = json_call(&app, "create_provider", provider_form(), Some(&cookie)).await;
        assert_eq!(status, 200, "provider {i}: {id}");
    }
    let (status, err) = json_call(&app, "create_provider", provider_form(), Some(&cookie)).await;
    assert_eq!(status, 429, "{err}");
    assert_eq!(err, json!("RateLimited"));
    assert_eq!(provider::Entity::find().count(&app.db).await.unwrap(), 5);
}

#[tokio::test]
async fn offers_go_from_draft_to_published_and_back_and_drafts_stay_hidden() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = person(&app, "Olga", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Dach", "private", Utc::now()).await;
    make_member(&app, pid, uid, "owner").await;

    let (status, saved) = save(&app, pid, None, 0, offer_form("Dachrinne reinigen", "55,50"), &cookie).await;
    assert_eq!(status, 200, "{saved}");
    let oid = saved[0].as_i64().unwrap() as i32;
    let o = offer::Entity::find_by_id(oid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((o.status.as_str(), o.version, o.price_cents), ("draft", 1, Some(5550)));
    let public = format!("/angebote/{}-{}", o.id, o.slug);
    assert_eq!(app.page(&public).await.0, 404, "a draft is not public");

    assert_eq!(command(&app, pid, oid, 1, "Publish", Some(&cookie)).await.0, 200);
    assert_eq!(app.page(&public).await.0, 200);
    let (_, list) = app.page("/angebote?q=dachrinne").await;
    assert_eq!(common::result_count(&list), Some(1), "published offers are found");

    let (status, _) = save(&app, pid, Some(oid), 2, offer_form("Dachrinne reinigen und prüfen", "60"), &cookie).await;
    assert_eq!(status, 200);
    let (_, list) = app.page("/angebote?q=pr%C3%BCfen").await;
    assert_eq!(common::result_count(&list), Some(1), "the edit is searchable at once");

    assert_eq!(command(&app, pid, oid, 3, "Unpublish", Some(&cookie)).await.0, 200);
    assert_eq!(app.page(&public).await.0, 404);
    let (status, copy) = command(&app, pid, oid, 4, "Duplicate", Some(&cookie)).await;
    assert_eq!(status, 200);
    let copy = offer::Entity::find_by_id(copy.as_i64().unwrap() as i32).one(&app.db).await.unwrap().unwrap();
    assert!(copy.title.ends_with("(Kopie)") && copy.status == "draft");
    assert_eq!(command(&app, pid, oid, 4, "Delete", Some(&cookie)).await.0, 200);
    let (_, dash) = form_call(&app, "load_dashboard", &[("provider_id", &pid.to_string())], Some(&cookie)).await;
    let titles: Vec<&str> = dash["offers"].as_array().unwrap().iter().map(|o| o["title"].as_str().unwrap()).collect();
    assert_eq!(titles, [copy.title.as_str()], "deleted offers leave the dashboard");

    let actions: Vec<String> = audit_log::Entity::find().filter(audit_log::Column::EntityId.eq(oid)).filter(audit_log::Column::Entity.eq("offer")).all(&app.db).await.unwrap().into_iter().map(|a| a.action).collect();
    assert_eq!(actions, ["offer.create", "offer.published", "offer.update", "offer.draft", "offer.deleted"]);
    let update = audit_log::Entity::find().filter(audit_log::Column::Action.eq("offer.update")).one(&app.db).await.unwrap().unwrap();
    assert!(update.before.unwrap().contains("\"price_cents\":5550") && update.after.unwrap().contains("\"price_cents\":6000"));
}

#[tokio::test]
async fn concurrent_saves_never_overwrite_each_other() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = person(&app, "Olga", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Beispiel Dach", "private", Utc::now()).await;
    make_member(&app, pid, uid, "owner").await;
    let (_, saved) = save(&app, pid, None, 0, offer_form("Dachrinne reinigen", "50"), &cookie).await;
    let oid = saved[0].as_i64().unwrap() as i32;

    // Two tabs opened version 1; both save at once.
    let (a, b) = tokio::join!(
        save(&app, pid, Some(oid), 1, offer_form("Tab A: Dachrinne", "51"), &cookie),
        save(&app, pid, Some(oid), 1, offer_form("Tab B: Dachrinne", "52"), &cookie),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{a:?} {b:?}");
    let (loser, winner_title) = if a.0 == 409 { (&a.1, "Tab B: Dachrinne") } else { (&b.1, "Tab A: Dachrinne") };
    let o = offer::Entity::find_by_id(oid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((o.title.as_str(), o.version), (winner_title, 2));
    let conflict = &loser["Conflict"];
    assert_eq!(conflict["current_version"], 2);
    let fields: Vec<&str> = conflict["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"Titel") && fields.contains(&"Preis"), "{conflict}");
    let title_change = conflict["changes"].as_array().unwrap().iter().find(|c| c["field"] == "Titel").unwrap();
    assert_eq!(title_change["saved"], winner_title);

    // Re-applying on top of the current version works.
    let mine = if a.0 == 409 { offer_form("Tab A: Dachrinne", "51") } else { offer_form("Tab B: Dachrinne", "52") };
    assert_eq!(save(&app, pid, Some(oid), 2, mine, &cookie).await.0, 200);
    assert_eq!(version_of(&app, oid).await, 3);
}

#[tokio::test]
async fn people_can_take_their_data_and_leave() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie) = person(&app, "Olga", Role::Resident).await;
    // A real password, for the confirmation.
    let hash = smart_city_duisburg::accounts::password::hash(
        &smart_city_duisburg::accounts::domain::NewPassword::parse("ein langer satz 42", "ein langer satz 42", None).unwrap(),
    )
    .await
    .unwrap();
    store::set_password(&app.db, uid, hash).await.unwrap();
    let (_, created) = json_call(&app, "create_provider", provider_form(), Some(&cookie)).await;
    let pid = created.as_i64().unwrap() as i32;
    let (_, saved) = save(&app, pid, None, 0, offer_form("Dachrinne reinigen", "50"), &cookie).await;
    let oid = saved[0].as_i64().unwrap() as i32;
    assert_eq!(command(&app, pid, oid, 1, "Publish", Some(&cookie)).await.0, 200);
    let other = fixtures::provider(&app.db, "Anderer Betrieb", "private", Utc::now()).await;
    fixtures::reviews(&app.db, other, &[5], Utc::now()).await;
    smart_city_duisburg::db::entities::review::Entity::update_many()
        .col_expr(smart_city_duisburg::db::entities::review::Column::AuthorId, sea_orm::sea_query::Expr::value(uid))
        .exec(&app.db)
        .await
        .unwrap();

    // An import the person ran, and someone's invitation of the person's
    // address in the audit log.
    fixtures::import_run(&app.db, pid, Some(uid), "bestand.zip").await;
    let (inviter, _) = person(&app, "Ines", Role::Resident).await;
    smart_city_duisburg::audit::store::record(&app.db, inviter, "member.invite", "provider", other, None, Some(json!({ "email": "olga@example.org", "role": "member" })))
        .await
        .unwrap();

    let resp = app.client.get(app.url("/konto/daten.json")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let data: Value = resp.json().await.unwrap();
    assert_eq!(data["account"]["email"], "olga@example.org");
    assert_eq!(data["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(data["provider_memberships"][0]["role"], "owner");
    assert!(data["actions"].as_array().unwrap().iter().any(|a| a["action"] == "offer.published"));
    assert!(!data.to_string().contains("$argon2"), "no password hash in the export");
    for (table, key, _) in smart_city_duisburg::accounts::gdpr::PERSONAL_TABLES {
        assert!(key.starts_with('(') || data.get(*key).is_some(), "{table}: the export lacks {key:?}");
    }
    assert_eq!(data["providers_created"][0]["id"], pid, "the firms the person created");
    assert_eq!(data["import_runs"][0]["file_name"], "bestand.zip");
    let created = data["actions"].as_array().unwrap().iter().find(|a| a["action"] == "provider.create").unwrap();
    assert!(created["after"].is_object(), "what the person's actions changed: {created}");
    assert_eq!(app.get("/konto/daten.json").await.status().as_u16(), 401);

    let wrong = app.post_form("/konto/loeschen", &[("password", "falsch falsch falsch")], Some(&cookie)).await;
    assert_eq!(common::location(&wrong), "/konto?fehler=credentials");
    assert!(store::by_email(&app.db, &Email::parse("olga@example.org").unwrap()).await.unwrap().is_some());

    let gone = app.post_form("/konto/loeschen", &[("password", "ein langer satz 42")], Some(&cookie)).await;
    assert_eq!(common::location(&gone), "/?konto=geloescht");
    assert!(store::by_email(&app.db, &Email::parse("olga@example.org").unwrap()).await.unwrap().is_none());
    assert_eq!(smart_city_duisburg::db::entities::review::Entity::find().count(&app.db).await.unwrap(), 0, "reviews go with the account");
    let ratings = smart_city_duisburg::reviews::store::ratings(&app.db, None).await.unwrap();
    assert!(ratings.is_empty(), "and so do their stars in the rating aggregates: {ratings:?}");
    assert_eq!(smart_city_duisburg::reviews::store::mean_rating(&app.db).await.unwrap(), 3.0);
    let o = offer::Entity::find_by_id(oid).one(&app.db).await.unwrap().unwrap();
    assert_eq!(o.status, "archived", "offers of a provider nobody owns any more are archived");
    assert!(provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().is_some(), "the provider profile stays");
    let log = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(!log.is_empty() && log.iter().filter(|a| a.actor_id != Some(inviter)).all(|a| a.actor_id.is_none()), "the audit log keeps the actions, not the person");
    assert!(log.iter().all(|a| !format!("{:?}{:?}", a.before, a.after).contains("olga@example.org")), "nor the person's address in what it recorded");
    assert_eq!(provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap().owner_name, None, "the declaration's owner name may name the person");
    // No row of any table with personal data still names the account.
    use sea_orm::ConnectionTrait;
    let backend = app.db.get_database_backend();
    for (table, _, columns) in smart_city_duisburg::accounts::gdpr::PERSONAL_TABLES {
        for column in *columns {
            let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = {uid}");
            let n: i64 = app.db.query_one_raw(sea_orm::Statement::from_string(backend, sql)).await.unwrap().unwrap().try_get("", "n").unwrap();
            assert_eq!(n, 0, "{table}.{column} still names the deleted account");
        }
    }
    assert_eq!(app.client.get(app.url("/konto")).header("cookie", &cookie).send().await.unwrap().status().as_u16(), 302);
}

#[tokio::test]
async fn moderators_confirm_ownership_and_only_admins_read_the_audit_log() {
    let app = spawn_app(Seed::Empty).await;
    let (_, owner) = person(&app, "Olga", Role::Resident).await;
    let (_, moderator) = person(&app, "Moritz", Role::Moderator).await;
    let (_, admin) = person(&app, "Ada", Role::Admin).await;
    let (_, created) = json_call(&app, "create_provider", provider_form(), Some(&owner)).await;
    let pid = created.as_i64().unwrap() as i32;
    let id = pid.to_string();

    for (who, cookie, want) in [("anonymous", None, 401), ("owner", Some(owner.as_str()), 403)] {
        assert_eq!(form_call(&app, "pending_ownership", &[], cookie).await.0, want, "{who} lists");
        assert_eq!(form_call(&app, "confirm_ownership", &[("provider_id", &id)], cookie).await.0, want, "{who} confirms");
    }
    let (status, pending) = form_call(&app, "pending_ownership", &[], Some(&moderator)).await;
    assert_eq!(status, 200);
    assert_eq!(pending[0]["provider_id"], pid);
    assert_eq!(pending[0]["share"], 51);
    assert!(provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap().ownership_verified_at.is_none());
    let page = format!("/anbieter/{pid}-beispiel-bedachungen");
    let (_, html) = app.page(&page).await;
    assert!(html.contains("Selbstauskunft, noch nicht geprüft") && html.contains("Stadt Beispielhausen") && html.contains("(51 %)"));
    assert_eq!(form_call(&app, "confirm_ownership", &[("provider_id", &id)], Some(&moderator)).await.0, 200);
    let (_, html) = app.page(&page).await;
    assert!(html.contains("Eigentümerangaben geprüft"));
    assert!(provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap().ownership_verified_at.is_some());
    assert_eq!(form_call(&app, "confirm_ownership", &[("provider_id", &id)], Some(&admin)).await.0, 404, "confirmed once");
    assert!(form_call(&app, "pending_ownership", &[], Some(&admin)).await.1.as_array().unwrap().is_empty());

    for (who, cookie, want) in [("anonymous", None, 401), ("owner", Some(owner.as_str()), 403), ("moderator", Some(moderator.as_str()), 403)] {
        assert_eq!(form_call(&app, "audit_entries", &[], cookie).await.0, want, "{who} reads the audit log");
    }
    let (status, log) = form_call(&app, "audit_entries", &[], Some(&admin)).await;
    assert_eq!(status, 200);
    let actions: Vec<(&str, &str)> = log.as_array().unwrap().iter().map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap())).collect();
    assert_eq!(actions, [("provider.verify_ownership", "Moritz"), ("provider.create", "Olga")]);
}

/// Every table is classified: what it holds of a person and how export and
/// deletion cover it (`accounts::gdpr`), or that it holds nothing about one.
/// A new table fails here until someone decides.
#[tokio::test]
async fn every_table_is_covered_by_export_and_deletion_or_holds_no_person() {
    use sea_orm::ConnectionTrait;
    use smart_city_duisburg::accounts::gdpr::{IMPERSONAL_TABLES, PERSONAL_TABLES};
    let app = spawn_app(Seed::Empty).await;
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let rows = app.db.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await.unwrap();
    let mut tables: Vec<String> = rows.iter().map(|r| r.try_get::<String>("", "name").unwrap()).filter(|t| !t.starts_with("offer_search_")).collect();
    tables.sort();
    let personal: Vec<&str> = PERSONAL_TABLES.iter().map(|(t, _, _)| *t).collect();
    for t in &tables {
        let (p, i) = (personal.contains(&t.as_str()), IMPERSONAL_TABLES.contains(&t.as_str()));
        assert!(p || i, "table {t} is not classified in accounts::gdpr (export and deletion, or no personal data)");
        assert!(!(p && i), "table {t} is classified twice");
    }
    for t in personal.iter().chain(IMPERSONAL_TABLES) {
        // SQLite's start-up lock has PostgreSQL's advisory locks for a twin.
        if *t == "startup_lock" && backend == sea_orm::DbBackend::Postgres {
            continue;
        }
        assert!(tables.iter().any(|x| x == t), "accounts::gdpr names {t}, which does not exist");
    }
}
