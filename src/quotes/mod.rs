//! "Anfrage an mehrere Anbieter": a resident describes a need once (a form
//! per category, `forms`), invites providers by name and/or opens it to
//! every provider of the category serving the Stadtbezirk; providers answer
//! with priced quotes (mortgages with their ESIS figures), the resident
//! compares them side by side and accepts one. Every write goes through
//! `door`; `domain` holds the state machines.
pub mod api;
pub mod attachments;
pub mod board;
pub mod compare;
pub mod domain;
pub mod forms;
pub mod pages;
pub mod parts;
#[cfg(feature = "ssr")]
pub mod request;
pub mod views;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod door;
#[cfg(feature = "ssr")]
pub mod file_routes;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upkeep;

/// "Meine Anfragen".
pub const LIST: &str = "/anfragen";

/// A resident's request page.
pub fn request_path(id: i32) -> String {
    format!("{LIST}/{id}")
}

/// A provider's board of requests for quotes.
pub fn board_path(provider_id: i32) -> String {
    format!("/dashboard/{provider_id}/angebotsanfragen")
}

/// One request on a provider's board.
pub fn board_request_path(provider_id: i32, id: i32) -> String {
    format!("{}/{id}", board_path(provider_id))
}
