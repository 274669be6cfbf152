//! ZIP input: one OpenImmo XML plus the files its INTERN `anhang`s name.
//!
//! Only the XML is decompressed (at most `Limits::max_input_bytes`, so a
//! ZIP bomb stops there); the other entries are listed with their declared
//! size. [`read_entry`] reads one entry on demand, bounded as well.
use std::fmt;
use std::io::{Cursor, Read};

use ::zip::ZipArchive;

use crate::model::Location;
use crate::{Limits, ParseError, Parsed};

/// At most this many entries in an archive.
pub const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    pub name: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZipInput {
    /// Name of the XML entry inside the archive.
    pub xml_name: String,
    pub parsed: Parsed,
    /// The other files of the archive.
    pub files: Vec<ZipEntry>,
    /// INTERN attachment paths that are not in the archive.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ZipError {
    /// Not a readable ZIP archive.
    Archive(String),
    NoXml,
    SeveralXml(Vec<String>),
    TooManyEntries(usize),
    EntryTooLarge { name: String, limit: usize },
    NotFound(String),
    Xml(ParseError),
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Archive(e) => write!(f, "not a readable ZIP archive: {e}"),
            Self::NoXml => write!(f, "the ZIP archive holds no .xml file"),
            Self::SeveralXml(n) => write!(f, "the ZIP archive holds several .xml files: {}", n.join(", ")),
            Self::TooManyEntries(n) => write!(f, "the ZIP archive has {n} entries, more than {MAX_ENTRIES}"),
            Self::EntryTooLarge { name, limit } => write!(f, "{name} is larger than {limit} bytes"),
            Self::NotFound(n) => write!(f, "{n} is not in the ZIP archive"),
            Self::Xml(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ZipError {}

fn archive(bytes: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>, ZipError> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipError::Archive(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(ZipError::TooManyEntries(zip.len()));
    }
    Ok(zip)
}

/// The file name part of an entry or `pfad`, lower-cased, for matching.
fn base(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_lowercase()
}

/// Reads the archive's XML and lists its other files.
pub fn read_zip(bytes: &[u8], limits: &Limits) -> Result<ZipInput, ZipError> {
    let mut zip = archive(bytes)?;
    let mut xml_names = Vec::new();
    let mut files = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| ZipError::Archive(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| ZipError::Archive(e.to_string()))?.into_owned();
        if name.to_lowercase().ends_with(".xml") && !name.starts_with("__MACOSX/") {
            xml_names.push(name);
        } else {
            files.push(ZipEntry { name, size: entry.size() });
        }
    }
    let xml_name = match xml_names.len() {
        0 => return Err(ZipError::NoXml),
        1 => xml_names.remove(0),
        _ => return Err(ZipError::SeveralXml(xml_names)),
    };
    let xml = read_entry(bytes, &xml_name, limits.max_input_bytes)?;
    let parsed = crate::parse_with(&xml, limits).map_err(ZipError::Xml)?;
    let present: std::collections::HashSet<String> = files.iter().map(|f| base(&f.name)).collect();
    let mut missing: Vec<String> = parsed
        .document
        .listings()
        .flat_map(|l| l.anhaenge.iter())
        .filter(|a| a.location == Location::Intern && !present.contains(&base(&a.pfad)))
        .map(|a| a.pfad.clone())
        .collect();
    missing.dedup();
    Ok(ZipInput { xml_name, parsed, files, missing })
}

/// One entry's bytes, found by exact name or else by file name
/// (case-insensitive, as `pfad` values rarely match the archive's folders).
pub fn read_entry(bytes: &[u8], name: &str, max_bytes: usize) -> Result<Vec<u8>, ZipError> {
    Entries::open(bytes)?.read(name, max_bytes)
}

/// A ZIP opened once (its central directory read once) for reading many
/// entries, as an import reads every image of a file.
pub struct Entries<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Entries<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Self, ZipError> {
        Ok(Self { zip: archive(bytes)? })
    }

    /// The entry `name` (else the one with its file name, any folder), at
    /// most `max_bytes` long.
    pub fn read(&mut self, name: &str, max_bytes: usize) -> Result<Vec<u8>, ZipError> {
        let zip = &mut self.zip;
        let index = match zip.index_for_name(name) {
            Some(i) => i,
            None => {
                let wanted = base(name);
                (0..zip.len())
                    .find(|i| zip.name_for_index(*i).is_some_and(|n| n.is_ok_and(|n| base(&n) == wanted)))
                    .ok_or_else(|| ZipError::NotFound(name.to_owned()))?
            }
        };
        let entry = zip.by_index(index).map_err(|e| ZipError::Archive(e.to_string()))?;
        let mut out = Vec::new();
        entry
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| ZipError::Archive(e.to_string()))?;
        if out.len() > max_bytes {
            return Err(ZipError::EntryTooLarge { name: name.to_owned(), limit: max_bytes });
        }
        Ok(out)
    }
}
