//! Suchaufträge and alerts: any results list can be saved with a name and
//! a frequency; the matcher (`matcher`) follows the offers' changes and
//! records what is news to each saved search — a new or re-published offer,
//! or one whose price dropped into the search's range — and to each
//! favourite; the digests (`digest`) mail it through the outbox
//! (`server::outbox`) with a one-click unsubscribe. Each saved search also
//! has an in-app list and a private Atom feed. Residents without an account
//! subscribe by mail with double opt-in.
pub mod api;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod digest;
#[cfg(feature = "ssr")]
pub mod matcher;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

/// A saved search's page of hits.
pub fn search_path(id: i32) -> String {
    format!("/suchauftraege/{id}")
}
