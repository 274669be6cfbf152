//! `GET /api/v1/providers`, `/providers/{id}` and `/providers/{id}/reviews`.
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::problem::{parse_per_page, ApiId, ApiQuery, Problem};
use super::types::{ApiProvider, ApiReview, OfferRef, PageParams, Pagination, PerPageParams, ProviderDetail, ProviderList, ReviewList};
use crate::common::paging::parse_page;
use crate::providers::domain::Ownership;
use crate::app::state::AppState;
use crate::i18n::t;

/// Filters of the provider list. Empty values mean "no filter".
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProviderFilter {
    /// Ownership: `private`, `cooperative` or `municipal`.
    #[param(schema_with = super::params::eigentum)]
    pub eigentum: Option<String>,
    /// Category slug: only providers with published offers in it (a
    /// top-level category includes its subcategories).
    #[param(example = "wohnen")]
    pub kategorie: Option<String>,
}

/// Providers
///
/// Every provider, in order of registration, with its ownership and rating.
#[utoipa::path(
    get,
    path = "/api/v1/providers",
    tag = "providers",
    operation_id = "list_providers",
    params(ProviderFilter, PageParams, PerPageParams),
    responses(
        (status = 200, description = "One page of providers", body = ProviderList),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(st): State<AppState>,
    ApiQuery(f): ApiQuery<ProviderFilter>,
    ApiQuery(pg): ApiQuery<PageParams>,
    ApiQuery(pp): ApiQuery<PerPageParams>,
) -> Result<Json<ProviderList>, Problem> {
    let non_empty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let ownership = match non_empty(&f.eigentum) {
        Some(o) => Some(Ownership::parse(&o).ok_or_else(|| Problem::invalid("eigentum", t().error_bad_ownership))?),
        None => None,
    };
    let cats = &st.reference.categories;
    let category_ids = match non_empty(&f.kategorie) {
        Some(slug) => Some(cats.by_slug(&slug).map(|c| cats.with_descendants(c.id)).ok_or_else(|| Problem::invalid("kategorie", t().error_unknown_category))?),
        None => None,
    };
    let page = parse_page(pg.seite.as_deref())?;
    let per_page = parse_per_page(pp.pro_seite.as_deref())?;

    let (ids, paging) = super::store::provider_ids(&st.db, ownership, category_ids.as_deref(), page, per_page).await?;
    // Names, ratings and logos as the catalogue holds them, as current as
    // the ids (`fresh` waits for every commit before it).
    let freshness = st.catalog.fresh().await?;
    let items: Vec<ApiProvider> = st.catalog.with(|d| ids.iter().filter_map(|id| d.provider_summary(&st.reference, *id)).map(|s| ApiProvider::new(&s, d.prior())).collect());
    // A provider created during a catch-up longer than `FRESH_WAIT` is not
    // in the catalogue yet: no page that leaves it out.
    if items.len() < ids.len() && freshness != crate::offers::catalog::Freshness::Current {
        return Err(crate::error::AppError::Unavailable.into());
    }
    let mut fixed = Vec::new();
    if let Some(o) = ownership {
        fixed.push(format!("eigentum={}", o.as_str()));
    }
    if let Some(slug) = non_empty(&f.kategorie) {
        fixed.push(format!("kategorie={slug}"));
    }
    let link = |n: u64| page_link("/providers", &fixed, n, per_page);
    Ok(Json(ProviderList { items, pagination: Pagination::new(&paging, link) }))
}

/// `{BASE}{path}?…&seite=n&pro_seite=m`, leaving out defaults. `fixed`
/// holds already validated, URL-safe pairs.
fn page_link(path: &str, fixed: &[String], page: u64, per_page: u64) -> String {
    let mut parts = fixed.to_vec();
    if page > 1 {
        parts.push(format!("seite={page}"));
    }
    if per_page != super::DEFAULT_PER_PAGE {
        parts.push(format!("pro_seite={per_page}"));
    }
    let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
    format!("{}{path}{query}", super::BASE)
}

/// A provider
///
/// Contact details, ownership, rating and the newest published offers
/// (all of them: `/api/v1/offers?anbieter={id}&sortierung=neueste`).
#[utoipa::path(
    get,
    path = "/api/v1/providers/{id}",
    tag = "providers",
    operation_id = "get_provider",
    params(("id" = i32, Path, minimum = 1, description = "Provider id", example = 1)),
    responses(
        (status = 200, description = "The provider", body = ProviderDetail),
        (status = 400, description = "The id is not a positive integer", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn detail(State(st): State<AppState>, ApiId(id): ApiId) -> Result<Json<ProviderDetail>, Problem> {
    let page = crate::providers::store::page(&st.catalog, &st.db, &st.reference, id).await?.ok_or_else(|| Problem::not_found(t().error_unknown_provider))?;
    let (p, city_mean) = (page.detail, page.prior);
    let offers = super::offers::api_offers(&st.reference, &page.offers, city_mean);
    Ok(Json(ProviderDetail {
        provider: ApiProvider::new(&p.summary, city_mean),
        description: p.description,
        street: p.street,
        postal_code: p.postal_code,
        town: p.town,
        phone: p.phone,
        email: p.email,
        website: p.website,
        opening_hours: p.opening_hours,
        served_districts: p.served,
        is_demo: p.is_demo,
        offers,
        offer_count: page.offer_count as u64,
    }))
}

/// A provider's reviews
///
/// Published reviews, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/providers/{id}/reviews",
    tag = "providers",
    operation_id = "list_provider_reviews",
    params(("id" = i32, Path, minimum = 1, description = "Provider id", example = 1), PageParams, PerPageParams),
    responses(
        (status = 200, description = "One page of reviews", body = ReviewList),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reviews(
    State(st): State<AppState>,
    ApiId(id): ApiId,
    ApiQuery(pg): ApiQuery<PageParams>,
    ApiQuery(pp): ApiQuery<PerPageParams>,
) -> Result<Json<ReviewList>, Problem> {
    let page = parse_page(pg.seite.as_deref())?;
    let per_page = parse_per_page(pp.pro_seite.as_deref())?;
    if !super::store::provider_exists(&st.db, id).await? {
        return Err(Problem::not_found(t().error_unknown_provider));
    }
    let (reviews, paging) = crate::reviews::store::for_provider(&st.db, id, Default::default(), page, per_page, None).await?;
    let items = reviews
        .into_iter()
        .map(|r| ApiReview {
            id: r.id,
            stars: r.stars.get(),
            title: r.title,
            text: r.body,
            author: r.author_name,
            provenance: r.provenance.into(),
            offer: r.offer.map(|(id, slug, title)| OfferRef { id, slug, title }),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect();
    let path = format!("/providers/{id}/reviews");
    Ok(Json(ReviewList { items, pagination: Pagination::new(&paging, |n| page_link(&path, &[], n, per_page)) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leave_out_defaults() {
        assert_eq!(page_link("/providers", &[], 1, 20), "/api/v1/providers");
        assert_eq!(page_link("/providers", &["eigentum=municipal".into()], 3, 5), "/api/v1/providers?eigentum=municipal&seite=3&pro_seite=5");
    }
}
