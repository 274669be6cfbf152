//! OpenImmo import from the provider dashboard, on SQLite and PostgreSQL:
//! the upload creates offers on the provider page and the report shows on
//! the import page; a broken file shows its located error and changes
//! nothing; a ZIP's images become the offers' photos, once; who may import.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, form_call, html_escape, location, spawn_app, Seed, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{audit_log, offer, openimmo_import_run, openimmo_listing, photo, provider};

const BOUNDARY: &str = "scd-openimmo-boundary-Qx81LmZ";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/openimmo/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn multipart(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend(bytes);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Posts the file as a browser on this site would, and waits for the
/// import as a browser without JavaScript does (see `settle`).
async fn upload(app: &TestApp, pid: i32, name: &str, bytes: &[u8], cookie: Option<&str>) -> reqwest::Response {
    let resp = upload_only(app, pid, name, bytes, cookie).await;
    if let Some(run) = run_of(&resp) {
        settle(app, pid, run, cookie.unwrap_or_default()).await;
    }
    resp
}

/// The run a browser is sent to follow (`…/openimmo?lauf={id}#lauf-{id}`).
fn run_of(resp: &reqwest::Response) -> Option<i32> {
    location(resp).split("lauf=").nth(1)?.split('#').next()?.parse().ok()
}

/// Follows the refresh target of the page without JavaScript until it
/// leads to the report instead of back to the running import.
async fn settle(app: &TestApp, pid: i32, run: i32, cookie: &str) {
    for _ in 0..600 {
        let resp = app.client.get(app.url(&format!("/dashboard/{pid}/openimmo/lauf/{run}"))).header("cookie", cookie).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 303);
        let to = location(&resp);
        if to == format!("/dashboard/{pid}/openimmo#import-ergebnis") {
            return;
        }
        assert_eq!(to, format!("/dashboard/{pid}/openimmo?lauf={run}#lauf-{run}"));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("import run {run} did not finish within a minute");
}

async fn upload_only(app: &TestApp, pid: i32, name: &str, bytes: &[u8], cookie: Option<&str>) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(&format!("/dashboard/{pid}/openimmo")))
        .header("origin", &app.base)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("accept", "text/html")
        .header("accept-language", "de")
        .body(multipart(name, bytes));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.expect("upload request")
}

async fn owner_of_provider(app: &TestApp) -> (i32, String, i32) {
    let (uid, cookie) = fixtures::signed_in(&app.db, "Olga", Role::Resident).await;
    let pid = fixtures::provider(&app.db, "Makler Hafen", "private", Utc::now()).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    (uid, cookie, pid)
}

async fn offers_of(app: &TestApp, pid: i32) -> u64 {
    offer::Entity::find().filter(offer::Column::ProviderId.eq(pid)).count(&app.db).await.unwrap()
}

#[tokio::test]
async fn an_upload_creates_offers_and_the_page_shows_the_report() {
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie, pid) = owner_of_provider(&app).await;
    let resp = upload(&app, pid, "duisburg-voll.xml", &fixture("duisburg-voll.xml"), Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert!(location(&resp).starts_with(&format!("/dashboard/{pid}/openimmo")), "{}", location(&resp));
    assert_eq!(offers_of(&app, pid).await, 3);

    let p = provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap();
    let (status, html) = app.page(&format!("/anbieter/{}-{}", pid, p.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Dachgeschoss am Hafen"), "provider page lacks the imported offer");
    assert!(html.contains("Doppelhaushälfte mit Garten in Rheinhausen"));

    let (status, html) = app.page_with_cookie(&format!("/dashboard/{pid}/openimmo"), &cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("duisburg-voll.xml"));
    assert!(html.contains("Neu angelegt: 3"), "{html}");
    assert!(html.contains("Übersprungen: 1"));
    assert!(html.contains("Bürofläche ohne Vermarktungsart") || html.contains("vermarktungsart"), "skip reason missing");
    // The dashboard links to the import page.
    let (_, dash) = app.page_with_cookie(&format!("/dashboard/{pid}"), &cookie).await;
    assert!(dash.contains(&format!("href=\"/dashboard/{pid}/openimmo\"")));

    // The same file again changes nothing; both runs are listed, newest first.
    let resp = upload(&app, pid, "duisburg-voll.xml", &fixture("duisburg-voll.xml"), Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(offers_of(&app, pid).await, 3);
    let (_, html) = app.page_with_cookie(&format!("/dashboard/{pid}/openimmo"), &cookie).await;
    let unchanged = html.find("Unverändert: 3").expect("second run unchanged");
    assert!(unchanged < html.find("Neu angelegt: 3").unwrap(), "newest run first");

    let runs = openimmo_import_run::Entity::find().filter(openimmo_import_run::Column::ProviderId.eq(pid)).all(&app.db).await.unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.actor_id == Some(uid) && r.error.is_none()));
    // Audited when something changed: the unchanged second run is not.
    let audits = audit_log::Entity::find().filter(audit_log::Column::Action.eq("openimmo.import")).all(&app.db).await.unwrap();
    assert_eq!(audits.len(), 1);
    assert!(audits.iter().all(|a| a.actor_id == Some(uid) && a.entity_id == pid));
}

#[tokio::test]
async fn a_broken_file_shows_its_located_error_and_changes_nothing() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid) = owner_of_provider(&app).await;
    fixtures::offer(&app.db, pid, 1, "Bestehendes Angebot", Some(1000), Utc::now()).await;
    for name in ["broken-mismatched-tag.xml", "broken-truncated.xml", "broken-not-openimmo.xml"] {
        let bytes = fixture(name);
        let expected = match smart_city_duisburg::openimmo_import::store::read(&bytes) {
            Err(smart_city_duisburg::openimmo_import::ImportError::Read(e)) => e,
            other => panic!("{name} should not be readable: {other:?}"),
        };
        let before = offer::Entity::find().all(&app.db).await.unwrap();
        let resp = upload(&app, pid, name, &bytes, Some(&cookie)).await;
        assert_eq!(resp.status().as_u16(), 303, "{name}");
        assert_eq!(offer::Entity::find().all(&app.db).await.unwrap(), before, "{name} changed offers");
        let (_, html) = app.page_with_cookie(&format!("/dashboard/{pid}/openimmo"), &cookie).await;
        let shown = format!("Die Datei kann nicht gelesen werden, es wurde nichts geändert: {}", html_escape(&expected));
        assert!(html.contains(&shown), "{name}: {shown} not in page");
        assert!(html.contains(name));
    }
    // An empty file: back to the form with the localized reason, no run stored.
    let runs = openimmo_import_run::Entity::find().count(&app.db).await.unwrap();
    let resp = upload(&app, pid, "leer.xml", b"", Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    let back = location(&resp);
    assert!(back.starts_with(&format!("/dashboard/{pid}/openimmo?fehler=leer")), "{back}");
    let (_, html) = app.page_with_cookie(back.split('#').next().unwrap(), &cookie).await;
    assert!(html.contains("Bitte wählen Sie eine Datei aus."));
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(openimmo_import_run::Entity::find().count(&app.db).await.unwrap(), runs);
    // Reader errors of XML files name the line.
    let (_, html) = app.page_with_cookie(&format!("/dashboard/{pid}/openimmo"), &cookie).await;
    assert!(html.contains("line "));
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("openimmo.import")).count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn only_the_providers_people_and_admins_may_import() {
    let app = spawn_app(Seed::Empty).await;
    let (_, owner, pid) = owner_of_provider(&app).await;
    let other = fixtures::provider(&app.db, "Anderer Makler", "private", Utc::now()).await;
    let (other_uid, other_member) = fixtures::signed_in(&app.db, "Otto", Role::Resident).await;
    fixtures::member(&app.db, other, other_uid, "owner").await;
    let (_, resident) = fixtures::signed_in(&app.db, "Rita", Role::Resident).await;
    let (member_uid, member) = fixtures::signed_in(&app.db, "Mia", Role::Resident).await;
    fixtures::member(&app.db, pid, member_uid, "member").await;
    let (_, admin) = fixtures::signed_in(&app.db, "Ada", Role::Admin).await;
    let file = fixture("duisburg-voll.xml");

    let resp = upload(&app, pid, "a.xml", &file, None).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert!(location(&resp).starts_with("/anmelden?zurueck="), "{}", location(&resp));
    for cookie in [&resident, &other_member] {
        assert_eq!(upload(&app, pid, "a.xml", &file, Some(cookie)).await.status().as_u16(), 403);
    }
    assert_eq!(offers_of(&app, pid).await, 0);
    assert_eq!(openimmo_import_run::Entity::find().count(&app.db).await.unwrap(), 0);
    for cookie in [&member, &owner, &admin] {
        let resp = upload(&app, pid, "a.xml", &file, Some(cookie)).await;
        assert_eq!(resp.status().as_u16(), 303);
        assert!(location(&resp).starts_with(&format!("/dashboard/{pid}/openimmo")));
    }
    assert_eq!(openimmo_import_run::Entity::find().count(&app.db).await.unwrap(), 3);
    assert_eq!(offers_of(&app, pid).await, 3);
    // The page itself: the provider's people only.
    assert_eq!(app.page_with_cookie(&format!("/dashboard/{pid}/openimmo"), &member).await.0, 200);
    assert_eq!(app.page_with_cookie(&format!("/dashboard/{pid}/openimmo"), &other_member).await.0, 403);
}

/// `duisburg-voll.xml` with a real JPEG for W-1001's INTERN attachment.
fn zip_with_real_jpeg() -> Vec<u8> {
    use std::io::Write;
    let img = image::RgbImage::from_fn(400, 300, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut jpeg = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("export/openimmo.xml", opts).unwrap();
    w.write_all(&fixture("duisburg-voll.xml")).unwrap();
    w.start_file("export/bilder/hochfeld-wohnzimmer.jpg", opts).unwrap();
    w.write_all(&jpeg).unwrap();
    w.finish().unwrap().into_inner()
}

async fn photos_of_w1001(app: &TestApp, pid: i32) -> Vec<photo::Model> {
    let link = openimmo_listing::Entity::find()
        .filter(openimmo_listing::Column::ProviderId.eq(pid))
        .filter(openimmo_listing::Column::ExternalKey.eq("nr:W-1001"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("W-1001 imported");
    photo::Entity::find().filter(photo::Column::OfferId.eq(link.offer_id)).all(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_zips_images_become_photos_once_and_bad_ones_are_skipped() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid) = owner_of_provider(&app).await;
    let page = format!("/dashboard/{pid}/openimmo");
    // The fixture's JPEG is only a header: skipped with its reason, the listings imported.
    let resp = upload(&app, pid, "duisburg-with-images.zip", &fixture("duisburg-with-images.zip"), Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(offers_of(&app, pid).await, 3);
    assert!(photos_of_w1001(&app, pid).await.is_empty());
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    assert!(html.contains("Bilder übersprungen: 1"), "{html}");
    assert!(html.contains("hochfeld-wohnzimmer.jpg: not a usable image"));

    let good = zip_with_real_jpeg();
    upload(&app, pid, "bestand.zip", &good, Some(&cookie)).await;
    let photos = photos_of_w1001(&app, pid).await;
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].alt_text, "Wohnzimmer");
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    assert!(html.contains("Bilder übernommen: 1"));
    let (status, _) = app.page(&format!("/bilder/{}-320.jpg", photos[0].id)).await;
    assert_eq!(status, 200, "the published offer's photo is public");
    assert_eq!(photo::Entity::find().count(&app.db).await.unwrap(), 1, "only W-1001 has an image");

    // The same ZIP again attaches nothing new.
    upload(&app, pid, "bestand.zip", &good, Some(&cookie)).await;
    assert_eq!(photos_of_w1001(&app, pid).await.len(), 1);
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    let already = html.find("Bilder schon vorhanden: 1").expect("second run: already there");
    assert!(already < html.find("Bilder übernommen: 1").unwrap());
}

/// A file big enough that its import is still running when the page is
/// asked for right after the upload (seconds, where a request takes
/// milliseconds).
fn big_file() -> Vec<u8> {
    openimmo::write(&openimmo::synth::document(6_000, 7)).into_bytes()
}

#[tokio::test]
async fn the_page_follows_a_running_import_and_a_second_upload_waits() {
    let app = spawn_app(Seed::Empty).await;
    let (_, cookie, pid) = owner_of_provider(&app).await;
    let page = format!("/dashboard/{pid}/openimmo");
    let file = big_file();
    let resp = upload_only(&app, pid, "bestand.xml", &file, Some(&cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    let run = run_of(&resp).expect("sent to follow the run");

    // Running: the progress in a status region, the refresh for browsers without JavaScript.
    let (status, html) = app.page_with_cookie(&format!("{page}?lauf={run}"), &cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<noscript><meta http-equiv=\"refresh\" content=\"2; url=/dashboard/{pid}/openimmo/lauf/{run}\">")), "{html}");
    let region = &html[html.find(&format!("id=\"lauf-{run}\"")).expect("progress region")..];
    assert!(html.contains("role=\"status\""));
    assert!(region.contains("Import läuft"), "{region}");
    assert!(region.contains("<progress"));
    // Another upload meanwhile is refused with the reason, and nothing else starts.
    let second = upload_only(&app, pid, "nochmal.xml", &fixture("duisburg-voll.xml"), Some(&cookie)).await;
    assert_eq!(location(&second), format!("{page}?fehler=laeuft#oi-datei"));
    let (_, html) = app.page_with_cookie(&format!("{page}?fehler=laeuft"), &cookie).await;
    assert!(html.contains("Für diesen Anbieter läuft gerade ein Import."));
    assert_eq!(openimmo_import_run::Entity::find().count(&app.db).await.unwrap(), 1);
    // The state the hydrated page polls: the provider's people only.
    let ids = [("provider_id", pid.to_string()), ("run_id", run.to_string())];
    let form: Vec<(&str, &str)> = ids.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, state) = form_call(&app, "openimmo_run_state", &form, Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(state.get("Running").is_some() || state.get("Done").is_some(), "{state}");
    let (_, stranger) = fixtures::signed_in(&app.db, "Sven", Role::Resident).await;
    assert_eq!(form_call(&app, "openimmo_run_state", &form, Some(&stranger)).await.0, 403);

    // Done: the report, and the page no longer refreshes.
    settle(&app, pid, run, &cookie).await;
    assert!(form_call(&app, "openimmo_run_state", &form, Some(&cookie)).await.1.get("Done").is_some());
    assert_eq!(offers_of(&app, pid).await, 6_000);
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    assert!(html.contains("Neu angelegt: 6.000"), "{html}");
    assert!(!html.contains("http-equiv=\"refresh\""));
    let stored = openimmo_import_run::Entity::find_by_id(run).one(&app.db).await.unwrap().unwrap();
    assert_eq!(stored.status, "done");
}

#[tokio::test]
async fn a_run_another_instance_reports_shows_its_stored_progress_until_its_heartbeat_stops() {
    use sea_orm::{ActiveModelTrait, Set};
    let app = spawn_app(Seed::Empty).await;
    let (uid, cookie, pid) = owner_of_provider(&app).await;
    let page = format!("/dashboard/{pid}/openimmo");
    // A run as another instance writes it: its phase and counts, a fresh heartbeat.
    let row = openimmo_import_run::ActiveModel {
        provider_id: Set(pid),
        actor_id: Set(Some(uid)),
        file_name: Set("anderswo.xml".into()),
        status: Set("running".into()),
        phase: Set(Some("angebote".into())),
        progress_done: Set(1_200),
        progress_total: Set(3_000),
        heartbeat_at: Set(Some(Utc::now())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    let postgres = app.db.get_database_backend() == sea_orm::DbBackend::Postgres;
    if postgres {
        // Several instances share PostgreSQL: the stored progress is shown and the provider waits.
        assert!(html.contains("Angebote werden geschrieben: 1.200 von 3.000"), "{html}");
        assert!(html.contains("value=\"40\""));
        let resp = upload_only(&app, pid, "a.xml", &fixture("duisburg-voll.xml"), Some(&cookie)).await;
        assert_eq!(location(&resp), format!("{page}?fehler=laeuft#oi-datei"));
    } else {
        // SQLite has one instance: a run it does not know was left by an earlier process.
        assert!(html.contains("Der Import wurde unterbrochen"), "{html}");
    }
    // Without a heartbeat for longer than allowed, the run counts as interrupted everywhere.
    let mut stale: openimmo_import_run::ActiveModel = row.into();
    stale.heartbeat_at = Set(Some(Utc::now() - chrono::Duration::minutes(5)));
    stale.update(&app.db).await.unwrap();
    let (_, html) = app.page_with_cookie(&page, &cookie).await;
    assert!(html.contains("Der Import wurde unterbrochen"), "{html}");
    let resp = upload(&app, pid, "a.xml", &fixture("duisburg-voll.xml"), Some(&cookie)).await;
    assert!(run_of(&resp).is_some(), "{}", location(&resp));
    assert_eq!(offers_of(&app, pid).await, 3);
}

#[tokio::test]
async fn two_uploads_at_once_start_one_run() {
    use smart_city_duisburg::openimmo_import::runner::{start, Started};
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Beispiel Makler", "private", Utc::now()).await;
    let (uid, _) = fixtures::signed_in(&app.db, "Mara Makler", Role::Resident).await;
    let file = fixture("duisburg-voll.xml");
    let (a, b) = tokio::join!(
        start(&app.state, pid, uid, "a.xml", file.clone()),
        start(&app.state, pid, uid, "b.xml", file.clone()),
    );
    let started = [a.unwrap(), b.unwrap()];
    let busy = started.iter().filter(|s| matches!(s, Started::Busy)).count();
    assert_eq!(busy, 1, "exactly one of two simultaneous uploads runs");
    assert_eq!(openimmo_import_run::Entity::find().filter(openimmo_import_run::Column::ProviderId.eq(pid)).count(&app.db).await.unwrap(), 1);
}
