//! New-build projects (Neubauprojekte): what a provider enters, and the
//! summary of a project's units (price range, rooms, area) its page shows.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::districts::Districts;
use crate::i18n::t;
use crate::offers::domain::OfferCard;
use crate::common::form::FieldErrors;

pub const NAME_CHARS: (usize, usize) = (3, 120);
pub const DESCRIPTION_CHARS: usize = 5000;

/// A project as a unit's card and exposé name it.
pub use crate::offers::domain::ProjectRef;

/// The dashboard's project form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectForm {
    pub name: String,
    pub description: String,
    pub stadtteil: String,
    /// Planned completion, `TT.MM.JJJJ` or `JJJJ-MM-TT`; may stay empty.
    pub completion: String,
}

/// A valid project, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectDraft {
    pub name: String,
    pub description: String,
    pub stadtteil_id: i32,
    pub completion_date: Option<NaiveDate>,
}

impl ProjectDraft {
    pub fn parse(f: &ProjectForm, districts: &Districts) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = f.name.trim().to_owned();
        let (min, max) = NAME_CHARS;
        if !(min..=max).contains(&name.chars().count()) {
            errors.push(("name", t().draft_error_length.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())));
        }
        let description = f.description.trim().replace("\r\n", "\n");
        if description.chars().count() > DESCRIPTION_CHARS {
            errors.push(("description", t().draft_error_length.replace("{min}", "0").replace("{max}", &DESCRIPTION_CHARS.to_string())));
        }
        let stadtteil_id = districts.stadtteil_by_slug(f.stadtteil.trim()).map(|s| s.id);
        if stadtteil_id.is_none() {
            errors.push(("stadtteil", t().draft_error_stadtteil.to_owned()));
        }
        let raw = f.completion.trim();
        let completion_date = if raw.is_empty() {
            None
        } else {
            let d = NaiveDate::parse_from_str(raw, "%d.%m.%Y").or_else(|_| NaiveDate::parse_from_str(raw, "%Y-%m-%d")).ok();
            if d.is_none() {
                errors.push(("completion", t().error_bad_completion.to_owned()));
            }
            d
        };
        match stadtteil_id {
            Some(stadtteil_id) if errors.is_empty() => Ok(Self { name, description, stadtteil_id, completion_date }),
            _ => Err(errors),
        }
    }
}

/// Lowest and highest of some figures; None without any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: i64,
    pub max: i64,
}

fn range(values: impl Iterator<Item = i64>) -> Option<Range> {
    values.fold(None, |r: Option<Range>, v| Some(r.map_or(Range { min: v, max: v }, |r| Range { min: r.min.min(v), max: r.max.max(v) })))
}

/// What a project's units span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub units: usize,
    pub price_cents: Option<Range>,
    pub rooms_tenths: Option<Range>,
    pub living_area_centi_m2: Option<Range>,
}

pub fn summarize(units: &[OfferCard]) -> UnitSummary {
    let housing = || units.iter().filter_map(|u| u.housing.as_ref());
    UnitSummary {
        units: units.len(),
        price_cents: range(units.iter().filter_map(|u| u.price.cents)),
        rooms_tenths: range(housing().filter_map(|h| h.rooms_tenths).map(i64::from)),
        living_area_centi_m2: range(housing().filter_map(|h| h.living_area_centi_m2).map(i64::from)),
    }
}

/// A project's page: the project, its provider and its published units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectPage {
    pub project: ProjectRef,
    pub description: String,
    pub stadtteil: String,
    pub completion_date: Option<NaiveDate>,
    pub provider_name: String,
    pub provider_path: String,
    pub units: Vec<OfferCard>,
    pub summary: UnitSummary,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::districts::{Bezirk, Stadtteil};

    fn districts() -> Districts {
        Districts {
            bezirke: vec![Bezirk { id: 1, slug: "sued".into(), name: "Süd".into() }],
            stadtteile: vec![Stadtteil { id: 7, bezirk_id: 1, slug: "huckingen".into(), name: "Huckingen".into() }],
        }
    }

    #[test]
    fn a_project_needs_a_name_and_a_stadtteil() {
        let d = districts();
        let f = ProjectForm { name: " Quartier am Park ".into(), description: "".into(), stadtteil: "huckingen".into(), completion: "30.06.2028".into() };
        let p = ProjectDraft::parse(&f, &d).unwrap();
        assert_eq!((p.name.as_str(), p.stadtteil_id, p.completion_date), ("Quartier am Park", 7, NaiveDate::from_ymd_opt(2028, 6, 30)));
        let bad = ProjectForm { name: "Q".into(), stadtteil: "atlantis".into(), completion: "bald".into(), ..f };
        let fields: Vec<_> = ProjectDraft::parse(&bad, &d).unwrap_err().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["name", "stadtteil", "completion"]);
    }

    #[test]
    fn ranges_span_the_units() {
        assert_eq!(range([5, 2, 9].into_iter()), Some(Range { min: 2, max: 9 }));
        assert_eq!(range(std::iter::empty()), None);
        assert_eq!(summarize(&[]), UnitSummary::default());
    }
}
