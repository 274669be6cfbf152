//! Providers: every bank, estate agent, craftsman, caterer… with its
//! ownership shown. Domain, queries, server functions and pages.
pub mod api;
pub mod components;
pub mod domain;
pub mod draft;
pub mod form;
#[cfg(feature = "ssr")]
pub mod door;
#[cfg(feature = "ssr")]
pub mod oracle;
#[cfg(feature = "ssr")]
pub mod store;
