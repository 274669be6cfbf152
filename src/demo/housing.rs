//! Exposé details for the demo city's housing offers, derived from each
//! offer's own figures and its position — no random draws, so the rest of
//! the demo city stays exactly as the seed makes it. Fictitious, like
//! everything in the demo; the Sonstiges text says so.
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr};

use super::generate::{DemoCity, DemoHousing};
use crate::db::entities::housing_project;
use crate::housing::details::{AvailableFrom, Condition, EnergyCertificate, EnergySource, ExposeDetails, HeatingType};

const CONDITIONS: [Condition; 5] = [Condition::WellKept, Condition::Modernised, Condition::Renovated, Condition::AsNew, Condition::NeedsRenovation];
const HEATING: [(HeatingType, EnergySource); 4] = [
    (HeatingType::Central, EnergySource::Gas),
    (HeatingType::Floor, EnergySource::Gas),
    (HeatingType::District, EnergySource::District),
    (HeatingType::Central, EnergySource::Oil),
];
const FEATURES: [&str; 4] = [
    "Einbauküche, Tageslichtbad mit Wanne, Kellerraum.",
    "Balkon nach Süden, Laminatböden, Abstellraum in der Wohnung.",
    "Bad mit Dusche und Fenster, Parkett, Fahrradkeller.",
    "Offene Küche, Gäste-WC, Stellplatz im Hof.",
];
pub const DEMO_NOTE: &str = "Demo-Angebot: Alle Angaben sind frei erfunden.";

/// Rounded to whole euros.
fn euros(cents: i64) -> i64 {
    (cents + 50) / 100 * 100
}

/// `class` is the energy efficiency class; the value fits it.
fn energy_value_tenths(class: &str, i: usize) -> i32 {
    let base = match class {
        "A+" => 250,
        "A" => 400,
        "B" => 650,
        "C" => 900,
        "D" => 1_200,
        "E" => 1_500,
        "F" => 1_900,
        "G" => 2_400,
        _ => 2_800,
    };
    base + (i % 10) as i32 * 10
}

/// The details of the `i`-th demo offer; `new_build` for the Neubauprojekte category.
pub fn details(h: &DemoHousing, price_cents: Option<i64>, new_build: bool, stadtteil: &str, i: usize) -> ExposeDetails {
    let m2_cents = |per_m2: i64| euros(i64::from(h.living_area_centi_m2) * per_m2 / 100);
    let house = h.plot_area_centi_m2.is_some();
    let rent = h.kind == "rent";
    let (heating_type, energy_source) = if new_build { (HeatingType::Underfloor, EnergySource::HeatPump) } else { HEATING[i % HEATING.len()] };
    let year_built = if new_build { 2027 } else { 1900 + ((i * 37) % 120) as i32 };
    let mut d = ExposeDetails {
        commission: Some(if rent { "provisionsfrei" } else { "3,57 % inkl. MwSt." }.to_owned()),
        floor: (!house).then_some((i % 4) as i32),
        floors_total: (!house).then_some(3 + (i % 3) as i32),
        year_built: Some(year_built),
        condition: (!new_build).then(|| if year_built > 2015 { Condition::AsNew } else { CONDITIONS[i % CONDITIONS.len()] }),
        heating_type: Some(heating_type),
        energy_source: Some(energy_source),
        energy_certificate: Some(if new_build || i % 2 == 1 { EnergyCertificate::Demand } else { EnergyCertificate::Consumption }),
        energy_value_tenths: Some(energy_value_tenths(h.energy_class, i)),
        available_from: Some(match (new_build, i % 3) {
            (true, _) => AvailableFrom::Text("nach Fertigstellung".into()),
            (false, 0) => AvailableFrom::Text("sofort".into()),
            (false, 1) => AvailableFrom::Text("nach Vereinbarung".into()),
            _ => AvailableFrom::parse(&format!("01.{:02}.2027", 1 + i % 12)).unwrap_or(AvailableFrom::Text("sofort".into())),
        }),
        location_text: Some(format!(
            "Ruhige Wohnlage in {stadtteil}. Bus und Bahn sind zu Fuß erreichbar, Geschäfte für den täglichen Bedarf, Kita und Grundschule liegen in der Nähe."
        )),
        features_text: Some(FEATURES[i % FEATURES.len()].to_owned()),
        other_text: Some(DEMO_NOTE.to_owned()),
        ..Default::default()
    };
    if rent {
        let (service, heating) = (m2_cents(250), m2_cents(110));
        d.service_charge_cents = Some(service);
        d.heating_costs_cents = Some(heating);
        d.warm_rent_cents = price_cents.map(|p| p + service + heating);
        d.deposit_cents = price_cents.map(|p| 3 * p);
    } else if !house {
        d.hausgeld_cents = Some(m2_cents(320));
    }
    d
}

/// The demo's new-build project: fictitious, and its name says it is a demo.
pub const PROJECT_NAME: &str = "Quartier Am Lindenpark (Demo)";
const PROJECT_TEXT: &str = "Ein erfundenes Neubauquartier im Duisburger Süden für die Demo: Eigentumswohnungen und Reihenhäuser \
rund um einen kleinen Park, mit Tiefgarage, Fahrradräumen und Wärmepumpen.\n\nAlle Angaben, Namen und Einheiten sind frei erfunden.";
const MAX_UNITS: usize = 5;

/// The demo project's provider, Stadtteil and units (offer indexes): the
/// published Neubauprojekte offers in Stadtbezirk Süd of the provider with
/// the most of them; None if no provider has two.
pub fn project_units(city: &DemoCity, places: &[(&str, &str)]) -> Option<(usize, usize, Vec<usize>)> {
    let in_sued = |i: &usize| {
        let o = &city.offers[*i];
        o.category_slug == "neubauprojekte" && o.status == "published" && o.stadtteil_index.is_some_and(|st| places[st].0 == "Süd")
    };
    let candidates: Vec<usize> = (0..city.offers.len()).filter(in_sued).collect();
    let mut by_provider: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in candidates {
        let p = city.offers[i].provider_index;
        match by_provider.iter_mut().find(|(q, _)| *q == p) {
            Some((_, units)) => units.push(i),
            None => by_provider.push((p, vec![i])),
        }
    }
    // The most units; on a tie the first provider, so the choice is stable.
    let (provider, mut units) = by_provider.into_iter().rev().max_by_key(|(_, u)| u.len()).filter(|(_, u)| u.len() >= 2)?;
    units.truncate(MAX_UNITS);
    let stadtteil = city.offers[units[0]].stadtteil_index?;
    Some((provider, stadtteil, units))
}

/// Inserts the demo project; returns it with the indexes of the demo
/// offers that are its units (their rows name it when they are inserted).
/// `provider_id` turns a demo provider index into the id it got.
pub async fn insert_project(
    db: &DatabaseTransaction,
    city: &DemoCity,
    places: &[(&str, &str)],
    provider_id: impl Fn(usize) -> i32,
    now: DateTime<Utc>,
) -> Result<Option<(housing_project::Model, Vec<usize>)>, DbErr> {
    let Some((provider, stadtteil, units)) = project_units(city, places) else { return Ok(None) };
    let project = housing_project::ActiveModel {
        provider_id: Set(provider_id(provider)),
        slug: Set(crate::common::url_key::short_slug(PROJECT_NAME)),
        name: Set(PROJECT_NAME.into()),
        description: Set(PROJECT_TEXT.into()),
        stadtteil_id: Set(stadtteil as i32 + 1),
        completion_date: Set(NaiveDate::from_ymd_opt(2028, 6, 30)),
        is_demo: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some((project, units)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::housing::details::DetailsForm;
    use crate::offers::domain::HousingKind;

    fn flat(kind: &'static str) -> DemoHousing {
        DemoHousing { kind, rooms_tenths: 25, living_area_centi_m2: 6_400, plot_area_centi_m2: None, energy_class: "C" }
    }

    #[test]
    fn demo_details_pass_the_editors_rules() {
        for i in 0..24 {
            for (h, price, new) in [(flat("rent"), 73_000, false), (flat("buy"), 25_000_000, false), (flat("buy"), 35_000_000, true)] {
                let d = details(&h, Some(price), new, "Wanheim-Angerhausen", i);
                let kind = HousingKind::parse(h.kind).unwrap();
                let mut errors = Vec::new();
                let again = DetailsForm::of(&d).parse(kind, Some(price), &mut errors);
                assert!(errors.is_empty(), "{i}: {errors:?}");
                assert_eq!(again, d);
                assert_eq!(d.condition.is_none(), new, "a new build's condition is its category");
            }
        }
        let rent = details(&flat("rent"), Some(73_000), false, "Hochfeld", 0);
        assert_eq!((rent.service_charge_cents, rent.heating_costs_cents, rent.warm_rent_cents), (Some(16_000), Some(7_000), Some(96_000)));
        assert_eq!(rent.other_text.as_deref(), Some(DEMO_NOTE));
    }

    #[test]
    fn the_demo_city_has_a_new_build_project_in_duisburg_sued() {
        let city = super::super::generate::generate(super::super::SEED);
        let places = migration::reference::districts();
        let (provider, stadtteil, units) = project_units(&city, &places).expect("a project");
        assert!(units.len() >= 3, "{units:?}");
        assert_eq!(places[stadtteil].0, "Süd");
        assert!(units.iter().all(|u| city.offers[*u].provider_index == provider && city.offers[*u].category_slug == "neubauprojekte"));
        assert!(PROJECT_NAME.contains("Demo"));
    }
}
