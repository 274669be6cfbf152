//! "Verwaltung online": a neutral directory of the city's administrative
//! services by OZG Themenfeld. It links to the official portals and shows
//! residents' experience; it never handles an administrative process itself.
pub mod api;
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
