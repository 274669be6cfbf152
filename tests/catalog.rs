//! The in-memory offer catalogue against the database, on SQLite and
//! PostgreSQL: for queries across every filter, sort and page it gives the
//! same offers in the same order, the same totals and the same facets as
//! the database alone; and it follows writes made past the app (straight
//! into the tables, as an import in another process or a second instance).
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, spawn_app, Seed};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use smart_city_duisburg::db::entities::{housing_project, offer, offer_district, provider};
use smart_city_duisburg::offers::query::{OfferFilter, OfferListPage, OfferQuery, Sort};
use smart_city_duisburg::offers::{oracle, store};
use smart_city_duisburg::app::AppState;

fn filter(pairs: &[(&str, &str)]) -> OfferFilter {
    let mut f = OfferFilter::default();
    for (k, v) in pairs {
        let v = Some((*v).to_owned());
        match *k {
            "q" => f.q = v,
            "kategorie" => f.kategorie = v,
            "bezirk" => f.bezirk = v,
            "stadtteil" => f.stadtteil = v,
            "preis_von" => f.preis_von = v,
            "preis_bis" => f.preis_bis = v,
            "eigentum" => f.eigentum = v,
            "bewertung_ab" => f.bewertung_ab = v,
            "vermarktung" => f.vermarktung = v,
            "zimmer_ab" => f.zimmer_ab = v,
            "flaeche_ab" => f.flaeche_ab = v,
            "sortierung" => f.sortierung = v,
            "seite" => f.seite = v,
            "projekt" => f.projekt = v,
            "anbieter" => f.anbieter = v,
            other => panic!("unknown filter {other}"),
        }
    }
    f
}

/// What must agree: order, paging, facets, every card as shown, and the
/// score parts but freshness (computed a moment apart).
fn shape(p: &OfferListPage) -> (Vec<i32>, String, String, Vec<String>, Vec<Option<[i32; 4]>>) {
    let ids = p.offers.iter().map(|o| o.id).collect();
    let cards = p.offers.iter().map(|o| format!("{:?}", smart_city_duisburg::offers::domain::OfferCard { rank: None, ..o.clone() })).collect();
    let parts = p
        .offers
        .iter()
        .map(|o| o.rank.map(|r| [r.relevance, r.rating, r.reviews, r.district].map(|x| (x * 10_000.0).round() as i32)))
        .collect();
    (ids, format!("{:?}", p.paging), format!("{:?}", p.facets), cards, parts)
}

/// The app's catalogue against the database oracle, which corrects typos
/// against the same terms.
async fn assert_same(db: &sea_orm::DatabaseConnection, st: &AppState, pairs: &[(&str, &str)]) {
    let r = &st.reference;
    let q = OfferQuery::from_filter(&filter(pairs), &r.categories, &r.districts).expect("valid query");
    let from_catalog = store::list(&st.catalog, r, &q, 20).await.unwrap();
    let from_db = oracle::list_from_database(db, r, &st.catalog.vocabulary(), &q, 20).await.unwrap();
    assert_eq!(shape(&from_catalog), shape(&from_db), "{pairs:?}");
}

/// The start page's newest offers (the catalogue's head) against the
/// database's newest-first list.
async fn assert_newest_same(db: &sea_orm::DatabaseConnection, st: &AppState) -> Vec<i32> {
    let r = &st.reference;
    st.catalog.fresh().await.unwrap();
    let newest = st.catalog.with(|d| d.newest(r, 6));
    let q = OfferQuery::from_filter(&filter(&[("sortierung", Sort::Newest.slug())]), &r.categories, &r.districts).unwrap();
    let from_db = oracle::list_from_database(db, r, &st.catalog.vocabulary(), &q, 6).await.unwrap();
    let cards = |v: &[smart_city_duisburg::offers::domain::OfferCard]| v.iter().map(|o| format!("{:?}", smart_city_duisburg::offers::domain::OfferCard { rank: None, ..o.clone() })).collect::<Vec<_>>();
    assert_eq!(cards(&newest), cards(&from_db.offers), "the newest offers");
    newest.iter().map(|o| o.id).collect()
}

/// A provider's page: head (rating, logo), offers and prior from the
/// catalogue, contact and served Stadtbezirke from one joined query, as
/// the database has them. Returns the offers' cards.
async fn assert_provider_page_same(db: &sea_orm::DatabaseConnection, st: &AppState, id: i32) -> Vec<smart_city_duisburg::offers::domain::OfferCard> {
    use smart_city_duisburg::providers::{oracle as provider_oracle, store as provider_store};
    let r = &st.reference;
    let page = provider_store::page(&st.catalog, db, r, id).await.unwrap().expect("a provider has a page");
    let from_db = provider_oracle::detail_from_database(db, r, id).await.unwrap();
    assert_eq!(format!("{:?}", Some(&page.detail)), format!("{:?}", from_db.as_ref()), "page of provider {id}");
    let cards = |v: &[smart_city_duisburg::offers::domain::OfferCard]| v.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>();
    let offers = oracle::by_provider_from_database(db, r, id).await.unwrap();
    let newest = &offers[..offers.len().min(provider_store::PAGE_OFFERS)];
    assert_eq!(cards(&page.offers), cards(newest), "newest offers of provider {id}");
    assert_eq!(page.offer_count, offers.len(), "offer count of provider {id}");
    assert_eq!(page.prior, smart_city_duisburg::reviews::store::mean_rating(db).await.unwrap(), "the prior beside them");
    offers
}

/// Every provider's page and its offer count (the suggestions) against
/// the database's.
async fn assert_providers_same(db: &sea_orm::DatabaseConnection, st: &AppState) {
    let r = &st.reference;
    for p in provider::Entity::find().all(db).await.unwrap() {
        let from_db = assert_provider_page_same(db, st, p.id).await;
        assert_eq!(st.catalog.with(|d| d.count_of_provider(p.id)), from_db.len(), "offer count of provider {}", p.id);
        // Their pages (and the comparison's columns), all at once and one by one.
        let ids: Vec<i32> = from_db.iter().map(|o| o.id).collect();
        let together = store::details(&st.catalog, db, r, &ids).await.unwrap();
        for (id, detail) in ids.iter().zip(together) {
            let from_db = oracle::detail_from_database(db, r, *id).await.unwrap();
            assert!(from_db.is_some(), "offer {id} is published");
            assert_eq!(format!("{detail:?}"), format!("{from_db:?}"), "page of offer {id}");
            let alone = store::details(&st.catalog, db, r, &[*id]).await.unwrap();
            assert_eq!(format!("{alone:?}"), format!("{:?}", vec![from_db]), "page of offer {id} alone");
        }
    }
}

/// Every provider's results list (its page links there) as the database
/// has it, and named; with a text and a filter for the larger ones.
async fn assert_provider_lists_same(db: &sea_orm::DatabaseConnection, st: &AppState) {
    let r = &st.reference;
    for p in provider::Entity::find().all(db).await.unwrap() {
        let id = p.id.to_string();
        assert_same(db, st, &[("anbieter", &id), ("sortierung", "neueste")]).await;
        let q = OfferQuery::from_filter(&filter(&[("anbieter", &id)]), &r.categories, &r.districts).unwrap();
        let list = store::list(&st.catalog, r, &q, 20).await.unwrap();
        assert_eq!(list.provider.map(|s| (s.id, s.slug, s.name)), Some((p.id, p.slug.clone(), p.name.clone())), "the list names provider {}", p.id);
        assert_eq!(list.paging.total as usize, st.catalog.with(|d| d.count_of_provider(p.id)), "provider {}'s list has all its offers", p.id);
        if list.paging.total > 10 {
            assert_same(db, st, &[("anbieter", &id), ("sortierung", "preis-aufsteigend"), ("bezirk", "mitte")]).await;
            assert_same(db, st, &[("anbieter", &id), ("q", "Wohnung")]).await;
        }
    }
}

/// Every project's page: its units from the catalogue, as the database
/// has them (cheapest first, price on request last).
async fn assert_projects_same(db: &sea_orm::DatabaseConnection, st: &AppState) {
    use smart_city_duisburg::common::url_key::provider_path;
    use smart_city_duisburg::projects::store as projects;
    let r = &st.reference;
    let all = housing_project::Entity::find().all(db).await.unwrap();
    assert!(!all.is_empty(), "the demo city has projects");
    let cards = |v: &[smart_city_duisburg::offers::domain::OfferCard]| v.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>();
    for p in all {
        let page = projects::page(&st.catalog, db, r, p.id).await.unwrap().expect("a project has a page");
        let from_db = oracle::project_units_from_database(db, r, p.id).await.unwrap();
        assert_eq!(cards(&page.units), cards(&from_db), "units of project {}", p.id);
        let owner = provider::Entity::find_by_id(p.provider_id).one(db).await.unwrap().expect("its provider");
        assert_eq!((page.provider_name.as_str(), page.provider_path.as_str()), (owner.name.as_str(), provider_path(owner.id, &owner.slug).as_str()), "project {}'s provider", p.id);
        assert_eq!((page.project.name.as_str(), page.description.as_str()), (p.name.as_str(), p.description.as_str()), "project {}", p.id);
    }
    assert!(projects::page(&st.catalog, db, r, i32::MAX).await.unwrap().is_none(), "no such project");
}

#[tokio::test]
async fn the_catalogue_answers_every_query_as_the_database_does() {
    let app = spawn_app(Seed::Demo).await;
    let r = &app.state.reference;
    let sued = r.districts.bezirk_by_slug("sued").unwrap().id;
    let stadtteil = r.districts.stadtteile.iter().find(|s| s.bezirk_id == sued).unwrap().slug.clone();
    let mut queries: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![("q", "Wohnungen")],
        vec![("q", "Dachd")],
        vec![("q", "Strasse")],
        vec![("q", "Wohnnug Balkon")],
        vec![("q", "der die das")],
        vec![("q", "Muelheim")],
        // Synonyms, compounds and English words (exact matches ranked first).
        vec![("q", "Klempner")],
        vec![("q", "Malerarbeiten")],
        vec![("q", "Heizungsinstallateur")],
        vec![("q", "Badsanierung")],
        vec![("q", "mortgage")],
        vec![("q", "Hypothek"), ("sortierung", "preis-aufsteigend")],
        vec![("kategorie", "wohnen")],
        vec![("kategorie", "handwerk"), ("bezirk", "walsum")],
        vec![("bezirk", "sued"), ("stadtteil", stadtteil.as_str())],
        vec![("stadtteil", stadtteil.as_str()), ("q", "Wohnung")],
        vec![("eigentum", "cooperative"), ("bewertung_ab", "4")],
        vec![("bewertung_ab", "3.5"), ("kategorie", "finanzen")],
        vec![("vermarktung", "mieten"), ("zimmer_ab", "3"), ("flaeche_ab", "60")],
        vec![("vermarktung", "kaufen"), ("preis_von", "100000"), ("preis_bis", "400000")],
        vec![("preis_von", "500"), ("preis_bis", "1500"), ("bezirk", "hamborn")],
        vec![("seite", "3")],
        vec![("q", "Wohnung"), ("seite", "2")],
        vec![("projekt", "1")],
        vec![("projekt", "1"), ("sortierung", "preis-aufsteigend"), ("zimmer_ab", "2")],
        vec![("anbieter", "99999999")],
    ];
    for s in Sort::ALL {
        queries.push(vec![("sortierung", s.slug())]);
        queries.push(vec![("sortierung", s.slug()), ("kategorie", "wohnen-mieten"), ("seite", "2")]);
    }
    for pairs in &queries {
        assert_same(&app.db, &app.state, pairs).await;
    }
    assert_providers_same(&app.db, &app.state).await;
    assert_provider_lists_same(&app.db, &app.state).await;
    assert_projects_same(&app.db, &app.state).await;
}

#[tokio::test]
async fn the_catalogue_follows_writes_made_straight_into_the_tables() {
    let app = spawn_app(Seed::Demo).await;
    let (r, catalog) = (&app.state.reference, &app.state.catalog);
    let everything = OfferQuery::from_filter(&OfferFilter::default(), &r.categories, &r.districts).unwrap();
    let before = store::list(catalog, r, &everything, 20).await.unwrap().paging.total;
    // The start page's counts (kept between changes) follow too.
    let counted = || async { store::counts(catalog, r).await.unwrap() };
    let counts_before = counted().await;

    // A new provider with a new published offer, written past the app.
    let pid = fixtures::provider(&app.db, "Zebrafink Kältetechnik", "private", Utc::now()).await;
    assert_provider_page_same(&app.db, &app.state, pid).await;
    let template = offer::Entity::find().filter(offer::Column::Status.eq("published")).one(&app.db).await.unwrap().unwrap();
    let new = fixtures::copy_of(&app.db, &template, pid, "kaeltetechnik-probe", "Klimaanlage warten lassen").await;
    let q = |text: &str| OfferQuery::from_filter(&filter(&[("q", text)]), &r.categories, &r.districts).unwrap();
    let found = store::list(catalog, r, &q("Zebrafink"), 20).await.unwrap();
    assert_eq!(found.offers.iter().map(|o| o.id).collect::<Vec<_>>(), vec![new.id], "found by its provider's name");
    assert_eq!(store::list(catalog, r, &everything, 20).await.unwrap().paging.total, before + 1);
    assert_eq!(assert_newest_same(&app.db, &app.state).await[0], new.id, "the new offer heads the start page");
    assert_providers_same(&app.db, &app.state).await;
    let in_category = |c: &[(i32, u64)]| c.iter().find(|(id, _)| *id == template.category_id).map_or(0, |(_, n)| *n);
    assert_eq!(in_category(&counted().await.0), in_category(&counts_before.0) + 1, "counted in its category");

    // The provider renamed: its offers are found by the new name only.
    let mut p = provider::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap().into_active_model();
    p.name = Set("Eisvogel Kältetechnik".into());
    p.update(&app.db).await.unwrap();
    assert!(store::list(catalog, r, &q("Zebrafink"), 20).await.unwrap().offers.is_empty());
    assert_eq!(store::list(catalog, r, &q("Eisvogel"), 20).await.unwrap().paging.total, 1);
    assert_newest_same(&app.db, &app.state).await;
    assert_providers_same(&app.db, &app.state).await;
    // Moved to another provider and back: both pages and counts follow.
    for owner in [template.provider_id, pid] {
        let mut o = offer::Entity::find_by_id(new.id).one(&app.db).await.unwrap().unwrap().into_active_model();
        o.provider_id = Set(owner);
        o.update(&app.db).await.unwrap();
        assert_providers_same(&app.db, &app.state).await;
        assert_eq!(catalog.with(|d| d.count_of_provider(pid)), usize::from(owner == pid), "moved to provider {owner}");
    }
    // Made a unit of a project, its price on request: listed last there.
    let project = housing_project::Entity::find().one(&app.db).await.unwrap().expect("the demo city has a project");
    let mut o = offer::Entity::find_by_id(new.id).one(&app.db).await.unwrap().unwrap().into_active_model();
    o.project_id = Set(Some(project.id));
    o.price_cents = Set(None);
    o.update(&app.db).await.unwrap();
    assert_projects_same(&app.db, &app.state).await;
    let units = smart_city_duisburg::projects::store::page(catalog, &app.db, r, project.id).await.unwrap().unwrap().units;
    assert!(units.len() > 1, "the project has other units");
    assert_eq!(units.last().map(|u| u.id), Some(new.id), "price on request: the last unit");
    // (The database's own text index is the app's to update: compared without text.)
    assert_same(&app.db, &app.state, &[("eigentum", "private")]).await;

    // Archived: gone from the list.
    let new_id = new.id;
    let mut o = new.into_active_model();
    o.status = Set("archived".into());
    o.update(&app.db).await.unwrap();
    assert!(store::list(catalog, r, &q("Eisvogel"), 20).await.unwrap().offers.is_empty());
    assert_eq!(store::list(catalog, r, &everything, 20).await.unwrap().paging.total, before);
    assert_same(&app.db, &app.state, &[]).await;
    assert!(!assert_newest_same(&app.db, &app.state).await.contains(&new_id), "archived: off the start page");
    assert_eq!(store::details(catalog, &app.db, r, &[new_id]).await.unwrap(), vec![None], "archived: its page is gone");
    assert!(oracle::detail_from_database(&app.db, r, new_id).await.unwrap().is_none());
    assert_eq!(counted().await, counts_before, "and out of the counts");
    assert_providers_same(&app.db, &app.state).await;
    assert_projects_same(&app.db, &app.state).await;
    assert_eq!(catalog.with(|d| d.count_of_provider(pid)), 0, "its provider lists nothing");
}

/// An OpenImmo import writes a flat with its Stadtteil and "the whole city"
/// as its area: it is a flat in its own Stadtbezirk, not in every one.
#[tokio::test]
async fn a_located_offer_is_in_its_own_stadtbezirk_whatever_area_it_names() {
    let app = spawn_app(Seed::Demo).await;
    let (r, catalog) = (&app.state.reference, &app.state.catalog);
    let walsum = r.districts.bezirk_by_slug("walsum").unwrap().id;
    let places: Vec<i32> = r.districts.stadtteile_of(walsum).map(|s| s.id).collect();
    let flat = offer::Entity::find()
        .filter(offer::Column::Status.eq("published"))
        .filter(offer::Column::StadtteilId.is_in(places))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a demo offer located in Walsum");
    offer_district::Entity::delete_many().filter(offer_district::Column::OfferId.eq(flat.id)).exec(&app.db).await.unwrap();
    let mut m = flat.clone().into_active_model();
    m.service_area = Set("city".into());
    m.updated_at = Set(Utc::now());
    m.update(&app.db).await.unwrap();

    let listed = |bezirk: &'static str| async move {
        let q = OfferQuery::from_filter(&filter(&[("bezirk", bezirk), ("sortierung", "neueste")]), &r.categories, &r.districts).unwrap();
        let mut ids = Vec::new();
        for n in 1.. {
            let mut q = q.clone();
            q.page = n;
            let page = store::list(catalog, r, &q, 100).await.unwrap();
            ids.extend(page.offers.iter().map(|o| o.id));
            if n >= page.paging.pages() {
                break;
            }
        }
        ids
    };
    assert!(listed("walsum").await.contains(&flat.id), "in its own Stadtbezirk");
    for elsewhere in ["mitte", "sued", "rheinhausen"] {
        assert!(!listed(elsewhere).await.contains(&flat.id), "not in {elsewhere}");
    }
    for pairs in [
        vec![("bezirk", "walsum")],
        vec![("bezirk", "mitte")],
        vec![("bezirk", "walsum"), ("kategorie", "wohnen")],
        vec![("bezirk", "walsum"), ("q", "Wohnung")],
        vec![("q", "Wohnung")],
    ] {
        assert_same(&app.db, &app.state, &pairs).await;
    }
}

/// A ranked list longer than the ranked candidates: the count names every
/// match, the page numbers reach the ranked ones, and the last of them is full.
#[tokio::test]
async fn a_ranked_list_shows_only_pages_that_open() {
    let app = spawn_app(Seed::Demo).await;
    let (r, catalog) = (&app.state.reference, &app.state.catalog);
    for sort in ["relevanz", "bewertung"] {
        let mut q = OfferQuery::from_filter(&filter(&[("sortierung", sort)]), &r.categories, &r.districts).unwrap();
        let first = store::list(catalog, r, &q, 20).await.unwrap();
        assert!(first.paging.total > smart_city_duisburg::offers::rank::CANDIDATES, "the demo city outgrows the ranked set");
        assert_eq!(first.paging.pages(), smart_city_duisburg::offers::rank::CANDIDATES / 20);
        q.page = first.paging.pages();
        let last = store::list(catalog, r, &q, 20).await.unwrap();
        assert_eq!(last.offers.len(), 20, "the last page shown is full, by {sort}");
        assert!(!last.paging.has_next());
        let pages = first.paging.pages().to_string();
        assert_same(&app.db, &app.state, &[("sortierung", sort), ("seite", pages.as_str())]).await;
    }
    // Sorted by date, every match is reachable.
    let newest = OfferQuery::from_filter(&filter(&[("sortierung", "neueste")]), &r.categories, &r.districts).unwrap();
    let p = store::list(catalog, r, &newest, 20).await.unwrap().paging;
    assert_eq!(p.pages(), p.total.div_ceil(20));
}

/// A load takes each offer's terms from the database's search index (as the
/// door wrote them with the offer) rather than analysing every text again;
/// an index built by another analysis is not trusted, and analysing gives
/// the very terms the index holds.
#[tokio::test]
async fn a_load_reads_the_terms_the_index_holds_and_analyses_when_it_is_not_current() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app(Seed::Demo).await;
    let (catalog, db) = (&app.state.catalog, &app.db);
    let mut ids: Vec<i32> = offer::Entity::find().filter(offer::Column::Status.eq("published")).all(db).await.unwrap().into_iter().map(|o| o.id).collect();
    ids.sort_unstable();
    let last = ids.len() - 1;
    let terms = || catalog.with(|d| ids.iter().map(|id| d.terms_of(*id).map(|(t, title)| (t.join(" "), title.join(" ")))).collect::<Vec<_>>());
    catalog.fresh().await.unwrap();
    let loaded = terms();
    assert!(loaded.iter().all(|t| t.as_ref().is_some_and(|(t, title)| !t.is_empty() && !title.is_empty())), "every published offer with terms");

    // The first and the last offer's index entries altered (the ends of the
    // id range read), another's gone (as after a write past the door).
    let backend = db.get_database_backend();
    let exec = |sql: String, values: Vec<sea_orm::Value>| db.execute_raw(Statement::from_sql_and_values(backend, sql, values));
    let key = if backend == sea_orm::DbBackend::Postgres { "offer_id = $1" } else { "rowid = ?" };
    for probe in [ids[0], ids[last]] {
        exec(format!("UPDATE offer_search SET terms = terms || ' zzprobe' WHERE {key}"), vec![probe.into()]).await.unwrap();
    }
    exec(format!("DELETE FROM offer_search WHERE {key}"), vec![ids[1].into()]).await.unwrap();
    let reloads = catalog.reloads();
    catalog.reload();
    catalog.reloaded(reloads).await;
    let from_index = terms();
    for i in [0, last] {
        assert!(from_index[i].as_ref().unwrap().0.split(' ').any(|t| t == "zzprobe"), "the index's terms were read");
    }
    assert_eq!(from_index[1], loaded[1], "an offer the index lacks is analysed, its description included");
    assert_eq!(from_index[2..last], loaded[2..last]);

    // Another analysis built the index: the texts are analysed afresh.
    exec("UPDATE search_index_state SET analysis = 'another release'".into(), vec![]).await.unwrap();
    catalog.reload();
    catalog.reloaded(reloads + 1).await;
    assert_eq!(terms(), loaded, "analysing gives the terms the index holds");
}
