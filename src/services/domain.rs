//! Rules of the "Verwaltung online" directory: how available a service is
//! online, what residents report, and what valid input is. Plain functions,
//! unit-tested without a server.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

pub const TIP_MAX_CHARS: usize = 500;
pub const URL_MAX_CHARS: usize = 500;
pub const TEXT_MAX_CHARS: usize = 2000;
/// Residents' reports needed before the directory states a verdict.
pub const VERDICT_MIN_REPORTS: u32 = 3;

/// The editors' view of how far a service can be done online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Online,
    Partial,
    InPerson,
}

impl Availability {
    pub const ALL: [Availability; 3] = [Self::Online, Self::Partial, Self::InPerson];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Partial => "partial",
            Self::InPerson => "in_person",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Online => t().services_availability_online,
            Self::Partial => t().services_availability_partial,
            Self::InPerson => t().services_availability_in_person,
        }
    }
}

/// What a resident reports: did it work online?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    WorkedOnline,
    NotOnline,
    NotTried,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Self::WorkedOnline, Self::NotOnline, Self::NotTried];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkedOnline => "online",
            Self::NotOnline => "not_online",
            Self::NotTried => "not_tried",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::WorkedOnline => t().services_outcome_online,
            Self::NotOnline => t().services_outcome_not_online,
            Self::NotTried => t().services_outcome_not_tried,
        }
    }
}

/// The residents' verdict next to the editors' availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Fewer than [`VERDICT_MIN_REPORTS`] people tried it online.
    TooFewReports,
    /// At least two in three who tried succeeded online.
    Works,
    Mixed,
    /// At most one in three succeeded.
    DoesNotWork,
}

impl Verdict {
    pub fn from_reports(worked: u32, failed: u32) -> Self {
        let tried = worked + failed;
        if tried < VERDICT_MIN_REPORTS {
            Self::TooFewReports
        } else if worked * 3 >= tried * 2 {
            Self::Works
        } else if worked * 3 <= tried {
            Self::DoesNotWork
        } else {
            Self::Mixed
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::TooFewReports => t().services_verdict_unknown,
            Self::Works => t().services_verdict_works,
            Self::Mixed => t().services_verdict_mixed,
            Self::DoesNotWork => t().services_verdict_fails,
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Self::TooFewReports => "verdict unknown",
            Self::Works => "verdict works",
            Self::Mixed => "verdict mixed",
            Self::DoesNotWork => "verdict fails",
        }
    }
}

/// What can be wrong with a rating or an edit. Travels as a code in the URL
/// after a form post, like the account forms' errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFormError {
    Stars,
    Outcome,
    TipLong,
    Url,
    Availability,
    TextEmpty,
    TextLong,
    RateLimited,
    /// Rating needs a confirmed e-mail address.
    Unconfirmed,
    Internal,
}

impl ServiceFormError {
    const ALL: [ServiceFormError; 10] = [
        Self::Stars, Self::Outcome, Self::TipLong, Self::Url, Self::Availability, Self::TextEmpty, Self::TextLong,
        Self::RateLimited, Self::Unconfirmed, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Stars => "stars",
            Self::Outcome => "outcome",
            Self::TipLong => "tip_long",
            Self::Url => "url",
            Self::Availability => "availability",
            Self::TextEmpty => "text_empty",
            Self::TextLong => "text_long",
            Self::RateLimited => "rate",
            Self::Unconfirmed => "unbestaetigt",
            Self::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn message(self) -> String {
        match self {
            Self::Stars => t().services_error_stars.to_owned(),
            Self::Outcome => t().services_error_outcome.to_owned(),
            Self::TipLong => t().services_error_tip_long.replace("{max}", &TIP_MAX_CHARS.to_string()),
            Self::Url => t().services_error_url.to_owned(),
            Self::Availability => t().services_error_availability.to_owned(),
            Self::TextEmpty => t().services_error_text_empty.to_owned(),
            Self::TextLong => t().services_error_text_long.replace("{max}", &TEXT_MAX_CHARS.to_string()),
            Self::RateLimited => t().services_error_rate.to_owned(),
            Self::Unconfirmed => t().error_unverified.to_owned(),
            Self::Internal => t().error_internal.to_owned(),
        }
    }
}

/// A resident's rating, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingInput {
    pub stars: i16,
    pub outcome: Outcome,
    /// Trimmed; None when empty. Stored exactly as typed otherwise.
    pub tip: Option<String>,
}

impl RatingInput {
    pub fn parse(stars: &str, outcome: &str, tip: &str) -> Result<Self, ServiceFormError> {
        let stars = match stars.trim().parse::<i16>() {
            Ok(n @ 1..=5) => n,
            _ => return Err(ServiceFormError::Stars),
        };
        let outcome = Outcome::parse(outcome).ok_or(ServiceFormError::Outcome)?;
        let tip = tip.trim();
        if tip.chars().count() > TIP_MAX_CHARS {
            return Err(ServiceFormError::TipLong);
        }
        Ok(Self { stars, outcome, tip: (!tip.is_empty()).then(|| tip.to_owned()) })
    }
}

/// The link to the official portal: an absolute https URL with a host and
/// nothing that could break out of an attribute or smuggle a script scheme.
pub fn parse_official_url(s: &str) -> Result<String, ServiceFormError> {
    let s = s.trim();
    let rest = s.strip_prefix("https://").ok_or(ServiceFormError::Url)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host.contains('.')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    let chars_ok = s.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '`'));
    if host_ok && chars_ok && s.len() <= URL_MAX_CHARS {
        Ok(s.to_owned())
    } else {
        Err(ServiceFormError::Url)
    }
}

/// An editorial text (description or the list of what to bring): required,
/// bounded, line endings normalised.
pub fn parse_text(s: &str) -> Result<String, ServiceFormError> {
    let s = s.replace("\r\n", "\n");
    let s = s.trim();
    if s.is_empty() {
        Err(ServiceFormError::TextEmpty)
    } else if s.chars().count() > TEXT_MAX_CHARS {
        Err(ServiceFormError::TextLong)
    } else {
        Ok(s.to_owned())
    }
}

/// One service in the directory list, in the visitor's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub slug: String,
    pub name: String,
    pub themenfeld: String,
    pub availability: Availability,
    pub ratings: u32,
    pub average: Option<f64>,
    pub worked_online: u32,
    pub not_online: u32,
}

impl ServiceSummary {
    pub fn verdict(&self) -> Verdict {
        Verdict::from_reports(self.worked_online, self.not_online)
    }
}

/// Services grouped by Themenfeld, in seed order.
pub fn group_by_themenfeld(list: Vec<ServiceSummary>) -> Vec<(String, Vec<ServiceSummary>)> {
    let mut groups: Vec<(String, Vec<ServiceSummary>)> = Vec::new();
    for s in list {
        match groups.iter_mut().find(|(k, _)| *k == s.themenfeld) {
            Some((_, v)) => v.push(s),
            None => groups.push((s.themenfeld.clone(), vec![s])),
        }
    }
    groups
}

/// A resident's tip, shown under the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tip {
    pub author: String,
    pub stars: i16,
    pub outcome: Outcome,
    pub text: Option<String>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Everything the service page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub summary: ServiceSummary,
    pub description: String,
    pub bring: Vec<String>,
    pub official_url: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub tips: Vec<Tip>,
    /// The visitor's own rating, to edit it.
    pub mine: Option<Tip>,
    pub signed_in: bool,
    pub can_edit: bool,
}

/// The raw texts an admin edits (both languages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceEdit {
    pub slug: String,
    pub name: String,
    pub official_url: String,
    pub availability: Availability,
    pub description: String,
    pub description_en: String,
    pub bring: String,
    pub bring_en: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_validated() {
        assert_eq!(
            RatingInput::parse("4", "online", "  Termin vorher buchen  "),
            Ok(RatingInput { stars: 4, outcome: Outcome::WorkedOnline, tip: Some("Termin vorher buchen".into()) })
        );
        assert_eq!(RatingInput::parse("5", "not_tried", "   ").unwrap().tip, None);
        for bad in ["0", "6", "", "drei", "4.5"] {
            assert_eq!(RatingInput::parse(bad, "online", ""), Err(ServiceFormError::Stars), "{bad}");
        }
        assert_eq!(RatingInput::parse("3", "maybe", ""), Err(ServiceFormError::Outcome));
        let long = "ä".repeat(TIP_MAX_CHARS + 1);
        assert_eq!(RatingInput::parse("3", "online", &long), Err(ServiceFormError::TipLong));
        assert!(RatingInput::parse("3", "online", &"ä".repeat(TIP_MAX_CHARS)).is_ok());
    }

    #[test]
    fn the_verdict_needs_enough_reports_and_a_clear_majority() {
        assert_eq!(Verdict::from_reports(2, 0), Verdict::TooFewReports);
        assert_eq!(Verdict::from_reports(2, 1), Verdict::Works);
        assert_eq!(Verdict::from_reports(1, 2), Verdict::DoesNotWork);
        assert_eq!(Verdict::from_reports(5, 4), Verdict::Mixed);
        assert_eq!(Verdict::from_reports(0, 3), Verdict::DoesNotWork);
        assert_eq!(Verdict::from_reports(10, 0), Verdict::Works);
    }

    #[test]
    fn official_links_must_be_plain_https() {
        assert_eq!(parse_official_url(" https://www.duisburg.de/buergerservice?x=1 "), Ok("https://www.duisburg.de/buergerservice?x=1".into()));
        for bad in [
            "http://www.duisburg.de",
            "javascript:alert(1)",
            "https://",
            "https://localhost",
            "https://www.duisburg.de/\"onmouseover=x",
            "https://www.duis burg.de",
            "www.duisburg.de",
        ] {
            assert_eq!(parse_official_url(bad), Err(ServiceFormError::Url), "{bad}");
        }
        assert_eq!(parse_official_url(&format!("https://a.de/{}", "x".repeat(URL_MAX_CHARS))), Err(ServiceFormError::Url));
    }

    #[test]
    fn texts_are_required_and_bounded() {
        assert_eq!(parse_text(" a\r\nb "), Ok("a\nb".into()));
        assert_eq!(parse_text(" \n "), Err(ServiceFormError::TextEmpty));
        assert_eq!(parse_text(&"x".repeat(TEXT_MAX_CHARS + 1)), Err(ServiceFormError::TextLong));
    }

    #[test]
    fn error_codes_round_trip() {
        for e in ServiceFormError::ALL {
            assert_eq!(ServiceFormError::from_code(e.code()), Some(e));
        }
    }

    #[test]
    fn grouping_keeps_the_seed_order() {
        let s = |slug: &str, tf: &str| ServiceSummary {
            slug: slug.into(),
            name: slug.into(),
            themenfeld: tf.into(),
            availability: Availability::Online,
            ratings: 0,
            average: None,
            worked_online: 0,
            not_online: 0,
        };
        let g = group_by_themenfeld(vec![s("a", "Familie"), s("b", "Bauen"), s("c", "Familie")]);
        assert_eq!(g.iter().map(|(k, v)| (k.as_str(), v.len())).collect::<Vec<_>>(), vec![("Familie", 2), ("Bauen", 1)]);
    }
}
