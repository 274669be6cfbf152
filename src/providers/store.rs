//! Provider queries.
use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryTrait};

use super::domain::{Ownership, ProviderDetail, ProviderSummary, Seat};
use crate::db::entities::{provider, provider_district};
use crate::error::AppError;
use crate::offers::catalog::{Catalog, Freshness};
use crate::offers::domain::OfferCard;
use crate::reviews::domain::RatingSummary;
use crate::reviews::store as reviews;
use crate::reference::Reference;

pub(crate) fn summary(p: &provider::Model, r: &Reference, rating: RatingSummary) -> ProviderSummary {
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

/// The offers a provider's page (and the API's provider) shows: the
/// newest; a results list narrowed to the provider has them all, so an
/// estate agent with thousands of listings does not make a page of them.
pub const PAGE_OFFERS: usize = 12;

/// What a provider's page (and the API's provider) shows besides reviews.
pub struct Page {
    pub detail: ProviderDetail,
    /// Its newest published offers (`PAGE_OFFERS` at most), newest first.
    pub offers: Vec<OfferCard>,
    /// All its published offers (a results list narrowed to it lists them).
    pub offer_count: usize,
    /// The city-wide mean rating, the prior of the Bayesian averages shown.
    pub prior: f64,
    /// How current the catalogue's part is: past a long catch-up its
    /// rating may lag the reviews (the page then counts them).
    pub freshness: Freshness,
}

/// A provider's page: its head (rating and logo included), its offers
/// and the prior from one state of the catalogue, as current as a results
/// list (`fresh`), and the rest from its row and its served Stadtbezirke,
/// in one query. `Unavailable` (503) for a provider not yet in a
/// catalogue still catching up after `FRESH_WAIT`, rather than a 404.
/// `oracle::detail_from_database` and
/// `offers::oracle::by_provider_from_database` build the same from the
/// database alone; `tests/catalog.rs` compares them for every provider.
pub async fn page<C: ConnectionTrait>(catalog: &Catalog, db: &C, r: &Reference, id: i32) -> Result<Option<Page>, AppError> {
    let freshness = catalog.fresh().await?;
    let head = |d: &crate::offers::catalog::Data| Some((d.provider_summary(r, id)?, d.of_provider(r, id, PAGE_OFFERS), d.count_of_provider(id), d.prior()));
    let Some((summary, offers, offer_count, prior)) = catalog.with(head) else {
        // Created during a catch-up longer than `FRESH_WAIT`: not there
        // yet, which is no reason to say it does not exist.
        if freshness != Freshness::Current && provider::Entity::find_by_id(id).count(db).await? > 0 {
            return Err(AppError::Unavailable);
        }
        return Ok(None);
    };
    let pd = provider_district::Entity;
    let mut q = provider::Entity::find_by_id(id).into_query();
    q.expr_as(Expr::col((pd, provider_district::Column::BezirkId)), Alias::new("served_bezirk"))
        .left_join(pd, Expr::col((pd, provider_district::Column::ProviderId)).equals((provider::Entity, provider::Column::Id)));
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(backend.build(&q)).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let p = provider::Model::from_query_result(first, "")?;
    let mut served_ids = Vec::with_capacity(rows.len());
    for row in &rows {
        served_ids.extend(row.try_get::<Option<i32>>("", "served_bezirk")?);
    }
    Ok(Some(Page { detail: detail_of(r, summary, p, &served_ids), offers, offer_count, prior, freshness }))
}

/// A provider's page from its head (`summary`), its row and the ids of
/// the Stadtbezirke it serves.
pub(crate) fn detail_of(r: &Reference, summary: ProviderSummary, p: provider::Model, served_ids: &[i32]) -> ProviderDetail {
    let served = r.districts.bezirke.iter().filter(|b| served_ids.contains(&b.id)).map(|b| b.name.clone()).collect();
    ProviderDetail {
        summary,
        town: Seat::from_columns(p.stadtteil_id, p.town.as_deref()).town().to_owned(),
        description: p.description,
        street: p.street,
        postal_code: p.postal_code,
        phone: p.phone,
        email: p.email,
        website: p.website,
        is_demo: p.is_demo,
        ownership_share: p.ownership_share,
        ownership_verified: p.ownership_verified_at.is_some(),
        opening_hours: p.opening_hours,
        served,
    }
}
