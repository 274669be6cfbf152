//! Full-text search over offers, the same on SQLite and PostgreSQL: Rust
//! analyses the text (`analyzer`, `compound`), the database indexes the
//! terms (`store`); queries are widened by synonyms (`thesaurus`) and typo
//! corrections (`vocab`).
#[cfg(feature = "ssr")]
pub mod analyzer;
#[cfg(feature = "ssr")]
pub mod compound;
pub mod ranking;
#[cfg(feature = "ssr")]
pub mod thesaurus;
pub mod transparency;
#[cfg(feature = "ssr")]
pub mod vocab;
#[cfg(feature = "ssr")]
pub mod store;
