//! Helpers of the recommendation tests.
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use smart_city_duisburg::db::entities::{category, recommendation as rec, recommendation_second as second};

use super::{location, TestApp};

pub async fn category_id(app: &TestApp, slug: &str) -> i32 {
    category::Entity::find().filter(category::Column::Slug.eq(slug)).one(&app.db).await.unwrap().unwrap().id
}

/// Recommends a firm that is not on the platform; returns the redirect target.
pub async fn recommend_unlisted(app: &TestApp, cookie: &str, cat: &str, name: &str, town: &str, website: &str, reason: &str) -> String {
    let form = [("kategorie", cat), ("anbieter", "extern"), ("name", name), ("ort", town), ("website", website), ("begruendung", reason)];
    let resp = app.post_form("/empfehlen", &form, Some(cookie)).await;
    assert_eq!(resp.status().as_u16(), 303, "never a 500");
    location(&resp)
}

pub async fn recommend_listed(app: &TestApp, cookie: &str, cat: &str, provider_id: i32, reason: &str) -> String {
    let id = provider_id.to_string();
    let resp = app.post_form("/empfehlen", &[("kategorie", cat), ("anbieter", &id), ("begruendung", reason)], Some(cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    location(&resp)
}

pub async fn vote(app: &TestApp, cookie: &str, rec_id: i32, action: &str) -> String {
    let resp = app.post_form(&format!("/empfehlungen/{rec_id}/{action}"), &[("zurueck", "/empfehlungen?kategorie=finanzen")], Some(cookie)).await;
    assert_eq!(resp.status().as_u16(), 303);
    location(&resp)
}

pub async fn seconds_of(app: &TestApp, rec_id: i32) -> u64 {
    second::Entity::find().filter(second::Column::RecommendationId.eq(rec_id)).count(&app.db).await.unwrap()
}

pub async fn only_rec(app: &TestApp, author: i32) -> rec::Model {
    rec::Entity::find().filter(rec::Column::AuthorId.eq(author)).one(&app.db).await.unwrap().expect("stored")
}

pub const REASON: &str = "Sehr gute Beratung zur Baufinanzierung, ehrlich und schnell.";
