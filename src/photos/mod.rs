//! Photos of offers and provider logos. Uploads (JPEG, PNG, WebP) are
//! checked for size and pixel count before decoding, decoded, turned upright
//! by their EXIF orientation, and re-encoded into a few widths without any
//! metadata. The bytes live in the database (`photo`, `photo_variant`) so
//! every app instance serves the same files; a photo never changes its bytes,
//! so its URLs are cached for good.
pub mod api;
pub mod components;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod process;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
