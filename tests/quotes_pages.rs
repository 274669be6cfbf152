//! Requests for quotes over HTTP, on SQLite and PostgreSQL: a resident asks
//! with the form, a provider answers with the quote form, the resident
//! compares and accepts; refused input comes back with the message and
//! everything typed, stores nothing; pages are for their people only.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{cookie_pair, fixtures, html_escape, location, spawn_app, Seed, TestApp};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{provider_category, quote, quote_request};
use smart_city_duisburg::quotes::domain::remaining_debt;

/// A form post as a browser sends it: (status, Location, the response).
async fn post(app: &TestApp, path: &str, form: &[(&str, &str)], cookie: &str) -> reqwest::Response {
    app.client.post(app.url(path)).form(form).header("origin", &app.base).header("accept", "text/html").header("cookie", cookie).send().await.unwrap()
}

async fn bank(app: &TestApp, name: &str) -> (i32, String) {
    let pid = fixtures::provider(&app.db, name, "public", Utc::now()).await;
    let cat = app.state.reference.categories.by_slug("baufinanzierung").unwrap().id;
    provider_category::ActiveModel { provider_id: Set(pid), category_id: Set(cat) }.insert(&app.db).await.unwrap();
    let (uid, cookie) = fixtures::signed_in(&app.db, &format!("Beraterin {name}"), Role::Resident).await;
    fixtures::member(&app.db, pid, uid, "owner").await;
    (pid, cookie)
}

fn request_form<'a>(loan: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kategorie", "baufinanzierung"),
        ("titel", "Kredit für unsere Wohnung"),
        ("beschreibung", "Wir möchten eine Wohnung in Neudorf kaufen und suchen eine solide Finanzierung."),
        ("bezirk", "mitte"),
        ("a_purchase_price", "320.000"),
        ("a_equity", "60.000"),
        ("a_loan_amount", loan),
        ("a_fixed_years", "10"),
        ("a_repayment", "2"),
        ("a_usage", "owner"),
        ("a_start", "2027-05-01"),
        ("telefon", "0203 987654"),
        ("adresse", "Geheimweg 3, 47057 Duisburg"),
        ("alle", "1"),
        ("aktion", "senden"),
    ]
}

fn cents(c: i64) -> String {
    format!("{},{:02}", c / 100, c % 100)
}

/// A mortgage quote on 260,000 € at 3.6 % whose figures agree.
fn quote_form() -> Vec<(&'static str, String)> {
    let monthly = 26_000_000 * 560 / 10_000 / 12;
    let until = (Utc::now().date_naive() + chrono::Days::new(20)).to_string();
    vec![
        ("sollzins", "3,60".into()),
        ("effektivzins", "3,66".into()),
        ("rate", cents(monthly)),
        ("restschuld", cents(remaining_debt(26_000_000, 360, monthly, 10))),
        ("gesamtbetrag", "390.000".into()),
        ("leistungen", "Annuitätendarlehen".into()),
        ("gueltig_bis", until),
    ]
}

#[tokio::test]
async fn a_resident_asks_a_bank_answers_and_the_resident_accepts() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, bank_cookie) = bank(&app, "Rheinbank Test").await;
    let (_, me) = fixtures::signed_in(&app.db, "Nina Neudorf", Role::Resident).await;

    // The form asks what a mortgage needs.
    let (status, html) = app.page_with_cookie("/anfragen/neu?kategorie=baufinanzierung", &me).await;
    assert_eq!(status, 200);
    for label in ["Kaufpreis", "Eigenkapital", "Darlehensbetrag", "Zinsbindung", "Anfängliche Tilgung"] {
        assert!(html.contains(label), "{label}");
    }
    let resp = post(&app, "/anfragen", &request_form("260.000"), &me).await;
    assert_eq!(resp.status().as_u16(), 303);
    let to = location(&resp);
    assert!(to.starts_with("/anfragen/") && to.ends_with("?hinweis=gesendet"), "{to}");
    let id: i32 = to.trim_start_matches("/anfragen/").split('?').next().unwrap().parse().unwrap();
    let (_, page) = app.page_with_cookie(&to, &me).await;
    assert!(page.contains("Kredit für unsere Wohnung") && page.contains("Ihre Anfrage wurde gesendet."));

    // The bank's board lists it without anything personal.
    let board = format!("/dashboard/{pid}/angebotsanfragen");
    let (status, html) = app.page_with_cookie(&board, &bank_cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("Kredit für unsere Wohnung"));
    let here = format!("{board}/{id}");
    let (_, html) = app.page_with_cookie(&here, &bank_cookie).await;
    assert!(html.contains("260.000") && !html.contains("Geheimweg") && !html.contains("987654") && !html.contains("Nina"), "nothing personal before acceptance");

    // A quote whose remaining debt does not add up comes back with the message and the figures.
    let good = quote_form();
    let mut quote_form: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let right = quote_form[3];
    quote_form[3] = ("restschuld", "100.000");
    let resp = post(&app, &format!("{here}/angebot"), &quote_form, &bank_cookie).await;
    let to = location(&resp);
    assert!(to.contains("fehler=esis_mismatch"), "{to}");
    let flash = cookie_pair(&resp, "scd_eingabe").map(|(c, _)| c).unwrap();
    let (_, html) = app.page_with_cookie(to.split('#').next().unwrap(), &format!("{bank_cookie}; {flash}")).await;
    assert!(html.contains(&html_escape("Die Restschuld passt nicht zu Darlehensbetrag, Sollzins und Monatsrate.")), "message");
    assert!(html.contains("value=\"3,66\""), "the typed figures stay");
    assert!(quote::Entity::find().all(&app.db).await.unwrap().is_empty(), "nothing stored");
    quote_form[3] = right;
    let resp = post(&app, &format!("{here}/angebot"), &quote_form, &bank_cookie).await;
    assert_eq!(location(&resp), format!("{here}?hinweis=abgegeben#angebot"));

    // The resident compares: the ESIS figures in the table.
    let (_, html) = app.page_with_cookie(&format!("/anfragen/{id}"), &me).await;
    assert!(html.contains("Effektiver Jahreszins") && html.contains("3,66 %") && html.contains("Rheinbank Test"), "comparison");
    let q = quote::Entity::find().one(&app.db).await.unwrap().unwrap();
    let resp = post(&app, &format!("/anfragen/{id}/angebote/{}/annehmen", q.id), &[("version", &q.version.to_string())], &me).await;
    assert_eq!(location(&resp), format!("/anfragen/{id}?hinweis=angenommen#angebot-{}", q.id));
    assert_eq!(quote_request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().state, "accepted");
    // Now the bank sees who asked.
    let (_, html) = app.page_with_cookie(&here, &bank_cookie).await;
    assert!(html.contains("Geheimweg 3, 47057 Duisburg") && html.contains("0203 987654") && html.contains("nina.neudorf@example.org"));
    // A second accept of a stale page is told, not a 500.
    let resp = post(&app, &format!("/anfragen/{id}/angebote/{}/annehmen", q.id), &[("version", &q.version.to_string())], &me).await;
    assert!(location(&resp).contains("fehler=version"), "{}", location(&resp));
}

#[tokio::test]
async fn refused_requests_keep_what_was_typed_and_store_nothing() {
    let app = spawn_app(Seed::Empty).await;
    let (_, me) = fixtures::signed_in(&app.db, "Tom Tipp", Role::Resident).await;
    let resp = post(&app, "/anfragen", &request_form("viel"), &me).await;
    let to = location(&resp);
    assert!(to.starts_with("/anfragen/neu?kategorie=baufinanzierung") && to.contains("fehler=answer_invalid") && to.contains("feld=loan_amount"), "{to}");
    assert!(!to.contains("Geheimweg") && !to.contains("987654"), "personal fields never in the URL");
    let flash = cookie_pair(&resp, "scd_eingabe").map(|(c, _)| c).unwrap();
    let (_, html) = app.page_with_cookie(to.split('#').next().unwrap(), &format!("{me}; {flash}")).await;
    assert!(html.contains("Diese Angabe ist nicht gültig."));
    assert!(html.contains("id=\"f-a_loan_amount\"") && html.contains("aria-invalid=\"true\""));
    assert!(html.contains("Geheimweg 3, 47057 Duisburg"), "typed fields come back: {}", &html[html.find("anfrage-formular").unwrap_or(0)..].chars().take(3000).collect::<String>());
    assert!(html.contains("Wir möchten eine Wohnung in Neudorf kaufen"), "typed fields come back");
    assert!(quote_request::Entity::find().all(&app.db).await.unwrap().is_empty());
    // Signed out: to the sign-in page and back.
    let resp = app.client.post(app.url("/anfragen")).form(&request_form("260.000")).header("origin", &app.base).header("accept", "text/html").send().await.unwrap();
    assert!(location(&resp).starts_with("/anmelden?zurueck="), "{}", location(&resp));
    // Unconfirmed: told so.
    let (_, unconfirmed) = fixtures::account(&app.db, "Uwe Unklar", Role::Resident, false).await;
    let resp = post(&app, "/anfragen", &request_form("260.000"), &unconfirmed).await;
    assert!(location(&resp).contains("fehler=unbestaetigt"), "{}", location(&resp));
    assert!(quote_request::Entity::find().all(&app.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn request_pages_are_for_their_people_only() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, bank_cookie) = bank(&app, "Ruhrbank Test").await;
    let (_, me) = fixtures::signed_in(&app.db, "Ida Intern", Role::Resident).await;
    let resp = post(&app, "/anfragen", &request_form("260.000"), &me).await;
    let id: i32 = location(&resp).trim_start_matches("/anfragen/").split('?').next().unwrap().parse().unwrap();
    let (_, other) = fixtures::signed_in(&app.db, "Olaf Other", Role::Resident).await;
    assert_eq!(app.page_with_cookie(&format!("/anfragen/{id}"), &other).await.0, 404);
    let resp = app.get(&format!("/anfragen/{id}")).await;
    assert!(location(&resp).starts_with("/anmelden?zurueck="), "signed out: {}", location(&resp));
    assert_eq!(app.page_with_cookie(&format!("/dashboard/{pid}/angebotsanfragen"), &other).await.0, 403);
    // A provider the request does not concern does not find it.
    let (other_pid, other_bank) = bank(&app, "Fremdbank Test").await;
    smart_city_duisburg::db::entities::provider_category::Entity::delete_many().exec(&app.db).await.unwrap();
    assert_eq!(app.page_with_cookie(&format!("/dashboard/{other_pid}/angebotsanfragen/{id}"), &other_bank).await.0, 404);
    let _ = bank_cookie;
    // English.
    let (_, html) = app.page_with_cookie(&format!("/anfragen/{id}"), &format!("{me}; sprache=en")).await;
    assert!(html.contains("Quotes (0)") && html.contains("Withdraw the request"), "English page");
}

/// The live grant the page signed for its reader (in the island's props).
fn grant_in(html: &str) -> String {
    let at = html.find("grant").expect("a live grant on the page");
    html[at..].split(|c: char| !c.is_ascii_hexdigit()).find(|run| run.len() == 64).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_requests_live_events_reach_only_the_pages_that_may_show_it() {
    use common::Sse;
    let app = spawn_app(Seed::Empty).await;
    let (pid, bank_cookie) = bank(&app, "Livebank Test").await;
    let (_, me) = fixtures::signed_in(&app.db, "Lisa Live", Role::Resident).await;
    let resp = post(&app, "/anfragen", &request_form("260.000"), &me).await;
    let id: i32 = location(&resp).trim_start_matches("/anfragen/").split('?').next().unwrap().parse().unwrap();
    let (_, page) = app.page_with_cookie(&format!("/anfragen/{id}"), &me).await;
    let grant = grant_in(&page);
    assert_eq!(grant.len(), 64, "{grant}");
    let mut granted = Sse::open(&app.base, &format!("anfragen={id}&frei={grant}")).await;
    let mut guessed = Sse::open(&app.base, &format!("anfragen={id}")).await;
    let mut board_guess = Sse::open(&app.base, &format!("anfragen_alle=1&frei={grant}")).await;
    let form = quote_form();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = post(&app, &format!("/dashboard/{pid}/angebotsanfragen/{id}/angebot"), &form, &bank_cookie).await;
    assert!(location(&resp).contains("hinweis=abgegeben"), "{}", location(&resp));
    assert!(granted.until("event: change", std::time::Duration::from_secs(5)).await, "the resident's page hears of the quote");
    assert!(!granted.1.contains("request_id"), "the event names nothing: {}", granted.1);
    assert!(!guessed.until("event: change", std::time::Duration::from_millis(1500)).await, "no grant, no events");
    assert!(!board_guess.until("event: change", std::time::Duration::from_millis(200)).await, "a request's grant is no board's");
}

/// A report through the public form: where it sends the reporter.
async fn report(app: &TestApp, art: &str, id: i32, cookie: Option<&str>) -> String {
    let id = id.to_string();
    let form = [("art", art), ("id", id.as_str()), ("reason", "insult"), ("explanation", "Beleidigende Sprache in der Anfrage."), ("name", ""), ("email", ""), ("good_faith", "1")];
    location(&app.post_form("/melden", &form, cookie).await)
}

#[tokio::test]
async fn requests_and_quotes_are_reported_by_those_who_see_them_and_removed_by_moderators() {
    use smart_city_duisburg::db::entities::report;
    let app = spawn_app(Seed::Empty).await;
    let (pid, bank_cookie) = bank(&app, "Meldebank Test").await;
    let (_, me) = fixtures::signed_in(&app.db, "Mara Melde", Role::Resident).await;
    let resp = post(&app, "/anfragen", &request_form("260.000"), &me).await;
    let id: i32 = location(&resp).trim_start_matches("/anfragen/").split('?').next().unwrap().parse().unwrap();
    // Nobody who cannot see the request learns what it says, or that it exists.
    let (_, stranger) = fixtures::signed_in(&app.db, "Sam Stranger", Role::Resident).await;
    assert_eq!(app.page_with_cookie(&format!("/melden?art=quote_request&id={id}"), &stranger).await.0, 404);
    assert_eq!(app.page(&format!("/melden?art=quote_request&id={id}")).await.0, 404);
    assert!(report(&app, "quote_request", id, Some(&stranger)).await.contains("fehler=target"));
    assert!(report(&app, "quote_request", id, None).await.contains("fehler=target"));
    // The bank that sees it reports it.
    let (status, html) = app.page_with_cookie(&format!("/melden?art=quote_request&id={id}"), &bank_cookie).await;
    assert_eq!(status, 200);
    assert!(html.contains("Kredit für unsere Wohnung"));
    assert!(report(&app, "quote_request", id, Some(&bank_cookie)).await.contains("hinweis=gesendet"));
    // A quote: only the resident it was made to.
    let form = quote_form();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(&app, &format!("/dashboard/{pid}/angebotsanfragen/{id}/angebot"), &form, &bank_cookie).await;
    let q = quote::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(report(&app, "quote", q.id, Some(&stranger)).await.contains("fehler=target"));
    assert!(report(&app, "quote", q.id, Some(&me)).await.contains("hinweis=gesendet"));
    // The moderator takes the quote back, then removes the request.
    let (_, moderator) = fixtures::signed_in(&app.db, "Mo Derator", Role::Moderator).await;
    let (_, queue) = app.page_with_cookie("/moderation/meldungen", &moderator).await;
    assert!(queue.contains("Kredit für unsere Wohnung") && queue.contains("Annuitätendarlehen"), "the queue shows what was reported");
    let reports = report::Entity::find().all(&app.db).await.unwrap();
    let by = |kind: &str| reports.iter().find(|r| r.target_kind == kind).unwrap().id;
    let decided = |rid: i32| {
        let app = &app;
        let moderator = moderator.clone();
        async move { location(&app.post_form(&format!("/moderation/meldungen/{rid}"), &[("decision", "hidden"), ("statement", "Verstößt gegen die Regeln für Anfragen.")], Some(&moderator)).await) }
    };
    assert_eq!(decided(by("quote")).await, "/moderation/meldungen?hinweis=entschieden");
    assert_eq!(quote::Entity::find_by_id(q.id).one(&app.db).await.unwrap().unwrap().state, "withdrawn");
    assert_eq!(decided(by("quote_request")).await, "/moderation/meldungen?hinweis=entschieden");
    assert_eq!(quote_request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().state, "removed");
    // Gone from the bank's board; the resident's page says why.
    assert_eq!(app.page_with_cookie(&format!("/dashboard/{pid}/angebotsanfragen/{id}"), &bank_cookie).await.0, 404);
    let (_, page) = app.page_with_cookie(&format!("/anfragen/{id}"), &me).await;
    assert!(page.contains("Von der Moderation entfernt"));
}

/// A multipart post as a browser sends it.
async fn upload(app: &TestApp, path: &str, fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>, cookie: &str) -> reqwest::Response {
    use common::upload::{multipart, BOUNDARY};
    app.client
        .post(app.url(path))
        .header("origin", &app.base)
        .header("accept", "text/html")
        .header("cookie", cookie)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(multipart(fields, file))
        .send()
        .await
        .unwrap()
}

async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut r = app.client.get(app.url(path));
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.send().await.unwrap()
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

#[tokio::test]
async fn photos_of_a_job_and_a_quotes_pdf_reach_only_the_people_of_the_request() {
    use common::upload::{jpeg, jpeg_with_exif};
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    use smart_city_duisburg::db::entities::{quote_file, quote_request_photo as photo, quote_request_photo_variant as variant};
    let app = spawn_app(Seed::Empty).await;
    let roofer = fixtures::provider(&app.db, "Dachdeckerei Test", "private", Utc::now()).await;
    let dach = app.state.reference.categories.by_slug("dach").unwrap().id;
    provider_category::ActiveModel { provider_id: Set(roofer), category_id: Set(dach) }.insert(&app.db).await.unwrap();
    let (uid, roofer_cookie) = fixtures::signed_in(&app.db, "Rita Ruhrdach", Role::Resident).await;
    fixtures::member(&app.db, roofer, uid, "owner").await;
    let (_, bank_cookie) = bank(&app, "Nichtdach Bank").await;
    let (_, me) = fixtures::signed_in(&app.db, "Paula Photo", Role::Resident).await;
    let (_, other) = fixtures::signed_in(&app.db, "Olga Other", Role::Resident).await;

    let (_, html) = app.page_with_cookie("/anfragen/neu?kategorie=dach", &me).await;
    assert!(html.contains("Fotos fügen Sie hinzu, sobald die Anfrage gespeichert ist"), "the craft form says when photos come");
    let form = [
        ("kategorie", "dach"), ("titel", "Sturmschaden am Dach"), ("beschreibung", "Nach dem Sturm fehlen etwa zwanzig Ziegel, es regnet durch."),
        ("bezirk", "mitte"), ("a_period", "asap"), ("a_tenure", "owner"), ("alle", "1"), ("aktion", "entwurf"),
    ];
    let resp = post(&app, "/anfragen", &form, &me).await;
    let id: i32 = location(&resp).trim_start_matches("/anfragen/").split('?').next().unwrap().parse().unwrap();
    let photos_path = format!("/anfragen/{id}/fotos");

    // A photo with GPS data in its Exif: stored re-encoded, without it.
    let original = jpeg_with_exif(800, 400);
    let resp = upload(&app, &photos_path, &[("alt", "Fehlende Ziegel über der Gaube")], Some(("dach.jpg", "image/jpeg", &original)), &me).await;
    assert_eq!(location(&resp), format!("/anfragen/{id}?hinweis=foto#fotos"));
    let stored = photo::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    let sizes = variant::Entity::find().filter(variant::Column::PhotoId.eq(stored[0].id)).all(&app.db).await.unwrap();
    assert!(!sizes.is_empty() && sizes.iter().all(|v| v.width <= 1280 && !v.bytes.windows(9).any(|w| w == b"GPSSECRET")), "re-encoded without metadata");
    assert_eq!((stored[0].width, stored[0].height), (400, 800), "turned upright by its Exif orientation");

    // Refused uploads say why and store nothing.
    let resp = upload(&app, &photos_path, &[("alt", "")], Some(("dach.jpg", "image/jpeg", &jpeg(40, 30))), &me).await;
    assert!(location(&resp).contains("foto_fehler=alt_fehlt"), "{}", location(&resp));
    let resp = upload(&app, &photos_path, &[("alt", "Ein Text")], Some(("dach.jpg", "image/jpeg", b"just text")), &me).await;
    let to = location(&resp);
    assert!(to.contains("foto_fehler=falscher_typ") && to.contains("alt=Ein+Text"), "{to}");
    let (_, html) = app.page_with_cookie(to.split('#').next().unwrap(), &me).await;
    assert!(html.contains("Bitte laden Sie ein Foto im Format JPEG, PNG oder WebP hoch.") && html.contains("value=\"Ein Text\""), "message and the typed text");
    let resp = upload(&app, &photos_path, &[("alt", "Fremd")], Some(("x.jpg", "image/jpeg", &jpeg(40, 30))), &other).await;
    assert_eq!(resp.status().as_u16(), 404, "another person's request");
    assert_eq!(photo::Entity::find().count(&app.db).await.unwrap(), 1);

    // The resident sees the photo; nobody else while it is a draft.
    let (_, html) = app.page_with_cookie(&format!("/anfragen/{id}"), &me).await;
    let thumb = format!("/anfragen/{id}/fotos/{}-320.jpg", stored[0].id);
    assert!(html.contains(&thumb) && html.contains("Fehlende Ziegel über der Gaube"), "the gallery");
    let resp = fetch(&app, &thumb, Some(&me)).await;
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/jpeg");
    assert_eq!(resp.headers()["cache-control"], "private, no-store");
    assert_eq!(fetch(&app, &thumb, None).await.status().as_u16(), 404, "signed out");
    assert_eq!(fetch(&app, &thumb, Some(&roofer_cookie)).await.status().as_u16(), 404, "a draft reaches no provider");

    // Sent, the matching roofer sees it; a bank the request does not concern does not.
    let version = quote_request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().version.to_string();
    post(&app, &format!("/anfragen/{id}/senden"), &[("version", &version)], &me).await;
    let here = format!("/dashboard/{roofer}/angebotsanfragen/{id}");
    let (_, html) = app.page_with_cookie(&here, &roofer_cookie).await;
    assert!(html.contains(&thumb), "the roofer's board shows the photo");
    assert_eq!(fetch(&app, &thumb, Some(&roofer_cookie)).await.status().as_u16(), 200);
    assert_eq!(fetch(&app, &thumb, Some(&bank_cookie)).await.status().as_u16(), 404);
    assert_eq!(fetch(&app, &thumb, Some(&other)).await.status().as_u16(), 404);

    // At most six photos; one can be removed again.
    for i in 0..5 {
        let resp = upload(&app, &photos_path, &[("alt", &format!("Detail {i}"))], Some(("d.jpg", "image/jpeg", &jpeg(60, 40))), &me).await;
        assert!(location(&resp).ends_with("hinweis=foto#fotos"), "{}", location(&resp));
    }
    let resp = upload(&app, &photos_path, &[("alt", "Eins zu viel")], Some(("d.jpg", "image/jpeg", &jpeg(60, 40))), &me).await;
    assert!(location(&resp).contains("fehler=photos"), "{}", location(&resp));
    assert_eq!(photo::Entity::find().count(&app.db).await.unwrap(), 6);
    let last = photo::Entity::find().all(&app.db).await.unwrap().into_iter().map(|p| p.id).max().unwrap().to_string();
    let remove = format!("{photos_path}?entfernen={last}");
    let resp = upload(&app, &remove, &[], None, &other).await;
    assert_eq!(resp.status().as_u16(), 404, "not another person's");
    let resp = upload(&app, &remove, &[], None, &me).await;
    assert!(location(&resp).ends_with("hinweis=foto_entfernt#fotos"), "{}", location(&resp));
    assert_eq!(photo::Entity::find().count(&app.db).await.unwrap(), 5);

    // A mortgage form asks for no photos, and one request's photo is not found through another's id.
    let resp = post(&app, "/anfragen", &request_form("260.000"), &me).await;
    let mortgage: i32 = location(&resp).trim_start_matches("/anfragen/").split('?').next().unwrap().parse().unwrap();
    let resp = upload(&app, &format!("/anfragen/{mortgage}/fotos"), &[("alt", "Grundriss")], Some(("g.jpg", "image/jpeg", &jpeg(60, 40))), &me).await;
    assert!(location(&resp).contains("fehler=state"), "{}", location(&resp));
    assert_eq!(fetch(&app, &thumb.replace(&format!("/anfragen/{id}/"), &format!("/anfragen/{mortgage}/")), Some(&me)).await.status().as_u16(), 404);

    // The roofer quotes, then attaches a PDF: a new revision to accept.
    let until = (Utc::now().date_naive() + chrono::Days::new(20)).to_string();
    let quote = [("preis", "4.800"), ("preisart", "fixed"), ("leistungen", "Ziegel ersetzen, Gerüst"), ("gueltig_bis", until.as_str())];
    post(&app, &format!("{here}/angebot"), &quote, &roofer_cookie).await;
    let q = quote::Entity::find().one(&app.db).await.unwrap().unwrap();
    let pdf_post = format!("{here}/unterlagen");
    let resp = upload(&app, &pdf_post, &[], Some(("angebot.pdf", "application/pdf", b"<html><script>alert(1)</script></html>")), &roofer_cookie).await;
    assert!(location(&resp).contains("fehler=pdf_type"), "{}", location(&resp));
    let (_, html) = app.page_with_cookie(location(&resp).split('#').next().unwrap(), &roofer_cookie).await;
    assert!(html.contains("Bitte laden Sie ein PDF-Dokument hoch"), "the message");
    let resp = upload(&app, &pdf_post, &[], Some(("Angebot Dach.pdf", "application/pdf", PDF)), &bank_cookie).await;
    assert_eq!(resp.status().as_u16(), 403, "another provider's people");
    let resp = upload(&app, &pdf_post, &[], Some(("Angebot Dach.pdf", "application/pdf", PDF)), &roofer_cookie).await;
    assert_eq!(location(&resp), format!("{here}?hinweis=pdf#angebot"));
    let revised = quote::Entity::find_by_id(q.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((revised.state.as_str(), revised.revision, revised.version), ("revised", q.revision + 1, q.version + 1));
    assert_eq!(quote_file::Entity::find().count(&app.db).await.unwrap(), 1);

    // The resident downloads it; nobody but the two sides can.
    let (_, html) = app.page_with_cookie(&format!("/anfragen/{id}"), &me).await;
    let pdf_url = format!("/anfragen/{id}/angebote/{}/angebot.pdf", q.id);
    assert!(html.contains(&pdf_url) && html.contains("Angebot Dach.pdf"), "the link");
    assert!(html.contains("<th scope=\"row\">Unterlagen</th>"), "a row of the comparison, where the resident accepts");
    let resp = fetch(&app, &pdf_url, Some(&me)).await;
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert!(resp.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(fetch(&app, &pdf_url, Some(&roofer_cookie)).await.status().as_u16(), 200);
    for who in [None, Some(other.as_str()), Some(bank_cookie.as_str())] {
        assert_eq!(fetch(&app, &pdf_url, who).await.status().as_u16(), 404);
    }

    // The version the page showed before the PDF cannot be accepted; the new one can, and then the quote stays as accepted.
    let resp = post(&app, &format!("/anfragen/{id}/angebote/{}/annehmen", q.id), &[("version", &q.version.to_string())], &me).await;
    assert!(location(&resp).contains("fehler=version"), "{}", location(&resp));
    post(&app, &format!("/anfragen/{id}/angebote/{}/annehmen", q.id), &[("version", &revised.version.to_string())], &me).await;
    let resp = upload(&app, &pdf_post, &[("aktion", "entfernen")], None, &roofer_cookie).await;
    assert!(location(&resp).contains("fehler=state"), "{}", location(&resp));
    let resp = upload(&app, &photos_path, &[("alt", "Später")], Some(("d.jpg", "image/jpeg", &jpeg(60, 40))), &me).await;
    assert!(location(&resp).contains("fehler=state"), "{}", location(&resp));
    assert_eq!(quote_file::Entity::find().count(&app.db).await.unwrap(), 1);

    // The data export lists both.
    let export = app.client.get(app.url("/konto/daten.json")).header("cookie", &me).send().await.unwrap().text().await.unwrap();
    assert!(export.contains("Fehlende Ziegel über der Gaube") && export.contains("Angebot Dach.pdf"), "export");
}
