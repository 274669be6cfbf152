//! Residents' recommendations ("für eine Baufinanzierung frag auch Bank X"):
//! a signed-in resident recommends a provider — on the platform or not — for
//! a need in a category, others second it; firms not on the platform can be
//! claimed by their owners.
pub mod api;
pub mod claim_page;
#[cfg(feature = "ssr")]
pub mod claims;
pub mod components;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod domain;
pub mod form;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
