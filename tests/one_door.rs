//! The one door for offer writes (issue 13), on SQLite and PostgreSQL:
//! a moderator's hide survives every other writer (OpenImmo re-import, its
//! SCD keys and DELETEs, the dashboard's Publish and Duplicate); an import
//! never overwrites a save made while it read the file; an import from the
//! command line reaches open pages; the catalogue misses no change whatever
//! the commit order and however a request ends; typo corrections follow new
//! offers; `/healthz` and `/readyz`.
#![cfg(feature = "ssr")]
mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::{fixtures, form_call, is_postgres, json_call, location, spawn_app, Seed, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use serde_json::{json, Value};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{offer, report};
use smart_city_duisburg::offers::query::{OfferFilter, OfferQuery};
use smart_city_duisburg::offers::{oracle, store};
use smart_city_duisburg::openimmo_import::import_file;

/// One rental flat listing; `action` "DELETE" takes it off the market.
fn listing(key: &str, title: &str, rent: u32, action: Option<&str>) -> String {
    let aktion = action.map(|a| format!("<aktion aktionart=\"{a}\"/>")).unwrap_or_default();
    format!(
        "<immobilie><objektkategorie><nutzungsart WOHNEN=\"1\"/><vermarktungsart MIETE_PACHT=\"1\"/><objektart><wohnung/></objektart></objektkategorie>\
         <geo><plz>47057</plz><ort>Duisburg</ort></geo><preise><kaltmiete>{rent}</kaltmiete></preise>\
         <flaechen><wohnflaeche>64</wohnflaeche><anzahl_zimmer>2</anzahl_zimmer></flaechen>\
         <freitexte><objekttitel>{title}</objekttitel><objektbeschreibung>Helle Wohnung mit Balkon, nah am Park und an der Straßenbahn.</objektbeschreibung></freitexte>\
         <verwaltung_techn><objektnr_extern>{key}</objektnr_extern>{aktion}</verwaltung_techn></immobilie>"
    )
}

fn file(listings: &[String]) -> Vec<u8> {
    format!("<openimmo><uebertragung umfang=\"TEIL\"/><anbieter>{}</anbieter></openimmo>", listings.concat()).into_bytes()
}

/// An estate agent with an owner who is signed in: (provider, owner cookie).
async fn agent(app: &TestApp, name: &str) -> (i32, String) {
    let pid = fixtures::provider(&app.db, name, "private", Utc::now()).await;
    let (uid, cookie) = fixtures::signed_in(&app.db, &format!("Inhaberin {name}"), Role::Resident).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    (pid, cookie)
}

async fn import(app: &TestApp, pid: i32, bytes: &[u8]) -> smart_city_duisburg::openimmo_import::ImportReport {
    import_file(&app.db, &app.state.reference, pid, bytes.into(), None, &|_, _, _| {}).await.expect("import")
}

fn category(app: &TestApp, slug: &str) -> i32 {
    app.state.reference.categories.by_slug(slug).unwrap().id
}

async fn by_title(app: &TestApp, title: &str) -> offer::Model {
    offer::Entity::find().filter(offer::Column::Title.eq(title)).one(&app.db).await.unwrap().unwrap_or_else(|| panic!("{title}"))
}

async fn status(app: &TestApp, id: i32) -> String {
    offer::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().status
}

/// A report about the offer, decided by a moderator.
async fn moderate(app: &TestApp, offer_id: i32, decision: &str) {
    let (_, mod_cookie) = fixtures::signed_in(&app.db, &format!("Moderation {offer_id} {decision}"), Role::Moderator).await;
    if decision == "hidden" {
        let id = offer_id.to_string();
        let form = [("art", "offer"), ("id", id.as_str()), ("reason", "insult"), ("explanation", "Irreführende Angaben im Text."), ("name", ""), ("email", ""), ("good_faith", "1")];
        app.post_form("/melden", &form, None).await;
    }
    let from = if decision == "hidden" { "open" } else { "hidden" };
    let r = report::Entity::find()
        .filter(report::Column::TargetKind.eq("offer"))
        .filter(report::Column::TargetId.eq(offer_id))
        .filter(report::Column::Status.eq(from))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a report to decide");
    let back = location(&app.post_form(&format!("/moderation/meldungen/{}", r.id), &[("decision", decision), ("statement", "Geprüft nach den Regeln der Plattform.")], Some(&mod_cookie)).await);
    assert!(back.contains("hinweis=entschieden"), "{back}");
}

async fn command(app: &TestApp, pid: i32, oid: i32, cmd: &str, cookie: &str) -> (u16, Value) {
    let version = offer::Entity::find_by_id(oid).one(&app.db).await.unwrap().unwrap().version.to_string();
    let (p, o) = (pid.to_string(), oid.to_string());
    form_call(app, "run_offer_command", &[("provider_id", &p), ("offer_id", &o), ("version", &version), ("command", cmd)], Some(cookie)).await
}

async fn in_list(app: &TestApp, text: &str) -> Vec<i32> {
    let r = &app.state.reference;
    let q = OfferQuery::from_filter(&OfferFilter { q: Some(text.to_owned()), ..Default::default() }, &r.categories, &r.districts).unwrap();
    store::list(&app.state.catalog, r, &q, 100).await.unwrap().offers.iter().map(|o| o.id).collect()
}

#[tokio::test]
async fn a_moderators_hide_outlasts_every_other_writer() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, cookie) = agent(&app, "Rheinblick Immobilien").await;
    import(&app, pid, &file(&[listing("K-1", "Altbau am Kantpark", 610, None)])).await;
    let o = by_title(&app, "Altbau am Kantpark").await;
    assert_eq!(in_list(&app, "Kantpark").await, vec![o.id]);

    moderate(&app, o.id, "hidden").await;
    assert_eq!(status(&app, o.id).await, "hidden");
    assert!(in_list(&app, "Kantpark").await.is_empty(), "hidden offers leave the list");

    // The agent's software sends it again, changed: it stays hidden.
    let rep = import(&app, pid, &file(&[listing("K-1", "Altbau am Kantpark", 590, None)])).await;
    assert_eq!((rep.created, rep.updated), (0, 0), "{rep}");
    assert!(rep.skipped.iter().any(|(k, why)| k == "nr:K-1" && why.contains("moderator")), "{rep}");
    assert_eq!(status(&app, o.id).await, "hidden");
    // A DELETE does not archive it (from where Publish would bring it back).
    import(&app, pid, &file(&[listing("K-1", "Altbau am Kantpark", 590, Some("DELETE"))])).await;
    assert_eq!(status(&app, o.id).await, "hidden");

    // The dashboard shows it hidden, offers only Delete, and refuses the rest.
    let (code, dash) = form_call(&app, "load_dashboard", &[("provider_id", &pid.to_string())], Some(&cookie)).await;
    assert_eq!(code, 200, "{dash}");
    assert_eq!(dash["offers"][0]["status"], "Hidden", "{dash}");
    for cmd in ["Publish", "Archive", "Unpublish", "Duplicate"] {
        let (code, err) = command(&app, pid, o.id, cmd, &cookie).await;
        assert_eq!(code, 400, "{cmd}: {err}");
        assert!(err.to_string().contains("Moderation"), "{cmd}: a clear reason: {err}");
    }
    assert_eq!(status(&app, o.id).await, "hidden");
    assert_eq!(offer::Entity::find().filter(offer::Column::ProviderId.eq(pid)).count(&app.db).await.unwrap(), 1, "no copy");

    // Only a moderator shows it again, in the state it was hidden from.
    moderate(&app, o.id, "restored").await;
    assert_eq!(status(&app, o.id).await, "published");
    assert_eq!(in_list(&app, "Kantpark").await, vec![o.id]);
}

#[tokio::test]
async fn an_exported_offer_hidden_by_a_moderator_is_not_adopted_back() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, _) = agent(&app, "Hafenkante Makler").await;
    let flat = category(&app, "wohnen-mieten");
    let mut o = fixtures::offer(&app.db, pid, flat, "Loft am Innenhafen", Some(95_000), Utc::now()).await.into_active_model();
    o.housing_kind = Set(Some("rent".into()));
    let o = o.update(&app.db).await.unwrap();
    moderate(&app, o.id, "hidden").await;
    let rep = import(&app, pid, &file(&[listing(&format!("SCD-{}", o.id), "Loft am Innenhafen", 900, None)])).await;
    assert_eq!((rep.created, rep.updated), (0, 0), "{rep}");
    assert_eq!(status(&app, o.id).await, "hidden");
}

#[tokio::test]
async fn an_import_keeps_a_save_made_while_it_read_the_file() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, cookie) = agent(&app, "Ruhrort Wohnen").await;
    import(&app, pid, &file(&[listing("R-1", "Wohnung am Hafenbecken", 700, None)])).await;
    let o = by_title(&app, "Wohnung am Hafenbecken").await;

    // While the import reads the next version of the file, the agent saves
    // the offer in the dashboard (another connection, another thread).
    let (code, loaded) = form_call(&app, "offer_for_edit", &[("provider_id", &pid.to_string()), ("offer_id", &o.id.to_string())], Some(&cookie)).await;
    assert_eq!(code, 200, "{loaded}");
    let (mut form, version) = (loaded[0].clone(), loaded[1].as_i64().unwrap());
    form["title"] = json!("Wohnung am Hafenbecken – frisch renoviert");
    let (base, save_cookie, save_body) = (app.base.clone(), cookie.clone(), json!({ "provider_id": pid, "offer_id": o.id, "version": version, "form": form }));
    let saved = std::sync::Mutex::new(None);
    let save_once = || {
        let mut slot = saved.lock().unwrap();
        if slot.is_none() {
            let (base, cookie, body) = (base.clone(), save_cookie.clone(), save_body.clone());
            let result = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    let resp = reqwest::Client::new().post(format!("{base}/api/save_offer")).header("origin", &base).header("cookie", cookie).json(&body).send().await.unwrap();
                    (resp.status().as_u16(), resp.text().await.unwrap())
                })
            })
            .join()
            .unwrap();
            *slot = Some(result);
        }
    };
    let progress = |_: smart_city_duisburg::openimmo_import::progress::Phase, done: u64, _| {
        if done == 1 {
            save_once();
        }
    };
    let bytes = file(&[listing("R-1", "Wohnung am Hafenbecken", 750, None), listing("R-2", "Zweite Wohnung am Hafen", 800, None)]);
    let rep = import_file(&app.db, &app.state.reference, pid, bytes.clone().into(), None, &progress).await.expect("import");
    let (code, body) = saved.lock().unwrap().clone().expect("the save ran during the import");
    assert_eq!(code, 200, "the dashboard save went through: {body}");

    let now = offer::Entity::find_by_id(o.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(now.title, "Wohnung am Hafenbecken – frisch renoviert", "the provider's save is kept");
    assert_eq!(now.version, version as i32 + 1, "one write on top of the version read: the save");
    assert!(rep.skipped.iter().any(|(k, why)| k == "nr:R-1" && why.contains("changed on the platform")), "{rep}");
    assert_eq!((rep.created, rep.updated), (1, 0), "{rep}");
}

#[tokio::test]
async fn an_import_from_the_command_line_reaches_open_pages() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, _) = agent(&app, "Neudorf Immobilien").await;
    // A list and the provider's page are open.
    let mut list = common::Sse::open(&app.base, "liste=1").await;
    let mut provider_page = common::Sse::open(&app.base, &format!("anbieter={pid}")).await;
    let path = std::env::temp_dir().join(format!("scd-cli-{}-{pid}.xml", std::process::id()));
    std::fs::write(&path, file(&[listing("N-1", "Dachgeschoss an der Uni", 520, None)])).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_smart-city-duisburg"))
        .args(["import-openimmo", path.to_str().unwrap(), "--provider", &pid.to_string()])
        .env("DATABASE_URL", &app.url)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(list.until("event: change", Duration::from_secs(10)).await, "the open list hears of the import");
    assert!(provider_page.until(&format!("\"provider_id\":{pid}"), Duration::from_secs(10)).await, "the provider's page too: {}", provider_page.1);
    let o = by_title(&app, "Dachgeschoss an der Uni").await;
    assert_eq!(in_list(&app, "Dachgeschoss Uni").await, vec![o.id], "and the list shows it");
}

/// Offers written past the app, many at once (as a second instance would).
async fn write_offers(app: &TestApp, pid: i32, n: usize, word: &str) -> Vec<i32> {
    let template = offer::Entity::find().filter(offer::Column::Status.eq("published")).one(&app.db).await.unwrap().unwrap();
    let rows: Vec<offer::ActiveModel> = (0..n)
        .map(|i| {
            let mut m = template.clone().into_active_model();
            m.id = sea_orm::ActiveValue::NotSet;
            m.provider_id = Set(pid);
            m.title = Set(format!("{word} Nummer {i}"));
            m.created_at = Set(Utc::now());
            m
        })
        .collect();
    let txn = app.db.begin().await.unwrap();
    for chunk in rows.chunks(200) {
        offer::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await.unwrap();
    }
    txn.commit().await.unwrap();
    offer::Entity::find().filter(offer::Column::ProviderId.eq(pid)).all(&app.db).await.unwrap().into_iter().map(|o| o.id).collect()
}

#[tokio::test]
async fn a_request_that_goes_away_mid_catch_up_loses_nothing() {
    let app = spawn_app(Seed::Demo).await;
    let r = &app.state.reference;
    let all = OfferQuery::from_filter(&OfferFilter::default(), &r.categories, &r.districts).unwrap();
    let before = store::list(&app.state.catalog, r, &all, 20).await.unwrap().paging.total;
    let pid = fixtures::provider(&app.db, "Quittenhof Gärtnerei", "private", Utc::now()).await;
    let ids = write_offers(&app, pid, 1_500, "Quittengelee").await;
    // Requests that give up after a few milliseconds, while the catalogue reads the rows.
    for ms in [0, 1, 2, 3, 5, 8, 13] {
        let _ = tokio::time::timeout(Duration::from_millis(ms), store::list(&app.state.catalog, r, &all, 20)).await;
    }
    let after = store::list(&app.state.catalog, r, &all, 20).await.unwrap();
    assert_eq!(after.paging.total, before + ids.len() as u64, "every written offer is listed");
    let oracle = oracle::list_from_database(&app.db, r, &app.state.catalog.vocabulary(), &all, 20).await.unwrap();
    assert_eq!(after.paging.total, oracle.paging.total);
}

#[tokio::test]
async fn a_transaction_that_commits_after_later_ones_is_not_missed() {
    let app = spawn_app(Seed::Demo).await;
    let r = &app.state.reference;
    let pid = fixtures::provider(&app.db, "Spätzünder Umzüge", "private", Utc::now()).await;
    let template = offer::Entity::find().filter(offer::Column::Status.eq("published")).one(&app.db).await.unwrap().unwrap();
    let new = |title: &str| {
        let mut m = template.clone().into_active_model();
        m.id = sea_orm::ActiveValue::NotSet;
        m.provider_id = Set(pid);
        m.title = Set(title.to_owned());
        m
    };
    if is_postgres() {
        // The long transaction takes its change-log number first…
        let long = app.db.begin().await.unwrap();
        new("Quarkbällchen Langläufer").insert(&long).await.unwrap();
        // …a short one commits after it started, and is listed.
        new("Quarkbällchen Kurzstrecke").insert(&app.db).await.unwrap();
        assert_eq!(in_list(&app, "Kurzstrecke").await.len(), 1);
        // Past the old follower's ten-second patience for a missing number.
        tokio::time::sleep(Duration::from_secs(11)).await;
        assert!(in_list(&app, "Langläufer").await.is_empty(), "not committed yet");
        long.commit().await.unwrap();
        assert_eq!(in_list(&app, "Langläufer").await.len(), 1, "listed once committed");
    } else {
        // SQLite has one writer at a time: commit order is number order.
        let long = smart_city_duisburg::db::begin_write(&app.db).await.unwrap();
        new("Quarkbällchen Langläufer").insert(&long).await.unwrap();
        long.commit().await.unwrap();
        new("Quarkbällchen Kurzstrecke").insert(&app.db).await.unwrap();
        assert_eq!(in_list(&app, "Quarkbällchen").await.len(), 2);
    }
    let q = OfferQuery::from_filter(&OfferFilter { q: Some("Quarkbällchen".into()), ..Default::default() }, &r.categories, &r.districts).unwrap();
    assert_eq!(store::list(&app.state.catalog, r, &q, 20).await.unwrap().paging.total, 2);
}

#[tokio::test]
async fn the_change_log_cursor_finds_a_transaction_that_was_running() {
    use smart_city_duisburg::changes::{read_since, snapshot};
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Offen Geblieben", "private", Utc::now()).await;
    let start = snapshot(&app.db).await.unwrap();
    let cursor = start.cursor.clone();
    start.txn.commit().await.unwrap();
    // A transaction writes and stays open; on PostgreSQL it is the newest,
    // so the snapshot below does not even list it as running.
    let open = smart_city_duisburg::db::begin_write(&app.db).await.unwrap();
    let template = offer::ActiveModel {
        provider_id: Set(pid),
        category_id: Set(1),
        slug: Set("offen".into()),
        title: Set("Noch nicht bestätigt".into()),
        description: Set("Wird erst nach dem nächsten Blick ins Protokoll bestätigt.".into()),
        price_model: Set("on_request".into()),
        service_area: Set("city".into()),
        status: Set("published".into()),
        version: Set(1),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let o = template.insert(&open).await.unwrap();
    let (seen, cursor) = read_since(&app.db, &cursor).await.unwrap();
    assert!(seen.iter().all(|c| c.id != o.id), "not committed yet: {seen:?}");
    open.commit().await.unwrap();
    let (seen, _) = read_since(&app.db, &cursor).await.unwrap();
    assert!(seen.iter().any(|c| c.id == o.id), "committed after the look: read on the next one ({seen:?}, {cursor:?})");
}

#[tokio::test]
async fn every_published_unit_is_listed_by_the_next_request() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, cookie) = agent(&app, "Sofort Sichtbar Bau").await;
    let (code, project) = json_call(
        &app,
        "create_project",
        json!({"provider_id": pid, "form": {"name": "Quartier Sofort", "description": "Acht Wohnungen an einem Hof.", "stadtteil": "huckingen", "completion": ""}}),
        Some(&cookie),
    )
    .await;
    assert_eq!(code, 200, "{project}");
    let project = project.as_i64().unwrap().to_string();
    for i in 0..40u64 {
        let form = json!({
            "title": format!("Einheit Nummer {i}"), "description": "Erstbezug: helle Wohnung mit Balkon und Tiefgaragenplatz.",
            "category": "wohnen-kaufen", "price_model": "fixed", "price": "300000", "city_wide": true, "bezirke": [],
            "stadtteil": "huckingen", "housing_kind": "buy", "rooms": "3", "living_area": "82,5", "plot_area": "", "energy_class": "A+",
            "project": project
        });
        let (code, saved) = json_call(&app, "save_offer", json!({"provider_id": pid, "offer_id": null, "version": 0, "form": form}), Some(&cookie)).await;
        assert_eq!(code, 200, "{saved}");
        let oid = saved[0].as_i64().unwrap() as i32;
        assert_eq!(command(&app, pid, oid, "Publish", &cookie).await.0, 200);
        let (_, list) = app.page(&format!("/angebote?projekt={project}")).await;
        assert_eq!(common::result_count(&list), Some(i + 1), "unit {i} (offer {oid}) listed at once");
    }
}

#[tokio::test]
async fn typo_corrections_follow_new_offers() {
    let app = spawn_app(Seed::Demo).await;
    assert!(in_list(&app, "Zwetschgenkuchen").await.is_empty());
    let (pid, _) = agent(&app, "Backstube Beispiel").await;
    let o = fixtures::offer(&app.db, pid, category(&app, "catering"), "Zwetschgenkuchen vom Blech", Some(1_800), Utc::now()).await;
    assert_eq!(in_list(&app, "Zwetschgenkuchen").await, vec![o.id]);
    assert_eq!(in_list(&app, "Zwetschgenkuchn").await, vec![o.id], "one typo in a word first used after start");
}

#[tokio::test]
async fn an_idle_catalogue_only_polls() {
    let app = spawn_app(Seed::Empty).await;
    while !app.state.catalog.is_loaded() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = app.state.catalog.catch_ups();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let looks = app.state.catalog.catch_ups() - before;
    // SQLite polls every 250 ms (another process may write), PostgreSQL
    // every 2 s (NOTIFY wakes it otherwise); the other tests' commits in
    // this process wake it too. Never a busy loop (that made ~16,000).
    assert!(looks <= 400, "{looks} looks into the change log in 2 s of nothing");
}

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app(Seed::Demo).await;
    let (code, body) = app.page("/healthz").await;
    assert_eq!((code, body.as_str()), (200, "ok"));
    let deadline = Instant::now() + Duration::from_secs(20);
    let ready = loop {
        let resp = app.get("/readyz").await;
        let code = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap();
        if code == 200 || Instant::now() > deadline {
            break (code, body);
        }
        assert_eq!(body["ready"], false);
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(ready.0, 200, "{}", ready.1);
    assert_eq!(ready.1["database"], "ok");
    assert_eq!(ready.1["catalogue"]["loaded"], true);
    let published = offer::Entity::find().filter(offer::Column::Status.eq("published")).count(&app.db).await.unwrap();
    assert_eq!(ready.1["catalogue"]["offers"], json!(published));
    assert!(ready.1["catalogue"]["vocabulary_terms"].as_u64().unwrap() > 1_000);
    let _ = app.db.execute_unprepared("SELECT 1").await;
}
