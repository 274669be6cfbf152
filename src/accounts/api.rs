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
/// Looked up once per request: the header, the notification badge and the
/// page itself all ask.
#[cfg(feature = "ssr")]
pub async fn current() -> Result<Option<Account>, AppError> {
    Ok(signed_in().await?.map(|(a, _)| a))
}

/// `current` and the person's unread notifications (the header's badge),
/// read in the same query.
#[cfg(feature = "ssr")]
pub async fn signed_in() -> Result<Option<(Account, u64)>, AppError> {
    let st = crate::app::state::app_state()?;
    let Some(parts) = use_context::<http::request::Parts>() else { return Ok(None) };
    let lookup = || super::store::request_account_and_unread(&st.db, &parts.headers);
    Ok(match use_context::<RequestAccount>() {
        Some(memo) => memo.0.get_or_try_init(lookup).await?.clone(),
        None => lookup().await?,
    })
}

/// The request's account once looked up. A sign-in or sign-out answers
/// with a redirect, so no request sees its own session change; nor does a
/// page change the unread count it shows.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
struct RequestAccount(std::sync::Arc<tokio::sync::OnceCell<Option<(Account, u64)>>>);

/// Called by the router for every page and server function.
#[cfg(feature = "ssr")]
pub fn provide_request_account() {
    provide_context(RequestAccount::default());
}
