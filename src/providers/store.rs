//! Provider queries.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::domain::{Ownership, ProviderDetail, ProviderSummary};
use crate::db::entities::provider;
use crate::reviews::domain::RatingSummary;
use crate::reviews::store as reviews;
use crate::server::state::Reference;

fn summary(p: &provider::Model, r: &Reference, rating: RatingSummary) -> ProviderSummary {
    ProviderSummary {
        id: p.id,
        slug: p.slug.clone(),
        name: p.name.clone(),
        ownership: Ownership::parse(&p.ownership).unwrap_or(Ownership::Private),
        owner_name: p.owner_name.clone(),
        location: r.districts.stadtteil_label(p.stadtteil_id),
        rating,
    }
}

/// Summaries (with ratings) of the given providers, in two queries.
pub async fn summaries<C: ConnectionTrait>(db: &C, r: &Reference, ids: &[i32]) -> Result<HashMap<i32, ProviderSummary>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ratings = reviews::ratings(db, Some(ids)).await?;
    with_ratings(db, r, ids, &ratings).await
}

async fn with_ratings<C: ConnectionTrait>(
    db: &C,
    r: &Reference,
    ids: &[i32],
    ratings: &HashMap<i32, RatingSummary>,
) -> Result<HashMap<i32, ProviderSummary>, DbErr> {
    let providers = provider::Entity::find().filter(provider::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    Ok(providers
        .iter()
        .map(|p| (p.id, summary(p, r, ratings.get(&p.id).copied().unwrap_or_default())))
        .collect())
}

pub async fn detail<C: ConnectionTrait>(db: &C, r: &Reference, id: i32) -> Result<Option<ProviderDetail>, DbErr> {
    let Some(p) = provider::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let rating = reviews::ratings(db, Some(&[id])).await?.remove(&id).unwrap_or_default();
    Ok(Some(ProviderDetail {
        summary: summary(&p, r, rating),
        description: p.description,
        street: p.street,
        postal_code: p.postal_code,
        phone: p.phone,
        email: p.email,
        website: p.website,
        is_demo: p.is_demo,
    }))
}

/// The best-rated providers by Bayesian average against the city-wide mean.
pub async fn top_rated<C: ConnectionTrait>(db: &C, r: &Reference, n: usize) -> Result<Vec<ProviderSummary>, DbErr> {
    let ratings = reviews::ratings(db, None).await?;
    let (count, sum) = ratings.values().fold((0u64, 0u64), |(c, s), r| (c + r.count, s + r.sum));
    if count == 0 {
        return Ok(Vec::new());
    }
    let prior = sum as f64 / count as f64;
    let mut ranked: Vec<(i32, f64)> = ratings.iter().map(|(id, r)| (*id, r.bayesian(prior))).collect();
    // Ties broken by id so the order is stable across databases.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(n);
    let ids: Vec<i32> = ranked.iter().map(|(id, _)| *id).collect();
    let mut by_id = with_ratings(db, r, &ids, &ratings).await?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
