//! Reports (DSA Art. 16 notice and action): what can be reported, why, and
//! what moderators decide. Adding a kind of content is one arm in each
//! `match` on `Target` (here and in `store::target_*`).
use serde::{Deserialize, Serialize};

use crate::i18n::t;

pub const EXPLANATION_MIN: usize = 10;
pub const EXPLANATION_MAX: usize = 2000;
pub const NAME_MAX: usize = 200;
pub const STATEMENT_MIN: usize = 10;
pub const STATEMENT_MAX: usize = 2000;

/// The kinds of content that can be reported: public content by anyone,
/// a request for quotes by the providers that see it, a quote by the
/// resident it was made to (`store::may_report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Review,
    Reply,
    Offer,
    Provider,
    Recommendation,
    QuoteRequest,
    Quote,
}

impl Target {
    pub const ALL: [Target; 7] = [Self::Review, Self::Reply, Self::Offer, Self::Provider, Self::Recommendation, Self::QuoteRequest, Self::Quote];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::Reply => "reply",
            Self::Offer => "offer",
            Self::Provider => "provider",
            Self::Recommendation => "recommendation",
            Self::QuoteRequest => "quote_request",
            Self::Quote => "quote",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Review => t().report_target_review,
            Self::Reply => t().report_target_reply,
            Self::Offer => t().report_target_offer,
            Self::Provider => t().report_target_provider,
            Self::Recommendation => t().report_target_recommendation,
            Self::QuoteRequest => t().report_target_quote_request,
            Self::Quote => t().report_target_quote,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    Illegal,
    Insult,
    Fake,
    PersonalData,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 5] = [Self::Illegal, Self::Insult, Self::Fake, Self::PersonalData, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Illegal => "illegal",
            Self::Insult => "insult",
            Self::Fake => "fake",
            Self::PersonalData => "personal_data",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Illegal => t().report_reason_illegal,
            Self::Insult => t().report_reason_insult,
            Self::Fake => t().report_reason_fake,
            Self::PersonalData => t().report_reason_personal_data,
            Self::Other => t().report_reason_other,
        }
    }
}

/// What a moderator does with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Hide the content; the report is upheld.
    Hide,
    /// Show hidden content again.
    Restore,
    /// Nothing to do: the content stays as it is.
    Dismiss,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Self::Hide, Self::Restore, Self::Dismiss];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hide => "hidden",
            Self::Restore => "restored",
            Self::Dismiss => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Hide => t().report_decide_hide,
            Self::Restore => t().report_decide_restore,
            Self::Dismiss => t().report_decide_dismiss,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportError {
    Target,
    Reason,
    ExplanationShort,
    ExplanationLong,
    NameLong,
    Email,
    GoodFaith,
    Statement,
    RateLimited,
    Internal,
}

impl ReportError {
    pub const ALL: [ReportError; 10] = [
        Self::Target, Self::Reason, Self::ExplanationShort, Self::ExplanationLong, Self::NameLong, Self::Email,
        Self::GoodFaith, Self::Statement, Self::RateLimited, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Target => "target",
            Self::Reason => "reason",
            Self::ExplanationShort => "explanation_short",
            Self::ExplanationLong => "explanation_long",
            Self::NameLong => "name_long",
            Self::Email => "email",
            Self::GoodFaith => "good_faith",
            Self::Statement => "statement",
            Self::RateLimited => "rate",
            Self::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::Reason => Some("reason"),
            Self::ExplanationShort | Self::ExplanationLong => Some("explanation"),
            Self::NameLong => Some("name"),
            Self::Email => Some("email"),
            Self::GoodFaith => Some("good_faith"),
            Self::Statement => Some("statement"),
            Self::Target | Self::RateLimited | Self::Internal => None,
        }
    }

    pub fn message(self) -> String {
        let x = t();
        let n = |s: &str, n: usize| s.replace("{n}", &n.to_string());
        match self {
            Self::Target => x.report_error_target.to_owned(),
            Self::Reason => x.report_error_reason.to_owned(),
            Self::ExplanationShort => n(x.report_error_explanation_short, EXPLANATION_MIN),
            Self::ExplanationLong => n(x.report_error_explanation_long, EXPLANATION_MAX),
            Self::NameLong => n(x.report_error_name_long, NAME_MAX),
            Self::Email => x.account_error_email.to_owned(),
            Self::GoodFaith => x.report_error_good_faith.to_owned(),
            Self::Statement => n(x.report_error_statement, STATEMENT_MIN),
            Self::RateLimited => x.review_error_rate.to_owned(),
            Self::Internal => x.error_internal.to_owned(),
        }
    }
}

/// The reported content as a moderator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub heading: String,
    pub text: String,
    pub link: String,
    pub visible: bool,
}

/// One report in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i32,
    pub target: Target,
    pub target_id: i32,
    pub reason: Reason,
    pub explanation: String,
    pub automatic: bool,
    pub reporter: Option<String>,
    pub status: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// None when the content no longer exists.
    pub content: Option<Content>,
}

/// A report as submitted, after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub target: Target,
    pub target_id: i32,
    pub reason: Reason,
    pub explanation: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

impl NewReport {
    pub fn parse(target: &str, target_id: &str, reason: &str, explanation: &str, name: &str, email: &str, good_faith: bool) -> Result<Self, ReportError> {
        let target = Target::parse(target).ok_or(ReportError::Target)?;
        let target_id = target_id.trim().parse::<i32>().map_err(|_| ReportError::Target)?;
        let reason = Reason::parse(reason).ok_or(ReportError::Reason)?;
        let n = explanation.trim().chars().count();
        if n < EXPLANATION_MIN {
            return Err(ReportError::ExplanationShort);
        }
        if explanation.chars().count() > EXPLANATION_MAX {
            return Err(ReportError::ExplanationLong);
        }
        if name.chars().count() > NAME_MAX {
            return Err(ReportError::NameLong);
        }
        let email = match email.trim() {
            "" => None,
            e => Some(crate::accounts::domain::Email::parse(e).map_err(|_| ReportError::Email)?.as_str().to_owned()),
        };
        if !good_faith {
            return Err(ReportError::GoodFaith);
        }
        let name = (!name.trim().is_empty()).then(|| name.to_owned());
        Ok(Self { target, target_id, reason, explanation: explanation.to_owned(), name, email })
    }
}

/// The moderators' statement of reasons (DSA Art. 17): required for every decision.
pub fn statement(raw: &str) -> Result<String, ReportError> {
    let n = raw.trim().chars().count();
    if n < STATEMENT_MIN || raw.chars().count() > STATEMENT_MAX {
        return Err(ReportError::Statement);
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHY: &str = "Beleidigt einen Mitarbeiter namentlich.";

    #[test]
    fn kinds_round_trip() {
        for k in Target::ALL {
            assert_eq!(Target::parse(k.as_str()), Some(k));
            assert!(!k.label().is_empty());
        }
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
        }
        for d in Decision::ALL {
            assert_eq!(Decision::parse(d.as_str()), Some(d));
        }
        for e in ReportError::ALL {
            assert_eq!(ReportError::from_code(e.code()), Some(e));
            assert!(!e.message().is_empty());
        }
        assert_eq!(Target::parse("recommendation"), Some(Target::Recommendation));
        assert_eq!(Target::parse("photo"), None);
    }

    #[test]
    fn a_report_needs_reason_explanation_and_good_faith() {
        let ok = NewReport::parse("review", "7", "insult", WHY, "", " Erika@Example.org ", true).expect("valid");
        assert_eq!((ok.target, ok.target_id, ok.reason), (Target::Review, 7, Reason::Insult));
        assert_eq!(ok.email.as_deref(), Some("erika@example.org"));
        assert_eq!(ok.name, None);
        assert_eq!(NewReport::parse("user", "7", "insult", WHY, "", "", true), Err(ReportError::Target));
        assert_eq!(NewReport::parse("review", "x", "insult", WHY, "", "", true), Err(ReportError::Target));
        assert_eq!(NewReport::parse("review", "7", "", WHY, "", "", true), Err(ReportError::Reason));
        assert_eq!(NewReport::parse("review", "7", "spam", "kurz", "", "", true), Err(ReportError::Reason));
        assert_eq!(NewReport::parse("review", "7", "fake", "kurz", "", "", true), Err(ReportError::ExplanationShort));
        assert_eq!(NewReport::parse("review", "7", "fake", &"x".repeat(2001), "", "", true), Err(ReportError::ExplanationLong));
        assert_eq!(NewReport::parse("review", "7", "fake", WHY, &"n".repeat(201), "", true), Err(ReportError::NameLong));
        assert_eq!(NewReport::parse("review", "7", "fake", WHY, "", "keine-adresse", true), Err(ReportError::Email));
        assert_eq!(NewReport::parse("review", "7", "fake", WHY, "", "", false), Err(ReportError::GoodFaith));
    }

    #[test]
    fn decisions_need_a_statement_of_reasons() {
        assert_eq!(statement(""), Err(ReportError::Statement));
        assert_eq!(statement("   zu kurz "), Err(ReportError::Statement));
        assert!(statement("Beleidigung nach § 185 StGB.").is_ok());
    }
}
