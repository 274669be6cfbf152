//! Small shared pieces: URL keys and query encoding, pagination, tables,
//! form fields, the site data every page reads, error pages, hydration.
pub mod compare_table;
pub mod error_view;
pub mod flash;
pub mod form;
pub mod hydration;
pub mod paging;
pub mod site;
#[cfg(feature = "hydrate")]
pub mod swap;
pub mod ui;
pub mod url_key;
