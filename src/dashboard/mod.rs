//! Provider self-service: create a provider profile (with the ownership
//! declaration), and the dashboard where members create, edit, publish,
//! unpublish, archive, duplicate and delete offers — with optimistic locking
//! and an audit entry for every change.
pub mod api;
pub mod components;
pub mod domain;
pub mod editor;
pub mod editor_details;
pub mod import_progress;
pub mod offers_table;
#[cfg(feature = "ssr")]
pub mod store;
pub mod openimmo;
