//! Smart City Duisburg: a neutral local platform where any provider publishes
//! offers and residents find, compare and review them.
//!
//! Each capability is one module holding its domain types, its server
//! functions and its components; `db` and `server` exist only on the server.
#![recursion_limit = "256"]

pub mod app;
pub mod categories;
pub mod common;
pub mod compare;
pub mod districts;
pub mod error;
pub mod favourites;
pub mod home;
pub mod map;
pub mod offers;
pub mod providers;
pub mod reviews;
pub mod search;
pub mod seo;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod bench;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
