//! What an import did, for the CLI (and later the dashboard).
use std::collections::BTreeMap;
use std::fmt;

use openimmo::{Listing, Location};
use sea_orm::DbErr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// VOLL or TEIL (TEIL when the file does not say).
    pub umfang: &'static str,
    /// `immobilie` elements in the file.
    pub listings_in_file: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub archived: usize,
    /// `(listing key or position, reason)`.
    pub skipped: Vec<(String, String)>,
    /// Elements the reader does not map, with counts.
    pub unknown_elements: BTreeMap<String, usize>,
    pub warnings: Vec<String>,
    /// Imported listings without a Stadtteil (outside Duisburg or not told).
    pub without_stadtteil: usize,
    /// INTERN attachments not imported: from a plain XML file (no files come
    /// with it), or files in a ZIP that are no JPEG/PNG/WebP image.
    pub images_not_imported: usize,
    /// Images from the ZIP attached to their offer as photos.
    pub images_imported: usize,
    /// Images an earlier import of the same bytes already attached.
    pub images_already: usize,
    /// `(file, reason)`: images that could not be attached.
    pub images_skipped: Vec<(String, String)>,
    /// EXTERN attachments (URLs): kept in the stored listing as links, never fetched.
    pub external_links: usize,
    /// Files in the ZIP besides the XML.
    pub zip_files: Vec<String>,
    /// INTERN attachments the ZIP lacks.
    pub images_missing: Vec<String>,
}

impl ImportReport {
    pub(crate) fn skip(&mut self, what: String, reason: String) {
        self.skipped.push((what, reason));
    }

    pub(crate) fn count_attachments(&mut self, l: &Listing) {
        for a in &l.anhaenge {
            match a.location {
                Location::Intern => self.images_not_imported += 1,
                Location::Extern | Location::Remote => self.external_links += 1,
            }
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "OpenImmo import ({}): {} listings in the file", self.umfang, self.listings_in_file)?;
        writeln!(
            f,
            "  created {}, updated {}, unchanged {}, archived {}, skipped {}",
            self.created,
            self.updated,
            self.unchanged,
            self.archived,
            self.skipped.len()
        )?;
        for (what, why) in &self.skipped {
            writeln!(f, "  skipped {what}: {why}")?;
        }
        if self.without_stadtteil > 0 {
            writeln!(f, "  {} listings without a Stadtteil (not told by regionaler_zusatz, ort or PLZ)", self.without_stadtteil)?;
        }
        if self.images_not_imported > 0 {
            writeln!(f, "  {} attachment files not imported (no image, or no ZIP)", self.images_not_imported)?;
        }
        writeln!(f, "  images attached {}, already attached {}", self.images_imported, self.images_already)?;
        for (file, why) in &self.images_skipped {
            writeln!(f, "  image {file} skipped: {why}")?;
        }
        if self.external_links > 0 {
            writeln!(f, "  {} external attachment links kept (not fetched)", self.external_links)?;
        }
        for m in &self.images_missing {
            writeln!(f, "  attachment {m} is not in the ZIP")?;
        }
        if !self.unknown_elements.is_empty() {
            let list: Vec<String> = self.unknown_elements.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            writeln!(f, "  elements not mapped: {}", list.join(", "))?;
        }
        for w in &self.warnings {
            writeln!(f, "  warning: {w}")?;
        }
        Ok(())
    }
}

#[derive(Debug)]
pub enum ImportError {
    /// The file cannot be read (XML or ZIP error, with line and element).
    Read(String),
    NoProvider(i32),
    Db(DbErr),
}

impl From<DbErr> for ImportError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(e) => write!(f, "the file cannot be read: {e}"),
            Self::NoProvider(id) => write!(f, "there is no provider {id}"),
            Self::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}
