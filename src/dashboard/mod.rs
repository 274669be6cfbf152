//! The provider's pages: create and edit a provider profile (with the
//! ownership declaration), and the dashboard where members create, edit, publish,
//! unpublish, archive, duplicate and delete offers. The pages and their
//! server functions only: every write goes through the entity's door
//! (`offers::door`, `providers::door`), membership is `members::store`.
pub mod api;
pub mod components;
pub mod domain;
pub mod editor;
pub mod editor_details;
pub mod import_progress;
pub mod offers_table;
pub mod openimmo;
pub mod profile;
