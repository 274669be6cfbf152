//! Full-text search over offers, the same on SQLite and PostgreSQL: Rust
//! analyses the text (`analyzer`), the database indexes the terms (`store`).
#[cfg(feature = "ssr")]
pub mod analyzer;
pub mod ranking;
pub mod transparency;
#[cfg(feature = "ssr")]
pub mod vocab;
#[cfg(feature = "ssr")]
pub mod store;
