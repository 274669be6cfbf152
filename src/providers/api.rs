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
    pub offers: Vec<OfferCard>,
    pub reviews: Vec<ReviewView>,
    pub review_paging: Paging,
    pub review_query: ReviewQuery,
    pub viewer: ReviewViewer,
    /// The city-wide mean: the prior of the Bayesian average.
    pub rating_prior: f64,
    /// schema.org LocalBusiness with AggregateRating and Reviews as JSON-LD.
    pub json_ld: String,
    #[serde(default)]
    pub logo: Option<crate::photos::domain::PhotoView>,
}

/// Everything the provider page shows, in one round trip.
#[server(prefix = "/api", endpoint = "provider")]
pub async fn provider_page(id: i32, seite: Option<String>, sortierung: Option<String>, sterne: Option<String>) -> Result<ProviderPageData, AppError> {
    async move {
        use crate::{offers::store as offers, providers::store as providers, reviews::store as reviews};
        let st = crate::app::state::app_state()?;
        let review_page = crate::common::paging::parse_page(seite.as_deref())?;
        let provider = providers::detail(&st.db, &st.reference, id).await?.ok_or(AppError::NotFound)?;
        let offers = offers::by_provider(&st.catalog, &st.reference, id).await?;
        let review_query = ReviewQuery::parse(sortierung.as_deref(), sterne.as_deref());
        let (reviews, review_paging) = reviews::for_provider(&st.db, id, review_query, review_page, REVIEWS_PER_PAGE, Some(&provider.summary.rating)).await?;
        let account = crate::accounts::api::current().await?.map(|a| a.id);
        let listed: Vec<i32> = reviews.iter().map(|r| r.id).collect();
        let viewer = reviews::viewer(&st.db, account, id, &listed).await?;
        // The catalogue's prior, as current as the offers beside it (`by_provider`).
        let rating_prior = st.catalog.with(|d| d.prior());
        let json_ld = crate::seo::provider_ld(&provider, &reviews);
        let logo = crate::photos::store::logos(&st.db, &[id]).await?.remove(&id);
        Ok(ProviderPageData { provider, offers, reviews, review_paging, review_query, viewer, rating_prior, json_ld, logo })
    }
    .await
    .map_err(AppError::with_status)
}
