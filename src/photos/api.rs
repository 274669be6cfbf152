//! Server functions of the photo editor (the changes themselves are plain
//! form routes, see `routes`, so they work without JavaScript).
use leptos::prelude::*;

use super::domain::PhotoView;
use crate::error::AppError;

/// An offer's photos (`offer_id` Some) or the provider's logo, for the
/// provider's own pages: drafts' photos included.
#[server(prefix = "/api", endpoint = "photo_manager")]
pub async fn photo_manager(provider_id: i32, offer_id: Option<i32>) -> Result<Vec<PhotoView>, AppError> {
    use crate::accounts::authz::Action;
use crate::members::store::check_for;
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        check_for(&st.db, actor.as_ref(), provider_id, Action::ViewDashboard).await?;
        match offer_id {
            Some(o) => {
                crate::offers::editing::offer_of(&st.db, provider_id, o).await?.ok_or(AppError::NotFound)?;
                Ok(super::store::for_offer(&st.db, o).await?)
            }
            None => Ok(super::store::logos(&st.db, &[provider_id]).await?.into_values().collect()),
        }
    }
    .await
    .map_err(AppError::with_status)
}
