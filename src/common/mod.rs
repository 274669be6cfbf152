//! Small shared pieces: URL keys and query encoding, pagination, tables.
pub mod paging;
pub mod ui;
pub mod url_key;
