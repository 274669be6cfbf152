//! The list's further filters: price range, ownership, rating and, for
//! housing, buy/rent, rooms and living area. Numbers are accepted as German
//! and English residents type them ("2,5", "2.5", "1.200").
use serde::{Deserialize, Serialize};

use super::domain::HousingKind;
use crate::error::AppError;
use crate::providers::domain::Ownership;
use crate::i18n::t;

/// The minimum ratings the form offers, in tenths of a star.
pub const MIN_RATING_CHOICES: [i64; 3] = [30, 40, 45];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtraFilters {
    pub price_from_cents: Option<i64>,
    pub price_to_cents: Option<i64>,
    pub ownership: Option<Ownership>,
    pub min_rating: Option<f64>,
    pub housing_kind: Option<HousingKind>,
    pub min_rooms_tenths: Option<i32>,
    pub min_area_centi_m2: Option<i32>,
}

/// Raw URL values, in the order of the form.
pub struct RawExtra<'a> {
    pub preis_von: Option<&'a str>,
    pub preis_bis: Option<&'a str>,
    pub eigentum: Option<&'a str>,
    pub bewertung_ab: Option<&'a str>,
    pub vermarktung: Option<&'a str>,
    pub zimmer_ab: Option<&'a str>,
    pub flaeche_ab: Option<&'a str>,
}

pub use crate::i18n::parse_decimal;

fn bounded(raw: Option<&str>, scale: u32, max: i64, field: &str, message: &'static str) -> Result<Option<i64>, AppError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => parse_decimal(r, scale).filter(|v| *v <= max).map(Some).ok_or_else(|| AppError::invalid(field, message)),
    }
}

impl ExtraFilters {
    pub fn parse(raw: &RawExtra) -> Result<Self, AppError> {
        let price_from_cents = bounded(raw.preis_von, 2, 100_000_000_00, "preis_von", t().error_bad_price)?;
        let price_to_cents = bounded(raw.preis_bis, 2, 100_000_000_00, "preis_bis", t().error_bad_price)?;
        if let (Some(a), Some(b)) = (price_from_cents, price_to_cents) {
            if a > b {
                return Err(AppError::invalid("preis_bis", t().error_price_range));
            }
        }
        let ownership = match raw.eigentum.map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(o) => Some(Ownership::parse(o).ok_or_else(|| AppError::invalid("eigentum", t().error_bad_ownership))?),
        };
        let min_rating = bounded(raw.bewertung_ab, 1, 50, "bewertung_ab", t().error_bad_rating)?
            .filter(|r| *r >= 10 || *r == 0)
            .map(|r| r as f64 / 10.0);
        if raw.bewertung_ab.is_some_and(|r| !r.trim().is_empty()) && min_rating.is_none() {
            return Err(AppError::invalid("bewertung_ab", t().error_bad_rating));
        }
        let housing_kind = match raw.vermarktung.map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some("kaufen") => Some(HousingKind::Buy),
            Some("mieten") => Some(HousingKind::Rent),
            Some(_) => return Err(AppError::invalid("vermarktung", t().error_bad_housing_kind)),
        };
        let min_rooms_tenths = bounded(raw.zimmer_ab, 1, 500, "zimmer_ab", t().error_bad_rooms)?.map(|v| v as i32);
        let min_area_centi_m2 = bounded(raw.flaeche_ab, 2, 10_000_00, "flaeche_ab", t().error_bad_area)?.map(|v| v as i32);
        Ok(Self { price_from_cents, price_to_cents, ownership, min_rating, housing_kind, min_rooms_tenths, min_area_centi_m2 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawExtra<'static> {
        RawExtra { preis_von: None, preis_bis: None, eigentum: None, bewertung_ab: None, vermarktung: None, zimmer_ab: None, flaeche_ab: None }
    }

    #[test]
    fn german_numbers() {
        assert_eq!(parse_decimal("2,5", 1), Some(25));
        assert_eq!(parse_decimal("1.200", 2), Some(120_000));
        assert_eq!(parse_decimal("72,55", 2), Some(7255));
        assert_eq!(parse_decimal("72,5555", 2), Some(7256));
        assert_eq!(parse_decimal("2.5", 1), Some(25));
        assert_eq!(parse_decimal("1,200", 2), Some(120_000));
        assert_eq!(parse_decimal("1.234,5", 1), Some(12_345));
        assert_eq!(parse_decimal("1,234.5", 1), Some(12_345));
        assert_eq!(parse_decimal("1.234.567", 0), Some(1_234_567));
        assert_eq!(parse_decimal("1,2,3", 0), None);
        assert_eq!(parse_decimal("12.34.567", 0), None);
        assert_eq!(parse_decimal("1.2.3,4,5", 0), None);
        assert_eq!(parse_decimal(".", 1), None);
        assert_eq!(parse_decimal("3", 1), Some(30));
        assert_eq!(parse_decimal("zwei", 1), None);
        assert_eq!(parse_decimal("-3", 1), None);
        assert_eq!(parse_decimal("", 1), None);
        assert_eq!(parse_decimal("99999999999999999999", 2), None);
    }

    #[test]
    fn filters_validate_with_german_messages() {
        let ok = ExtraFilters::parse(&RawExtra { preis_von: Some("500"), preis_bis: Some("1.000"), eigentum: Some("municipal"), bewertung_ab: Some("4"), vermarktung: Some("mieten"), zimmer_ab: Some("2,5"), flaeche_ab: Some("60") }).expect("valid");
        assert_eq!((ok.price_from_cents, ok.price_to_cents), (Some(50_000), Some(100_000)));
        assert_eq!(ok.ownership, Some(Ownership::Municipal));
        assert_eq!(ok.min_rating, Some(4.0));
        assert_eq!(ok.housing_kind, Some(HousingKind::Rent));
        assert_eq!((ok.min_rooms_tenths, ok.min_area_centi_m2), (Some(25), Some(6000)));
        assert_eq!(ExtraFilters::parse(&raw()), Ok(ExtraFilters::default()));
        let field = |r: RawExtra| match ExtraFilters::parse(&r) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected an error, got {other:?}"),
        };
        assert_eq!(field(RawExtra { preis_von: Some("viel"), ..raw() }), "preis_von");
        assert_eq!(field(RawExtra { preis_von: Some("900"), preis_bis: Some("100"), ..raw() }), "preis_bis");
        assert_eq!(field(RawExtra { eigentum: Some("bezahlt"), ..raw() }), "eigentum");
        assert_eq!(field(RawExtra { bewertung_ab: Some("7"), ..raw() }), "bewertung_ab");
        assert_eq!(field(RawExtra { bewertung_ab: Some("0,5"), ..raw() }), "bewertung_ab");
        assert_eq!(field(RawExtra { vermarktung: Some("tauschen"), ..raw() }), "vermarktung");
        assert_eq!(field(RawExtra { zimmer_ab: Some("viele"), ..raw() }), "zimmer_ab");
        assert_eq!(field(RawExtra { flaeche_ab: Some("1e9"), ..raw() }), "flaeche_ab");
    }
}
