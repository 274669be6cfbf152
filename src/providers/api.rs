//! Server functions of the provider pages.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::domain::ProviderDetail;
use crate::common::paging::Paging;
use crate::error::AppError;
use crate::offers::domain::OfferCard;
use crate::reviews::domain::{ReviewView, ReviewViewer};
use crate::reviews::rules::ReviewQuery;

pub const REVIEWS_PER_PAGE: u64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderPageData {
    pub provider: ProviderDetail,
    /// The newest offers (`store::PAGE_OFFERS` at most).
    pub offers: Vec<OfferCard>,
    /// All its published offers, listed by `/angebote?anbieter=<id>`.
    pub offer_count: usize,
    pub reviews: Vec<ReviewView>,
    pub review_paging: Paging,
    pub review_query: ReviewQuery,
    pub viewer: ReviewViewer,
    /// The city-wide mean: the prior of the Bayesian average.
    pub rating_prior: f64,
    /// schema.org LocalBusiness with AggregateRating and Reviews as JSON-LD.
    pub json_ld: String,
}

/// Everything the provider page shows, in one round trip.
#[server(prefix = "/api", endpoint = "provider")]
pub async fn provider_page(id: i32, seite: Option<String>, sortierung: Option<String>, sterne: Option<String>) -> Result<ProviderPageData, AppError> {
    async move {
        use crate::{providers::store as providers, reviews::store as reviews};
        let st = crate::app::state::app_state()?;
        let review_page = crate::common::paging::parse_page(seite.as_deref())?;
        let page = providers::page(&st.catalog, &st.db, &st.reference, id).await?.ok_or(AppError::NotFound)?;
        let providers::Page { detail: provider, offers, offer_count, prior: rating_prior, freshness } = page;
        let review_query = ReviewQuery::parse(sortierung.as_deref(), sterne.as_deref());
        // The rating's counts give the total, unless the catalogue lags.
        let rating = (freshness == crate::offers::catalog::Freshness::Current).then_some(&provider.summary.rating);
        let (reviews, review_paging) = reviews::for_provider(&st.db, id, review_query, review_page, REVIEWS_PER_PAGE, rating).await?;
        let account = crate::accounts::api::current().await?.map(|a| a.id);
        let listed: Vec<i32> = reviews.iter().map(|r| r.id).collect();
        let viewer = reviews::viewer(&st.db, account, id, &listed).await?;
        let json_ld = crate::seo::provider_ld(&provider, &reviews);
        Ok(ProviderPageData { provider, offers, offer_count, reviews, review_paging, review_query, viewer, rating_prior, json_ld })
    }
    .await
    .map_err(AppError::with_status)
}
