//! Server functions of the offer pages.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::domain::OfferDetail;
use super::query::{OfferFilter, OfferListPage};
use crate::error::AppError;
use crate::reviews::domain::ReviewView;

#[server(prefix = "/api", endpoint = "offers")]
// An empty filter is sent as an empty body (the URL encoding leaves out
// what is unset), which must still decode: `default`.
pub async fn list_offers(#[server(default)] filter: OfferFilter) -> Result<OfferListPage, AppError> {
    async move {
        use super::query::OfferQuery;
        let st = crate::app::state::app_state()?;
        let q = OfferQuery::from_filter(&filter, &st.reference.categories, &st.reference.districts)?;
        let page = super::store::list(&st.catalog, &st.reference, &q, crate::common::paging::PER_PAGE).await?;
        super::store::note_miss(&st, &q, &page);
        Ok(page)
    }
    .await
    .map_err(AppError::with_status)
}

/// Suggestions for the search box while typing (categories, frequent
/// words, providers), from the catalogue as it is.
#[server(prefix = "/api", endpoint = "suggest")]
pub async fn suggest(q: String) -> Result<Vec<super::query::Suggestion>, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let q: String = q.chars().take(100).collect();
        st.catalog.fresh().await?;
        Ok(st.catalog.with(|d| d.suggest(&st.reference, &q)))
    }
    .await
    .map_err(AppError::with_status)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferPageData {
    pub offer: OfferDetail,
    /// The provider's newest reviews.
    pub reviews: Vec<ReviewView>,
    /// schema.org Offer as JSON-LD.
    pub json_ld: String,
    /// The offer's photos in their order.
    #[serde(default)]
    pub photos: Vec<crate::photos::domain::PhotoView>,
}

#[server(prefix = "/api", endpoint = "offer")]
pub async fn offer_page(id: i32) -> Result<OfferPageData, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let offer = super::store::details(&st.catalog, &st.db, &st.reference, &[id]).await?.pop().flatten().ok_or(AppError::NotFound)?;
        // Three reviews beside the offer: their total is not shown, so not counted.
        let (reviews, _) = crate::reviews::store::for_provider(&st.db, offer.card.provider.id, Default::default(), 1, 3, Some(&offer.card.provider.rating)).await?;
        let json_ld = crate::seo::offer_ld(&offer);
        let photos = crate::photos::store::for_offer(&st.db, id).await?;
        Ok(OfferPageData { offer, reviews, json_ld, photos })
    }
    .await
    .map_err(AppError::with_status)
}
