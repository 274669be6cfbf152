//! Offers: what providers publish. Domain, queries, server functions, pages.
pub mod api;
pub mod components;
pub mod domain;
pub mod draft;
pub mod filter_form;
pub mod filters;
pub mod query;
#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
mod facets;
#[cfg(feature = "ssr")]
pub mod rank;
#[cfg(feature = "ssr")]
pub mod store;
