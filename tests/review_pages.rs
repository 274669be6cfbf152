//! What a page of reviews shows, on SQLite and PostgreSQL: authors, the
//! reviewed offers and the providers' replies while published, paging
//! newest first, totals read from the rating, and what the visitor did
//! (membership, own review, helpful votes).
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::reviews::{month_ago, BODY};
use common::{fixtures, spawn_app, Seed, TestApp};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::review_reply;
use smart_city_duisburg::reviews::domain::ReviewViewer;
use smart_city_duisburg::reviews::rules::ReviewInput;
use smart_city_duisburg::reviews::write::{self, ReviewWrite};

async fn person(app: &TestApp, name: &str, role: Role) -> (i32, String) {
    fixtures::signed_in(&app.db, name, role).await
}

async fn member(app: &TestApp, provider_id: i32, user_id: i32) {
    fixtures::member(&app.db, provider_id, user_id, "owner").await
}

fn input(stars: &str) -> ReviewInput {
    ReviewInput::parse(stars, "Titel", BODY, &month_ago(), Utc::now().date_naive()).unwrap()
}

/// A page of reviews names each author and the offer a review is about
/// (both read with only the columns shown).
#[tokio::test]
async fn a_page_of_reviews_names_authors_and_the_offer_reviewed() {
    use smart_city_duisburg::db::entities::category;
    use smart_city_duisburg::reviews::store as reviews;
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Dach Duisburg", "private", Utc::now()).await;
    let cat = category::Entity::find().one(&app.db).await.unwrap().expect("a category").id;
    let o = fixtures::offer(&app.db, pid, cat, "Dachrinne reinigen", None, Utc::now()).await;
    let (erika, _) = person(&app, "Erika", Role::Resident).await;
    let (max, _) = person(&app, "Max", Role::Resident).await;
    write::create(&app.db, ReviewWrite { author_id: erika, provider_id: pid, offer_id: Some(o.id), input: input("4"), code: None }).await.unwrap();
    write::create(&app.db, ReviewWrite { author_id: max, provider_id: pid, offer_id: None, input: input("5"), code: None }).await.unwrap();
    let (page, paging) = reviews::for_provider(&app.db, pid, Default::default(), 1, 10, None).await.unwrap();
    assert_eq!(paging.total, 2);
    let mut seen: Vec<_> = page.iter().map(|r| (r.author_name.clone(), r.offer.clone())).collect();
    seen.sort();
    assert_eq!(seen, vec![("Erika".to_owned(), Some((o.id, o.slug.clone(), o.title.clone()))), ("Max".to_owned(), None)]);
    // The provider page reads its totals from the rating instead of counting: the same numbers.
    let rating = reviews::ratings(&app.db, Some(&[pid])).await.unwrap().remove(&pid).expect("rated");
    for stars in [None, Some("4"), Some("5"), Some("1")] {
        let q = smart_city_duisburg::reviews::rules::ReviewQuery::parse(None, stars);
        let counted = reviews::for_provider(&app.db, pid, q, 1, 1, None).await.unwrap();
        let read = reviews::for_provider(&app.db, pid, q, 1, 1, Some(&rating)).await.unwrap();
        assert_eq!(read.1, counted.1, "paging with stars {stars:?}");
        assert_eq!(read.0.iter().map(|r| r.id).collect::<Vec<_>>(), counted.0.iter().map(|r| r.id).collect::<Vec<_>>());
    }

    // Replies and offers are shown while published; what a visitor did,
    // read in one query, counts only on this provider and the listed reviews.
    let id_of = |name: &str| page.iter().find(|r| r.author_name == name).unwrap().id;
    let (by_erika, by_max) = (id_of("Erika"), id_of("Max"));
    let mut paged = Vec::new();
    for n in [1, 2] {
        paged.extend(reviews::for_provider(&app.db, pid, Default::default(), n, 1, None).await.unwrap().0.into_iter().map(|r| r.id));
    }
    assert_eq!(paged, vec![by_max, by_erika], "one a page, newest first");
    let (olga, _) = person(&app, "Olga", Role::Resident).await;
    member(&app, pid, olga).await;
    write::reply(&app.db, by_erika, olga, "Danke für die Bewertung!".into()).await.unwrap();
    write::vote(&app.db, by_erika, max).await.unwrap();
    let shown = || async {
        let (page, _) = reviews::for_provider(&app.db, pid, Default::default(), 1, 10, None).await.unwrap();
        let mut v: Vec<_> = page.into_iter().map(|r| (r.id, r.offer.map(|o| o.0), r.reply.map(|x| x.body))).collect();
        v.sort();
        v
    };
    let mut expected = vec![(by_erika, Some(o.id), Some("Danke für die Bewertung!".to_owned())), (by_max, None, None)];
    expected.sort();
    assert_eq!(shown().await, expected);
    let listed = [by_erika, by_max];
    let seen_by = |who: Option<i32>, provider: i32, listed: Vec<i32>| {
        let db = &app.db;
        async move { reviews::viewer(db, who, provider, &listed).await.unwrap() }
    };
    let v = seen_by(Some(max), pid, listed.to_vec()).await;
    assert_eq!((v.signed_in, v.member, v.own_review, v.voted), (true, false, Some(by_max), vec![by_erika]));
    assert!(seen_by(Some(max), pid, vec![by_max]).await.voted.is_empty(), "votes on the listed reviews only");
    let v = seen_by(Some(olga), pid, listed.to_vec()).await;
    assert_eq!((v.member, v.own_review, v.voted.len()), (true, None, 0));
    let elsewhere = fixtures::provider(&app.db, "Anderswo", "private", Utc::now()).await;
    assert_eq!(seen_by(Some(max), elsewhere, listed.to_vec()).await, ReviewViewer { signed_in: true, ..Default::default() });
    assert_eq!(seen_by(None, pid, listed.to_vec()).await, ReviewViewer::default());
    let (ben, _) = person(&app, "Ben", Role::Resident).await;
    assert_eq!(seen_by(Some(ben), pid, listed.to_vec()).await, ReviewViewer { signed_in: true, ..Default::default() }, "nothing done here");
    use smart_city_duisburg::db::entities::offer;
    offer::Entity::update_many().col_expr(offer::Column::Status, Expr::value("archived")).filter(offer::Column::Id.eq(o.id)).exec(&app.db).await.unwrap();
    review_reply::Entity::update_many().col_expr(review_reply::Column::Status, Expr::value("hidden")).exec(&app.db).await.unwrap();
    let mut gone = vec![(by_erika, None, None), (by_max, None, None)];
    gone.sort();
    assert_eq!(shown().await, gone, "an archived offer and a hidden reply drop out");
}
