//! Server functions of the provider pages.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::domain::ProviderDetail;
use crate::common::paging::Paging;
use crate::error::AppError;
use crate::offers::domain::OfferCard;
use crate::reviews::domain::ReviewView;

pub const REVIEWS_PER_PAGE: u64 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderPageData {
    pub provider: ProviderDetail,
    pub offers: Vec<OfferCard>,
    pub reviews: Vec<ReviewView>,
    pub review_paging: Paging,
    /// schema.org LocalBusiness with AggregateRating and Reviews as JSON-LD.
    pub json_ld: String,
    #[serde(default)]
    pub logo: Option<crate::photos::domain::PhotoView>,
}

/// Everything the provider page shows, in one round trip.
#[server(prefix = "/api", endpoint = "provider")]
pub async fn provider_page(id: i32, seite: Option<String>) -> Result<ProviderPageData, AppError> {
    async move {
        use crate::{offers::store as offers, providers::store as providers, reviews::store as reviews};
        let st = crate::server::app_state()?;
        let review_page = crate::common::paging::parse_page(seite.as_deref())?;
        let provider = providers::detail(&st.db, &st.reference, id).await?.ok_or(AppError::NotFound)?;
        let offers = offers::by_provider(&st.db, &st.reference, id).await?;
        let (reviews, review_paging) = reviews::for_provider(&st.db, id, review_page, REVIEWS_PER_PAGE).await?;
        let json_ld = crate::seo::provider_ld(&provider, &reviews);
        let logo = crate::photos::store::logos(&st.db, &[id]).await?.remove(&id);
        Ok(ProviderPageData { provider, offers, reviews, review_paging, json_ld, logo })
    }
    .await
    .map_err(AppError::with_status)
}
