//! A catalogue still catching up past `FRESH_WAIT` (a large import being
//! applied): an offer or provider that exists in the database but is not
//! in the catalogue yet answers "unavailable" (503), not "not found" (404),
//! and appears once the catch-up is through; so does the API's provider
//! list page that would hold it, and a project's page missing a unit.
//!
//! PostgreSQL only: the catch-up is held by a lock on a table it reads.
//! SQLite's readers never wait for a lock (WAL), so nothing there can hold
//! a catch-up for two seconds; the code path is the same on both engines.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::{fixtures, is_postgres, spawn_app, Seed};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use smart_city_duisburg::db::entities::{housing_project, offer, provider};
use smart_city_duisburg::error::AppError;
use smart_city_duisburg::offers::catalog::Freshness;
use smart_city_duisburg::offers::store;
use smart_city_duisburg::projects::store as projects;
use smart_city_duisburg::providers::store as providers;

#[tokio::test]
async fn what_a_long_catch_up_has_not_reached_is_unavailable_not_missing() {
    if !is_postgres() {
        return;
    }
    let app = spawn_app(Seed::Demo).await;
    let (r, catalog, db) = (&app.state.reference, &app.state.catalog, &app.db);
    assert_eq!(catalog.fresh().await.unwrap(), Freshness::Current);

    // A catch-up reads a new provider's logo and an offer's served
    // Stadtbezirke: held at either, it cannot finish while the locks are kept.
    let lock = db.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE photo, offer_district IN ACCESS EXCLUSIVE MODE").await.unwrap();

    // A provider and a published offer written past the app (an import in
    // another process): committed, in the change log, not yet applied.
    let pid = fixtures::provider(db, "Zaunkönig Gerüstbau", "private", Utc::now()).await;
    let template = offer::Entity::find().filter(offer::Column::Status.eq("published")).one(db).await.unwrap().unwrap();
    let new = fixtures::copy_of(db, &template, pid, "geruest-probe", "Gerüst für die Fassade").await;

    // The offer made a unit of a project, in the same way.
    let project = housing_project::Entity::find().one(db).await.unwrap().expect("the demo city has a project");
    let mut unit = offer::Entity::find_by_id(new.id).one(db).await.unwrap().unwrap().into_active_model();
    unit.project_id = Set(Some(project.id));
    unit.update(db).await.unwrap();

    let unavailable = |e: &AppError| matches!(e, AppError::Unavailable);
    let project_page = projects::page(catalog, db, r, project.id).await;
    assert!(project_page.as_ref().is_err_and(unavailable), "the project's page without its new unit: {:?}", project_page.as_ref().map(|p| p.is_some()));
    let offer_page = store::details(catalog, db, r, &[new.id]).await;
    assert!(offer_page.as_ref().is_err_and(unavailable), "the new offer's page: {offer_page:?}");
    // Its neighbour in the comparison is there as ever; together they wait.
    let both = store::details(catalog, db, r, &[template.id, new.id]).await;
    assert!(both.as_ref().is_err_and(unavailable), "compared with another: {both:?}");
    let provider_page = providers::page(catalog, db, r, pid).await;
    assert!(provider_page.as_ref().is_err_and(unavailable), "the new provider's page: {:?}", provider_page.as_ref().map(|p| p.is_some()));
    // The API's provider list: the page that would hold it (ids ascending,
    // the newest last) waits too; a page without it is served.
    let providers = provider::Entity::find().count(db).await.unwrap();
    let last_page = format!("/api/v1/providers?pro_seite=1&seite={providers}");
    let resp = app.get(&last_page).await;
    assert_eq!(resp.status().as_u16(), 503, "the provider list's page that holds it");
    assert!(resp.headers().contains_key("retry-after"), "with a time to retry");
    assert_eq!(app.get("/api/v1/providers?pro_seite=1").await.status().as_u16(), 200, "a page without it");
    // What exists nowhere is still not found, lagging or not.
    assert_eq!(store::details(catalog, db, r, &[i32::MAX]).await.unwrap(), vec![None]);
    assert!(providers::page(catalog, db, r, i32::MAX).await.unwrap().is_none());
    // A provider the catalogue holds is served, marked as possibly old.
    let old = providers::page(catalog, db, r, template.provider_id).await.unwrap().expect("a provider the catalogue holds");
    assert_ne!(old.freshness, Freshness::Current);

    lock.rollback().await.unwrap();
    // Through the catch-up (given time on a loaded machine: a request waits
    // `FRESH_WAIT` at most, the held catch-up and the next may take longer).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let page = loop {
        match providers::page(catalog, db, r, pid).await {
            Ok(Some(page)) if page.freshness == Freshness::Current => break page,
            other if std::time::Instant::now() > deadline => panic!("still not through: {:?}", other.map(|p| p.map(|p| p.freshness))),
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    };
    assert_eq!(page.offers.iter().map(|o| o.id).collect::<Vec<_>>(), vec![new.id]);
    let pages = store::details(catalog, db, r, &[new.id]).await.unwrap();
    assert_eq!(pages[0].as_ref().map(|d| d.card.title.as_str()), Some("Gerüst für die Fassade"));
    let units = projects::page(catalog, db, r, project.id).await.unwrap().expect("the project's page").units;
    assert!(units.iter().any(|u| u.id == new.id), "the project lists its new unit");
    let resp = app.get(&last_page).await;
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.text().await.unwrap().contains("Zaunkönig Gerüstbau"), "the list's last page holds it now");
}
