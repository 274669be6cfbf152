//! Pure rules: a listing's exposé details (costs, building, energy,
//! availability, text sections) and back. [`overlay_details`] writes only
//! the details whose value differs from what the base listing maps to, so
//! an unedited offer exports exactly as imported.
use openimmo::{Energiepass, Listing};

use super::mapping::plain;
use crate::housing::details::{
    AvailableFrom, Condition, EnergyCertificate, EnergySource, ExposeDetails, HeatingType, COMMISSION_CHARS, SECTION_CHARS,
};
use crate::offers::domain::HousingKind;

/// What a listing without commission text but `provisionspflichtig` false shows.
pub const NO_COMMISSION: &str = "provisionsfrei";

fn cents(v: Option<f64>) -> Option<i64> {
    let c = (v? * 100.0).round();
    (c.is_finite() && (0.0..1e12).contains(&c)).then_some(c as i64)
}

fn euros(c: Option<i64>) -> Option<f64> {
    c.map(|c| c as f64 / 100.0)
}

fn within(v: Option<i32>, min: i32, max: i32) -> Option<i32> {
    v.filter(|v| (min..=max).contains(v))
}

fn text(s: Option<&String>, max: usize) -> Option<String> {
    let t: String = plain(s?).chars().take(max).collect();
    Some(t.trim_end().to_owned()).filter(|t| !t.is_empty())
}

/// The energy certificate and its value from the first `energiepass`:
/// the Bedarf value for a Bedarfsausweis, the Verbrauch value for a
/// Verbrauchsausweis, whichever is given without a type.
fn energy(pass: Option<&Energiepass>) -> (Option<EnergyCertificate>, Option<i32>) {
    let Some(p) = pass else { return (None, None) };
    let cert = p.epart.as_deref().and_then(EnergyCertificate::from_openimmo);
    let value = match cert {
        Some(EnergyCertificate::Demand) => p.endenergiebedarf,
        Some(EnergyCertificate::Consumption) => p.energieverbrauchkennwert,
        None => p.endenergiebedarf.or(p.energieverbrauchkennwert),
    };
    let tenths = value.map(|v| (v * 10.0).round()).filter(|v| v.is_finite() && (0.0..=10_000.0).contains(v)).map(|v| v as i32);
    (cert, tenths)
}

/// The details of a listing, as the offer of `kind` keeps them.
pub fn details(l: &Listing, kind: HousingKind) -> ExposeDetails {
    let p = &l.preise;
    let z = &l.zustand;
    let a = &l.ausstattung;
    let t = &l.freitexte;
    let commission = text(p.aussen_courtage.as_ref(), COMMISSION_CHARS).or_else(|| (p.provisionspflichtig == Some(false)).then(|| NO_COMMISSION.to_owned()));
    let (energy_certificate, energy_value_tenths) = energy(z.energiepass.first());
    ExposeDetails {
        warm_rent_cents: cents(p.warmmiete),
        service_charge_cents: cents(p.nebenkosten),
        heating_costs_cents: cents(p.heizkosten),
        heating_in_service_charge: p.heizkosten_enthalten.filter(|b| *b),
        deposit_cents: cents(p.kaution),
        commission,
        hausgeld_cents: cents(p.hausgeld),
        floor: within(l.geo.etage, -5, 200),
        floors_total: within(l.geo.anzahl_etagen, 1, 200),
        year_built: within(z.baujahr.as_deref().and_then(|y| y.trim().parse().ok()), 1500, 2100),
        condition: z.zustand.as_deref().and_then(Condition::parse),
        heating_type: a.heizungsart.iter().find_map(|h| HeatingType::parse(h)),
        energy_source: a.befeuerung.iter().find_map(|b| EnergySource::parse(b)),
        energy_certificate,
        energy_value_tenths,
        available_from: l.verwaltung_objekt.verfuegbar_ab.as_deref().and_then(AvailableFrom::parse),
        location_text: text(t.lage.as_ref(), SECTION_CHARS),
        features_text: text(t.ausstatt_beschr.as_ref(), SECTION_CHARS),
        other_text: text(t.sonstige_angaben.as_ref(), SECTION_CHARS),
    }
    .for_kind(kind)
}

/// Writes into `l` every detail of `now` that differs from `was` (what the
/// base listing maps to; None: write all).
pub fn overlay_details(l: &mut Listing, was: Option<&ExposeDetails>, now: &ExposeDetails) {
    macro_rules! changed {
        ($($f:ident),+) => { was.is_none_or(|w| $(w.$f != now.$f)||+) };
    }
    let p = &mut l.preise;
    if changed!(warm_rent_cents) {
        p.warmmiete = euros(now.warm_rent_cents);
    }
    if changed!(service_charge_cents) {
        p.nebenkosten = euros(now.service_charge_cents);
    }
    if changed!(heating_costs_cents) {
        p.heizkosten = euros(now.heating_costs_cents);
    }
    if changed!(heating_in_service_charge) {
        p.heizkosten_enthalten = now.heating_in_service_charge;
    }
    if changed!(deposit_cents) {
        p.kaution = euros(now.deposit_cents);
    }
    if changed!(commission) {
        p.aussen_courtage = now.commission.clone();
        p.provisionspflichtig = None;
    }
    if changed!(hausgeld_cents) {
        p.hausgeld = euros(now.hausgeld_cents);
    }
    if changed!(floor) {
        l.geo.etage = now.floor;
    }
    if changed!(floors_total) {
        l.geo.anzahl_etagen = now.floors_total;
    }
    if changed!(year_built) {
        l.zustand.baujahr = now.year_built.map(|y| y.to_string());
    }
    if changed!(condition) {
        l.zustand.zustand = now.condition.map(|c| c.code().to_owned());
    }
    if changed!(heating_type) {
        l.ausstattung.heizungsart = now.heating_type.map(|h| vec![h.code().to_owned()]).unwrap_or_default();
    }
    if changed!(energy_source) {
        l.ausstattung.befeuerung = now.energy_source.map(|s| vec![s.code().to_owned()]).unwrap_or_default();
    }
    if changed!(energy_certificate, energy_value_tenths) {
        let passes = &mut l.zustand.energiepass;
        if passes.is_empty() {
            passes.push(Energiepass::default());
        }
        let pass = &mut passes[0];
        pass.epart = now.energy_certificate.map(|c| c.code().to_owned());
        let value = now.energy_value_tenths.map(|v| f64::from(v) / 10.0);
        (pass.endenergiebedarf, pass.energieverbrauchkennwert) = match now.energy_certificate {
            Some(EnergyCertificate::Consumption) => (None, value),
            _ => (value, None),
        };
    }
    if changed!(available_from) {
        l.verwaltung_objekt.verfuegbar_ab = now.available_from.as_ref().map(AvailableFrom::stored);
    }
    let t = &mut l.freitexte;
    if changed!(location_text) {
        t.lage = now.location_text.clone();
    }
    if changed!(features_text) {
        t.ausstatt_beschr = now.features_text.clone();
    }
    if changed!(other_text) {
        t.sonstige_angaben = now.other_text.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> Listing {
        let mut l = Listing::default();
        let p = &mut l.preise;
        (p.kaltmiete, p.warmmiete, p.nebenkosten, p.heizkosten, p.kaution) = (Some(730.0), Some(980.5), Some(160.0), Some(90.5), Some(2190.0));
        (p.heizkosten_enthalten, p.provisionspflichtig, p.hausgeld) = (Some(false), Some(false), Some(250.0));
        (l.geo.etage, l.geo.anzahl_etagen) = (Some(2), Some(4));
        l.zustand.baujahr = Some("1962".into());
        l.zustand.zustand = Some("GEPFLEGT".into());
        l.zustand.energiepass =
            vec![Energiepass { epart: Some("VERBRAUCHSPASS".into()), energieverbrauchkennwert: Some(123.45), endenergiebedarf: Some(99.0), ..Default::default() }];
        l.ausstattung.heizungsart = vec!["FERN".into(), "FUSSBODEN".into()];
        l.ausstattung.befeuerung = vec!["UNBEKANNT".into(), "GAS".into()];
        l.verwaltung_objekt.verfuegbar_ab = Some("01.03.2027".into());
        l.freitexte.lage = Some("Nahe <b>Rheinpark</b>".into());
        l.freitexte.sonstige_angaben = Some("  ".into());
        l
    }

    #[test]
    fn a_listings_details() {
        let d = details(&listing(), HousingKind::Rent);
        assert_eq!((d.warm_rent_cents, d.service_charge_cents, d.heating_costs_cents, d.deposit_cents), (Some(98_050), Some(16_000), Some(9_050), Some(219_000)));
        assert_eq!((d.heating_in_service_charge, d.commission.as_deref(), d.hausgeld_cents), (None, Some(NO_COMMISSION), None));
        assert_eq!((d.floor, d.floors_total, d.year_built, d.condition), (Some(2), Some(4), Some(1962), Some(Condition::WellKept)));
        assert_eq!((d.heating_type, d.energy_source), (Some(HeatingType::District), Some(EnergySource::Gas)));
        assert_eq!((d.energy_certificate, d.energy_value_tenths), (Some(EnergyCertificate::Consumption), Some(1235)));
        assert_eq!(d.available_from.map(|a| a.stored()).as_deref(), Some("2027-03-01"));
        assert_eq!((d.location_text.as_deref(), d.other_text), (Some("Nahe Rheinpark"), None));
        assert_eq!(details(&listing(), HousingKind::Buy).hausgeld_cents, Some(25_000));
    }

    #[test]
    fn overlay_writes_only_what_changed_and_reads_back() {
        let base = listing();
        let was = details(&base, HousingKind::Rent);
        let mut same = base.clone();
        overlay_details(&mut same, Some(&was), &was);
        assert_eq!(same, base, "unchanged details leave the listing as it was");
        let now = ExposeDetails {
            commission: None,
            condition: Some(Condition::Renovated),
            energy_certificate: Some(EnergyCertificate::Demand),
            energy_value_tenths: Some(455),
            heating_type: None,
            other_text: Some("Keine Haustiere.".into()),
            ..was.clone()
        };
        let mut out = base.clone();
        overlay_details(&mut out, Some(&was), &now);
        assert_eq!(details(&out, HousingKind::Rent), now);
        let mut fresh = Listing::default();
        overlay_details(&mut fresh, None, &now);
        assert_eq!(details(&fresh, HousingKind::Rent), now, "an offer made on the platform");
    }
}
