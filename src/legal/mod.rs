//! The legal pages every public site in Germany needs: `/impressum` (who
//! runs it) and `/datenschutz` (what it does with data). Both are plain text
//! from the locale files; the operator is a marked placeholder for the demo.
pub mod components;

pub use components::{ImprintPage, PrivacyPage};
