//! The demo city and start-up as several instances would do it, on SQLite
//! or PostgreSQL (see `common::spawn_app`).
#![cfg(feature = "ssr")]
mod common;

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use smart_city_duisburg::db::entities::{city_service_rating, offer, offer_district, provider, review};
use smart_city_duisburg::{db, demo};

#[tokio::test]
async fn demo_city_is_large_varied_and_deterministic() {
    let url = common::fresh_database_url().await;
    let conn = db::connect_and_migrate(&url).await.unwrap();
    let started = std::time::Instant::now();
    let stats = demo::seed_if_empty(&conn).await.unwrap().expect("empty database gets the demo city");
    eprintln!("demo city loaded in {:?}: {stats:?}", started.elapsed());
    assert!(stats.providers >= 300 && stats.offers >= 2000 && stats.reviews >= 5000, "{stats:?}");
    assert_eq!(provider::Entity::find().count(&conn).await.unwrap(), stats.providers as u64);
    assert_eq!(review::Entity::find().count(&conn).await.unwrap(), stats.reviews as u64);
    let housing = offer::Entity::find().filter(offer::Column::HousingKind.is_not_null()).count(&conn).await.unwrap();
    assert!(housing >= 300, "{housing} housing offers");
    let municipal = provider::Entity::find().filter(provider::Column::Ownership.eq("municipal")).count(&conn).await.unwrap();
    assert!(municipal > 0 && municipal < stats.providers as u64 / 2);
    // Every Stadtbezirk has providers and offers serving it.
    let bezirke: BTreeSet<i32> = offer_district::Entity::find().all(&conn).await.unwrap().into_iter().map(|l| l.bezirk_id).collect();
    assert_eq!(bezirke, (1..=7).collect());
    assert!(demo::is_seeded(&conn).await.unwrap());
    // The city services directory shows residents' experience from the start.
    let ratings = city_service_rating::Entity::find().all(&conn).await.unwrap();
    assert!(ratings.len() >= 100, "{} service ratings", ratings.len());
    assert!(ratings.iter().any(|r| r.tip.is_some()) && ratings.iter().any(|r| r.outcome == "not_online"));

    // A second call leaves a non-empty database alone.
    assert_eq!(demo::seed_if_empty(&conn).await.unwrap(), None);

    // Another database gets exactly the same city.
    let other = db::connect_and_migrate(&common::fresh_database_url().await).await.unwrap();
    demo::seed_if_empty(&other).await.unwrap();
    let names = |c| async move {
        provider::Entity::find().order_by_asc(provider::Column::Id).all(c).await.unwrap().into_iter().map(|p| p.name).collect::<Vec<_>>()
    };
    assert_eq!(names(&conn).await, names(&other).await);
}

#[tokio::test]
async fn instances_starting_together_share_one_database() {
    let url = common::fresh_database_url().await;
    let start = |url: String| async move {
        let conn = db::connect_and_migrate(&url).await?;
        let seeded = demo::seed_if_empty(&conn).await?;
        Ok::<_, sea_orm::DbErr>(seeded.is_some())
    };
    let (a, b, c) = tokio::join!(start(url.clone()), start(url.clone()), start(url.clone()));
    let seeded: Vec<bool> = [a, b, c].into_iter().map(|r| r.expect("every instance starts")).collect();
    assert_eq!(seeded.iter().filter(|s| **s).count(), 1, "exactly one instance loads the demo city");
    let conn = db::connect(&url).await.unwrap();
    assert!(provider::Entity::find().count(&conn).await.unwrap() >= 300);
}

#[tokio::test]
async fn the_demo_city_follows_an_administrator_created_before_it() {
    use smart_city_duisburg::accounts::domain::Role;
    use smart_city_duisburg::db::entities::recommendation;
    let url = common::fresh_database_url().await;
    let conn = db::connect_and_migrate(&url).await.unwrap();
    // As `smart-city-duisburg admin create` does before the first start.
    let (admin, _) = common::fixtures::signed_in(&conn, "Ada", Role::Admin).await;
    let stats = demo::seed_if_empty(&conn).await.unwrap().expect("the demo city still loads");
    assert!(stats.users > 0);
    let by_admin = recommendation::Entity::find().filter(recommendation::Column::AuthorId.eq(admin)).count(&conn).await.unwrap();
    assert_eq!(by_admin, 0, "demo content is written by demo residents only");
    let rated_by_admin = city_service_rating::Entity::find().filter(city_service_rating::Column::UserId.eq(admin)).count(&conn).await.unwrap();
    assert_eq!(rated_by_admin, 0);
}
