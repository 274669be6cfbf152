//! Housing: what the exposé adds to a housing offer — the monthly cost
//! estimate for buying.
pub mod components;
pub mod finance;
