//! Citizen reviews of providers: domain rules, queries and components.
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;
