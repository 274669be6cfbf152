//! sea-orm entities, one per table. Enum-like columns are stored as short
//! strings and parsed into the domain types of their capability.
pub mod app_user;
pub mod category;
pub mod offer;
pub mod offer_district;
pub mod provider;
pub mod provider_rating;
pub mod rating_total;
pub mod review;
pub mod stadtbezirk;
pub mod stadtteil;
