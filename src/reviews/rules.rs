//! What a valid review, reply and vote are: pure rules, unit-tested here.
//! Errors travel as short codes in the URL after a form post (never as free
//! text), like the account forms' `FormError`.
use serde::{Deserialize, Serialize};

use super::domain::Stars;
use crate::i18n::t;

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const BODY_MIN: usize = 20;
pub const BODY_MAX: usize = 3000;
pub const REPLY_MIN: usize = 2;
pub const REPLY_MAX: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewError {
    Stars,
    TitleShort,
    TitleLong,
    BodyShort,
    BodyLong,
    Month,
    MonthFuture,
    Offer,
    /// The customer code is unknown, used, or of another provider.
    Code,
    /// This person already reviewed this provider.
    Duplicate,
    /// Members cannot review their own provider.
    OwnProvider,
    /// Not on one's own review, and once per review.
    OwnReview,
    ReplyShort,
    ReplyLong,
    RateLimited,
    /// Reviews need a confirmed e-mail address.
    Unconfirmed,
    Internal,
}

impl ReviewError {
    pub const ALL: [ReviewError; 17] = [
        Self::Stars, Self::TitleShort, Self::TitleLong, Self::BodyShort, Self::BodyLong, Self::Month, Self::MonthFuture,
        Self::Offer, Self::Code, Self::Duplicate, Self::OwnProvider, Self::OwnReview, Self::ReplyShort, Self::ReplyLong,
        Self::RateLimited, Self::Unconfirmed, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Stars => "stars",
            Self::TitleShort => "title_short",
            Self::TitleLong => "title_long",
            Self::BodyShort => "body_short",
            Self::BodyLong => "body_long",
            Self::Month => "month",
            Self::MonthFuture => "month_future",
            Self::Offer => "offer",
            Self::Code => "code",
            Self::Duplicate => "duplicate",
            Self::OwnProvider => "own_provider",
            Self::OwnReview => "own_review",
            Self::ReplyShort => "reply_short",
            Self::ReplyLong => "reply_long",
            Self::RateLimited => "rate",
            Self::Unconfirmed => "unconfirmed",
            Self::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The form field the message belongs next to; None for the whole form.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::Stars => Some("stars"),
            Self::TitleShort | Self::TitleLong => Some("title"),
            Self::BodyShort | Self::BodyLong => Some("body"),
            Self::Month | Self::MonthFuture => Some("month"),
            Self::Offer => Some("offer"),
            Self::Code => Some("code"),
            Self::ReplyShort | Self::ReplyLong => Some("reply"),
            Self::Duplicate | Self::OwnProvider | Self::OwnReview | Self::RateLimited | Self::Unconfirmed | Self::Internal => None,
        }
    }

    pub fn message(self) -> String {
        let x = t();
        let n = |s: &str, n: usize| s.replace("{n}", &n.to_string());
        match self {
            Self::Stars => x.review_error_stars.to_owned(),
            Self::TitleShort => n(x.review_error_title_short, TITLE_MIN),
            Self::TitleLong => n(x.review_error_title_long, TITLE_MAX),
            Self::BodyShort => n(x.review_error_body_short, BODY_MIN),
            Self::BodyLong => n(x.review_error_body_long, BODY_MAX),
            Self::Month => x.review_error_month.to_owned(),
            Self::MonthFuture => x.review_error_month_future.to_owned(),
            Self::Offer => x.review_error_offer.to_owned(),
            Self::Code => x.review_error_code.to_owned(),
            Self::Duplicate => x.review_error_duplicate.to_owned(),
            Self::OwnProvider => x.review_error_own_provider.to_owned(),
            Self::OwnReview => x.review_error_own_review.to_owned(),
            Self::ReplyShort => n(x.review_error_reply_short, REPLY_MIN),
            Self::ReplyLong => n(x.review_error_reply_long, REPLY_MAX),
            Self::RateLimited => x.review_error_rate.to_owned(),
            Self::Unconfirmed => x.review_error_unconfirmed.to_owned(),
            Self::Internal => x.error_internal.to_owned(),
        }
    }
}

/// A length check on the visible characters; the text itself is kept
/// exactly as typed.
pub fn text_in(raw: &str, min: usize, max: usize, short: ReviewError, long: ReviewError) -> Result<String, ReviewError> {
    let n = raw.trim().chars().count();
    if n < min {
        Err(short)
    } else if raw.chars().count() > max {
        Err(long)
    } else {
        Ok(raw.to_owned())
    }
}

/// A calendar month "YYYY-MM", not in the future and not absurdly old.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(raw: &str, today: chrono::NaiveDate) -> Result<Self, ReviewError> {
        use chrono::Datelike;
        let (y, m) = raw.trim().split_once('-').ok_or(ReviewError::Month)?;
        let year: i32 = y.parse().map_err(|_| ReviewError::Month)?;
        let month: u32 = m.parse().map_err(|_| ReviewError::Month)?;
        if !(1..=12).contains(&month) || !(1990..=9999).contains(&year) || y.len() != 4 {
            return Err(ReviewError::Month);
        }
        let it = Self { year, month };
        if it > (Self { year: today.year(), month: today.month() }) {
            return Err(ReviewError::MonthFuture);
        }
        Ok(it)
    }

    pub fn as_string(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The fields of the review form after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    pub stars: Stars,
    pub title: String,
    pub body: String,
    pub month: Month,
}

impl ReviewInput {
    /// Checks field by field in the order of the form, so the first message
    /// belongs to the first wrong field.
    pub fn parse(stars: &str, title: &str, body: &str, month: &str, today: chrono::NaiveDate) -> Result<Self, ReviewError> {
        let stars = stars.trim().parse::<i64>().ok().and_then(Stars::new).ok_or(ReviewError::Stars)?;
        let title = text_in(title, TITLE_MIN, TITLE_MAX, ReviewError::TitleShort, ReviewError::TitleLong)?;
        let body = text_in(body, BODY_MIN, BODY_MAX, ReviewError::BodyShort, ReviewError::BodyLong)?;
        let month = Month::parse(month, today)?;
        Ok(Self { stars, title, body, month })
    }
}

pub fn reply_text(raw: &str) -> Result<String, ReviewError> {
    text_in(raw, REPLY_MIN, REPLY_MAX, ReviewError::ReplyShort, ReviewError::ReplyLong)
}

/// The text reduced to what makes two texts "the same": letters and digits
/// in lower case, single spaces. Copies that differ only in punctuation,
/// case or spacing give the same key.
pub fn normalized(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Texts too short to be meaningfully "identical" are not compared.
pub const DUPLICATE_MIN_CHARS: usize = 40;

/// How a review can be sorted (in the URL as `sortierung`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewSort {
    #[default]
    Newest,
    Helpful,
    Best,
    Worst,
}

impl ReviewSort {
    pub const ALL: [ReviewSort; 4] = [Self::Newest, Self::Helpful, Self::Best, Self::Worst];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "neueste",
            Self::Helpful => "hilfreichste",
            Self::Best => "beste",
            Self::Worst => "schlechteste",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|o| o.as_str() == s).unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => t().review_sort_newest,
            Self::Helpful => t().review_sort_helpful,
            Self::Best => t().review_sort_best,
            Self::Worst => t().review_sort_worst,
        }
    }
}

/// Sorting and the star filter of a provider's review list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQuery {
    pub sort: ReviewSort,
    pub stars: Option<Stars>,
}

impl ReviewQuery {
    pub fn parse(sort: Option<&str>, stars: Option<&str>) -> Self {
        Self {
            sort: sort.map(ReviewSort::parse).unwrap_or_default(),
            stars: stars.and_then(|s| s.trim().parse::<i64>().ok()).and_then(Stars::new),
        }
    }

    /// The query string part (without `seite`), empty for the defaults.
    pub fn to_query(self) -> String {
        let mut parts = Vec::new();
        if self.sort != ReviewSort::Newest {
            parts.push(format!("sortierung={}", self.sort.as_str()));
        }
        if let Some(s) = self.stars {
            parts.push(format!("sterne={}", s.get()));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn error_codes_round_trip_and_name_their_limits() {
        for e in ReviewError::ALL {
            assert_eq!(ReviewError::from_code(e.code()), Some(e));
            assert!(!e.message().is_empty());
        }
        assert!(ReviewError::BodyLong.message().contains(&BODY_MAX.to_string()));
        assert!(ReviewError::BodyShort.message().contains(&BODY_MIN.to_string()));
        assert!(ReviewError::TitleLong.message().contains(&TITLE_MAX.to_string()));
        assert!(ReviewError::ReplyLong.message().contains(&REPLY_MAX.to_string()));
        assert_eq!(ReviewError::from_code("<b>"), None);
    }

    #[test]
    fn review_fields_are_checked_in_form_order() {
        let today = day(2026, 11, 29);
        let body = "Pünktlich, sauber und freundlich gearbeitet.";
        let ok = ReviewInput::parse("4", "Gute Arbeit", body, "2026-10", today).expect("valid");
        assert_eq!((ok.stars.get(), ok.month.as_string()), (4, "2026-10".to_owned()));
        assert_eq!(ReviewInput::parse("0", "", "", "", today), Err(ReviewError::Stars));
        assert_eq!(ReviewInput::parse("5", "  a ", body, "2026-10", today), Err(ReviewError::TitleShort));
        assert_eq!(ReviewInput::parse("5", &"x".repeat(121), body, "2026-10", today), Err(ReviewError::TitleLong));
        assert_eq!(ReviewInput::parse("5", "Titel", "zu kurz", "2026-10", today), Err(ReviewError::BodyShort));
        assert_eq!(ReviewInput::parse("5", "Titel", &"ä".repeat(3001), "2026-10", today), Err(ReviewError::BodyLong));
        // Characters, not bytes: 3000 umlauts fit.
        assert!(ReviewInput::parse("5", "Titel", &"ä".repeat(3000), "2026-10", today).is_ok());
        assert_eq!(ReviewInput::parse("5", "Titel", body, "2026-12", today), Err(ReviewError::MonthFuture));
        assert!(ReviewInput::parse("5", "Titel", body, "2026-11", today).is_ok());
        for bad in ["", "2026", "2026-13", "26-01", "2026-00", "abcd-ef", "1900-01"] {
            assert_eq!(ReviewInput::parse("5", "Titel", body, bad, today), Err(ReviewError::Month), "{bad}");
        }
    }

    #[test]
    fn texts_are_kept_exactly() {
        let raw = "  <script>alert(1)</script> \u{202e} ";
        assert_eq!(text_in(raw, 3, 100, ReviewError::TitleShort, ReviewError::TitleLong).as_deref(), Ok(raw));
        assert_eq!(reply_text(" "), Err(ReviewError::ReplyShort));
    }

    #[test]
    fn normalisation_ignores_case_punctuation_and_spacing() {
        assert_eq!(normalized("Super  Service!!! Sehr   empfehlenswert."), normalized("super service, sehr empfehlenswert"));
        assert_ne!(normalized("Super Service"), normalized("Schlechter Service"));
        assert_eq!(normalized("ÄÖÜ"), "äöü");
    }

    #[test]
    fn sort_and_filter_round_trip_through_the_url() {
        let q = ReviewQuery::parse(Some("hilfreichste"), Some("2"));
        assert_eq!(q.sort, ReviewSort::Helpful);
        assert_eq!(q.to_query(), "sortierung=hilfreichste&sterne=2");
        assert_eq!(ReviewQuery::parse(Some("bogus"), Some("9")), ReviewQuery::default());
        assert_eq!(ReviewQuery::default().to_query(), "");
    }
}
