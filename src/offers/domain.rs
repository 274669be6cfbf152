//! Offer rules: price models, housing facts, and the validated list filter.
use serde::{Deserialize, Serialize};

use crate::categories::CategoryTree;
use crate::i18n;
use super::filters::{ExtraFilters, RawExtra};
use crate::common::paging::parse_page;
use crate::common::url_key::encode;
use crate::districts::Districts;
use crate::error::AppError;
use crate::providers::domain::{Ownership, ProviderSummary};
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceModel {
    Fixed,
    From,
    PerMonth,
    PerHour,
    OnRequest,
}

impl PriceModel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::From => "from",
            Self::PerMonth => "per_month",
            Self::PerHour => "per_hour",
            Self::OnRequest => "on_request",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "fixed" => Some(Self::Fixed),
            "from" => Some(Self::From),
            "per_month" => Some(Self::PerMonth),
            "per_hour" => Some(Self::PerHour),
            "on_request" => Some(Self::OnRequest),
            _ => None,
        }
    }
}

/// A price as the resident reads it: "ab 1.200 €", "55 € / Std.".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub model: PriceModel,
    pub cents: Option<i64>,
}

impl Price {
    pub fn label(&self) -> String {
        let Some(cents) = self.cents.filter(|_| self.model != PriceModel::OnRequest) else {
            return t().price_on_request.to_owned();
        };
        let amount = i18n::euro(cents);
        match self.model {
            PriceModel::Fixed => amount,
            PriceModel::From => format!("{} {amount}", t().price_from),
            PriceModel::PerMonth => format!("{amount} {}", t().price_per_month),
            PriceModel::PerHour => format!("{amount} {}", t().price_per_hour),
            PriceModel::OnRequest => t().price_on_request.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HousingKind {
    Buy,
    Rent,
}

impl HousingKind {
    pub const ALL: [HousingKind; 2] = [HousingKind::Buy, HousingKind::Rent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buy => "buy",
            Self::Rent => "rent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "buy" => Some(Self::Buy),
            "rent" => Some(Self::Rent),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Buy => t().housing_buy,
            Self::Rent => t().housing_rent,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HousingFacts {
    pub kind: HousingKind,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
}

impl HousingFacts {
    /// Price per m² of living area in cents, rounded; None without both.
    pub fn price_per_m2_cents(&self, price: &Price) -> Option<i64> {
        let cents = price.cents?;
        let area = self.living_area_centi_m2.filter(|a| *a > 0)? as i64;
        // cents / (area / 100) = cents * 100 / area, rounded half up.
        Some((cents * 100 + area / 2) / area)
    }
}

/// An offer as a result card shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferCard {
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub price: Price,
    pub category: String,
    pub provider: ProviderSummary,
    /// Stadtteil for housing, else the served area.
    pub place: String,
    pub housing: Option<HousingFacts>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Why it stands where it stands, when the list was ranked.
    pub rank: Option<crate::search::ranking::ScoreParts>,
    /// The first of the offer's photos.
    #[serde(default)]
    pub cover: Option<crate::photos::domain::PhotoView>,
    /// The new-build project the offer is a unit of.
    #[serde(default)]
    pub project: Option<crate::projects::domain::ProjectRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferDetail {
    pub card: OfferCard,
    pub description: String,
    pub category_slug: String,
    pub service_area: Vec<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Housing only: the exposé's further facts and sections.
    #[serde(default)]
    pub expose: Option<crate::housing::details::ExposeDetails>,
}

/// The list filter as it arrives from the URL (`?kategorie=…&bezirk=…&seite=…`).
/// The open data API takes the very same parameters, so the field docs are
/// its parameter docs too. Empty values mean "no filter".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct OfferFilter {
    /// Category slug (see `/api/v1/categories`); a top-level category includes its subcategories.
    #[cfg_attr(feature = "ssr", param(example = "handwerk"))]
    pub kategorie: Option<String>,
    /// Stadtbezirk slug (see `/api/v1/districts`): offers serving it and city-wide offers.
    #[cfg_attr(feature = "ssr", param(example = "mitte"))]
    pub bezirk: Option<String>,
    /// Stadtteil slug (see `/api/v1/districts`): housing there plus the
    /// services of its Stadtbezirk; must lie in `bezirk` when both are given.
    #[cfg_attr(feature = "ssr", param(example = "hochfeld"))]
    pub stadtteil: Option<String>,
    /// Full-text search, at most 100 characters; tolerates typos.
    #[cfg_attr(feature = "ssr", param(example = "Dach"))]
    pub q: Option<String>,
    /// Minimum price in euros, German or English notation (`1.200`, `49,90`, `49.90`).
    #[cfg_attr(feature = "ssr", param(example = "50"))]
    pub preis_von: Option<String>,
    /// Maximum price in euros, like `preis_von`; not below it.
    #[cfg_attr(feature = "ssr", param(example = "1.200"))]
    pub preis_bis: Option<String>,
    /// Ownership of the provider: `private`, `cooperative` or `municipal`.
    #[cfg_attr(feature = "ssr", param(schema_with = crate::api::params::eigentum))]
    pub eigentum: Option<String>,
    /// Minimum average star rating of the provider, 1 to 5 (`4,5` or `4.5`).
    #[cfg_attr(feature = "ssr", param(example = "4"))]
    pub bewertung_ab: Option<String>,
    /// Housing offers only: `kaufen` (buy) or `mieten` (rent).
    #[cfg_attr(feature = "ssr", param(schema_with = crate::api::params::vermarktung))]
    pub vermarktung: Option<String>,
    /// Minimum number of rooms (`2,5` or `2.5`).
    #[cfg_attr(feature = "ssr", param(example = "3"))]
    pub zimmer_ab: Option<String>,
    /// Minimum living area in m².
    #[cfg_attr(feature = "ssr", param(example = "60"))]
    pub flaeche_ab: Option<String>,
    /// New-build project id (`projekt` on an offer): only that project's units.
    #[cfg_attr(feature = "ssr", param(example = "1"))]
    pub projekt: Option<String>,
    /// Order: `relevanz` (default, the published ranking), `preis-aufsteigend`,
    /// `preis-absteigend`, `bewertung`, `neueste`.
    #[cfg_attr(feature = "ssr", param(schema_with = crate::api::params::sortierung))]
    pub sortierung: Option<String>,
    /// Page number, 1 to 500.
    #[cfg_attr(feature = "ssr", param(schema_with = crate::api::params::seite))]
    pub seite: Option<String>,
}

impl OfferFilter {
    /// The query string for this filter with another page, "" for none.
    pub fn to_query(&self, page: Option<u64>) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: &Option<String>| {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", encode(v)));
            }
        };
        push("q", &self.q);
        push("kategorie", &self.kategorie);
        push("bezirk", &self.bezirk);
        push("stadtteil", &self.stadtteil);
        push("preis_von", &self.preis_von);
        push("preis_bis", &self.preis_bis);
        push("eigentum", &self.eigentum);
        push("bewertung_ab", &self.bewertung_ab);
        push("vermarktung", &self.vermarktung);
        push("zimmer_ab", &self.zimmer_ab);
        push("flaeche_ab", &self.flaeche_ab);
        push("projekt", &self.projekt);
        push("sortierung", &self.sortierung);
        if let Some(p) = page.filter(|p| *p > 1) {
            parts.push(format!("seite={p}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}


pub const MAX_QUERY_CHARS: usize = 100;

/// How a list is ordered; relevance follows the published ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Rating,
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Relevance, Sort::PriceAsc, Sort::PriceDesc, Sort::Rating, Sort::Newest];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Relevance => "relevanz",
            Self::PriceAsc => "preis-aufsteigend",
            Self::PriceDesc => "preis-absteigend",
            Self::Rating => "bewertung",
            Self::Newest => "neueste",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Relevance => t().sort_relevance,
            Self::PriceAsc => t().sort_price_asc,
            Self::PriceDesc => t().sort_price_desc,
            Self::Rating => t().sort_rating,
            Self::Newest => t().sort_newest,
        }
    }
}

/// A validated filter: ids resolved, page checked.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferQuery {
    pub category_ids: Option<Vec<i32>>,
    pub bezirk_id: Option<i32>,
    /// Narrows the Stadtbezirk (which it implies) to one Stadtteil.
    pub stadtteil_id: Option<i32>,
    pub text: Option<String>,
    pub extra: ExtraFilters,
    /// Only the units of this new-build project.
    pub project_id: Option<i32>,
    pub sort: Sort,
    pub page: u64,
}

impl OfferQuery {
    /// Every published offer.
    pub fn all() -> Self {
        Self { category_ids: None, bezirk_id: None, stadtteil_id: None, text: None, extra: ExtraFilters::default(), project_id: None, sort: Sort::Newest, page: 1 }
    }

    pub fn from_filter(f: &OfferFilter, cats: &CategoryTree, districts: &Districts) -> Result<Self, AppError> {
        let non_empty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let category_ids = match non_empty(&f.kategorie) {
            Some(slug) => Some(
                cats.by_slug(&slug)
                    .map(|c| cats.with_descendants(c.id))
                    .ok_or_else(|| AppError::invalid("kategorie", t().error_unknown_category))?,
            ),
            None => None,
        };
        let mut bezirk_id = match non_empty(&f.bezirk) {
            Some(slug) => Some(
                districts.bezirk_by_slug(&slug).map(|b| b.id).ok_or_else(|| AppError::invalid("bezirk", t().error_unknown_district))?,
            ),
            None => None,
        };
        let stadtteil_id = match non_empty(&f.stadtteil) {
            Some(slug) => {
                let st = districts.stadtteil_by_slug(&slug).ok_or_else(|| AppError::invalid("stadtteil", t().error_unknown_stadtteil))?;
                if bezirk_id.is_some_and(|b| b != st.bezirk_id) {
                    return Err(AppError::invalid("stadtteil", t().error_stadtteil_not_in_bezirk));
                }
                bezirk_id = Some(st.bezirk_id);
                Some(st.id)
            }
            None => None,
        };
        let page = parse_page(f.seite.as_deref())?;
        let sort = match non_empty(&f.sortierung) {
            Some(s) => Sort::parse(&s).ok_or_else(|| AppError::invalid("sortierung", t().error_unknown_sort))?,
            None => Sort::default(),
        };
        let text = non_empty(&f.q);
        if text.as_ref().is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS) {
            return Err(AppError::invalid("q", t().error_query_too_long));
        }
        let extra = ExtraFilters::parse(&RawExtra {
            preis_von: f.preis_von.as_deref(),
            preis_bis: f.preis_bis.as_deref(),
            eigentum: f.eigentum.as_deref(),
            bewertung_ab: f.bewertung_ab.as_deref(),
            vermarktung: f.vermarktung.as_deref(),
            zimmer_ab: f.zimmer_ab.as_deref(),
            flaeche_ab: f.flaeche_ab.as_deref(),
        })?;
        let project_id = match non_empty(&f.projekt) {
            Some(p) => Some(p.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| AppError::invalid("projekt", t().error_bad_id))?),
            None => None,
        };
        Ok(Self { category_ids, bezirk_id, stadtteil_id, text, extra, project_id, sort, page })
    }
}

/// Counts next to every filter value for the current query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub categories: Vec<crate::categories::CategoryCount>,
    pub bezirke: Vec<crate::districts::BezirkCount>,
    /// Stadtteil slug → offers available there.
    pub stadtteile: Vec<(String, u64)>,
    pub ownership: Vec<(Ownership, u64)>,
    /// Minimum rating in tenths of a star → offers of providers rated at least that.
    pub min_rating: Vec<(i64, u64)>,
    pub housing_kinds: Vec<(HousingKind, u64)>,
}

impl Facets {
    pub fn category(&self, slug: &str) -> Option<u64> {
        self.categories.iter().find_map(|c| {
            if c.category.slug == slug {
                Some(c.count)
            } else {
                c.children.iter().find(|(child, _)| child.slug == slug).map(|(_, n)| *n)
            }
        })
    }

    pub fn stadtteil(&self, slug: &str) -> Option<u64> {
        self.stadtteile.iter().find(|(s, _)| s == slug).map(|(_, n)| *n)
    }

    pub fn ownership(&self, o: Ownership) -> Option<u64> {
        self.ownership.iter().find(|(x, _)| *x == o).map(|(_, n)| *n)
    }

    pub fn min_rating(&self, tenths: i64) -> Option<u64> {
        self.min_rating.iter().find(|(x, _)| *x == tenths).map(|(_, n)| *n)
    }

    pub fn housing_kind(&self, k: HousingKind) -> Option<u64> {
        self.housing_kinds.iter().find(|(x, _)| *x == k).map(|(_, n)| *n)
    }

    pub fn bezirk(&self, slug: &str) -> Option<u64> {
        self.bezirke.iter().find(|b| b.bezirk.slug == slug).map(|b| b.count)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferListPage {
    pub offers: Vec<OfferCard>,
    pub paging: crate::common::paging::Paging,
    pub facets: Facets,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categories::Category;
    use crate::districts::Bezirk;

    #[test]
    fn price_labels() {
        let p = |model, cents| Price { model, cents }.label();
        assert_eq!(p(PriceModel::Fixed, Some(28_900_000)), "289.000\u{a0}€");
        assert_eq!(p(PriceModel::From, Some(120_000)), "ab 1.200\u{a0}€");
        assert_eq!(p(PriceModel::PerMonth, Some(65_050)), "650,50\u{a0}€ / Monat");
        assert_eq!(p(PriceModel::PerHour, Some(5_500)), "55\u{a0}€ / Std.");
        assert_eq!(p(PriceModel::OnRequest, Some(5)), "Preis auf Anfrage");
        assert_eq!(p(PriceModel::Fixed, None), "Preis auf Anfrage");
    }

    #[test]
    fn price_per_square_metre() {
        let h = HousingFacts { kind: HousingKind::Rent, rooms_tenths: Some(30), living_area_centi_m2: Some(7250), plot_area_centi_m2: None, energy_class: None };
        let rent = Price { model: PriceModel::PerMonth, cents: Some(58_000) };
        assert_eq!(h.price_per_m2_cents(&rent), Some(800));
        assert_eq!(h.price_per_m2_cents(&Price { model: PriceModel::OnRequest, cents: None }), None);
    }

    fn refs() -> (CategoryTree, Districts) {
        let c = |id, parent_id, slug: &str| Category { id, parent_id, slug: slug.into(), name: slug.into() };
        let cats = CategoryTree { all: vec![c(1, None, "wohnen"), c(2, Some(1), "wohnen-mieten")] };
        let d = Districts { bezirke: vec![Bezirk { id: 5, slug: "mitte".into(), name: "Mitte".into() }], stadtteile: vec![] };
        (cats, d)
    }

    #[test]
    fn filter_validation() {
        let (cats, d) = refs();
        let f = OfferFilter { kategorie: Some("wohnen".into()), bezirk: Some("mitte".into()), seite: Some("2".into()), ..Default::default() };
        let q = OfferQuery::from_filter(&f, &cats, &d).expect("valid");
        assert_eq!(q.category_ids, Some(vec![1, 2]));
        assert_eq!((q.bezirk_id, q.page), (Some(5), 2));

        let bad = |f: OfferFilter| OfferQuery::from_filter(&f, &cats, &d).unwrap_err();
        assert!(matches!(bad(OfferFilter { kategorie: Some("x".into()), ..Default::default() }), AppError::Invalid { field, .. } if field == "kategorie"));
        assert!(matches!(bad(OfferFilter { bezirk: Some("x".into()), ..Default::default() }), AppError::Invalid { field, .. } if field == "bezirk"));
        assert!(matches!(bad(OfferFilter { seite: Some("0".into()), ..Default::default() }), AppError::Invalid { field, .. } if field == "seite"));
        assert!(matches!(bad(OfferFilter { seite: Some("abc".into()), ..Default::default() }), AppError::Invalid { .. }));
        assert!(matches!(bad(OfferFilter { q: Some("x".repeat(101)), ..Default::default() }), AppError::Invalid { field, .. } if field == "q"));
        // Empty values mean "no filter".
        let empty = OfferFilter { kategorie: Some(" ".into()), bezirk: Some(String::new()), ..Default::default() };
        assert!(matches!(bad(OfferFilter { sortierung: Some("billig".into()), ..Default::default() }), AppError::Invalid { field, .. } if field == "sortierung"));
        assert!(matches!(bad(OfferFilter { projekt: Some("eins".into()), ..Default::default() }), AppError::Invalid { field, .. } if field == "projekt"));
        let sorted = OfferFilter { sortierung: Some("preis-absteigend".into()), ..Default::default() };
        assert_eq!(OfferQuery::from_filter(&sorted, &cats, &d).expect("valid").sort, Sort::PriceDesc);
        assert_eq!(OfferQuery::from_filter(&empty, &cats, &d).expect("valid").page, 1);
    }

    #[test]
    fn query_strings() {
        let f = OfferFilter { kategorie: Some("dach".into()), q: Some("Süd & mehr".into()), seite: Some("3".into()), ..Default::default() };
        assert_eq!(f.to_query(Some(2)), "?q=S%C3%BCd+%26+mehr&kategorie=dach&seite=2");
        assert_eq!(OfferFilter::default().to_query(Some(1)), "");
    }
}
