//! Residents' recommendations over HTTP, on SQLite and PostgreSQL: one per
//! person, provider and category; never one's own provider; firms that are
//! not on the platform shared by name and town and kept out of provider
//! search and the API; seconds once each and never one's own; the ranking on
//! the category pages; rate limits; the big list of naughty strings; and the
//! data export and account deletion. Claims are in `recommendation_claims.rs`.
#![cfg(feature = "ssr")]
mod common;

use chrono::{Duration, Utc};
use common::recommendations::{category_id, only_rec, recommend_listed, recommend_unlisted, seconds_of, vote, REASON};
use common::{fixtures, html_escape, location, spawn_app, Seed, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{
    provider, provider_member, recommendation as rec, recommendation_second as second, unlisted_provider as unlisted,
};

/// A signed-in person: (user id, Cookie header value).
async fn person_with(app: &TestApp, name: &str, role: Role, verified: bool) -> (i32, String) {
    fixtures::account(&app.db, name, role, verified).await
}

async fn person(app: &TestApp, name: &str) -> (i32, String) {
    person_with(app, name, Role::Resident, true).await
}

#[tokio::test]
async fn a_firm_not_on_the_platform_is_shared_marked_and_kept_out_of_provider_search() {
    let app = spawn_app(Seed::Empty).await;
    let (a, ca) = person(&app, "Anna Beispiel").await;
    let (b, cb) = person(&app, "Bora Muster").await;
    let to = recommend_unlisted(&app, &ca, "baufinanzierung", "Beispielbank Nordwest eG", "Duisburg", "https://beispielbank.example/", REASON).await;
    let r = only_rec(&app, a).await;
    assert_eq!(to, format!("/empfehlungen?kategorie=baufinanzierung#empfehlung-{}", r.id));
    // The same firm, typed differently: one shared entry.
    recommend_unlisted(&app, &cb, "baufinanzierung", "  beispielbank NORDWEST ", "duisburg", "", "Kann ich nur bestätigen, top Kondition.").await;
    assert_eq!(unlisted::Entity::find().count(&app.db).await.unwrap(), 1);
    assert_eq!(only_rec(&app, b).await.unlisted_id, r.unlisted_id);
    assert!(r.provider_id.is_none());
    assert_eq!(provider::Entity::find().count(&app.db).await.unwrap(), 0, "it is no provider");

    // Shown on the category page, the parent category's offers page and the start page.
    for page in ["/empfehlungen?kategorie=baufinanzierung", "/angebote?kategorie=finanzen", "/"] {
        let (status, html) = app.page(page).await;
        assert_eq!(status, 200, "{page}");
        assert!(html.contains("Beispielbank Nordwest eG") && html.contains("nicht auf der Plattform"), "{page}");
        assert!(html.contains("Anna Beispiel"), "{page}: the recommender's display name");
        assert!(html.contains("Finanzen › Baufinanzierung"), "{page}: and the category");
    }
    let (_, html) = app.page("/empfehlungen?kategorie=baufinanzierung").await;
    assert!(html.contains(r#"href="https://beispielbank.example/" rel="nofollow ugc noopener""#), "external link marked");
    assert!(html.contains(REASON));
    let (status, choose) = app.page("/empfehlungen").await;
    assert_eq!(status, 200);
    assert!(choose.contains("href=\"/empfehlungen?kategorie=baufinanzierung\""), "without a category: the categories to choose from");
    // Another category shows none of it.
    let (_, other) = app.page("/empfehlungen?kategorie=dach").await;
    assert!(!other.contains("Beispielbank"));
    // Never in provider search, the open-data API or the counts.
    let (status, api) = app.page("/api/v1/providers").await;
    assert_eq!(status, 200);
    assert!(!api.contains("Beispielbank"));
    assert!(smart_city_duisburg::recommendations::store::find_providers(&app.db, "Beispielbank").await.unwrap().is_empty(), "not in the provider picker");
}

#[tokio::test]
async fn one_recommendation_per_person_provider_and_category_and_never_ones_own_provider() {
    let app = spawn_app(Seed::Empty).await;
    let p = fixtures::provider(&app.db, "Dachdeckerei Probe", "private", Utc::now()).await;
    let (_, resident) = person(&app, "Rita Resident").await;
    let (m, member) = person(&app, "Mia Member").await;
    provider_member::ActiveModel { provider_id: Set(p), user_id: Set(m), role: Set("member".into()), created_at: Set(Utc::now()) }.insert(&app.db).await.unwrap();

    let own = recommend_listed(&app, &member, "dach", p, REASON).await;
    assert!(own.starts_with("/empfehlen?fehler=eigener-anbieter&kategorie=dach"), "{own}");
    let (_, page) = app.page_with_cookie(&own, &member).await;
    assert!(page.contains("Mitglieder eines Anbieters können ihn nicht selbst empfehlen"));

    assert!(recommend_listed(&app, &resident, "dach", p, REASON).await.starts_with("/empfehlungen?kategorie=dach#empfehlung-"));
    let again = recommend_listed(&app, &resident, "dach", p, "Noch einmal, weil es so gut war.").await;
    assert!(again.starts_with("/empfehlen?fehler=doppelt"), "{again}");
    assert!(recommend_listed(&app, &resident, "elektro", p, REASON).await.starts_with("/empfehlungen?kategorie=elektro#"), "another category is another recommendation");
    assert_eq!(rec::Entity::find().count(&app.db).await.unwrap(), 2);
    let unknown = recommend_listed(&app, &resident, "maler", 999_999, REASON).await;
    assert!(unknown.starts_with("/empfehlen?fehler=anbieter"), "{unknown}");

    // The form finds providers on the platform by name and offers them to pick.
    let (status, form) = app.page_with_cookie("/empfehlen?kategorie=dach&suche=deckerei", &resident).await;
    assert_eq!(status, 200);
    assert!(form.contains(&format!("name=\"anbieter\" value=\"{p}\"")) && form.contains("Dachdeckerei Probe"), "the picker lists it");
    let (_, none) = app.page_with_cookie("/empfehlen?kategorie=dach&suche=gibtsnicht", &resident).await;
    assert!(!none.contains("Dachdeckerei Probe") && none.contains("value=\"extern\" checked"), "nothing found: a firm not on the platform");
    let (_, signed_out) = app.page("/empfehlen").await;
    assert!(signed_out.contains("Zum Empfehlen bitte anmelden.") && !signed_out.contains("name=\"begruendung\""));
    // From the provider's page: the form with the provider picked.
    let (_, picked) = app.page_with_cookie(&format!("/empfehlen?anbieter={p}"), &resident).await;
    assert!(picked.contains(&format!("name=\"anbieter\" value=\"{p}\" checked")), "the provider is picked");
    // A listed provider links to its page, and its page shows what it is recommended for.
    let (_, profile) = app.page(&format!("/anbieter/{p}-dachdeckerei-probe")).await;
    assert!(profile.contains(REASON) && profile.contains("Handwerk › Elektrik") && profile.contains(&format!("href=\"/empfehlen?anbieter={p}\"")), "the provider's page");
    let (_, html) = app.page("/angebote?kategorie=handwerk").await;
    assert!(html.contains(&format!("href=\"/anbieter/{p}-")) && html.contains("Dachdeckerei Probe"));
    // Signed out: to the sign-in, and back to the form with what was typed.
    let anon = app.post_form("/empfehlen", &[("kategorie", "dach"), ("anbieter", "extern")], None).await;
    assert_eq!(location(&anon), "/anmelden?zurueck=%2Fempfehlen%3Fkategorie%3Ddach%26anbieter%3Dextern");
}

#[tokio::test]
async fn seconds_count_once_each_never_ones_own_and_can_be_withdrawn() {
    let app = spawn_app(Seed::Empty).await;
    let p = fixtures::provider(&app.db, "Bank Probe", "private", Utc::now()).await;
    let (a, ca) = person(&app, "Anna Autor").await;
    let (_, cs) = person(&app, "Sven Second").await;
    let (m, cm) = person(&app, "Mona Member").await;
    provider_member::ActiveModel { provider_id: Set(p), user_id: Set(m), role: Set("owner".into()), created_at: Set(Utc::now()) }.insert(&app.db).await.unwrap();
    recommend_listed(&app, &ca, "baufinanzierung", p, REASON).await;
    let r = only_rec(&app, a).await.id;

    assert!(vote(&app, &ca, r, "unterstuetzen").await.ends_with("fehler=eigene-empfehlung"));
    assert!(vote(&app, &cm, r, "unterstuetzen").await.ends_with("fehler=eigener-anbieter"));
    assert_eq!(seconds_of(&app, r).await, 0);
    assert_eq!(vote(&app, &cs, r, "unterstuetzen").await, "/empfehlungen?kategorie=finanzen");
    vote(&app, &cs, r, "unterstuetzen").await;
    assert_eq!(seconds_of(&app, r).await, 1, "once each");
    let (_, html) = app.page_with_cookie("/empfehlungen?kategorie=baufinanzierung", &cs).await;
    assert!(html.contains("1 Unterstützung") && html.contains("Unterstützung zurückziehen"));
    let (_, own) = app.page_with_cookie("/empfehlungen?kategorie=baufinanzierung", &ca).await;
    assert!(!own.contains("kann ich auch empfehlen") && own.contains("Meine Empfehlung löschen"), "no second of one's own, but its deletion");
    assert!(own.contains("1 Unterstützung"), "the author sees the count too");
    // Someone else who has not seconded it: the count, and theirs to give.
    let (_, ct) = person(&app, "Tina Dritte").await;
    let (_, third) = app.page_with_cookie("/empfehlungen?kategorie=baufinanzierung", &ct).await;
    assert!(third.contains("1 Unterstützung") && third.contains("kann ich auch empfehlen") && !third.contains("Unterstützung zurückziehen"));
    vote(&app, &cs, r, "zurueckziehen").await;
    assert_eq!(seconds_of(&app, r).await, 0);
    // Only the author deletes a recommendation, seconds and all.
    vote(&app, &cs, r, "unterstuetzen").await;
    assert!(vote(&app, &cs, r, "loeschen").await.ends_with("fehler=unbekannt"));
    assert_eq!(vote(&app, &ca, r, "loeschen").await, "/empfehlungen?kategorie=finanzen");
    assert_eq!(rec::Entity::find().count(&app.db).await.unwrap(), 0);
    assert_eq!(second::Entity::find().count(&app.db).await.unwrap(), 0);
    let anon = app.post_form(&format!("/empfehlungen/{r}/unterstuetzen"), &[("zurueck", "/empfehlungen")], None).await;
    assert_eq!(location(&anon), "/anmelden?zurueck=%2Fempfehlungen");
}

#[tokio::test]
async fn category_pages_rank_by_seconds_and_freshness() {
    let app = spawn_app(Seed::Empty).await;
    let cat = category_id(&app, "baufinanzierung").await;
    let (author, _) = person(&app, "Alle Autor").await;
    let voters: Vec<i32> = {
        let mut v = vec![];
        for i in 0..10 {
            v.push(person(&app, &format!("Voter {i}")).await.0);
        }
        v
    };
    let now = Utc::now();
    // (name, days old, seconds): scores 2.75, 2, 1, 0.125 by (1 + s) * 0.5^(days/30).
    let plan = [("Firma Alt-Stark", 60, 10), ("Firma Neu-Eins", 0, 1), ("Firma Neu-Null", 0, 0), ("Firma Uralt", 90, 0)];
    for (i, (name, days, seconds)) in plan.iter().enumerate() {
        let u = unlisted::ActiveModel {
            name: Set((*name).into()),
            town: Set("Duisburg".into()),
            website: Set(None),
            norm_key: Set(format!("k{i}")),
            created_by: Set(None),
            claimed_provider_id: Set(None),
            is_demo: Set(false),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let r = rec::ActiveModel {
            author_id: Set(author),
            category_id: Set(cat),
            provider_id: Set(None),
            unlisted_id: Set(Some(u.id)),
            reason: Set(REASON.into()),
            is_demo: Set(false),
            created_at: Set(now - Duration::days(*days) - Duration::minutes(i as i64)),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        for v in voters.iter().take(*seconds) {
            second::ActiveModel { recommendation_id: Set(r.id), user_id: Set(*v), created_at: Set(now) }.insert(&app.db).await.unwrap();
        }
    }
    for page in ["/empfehlungen?kategorie=baufinanzierung", "/empfehlungen?kategorie=finanzen"] {
        let (_, html) = app.page(page).await;
        let pos: Vec<usize> = plan.iter().map(|(n, _, _)| html.find(n).unwrap_or_else(|| panic!("{n} on {page}"))).collect();
        assert!(pos[0] < pos[1] && pos[1] < pos[2] && pos[2] < pos[3], "{page}: {pos:?}");
    }
    let (_, html) = app.page("/transparenz").await;
    assert!(html.contains("0,5^(Alter in Tagen ÷ 30)"), "the formula is published");
}

#[tokio::test]
async fn recommending_and_seconding_are_rate_limited_per_account_and_per_address() {
    let app = spawn_app(Seed::Empty).await;
    let (_, c) = person(&app, "Viel Schreiber").await;
    for i in 0..10 {
        let to = recommend_unlisted(&app, &c, "reinigung", &format!("Putzfirma {i}"), "Duisburg", "", REASON).await;
        assert!(to.starts_with("/empfehlungen?"), "{i}: {to}");
    }
    let limited = recommend_unlisted(&app, &c, "reinigung", "Putzfirma 10", "Duisburg", "", REASON).await;
    assert!(limited.starts_with("/empfehlen?fehler=limit"), "{limited}");
    let (_, page) = app.page_with_cookie(&limited, &c).await;
    assert!(page.contains("Zu viele Empfehlungen"));
    // Two more accounts from the same address reach the address's budget (30).
    for n in 0..2 {
        let (_, other) = person(&app, &format!("Helfer {n}")).await;
        for i in 0..10 {
            let to = recommend_unlisted(&app, &other, "reinigung", &format!("Firma {n}-{i}"), "Duisburg", "", REASON).await;
            let expect_ok = n == 0 || i < 9;
            assert_eq!(to.starts_with("/empfehlungen?"), expect_ok, "{n}/{i}: {to}");
        }
    }
    // Seconds: 60 an hour per account.
    let (author, ca) = person(&app, "Autor Vielfach").await;
    app.db.execute_unprepared("DELETE FROM rate_limit").await.unwrap();
    for i in 0..10 {
        recommend_unlisted(&app, &ca, "garten", &format!("Gärtnerei {i}"), "Duisburg", "", REASON).await;
    }
    let recs: Vec<i32> = rec::Entity::find().filter(rec::Column::AuthorId.eq(author)).all(&app.db).await.unwrap().into_iter().map(|r| r.id).collect();
    let (_, voter) = person(&app, "Eifrig Stimme").await;
    let mut refused = 0;
    for round in 0..7 {
        for r in &recs {
            let action = if round % 2 == 0 { "unterstuetzen" } else { "zurueckziehen" };
            if vote(&app, &voter, *r, action).await.ends_with("fehler=limit") {
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 10, "the 61st to 70th vote are refused");
}

#[tokio::test]
async fn the_big_list_of_naughty_strings_is_stored_exactly_and_shown_escaped() {
    let app = spawn_app(Seed::Empty).await;
    let strings: Vec<String> = serde_json::from_str(include_str!("data/blns.json")).unwrap();
    let (_, c) = person(&app, "Naughty Tester").await;
    let mut stored = 0;
    let mut too_long = 0;
    for (i, s) in strings.iter().enumerate() {
        // The budget is not what this test is about.
        app.db.execute_unprepared("DELETE FROM rate_limit").await.unwrap();
        let (name, town, reason) = (format!("Firma {i} {s}"), format!("Ort {i} {s}"), format!("Begründung {i}: {s}"));
        let to = recommend_unlisted(&app, &c, "maler", &name, &town, "", &reason).await;
        let fits = name.trim().chars().count() <= 120 && town.trim().chars().count() <= 80;
        if fits {
            assert!(to.starts_with("/empfehlungen?kategorie=maler#empfehlung-"), "{i} {s:?}: {to}");
            let id: i32 = to.rsplit('-').next().unwrap().parse().unwrap();
            let r = rec::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
            assert_eq!(r.reason, reason.trim(), "{i}");
            let u = unlisted::Entity::find_by_id(r.unlisted_id.unwrap()).one(&app.db).await.unwrap().unwrap();
            assert_eq!((u.name.as_str(), u.town.as_str()), (name.trim(), town.trim()), "{i}");
            stored += 1;
        } else {
            assert!(to.starts_with("/empfehlen?fehler=eingabe"), "{i}: {to}");
            let (status, page) = app.page_with_cookie(&to, &c).await;
            assert_eq!(status, 200, "{i}");
            assert!(page.contains("Bitte zwischen 2 und 120 Zeichen eingeben.") || page.contains("Bitte zwischen 2 und 80 Zeichen eingeben."), "{i}");
            too_long += 1;
        }
    }
    assert!(stored > 400 && too_long > 0, "{stored} stored, {too_long} too long");
    let (status, html) = app.page("/empfehlungen?kategorie=maler").await;
    assert_eq!(status, 200);
    for r in rec::Entity::find().all(&app.db).await.unwrap() {
        assert!(html.contains(&html_escape(&r.reason)), "shown escaped: {:?}", r.reason);
    }
    assert!(!html.contains("<script>alert(123)</script>"), "never raw markup");
}

#[tokio::test]
async fn recommendations_and_seconds_are_in_the_data_export_and_go_with_the_account() {
    let app = spawn_app(Seed::Empty).await;
    let (a, ca) = person(&app, "Gerda Gehen").await;
    let (_, cb) = person(&app, "Bleibt Hier").await;
    recommend_unlisted(&app, &ca, "umzugsunternehmen", "Umzug Probe Eins", "Duisburg", "", REASON).await;
    recommend_unlisted(&app, &cb, "umzugsunternehmen", "Umzug Probe Zwei", "Duisburg", "", REASON).await;
    let theirs = rec::Entity::find().filter(rec::Column::AuthorId.ne(a)).one(&app.db).await.unwrap().unwrap();
    vote(&app, &ca, theirs.id, "unterstuetzen").await;
    let data: Value = app.client.get(app.url("/konto/daten.json")).header("cookie", &ca).send().await.unwrap().json().await.unwrap();
    let mine = &data["recommendations"];
    assert_eq!(mine["recommendations"][0]["provider"]["name"], "Umzug Probe Eins");
    assert_eq!(mine["recommendations"][0]["reason"], REASON);
    assert_eq!(mine["seconds"][0]["recommendation_id"], theirs.id);

    smart_city_duisburg::accounts::gdpr::delete_account(&app.db, &app.state.public_url, a).await.unwrap();
    assert_eq!(rec::Entity::find().count(&app.db).await.unwrap(), 1, "their recommendation goes");
    assert_eq!(second::Entity::find().count(&app.db).await.unwrap(), 0, "and their seconds");
    let names: Vec<String> = unlisted::Entity::find().all(&app.db).await.unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["Umzug Probe Zwei"], "a firm nobody recommends any more goes too");
}

#[tokio::test]
async fn open_lists_hear_of_new_recommendations() {
    let app = spawn_app(Seed::Empty).await;
    let (_, c) = person(&app, "Live Autorin").await;
    let mut stream = reqwest::Client::new().get(app.url("/live?liste=1")).send().await.unwrap();
    let mut seen = String::new();
    // The stream opens with a comment; then the recommendation.
    while !seen.contains(':') {
        seen.push_str(&String::from_utf8_lossy(&stream.chunk().await.unwrap().unwrap()));
    }
    recommend_unlisted(&app, &c, "dach", "Dachdeckerei Live", "Duisburg", "", REASON).await;
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while !seen.contains("event: change") {
            seen.push_str(&String::from_utf8_lossy(&stream.chunk().await.unwrap().unwrap()));
        }
    })
    .await;
    assert!(heard.is_ok(), "{seen}");
}
