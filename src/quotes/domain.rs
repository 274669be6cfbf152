//! The rules of requests for quotes, without a database: the two state
//! machines, what a quote must say, and the ESIS figures of a mortgage
//! quote checked against each other.
use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// Quotes a request takes unless `SCD_QUOTES_PER_REQUEST` says otherwise.
pub const DEFAULT_QUOTES_PER_REQUEST: i32 = 5;
/// Days a sent request takes quotes.
pub const OPEN_DAYS: i64 = 14;
/// Open requests one resident may have per category …
pub const OPEN_PER_CATEGORY: u64 = 3;
/// … and requests one resident may send per 24 hours.
pub const SENT_PER_DAY: u64 = 5;
/// Quotes one provider may submit per 24 hours (revisions do not count).
pub const QUOTES_PER_PROVIDER_DAY: u64 = 50;
/// Providers one request may invite by name.
pub const MAX_INVITES: usize = 10;
pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MIN: usize = 20;
/// Photos a request may carry (craft forms ask for them).
pub const PHOTOS_PER_REQUEST: usize = 6;
/// Largest PDF a provider may attach to a quote.
pub const PDF_MAX_BYTES: usize = 5 * 1024 * 1024;
pub const LONG_MAX: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestState {
    Draft,
    Open,
    /// As many active quotes as the request takes: no new ones.
    Full,
    Accepted,
    Completed,
    Withdrawn,
    /// The quoting period ended without an acceptance.
    Expired,
    /// Removed by moderation.
    Removed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestEvent {
    Send,
    Fill,
    /// A quote left a full request (withdrawn, declined).
    Unfill,
    Accept,
    Complete,
    Withdraw,
    Expire,
    Remove,
}

impl RequestState {
    pub const ALL: [RequestState; 8] =
        [Self::Draft, Self::Open, Self::Full, Self::Accepted, Self::Completed, Self::Withdrawn, Self::Expired, Self::Removed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Full => "full",
            Self::Accepted => "accepted",
            Self::Completed => "completed",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
            Self::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        let x = t();
        match self {
            Self::Draft => x.quote_state_draft,
            Self::Open => x.quote_state_open,
            Self::Full => x.quote_state_full,
            Self::Accepted => x.quote_state_accepted,
            Self::Completed => x.quote_state_completed,
            Self::Withdrawn => x.quote_state_withdrawn,
            Self::Expired => x.quote_state_expired,
            Self::Removed => x.quote_state_removed,
        }
    }

    /// The state after `e`, or None where `e` is not allowed.
    pub fn after(self, e: RequestEvent) -> Option<Self> {
        use RequestEvent as E;
        use RequestState as S;
        Some(match (self, e) {
            (S::Draft, E::Send) => S::Open,
            (S::Open, E::Fill) => S::Full,
            (S::Full, E::Unfill) => S::Open,
            // A quote still valid may be accepted after the quoting period.
            (S::Open | S::Full | S::Expired, E::Accept) => S::Accepted,
            (S::Accepted, E::Complete) => S::Completed,
            (S::Draft | S::Open | S::Full | S::Expired, E::Withdraw) => S::Withdrawn,
            (S::Open | S::Full, E::Expire) => S::Expired,
            (S::Draft | S::Open | S::Full | S::Accepted | S::Expired, E::Remove) => S::Removed,
            _ => return None,
        })
    }

    /// Providers may send or revise quotes.
    pub fn takes_quotes(self) -> bool {
        self == Self::Open
    }

    /// Providers see it (it was sent and is neither withdrawn nor removed).
    pub fn visible_to_providers(self) -> bool {
        !matches!(self, Self::Draft | Self::Withdrawn | Self::Removed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuoteState {
    Submitted,
    Revised,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
    /// Another quote of the request was accepted.
    Superseded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteEvent {
    Revise,
    Accept,
    Decline,
    Withdraw,
    Expire,
    Supersede,
}

impl QuoteState {
    pub const ALL: [QuoteState; 7] = [Self::Submitted, Self::Revised, Self::Accepted, Self::Declined, Self::Withdrawn, Self::Expired, Self::Superseded];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Revised => "revised",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
            Self::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        let x = t();
        match self {
            Self::Submitted => x.quote_qstate_submitted,
            Self::Revised => x.quote_qstate_revised,
            Self::Accepted => x.quote_qstate_accepted,
            Self::Declined => x.quote_qstate_declined,
            Self::Withdrawn => x.quote_qstate_withdrawn,
            Self::Expired => x.quote_qstate_expired,
            Self::Superseded => x.quote_qstate_superseded,
        }
    }

    /// Waiting for the resident's decision.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Submitted | Self::Revised)
    }

    pub fn after(self, e: QuoteEvent) -> Option<Self> {
        use QuoteEvent as E;
        use QuoteState as S;
        if !self.is_active() {
            return None;
        }
        Some(match e {
            E::Revise => S::Revised,
            E::Accept => S::Accepted,
            E::Decline => S::Declined,
            E::Withdraw => S::Withdrawn,
            E::Expire => S::Expired,
            E::Supersede => S::Superseded,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceType {
    Fixed,
    Estimate,
    Hourly,
    /// Priced after a visit; the amount is what the visit costs (may be 0).
    Inspection,
}

impl PriceType {
    pub const ALL: [PriceType; 4] = [Self::Fixed, Self::Estimate, Self::Hourly, Self::Inspection];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::Estimate => "estimate",
            Self::Hourly => "hourly",
            Self::Inspection => "inspection",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        let x = t();
        match self {
            Self::Fixed => x.quote_price_fixed,
            Self::Estimate => x.quote_price_estimate,
            Self::Hourly => x.quote_price_hourly,
            Self::Inspection => x.quote_price_inspection,
        }
    }
}

/// The figures of the European Standardised Information Sheet a mortgage
/// quote must state. Rates in hundredths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Esis {
    pub borrowing_rate_bp: i64,
    pub effective_rate_bp: i64,
    pub monthly_cents: i64,
    /// Debt left when the fixed-rate period ends.
    pub remaining_cents: i64,
    /// Everything the borrower pays over the whole term.
    pub total_cents: i64,
    pub fixed_years: i32,
}

/// The debt left after `years` of an annuity loan: `loan` at the nominal
/// rate `rate_bp` (hundredths of a percent a year, interest monthly),
/// paying `monthly` each month. Saturates at 0 once repaid.
pub fn remaining_debt(loan_cents: i64, rate_bp: i64, monthly_cents: i64, years: i32) -> i64 {
    let q = rate_bp as f64 / 10_000.0 / 12.0;
    let mut debt = loan_cents as f64;
    for _ in 0..(years.max(0) * 12) {
        debt = debt * (1.0 + q) - monthly_cents as f64;
        if debt <= 0.0 {
            return 0;
        }
    }
    debt.round() as i64
}

/// How far the stated remaining debt may be from ours: 1 % of the loan,
/// at least 100 € (rounding, payment dates and fees differ between banks).
pub fn remaining_tolerance(loan_cents: i64) -> i64 {
    (loan_cents / 100).max(10_000)
}

/// Everything one refused request or quote can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteError {
    Title,
    Description,
    Category,
    Bezirk,
    Stadtteil,
    Budget,
    Phone,
    Address,
    AnswerMissing,
    AnswerInvalid,
    AnswerRange,
    AnswerLong,
    /// An invited provider does not exist or is one's own.
    Invite,
    /// Neither open to all nor any provider invited.
    NoRecipients,
    Price,
    PriceType,
    Included,
    ValidUntil,
    EarliestStart,
    Message,
    EsisRate,
    EsisEffective,
    EsisMonthly,
    EsisRemaining,
    EsisTotal,
    EsisYears,
    /// The stated remaining debt does not follow from rate and instalment.
    EsisMismatch,
    /// Not allowed in the request's or quote's present state.
    State,
    /// Someone changed it meanwhile.
    Version,
    /// The request takes no more quotes.
    Closed,
    /// This provider was neither invited nor matches the request.
    NotMatching,
    /// One's own request, or a request to one's own provider.
    OwnProvider,
    /// The provider already quoted (revise that quote instead).
    Duplicate,
    LimitCategory,
    LimitDay,
    LimitProvider,
    /// The quote's validity ended.
    QuoteExpired,
    /// More than `PHOTOS_PER_REQUEST`.
    Photos,
    /// No file chosen for the PDF.
    PdfMissing,
    /// Not a PDF, whatever its name says.
    PdfType,
    /// Larger than `PDF_MAX_BYTES`.
    PdfSize,
    /// Too many uploads in a short time.
    Uploads,
    Internal,
}

impl QuoteError {
    pub const ALL: [QuoteError; 43] = [
        Self::Title, Self::Description, Self::Category, Self::Bezirk, Self::Stadtteil, Self::Budget, Self::Phone, Self::Address,
        Self::AnswerMissing, Self::AnswerInvalid, Self::AnswerRange, Self::AnswerLong, Self::Invite, Self::NoRecipients, Self::Price,
        Self::PriceType, Self::Included, Self::ValidUntil, Self::EarliestStart, Self::Message, Self::EsisRate, Self::EsisEffective,
        Self::EsisMonthly, Self::EsisRemaining, Self::EsisTotal, Self::EsisYears, Self::EsisMismatch, Self::State, Self::Version,
        Self::Closed, Self::NotMatching, Self::OwnProvider, Self::Duplicate, Self::LimitCategory, Self::LimitDay, Self::LimitProvider,
        Self::QuoteExpired, Self::Photos, Self::PdfMissing, Self::PdfType, Self::PdfSize, Self::Uploads, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Description => "description",
            Self::Category => "category",
            Self::Bezirk => "bezirk",
            Self::Stadtteil => "stadtteil",
            Self::Budget => "budget",
            Self::Phone => "phone",
            Self::Address => "address",
            Self::AnswerMissing => "answer_missing",
            Self::AnswerInvalid => "answer_invalid",
            Self::AnswerRange => "answer_range",
            Self::AnswerLong => "answer_long",
            Self::Invite => "invite",
            Self::NoRecipients => "no_recipients",
            Self::Price => "price",
            Self::PriceType => "price_type",
            Self::Included => "included",
            Self::ValidUntil => "valid_until",
            Self::EarliestStart => "earliest_start",
            Self::Message => "message",
            Self::EsisRate => "esis_rate",
            Self::EsisEffective => "esis_effective",
            Self::EsisMonthly => "esis_monthly",
            Self::EsisRemaining => "esis_remaining",
            Self::EsisTotal => "esis_total",
            Self::EsisYears => "esis_years",
            Self::EsisMismatch => "esis_mismatch",
            Self::State => "state",
            Self::Version => "version",
            Self::Closed => "closed",
            Self::NotMatching => "not_matching",
            Self::OwnProvider => "own_provider",
            Self::Duplicate => "duplicate",
            Self::LimitCategory => "limit_category",
            Self::LimitDay => "limit_day",
            Self::LimitProvider => "limit_provider",
            Self::QuoteExpired => "quote_expired",
            Self::Photos => "photos",
            Self::PdfMissing => "pdf_missing",
            Self::PdfType => "pdf_type",
            Self::PdfSize => "pdf_size",
            Self::Uploads => "uploads",
            Self::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn from_answer(e: super::forms::AnswerError) -> Self {
        use super::forms::AnswerError as A;
        match e {
            A::Missing => Self::AnswerMissing,
            A::Invalid => Self::AnswerInvalid,
            A::Range => Self::AnswerRange,
            A::TooLong => Self::AnswerLong,
        }
    }

    /// The HTTP status for clients that are not browsers.
    pub fn status(self) -> u16 {
        match self {
            Self::State | Self::Version | Self::Closed | Self::Duplicate => 409,
            Self::NotMatching | Self::OwnProvider => 403,
            Self::LimitCategory | Self::LimitDay | Self::LimitProvider | Self::Uploads => 429,
            Self::PdfSize => 413,
            Self::Internal => 500,
            _ => 422,
        }
    }

    pub fn message(self) -> String {
        let x = t();
        let n = |s: &str, n: usize| s.replace("{n}", &n.to_string());
        match self {
            Self::Title => n(x.quote_error_title, TITLE_MAX),
            Self::Description => n(x.quote_error_description, DESCRIPTION_MIN).replace("{max}", &LONG_MAX.to_string()),
            Self::Category => x.quote_error_category.to_owned(),
            Self::Bezirk => x.quote_error_bezirk.to_owned(),
            Self::Stadtteil => x.quote_error_stadtteil.to_owned(),
            Self::Budget => x.quote_error_budget.to_owned(),
            Self::Phone => x.quote_error_phone.to_owned(),
            Self::Address => x.quote_error_address.to_owned(),
            Self::AnswerMissing => x.quote_error_answer_missing.to_owned(),
            Self::AnswerInvalid => x.quote_error_answer_invalid.to_owned(),
            Self::AnswerRange => x.quote_error_answer_range.to_owned(),
            Self::AnswerLong => n(x.quote_error_answer_long, super::forms::TEXT_MAX),
            Self::Invite => x.quote_error_invite.to_owned(),
            Self::NoRecipients => x.quote_error_no_recipients.to_owned(),
            Self::Price => x.quote_error_price.to_owned(),
            Self::PriceType => x.quote_error_price_type.to_owned(),
            Self::Included => n(x.quote_error_included, LONG_MAX),
            Self::ValidUntil => x.quote_error_valid_until.to_owned(),
            Self::EarliestStart => x.quote_error_earliest_start.to_owned(),
            Self::Message => n(x.quote_error_message, LONG_MAX),
            Self::EsisRate => x.quote_error_esis_rate.to_owned(),
            Self::EsisEffective => x.quote_error_esis_effective.to_owned(),
            Self::EsisMonthly => x.quote_error_esis_monthly.to_owned(),
            Self::EsisRemaining => x.quote_error_esis_remaining.to_owned(),
            Self::EsisTotal => x.quote_error_esis_total.to_owned(),
            Self::EsisYears => x.quote_error_esis_years.to_owned(),
            Self::EsisMismatch => x.quote_error_esis_mismatch.to_owned(),
            Self::State => x.quote_error_state.to_owned(),
            Self::Version => x.quote_error_version.to_owned(),
            Self::Closed => x.quote_error_closed.to_owned(),
            Self::NotMatching => x.quote_error_not_matching.to_owned(),
            Self::OwnProvider => x.quote_error_own_provider.to_owned(),
            Self::Duplicate => x.quote_error_duplicate.to_owned(),
            Self::LimitCategory => n(x.quote_error_limit_category, OPEN_PER_CATEGORY as usize),
            Self::LimitDay => n(x.quote_error_limit_day, SENT_PER_DAY as usize),
            Self::LimitProvider => n(x.quote_error_limit_provider, QUOTES_PER_PROVIDER_DAY as usize),
            Self::QuoteExpired => x.quote_error_quote_expired.to_owned(),
            Self::Photos => n(x.quote_error_photos, PHOTOS_PER_REQUEST),
            Self::PdfMissing => x.quote_error_pdf_missing.to_owned(),
            Self::PdfType => x.quote_error_pdf_type.to_owned(),
            Self::PdfSize => n(x.quote_error_pdf_size, PDF_MAX_BYTES / (1024 * 1024)),
            Self::Uploads => x.photo_error_rate.to_owned(),
            Self::Internal => x.error_internal.to_owned(),
        }
    }
}

/// Typed text of at most `max` characters, no control characters but line breaks.
pub fn clean_text(raw: &str, min: usize, max: usize) -> Option<String> {
    let s = raw.trim().replace("\r\n", "\n");
    let n = s.chars().count();
    (n >= min && n <= max && !s.chars().any(|c| c.is_control() && c != '\n')).then_some(s)
}

/// A quote as typed by the provider (amounts as typed, dates ISO).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteInput {
    pub price: String,
    pub price_type: String,
    pub included: String,
    pub valid_until: String,
    pub earliest_start: String,
    pub message: String,
    pub borrowing_rate: String,
    pub effective_rate: String,
    pub monthly: String,
    pub remaining: String,
    pub total: String,
}

/// What a mortgage request fixes for every quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MortgageTerms {
    pub loan_cents: i64,
    pub fixed_years: i32,
}

/// A quote that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteDraft {
    pub price_cents: i64,
    pub price_type: PriceType,
    pub included: String,
    pub valid_until: chrono::NaiveDate,
    pub earliest_start: Option<chrono::NaiveDate>,
    pub message: String,
    pub esis: Option<Esis>,
}

fn money(raw: &str) -> Option<i64> {
    crate::i18n::parse_decimal(raw.trim().trim_end_matches('€').trim(), 2)
}

fn rate(raw: &str) -> Option<i64> {
    crate::i18n::parse_decimal(raw.trim().trim_end_matches('%').trim(), 2)
}

impl QuoteDraft {
    /// `mortgage`: the request's terms when its category asks for ESIS figures.
    pub fn parse(i: &QuoteInput, mortgage: Option<MortgageTerms>, today: chrono::NaiveDate) -> Result<Self, QuoteError> {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let price_type = PriceType::parse(i.price_type.trim()).ok_or(QuoteError::PriceType)?;
        let price_cents = money(&i.price).ok_or(QuoteError::Price)?;
        // Only a visit may cost nothing.
        if price_cents < 0 || price_cents > 1_000_000_000_00 || (price_cents == 0 && price_type != PriceType::Inspection) {
            return Err(QuoteError::Price);
        }
        let included = clean_text(&i.included, 1, LONG_MAX).ok_or(QuoteError::Included)?;
        let valid_until = day(&i.valid_until).filter(|d| *d >= today && *d <= today + chrono::Days::new(366)).ok_or(QuoteError::ValidUntil)?;
        let earliest_start = match i.earliest_start.trim() {
            "" => None,
            s => Some(day(s).filter(|d| *d >= today).ok_or(QuoteError::EarliestStart)?),
        };
        let message = clean_text(&i.message, 0, LONG_MAX).ok_or(QuoteError::Message)?;
        let esis = match mortgage {
            None => None,
            Some(m) => Some(Self::esis(i, m)?),
        };
        Ok(Self { price_cents, price_type, included, valid_until, earliest_start, message, esis })
    }

    fn esis(i: &QuoteInput, m: MortgageTerms) -> Result<Esis, QuoteError> {
        let borrowing = rate(&i.borrowing_rate).filter(|r| (1..=2000).contains(r)).ok_or(QuoteError::EsisRate)?;
        let effective = rate(&i.effective_rate).filter(|r| *r >= borrowing && *r <= 2500).ok_or(QuoteError::EsisEffective)?;
        let monthly = money(&i.monthly).filter(|c| *c > 0).ok_or(QuoteError::EsisMonthly)?;
        // The instalment must at least pay the interest, or the debt grows.
        if monthly * 12 * 10_000 <= m.loan_cents * borrowing {
            return Err(QuoteError::EsisMonthly);
        }
        let remaining = money(&i.remaining).filter(|c| *c >= 0 && *c < m.loan_cents).ok_or(QuoteError::EsisRemaining)?;
        let total = money(&i.total).filter(|c| *c >= m.loan_cents).ok_or(QuoteError::EsisTotal)?;
        if m.fixed_years <= 0 {
            return Err(QuoteError::EsisYears);
        }
        let ours = remaining_debt(m.loan_cents, borrowing, monthly, m.fixed_years);
        if (ours - remaining).abs() > remaining_tolerance(m.loan_cents) {
            return Err(QuoteError::EsisMismatch);
        }
        Ok(Esis {
            borrowing_rate_bp: borrowing,
            effective_rate_bp: effective,
            monthly_cents: monthly,
            remaining_cents: remaining,
            total_cents: total,
            fixed_years: m.fixed_years,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuoteEvent as QE;
    use RequestEvent as E;
    use RequestState as S;

    #[test]
    fn request_transitions() {
        assert_eq!(S::Draft.after(E::Send), Some(S::Open));
        assert_eq!(S::Open.after(E::Fill), Some(S::Full));
        assert_eq!(S::Full.after(E::Unfill), Some(S::Open));
        assert_eq!(S::Full.after(E::Accept), Some(S::Accepted));
        assert_eq!(S::Expired.after(E::Accept), Some(S::Accepted));
        assert_eq!(S::Accepted.after(E::Complete), Some(S::Completed));
        // Refused: a draft cannot be accepted, a sent request not sent again,
        // nothing comes back from withdrawn, completed or removed.
        assert_eq!(S::Draft.after(E::Accept), None);
        assert_eq!(S::Open.after(E::Send), None);
        assert_eq!(S::Accepted.after(E::Withdraw), None);
        assert_eq!(S::Open.after(E::Complete), None);
        for e in [E::Send, E::Fill, E::Unfill, E::Accept, E::Complete, E::Withdraw, E::Expire, E::Remove] {
            for end in [S::Withdrawn, S::Completed, S::Removed] {
                assert_eq!(end.after(e), None, "{end:?} {e:?}");
            }
        }
        // Only an open request takes quotes; providers never see drafts.
        assert_eq!(S::ALL.into_iter().filter(|s| s.takes_quotes()).collect::<Vec<_>>(), vec![S::Open]);
        assert!(!S::Draft.visible_to_providers() && !S::Withdrawn.visible_to_providers() && S::Expired.visible_to_providers());
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn quote_transitions() {
        assert_eq!(QuoteState::Submitted.after(QE::Revise), Some(QuoteState::Revised));
        assert_eq!(QuoteState::Revised.after(QE::Revise), Some(QuoteState::Revised));
        assert_eq!(QuoteState::Revised.after(QE::Accept), Some(QuoteState::Accepted));
        for done in [QuoteState::Accepted, QuoteState::Declined, QuoteState::Withdrawn, QuoteState::Expired, QuoteState::Superseded] {
            for e in [QE::Revise, QE::Accept, QE::Decline, QE::Withdraw, QE::Expire, QE::Supersede] {
                assert_eq!(done.after(e), None, "{done:?} {e:?}");
            }
        }
        for s in QuoteState::ALL {
            assert_eq!(QuoteState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn error_codes_round_trip() {
        for e in QuoteError::ALL {
            assert_eq!(QuoteError::from_code(e.code()), Some(e));
            assert!(!e.message().is_empty());
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap()
    }

    fn craft() -> QuoteInput {
        QuoteInput {
            price: "4.850,00".into(),
            price_type: "fixed".into(),
            included: "Material, Gerüst, Entsorgung".into(),
            valid_until: "2027-02-10".into(),
            earliest_start: "2027-03-01".into(),
            message: "Gern besichtigen wir vorher.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_quote_is_checked() {
        let q = QuoteDraft::parse(&craft(), None, today()).unwrap();
        assert_eq!((q.price_cents, q.price_type, q.esis), (485_000, PriceType::Fixed, None));
        let bad = |f: fn(&mut QuoteInput), e: QuoteError| {
            let mut i = craft();
            f(&mut i);
            assert_eq!(QuoteDraft::parse(&i, None, today()), Err(e));
        };
        bad(|i| i.price = "viel".into(), QuoteError::Price);
        bad(|i| i.price = "0".into(), QuoteError::Price);
        bad(|i| i.price_type = "cheap".into(), QuoteError::PriceType);
        bad(|i| i.included = " ".into(), QuoteError::Included);
        bad(|i| i.valid_until = "2027-01-09".into(), QuoteError::ValidUntil);
        bad(|i| i.earliest_start = "morgen".into(), QuoteError::EarliestStart);
        bad(|i| i.message = "a\u{0}b".into(), QuoteError::Message);
        // A visit may be free.
        let mut i = craft();
        i.price = "0".into();
        i.price_type = "inspection".into();
        assert!(QuoteDraft::parse(&i, None, today()).is_ok());
    }

    #[test]
    fn the_remaining_debt_follows_from_rate_and_instalment() {
        // 280,000 € at 3.5 % with 2 % initial repayment: 1,283.33 € a month.
        let monthly = 128_333;
        let left = remaining_debt(28_000_000, 350, monthly, 10);
        assert!((21_200_000..21_400_000).contains(&left), "{left}");
        assert_eq!(remaining_debt(10_000_00, 0, 100_00, 10), 0);
    }

    #[test]
    fn esis_figures_must_agree() {
        let terms = MortgageTerms { loan_cents: 28_000_000, fixed_years: 10 };
        let left = remaining_debt(28_000_000, 350, 128_333, 10);
        let good = QuoteInput {
            price: "1.283,33".into(),
            borrowing_rate: "3,50".into(),
            effective_rate: "3,56".into(),
            monthly: "1.283,33".into(),
            remaining: crate::i18n::decimal_in(crate::i18n::Locale::De, left, 2),
            total: "402.000".into(),
            ..craft()
        };
        let e = QuoteDraft::parse(&good, Some(terms), today()).unwrap().esis.unwrap();
        assert_eq!((e.borrowing_rate_bp, e.effective_rate_bp, e.fixed_years), (350, 356, 10));
        let bad = |f: fn(&mut QuoteInput), e: QuoteError| {
            let mut i = good.clone();
            f(&mut i);
            assert_eq!(QuoteDraft::parse(&i, Some(terms), today()), Err(e));
        };
        bad(|i| i.effective_rate = "3,40".into(), QuoteError::EsisEffective);
        bad(|i| i.borrowing_rate = "".into(), QuoteError::EsisRate);
        // Less than the interest: the debt would grow.
        bad(|i| i.monthly = "800".into(), QuoteError::EsisMonthly);
        bad(|i| i.remaining = "150.000".into(), QuoteError::EsisMismatch);
        bad(|i| i.remaining = "300.000".into(), QuoteError::EsisRemaining);
        bad(|i| i.total = "1.000".into(), QuoteError::EsisTotal);
    }
}
