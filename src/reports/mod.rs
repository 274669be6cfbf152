//! Reports of content (DSA notice and action) and their moderation.
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
