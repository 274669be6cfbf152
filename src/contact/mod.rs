//! Contact requests: a form on every published offer page sends a message
//! to the provider's inbox in the dashboard (and by mail to its members).
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

/// Where a provider's members read their requests.
pub fn inbox_path(provider_id: i32) -> String {
    format!("/dashboard/{provider_id}/anfragen")
}
