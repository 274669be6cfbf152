//! The pages, rendered by the real router over HTTP, on SQLite or PostgreSQL
//! (see `common::spawn_app`).
#![cfg(feature = "ssr")]
mod common;

use common::{html_escape, result_count, spawn_app, spawn_app_tweaked, Seed};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use smart_city_duisburg::db::entities::{offer, offer_district, provider, review};

/// The page's schema.org JSON-LD, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("JSON-LD present");
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).expect("valid JSON-LD")
}

#[tokio::test]
async fn health_check_reports_database() {
    let app = spawn_app(Seed::Empty).await;
    let (status, body) = app.page("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
}

#[tokio::test]
async fn an_empty_citys_start_page_invites_the_first_recommendation() {
    let app = spawn_app(Seed::Empty).await;
    // An empty city's start page invites the first recommendation (it
    // said "for this category" before, with no category in sight).
    let (_, start) = app.page("/").await;
    assert!(start.contains("Noch keine Empfehlungen. Kennen Sie einen guten Anbieter?") && !start.contains("Für diese Kategorie"));
}

#[tokio::test]
async fn start_page_is_server_rendered_with_database_data() {
    let app = spawn_app(Seed::Demo).await;
    let (status, html) = app.page("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"de\""));
    assert!(html.contains("Demo-Daten"), "demo banner missing");
    let newest = offer::Entity::find()
        .filter(offer::Column::Status.eq("published"))
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(html.contains(&html_escape(&newest.title)), "newest offer {:?} not in the HTML", newest.title);
    // The district map: seven linked districts and the OSM attribution.
    assert_eq!(html.matches("class=\"district shade-").count(), 7);
    assert!(html.contains("href=\"/angebote?bezirk=homberg-ruhrort-baerl\""));
    assert!(html.contains("OpenStreetMap-Mitwirkende"));
    for name in ["Wohnen", "Handwerk", "Energie", "Walsum", "Rheinhausen", "Homberg/Ruhrort/Baerl"] {
        assert!(html.contains(name), "{name} missing on the start page");
    }
}

#[tokio::test]
async fn the_island_code_is_not_preloaded_ahead_of_the_first_paint() {
    let app = spawn_app(Seed::Demo).await;
    let (_, html) = app.page("/").await;
    let hints: Vec<&str> = html.match_indices("<link").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()]).filter(|l| l.contains("preload")).collect();
    assert_eq!(hints.len(), 2, "leptos's two hints for the script and the wasm: {hints:?}");
    assert!(hints.iter().all(|l| l.contains("media=\"not all\"")), "a hint would start the download before the first paint: {hints:?}");
    assert!(html.contains("<script type=\"module\""), "the island script still loads the code");
}

#[tokio::test]
async fn filtering_by_bezirk_narrows_the_list_and_matches_the_database() {
    let app = spawn_app(Seed::Demo).await;
    let (status, all) = app.page("/angebote").await;
    assert_eq!(status, 200);
    let total = result_count(&all).expect("count on the list page");
    let published = offer::Entity::find().filter(offer::Column::Status.eq("published")).count(&app.db).await.unwrap();
    assert_eq!(total, published);

    let (status, walsum) = app.page("/angebote?bezirk=walsum").await;
    assert_eq!(status, 200);
    let in_walsum = result_count(&walsum).unwrap();
    let city_wide = offer::Entity::find()
        .filter(offer::Column::Status.eq("published"))
        .filter(offer::Column::ServiceArea.eq("city"))
        .count(&app.db)
        .await
        .unwrap();
    let walsum_id = 1; // first Stadtbezirk of the reference data
    let serving: Vec<i32> = offer_district::Entity::find()
        .filter(offer_district::Column::BezirkId.eq(walsum_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.offer_id)
        .collect();
    let serving_published = offer::Entity::find()
        .filter(offer::Column::Id.is_in(serving))
        .filter(offer::Column::Status.eq("published"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(in_walsum, city_wide + serving_published);
    assert!(in_walsum < total, "the filter must narrow the list");
}

#[tokio::test]
async fn a_parent_category_includes_its_children() {
    let app = spawn_app(Seed::Demo).await;
    let (_, parent) = app.page("/angebote?kategorie=wohnen").await;
    let mut children = 0;
    for child in ["wohnen-kaufen", "wohnen-mieten", "neubauprojekte"] {
        let (status, html) = app.page(&format!("/angebote?kategorie={child}")).await;
        assert_eq!(status, 200);
        children += result_count(&html).unwrap();
    }
    assert!(children > 0);
    assert_eq!(result_count(&parent).unwrap(), children);
}

#[tokio::test]
async fn bad_filters_get_a_german_message_and_400() {
    let app = spawn_app(Seed::Demo).await;
    for (query, message) in [
        ("kategorie=gibtsnicht", "Diese Kategorie gibt es nicht."),
        ("bezirk=atlantis", "Diesen Stadtbezirk gibt es nicht."),
        ("seite=abc", "Die Seitenzahl muss eine Zahl zwischen 1 und 500 sein."),
        ("seite=0", "Die Seitenzahl muss eine Zahl zwischen 1 und 500 sein."),
    ] {
        let (status, html) = app.page(&format!("/angebote?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains(message), "{query}: message missing");
    }
}

/// The list without any filter refetches (a live update) with an empty
/// request body: it must answer like the unfiltered page, not 400.
#[tokio::test]
async fn the_list_server_function_takes_an_empty_filter() {
    let app = spawn_app(Seed::Demo).await;
    let (status, body) = common::form_call(&app, "offers", &[], None).await;
    assert_eq!(status, 200, "{body}");
    let total = offer::Entity::find().filter(offer::Column::Status.eq("published")).count(&app.db).await.unwrap();
    assert_eq!(body["paging"]["total"], total);
    let (status, body) = common::form_call(&app, "compare", &[], None).await;
    assert_eq!(status, 400);
    assert_ne!(body["Invalid"]["field"], "request", "the comparison's own message: {body}");
}

#[tokio::test]
async fn pagination_walks_the_list() {
    let app = spawn_app(Seed::Demo).await;
    let (_, p1) = app.page("/angebote").await;
    let (status, p2) = app.page("/angebote?seite=2").await;
    assert_eq!(status, 200);
    assert!(p1.contains("21–40") == false && p2.contains("21–40"));
    assert!(p2.contains("rel=\"prev\""));
}

#[tokio::test]
async fn the_results_page_describes_itself_and_keeps_its_heading_order() {
    let app = spawn_app(Seed::Demo).await;
    let (_, html) = app.page("/angebote?q=wohnung").await;
    assert!(html.contains("<meta name=\"description\" content=\"Angebote aller Anbieter in Duisburg"), "meta description");
    // h1, then the results' h2, then the cards' h3: no level skipped.
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
    assert!(at("<h1") < at("<h2 class=\"visually-hidden\">Suchergebnisse</h2>"));
    assert!(at("<h2 class=\"visually-hidden\">Suchergebnisse</h2>") < at("<h3"));
}

#[tokio::test]
async fn offer_page_shows_the_offer_and_redirects_old_slugs() {
    let app = spawn_app_tweaked(|st| st.public_origin = Some("https://duisburg.example".into())).await;
    let o = offer::Entity::find().filter(offer::Column::Status.eq("published")).one(&app.db).await.unwrap().unwrap();
    let p = provider::Entity::find_by_id(o.provider_id).one(&app.db).await.unwrap().unwrap();
    let path = format!("/angebote/{}-{}", o.id, o.slug);
    let (status, html) = app.page(&path).await;
    assert_eq!(status, 200);
    assert!(html.contains(&html_escape(&o.title)));
    assert!(html.contains(&html_escape(&p.name)));
    // Search engines take only an absolute canonical URL at its word: the
    // configured public origin's, never the request's Host.
    assert!(html.contains(&format!("<link href=\"https://duisburg.example{path}\" rel=\"canonical\">")), "absolute canonical link");

    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "Offer");
    assert_eq!(ld["name"], o.title.as_str());
    assert_eq!(ld["offeredBy"]["name"], p.name.as_str());

    let old = app.get(&format!("/angebote/{}-ein-alter-titel", o.id)).await;
    assert_eq!(old.status().as_u16(), 301);
    assert_eq!(old.headers()["location"], path.as_str());

    assert_eq!(app.page("/angebote/99999999-nichts").await.0, 404);
    assert_eq!(app.page("/angebote/kein-schluessel").await.0, 404);
}

#[tokio::test]
async fn drafts_and_archived_offers_stay_invisible() {
    let app = spawn_app(Seed::Demo).await;
    let hidden = offer::Entity::find().filter(offer::Column::Status.ne("published")).all(&app.db).await.unwrap();
    assert!(!hidden.is_empty(), "the demo city has drafts and archived offers");
    for o in hidden.iter().take(3) {
        assert_eq!(app.page(&format!("/angebote/{}-{}", o.id, o.slug)).await.0, 404, "{}", o.status);
    }
}

#[tokio::test]
async fn provider_page_shows_offers_reviews_and_average() {
    let app = spawn_app(Seed::Demo).await;
    let r = review::Entity::find().filter(review::Column::Status.eq("published")).one(&app.db).await.unwrap().unwrap();
    let p = provider::Entity::find_by_id(r.provider_id).one(&app.db).await.unwrap().unwrap();
    let stars: Vec<i16> = review::Entity::find()
        .filter(review::Column::ProviderId.eq(p.id))
        .filter(review::Column::Status.eq("published"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.stars)
        .collect();
    let avg = stars.iter().map(|s| *s as f64).sum::<f64>() / stars.len() as f64;
    let (status, html) = app.page(&format!("/anbieter/{}-{}", p.id, p.slug)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&html_escape(&p.name)));
    let shown = format!("{:.1}", avg).replace('.', ",");
    assert!(html.contains(&format!("{shown} von 5 Sternen")), "average {shown} missing");
    assert!(html.contains(&format!("({} Bewertung", stars.len())));
    let badge = match p.ownership.as_str() {
        "municipal" => "Kommunal",
        "cooperative" => "Genossenschaft",
        _ => "Privat",
    };
    assert!(html.contains(badge));
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "LocalBusiness");
    assert_eq!(ld["aggregateRating"]["reviewCount"], stars.len());
    assert_eq!(ld["review"][0]["@type"], "Review");
    assert_eq!(app.page("/anbieter/99999999").await.0, 404);
    let (status, bad_page) = app.page(&format!("/anbieter/{}-{}?seite=zwei", p.id, p.slug)).await;
    assert_eq!(status, 400);
    assert!(bad_page.contains("Die Seitenzahl muss eine Zahl zwischen 1 und 500 sein."));
    let old = app.get(&format!("/anbieter/{}", p.id)).await;
    assert_eq!(old.status().as_u16(), 301);
}

#[tokio::test]
async fn unknown_paths_render_the_404_page() {
    let app = spawn_app(Seed::Empty).await;
    let (status, html) = app.page("/gibt/es/nicht").await;
    assert_eq!(status, 404);
    assert!(html.contains("Seite nicht gefunden"));
}

#[tokio::test]
async fn server_functions_answer_over_http() {
    let app = spawn_app(Seed::Demo).await;
    let resp = app
        .client
        .post(app.url("/api/offers"))
        .form(&[("filter[bezirk]", "sued"), ("filter[kategorie]", "handwerk")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body["paging"]["total"].as_u64().unwrap() > 0);
    assert!(body["offers"].as_array().unwrap().len() <= 20);

    let bad = app.client.post(app.url("/api/offers")).form(&[("filter[bezirk]", "mond")]).send().await.unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    let text = bad.text().await.unwrap();
    assert!(text.contains("Diesen Stadtbezirk gibt es nicht."), "{text}");
    assert!(!text.to_lowercase().contains("sqlx"));
}

#[tokio::test]
async fn static_assets_are_compressed_and_cached() {
    let app = spawn_app(Seed::Empty).await;
    let js = "console.log('x');".repeat(200);
    std::fs::write(app.site_root.join("pkg/app.js"), &js).unwrap();
    let resp = app.client.get(app.url("/pkg/app.js")).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(resp.headers()["content-encoding"], "br");
    let page = app.client.get(app.url("/")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(page.headers()["content-encoding"], "gzip");
}

/// A provider's page shows its newest offers and links to a results list
/// narrowed to it, which has them all (and says whose they are); the API
/// tells the same.
#[tokio::test]
async fn a_provider_page_shows_the_newest_offers_and_links_to_all() {
    use smart_city_duisburg::providers::store::PAGE_OFFERS;
    let app = spawn_app(Seed::Demo).await;
    let published = || offer::Entity::find().filter(offer::Column::Status.eq("published"));
    let mut per_provider = std::collections::BTreeMap::<i32, Vec<offer::Model>>::new();
    for o in published().order_by_desc(offer::Column::CreatedAt).order_by_desc(offer::Column::Id).all(&app.db).await.unwrap() {
        per_provider.entry(o.provider_id).or_default().push(o);
    }
    let (&big, newest) = per_provider.iter().max_by_key(|(id, v)| (v.len(), -**id)).unwrap();
    let n = newest.len();
    assert!(n > PAGE_OFFERS, "the demo city has a provider with more than {PAGE_OFFERS} offers ({n})");
    let p = provider::Entity::find_by_id(big).one(&app.db).await.unwrap().unwrap();
    let (status, html) = app.page(&format!("/anbieter/{}-{}", p.id, p.slug)).await;
    assert_eq!(status, 200);
    let cards: Vec<i32> = html.split("data-offer-id=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse().unwrap()).collect();
    assert_eq!(cards, newest.iter().take(PAGE_OFFERS).map(|o| o.id).collect::<Vec<_>>(), "the newest offers, newest first");
    let all = format!("/angebote?anbieter={}&sortierung=neueste", p.id);
    let linked = [all.clone(), all.replace('&', "&amp;")].iter().any(|href| html.contains(&format!("href=\"{href}\"")));
    assert!(linked && html.contains(&format!("Alle {n} Angebote dieses Anbieters ansehen")), "a link to all {n}");

    let (status, list) = app.page(&all).await;
    assert_eq!(status, 200);
    assert_eq!(result_count(&list), Some(n as u64), "the list narrowed to it has them all");
    let listed: Vec<i32> = list.split("data-offer-id=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse().unwrap()).collect();
    assert_eq!(listed, newest.iter().take(20).map(|o| o.id).collect::<Vec<_>>(), "newest first, as on its page");
    let scope = &list[list.find("class=\"notice list-scope\"").expect("a notice names the provider")..];
    let scope = &scope[..scope.find("</p>").unwrap()];
    assert!(scope.contains(&format!("href=\"/anbieter/{}-{}\"", p.id, p.slug)) && scope.contains(&html_escape(&p.name)), "{scope}");
    assert!(list.contains(&format!("name=\"anbieter\" value=\"{}\"", p.id)), "the filter form keeps it");
    assert!(list.contains(&format!("href=\"/anfragen/neu?anbieter={}\"", p.id)), "asking for quotes asks this provider");
    let (_, narrowed) = app.page(&format!("/angebote?anbieter={}&kategorie=wohnen", p.id)).await;
    assert!(narrowed.contains(&format!("href=\"/anfragen/neu?kategorie=wohnen&amp;anbieter={}\"", p.id)), "with the category chosen");
    // A provider with few offers has no such link.
    let (&small, few) = per_provider.iter().find(|(_, v)| v.len() <= PAGE_OFFERS).unwrap();
    let q = provider::Entity::find_by_id(small).one(&app.db).await.unwrap().unwrap();
    let (_, html) = app.page(&format!("/anbieter/{}-{}", q.id, q.slug)).await;
    assert_eq!(html.matches("data-offer-id=").count(), few.len());
    assert!(!html.contains("/angebote?anbieter="), "no link for {} offers", few.len());

    let api: serde_json::Value = app.get(&format!("/api/v1/providers/{big}")).await.json().await.unwrap();
    assert_eq!((api["offers"].as_array().unwrap().len(), api["offer_count"].as_u64()), (PAGE_OFFERS, Some(n as u64)));
    let listed: serde_json::Value = app.get(&format!("/api/v1/offers?anbieter={big}")).await.json().await.unwrap();
    assert_eq!(listed["pagination"]["total"].as_u64(), Some(n as u64));
    // A bad id is refused, an unknown one finds nothing.
    let (status, bad) = app.page("/angebote?anbieter=eins").await;
    assert_eq!(status, 400);
    assert!(bad.contains("Die Nummer muss eine ganze Zahl ab 1 sein."));
    assert_eq!(app.get("/api/v1/offers?anbieter=0").await.status().as_u16(), 400);
    let (status, none) = app.page("/angebote?anbieter=99999999").await;
    assert_eq!((status, result_count(&none)), (200, None));
    assert!(none.contains("Nicht nur dieser Anbieter"), "the empty list offers to widen it");
}
