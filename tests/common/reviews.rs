//! Helpers of the review tests.
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use smart_city_duisburg::db::entities::review;

use super::{location, TestApp};

pub const BODY: &str = "Pünktlich gekommen, sauber gearbeitet und fair abgerechnet.";

/// An experience month the form accepts.
pub fn month_ago() -> String {
    (Utc::now() - Duration::days(40)).format("%Y-%m").to_string()
}

/// Posts the review form; returns where it redirected.
pub async fn post_review(app: &TestApp, pid: i32, stars: &str, title: &str, body: &str, code: &str, cookie: &str) -> String {
    let (p, m) = (pid.to_string(), month_ago());
    let form = [("provider_id", p.as_str()), ("stars", stars), ("title", title), ("body", body), ("month", m.as_str()), ("offer", ""), ("code", code)];
    location(&app.post_form("/bewertungen", &form, Some(cookie)).await)
}

pub async fn reviews_of(app: &TestApp, pid: i32) -> Vec<review::Model> {
    review::Entity::find().filter(review::Column::ProviderId.eq(pid)).all(&app.db).await.unwrap()
}
