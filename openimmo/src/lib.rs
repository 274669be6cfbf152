//! OpenImmo reader and writer.
//!
//! OpenImmo is the German exchange format for real-estate listings (estate
//! agents' software exports it to portals). This crate reads versions 1.2.x
//! (1.2.7 / 1.2.7b and older), tolerant of what real exports do — missing
//! sections, CDATA, `1`/`0` booleans, decimal commas, ISO-8859-1 /
//! Windows-1252 / UTF-8 / UTF-16 (BOM or XML declaration) — and writes 1.2.7.
//!
//! * [`parse`] reads an XML document into a [`Document`] plus a [`Report`]
//!   (skipped listings with reasons, elements that were not mapped, warnings).
//!   A malformed document is an [`ParseError`] naming line, column and element.
//! * [`zip::read_zip`] reads a ZIP with the XML and its image files.
//! * [`write`] writes a [`Document`] as OpenImmo 1.2.7 XML; `parse(write(d))`
//!   gives `d` back for every mapped field.
//!
//! # Limits
//! Untrusted input is bounded by [`Limits`] (defaults): input at most 128 MiB,
//! elements nested at most 32 deep, at most 1 MiB of text per element, 64
//! attributes per element, 10,000 elements per listing, 500,000 listings,
//! 1,000 stored warnings. Entities other than the five XML ones and
//! character references are rejected (no DTD expansion). Memory is thus
//! the input, its decoded copy (only for non-UTF-8 input), the typed
//! listings and one listing's tree at a time.
//! ZIP input: at most 10,000 entries, the XML at most `max_input_bytes`
//! uncompressed; image files are listed, not read (see [`zip`]).

mod decode;
mod map;
pub mod model;
pub mod synth;
mod reader;
mod writer;
pub mod zip;

use std::collections::BTreeMap;
use std::fmt;

pub use decode::{parse_bool, parse_decimal};
pub use model::*;
pub use writer::write;

/// Bounds for untrusted input; see the crate docs.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_input_bytes: usize,
    pub max_depth: usize,
    pub max_text_bytes: usize,
    pub max_attributes: usize,
    pub max_nodes_per_listing: usize,
    pub max_listings: usize,
    pub max_warnings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 128 << 20,
            max_depth: 32,
            max_text_bytes: 1 << 20,
            max_attributes: 64,
            max_nodes_per_listing: 10_000,
            max_listings: 500_000,
            max_warnings: 1_000,
        }
    }
}

/// A document that cannot be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based; 0 when the error concerns the whole input (size, encoding).
    pub line: usize,
    pub column: usize,
    /// The innermost open element at the fault, if any.
    pub element: Option<String>,
    pub message: String,
}

impl ParseError {
    pub(crate) fn whole(message: String) -> Self {
        Self { line: 0, column: 0, element: None, message }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, column {}", self.line, self.column)?;
            if let Some(e) = &self.element {
                write!(f, " in <{e}>")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ParseError {}

/// A listing that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based position among all `immobilie` elements of the document.
    pub index: usize,
    pub line: usize,
    /// `objektnr_extern`/`openimmo_obid` if it has one.
    pub key: Option<String>,
    pub reason: String,
}

/// A value that could not be read (the field is left empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// What reading a document found besides the listings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The encoding the document was read in.
    pub encoding: &'static str,
    /// `immobilie` elements seen.
    pub listings_seen: usize,
    /// Listings taken.
    pub listings: usize,
    pub skipped: Vec<Skipped>,
    /// Elements this crate does not map, by path (e.g. `preise/pacht`), with
    /// how often they occurred; their content is ignored.
    pub unknown_elements: BTreeMap<String, usize>,
    pub warnings: Vec<Warning>,
    /// Warnings beyond `Limits::max_warnings`, counted only.
    pub warnings_dropped: usize,
}

impl Report {
    pub(crate) fn unknown(&mut self, path: &str) {
        match self.unknown_elements.get_mut(path) {
            Some(n) => *n += 1,
            None => {
                self.unknown_elements.insert(path.to_owned(), 1);
            }
        }
    }
}

/// A read document and its report.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub document: Document,
    pub report: Report,
}

/// Reads an OpenImmo XML document with the default [`Limits`].
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    parse_with(bytes, &Limits::default())
}

/// Reads an OpenImmo XML document within `limits`.
pub fn parse_with(bytes: &[u8], limits: &Limits) -> Result<Parsed, ParseError> {
    reader::parse(bytes, limits)
}

/// True if the bytes look like a ZIP archive (local file header magic).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}
