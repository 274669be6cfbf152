//! Server functions of the request pages. Thin: who asks, the store, the
//! views.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::forms::Field;
use super::views::{BoardRequest, RequestRow, RequestView};
use crate::error::AppError;

/// What the new-request form needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestFormData {
    /// (slug, "Parent › Child") of every category, for the chooser.
    pub categories: Vec<(String, String)>,
    /// The chosen category: (slug, path name).
    pub category: Option<(String, String)>,
    pub fields: Vec<Field>,
    pub esis: bool,
    /// The category's form asks for photos (added once the request is saved).
    pub photos: bool,
    /// The providers the link named: (id, name).
    pub invited: Vec<(i32, String)>,
    pub signed_in: bool,
    pub verified: bool,
    pub max_quotes: i32,
}

#[server(prefix = "/api", endpoint = "new_quote_request_form")]
pub async fn new_request_form(kategorie: String, anbieter: String) -> Result<RequestFormData, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let me = crate::accounts::api::current().await?;
        let r = &st.reference;
        let categories = r.categories.all.iter().filter(|c| c.parent_id.is_some()).map(|c| (c.slug.clone(), r.categories.path_name(c.id))).collect();
        // Requests are for a subcategory: its providers are the ones asked.
        let chosen = r.categories.by_slug(kategorie.trim()).filter(|c| c.parent_id.is_some());
        let form = chosen.map(|c| super::request::form_of(super::forms::forms(), r, c.id));
        let ids: Vec<i32> = anbieter.split(',').filter_map(|s| s.trim().parse().ok()).filter(|id| *id > 0).take(super::domain::MAX_INVITES).collect();
        let mut invited: Vec<(i32, String)> = super::store::providers(&st.db, &ids).await?.into_values().map(|p| (p.id, p.name)).collect();
        invited.sort_by_key(|(id, _)| ids.iter().position(|x| x == id));
        Ok(RequestFormData {
            categories,
            category: chosen.map(|c| (c.slug.clone(), r.categories.path_name(c.id))),
            fields: form.map(|f| f.fields.clone()).unwrap_or_default(),
            esis: form.is_some_and(|f| f.esis),
            photos: form.is_some_and(|f| f.photos),
            invited,
            signed_in: me.is_some(),
            verified: me.as_ref().is_some_and(|a| a.email_verified),
            max_quotes: st.quotes_per_request,
        })
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "my_quote_requests")]
pub async fn my_requests() -> Result<Vec<RequestRow>, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let a = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        Ok(super::store::mine(&st.db, &st.reference, a.id).await?)
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "quote_request")]
pub async fn request_page(id: i32) -> Result<RequestView, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let a = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        super::store::own_request(&st.db, &st.reference, a.id, id).await?.ok_or(AppError::NotFound)
    }
    .await
    .map_err(AppError::with_status)
}

/// A provider's board: its name and the requests it may answer or answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub provider_id: i32,
    pub provider_name: String,
    pub requests: Vec<RequestRow>,
    /// The reader takes new requests in a daily mail (None: not a member).
    pub daily: Option<bool>,
}

#[cfg(feature = "ssr")]
async fn board_reader(provider_id: i32) -> Result<crate::app::state::AppState, AppError> {
    let st = crate::app::state::app_state()?;
    let actor = crate::accounts::api::current().await?;
    crate::members::store::check_for(&st.db, actor.as_ref(), provider_id, crate::accounts::authz::Action::ViewDashboard).await?;
    Ok(st)
}

#[server(prefix = "/api", endpoint = "quote_board")]
pub async fn quote_board(provider_id: i32) -> Result<Board, AppError> {
    use sea_orm::EntityTrait;
    async move {
        let st = board_reader(provider_id).await?;
        let p = crate::db::entities::provider::Entity::find_by_id(provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let requests = super::store::board(&st.db, &st.reference, provider_id).await?;
        let me = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        let daily = match crate::members::store::membership(&st.db, provider_id, me.id).await? {
            Some(_) => Some(super::store::daily_notices(&st.db, provider_id, me.id).await?),
            None => None,
        };
        Ok(Board { provider_id, provider_name: p.name, requests, daily })
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "quote_board_request")]
pub async fn quote_board_request(provider_id: i32, id: i32) -> Result<BoardRequest, AppError> {
    async move {
        let st = board_reader(provider_id).await?;
        let mut b = super::store::board_request(&st.db, &st.reference, provider_id, id).await?.ok_or(AppError::NotFound)?;
        // The resident's details are for the accepted provider's people,
        // not for an administrator looking at its board.
        let me = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        if crate::members::store::membership(&st.db, provider_id, me.id).await?.is_none() {
            b.contact = None;
            // Served only to the people of providers that see the request.
            b.summary.photos.clear();
        }
        Ok(b)
    }
    .await
    .map_err(AppError::with_status)
}
