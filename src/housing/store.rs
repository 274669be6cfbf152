//! The exposé details as `offer` columns (see the migration
//! `m20261201_000101_housing_expose` for why columns, not a table).
use sea_orm::Set;

use super::details::{AvailableFrom, Condition, EnergyCertificate, EnergySource, ExposeDetails, HeatingType};
use crate::db::entities::offer;

/// The stored details; codes no longer on a list read as None.
pub fn details_of(o: &offer::Model) -> ExposeDetails {
    ExposeDetails {
        warm_rent_cents: o.warm_rent_cents,
        service_charge_cents: o.service_charge_cents,
        heating_costs_cents: o.heating_costs_cents,
        heating_in_service_charge: o.heating_in_service_charge,
        deposit_cents: o.deposit_cents,
        commission: o.commission.clone(),
        hausgeld_cents: o.hausgeld_cents,
        floor: o.floor,
        floors_total: o.floors_total,
        year_built: o.year_built,
        condition: o.condition.as_deref().and_then(Condition::parse),
        heating_type: o.heating_type.as_deref().and_then(HeatingType::parse),
        energy_source: o.energy_source.as_deref().and_then(EnergySource::parse),
        energy_certificate: o.energy_certificate.as_deref().and_then(EnergyCertificate::parse),
        energy_value_tenths: o.energy_value_tenths,
        available_from: o.available_from.as_deref().and_then(AvailableFrom::parse),
        location_text: o.location_text.clone(),
        features_text: o.features_text.clone(),
        other_text: o.other_text.clone(),
    }
}

/// Writes every detail column (None clears it).
pub fn set_details(m: &mut offer::ActiveModel, d: &ExposeDetails) {
    let code = |c: Option<&str>| c.map(str::to_owned);
    m.warm_rent_cents = Set(d.warm_rent_cents);
    m.service_charge_cents = Set(d.service_charge_cents);
    m.heating_costs_cents = Set(d.heating_costs_cents);
    m.heating_in_service_charge = Set(d.heating_in_service_charge);
    m.deposit_cents = Set(d.deposit_cents);
    m.commission = Set(d.commission.clone());
    m.hausgeld_cents = Set(d.hausgeld_cents);
    m.floor = Set(d.floor);
    m.floors_total = Set(d.floors_total);
    m.year_built = Set(d.year_built);
    m.condition = Set(code(d.condition.map(Condition::code)));
    m.heating_type = Set(code(d.heating_type.map(HeatingType::code)));
    m.energy_source = Set(code(d.energy_source.map(EnergySource::code)));
    m.energy_certificate = Set(code(d.energy_certificate.map(EnergyCertificate::code)));
    m.energy_value_tenths = Set(d.energy_value_tenths);
    m.available_from = Set(d.available_from.as_ref().map(AvailableFrom::stored));
    m.location_text = Set(d.location_text.clone());
    m.features_text = Set(d.features_text.clone());
    m.other_text = Set(d.other_text.clone());
}
