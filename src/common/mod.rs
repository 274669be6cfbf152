//! Small shared pieces: URL keys and query encoding, pagination, tables.
pub mod paging;
#[cfg(feature = "hydrate")]
pub mod swap;
pub mod ui;
pub mod url_key;
