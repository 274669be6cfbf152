//! The housing exposé's key facts and text sections beyond rooms and area:
//! rent and its parts, deposit, commission, Hausgeld, floor, year built,
//! condition, heating, energy certificate and availability, plus the
//! Lage / Ausstattung / Sonstiges texts. Typed values ([`ExposeDetails`])
//! are only made by [`DetailsForm::parse`] (the editor) or the OpenImmo
//! mapping; codes are OpenImmo's, so import and export need no tables.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::common::form::FieldErrors;
use crate::i18n::parse_decimal;

/// Buy or rent: the kind of a housing offer.
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


pub const COMMISSION_CHARS: usize = 100;
pub const SECTION_CHARS: usize = 5000;
pub const AVAILABLE_CHARS: usize = 60;
const MAX_MONEY_CENTS: i64 = 10_000_000_00;
const YEARS: (i32, i32) = (1500, 2100);
const FLOORS: (i32, i32) = (-5, 200);
/// kWh/(m²·a) in tenths: 0 to 1000.
const MAX_ENERGY_TENTHS: i64 = 10_000;

/// A closed list of OpenImmo codes with a localized label each.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($v:ident = $code:literal => $label:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name { $($v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$v),+];
            pub fn code(self) -> &'static str {
                match self { $(Self::$v => $code),+ }
            }
            /// By code, any case; None for codes not on the list.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(s))
            }
            pub fn label(self) -> &'static str {
                match self { $(Self::$v => t().$label),+ }
            }
        }
    };
}

codes!(
    /// `zustand_art`. The new-build states (PROJEKTIERT, ROHBAU) are the
    /// Neubauprojekte category instead.
    Condition {
        FirstOccupancy = "ERSTBEZUG" => condition_erstbezug,
        AsNew = "NEUWERTIG" => condition_neuwertig,
        Refurbished = "TEIL_VOLLSANIERT" => condition_saniert,
        Renovated = "TEIL_VOLLRENOVIERT" => condition_renoviert,
        Modernised = "MODERNISIERT" => condition_modernisiert,
        WellKept = "GEPFLEGT" => condition_gepflegt,
        NeedsRenovation = "TEIL_VOLLRENOVIERUNGSBEDUERFTIG" => condition_renovierungsbeduerftig,
        NeedsRefurbishment = "SANIERUNGSBEDUERFTIG" => condition_sanierungsbeduerftig,
        ByArrangement = "NACH_VEREINBARUNG" => condition_nach_vereinbarung,
    }
);

codes!(
    /// `heizungsart`.
    HeatingType {
        Central = "ZENTRAL" => heating_zentral,
        Floor = "ETAGE" => heating_etage,
        District = "FERN" => heating_fern,
        Underfloor = "FUSSBODEN" => heating_fussboden,
        Stove = "OFEN" => heating_ofen,
    }
);

codes!(
    /// `befeuerung`.
    EnergySource {
        Gas = "GAS" => source_gas,
        Oil = "OEL" => source_oel,
        District = "FERN" => source_fern,
        HeatPump = "LUFTWP" => source_luftwp,
        Geothermal = "ERDWAERME" => source_erdwaerme,
        Electric = "ELEKTRO" => source_elektro,
        Solar = "SOLAR" => source_solar,
        Pellets = "PELLET" => source_pellet,
        Wood = "HOLZ" => source_holz,
        Chp = "BLOCK" => source_block,
        LiquidGas = "FLUESSIGGAS" => source_fluessiggas,
    }
);

codes!(
    /// `epart`: demand- or consumption-based certificate.
    EnergyCertificate {
        Demand = "BEDARF" => certificate_bedarf,
        Consumption = "VERBRAUCH" => certificate_verbrauch,
    }
);

impl EnergyCertificate {
    /// Also the older spellings BEDARFSPASS / VERBRAUCHSPASS.
    pub fn from_openimmo(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_uppercase();
        Self::parse(s.strip_suffix("SPASS").unwrap_or(&s))
    }
}

/// Bezugsfrei ab: a date, or words such as "sofort" or "nach Vereinbarung".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AvailableFrom {
    Date(NaiveDate),
    Text(String),
}

impl AvailableFrom {
    /// `01.03.2027`, `1.3.2027` or `2027-03-01` is a date; other words up
    /// to 60 characters are kept as written; empty, longer or a day that
    /// does not exist is None.
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        if s.is_empty() || s.chars().count() > AVAILABLE_CHARS {
            return None;
        }
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y")).ok();
        // Something written as a date must be one.
        if s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
            return date.map(Self::Date);
        }
        Some(match date {
            Some(d) => Self::Date(d),
            None => Self::Text(s.to_owned()),
        })
    }

    /// As stored and exported: ISO date or the text.
    pub fn stored(&self) -> String {
        match self {
            Self::Date(d) => d.format("%Y-%m-%d").to_string(),
            Self::Text(s) => s.clone(),
        }
    }

    /// As the editor shows it: German date or the text.
    pub fn typed(&self) -> String {
        match self {
            Self::Date(d) => d.format("%d.%m.%Y").to_string(),
            Self::Text(s) => s.clone(),
        }
    }
}

/// The exposé's facts and sections, every one optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposeDetails {
    pub warm_rent_cents: Option<i64>,
    pub service_charge_cents: Option<i64>,
    pub heating_costs_cents: Option<i64>,
    /// Heizkosten in Nebenkosten enthalten.
    pub heating_in_service_charge: Option<bool>,
    pub deposit_cents: Option<i64>,
    /// Provision/Courtage as the agent words it.
    pub commission: Option<String>,
    pub hausgeld_cents: Option<i64>,
    pub floor: Option<i32>,
    pub floors_total: Option<i32>,
    pub year_built: Option<i32>,
    pub condition: Option<Condition>,
    pub heating_type: Option<HeatingType>,
    pub energy_source: Option<EnergySource>,
    pub energy_certificate: Option<EnergyCertificate>,
    /// kWh/(m²·a) in tenths.
    pub energy_value_tenths: Option<i32>,
    pub available_from: Option<AvailableFrom>,
    pub location_text: Option<String>,
    pub features_text: Option<String>,
    pub other_text: Option<String>,
}

impl ExposeDetails {
    /// Keeps only what fits the kind: rent parts and deposit for rentals,
    /// Hausgeld for purchases.
    pub fn for_kind(mut self, kind: HousingKind) -> Self {
        match kind {
            HousingKind::Buy => {
                (self.warm_rent_cents, self.service_charge_cents, self.heating_costs_cents) = (None, None, None);
                (self.heating_in_service_charge, self.deposit_cents) = (None, None);
            }
            HousingKind::Rent => self.hausgeld_cents = None,
        }
        self
    }
}

/// The editor's fields for [`ExposeDetails`], as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsForm {
    pub warm_rent: String,
    pub service_charge: String,
    pub heating_costs: String,
    pub heating_in_service_charge: bool,
    pub deposit: String,
    pub commission: String,
    pub hausgeld: String,
    pub floor: String,
    pub floors_total: String,
    pub year_built: String,
    pub condition: String,
    pub heating_type: String,
    pub energy_source: String,
    pub energy_certificate: String,
    pub energy_value: String,
    pub available_from: String,
    pub location_text: String,
    pub features_text: String,
    pub other_text: String,
}

/// An empty field is None; anything else must pass `read` or is an error
/// on `field` — the typed text stays in the form either way.
fn optional<T>(raw: &str, field: &'static str, message: &str, errors: &mut FieldErrors, read: impl Fn(&str) -> Option<T>) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let v = read(raw);
    if v.is_none() {
        errors.push((field, message.to_owned()));
    }
    v
}

fn money(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    optional(raw, field, t().error_bad_amount, errors, |s| parse_decimal(s, 2).filter(|c| *c <= MAX_MONEY_CENTS))
}

fn whole(raw: &str, (min, max): (i32, i32)) -> Option<i32> {
    raw.parse::<i32>().ok().filter(|v| (min..=max).contains(v))
}

fn text(raw: &str, field: &'static str, max: usize, errors: &mut FieldErrors) -> Option<String> {
    let message = t().draft_error_length.replace("{min}", "0").replace("{max}", &max.to_string());
    optional(raw, field, &message, errors, |s| (s.chars().count() <= max).then(|| s.replace("\r\n", "\n")))
}

fn code<T>(raw: &str, field: &'static str, errors: &mut FieldErrors, parse: fn(&str) -> Option<T>) -> Option<T> {
    optional(raw, field, t().error_bad_choice, errors, parse)
}

impl DetailsForm {
    /// The details, or a message for every wrong field (appended to
    /// `errors`). `rent_cents` is the Kaltmiete for the Warmmiete check.
    pub fn parse(&self, kind: HousingKind, rent_cents: Option<i64>, errors: &mut FieldErrors) -> ExposeDetails {
        let warm_rent_cents = money(&self.warm_rent, "warm_rent", errors);
        if let (Some(warm), Some(cold), HousingKind::Rent) = (warm_rent_cents, rent_cents, kind) {
            if warm < cold {
                errors.push(("warm_rent", t().error_warm_below_cold.to_owned()));
            }
        }
        let floor = optional(&self.floor, "floor", t().error_bad_floor, errors, |s| whole(s, FLOORS));
        let floors_total = optional(&self.floors_total, "floors_total", t().error_bad_floor, errors, |s| whole(s, (1, FLOORS.1)));
        if let (Some(f), Some(n)) = (floor, floors_total) {
            if f > n {
                errors.push(("floor", t().error_floor_above_total.to_owned()));
            }
        }
        let year_built = optional(&self.year_built, "year_built", t().error_bad_year, errors, |s| whole(s, YEARS));
        let energy_value_tenths = optional(&self.energy_value, "energy_value", t().error_bad_energy_value, errors, |s| {
            parse_decimal(s, 1).filter(|v| *v <= MAX_ENERGY_TENTHS).map(|v| v as i32)
        });
        let available_from = optional(&self.available_from, "available_from", t().error_bad_available, errors, AvailableFrom::parse);
        ExposeDetails {
            warm_rent_cents,
            service_charge_cents: money(&self.service_charge, "service_charge", errors),
            heating_costs_cents: money(&self.heating_costs, "heating_costs", errors),
            heating_in_service_charge: self.heating_in_service_charge.then_some(true),
            deposit_cents: money(&self.deposit, "deposit", errors),
            commission: text(&self.commission, "commission", COMMISSION_CHARS, errors),
            hausgeld_cents: money(&self.hausgeld, "hausgeld", errors),
            floor,
            floors_total,
            year_built,
            condition: code(&self.condition, "condition", errors, Condition::parse),
            heating_type: code(&self.heating_type, "heating_type", errors, HeatingType::parse),
            energy_source: code(&self.energy_source, "energy_source", errors, EnergySource::parse),
            energy_certificate: code(&self.energy_certificate, "energy_certificate", errors, EnergyCertificate::parse),
            energy_value_tenths,
            available_from,
            location_text: text(&self.location_text, "location_text", SECTION_CHARS, errors),
            features_text: text(&self.features_text, "features_text", SECTION_CHARS, errors),
            other_text: text(&self.other_text, "other_text", SECTION_CHARS, errors),
        }
        .for_kind(kind)
    }

    /// Three-way merge after an edit conflict, field by field (see `OfferForm::merge`).
    pub fn merge(base: &Self, mine: &Self, theirs: &Self) -> Self {
        macro_rules! pick {
            ($($f:ident),+) => { Self { $($f: if mine.$f != base.$f { mine.$f.clone() } else { theirs.$f.clone() }),+ } };
        }
        pick!(
            warm_rent, service_charge, heating_costs, heating_in_service_charge, deposit, commission, hausgeld, floor, floors_total,
            year_built, condition, heating_type, energy_source, energy_certificate, energy_value, available_from, location_text,
            features_text, other_text
        )
    }

    /// Every field with its label, for the edit conflict table.
    pub fn labelled(&self) -> Vec<(&'static str, String)> {
        let x = t();
        let flag = if self.heating_in_service_charge { x.expose_heating_included } else { "" };
        vec![
            (x.expose_warm_rent, self.warm_rent.clone()),
            (x.expose_service_charge, self.service_charge.clone()),
            (x.expose_heating_costs, self.heating_costs.clone()),
            (x.expose_heating_included, flag.to_owned()),
            (x.expose_deposit, self.deposit.clone()),
            (x.expose_commission, self.commission.clone()),
            (x.expose_hausgeld, self.hausgeld.clone()),
            (x.expose_floor, self.floor.clone()),
            (x.expose_floors_total, self.floors_total.clone()),
            (x.expose_year_built, self.year_built.clone()),
            (x.expose_condition, self.condition.clone()),
            (x.expose_heating_type, self.heating_type.clone()),
            (x.expose_energy_source, self.energy_source.clone()),
            (x.expose_energy_certificate, self.energy_certificate.clone()),
            (x.expose_energy_value, self.energy_value.clone()),
            (x.expose_available_from, self.available_from.clone()),
            (x.expose_section_location, self.location_text.clone()),
            (x.expose_section_features, self.features_text.clone()),
            (x.expose_section_other, self.other_text.clone()),
        ]
    }

    /// The fields for stored details.
    pub fn of(d: &ExposeDetails) -> Self {
        let dec = |v: Option<i64>, scale| v.map(|v| crate::i18n::decimal_in(crate::i18n::Locale::De, v, scale).replace('.', "")).unwrap_or_default();
        let num = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
        let code = |c: Option<&'static str>| c.unwrap_or_default().to_owned();
        Self {
            warm_rent: dec(d.warm_rent_cents, 2),
            service_charge: dec(d.service_charge_cents, 2),
            heating_costs: dec(d.heating_costs_cents, 2),
            heating_in_service_charge: d.heating_in_service_charge == Some(true),
            deposit: dec(d.deposit_cents, 2),
            commission: d.commission.clone().unwrap_or_default(),
            hausgeld: dec(d.hausgeld_cents, 2),
            floor: num(d.floor),
            floors_total: num(d.floors_total),
            year_built: num(d.year_built),
            condition: code(d.condition.map(Condition::code)),
            heating_type: code(d.heating_type.map(HeatingType::code)),
            energy_source: code(d.energy_source.map(EnergySource::code)),
            energy_certificate: code(d.energy_certificate.map(EnergyCertificate::code)),
            energy_value: dec(d.energy_value_tenths.map(i64::from), 1),
            available_from: d.available_from.as_ref().map(AvailableFrom::typed).unwrap_or_default(),
            location_text: d.location_text.clone().unwrap_or_default(),
            features_text: d.features_text.clone().unwrap_or_default(),
            other_text: d.other_text.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
#[path = "details_tests.rs"]
mod tests;
