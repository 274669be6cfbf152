//! The API's own response types: a stable, documented contract, kept apart
//! from the UI's view structs so the website can change freely.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::common::paging::Paging;
use crate::offers::domain::{HousingKind, PriceModel};
use crate::providers::domain::{Ownership, ProviderSummary};
use crate::reviews::domain::{Provenance, RatingSummary};

/// Where a list stands and how to get to its neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Pagination {
    /// The current page, from 1.
    pub page: u64,
    pub per_page: u64,
    /// Items matching the request, over all pages.
    pub total: u64,
    /// At least 1, also when nothing matches.
    pub total_pages: u64,
    /// Path and query of the next page; null on the last page.
    pub next: Option<String>,
    /// Path and query of the previous page; null on the first page.
    pub prev: Option<String>,
}

impl Pagination {
    /// `link(n)` gives the path and query of page n.
    pub fn new(paging: &Paging, link: impl Fn(u64) -> String) -> Self {
        let total_pages = paging.pages();
        let prev = paging.has_prev().then(|| link(paging.page.min(total_pages + 1) - 1));
        Self {
            page: paging.page,
            per_page: paging.per_page,
            total: paging.total,
            total_pages,
            next: paging.has_next().then(|| link(paging.page + 1)),
            prev,
        }
    }
}

/// Paging parameters of the lists other than offers (whose `seite` lives
/// in the offer filter).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, 1 to 500.
    #[param(schema_with = super::params::seite)]
    pub seite: Option<String>,
}

/// Items per page.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PerPageParams {
    /// Items per page, 1 to 100; 20 when absent.
    #[param(schema_with = super::params::pro_seite)]
    pub pro_seite: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiOwnership {
    Private,
    Cooperative,
    Municipal,
}

impl From<Ownership> for ApiOwnership {
    fn from(o: Ownership) -> Self {
        match o {
            Ownership::Private => Self::Private,
            Ownership::Cooperative => Self::Cooperative,
            Ownership::Municipal => Self::Municipal,
        }
    }
}

/// The provider's published reviews.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Rating {
    pub count: u64,
    /// Mean stars (1–5) rounded to two decimals; null without reviews.
    pub average: Option<f64>,
    /// Bayesian average against the city-wide mean, rounded to two decimals:
    /// what the ranking uses, so few reviews do not outweigh many.
    pub bayesian: f64,
    /// Number of reviews with 1, 2, 3, 4 and 5 stars.
    pub distribution: [u64; 5],
}

fn two_decimals(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Rating {
    pub fn new(r: &RatingSummary, city_mean: f64) -> Self {
        Self { count: r.count, average: r.average().map(two_decimals), bayesian: two_decimals(r.bayesian(city_mean)), distribution: r.distribution }
    }
}

/// A provider as lists show it, with who owns it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ApiProvider {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub ownership: ApiOwnership,
    /// The owner behind a cooperative or municipal provider (e.g. the city).
    pub owner_name: Option<String>,
    /// Stadtteil (Stadtbezirk) of the provider's address, or its town
    /// marked as outside Duisburg.
    pub location: String,
    pub rating: Rating,
    /// The provider's page on the website.
    pub url: String,
}

impl ApiProvider {
    pub fn new(p: &ProviderSummary, city_mean: f64) -> Self {
        Self {
            id: p.id,
            slug: p.slug.clone(),
            name: p.name.clone(),
            ownership: p.ownership.into(),
            owner_name: p.owner_name.clone(),
            location: p.location.clone(),
            rating: Rating::new(&p.rating, city_mean),
            url: crate::common::url_key::provider_path(p.id, &p.slug),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiPriceModel {
    Fixed,
    From,
    PerMonth,
    PerHour,
    OnRequest,
}

impl From<PriceModel> for ApiPriceModel {
    fn from(m: PriceModel) -> Self {
        match m {
            PriceModel::Fixed => Self::Fixed,
            PriceModel::From => Self::From,
            PriceModel::PerMonth => Self::PerMonth,
            PriceModel::PerHour => Self::PerHour,
            PriceModel::OnRequest => Self::OnRequest,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum Currency {
    #[serde(rename = "EUR")]
    Eur,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiPrice {
    /// `fixed`, `from` (starting at), `per_month`, `per_hour` or `on_request`.
    pub model: ApiPriceModel,
    /// Amount in cents; null when the price is on request.
    pub amount_cents: Option<i64>,
    pub currency: Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiHousingKind {
    Buy,
    Rent,
}

impl From<HousingKind> for ApiHousingKind {
    fn from(k: HousingKind) -> Self {
        match k {
            HousingKind::Buy => Self::Buy,
            HousingKind::Rent => Self::Rent,
        }
    }
}

/// Facts of a flat or house.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ApiHousing {
    pub kind: ApiHousingKind,
    pub rooms: Option<f64>,
    pub living_area_m2: Option<f64>,
    pub plot_area_m2: Option<f64>,
    pub energy_class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CategoryRef {
    pub id: i32,
    pub slug: String,
    /// With its parent: "Wohnen › Mieten".
    pub name: String,
}

/// A published offer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ApiOffer {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub category: CategoryRef,
    pub price: ApiPrice,
    pub provider: ApiProvider,
    /// The Stadtteil of a flat or house, else the area served.
    pub place: String,
    pub housing: Option<ApiHousing>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The offer's page on the website.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OfferList {
    pub items: Vec<ApiOffer>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProviderList {
    pub items: Vec<ApiProvider>,
    pub pagination: Pagination,
}

/// A provider with contact details and its newest published offers.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProviderDetail {
    #[serde(flatten)]
    pub provider: ApiProvider,
    pub description: String,
    pub street: String,
    pub postal_code: String,
    /// The address's town: "Duisburg", or the seat of a provider based
    /// outside the city that serves it.
    pub town: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// As the provider wrote them, one line each.
    pub opening_hours: Option<String>,
    /// Names of the Stadtbezirke served; empty means all of Duisburg.
    pub served_districts: Vec<String>,
    /// Part of the fictitious demo city, not a real business.
    pub is_demo: bool,
    /// Its newest published offers, 12 at most;
    /// `/api/v1/offers?anbieter={id}&sortierung=neueste` pages through them all.
    pub offers: Vec<ApiOffer>,
    /// How many published offers it has.
    pub offer_count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiProvenance {
    Unverified,
    VerifiedResident,
    VerifiedCustomer,
    QuoteCustomer,
}

impl From<Provenance> for ApiProvenance {
    fn from(p: Provenance) -> Self {
        match p {
            Provenance::Unverified => Self::Unverified,
            Provenance::VerifiedResident => Self::VerifiedResident,
            Provenance::VerifiedCustomer => Self::VerifiedCustomer,
            Provenance::QuoteCustomer => Self::QuoteCustomer,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OfferRef {
    pub id: i32,
    pub slug: String,
    pub title: String,
}

/// A published review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiReview {
    pub id: i32,
    /// 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub stars: u8,
    pub title: String,
    pub text: String,
    /// The author's display name.
    pub author: String,
    /// How the platform knows the review is genuine.
    pub provenance: ApiProvenance,
    /// The offer it is about, if any.
    pub offer: Option<OfferRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReviewList {
    pub items: Vec<ApiReview>,
    pub pagination: Pagination,
}

/// A category; top-level ones have no parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiCategory {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i32>,
    /// Published offers in it, subcategories included.
    pub offer_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CategoryList {
    /// Parents first, each followed by its subcategories.
    pub items: Vec<ApiCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiStadtteil {
    pub id: i32,
    pub slug: String,
    pub name: String,
}

/// A Stadtbezirk with its Stadtteile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiBezirk {
    pub id: i32,
    pub slug: String,
    pub name: String,
    /// Published offers available there, city-wide ones included.
    pub offer_count: u64,
    pub stadtteile: Vec<ApiStadtteil>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DistrictList {
    pub items: Vec<ApiBezirk>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_links() {
        let link = |n: u64| format!("/x?seite={n}");
        let mid = Pagination::new(&Paging::new(2, 20, 45), link);
        assert_eq!((mid.total_pages, mid.prev.as_deref(), mid.next.as_deref()), (3, Some("/x?seite=1"), Some("/x?seite=3")));
        let only = Pagination::new(&Paging::new(1, 20, 0), link);
        assert_eq!((only.total_pages, only.prev, only.next), (1, None, None));
        // Past the end, "previous" leads back to the last page.
        let past = Pagination::new(&Paging::new(9, 20, 45), link);
        assert_eq!((past.prev.as_deref(), past.next), (Some("/x?seite=3"), None));
    }

    #[test]
    fn ratings_are_rounded() {
        let r = RatingSummary { count: 3, sum: 13, distribution: [0, 0, 0, 2, 1] };
        let api = Rating::new(&r, 3.0);
        assert_eq!(api.average, Some(4.33));
        assert_eq!(api.bayesian, 3.31);
        assert_eq!(Rating::new(&RatingSummary::default(), 3.5).average, None);
    }
}
