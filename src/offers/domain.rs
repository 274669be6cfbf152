//! Offer rules: price models, housing facts and the cards. The list's
//! filter and query live in `query`.
use serde::{Deserialize, Serialize};

use crate::i18n;
use crate::i18n::t;
use crate::providers::domain::ProviderSummary;

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

pub use crate::housing::details::HousingKind;

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
    /// For the open data API.
    #[serde(default)]
    pub category_id: i32,
    #[serde(default)]
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Why it stands where it stands, when the list was ranked.
    pub rank: Option<crate::search::ranking::ScoreParts>,
    /// The first of the offer's photos.
    #[serde(default)]
    pub cover: Option<crate::photos::domain::PhotoView>,
    /// The new-build project the offer is a unit of.
    #[serde(default)]
    pub project: Option<ProjectRef>,
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


#[cfg(test)]
mod tests {
    use super::*;
    use crate::offers::query::{OfferFilter, OfferQuery, Sort};
    use crate::categories::{Category, CategoryTree};
    use crate::districts::{Bezirk, Districts};
    use crate::error::AppError;

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
        assert!(matches!(bad(OfferFilter { anbieter: Some("-3".into()), ..Default::default() }), AppError::Invalid { field, .. } if field == "anbieter"));
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

/// The new-build project an offer is a unit of (`projects`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRef {
    pub id: i32,
    pub slug: String,
    pub name: String,
}

impl ProjectRef {
    pub fn path(&self) -> String {
        format!("/projekte/{}", crate::common::url_key::key(self.id, &self.slug))
    }
}
