//! Search tuning on both engines: administrators add synonym groups that
//! apply without a rebuild (through the change log), a refused list keeps
//! what was typed, misses are counted without personal data, "Meinten Sie
//! …?" links to a query that finds more, and suggestions follow the typing.
#![cfg(feature = "ssr")]
mod common;

use std::time::Duration;

use common::{fixtures, form_call, location, spawn_app, Seed};
use smart_city_duisburg::accounts::domain::Role;

async fn count(app: &common::TestApp, q: &str) -> u64 {
    let (status, body) = app.page(&format!("/api/v1/offers?q={}", urlencode(q))).await;
    assert_eq!(status, 200, "{q}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["pagination"]["total"].as_u64().unwrap()
}

fn urlencode(s: &str) -> String {
    smart_city_duisburg::common::url_key::encode(s)
}

/// The catalogue applies the change log in its own task: wait a little.
async fn eventually_count(app: &common::TestApp, q: &str, want: impl Fn(u64) -> bool) -> u64 {
    let mut n = 0;
    for _ in 0..50 {
        n = count(app, q).await;
        if want(n) {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    n
}

#[tokio::test]
async fn administrators_add_synonyms_that_apply_at_once() {
    let app = spawn_app(Seed::Demo).await;
    let (_, admin) = fixtures::signed_in(&app.db, "Ada Admin", Role::Admin).await;
    let (_, resident) = fixtures::signed_in(&app.db, "Rita Resident", Role::Resident).await;
    assert_eq!(count(&app, "Rohrbruch").await, 0, "nobody offers the word");

    // Only administrators.
    let anonymous = app.post_form("/admin/suche/synonyme", &[("text", "x"), ("version", "0")], None).await;
    assert_eq!(anonymous.status().as_u16(), 303);
    assert!(location(&anonymous).starts_with("/anmelden"), "{}", location(&anonymous));
    let refused = app.post_form("/admin/suche/synonyme", &[("text", "sanitaer-heizung: rohrbruch, sanitär"), ("version", "0")], Some(&resident)).await;
    assert_eq!(refused.status().as_u16(), 403);
    let (status, page) = app.page_with_cookie("/admin/suche", &resident).await;
    assert_eq!(status, 403, "{page}");
    assert!(!page.contains("f-synonyms"), "no form for a resident");
    assert_eq!(count(&app, "Rohrbruch").await, 0);

    // A bad list is refused line by line and kept as the draft.
    let bad = "# eigene\nsanitaer-heizung: rohrbruch, sanitär\nmond: a, b\nmaler: zwei worte, weißeln";
    let resp = app.post_form("/admin/suche/synonyme", &[("text", bad), ("version", "0")], Some(&admin)).await;
    assert_eq!(location(&resp), "/admin/suche?fehler=synonyme#synonyme");
    let (status, page) = app.page_with_cookie("/admin/suche?fehler=synonyme", &admin).await;
    assert_eq!(status, 200);
    assert!(page.contains("Zeile 3: „mond“ ist kein Kategorie-Kürzel."), "{page}");
    assert!(page.contains("Zeile 4: „zwei worte“ ist nicht genau ein Wort."), "{page}");
    assert!(page.contains("weißeln"), "the draft is shown again");
    assert_eq!(count(&app, "Rohrbruch").await, 0, "nothing of a refused list applies");

    // A good list applies to the next search, without a restart.
    let good = "sanitaer-heizung: rohrbruch, wasserschaden, sanitär";
    let resp = app.post_form("/admin/suche/synonyme", &[("text", good), ("version", "0")], Some(&admin)).await;
    assert_eq!(location(&resp), "/admin/suche?hinweis=gespeichert#synonyme");
    let found = eventually_count(&app, "Rohrbruch", |n| n > 0).await;
    assert_eq!(found, count(&app, "Sanitär").await, "Rohrbruch finds what Sanitär finds");
    let (_, page) = app.page_with_cookie("/admin/suche", &admin).await;
    assert!(page.contains("rohrbruch, wasserschaden"), "the list in force is shown");
    assert!(!page.contains("weißeln"), "the draft is gone");

    // Saved over a newer version: refused, the text kept as the draft.
    let resp = app.post_form("/admin/suche/synonyme", &[("text", "maler: weißeln, maler"), ("version", "0")], Some(&admin)).await;
    assert_eq!(location(&resp), "/admin/suche?fehler=konflikt#synonyme");
    let (_, page) = app.page_with_cookie("/admin/suche?fehler=konflikt", &admin).await;
    assert!(page.contains("weißeln") && page.contains("Jemand anderes hat die Liste inzwischen gespeichert"), "{page}");
    assert_eq!(count(&app, "weißeln").await, 0);

    // Audited.
    let (_, log) = app.page_with_cookie("/admin/protokoll", &admin).await;
    assert!(log.contains("search.synonyms"), "{log}");

    // The list emptied again: the reviewed file alone.
    let (_, page) = app.page_with_cookie("/admin/suche", &admin).await;
    let version = page.split("name=\"version\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned();
    let resp = app.post_form("/admin/suche/synonyme", &[("text", ""), ("version", &version)], Some(&admin)).await;
    assert_eq!(location(&resp), "/admin/suche?hinweis=gespeichert#synonyme");
    assert_eq!(eventually_count(&app, "Rohrbruch", |n| n == 0).await, 0);
}

#[tokio::test]
async fn searches_without_results_are_counted_for_administrators() {
    let app = spawn_app(Seed::Demo).await;
    let (_, admin) = fixtures::signed_in(&app.db, "Ada Admin", Role::Admin).await;
    for q in ["Zzyzx Quux", "zzyzx   QUUX", "Wohnung"] {
        count(&app, q).await;
    }
    let (status, _) = app.page(&format!("/angebote?q={}", urlencode("Qwxyzzy"))).await;
    assert_eq!(status, 200);
    app.state.search_misses.flush(&app.db).await.unwrap();
    let (_, page) = app.page_with_cookie("/admin/suche", &admin).await;
    let row = page.split("<tr>").find(|r| r.contains(">zzyzx quux</a>")).expect("the miss is listed with a link and its words");
    assert!(row.contains("<td>2</td>"), "counted twice, folded alike: {row}");
    assert!(page.contains("qwxyzzy"), "from the results page too");
    assert!(!page.contains(">wohnung<"), "a query with results is not counted");

    let resp = app.post_form("/admin/suche/erledigt", &[("query", "zzyzx quux")], Some(&admin)).await;
    assert_eq!(location(&resp), "/admin/suche?hinweis=geloescht#fehlanzeigen");
    let (_, page) = app.page_with_cookie("/admin/suche", &admin).await;
    assert!(!page.contains("zzyzx quux") && page.contains("qwxyzzy"));
}

#[tokio::test]
async fn did_you_mean_links_to_a_query_that_finds_more() {
    let app = spawn_app(Seed::Demo).await;
    // Two typos: no automatic correction, but a suggestion.
    assert_eq!(count(&app, "Dachdekcre").await, 0);
    let (status, page) = app.page("/angebote?q=Dachdekcre&bezirk=mitte").await;
    assert_eq!(status, 200);
    let link = page.split("class=\"did-you-mean\"").nth(1).expect("a suggestion").split("</p>").next().unwrap().to_owned();
    assert!(link.contains("Meinten Sie"), "{link}");
    let href = link.split("href=\"").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
    assert!(href.contains("bezirk=mitte"), "the other filters stay: {href}");
    let q = href.split("q=").nth(1).unwrap().split('&').next().unwrap();
    let (_, body) = app.page(&format!("/api/v1/offers?q={q}&bezirk=mitte")).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(v["pagination"]["total"].as_u64().unwrap() > 0, "the suggestion finds offers within the same filters: {href}");
    // A query that finds plenty gets none.
    let (_, page) = app.page("/angebote?q=Dachdecker").await;
    assert!(!page.contains("did-you-mean"));
}

#[tokio::test]
async fn suggestions_follow_the_typing() {
    let app = spawn_app(Seed::Demo).await;
    let labels = |v: &serde_json::Value, kind: &str| -> Vec<String> {
        v.as_array().unwrap().iter().filter(|s| s["kind"] == kind).map(|s| s["label"].as_str().unwrap().to_owned()).collect()
    };
    let (status, v) = form_call(&app, "suggest", &[("q", "Klemp")], None).await;
    assert_eq!(status, 200, "{v}");
    assert!(labels(&v, "Category").iter().any(|l| l.contains("Sanitär")), "a trade name suggests its category: {v}");
    let (_, v) = form_call(&app, "suggest", &[("q", "Dach")], None).await;
    assert!(labels(&v, "Category").iter().any(|l| l.contains("Dachdecker")), "{v}");
    let terms = labels(&v, "Term");
    assert!(!terms.is_empty() && terms.iter().all(|t| t.to_lowercase().starts_with("dach")), "{terms:?}");
    let (_, v) = form_call(&app, "suggest", &[("q", "Wohnung Dach")], None).await;
    let terms = labels(&v, "Term");
    assert!(!terms.is_empty() && terms.iter().all(|t| t.starts_with("Wohnung ")), "earlier words stay: {v}");
    let (_, v) = form_call(&app, "suggest", &[("q", "x")], None).await;
    assert_eq!(v, serde_json::json!([]), "one letter suggests nothing");
}
