//! Small shared pieces: German number formatting, URL keys, pagination.
pub mod format;
pub mod paging;
pub mod ui;
pub mod url_key;
