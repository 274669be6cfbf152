//! Queries of the "Verwaltung online" directory.
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};

use super::domain::{Availability, Outcome, RatingInput, ServiceEdit, ServiceSummary, Tip};
use crate::db::entities::{app_user, city_service, city_service_rating};
use crate::i18n::Locale;

/// Tips shown on a service page, newest first.
const TIPS_SHOWN: u64 = 50;

#[derive(Debug, FromQueryResult)]
struct Aggregate {
    service_id: i32,
    ratings: i64,
    stars: i64,
    worked: i64,
    failed: i64,
}

/// Count, star sum and outcomes per service, in one grouped query.
async fn aggregates<C: ConnectionTrait>(db: &C, service: Option<i32>) -> Result<HashMap<i32, Aggregate>, DbErr> {
    use city_service_rating::Column as R;
    // The outcome codes are compile-time constants, so inlining them is safe
    // and avoids the engines' different placeholder syntax.
    let outcome_is = |o: Outcome| Expr::cust(format!("CASE WHEN outcome = '{}' THEN 1 ELSE 0 END", o.as_str()));
    let mut q = city_service_rating::Entity::find()
        .select_only()
        .column(R::ServiceId)
        .column_as(Expr::col(R::Id).count(), "ratings")
        .column_as(Expr::col(R::Stars).sum(), "stars")
        .column_as(outcome_is(Outcome::WorkedOnline).sum(), "worked")
        .column_as(outcome_is(Outcome::NotOnline).sum(), "failed")
        .group_by(R::ServiceId);
    if let Some(id) = service {
        q = q.filter(R::ServiceId.eq(id));
    }
    Ok(q.into_model::<Aggregate>().all(db).await?.into_iter().map(|a| (a.service_id, a)).collect())
}

fn summary(s: &city_service::Model, agg: Option<&Aggregate>, l: Locale) -> ServiceSummary {
    let en = l == Locale::En;
    let (ratings, stars, worked, failed) = agg.map_or((0, 0, 0, 0), |a| (a.ratings, a.stars, a.worked, a.failed));
    ServiceSummary {
        slug: s.slug.clone(),
        name: if en { s.name_en.clone() } else { s.name.clone() },
        themenfeld: if en { s.themenfeld_en.clone() } else { s.themenfeld.clone() },
        availability: Availability::parse(&s.availability).unwrap_or(Availability::InPerson),
        ratings: ratings as u32,
        average: (ratings > 0).then(|| stars as f64 / ratings as f64),
        worked_online: worked as u32,
        not_online: failed as u32,
    }
}

pub async fn list<C: ConnectionTrait>(db: &C, l: Locale) -> Result<Vec<ServiceSummary>, DbErr> {
    let services = city_service::Entity::find().order_by_asc(city_service::Column::Position).all(db).await?;
    let agg = aggregates(db, None).await?;
    Ok(services.iter().map(|s| summary(s, agg.get(&s.id), l)).collect())
}

pub async fn by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<Option<city_service::Model>, DbErr> {
    city_service::Entity::find().filter(city_service::Column::Slug.eq(slug)).one(db).await
}

pub async fn summary_of<C: ConnectionTrait>(db: &C, s: &city_service::Model, l: Locale) -> Result<ServiceSummary, DbErr> {
    let agg = aggregates(db, Some(s.id)).await?;
    Ok(summary(s, agg.get(&s.id), l))
}

fn tip(r: city_service_rating::Model, author: String) -> Tip {
    Tip {
        author,
        stars: r.stars,
        outcome: Outcome::parse(&r.outcome).unwrap_or(Outcome::NotTried),
        text: r.tip,
        updated_at: r.updated_at,
    }
}

/// Ratings that carry a tip, newest first, with their authors' display names.
pub async fn tips<C: ConnectionTrait>(db: &C, service_id: i32) -> Result<Vec<Tip>, DbErr> {
    let rows = city_service_rating::Entity::find()
        .filter(city_service_rating::Column::ServiceId.eq(service_id))
        .filter(city_service_rating::Column::Tip.is_not_null())
        .order_by_desc(city_service_rating::Column::UpdatedAt)
        .limit(TIPS_SHOWN)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.user_id).collect();
    let names: HashMap<i32, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows.into_iter().map(|r| {
        let name = names.get(&r.user_id).cloned().unwrap_or_default();
        tip(r, name)
    }).collect())
}

pub async fn rating_of<C: ConnectionTrait>(db: &C, service_id: i32, user_id: i32, author: &str) -> Result<Option<Tip>, DbErr> {
    Ok(city_service_rating::Entity::find()
        .filter(city_service_rating::Column::ServiceId.eq(service_id))
        .filter(city_service_rating::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(|r| tip(r, author.to_owned())))
}

/// One rating per person and service: a second one replaces the first.
pub async fn save_rating<C: ConnectionTrait>(db: &C, service_id: i32, user_id: i32, input: RatingInput) -> Result<(), DbErr> {
    use city_service_rating::Column as R;
    let now = chrono::Utc::now();
    let row = city_service_rating::ActiveModel {
        id: ActiveValue::NotSet,
        service_id: ActiveValue::Set(service_id),
        user_id: ActiveValue::Set(user_id),
        stars: ActiveValue::Set(input.stars),
        outcome: ActiveValue::Set(input.outcome.as_str().to_owned()),
        tip: ActiveValue::Set(input.tip),
        created_at: ActiveValue::Set(now),
        updated_at: ActiveValue::Set(now),
    };
    city_service_rating::Entity::insert(row)
        .on_conflict(OnConflict::columns([R::ServiceId, R::UserId]).update_columns([R::Stars, R::Outcome, R::Tip, R::UpdatedAt]).to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn delete_rating<C: ConnectionTrait>(db: &C, service_id: i32, user_id: i32) -> Result<u64, DbErr> {
    Ok(city_service_rating::Entity::delete_many()
        .filter(city_service_rating::Column::ServiceId.eq(service_id))
        .filter(city_service_rating::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

pub fn edit_view(s: &city_service::Model) -> ServiceEdit {
    ServiceEdit {
        slug: s.slug.clone(),
        name: s.name.clone(),
        official_url: s.official_url.clone(),
        availability: Availability::parse(&s.availability).unwrap_or(Availability::InPerson),
        description: s.description.clone(),
        description_en: s.description_en.clone(),
        bring: s.bring.clone(),
        bring_en: s.bring_en.clone(),
    }
}

pub async fn update<C: ConnectionTrait>(db: &C, id: i32, e: &ServiceEdit) -> Result<(), DbErr> {
    city_service::Entity::update(city_service::ActiveModel {
        id: ActiveValue::Unchanged(id),
        official_url: ActiveValue::Set(e.official_url.clone()),
        availability: ActiveValue::Set(e.availability.as_str().to_owned()),
        description: ActiveValue::Set(e.description.clone()),
        description_en: ActiveValue::Set(e.description_en.clone()),
        bring: ActiveValue::Set(e.bring.clone()),
        bring_en: ActiveValue::Set(e.bring_en.clone()),
        updated_at: ActiveValue::Set(chrono::Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// A person's ratings for the data export.
pub async fn ratings_by_user<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<(String, city_service_rating::Model)>, DbErr> {
    let rows = city_service_rating::Entity::find().filter(city_service_rating::Column::UserId.eq(user_id)).all(db).await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.service_id).collect();
    let slugs: HashMap<i32, String> =
        city_service::Entity::find().filter(city_service::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|s| (s.id, s.slug)).collect();
    Ok(rows.into_iter().map(|r| (slugs.get(&r.service_id).cloned().unwrap_or_default(), r)).collect())
}
