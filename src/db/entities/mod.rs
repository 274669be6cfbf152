//! sea-orm entities, one per table. Enum-like columns are stored as short
//! strings and parsed into the domain types of their capability.
pub mod account_token;
pub mod app_user;
pub mod audit_log;
pub mod category;
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
pub mod review_vote;
pub mod review_reply;
pub mod customer_code;
pub mod resident_verification;
pub mod notification;
pub mod report;
