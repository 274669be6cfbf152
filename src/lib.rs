//! Smart City Duisburg: a neutral local platform where any provider publishes
//! offers and residents find, compare and review them.
//!
//! Each capability is one module holding its domain types, its server
//! functions and its components; `db` and `server` exist only on the server.
#![recursion_limit = "256"]

pub mod accounts;
pub mod alerts;
pub mod app;
pub mod audit;
pub mod categories;
pub mod changes;
pub mod common;
pub mod compare;
pub mod dashboard;
pub mod districts;
pub mod error;
pub mod favourites;
pub mod home;
pub mod housing;
pub mod legal;
pub mod map;
pub mod members;
pub mod moderation;
pub mod offers;
pub mod photos;
pub mod projects;
pub mod providers;
pub mod quotes;
pub mod reviews;
pub mod search;
pub mod services;
pub mod seo;
pub mod i18n;
pub mod live;
pub mod recommendations;
#[cfg(feature = "ssr")]
pub mod reference;
pub mod notifications;
pub mod outbox_admin;
pub mod reports;
pub mod contact;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod bench;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;
pub mod openimmo_import;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The server rendered the page in the language it wrote into <html lang>.
    let lang = leptos::prelude::document().document_element().and_then(|e| e.get_attribute("lang"));
    i18n::client::set(lang.as_deref().and_then(i18n::Locale::parse).unwrap_or_default());
    leptos::mount::hydrate_islands();
    common::hydration::start();
}
