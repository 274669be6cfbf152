//! Provider queries.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::domain::{Ownership, ProviderDetail, ProviderSummary, Seat};
use crate::db::entities::{provider, provider_district};
use crate::reviews::domain::RatingSummary;
use crate::reviews::store as reviews;
use crate::reference::Reference;

fn summary(p: &provider::Model, r: &Reference, rating: RatingSummary) -> ProviderSummary {
    ProviderSummary {
        id: p.id,
        slug: p.slug.clone(),
        name: p.name.clone(),
        ownership: Ownership::parse(&p.ownership).unwrap_or(Ownership::Private),
        owner_name: p.owner_name.clone(),
        location: Seat::from_columns(p.stadtteil_id, p.town.as_deref()).label(&r.districts),
        rating,
        logo: None,
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
    let mut logos = crate::photos::store::logos(db, ids).await?;
    Ok(providers
        .iter()
        .map(|p| (p.id, ProviderSummary { logo: logos.remove(&p.id), ..summary(p, r, ratings.get(&p.id).copied().unwrap_or_default()) }))
        .collect())
}

pub async fn detail<C: ConnectionTrait>(db: &C, r: &Reference, id: i32) -> Result<Option<ProviderDetail>, DbErr> {
    let Some(p) = provider::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let rating = reviews::ratings(db, Some(&[id])).await?.remove(&id).unwrap_or_default();
    let served_ids: Vec<i32> =
        provider_district::Entity::find().filter(provider_district::Column::ProviderId.eq(id)).all(db).await?.into_iter().map(|b| b.bezirk_id).collect();
    let served = r.districts.bezirke.iter().filter(|b| served_ids.contains(&b.id)).map(|b| b.name.clone()).collect();
    Ok(Some(ProviderDetail {
        summary: summary(&p, r, rating),
        description: p.description,
        street: p.street,
        postal_code: p.postal_code,
        town: Seat::from_columns(p.stadtteil_id, p.town.as_deref()).town().to_owned(),
        phone: p.phone,
        email: p.email,
        website: p.website,
        is_demo: p.is_demo,
        ownership_share: p.ownership_share,
        ownership_verified: p.ownership_verified_at.is_some(),
        opening_hours: p.opening_hours,
        served,
    }))
}
