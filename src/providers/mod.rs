//! Providers: every bank, estate agent, craftsman, caterer… with its
//! ownership shown. Domain, queries, server functions and pages.
pub mod api;
pub mod components;
pub mod domain;
pub mod draft;
#[cfg(feature = "ssr")]
pub mod store;
