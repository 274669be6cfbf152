//! What pages need to show a photo, and why an upload was refused.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// Largest upload accepted, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Largest picture accepted, in pixels (checked from the header, before decoding).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The widths stored (never wider than the upload).
pub const WIDTHS: [u32; 4] = [320, 640, 1280, 1920];
pub const ALT_MAX_CHARS: usize = 300;
/// Photos per offer.
pub const MAX_PER_OFFER: usize = 12;

/// A stored photo as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoView {
    pub id: i32,
    pub alt: String,
    /// Of the largest variant.
    pub width: i32,
    pub height: i32,
    /// The stored widths, ascending.
    pub widths: Vec<i32>,
    /// "jpg" or "png".
    pub ext: String,
}

impl PhotoView {
    pub fn url(&self, width: i32) -> String {
        format!("/bilder/{}-{width}.{}", self.id, self.ext)
    }

    /// The variant closest to `want` from above (or the largest).
    pub fn src(&self, want: i32) -> String {
        let w = self.widths.iter().copied().find(|w| *w >= want).or(self.widths.last().copied()).unwrap_or(self.width);
        self.url(w)
    }

    pub fn srcset(&self) -> String {
        self.widths.iter().map(|w| format!("{} {w}w", self.url(*w))).collect::<Vec<_>>().join(", ")
    }

    /// The height at `width`, keeping the aspect ratio (for `<img height>`).
    pub fn height_at(&self, width: i32) -> i32 {
        if self.width == 0 {
            return 0;
        }
        ((i64::from(self.height) * i64::from(width) + i64::from(self.width) / 2) / i64::from(self.width)) as i32
    }
}

/// Why an upload or a photo change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoError {
    TooLarge,
    TooManyPixels,
    /// Not JPEG, PNG or WebP (GIF, SVG, text …), whatever the file is called.
    WrongType,
    /// A supported format that cannot be decoded (truncated, corrupt).
    Unreadable,
    NoFile,
    AltMissing,
    AltTooLong,
    TooMany,
    RateLimited,
}

impl PhotoError {
    pub const ALL: [PhotoError; 9] = [
        Self::TooLarge, Self::TooManyPixels, Self::WrongType, Self::Unreadable, Self::NoFile,
        Self::AltMissing, Self::AltTooLong, Self::TooMany, Self::RateLimited,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::TooLarge => "zu_gross",
            Self::TooManyPixels => "zu_viele_pixel",
            Self::WrongType => "falscher_typ",
            Self::Unreadable => "unlesbar",
            Self::NoFile => "keine_datei",
            Self::AltMissing => "alt_fehlt",
            Self::AltTooLong => "alt_zu_lang",
            Self::TooMany => "zu_viele",
            Self::RateLimited => "zu_oft",
        }
    }

    pub fn parse_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == s)
    }

    /// The form field the message belongs next to.
    pub fn field(self) -> &'static str {
        match self {
            Self::AltMissing | Self::AltTooLong => "alt",
            _ => "datei",
        }
    }

    /// 413 for size, 415 for the type, 429 for the rate, 422 otherwise.
    pub fn status(self) -> u16 {
        match self {
            Self::TooLarge => 413,
            Self::WrongType => 415,
            Self::RateLimited => 429,
            _ => 422,
        }
    }

    pub fn message(self) -> String {
        self.message_in(t())
    }

    /// In a given language (for plain routes, outside a rendered page).
    pub fn message_in(self, x: &crate::i18n::Texts) -> String {
        match self {
            Self::TooLarge => x.photo_error_too_large.replace("{mb}", &(MAX_BYTES / (1024 * 1024)).to_string()),
            Self::TooManyPixels => x.photo_error_pixels.replace("{mp}", &(MAX_PIXELS / 1_000_000).to_string()),
            Self::WrongType => x.photo_error_type.to_owned(),
            Self::Unreadable => x.photo_error_unreadable.to_owned(),
            Self::NoFile => x.photo_error_no_file.to_owned(),
            Self::AltMissing => x.photo_error_alt_missing.to_owned(),
            Self::AltTooLong => x.photo_error_alt_long.replace("{n}", &ALT_MAX_CHARS.to_string()),
            Self::TooMany => x.photo_error_too_many.replace("{n}", &MAX_PER_OFFER.to_string()),
            Self::RateLimited => x.photo_error_rate.to_owned(),
        }
    }
}

/// The alternative text, trimmed; required for accessibility.
pub fn parse_alt(s: &str) -> Result<String, PhotoError> {
    let alt = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.is_empty() {
        Err(PhotoError::AltMissing)
    } else if alt.chars().count() > ALT_MAX_CHARS {
        Err(PhotoError::AltTooLong)
    } else {
        Ok(alt)
    }
}

/// The widths to store for a picture `width` pixels wide: the standard ones
/// below it, plus its own width (at most the largest standard one). Never
/// upscaled.
pub fn target_widths(width: u32) -> Vec<u32> {
    let top = width.min(WIDTHS[WIDTHS.len() - 1]);
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < top).collect();
    out.push(top);
    out
}

/// "12-640.jpg" → (12, 640, "jpg").
pub fn parse_file_name(name: &str) -> Option<(i32, i32, &str)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let (id, width) = stem.split_once('-')?;
    Some((id.parse().ok().filter(|i| *i > 0)?, width.parse().ok().filter(|w| *w > 0)?, ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(target_widths(4000), vec![320, 640, 1280, 1920]);
        assert_eq!(target_widths(1000), vec![320, 640, 1000]);
        assert_eq!(target_widths(640), vec![320, 640]);
        assert_eq!(target_widths(200), vec![200]);
    }

    #[test]
    fn alt_text_is_required_and_bounded() {
        assert_eq!(parse_alt("  Ein   Dach \n"), Ok("Ein Dach".into()));
        assert_eq!(parse_alt("   "), Err(PhotoError::AltMissing));
        assert_eq!(parse_alt(&"x".repeat(ALT_MAX_CHARS + 1)), Err(PhotoError::AltTooLong));
    }

    #[test]
    fn codes_round_trip_and_files_parse() {
        for e in PhotoError::ALL {
            assert_eq!(PhotoError::parse_code(e.code()), Some(e));
            assert!(!e.message().is_empty());
        }
        assert_eq!(parse_file_name("12-640.jpg"), Some((12, 640, "jpg")));
        assert_eq!(parse_file_name("12.jpg"), None);
        assert_eq!(parse_file_name("x-640.jpg"), None);
    }

    #[test]
    fn srcset_lists_every_width() {
        let p = PhotoView { id: 3, alt: "a".into(), width: 1000, height: 500, widths: vec![320, 640, 1000], ext: "jpg".into() };
        assert_eq!(p.srcset(), "/bilder/3-320.jpg 320w, /bilder/3-640.jpg 640w, /bilder/3-1000.jpg 1000w");
        assert_eq!(p.src(400), "/bilder/3-640.jpg");
        assert_eq!(p.src(5000), "/bilder/3-1000.jpg");
        assert_eq!(p.height_at(320), 160);
    }
}
