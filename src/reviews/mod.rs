//! Citizen reviews of providers: domain rules, queries, forms and pages.
pub mod api;
#[cfg(feature = "ssr")]
pub mod codes;
pub mod components;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod write;
