//! Queries of the "Verwaltung online" directory.
use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use super::domain::{Availability, Outcome, RatingInput, ServiceEdit, ServiceSummary, Tip};
use crate::db::entities::{app_user, city_service, city_service_rating};
use crate::i18n::Locale;

/// Tips shown on a service page, newest first.
const TIPS_SHOWN: u64 = 50;

#[derive(Clone, Copy)]
struct Aggregate {
    ratings: i64,
    stars: i64,
    worked: i64,
    failed: i64,
}

/// What a summary shows of a service's row.
#[derive(FromQueryResult)]
struct Head {
    slug: String,
    themenfeld: String,
    themenfeld_en: String,
    name: String,
    name_en: String,
    availability: String,
}

/// Services in their order with count, star sum and outcomes of their
/// ratings, in one grouped query: all of them, or the one with `slug`.
/// `head_only`: only the columns a summary shows (the directory), not the
/// descriptions, which SQLite would copy for every row.
async fn with_aggregates<C: ConnectionTrait>(db: &C, slug: Option<&str>, head_only: bool) -> Result<Vec<(sea_orm::QueryResult, Aggregate)>, DbErr> {
    use city_service::Column as S;
    use city_service_rating::Column as R;
    let (s, r) = (city_service::Entity, city_service_rating::Entity);
    // The outcome codes are compile-time constants, so inlining them is safe
    // and avoids the engines' different placeholder syntax.
    let outcome_is = |o: Outcome| Expr::cust(format!("CASE WHEN \"city_service_rating\".\"outcome\" = '{}' THEN 1 ELSE 0 END", o.as_str()));
    let mut find = city_service::Entity::find().order_by_asc(S::Position).order_by_asc(S::Id);
    if head_only {
        find = find.select_only().columns([S::Id, S::Slug, S::Themenfeld, S::ThemenfeldEn, S::Name, S::NameEn, S::Availability, S::Position]);
    }
    if let Some(slug) = slug {
        find = find.filter(S::Slug.eq(slug));
    }
    let mut q = find.into_query();
    q.expr_as(Expr::col((r, R::Id)).count(), Alias::new("ratings"))
        .expr_as(Expr::col((r, R::Stars)).sum(), Alias::new("stars"))
        .expr_as(outcome_is(Outcome::WorkedOnline).sum(), Alias::new("worked"))
        .expr_as(outcome_is(Outcome::NotOnline).sum(), Alias::new("failed"))
        .left_join(r, Expr::col((r, R::ServiceId)).equals((s, S::Id)))
        // Every other column of the service depends on its key, which both
        // engines accept. Grouped in the listing's order, which an index
        // has (`city_service_order`): no sort per request.
        .group_by_col((s, S::Position))
        .group_by_col((s, S::Id));
    let rows = db.query_all_raw(db.get_database_backend().build(&q)).await?;
    rows.into_iter()
        .map(|row| {
            // A sum over no ratings is NULL.
            let sum = |name: &str| row.try_get::<Option<i64>>("", name).map(Option::unwrap_or_default);
            let agg = Aggregate { ratings: row.try_get("", "ratings")?, stars: sum("stars")?, worked: sum("worked")?, failed: sum("failed")? };
            Ok((row, agg))
        })
        .collect()
}

fn summary(s: &Head, agg: &Aggregate, l: Locale) -> ServiceSummary {
    let en = l == Locale::En;
    let Aggregate { ratings, stars, worked, failed } = *agg;
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
    with_aggregates(db, None, true).await?.iter().map(|(row, agg)| Ok(summary(&Head::from_query_result(row, "")?, agg, l))).collect()
}

pub async fn by_slug<C: ConnectionTrait>(db: &C, slug: &str) -> Result<Option<city_service::Model>, DbErr> {
    city_service::Entity::find().filter(city_service::Column::Slug.eq(slug)).one(db).await
}

/// A service with its summary (its ratings counted), in one query.
pub async fn with_summary<C: ConnectionTrait>(db: &C, slug: &str, l: Locale) -> Result<Option<(city_service::Model, ServiceSummary)>, DbErr> {
    let Some((row, agg)) = with_aggregates(db, Some(slug), false).await?.into_iter().next() else { return Ok(None) };
    Ok(Some((city_service::Model::from_query_result(&row, "")?, summary(&Head::from_query_result(&row, "")?, &agg, l))))
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

/// Ratings that carry a tip, newest first, with their authors' display
/// names, in one query.
pub async fn tips<C: ConnectionTrait>(db: &C, service_id: i32) -> Result<Vec<Tip>, DbErr> {
    let u = app_user::Entity;
    let mut q = city_service_rating::Entity::find()
        .filter(city_service_rating::Column::ServiceId.eq(service_id))
        .filter(city_service_rating::Column::Tip.is_not_null())
        .order_by_desc(city_service_rating::Column::UpdatedAt)
        .order_by_desc(city_service_rating::Column::Id)
        .limit(TIPS_SHOWN)
        .into_query();
    q.expr_as(Expr::col((u, app_user::Column::DisplayName)), Alias::new("author_name"))
        .left_join(u, Expr::col((u, app_user::Column::Id)).equals((city_service_rating::Entity, city_service_rating::Column::UserId)));
    let rows = db.query_all_raw(db.get_database_backend().build(&q)).await?;
    rows.iter()
        .map(|row| {
            let author: Option<String> = row.try_get("", "author_name")?;
            Ok(tip(city_service_rating::Model::from_query_result(row, "")?, author.unwrap_or_default()))
        })
        .collect()
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
