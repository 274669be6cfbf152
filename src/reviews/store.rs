//! Review queries.
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::domain::{Provenance, RatingSummary, ReviewView, Stars};
use crate::common::paging::Paging;
use crate::db::entities::{app_user, offer, review};

pub const PUBLISHED: &str = "published";

/// Rating summaries of the given providers, or of all when `ids` is None.
pub async fn ratings<C: ConnectionTrait>(db: &C, ids: Option<&[i32]>) -> Result<HashMap<i32, RatingSummary>, DbErr> {
    let mut q = review::Entity::find()
        .select_only()
        .column(review::Column::ProviderId)
        .column(review::Column::Stars)
        .column_as(Expr::col(review::Column::Id).count(), "n")
        .filter(review::Column::Status.eq(PUBLISHED))
        .group_by(review::Column::ProviderId)
        .group_by(review::Column::Stars);
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        q = q.filter(review::Column::ProviderId.is_in(ids.iter().copied()));
    }
    let rows: Vec<(i32, i16, i64)> = q.into_tuple().all(db).await?;
    let mut out: HashMap<i32, RatingSummary> = HashMap::new();
    for (provider, stars, n) in rows {
        if let Some(s) = Stars::new(stars as i64) {
            let summary = out.entry(provider).or_default();
            summary.count += n as u64;
            summary.sum += s.get() as u64 * n as u64;
            summary.distribution[s.get() as usize - 1] += n as u64;
        }
    }
    Ok(out)
}

/// The city-wide mean of published stars: the prior of every Bayesian
/// average (3.0, the scale's middle, before any review exists).
pub async fn mean_rating<C: ConnectionTrait>(db: &C) -> Result<f64, DbErr> {
    let row: Option<(Option<i64>, i64)> = review::Entity::find()
        .select_only()
        .column_as(Expr::col(review::Column::Stars).sum(), "s")
        .column_as(Expr::col(review::Column::Id).count(), "n")
        .filter(review::Column::Status.eq(PUBLISHED))
        .into_tuple()
        .one(db)
        .await?;
    Ok(match row {
        Some((Some(sum), n)) if n > 0 => sum as f64 / n as f64,
        _ => 3.0,
    })
}

/// Published reviews of a provider, newest first.
pub async fn for_provider<C: ConnectionTrait>(
    db: &C,
    provider_id: i32,
    page: u64,
    per_page: u64,
) -> Result<(Vec<ReviewView>, Paging), DbErr> {
    let paginator = review::Entity::find()
        .filter(review::Column::ProviderId.eq(provider_id))
        .filter(review::Column::Status.eq(PUBLISHED))
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .paginate(db, per_page);
    let total = paginator.num_items().await?;
    let paging = Paging::new(page, per_page, total);
    let rows = paginator.fetch_page(paging.page - 1).await?;

    let author_ids: Vec<i32> = rows.iter().map(|r| r.author_id).collect();
    let authors: HashMap<i32, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(author_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let offer_ids: Vec<i32> = rows.iter().filter_map(|r| r.offer_id).collect();
    let offers: HashMap<i32, (String, String)> = if offer_ids.is_empty() {
        HashMap::new()
    } else {
        offer::Entity::find()
            .filter(offer::Column::Id.is_in(offer_ids))
            .filter(offer::Column::Status.eq(PUBLISHED))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, (o.slug, o.title)))
            .collect()
    };
    let views = rows
        .into_iter()
        .filter_map(|r| {
            Some(ReviewView {
                id: r.id,
                author_name: authors.get(&r.author_id).cloned().unwrap_or_default(),
                stars: Stars::new(r.stars as i64)?,
                title: r.title,
                body: r.body,
                provenance: Provenance::parse(&r.provenance).unwrap_or(Provenance::Unverified),
                created_at: r.created_at,
                updated_at: r.updated_at,
                offer: r.offer_id.and_then(|id| offers.get(&id).map(|(slug, title)| (id, slug.clone(), title.clone()))),
            })
        })
        .collect();
    Ok((views, paging))
}

/// Deletes every review a person wrote (account deletion).
pub async fn delete_by_author<C: ConnectionTrait>(db: &C, author_id: i32) -> Result<u64, DbErr> {
    Ok(review::Entity::delete_many().filter(review::Column::AuthorId.eq(author_id)).exec(db).await?.rows_affected)
}
