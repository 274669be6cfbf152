//! Server functions of the account pages.
use leptos::prelude::*;

use super::domain::Account;
use crate::error::AppError;

/// The signed-in person, if any (from the session cookie).
#[server(prefix = "/api", endpoint = "account")]
pub async fn current_account() -> Result<Option<Account>, AppError> {
    current().await
}

/// The account of the request being served, for pages and mutations alike.
#[cfg(feature = "ssr")]
pub async fn current() -> Result<Option<Account>, AppError> {
    let st = crate::app::state::app_state()?;
    let Some(parts) = use_context::<http::request::Parts>() else { return Ok(None) };
    Ok(super::store::request_account(&st.db, &parts.headers).await?)
}
