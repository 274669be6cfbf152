//! New-build projects (Neubauprojekte): several housing offers of one
//! provider are units of one development. A project has a page listing its
//! published units; a unit's exposé and card name the project, and the
//! offer list filters by it (`projekt=<id>`). Providers create projects in
//! the dashboard and assign units in the offer editor.
pub mod api;
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;
