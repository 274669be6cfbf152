//! Full-text search over offers, the same on SQLite and PostgreSQL: Rust
//! analyses the text (`analyzer`, `compound`), the database indexes the
//! terms (`store`); queries are widened by synonyms (`thesaurus`) and typo
//! corrections (`vocab`).
pub mod admin;
#[cfg(feature = "ssr")]
pub mod analyzer;
#[cfg(feature = "ssr")]
pub mod compound;
pub mod ranking;
#[cfg(feature = "ssr")]
pub mod thesaurus;
pub mod transparency;
#[cfg(feature = "ssr")]
pub mod tuning;
#[cfg(feature = "ssr")]
pub mod vocab;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

/// Longest list of synonym groups administrators may add, in characters.
pub const ADDITIONS_MAX_CHARS: usize = 20_000;
/// Days a search without results that nobody repeats is kept.
pub const MISS_KEEP_DAYS: i64 = 180;
