//! Owners invite further people into their provider: an e-mail with a
//! one-time link (only its hash is stored; 7 days), accepted after signing
//! in or up. Owners see members and pending invitations, revoke
//! invitations, change roles and remove members; the last owner can never
//! be removed or demoted.
pub mod api;
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
