//! sea-orm entities, one per table. Enum-like columns are stored as short
//! strings and parsed into the domain types of their capability.
pub mod account_token;
pub mod app_user;
pub mod audit_log;
pub mod category;
pub mod city_service;
pub mod city_service_rating;
pub mod offer;
pub mod offer_district;
pub mod provider;
pub mod provider_category;
pub mod provider_member;
pub mod provider_rating;
pub mod rating_total;
pub mod review;
pub mod session;
pub mod stadtbezirk;
pub mod stadtteil;
pub mod openimmo_listing;
pub mod recommendation;
pub mod recommendation_second;
pub mod unlisted_claim;
pub mod unlisted_provider;
pub mod photo;
pub mod photo_variant;
pub mod provider_invitation;
