//! The exposé's parts beyond the offer page's key facts: the costs, the
//! building and energy facts, and the text sections — each row and each
//! section only when it has something to say.
use leptos::prelude::*;

use super::details::{AvailableFrom, ExposeDetails};
use crate::i18n::{self, t};
use crate::offers::domain::{HousingKind, Price};

type Row = (&'static str, String);

/// The cost rows: Kaltmiete (the rent price), Nebenkosten, Heizkosten,
/// Warmmiete and Kaution for rentals; Hausgeld for purchases; commission for both.
pub fn cost_rows(d: &ExposeDetails, kind: HousingKind, price: &Price) -> Vec<Row> {
    let money = |label: &'static str, v: Option<i64>| v.map(|c| (label, i18n::euro(c)));
    let heating = match (d.heating_costs_cents, d.heating_in_service_charge) {
        (Some(c), _) => Some((t().expose_heating_costs, i18n::euro(c))),
        (None, Some(true)) => Some((t().expose_heating_costs, t().expose_heating_included.to_owned())),
        _ => None,
    };
    let rows = match kind {
        HousingKind::Rent => vec![
            money(t().expose_cold_rent, price.cents),
            money(t().expose_service_charge, d.service_charge_cents),
            heating,
            money(t().expose_warm_rent, d.warm_rent_cents),
            money(t().expose_deposit, d.deposit_cents),
        ],
        HousingKind::Buy => vec![money(t().expose_hausgeld, d.hausgeld_cents)],
    };
    let commission = d.commission.clone().map(|c| (t().expose_commission, c));
    rows.into_iter().chain([commission]).flatten().collect()
}

/// Floor, year built, condition, heating, energy certificate, availability.
pub fn building_rows(d: &ExposeDetails) -> Vec<Row> {
    let floor = match (d.floor, d.floors_total) {
        (Some(f), Some(n)) => Some(t().expose_floor_of.replace("{floor}", &f.to_string()).replace("{total}", &n.to_string())),
        (Some(f), None) => Some(f.to_string()),
        _ => None,
    };
    let certificate = d.energy_certificate.map(|c| t().expose_energy_certificate_kind.replace("{kind}", c.label()));
    let value = d.energy_value_tenths.map(|v| t().expose_energy_value_unit.replace("{value}", &i18n::decimal(i64::from(v), 1)));
    let available = d.available_from.as_ref().map(|a| match a {
        AvailableFrom::Date(day) => i18n::date(&day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()),
        AvailableFrom::Text(s) => s.clone(),
    });
    [
        floor.map(|f| (t().expose_floor, f)),
        d.year_built.map(|y| (t().expose_year_built, y.to_string())),
        d.condition.map(|c| (t().expose_condition, c.label().to_owned())),
        d.heating_type.map(|h| (t().expose_heating_type, h.label().to_owned())),
        d.energy_source.map(|s| (t().expose_energy_source, s.label().to_owned())),
        certificate.map(|c| (t().expose_energy_certificate, c)),
        value.map(|v| (t().expose_energy_value, v)),
        available.map(|a| (t().expose_available_from, a)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The sections after the Objektbeschreibung: (anchor id, heading, text).
pub fn sections(d: &ExposeDetails) -> Vec<(&'static str, &'static str, String)> {
    [
        ("lage", t().expose_section_location, &d.location_text),
        ("ausstattung", t().expose_section_features, &d.features_text),
        ("sonstiges", t().expose_section_other, &d.other_text),
    ]
    .into_iter()
    .filter_map(|(id, h, text)| text.as_ref().filter(|s| !s.trim().is_empty()).map(|s| (id, h, s.clone())))
    .collect()
}

fn rows_view(rows: Vec<Row>) -> impl IntoView {
    rows.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()
}

/// Paragraphs of a text (blank lines between them).
pub fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.trim().to_owned()}</p> }).collect_view()
}

/// Costs and building facts as two cards, each only when it has rows.
#[component]
pub fn ExposeFacts(details: ExposeDetails, kind: HousingKind, price: Price) -> impl IntoView {
    let costs = cost_rows(&details, kind, &price);
    let building = building_rows(&details);
    view! {
        <div class="expose-facts">
            {(!costs.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="kosten">
                    <h2 id="kosten">{t().expose_costs}</h2>
                    <dl>{rows_view(costs)}</dl>
                </section>
            })}
            {(!building.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="bausubstanz">
                    <h2 id="bausubstanz">{t().expose_building}</h2>
                    <dl>{rows_view(building)}</dl>
                </section>
            })}
        </div>
    }
}

/// Lage, Ausstattung and Sonstiges, each with its heading when not empty.
#[component]
pub fn ExposeSections(details: ExposeDetails) -> impl IntoView {
    sections(&details)
        .into_iter()
        .map(|(id, heading, text)| {
            view! {
                <section class="expose-section" aria-labelledby=id>
                    <h2 id=id>{heading}</h2>
                    {paragraphs(&text)}
                </section>
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::housing::details::{Condition, EnergyCertificate};
    use crate::offers::domain::PriceModel;

    #[test]
    fn rows_only_for_what_is_known() {
        let price = Price { model: PriceModel::PerMonth, cents: Some(73_000) };
        let d = ExposeDetails { heating_in_service_charge: Some(true), deposit_cents: Some(219_000), hausgeld_cents: Some(1), ..Default::default() };
        let rows = cost_rows(&d, HousingKind::Rent, &price);
        let labels: Vec<_> = rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels, [t().expose_cold_rent, t().expose_heating_costs, t().expose_deposit]);
        assert_eq!(rows[1].1, t().expose_heating_included);
        assert!(cost_rows(&ExposeDetails::default(), HousingKind::Buy, &price).is_empty());
        assert!(building_rows(&ExposeDetails::default()).is_empty());
        let b = ExposeDetails {
            floor: Some(2),
            floors_total: Some(4),
            condition: Some(Condition::FirstOccupancy),
            energy_certificate: Some(EnergyCertificate::Demand),
            energy_value_tenths: Some(455),
            ..Default::default()
        };
        let rows = building_rows(&b);
        assert_eq!(rows.len(), 4);
        assert!(rows[0].1.contains('2') && rows[0].1.contains('4'));
        assert!(rows[3].1.contains("45") && rows[3].1.contains("kWh"));
    }

    #[test]
    fn sections_only_when_not_empty() {
        let d = ExposeDetails { location_text: Some("Am Rhein.".into()), other_text: Some("  ".into()), ..Default::default() };
        let s = sections(&d);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].0, s[0].2.as_str()), ("lage", "Am Rhein."));
    }
}
