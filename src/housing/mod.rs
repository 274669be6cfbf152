//! Housing: what the exposé adds to a housing offer — its key facts and
//! text sections, and the monthly cost estimate for buying.
pub mod components;
pub mod details;
pub mod expose;
pub mod finance;
#[cfg(feature = "ssr")]
pub mod store;
