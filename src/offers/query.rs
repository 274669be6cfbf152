//! What a results list is asked for and answers: the filter from the URL,
//! the validated query, the sort orders, the facets and a page of cards.
use serde::{Deserialize, Serialize};

use super::domain::{HousingKind, OfferCard};
use super::filters::{ExtraFilters, RawExtra};
use crate::categories::CategoryTree;
use crate::common::paging::parse_page;
use crate::common::url_key::encode;
use crate::districts::Districts;
use crate::error::AppError;
use crate::i18n::t;
use crate::providers::domain::Ownership;

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
    /// Provider id (see `/api/v1/providers`): only this provider's offers.
    #[cfg_attr(feature = "ssr", param(example = "1"))]
    pub anbieter: Option<String>,
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
        push("anbieter", &self.anbieter);
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
    /// Only the offers of this provider (its page links to them all).
    pub provider_id: Option<i32>,
    pub sort: Sort,
    pub page: u64,
}

impl OfferQuery {
    /// Every published offer.
    pub fn all() -> Self {
        Self { category_ids: None, bezirk_id: None, stadtteil_id: None, text: None, extra: ExtraFilters::default(), project_id: None, provider_id: None, sort: Sort::Newest, page: 1 }
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
        let id = |field: &'static str, v: &Option<String>| match non_empty(v) {
            Some(p) => p.parse::<i32>().ok().filter(|id| *id > 0).map(Some).ok_or_else(|| AppError::invalid(field, t().error_bad_id)),
            None => Ok(None),
        };
        let project_id = id("projekt", &f.projekt)?;
        let provider_id = id("anbieter", &f.anbieter)?;
        Ok(Self { category_ids, bezirk_id, stadtteil_id, text, extra, project_id, provider_id, sort, page })
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
    /// Served while the database is unreachable: possibly not current.
    #[serde(default)]
    pub stale: bool,
    /// A query that finds more, when this one finds little ("Meinten Sie …?").
    #[serde(default)]
    pub did_you_mean: Option<String>,
    /// The provider a list is narrowed to (`anbieter`), named above it.
    #[serde(default)]
    pub provider: Option<ProviderScope>,
}

/// The provider a results list is narrowed to, as its notice names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderScope {
    pub id: i32,
    pub slug: String,
    pub name: String,
}

/// One suggestion while typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// What is shown.
    pub label: String,
    /// Where choosing it leads (a results list or a provider page).
    pub href: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionKind {
    Category,
    Term,
    Provider,
}
