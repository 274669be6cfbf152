//! `GET /api/v1/offers`: the website's offer list, filter for filter.
use axum::extract::State;
use axum::Json;

use super::problem::{parse_per_page, ApiQuery, Problem};
use super::types::{ApiHousing, ApiOffer, ApiPrice, ApiProvider, CategoryRef, Currency, OfferList, Pagination, PerPageParams};
use crate::offers::domain::{OfferCard, PriceModel};
use crate::offers::query::{OfferFilter, OfferQuery};
use crate::reference::Reference;
use crate::app::state::AppState;

/// Published offers
///
/// The same filters, validation, order and totals as the website's list at
/// `/angebote` with the same query string.
#[utoipa::path(
    get,
    path = "/api/v1/offers",
    tag = "offers",
    operation_id = "list_offers",
    params(OfferFilter, PerPageParams),
    responses(
        (status = 200, description = "One page of offers", body = OfferList),
        (status = 400, description = "A parameter is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(st): State<AppState>,
    ApiQuery(filter): ApiQuery<OfferFilter>,
    ApiQuery(pp): ApiQuery<PerPageParams>,
) -> Result<axum::response::Response, Problem> {
    use axum::response::IntoResponse;
    let per_page = parse_per_page(pp.pro_seite.as_deref())?;
    let q = OfferQuery::from_filter(&filter, &st.reference.categories, &st.reference.districts)?;
    let page = crate::offers::store::list(&st.catalog, &st.reference, &q, per_page).await?;
    crate::offers::store::note_miss(&st, &q, &page);
    let items = api_offers(&st.reference, &page.offers, st.catalog.with(|d| d.prior()));
    let link = |n: u64| {
        let query = filter.to_query(Some(n));
        let extra = (per_page != super::DEFAULT_PER_PAGE).then(|| format!("pro_seite={per_page}"));
        match (query.is_empty(), extra) {
            (_, None) => format!("{}/offers{query}", super::BASE),
            (true, Some(e)) => format!("{}/offers?{e}", super::BASE),
            (false, Some(e)) => format!("{}/offers{query}&{e}", super::BASE),
        }
    };
    let stale = page.stale;
    let mut resp = Json(OfferList { items, pagination: Pagination::new(&page.paging, link) }).into_response();
    if stale {
        crate::server::reply::mark_stale(resp.headers_mut());
    }
    Ok(resp)
}

/// Cards as API offers; `city_mean` is the prior of the providers' Bayesian ratings.
pub fn api_offers(r: &Reference, cards: &[OfferCard], city_mean: f64) -> Vec<ApiOffer> {
    cards
        .iter()
        .map(|c| {
            let (category_id, created_at) = (c.category_id, c.created_at);
            ApiOffer {
                id: c.id,
                slug: c.slug.clone(),
                title: c.title.clone(),
                category: CategoryRef {
                    id: category_id,
                    slug: r.categories.by_id(category_id).map(|x| x.slug.clone()).unwrap_or_default(),
                    name: c.category.clone(),
                },
                price: ApiPrice {
                    model: c.price.model.into(),
                    // As on the website: "on request" shows no amount.
                    amount_cents: c.price.cents.filter(|_| c.price.model != PriceModel::OnRequest),
                    currency: Currency::Eur,
                },
                provider: ApiProvider::new(&c.provider, city_mean),
                place: c.place.clone(),
                housing: c.housing.as_ref().map(|h| ApiHousing {
                    kind: h.kind.into(),
                    rooms: h.rooms_tenths.map(|n| n as f64 / 10.0),
                    living_area_m2: h.living_area_centi_m2.map(|n| n as f64 / 100.0),
                    plot_area_m2: h.plot_area_centi_m2.map(|n| n as f64 / 100.0),
                    energy_class: h.energy_class.clone(),
                }),
                created_at,
                updated_at: c.updated_at,
                url: crate::common::url_key::offer_path(c.id, &c.slug),
            }
        })
        .collect()
}
