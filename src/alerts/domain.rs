//! What a saved search is: its query by ids (the meaning survives renamed
//! slugs and reads the same in both languages), how often it mails, and
//! the rules of what counts as news — plain functions, tested here.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::t;
#[cfg(feature = "ssr")]
use crate::offers::domain::HousingKind;
use crate::offers::filters::ExtraFilters;
#[cfg(feature = "ssr")]
use crate::offers::query::{OfferFilter, OfferQuery, Sort};
#[cfg(feature = "ssr")]
use crate::reference::Reference;

/// The consent text a subscription was given under (shown on the form; the
/// version is stored with the subscription and in the data export).
pub const CONSENT_VERSION: &str = "alerts-2026-12";
/// Saved searches one account or address may keep.
pub const MAX_PER_PERSON: u64 = 30;
/// Unconfirmed subscriptions are deleted after this long.
pub const UNCONFIRMED_DAYS: i64 = 7;
pub const NAME_MAX_CHARS: usize = 80;

/// The list of one's saved searches.
pub const LIST: &str = "/suchauftraege";

/// Why a save was refused: a code for the page, the field it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveError {
    Filter,
    Name,
    Frequency,
    Email,
    Consent,
    Unverified,
    TooMany,
    RateLimited,
}

impl SaveError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Filter => "filter",
            Self::Name => "name",
            Self::Frequency => "haeufigkeit",
            Self::Email => "email",
            Self::Consent => "einwilligung",
            Self::Unverified => "unbestaetigt",
            Self::TooMany => "zu_viele",
            Self::RateLimited => "zu_oft",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Filter, Self::Name, Self::Frequency, Self::Email, Self::Consent, Self::Unverified, Self::TooMany, Self::RateLimited].into_iter().find(|e| e.code() == code)
    }

    pub fn message(self) -> &'static str {
        let x = crate::i18n::t();
        match self {
            Self::Filter => x.alerts_error_filter,
            Self::Name => x.alerts_error_name,
            Self::Frequency => x.alerts_error_frequency,
            Self::Email => x.account_error_email,
            Self::Consent => x.alerts_error_consent,
            Self::Unverified => x.error_unverified,
            Self::TooMany => x.alerts_error_too_many,
            Self::RateLimited => x.error_rate_limited,
        }
    }
}

/// A list query by ids: what the results page's URL says, resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedQuery {
    pub category_id: Option<i32>,
    pub bezirk_id: Option<i32>,
    pub stadtteil_id: Option<i32>,
    pub text: Option<String>,
    pub extra: ExtraFilters,
    pub project_id: Option<i32>,
    /// Only this provider's offers (`anbieter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<i32>,
}

#[cfg(feature = "ssr")]
impl SavedQuery {
    /// Validates the filter as the list does and keeps its ids.
    pub fn from_filter(f: &OfferFilter, r: &Reference) -> Result<Self, AppError> {
        let q = OfferQuery::from_filter(f, &r.categories, &r.districts)?;
        let category_id = f.kategorie.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|s| r.categories.by_slug(s)).map(|c| c.id);
        Ok(Self { category_id, bezirk_id: q.bezirk_id, stadtteil_id: q.stadtteil_id, text: q.text, extra: q.extra, project_id: q.project_id, provider_id: q.provider_id })
    }

    /// The list query it stands for, newest first.
    pub fn to_query(&self, r: &Reference) -> OfferQuery {
        OfferQuery {
            category_ids: self.category_id.map(|c| r.categories.with_descendants(c)),
            bezirk_id: self.bezirk_id,
            stadtteil_id: self.stadtteil_id,
            text: self.text.clone(),
            extra: self.extra.clone(),
            project_id: self.project_id,
            provider_id: self.provider_id,
            sort: Sort::Newest,
            page: 1,
        }
    }

    /// The results page's filter with today's slugs.
    pub fn to_filter(&self, r: &Reference) -> OfferFilter {
        let x = &self.extra;
        OfferFilter {
            kategorie: self.category_id.and_then(|c| r.categories.by_id(c)).map(|c| c.slug.clone()),
            bezirk: self.bezirk_id.and_then(|b| r.districts.bezirk(b)).map(|b| b.slug.clone()),
            stadtteil: self.stadtteil_id.and_then(|s| r.districts.stadtteil(s)).map(|s| s.slug.clone()),
            q: self.text.clone(),
            preis_von: x.price_from_cents.map(|c| decimal(c, 2)),
            preis_bis: x.price_to_cents.map(|c| decimal(c, 2)),
            eigentum: x.ownership.map(|o| o.as_str().to_owned()),
            bewertung_ab: x.min_rating.map(|m| decimal((m * 10.0).round() as i64, 1)),
            vermarktung: x.housing_kind.map(|k| match k {
                HousingKind::Buy => "kaufen".to_owned(),
                HousingKind::Rent => "mieten".to_owned(),
            }),
            zimmer_ab: x.min_rooms_tenths.map(|v| decimal(v as i64, 1)),
            flaeche_ab: x.min_area_centi_m2.map(|v| decimal(v as i64, 2)),
            projekt: self.project_id.map(|p| p.to_string()),
            anbieter: self.provider_id.map(|p| p.to_string()),
            sortierung: Some(Sort::Newest.slug().to_owned()),
            seite: None,
        }
    }

    /// A short description for names and lists: "Wohnung · Mitte · bis 900 €".
    /// `provider`: the name of the provider it is narrowed to
    /// (`store::provider_names`), shown as "nur <name>".
    pub fn summary(&self, r: &Reference, l: crate::i18n::Locale, provider: Option<&str>) -> String {
        let x = l.texts();
        let mut parts = Vec::new();
        if let Some(q) = &self.text {
            parts.push(format!("„{q}“"));
        }
        if let Some(c) = self.category_id.and_then(|c| r.categories.by_id(c)) {
            parts.push(c.label_in(l));
        }
        match (self.stadtteil_id.and_then(|s| r.districts.stadtteil(s)), self.bezirk_id.and_then(|b| r.districts.bezirk(b))) {
            (Some(s), _) => parts.push(s.name.clone()),
            (None, Some(b)) => parts.push(b.name.clone()),
            _ => {}
        }
        if let Some(c) = self.extra.price_from_cents {
            parts.push(format!("{} {}", x.alerts_price_from, crate::i18n::euro_in(l, c)));
        }
        if let Some(c) = self.extra.price_to_cents {
            parts.push(format!("{} {}", x.alerts_price_to, crate::i18n::euro_in(l, c)));
        }
        if let Some(v) = self.extra.min_rooms_tenths {
            parts.push(x.alerts_rooms_from.replace("{n}", &decimal(v as i64, 1)));
        }
        match (self.provider_id, provider) {
            (Some(_), Some(name)) => parts.push(x.alerts_only_provider.replace("{name}", name)),
            (Some(_), None) => parts.push(x.alerts_one_provider.to_owned()),
            _ => {}
        }
        if parts.is_empty() {
            x.alerts_everything.to_owned()
        } else {
            parts.join(" · ")
        }
    }

}

impl SavedQuery {
    /// Whether a price drop from `old` to `new` brings an offer into this
    /// search's price range: it counts as new only then (an offer already
    /// in range was news when it appeared).
    pub fn drop_enters_range(&self, old: i64, new: i64) -> bool {
        let in_range = |p: i64| self.extra.price_from_cents.is_none_or(|m| p >= m) && self.extra.price_to_cents.is_none_or(|m| p <= m);
        new < old && in_range(new) && !in_range(old)
    }
}

/// A number in German notation without thousands marks ("2,5", "1200").
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn decimal(v: i64, scale: u32) -> String {
    let unit = 10i64.pow(scale);
    let (whole, frac) = (v / unit, v % unit);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:0width$}", width = scale as usize);
    format!("{whole},{}", digits.trim_end_matches('0'))
}

/// How often a saved search mails what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    /// As found, at most one mail an hour.
    Instant,
    Daily,
    Weekly,
    /// No mail: the in-app list and the feed only.
    App,
}

impl Frequency {
    pub const ALL: [Frequency; 4] = [Self::Instant, Self::Daily, Self::Weekly, Self::App];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Instant => "instant",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::App => "app",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Instant => t().alerts_freq_instant,
            Self::Daily => t().alerts_freq_daily,
            Self::Weekly => t().alerts_freq_weekly,
            Self::App => t().alerts_freq_app,
        }
    }

    /// The least time between two mails; None: never mailed.
    pub fn interval(self) -> Option<Duration> {
        match self {
            Self::Instant => Some(Duration::hours(1)),
            Self::Daily => Some(Duration::hours(24)),
            Self::Weekly => Some(Duration::days(7)),
            Self::App => None,
        }
    }

    /// Whether a mail may go now, the last one having gone at `last`.
    pub fn due(self, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        match (self.interval(), last) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(i), Some(last)) => now - last >= i,
        }
    }
}

/// A saved search's name: trimmed, 1 to 80 characters, no control characters.
/// Left empty, the search's summary (`fallback`), shortened to fit: a long
/// text or provider name must not make saving fail.
pub fn parse_name(raw: &str, fallback: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() {
        let summary: String = fallback.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if summary.chars().count() <= NAME_MAX_CHARS {
            return Ok(summary);
        }
        return Ok(summary.chars().take(NAME_MAX_CHARS - 1).collect::<String>().trim_end().to_owned() + "…");
    }
    if name.chars().count() > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(AppError::invalid("name", t().alerts_error_name));
    }
    Ok(name.to_owned())
}

/// What the alert matcher saw happen to an offer between two looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Published for the first time, or again after being archived.
    Published { again: bool },
    /// Still published, at a lower price.
    PriceDrop { from: i64, to: i64 },
    /// No longer published (archived, sold, hidden, deleted).
    Gone,
    /// Nothing an alert is about (a draft saved, a price raised).
    Quiet,
}

pub const PUBLISHED: &str = "published";

/// Classifies a change of (status, price); `before` None: never seen.
pub fn classify(before: Option<(&str, Option<i64>)>, status: &str, price: Option<i64>) -> Event {
    let now_public = status == PUBLISHED;
    match before {
        None if now_public => Event::Published { again: false },
        None => Event::Quiet,
        // Back from the archive or a moderator's hide: available again.
        Some((old, _)) if now_public && old != PUBLISHED => Event::Published { again: old != "draft" },
        Some((old, _)) if !now_public && old == PUBLISHED => Event::Gone,
        Some((_, Some(from))) if now_public => match price {
            Some(to) if to < from => Event::PriceDrop { from, to },
            _ => Event::Quiet,
        },
        Some(_) => Event::Quiet,
    }
}

/// Whether a favourite's holder hears of `event` now: never twice for one
/// price, at most once a day per offer.
pub fn favourite_alert(event: Event, last_price: Option<i64>, last_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    if last_at.is_some_and(|at| now - at < Duration::hours(24)) {
        return false;
    }
    match event {
        Event::PriceDrop { to, .. } => last_price != Some(to),
        Event::Published { again } => again,
        Event::Gone => true,
        Event::Quiet => false,
    }
}

#[cfg(test)]
#[path = "domain_tests.rs"]
mod tests;
