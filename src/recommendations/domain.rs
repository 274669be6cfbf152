//! Recommendation rules: the form's limits, the shared key of firms that are
//! not on the platform, and the published ranking formula.
use serde::{Deserialize, Serialize};

use crate::categories::CategoryTree;
use crate::i18n::t;
use crate::offers::draft::FieldErrors;

/// Length limits in characters (min, max).
pub const REASON_CHARS: (usize, usize) = (10, 600);
pub const NAME_CHARS: (usize, usize) = (2, 120);
pub const TOWN_CHARS: (usize, usize) = (2, 80);
pub const WEBSITE_CHARS: usize = 200;
/// A half-life in days: a recommendation's weight halves every 30 days.
pub const HALF_LIFE_DAYS: f64 = 30.0;

/// The form as typed (all fields text, as a browser sends them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendForm {
    /// Category slug.
    #[serde(default)]
    pub kategorie: String,
    /// A provider's id, or "extern" for a firm that is not on the platform.
    #[serde(default)]
    pub anbieter: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ort: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub begruendung: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Listed(i32),
    Unlisted { name: String, town: String, website: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendDraft {
    pub category_id: i32,
    pub target: Target,
    pub reason: String,
}

/// Any Unicode is welcome, except U+0000, which PostgreSQL cannot store.
fn text(field: &'static str, v: &str, (min, max): (usize, usize), errors: &mut FieldErrors) -> String {
    let v = v.trim().to_owned();
    let n = v.chars().count();
    if n < min || n > max {
        errors.push((field, t().rec_error_length.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())));
    } else if v.contains('\0') {
        errors.push((field, t().rec_error_nul.to_owned()));
    }
    v
}

/// A website must be an absolute http(s) address without spaces.
pub fn valid_website(w: &str) -> bool {
    let rest = w.strip_prefix("https://").or_else(|| w.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    }) && w.chars().count() <= WEBSITE_CHARS
        && !w.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

impl RecommendDraft {
    pub fn parse(f: &RecommendForm, cats: &CategoryTree) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let category_id = cats.by_slug(f.kategorie.trim()).map(|c| c.id);
        if category_id.is_none() {
            errors.push(("kategorie", t().rec_error_category.to_owned()));
        }
        let target = match f.anbieter.trim() {
            "extern" => {
                let name = text("name", &f.name, NAME_CHARS, &mut errors);
                let town = text("ort", &f.ort, TOWN_CHARS, &mut errors);
                let website = Some(f.website.trim().to_owned()).filter(|w| !w.is_empty());
                if website.as_deref().is_some_and(|w| !valid_website(w)) {
                    errors.push(("website", t().rec_error_website.replace("{max}", &WEBSITE_CHARS.to_string())));
                }
                Some(Target::Unlisted { name, town, website })
            }
            id => match id.parse::<i32>() {
                Ok(id) if id > 0 => Some(Target::Listed(id)),
                _ => {
                    errors.push(("anbieter", t().rec_error_provider.to_owned()));
                    None
                }
            },
        };
        let reason = text("begruendung", &f.begruendung, REASON_CHARS, &mut errors);
        match (category_id, target) {
            (Some(category_id), Some(target)) if errors.is_empty() => Ok(Self { category_id, target, reason }),
            _ => Err(errors),
        }
    }
}

/// Legal forms and fillers that do not tell two firms apart.
const NOISE: &[&str] = &[
    "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug", "gbr", "ek", "eg", "ev", "se", "partg", "mbb", "e", "k", "g", "v", "co", "und", "haftungsbeschränkt", "inh",
];

fn normalize(s: &str) -> String {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !NOISE.contains(w)).collect();
    if words.is_empty() {
        // Only noise or punctuation: keep it verbatim rather than merging all such names.
        lower.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        words.join(" ")
    }
}

/// "Bäckerei Muster GmbH", "Duisburg" and "bäckerei  muster", "DUISBURG"
/// are the same firm: one entry that both recommendations share.
pub fn unlisted_key(name: &str, town: &str) -> String {
    format!("{}|{}", normalize(name), normalize(town))
}

/// The published ranking: `(1 + seconds) × 0.5^(age in days ÷ 30)`.
/// Every second counts as much as the recommendation itself; the weight
/// halves every 30 days, so fresh advice rises and old advice needs
/// seconds to stay on top.
pub fn score(seconds: u64, age_days: f64) -> f64 {
    (1.0 + seconds as f64) * 0.5f64.powf(age_days.max(0.0) / HALF_LIFE_DAYS)
}

/// What the provider of a recommendation is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderRef {
    Listed { id: i32, slug: String, name: String },
    Unlisted { id: i32, name: String, town: String, website: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub id: i32,
    pub author_name: String,
    pub category_id: i32,
    /// "Finanzen › Baufinanzierung", filled in by the server function.
    pub category: String,
    pub reason: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub seconds: u64,
    pub provider: ProviderRef,
    /// The viewer wrote it.
    pub mine: bool,
    /// The viewer seconded it.
    pub seconded: bool,
}

/// Highest score first; on a tie the newer, then the higher id.
pub fn rank(list: &mut [RecommendationView], now: chrono::DateTime<chrono::Utc>) {
    let s = |r: &RecommendationView| score(r.seconds, (now - r.created_at).num_seconds() as f64 / 86_400.0);
    list.sort_by(|a, b| s(b).total_cmp(&s(a)).then(b.created_at.cmp(&a.created_at)).then(b.id.cmp(&a.id)));
}

/// A claim's state.
pub const CLAIM_PENDING: &str = "pending";
pub const CLAIM_APPROVED: &str = "approved";
pub const CLAIM_REJECTED: &str = "rejected";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    pub id: i32,
    pub unlisted_name: String,
    pub unlisted_town: String,
    pub claimant: String,
    pub provider_name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categories::Category;
    use chrono::{Duration, Utc};

    fn cats() -> CategoryTree {
        CategoryTree { all: vec![Category { id: 7, parent_id: None, slug: "finanzen".into(), name: "Finanzen".into() }] }
    }

    fn form() -> RecommendForm {
        RecommendForm {
            kategorie: "finanzen".into(),
            anbieter: "extern".into(),
            name: " Beispielbank Nord ".into(),
            ort: "Duisburg".into(),
            website: "https://beispielbank.example/kontakt".into(),
            begruendung: "Sehr gute Beratung zur Baufinanzierung.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_unlisted_recommendation() {
        let d = RecommendDraft::parse(&form(), &cats()).unwrap();
        assert_eq!(d.category_id, 7);
        assert_eq!(d.target, Target::Unlisted { name: "Beispielbank Nord".into(), town: "Duisburg".into(), website: Some("https://beispielbank.example/kontakt".into()) });
    }

    #[test]
    fn limits_are_named_in_the_message() {
        let long = RecommendForm { begruendung: "x".repeat(REASON_CHARS.1 + 1), name: "B".into(), ..form() };
        let errors = RecommendDraft::parse(&long, &cats()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "begruendung"]);
        assert!(errors[1].1.contains("600") && errors[1].1.contains("10"), "{}", errors[1].1);
        // Exactly the maximum is fine, counted in characters, not bytes.
        let max = RecommendForm { begruendung: "ä".repeat(REASON_CHARS.1), ..form() };
        assert!(RecommendDraft::parse(&max, &cats()).is_ok());
        let nul = RecommendForm { begruendung: "Gute Beratung\0 wirklich".into(), ..form() };
        assert_eq!(RecommendDraft::parse(&nul, &cats()).unwrap_err()[0].0, "begruendung");
    }

    #[test]
    fn targets_and_websites() {
        let listed = RecommendForm { anbieter: "12".into(), name: String::new(), ..form() };
        assert_eq!(RecommendDraft::parse(&listed, &cats()).unwrap().target, Target::Listed(12));
        let none = RecommendForm { anbieter: "abc".into(), ..form() };
        assert_eq!(RecommendDraft::parse(&none, &cats()).unwrap_err()[0].0, "anbieter");
        assert_eq!(RecommendDraft::parse(&RecommendForm { anbieter: String::new(), ..form() }, &cats()).unwrap_err()[0].0, "anbieter");
        for bad in ["javascript:alert(1)", "https://", "http://localhost", "https://a b.example", "https://x.example/\"><script>"] {
            let f = RecommendForm { website: bad.into(), ..form() };
            assert_eq!(RecommendDraft::parse(&f, &cats()).unwrap_err()[0].0, "website", "{bad}");
        }
        let unknown = RecommendForm { kategorie: "gibt-es-nicht".into(), ..form() };
        assert_eq!(RecommendDraft::parse(&unknown, &cats()).unwrap_err()[0].0, "kategorie");
    }

    #[test]
    fn the_same_firm_shares_one_key() {
        assert_eq!(unlisted_key("Bäckerei Muster GmbH", "Duisburg"), unlisted_key("  bäckerei   MUSTER ", "DUISBURG"));
        assert_eq!(unlisted_key("Muster & Co. KG", "Duisburg-Ruhrort"), unlisted_key("muster", "duisburg ruhrort"));
        assert_eq!(unlisted_key("Beispielbank eG", "Duisburg"), unlisted_key("Beispielbank e. G.", "Duisburg"));
        assert_ne!(unlisted_key("Bäckerei Muster", "Duisburg"), unlisted_key("Bäckerei Muster", "Moers"));
        assert_ne!(unlisted_key("Muster Nord", "Duisburg"), unlisted_key("Muster Süd", "Duisburg"));
        // Names that are only punctuation stay distinct from each other.
        assert_ne!(unlisted_key("!!", "Duisburg"), unlisted_key("??", "Duisburg"));
    }

    #[test]
    fn the_published_formula() {
        assert!((score(0, 0.0) - 1.0).abs() < 1e-9);
        assert!((score(3, 30.0) - 2.0).abs() < 1e-9, "four votes, halved once");
        assert!((score(1, 60.0) - 0.5).abs() < 1e-9);
        // More seconds win at the same age, fresher wins at the same seconds.
        assert!(score(2, 5.0) > score(1, 5.0));
        assert!(score(2, 5.0) > score(2, 6.0));
    }

    fn view(id: i32, seconds: u64, days_old: i64, now: chrono::DateTime<Utc>) -> RecommendationView {
        RecommendationView {
            id,
            author_name: "A".into(),
            category_id: 7,
            category: String::new(),
            reason: "r".into(),
            created_at: now - Duration::days(days_old),
            seconds,
            provider: ProviderRef::Listed { id: 1, slug: "p".into(), name: "P".into() },
            mine: false,
            seconded: false,
        }
    }

    #[test]
    fn ranking_order() {
        let now = Utc::now();
        // 10 seconds 60 days ago: 11/4 = 2.75; 1 second today: 2; none today: 1;
        // none 90 days ago: 0.125; a tie between 1 and 5 goes to the newer id.
        let mut list = vec![view(1, 0, 0, now), view(2, 10, 60, now), view(3, 1, 0, now), view(4, 0, 90, now), view(5, 0, 0, now)];
        rank(&mut list, now);
        let order: Vec<i32> = list.iter().map(|r| r.id).collect();
        assert_eq!(order, [2, 3, 5, 1, 4]);
    }
}

/// Why a well-formed recommendation or second was refused; travels back to
/// the page as a short code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// One recommendation per person, provider and category.
    Duplicate,
    /// Members cannot recommend or second their own provider.
    OwnProvider,
    /// Nobody seconds their own recommendation.
    OwnRecommendation,
    UnknownProvider,
    NotFound,
    RateLimited,
    Input,
    /// Recommending and seconding need a confirmed e-mail address.
    Unconfirmed,
    Internal,
}

impl Refusal {
    pub const ALL: [Refusal; 9] = [
        Self::Duplicate, Self::OwnProvider, Self::OwnRecommendation, Self::UnknownProvider, Self::NotFound, Self::RateLimited, Self::Input,
        Self::Unconfirmed, Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Duplicate => "doppelt",
            Self::OwnProvider => "eigener-anbieter",
            Self::OwnRecommendation => "eigene-empfehlung",
            Self::UnknownProvider => "anbieter",
            Self::NotFound => "unbekannt",
            Self::RateLimited => "limit",
            Self::Input => "eingabe",
            Self::Unconfirmed => "unbestaetigt",
            Self::Internal => "intern",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Duplicate => t().rec_refused_duplicate,
            Self::OwnProvider => t().rec_refused_own_provider,
            Self::OwnRecommendation => t().rec_refused_own_recommendation,
            Self::UnknownProvider => t().rec_error_provider,
            Self::NotFound => t().rec_refused_not_found,
            Self::RateLimited => t().rec_refused_rate_limited,
            Self::Input => t().rec_refused_input,
            Self::Unconfirmed => t().error_unverified,
            Self::Internal => t().error_internal,
        }
    }
}
