//! The offer editor's rules: what a provider may save. The same function
//! checks the form in the browser (instant messages next to each field) and
//! on the server (the truth).
use serde::{Deserialize, Serialize};

use super::domain::{HousingKind, PriceModel};
use super::filters::parse_decimal;
use crate::categories::CategoryTree;
use crate::districts::Districts;
use crate::housing::details::{DetailsForm, ExposeDetails};
use crate::i18n::t;

pub const TITLE_CHARS: (usize, usize) = (5, 120);
pub const DESCRIPTION_CHARS: (usize, usize) = (20, 5000);
pub const ENERGY_CLASSES: [&str; 9] = ["A+", "A", "B", "C", "D", "E", "F", "G", "H"];
const MAX_PRICE_CENTS: i64 = 100_000_000_00;
/// The housing category of new-build projects.
pub const NEW_BUILD_CATEGORY: &str = "neubauprojekte";

/// The editor's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferForm {
    pub title: String,
    pub description: String,
    pub category: String,
    pub price_model: String,
    pub price: String,
    pub city_wide: bool,
    pub bezirke: Vec<String>,
    /// Housing only: where the object is, and its facts.
    pub stadtteil: String,
    pub housing_kind: String,
    pub rooms: String,
    pub living_area: String,
    pub plot_area: String,
    pub energy_class: String,
    /// Housing only: the exposé's further facts and sections.
    #[serde(default)]
    pub details: DetailsForm,
    /// Housing only: the id of the provider's new-build project, or empty.
    #[serde(default)]
    pub project: String,
}

impl OfferForm {
    /// Three-way merge after an edit conflict: every field the provider
    /// changed since `base` keeps their value, every other field takes what
    /// was saved in between (`theirs`) — so re-applying never undoes another
    /// person's change to a field this provider did not touch.
    pub fn merge(base: &OfferForm, mine: &OfferForm, theirs: &OfferForm) -> OfferForm {
        fn pick<T: PartialEq + Clone>(base: &T, mine: &T, theirs: &T) -> T {
            if mine != base { mine.clone() } else { theirs.clone() }
        }
        OfferForm {
            title: pick(&base.title, &mine.title, &theirs.title),
            description: pick(&base.description, &mine.description, &theirs.description),
            category: pick(&base.category, &mine.category, &theirs.category),
            price_model: pick(&base.price_model, &mine.price_model, &theirs.price_model),
            price: pick(&base.price, &mine.price, &theirs.price),
            city_wide: pick(&base.city_wide, &mine.city_wide, &theirs.city_wide),
            bezirke: pick(&base.bezirke, &mine.bezirke, &theirs.bezirke),
            stadtteil: pick(&base.stadtteil, &mine.stadtteil, &theirs.stadtteil),
            housing_kind: pick(&base.housing_kind, &mine.housing_kind, &theirs.housing_kind),
            rooms: pick(&base.rooms, &mine.rooms, &theirs.rooms),
            living_area: pick(&base.living_area, &mine.living_area, &theirs.living_area),
            plot_area: pick(&base.plot_area, &mine.plot_area, &theirs.plot_area),
            energy_class: pick(&base.energy_class, &mine.energy_class, &theirs.energy_class),
            details: DetailsForm::merge(&base.details, &mine.details, &theirs.details),
            project: pick(&base.project, &mine.project, &theirs.project),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HousingDraft {
    pub kind: HousingKind,
    pub stadtteil_id: i32,
    pub rooms_tenths: i32,
    pub living_area_centi_m2: i32,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
    pub details: ExposeDetails,
    /// Whether the project is the provider's is checked when saving.
    pub project_id: Option<i32>,
}

/// A valid offer, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDraft {
    pub title: String,
    pub description: String,
    pub category_id: i32,
    pub price_model: PriceModel,
    pub price_cents: Option<i64>,
    /// None: the whole city; else the Stadtbezirk ids served.
    pub bezirk_ids: Option<Vec<i32>>,
    pub housing: Option<HousingDraft>,
}

pub use crate::common::form::FieldErrors;

fn length(field: &'static str, value: &str, (min, max): (usize, usize), errors: &mut FieldErrors) -> String {
    let v = value.trim().to_owned();
    let n = v.chars().count();
    if n < min || n > max {
        errors.push((field, t().draft_error_length.replace("{min}", &min.to_string()).replace("{max}", &max.to_string())));
    }
    v
}

/// Whether the category is housing (Wohnen or one of its children).
pub fn is_housing(cats: &CategoryTree, slug: &str) -> bool {
    cats.by_slug(slug).is_some_and(|c| c.slug == "wohnen" || c.parent_id.and_then(|p| cats.by_id(p)).is_some_and(|p| p.slug == "wohnen"))
}

impl OfferDraft {
    pub fn parse(f: &OfferForm, cats: &CategoryTree, districts: &Districts) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = length("title", &f.title, TITLE_CHARS, &mut errors);
        let description = length("description", &f.description, DESCRIPTION_CHARS, &mut errors);
        let category_id = cats.by_slug(f.category.trim()).map(|c| c.id);
        if category_id.is_none() {
            errors.push(("category", t().draft_error_category.to_owned()));
        }
        let price_model = PriceModel::parse(f.price_model.trim());
        if price_model.is_none() {
            errors.push(("price_model", t().draft_error_price_model.to_owned()));
        }
        let price_cents = match price_model {
            Some(PriceModel::OnRequest) => None,
            _ => {
                let p = parse_decimal(&f.price, 2).filter(|c| *c <= MAX_PRICE_CENTS);
                if p.is_none() {
                    errors.push(("price", t().error_bad_price.to_owned()));
                }
                p
            }
        };
        let bezirk_ids = if f.city_wide {
            None
        } else {
            let ids: Option<Vec<i32>> = f.bezirke.iter().map(|s| districts.bezirk_by_slug(s).map(|b| b.id)).collect();
            match ids.filter(|v| !v.is_empty()) {
                Some(mut v) => {
                    v.sort_unstable();
                    v.dedup();
                    Some(v)
                }
                None => {
                    errors.push(("bezirke", t().draft_error_area.to_owned()));
                    None
                }
            }
        };
        let housing = if is_housing(cats, f.category.trim()) { housing(f, price_cents, districts, &mut errors) } else { None };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            title,
            description,
            category_id: category_id.unwrap_or_default(),
            price_model: price_model.unwrap_or(PriceModel::OnRequest),
            price_cents,
            bezirk_ids,
            housing,
        })
    }
}

fn housing(f: &OfferForm, price_cents: Option<i64>, districts: &Districts, errors: &mut FieldErrors) -> Option<HousingDraft> {
    let kind = match f.housing_kind.trim() {
        "buy" => Some(HousingKind::Buy),
        "rent" => Some(HousingKind::Rent),
        _ => {
            errors.push(("housing_kind", t().error_bad_housing_kind.to_owned()));
            None
        }
    };
    let stadtteil = districts.stadtteil_by_slug(f.stadtteil.trim()).map(|s| s.id);
    if stadtteil.is_none() {
        errors.push(("stadtteil", t().draft_error_stadtteil.to_owned()));
    }
    let rooms = parse_decimal(&f.rooms, 1).filter(|r| (5..=500).contains(r));
    if rooms.is_none() {
        errors.push(("rooms", t().error_bad_rooms.to_owned()));
    }
    let area = parse_decimal(&f.living_area, 2).filter(|a| (100..=10_000_00).contains(a));
    if area.is_none() {
        errors.push(("living_area", t().error_bad_area.to_owned()));
    }
    let plot = match f.plot_area.trim() {
        "" => Some(None),
        raw => parse_decimal(raw, 2).filter(|a| *a > 0 && *a <= 100_000_000).map(Some),
    };
    if plot.is_none() {
        errors.push(("plot_area", t().error_bad_area.to_owned()));
    }
    let energy = match f.energy_class.trim() {
        "" => Some(None),
        e => ENERGY_CLASSES.iter().find(|c| c.eq_ignore_ascii_case(e)).map(|c| Some(c.to_string())),
    };
    if energy.is_none() {
        errors.push(("energy_class", t().draft_error_energy.to_owned()));
    }
    // Without a valid kind the details are still checked, as a rental's.
    let details = f.details.parse(kind.unwrap_or(HousingKind::Rent), price_cents, errors);
    // OpenImmo tells a new build by its condition (PROJEKTIERT): a second one would not survive an export.
    if details.condition.is_some() && f.category.trim() == NEW_BUILD_CATEGORY {
        errors.push(("condition", t().error_condition_new_build.to_owned()));
    }
    let project = match f.project.trim() {
        "" => Some(None),
        p => p.parse::<i32>().ok().filter(|id| *id > 0).map(Some),
    };
    if project.is_none() {
        errors.push(("project", t().error_unknown_project.to_owned()));
    }
    Some(HousingDraft {
        kind: kind?,
        stadtteil_id: stadtteil?,
        rooms_tenths: rooms? as i32,
        living_area_centi_m2: area? as i32,
        plot_area_centi_m2: plot?.map(|p| p as i32),
        energy_class: energy?,
        details,
        project_id: project?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categories::Category;
    use crate::districts::{Bezirk, Stadtteil};

    fn reference() -> (CategoryTree, Districts) {
        let c = |id, parent_id, slug: &str| Category { id, parent_id, slug: slug.into(), name: slug.into() };
        let cats = CategoryTree { all: vec![c(1, None, "wohnen"), c(2, Some(1), "wohnen-mieten"), c(3, None, "handwerk"), c(4, Some(3), "dach"), c(5, Some(1), "neubauprojekte")] };
        let d = Districts {
            bezirke: vec![Bezirk { id: 5, slug: "mitte".into(), name: "Mitte".into() }, Bezirk { id: 6, slug: "sued".into(), name: "Süd".into() }],
            stadtteile: vec![Stadtteil { id: 9, bezirk_id: 5, slug: "hochfeld".into(), name: "Hochfeld".into() }],
        };
        (cats, d)
    }

    fn roofing() -> OfferForm {
        OfferForm {
            title: "Dachrinne reinigen".into(),
            description: "Wir reinigen Ihre Dachrinne gründlich und schnell.".into(),
            category: "dach".into(),
            price_model: "per_hour".into(),
            price: "55,50".into(),
            bezirke: vec!["sued".into(), "mitte".into(), "sued".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_service_offer() {
        let (cats, d) = reference();
        let draft = OfferDraft::parse(&roofing(), &cats, &d).unwrap();
        assert_eq!((draft.category_id, draft.price_cents, draft.price_model), (4, Some(5550), PriceModel::PerHour));
        assert_eq!(draft.bezirk_ids, Some(vec![5, 6]));
        assert!(draft.housing.is_none());
        let city = OfferDraft::parse(&OfferForm { city_wide: true, bezirke: vec![], price_model: "on_request".into(), price: "".into(), ..roofing() }, &cats, &d).unwrap();
        assert_eq!((city.bezirk_ids, city.price_cents), (None, None));
    }

    #[test]
    fn every_wrong_field_is_named() {
        let (cats, d) = reference();
        let bad = OfferForm { title: "Da".into(), description: "kurz".into(), category: "x".into(), price_model: "gratis".into(), bezirke: vec!["atlantis".into()], ..Default::default() };
        let errors = OfferDraft::parse(&bad, &cats, &d).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["title", "description", "category", "price_model", "price", "bezirke"]);
        let no_price = OfferForm { price: "zwanzig".into(), ..roofing() };
        assert_eq!(OfferDraft::parse(&no_price, &cats, &d).unwrap_err()[0].0, "price");
    }

    #[test]
    fn re_applying_keeps_the_other_persons_changes() {
        let base = roofing();
        let mine = OfferForm { title: "Dachrinne reinigen, zwei Etagen".into(), ..base.clone() };
        let theirs = OfferForm { price: "60".into(), ..base.clone() };
        let merged = OfferForm::merge(&base, &mine, &theirs);
        assert_eq!((merged.title.as_str(), merged.price.as_str()), ("Dachrinne reinigen, zwei Etagen", "60"));
        // Both changed the same field: the one re-applying wins, knowingly.
        let theirs = OfferForm { title: "Andere".into(), ..base.clone() };
        assert_eq!(OfferForm::merge(&base, &mine, &theirs).title, mine.title);
    }

    fn flat() -> OfferForm {
        OfferForm {
            category: "wohnen-mieten".into(),
            price_model: "per_month".into(),
            price: "780".into(),
            housing_kind: "rent".into(),
            stadtteil: "hochfeld".into(),
            rooms: "2,5".into(),
            living_area: "64.5".into(),
            energy_class: "b".into(),
            ..roofing()
        }
    }

    #[test]
    fn housing_needs_its_facts() {
        let (cats, d) = reference();
        let flat = flat();
        let h = OfferDraft::parse(&flat, &cats, &d).unwrap().housing.unwrap();
        assert_eq!((h.kind, h.stadtteil_id, h.rooms_tenths, h.living_area_centi_m2), (HousingKind::Rent, 9, 25, 6450));
        assert_eq!(h.energy_class.as_deref(), Some("B"));
        let errors = OfferDraft::parse(&OfferForm { rooms: "".into(), stadtteil: "".into(), energy_class: "Z".into(), ..flat }, &cats, &d).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["stadtteil", "rooms", "energy_class"]);
    }

    #[test]
    fn housing_details_are_checked_with_the_offer() {
        let (cats, d) = reference();
        let details = DetailsForm { warm_rent: "700".into(), year_built: "1962".into(), condition: "GEPFLEGT".into(), ..Default::default() };
        let flat = OfferForm { details, ..flat() };
        let errors = OfferDraft::parse(&flat, &cats, &d).unwrap_err();
        assert_eq!(errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["warm_rent"], "warm below cold");
        let ok = OfferForm { details: DetailsForm { warm_rent: "990".into(), ..flat.details.clone() }, ..flat.clone() };
        let h = OfferDraft::parse(&ok, &cats, &d).unwrap().housing.unwrap();
        assert_eq!((h.details.warm_rent_cents, h.details.year_built), (Some(99_000), Some(1962)));
        let new_build = OfferForm { category: "neubauprojekte".into(), ..ok };
        let errors = OfferDraft::parse(&new_build, &cats, &d).unwrap_err();
        assert_eq!(errors.iter().map(|(f, _)| *f).collect::<Vec<_>>(), ["condition"]);
    }
}
