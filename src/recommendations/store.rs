//! Recommendation queries and writes. Firms that are not on the platform
//! live only in `unlisted_provider`, which no provider query reads.
use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set,
};

use super::domain::{rank, unlisted_key, ProviderRef, RecommendDraft, RecommendationView, Refusal, Target};
use crate::accounts::authz::{check, Action};
use crate::accounts::domain::Account;
use crate::db::entities::{app_user, provider, recommendation as rec, recommendation_second as second, unlisted_claim, unlisted_provider as unlisted};

/// How many recommendations of a category are ranked (the newest ones).
const RANK_WINDOW: u64 = 1_000;

fn internal(e: DbErr) -> Refusal {
    tracing::error!(error = %e, "recommendation store");
    Refusal::Internal
}

/// The entry for a firm that is not on the platform, shared by everyone who
/// names the same firm (same normalised name and town).
async fn unlisted_entry<C: ConnectionTrait>(db: &C, name: &str, town: &str, website: Option<&str>, by: i32) -> Result<unlisted::Model, DbErr> {
    let key = unlisted_key(name, town);
    let row = unlisted::ActiveModel {
        name: Set(name.to_owned()),
        town: Set(town.to_owned()),
        website: Set(website.map(str::to_owned)),
        norm_key: Set(key.clone()),
        created_by: Set(Some(by)),
        claimed_provider_id: Set(None),
        is_demo: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    unlisted::Entity::insert(row).on_conflict(OnConflict::column(unlisted::Column::NormKey).do_nothing().to_owned()).exec_without_returning(db).await?;
    let found = unlisted::Entity::find().filter(unlisted::Column::NormKey.eq(key)).one(db).await?;
    let found = found.ok_or_else(|| DbErr::RecordNotFound("unlisted provider".into()))?;
    // A later recommender may add the website the first one left out.
    if found.website.is_none() && website.is_some() {
        let mut m: unlisted::ActiveModel = found.clone().into();
        m.website = Set(website.map(str::to_owned));
        return m.update(db).await;
    }
    Ok(found)
}

async fn member_of<C: ConnectionTrait>(db: &C, provider_id: Option<i32>, user: i32) -> Result<Option<crate::accounts::authz::MemberRole>, DbErr> {
    match provider_id {
        Some(p) => crate::members::store::membership(db, p, user).await,
        None => Ok(None),
    }
}

/// Stores a recommendation; returns its id.
pub async fn recommend(db: &DatabaseConnection, actor: &Account, d: &RecommendDraft) -> Result<i32, Refusal> {
    let txn = crate::db::begin_write(db).await.map_err(internal)?;
    let (provider_id, unlisted_id) = match &d.target {
        Target::Listed(id) => {
            provider::Entity::find_by_id(*id).one(&txn).await.map_err(internal)?.ok_or(Refusal::UnknownProvider)?;
            (Some(*id), None)
        }
        Target::Unlisted { name, town, website } => {
            let u = unlisted_entry(&txn, name, town, website.as_deref(), actor.id).await.map_err(internal)?;
            // Claimed meanwhile: the firm is on the platform now.
            match u.claimed_provider_id {
                Some(p) => (Some(p), None),
                None => (None, Some(u.id)),
            }
        }
    };
    let membership = member_of(&txn, provider_id, actor.id).await.map_err(internal)?;
    check(Some(actor), membership, Action::Recommend).map_err(refusal)?;
    let mut dup = rec::Entity::find().filter(rec::Column::AuthorId.eq(actor.id)).filter(rec::Column::CategoryId.eq(d.category_id));
    dup = match (provider_id, unlisted_id) {
        (Some(p), _) => dup.filter(rec::Column::ProviderId.eq(p)),
        (_, Some(u)) => dup.filter(rec::Column::UnlistedId.eq(u)),
        _ => return Err(Refusal::UnknownProvider),
    };
    if dup.count(&txn).await.map_err(internal)? > 0 {
        return Err(Refusal::Duplicate);
    }
    let row = rec::ActiveModel {
        author_id: Set(actor.id),
        category_id: Set(d.category_id),
        provider_id: Set(provider_id),
        unlisted_id: Set(unlisted_id),
        reason: Set(d.reason.clone()),
        is_demo: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    // The unique indexes catch a simultaneous duplicate the check missed.
    let saved = row.insert(&txn).await.map_err(|_| Refusal::Duplicate)?;
    txn.commit().await.map_err(internal)?;
    Ok(saved.id)
}

/// Seconds someone else's recommendation, once; returns its category.
pub async fn second(db: &DatabaseConnection, actor: &Account, rec_id: i32) -> Result<i32, Refusal> {
    let r = rec::Entity::find_by_id(rec_id).one(db).await.map_err(internal)?.ok_or(Refusal::NotFound)?;
    if r.author_id == actor.id {
        return Err(Refusal::OwnRecommendation);
    }
    let membership = member_of(db, r.provider_id, actor.id).await.map_err(internal)?;
    check(Some(actor), membership, Action::SecondRecommendation).map_err(refusal)?;
    let row = second::ActiveModel { recommendation_id: Set(rec_id), user_id: Set(actor.id), created_at: Set(Utc::now()) };
    second::Entity::insert(row)
        .on_conflict(OnConflict::columns([second::Column::RecommendationId, second::Column::UserId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await
        .map_err(internal)?;
    Ok(r.category_id)
}

/// Takes one's second back; returns the recommendation's category.
pub async fn withdraw(db: &DatabaseConnection, actor: &Account, rec_id: i32) -> Result<i32, Refusal> {
    let r = rec::Entity::find_by_id(rec_id).one(db).await.map_err(internal)?.ok_or(Refusal::NotFound)?;
    second::Entity::delete_by_id((rec_id, actor.id)).exec(db).await.map_err(internal)?;
    Ok(r.category_id)
}

/// The recommendations `find` selects, in its order, each with its
/// author's name, the firm it names (on the platform or not), its seconds
/// and whether `viewer` seconded it: one statement, so the start page and
/// a provider's page ask one question for them instead of five.
async fn views<C: ConnectionTrait>(db: &C, find: Select<rec::Entity>, viewer: Option<i32>) -> Result<Vec<RecommendationView>, DbErr> {
    let (r, u, p, f, s) = (rec::Entity, app_user::Entity, provider::Entity, unlisted::Entity, second::Entity);
    let seconds_by = |who: Option<i32>| {
        let mut q = Query::select()
            .expr(Expr::col((s, second::Column::UserId)).count())
            .from(s)
            .and_where(Expr::col((s, second::Column::RecommendationId)).equals((r, rec::Column::Id)))
            .to_owned();
        if let Some(id) = who {
            q.and_where(Expr::col((s, second::Column::UserId)).eq(id));
        }
        Expr::SubQuery(None, Box::new(q.into()))
    };
    let mut q = find.into_query();
    q.expr_as(Expr::col((u, app_user::Column::DisplayName)), Alias::new("author_name"))
        .expr_as(Expr::col((p, provider::Column::Id)), Alias::new("listed_id"))
        .expr_as(Expr::col((p, provider::Column::Slug)), Alias::new("listed_slug"))
        .expr_as(Expr::col((p, provider::Column::Name)), Alias::new("listed_name"))
        .expr_as(Expr::col((f, unlisted::Column::Id)), Alias::new("firm_id"))
        .expr_as(Expr::col((f, unlisted::Column::Name)), Alias::new("firm_name"))
        .expr_as(Expr::col((f, unlisted::Column::Town)), Alias::new("firm_town"))
        .expr_as(Expr::col((f, unlisted::Column::Website)), Alias::new("firm_website"))
        .expr_as(seconds_by(None), Alias::new("seconds"))
        .left_join(u, Expr::col((u, app_user::Column::Id)).equals((r, rec::Column::AuthorId)))
        .left_join(p, Expr::col((p, provider::Column::Id)).equals((r, rec::Column::ProviderId)))
        .left_join(f, Expr::col((f, unlisted::Column::Id)).equals((r, rec::Column::UnlistedId)));
    if let Some(me) = viewer {
        q.expr_as(seconds_by(Some(me)), Alias::new("mine_seconded"));
    }
    let rows = db.query_all_raw(db.get_database_backend().build(&q)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let m = rec::Model::from_query_result(row, "")?;
        let get = |name: &str| row.try_get::<Option<String>>("", name);
        let provider = match (row.try_get::<Option<i32>>("", "listed_id")?, row.try_get::<Option<i32>>("", "firm_id")?) {
            (Some(id), _) => ProviderRef::Listed { id, slug: get("listed_slug")?.unwrap_or_default(), name: get("listed_name")?.unwrap_or_default() },
            (None, Some(id)) => ProviderRef::Unlisted { id, name: get("firm_name")?.unwrap_or_default(), town: get("firm_town")?.unwrap_or_default(), website: get("firm_website")? },
            // Naming a firm that is gone: not shown, as before.
            (None, None) => continue,
        };
        let seconded = viewer.is_some() && row.try_get::<i64>("", "mine_seconded")? > 0;
        out.push(RecommendationView {
            id: m.id,
            author_name: get("author_name")?.unwrap_or_default(),
            category_id: m.category_id,
            category: String::new(),
            reason: m.reason,
            created_at: m.created_at,
            seconds: u64::try_from(row.try_get::<i64>("", "seconds")?).unwrap_or(0),
            provider,
            mine: Some(m.author_id) == viewer,
            seconded,
        });
    }
    Ok(out)
}

/// The recommendations of these categories, ranked by the published formula.
pub async fn ranked<C: ConnectionTrait>(db: &C, category_ids: &[i32], viewer: Option<i32>, limit: usize) -> Result<(Vec<RecommendationView>, u64), DbErr> {
    ranked_where(db, rec::Column::CategoryId.is_in(category_ids.iter().copied()), viewer, limit).await
}

/// The recommendations of a provider on the platform, ranked.
pub async fn ranked_for_provider<C: ConnectionTrait>(db: &C, provider_id: i32, viewer: Option<i32>, limit: usize) -> Result<(Vec<RecommendationView>, u64), DbErr> {
    ranked_where(db, rec::Column::ProviderId.eq(provider_id), viewer, limit).await
}

/// Hidden recommendations (moderation) are shown to nobody.
pub const PUBLISHED: &str = "published";

async fn ranked_where<C: ConnectionTrait>(db: &C, cond: sea_orm::sea_query::SimpleExpr, viewer: Option<i32>, limit: usize) -> Result<(Vec<RecommendationView>, u64), DbErr> {
    let q = rec::Entity::find().filter(cond).filter(rec::Column::Status.eq(PUBLISHED));
    let mut list = views(db, q.clone().order_by_desc(rec::Column::CreatedAt).order_by_desc(rec::Column::Id).limit(RANK_WINDOW), viewer).await?;
    // A window not filled holds them all: counted only past it.
    let total = if (list.len() as u64) < RANK_WINDOW { list.len() as u64 } else { q.count(db).await? };
    rank(&mut list, Utc::now());
    list.truncate(limit);
    Ok((list, total))
}

/// The newest recommendations anywhere.
pub async fn recent<C: ConnectionTrait>(db: &C, viewer: Option<i32>, limit: u64) -> Result<Vec<RecommendationView>, DbErr> {
    views(db, rec::Entity::find().filter(rec::Column::Status.eq(PUBLISHED)).order_by_desc(rec::Column::CreatedAt).order_by_desc(rec::Column::Id).limit(limit), viewer).await
}

/// Providers on the platform whose name contains `q`, for the form's picker.
pub async fn provider_name<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<(i32, String)>, DbErr> {
    Ok(provider::Entity::find_by_id(id).one(db).await?.map(|p| (p.id, p.name)))
}

pub async fn find_providers<C: ConnectionTrait>(db: &C, q: &str) -> Result<Vec<(i32, String)>, DbErr> {
    let q = q.trim();
    if q.chars().count() < 2 {
        return Ok(vec![]);
    }
    let needle = q.to_lowercase().replace(['%', '_', '\\'], "");
    let rows = provider::Entity::find()
        .filter(sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(sea_orm::sea_query::Expr::col(provider::Column::Name))).like(format!("%{needle}%")))
        .order_by_asc(provider::Column::Name)
        .limit(20)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|p| (p.id, p.name)).collect())
}

pub async fn unlisted_by_id<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<unlisted::Model>, DbErr> {
    unlisted::Entity::find_by_id(id).one(db).await
}

/// What the data export holds about a person's recommendations, seconds and claims.
pub async fn export<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<serde_json::Value, DbErr> {
    use serde_json::json;
    let list = views(db, rec::Entity::find().filter(rec::Column::AuthorId.eq(user_id)).order_by_asc(rec::Column::Id), Some(user_id)).await?;
    let seconds = second::Entity::find().filter(second::Column::UserId.eq(user_id)).all(db).await?;
    let claims = unlisted_claim::Entity::find().filter(unlisted_claim::Column::ClaimantId.eq(user_id)).all(db).await?;
    Ok(json!({
        "recommendations": list.iter().map(|r| json!({
            "id": r.id, "category_id": r.category_id, "reason": r.reason, "created_at": r.created_at, "seconds": r.seconds,
            "provider": match &r.provider {
                ProviderRef::Listed { id, name, .. } => json!({"provider_id": id, "name": name}),
                ProviderRef::Unlisted { name, town, website, .. } => json!({"not_on_platform": true, "name": name, "town": town, "website": website}),
            },
        })).collect::<Vec<_>>(),
        "seconds": seconds.iter().map(|s| json!({"recommendation_id": s.recommendation_id, "at": s.created_at})).collect::<Vec<_>>(),
        "claims": claims.iter().map(|c| json!({"id": c.id, "unlisted_id": c.unlisted_id, "status": c.status, "created_at": c.created_at, "decided_at": c.decided_at})).collect::<Vec<_>>(),
    }))
}

/// Account deletion: the person's recommendations (with the seconds they
/// received), seconds and claims go; entries of firms that no remaining
/// recommendation or claim names go too.
pub async fn delete_by_user<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    let own: Vec<i32> = rec::Entity::find().select_only().column(rec::Column::Id).filter(rec::Column::AuthorId.eq(user_id)).into_tuple().all(db).await?;
    for chunk in own.chunks(5_000) {
        second::Entity::delete_many().filter(second::Column::RecommendationId.is_in(chunk.iter().copied())).exec(db).await?;
    }
    second::Entity::delete_many().filter(second::Column::UserId.eq(user_id)).exec(db).await?;
    rec::Entity::delete_many().filter(rec::Column::AuthorId.eq(user_id)).exec(db).await?;
    unlisted_claim::Entity::delete_many().filter(unlisted_claim::Column::ClaimantId.eq(user_id)).exec(db).await?;
    drop_orphan_firms(db).await
}

/// Entries of firms that no recommendation or claim names any more.
async fn drop_orphan_firms<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let sql = "DELETE FROM unlisted_provider WHERE claimed_provider_id IS NULL \
               AND NOT EXISTS (SELECT 1 FROM recommendation r WHERE r.unlisted_id = unlisted_provider.id) \
               AND NOT EXISTS (SELECT 1 FROM unlisted_claim c WHERE c.unlisted_id = unlisted_provider.id)";
    db.execute_unprepared(sql).await?;
    Ok(())
}

/// The author deletes their recommendation (with the seconds it received);
/// returns its category.
pub async fn delete_own(db: &DatabaseConnection, actor: &Account, rec_id: i32) -> Result<i32, Refusal> {
    let txn = crate::db::begin_write(db).await.map_err(internal)?;
    let r = rec::Entity::find_by_id(rec_id).filter(rec::Column::AuthorId.eq(actor.id)).one(&txn).await.map_err(internal)?.ok_or(Refusal::NotFound)?;
    second::Entity::delete_many().filter(second::Column::RecommendationId.eq(rec_id)).exec(&txn).await.map_err(internal)?;
    rec::Entity::delete_by_id(rec_id).exec(&txn).await.map_err(internal)?;
    drop_orphan_firms(&txn).await.map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    Ok(r.category_id)
}

pub async fn category_of<C: ConnectionTrait>(db: &C, rec_id: i32) -> Result<Option<i32>, DbErr> {
    Ok(rec::Entity::find_by_id(rec_id).one(db).await?.map(|r| r.category_id))
}

/// Why the authorisation table refused: an unconfirmed address, or the
/// actor's own provider.
fn refusal(e: crate::error::AppError) -> Refusal {
    match e {
        crate::error::AppError::Invalid { .. } => Refusal::Unconfirmed,
        _ => Refusal::OwnProvider,
    }
}
