use super::*;

fn rental() -> DetailsForm {
    DetailsForm {
        warm_rent: "980,50".into(),
        service_charge: "160".into(),
        heating_costs: "90".into(),
        heating_in_service_charge: true,
        deposit: "2.190".into(),
        commission: " provisionsfrei ".into(),
        hausgeld: "300".into(),
        floor: "2".into(),
        floors_total: "4".into(),
        year_built: "1962".into(),
        condition: "gepflegt".into(),
        heating_type: "ZENTRAL".into(),
        energy_source: "gas".into(),
        energy_certificate: "VERBRAUCH".into(),
        energy_value: "123,4".into(),
        available_from: "01.03.2027".into(),
        location_text: "Nahe Rheinpark.".into(),
        features_text: "".into(),
        other_text: "  ".into(),
    }
}

#[test]
fn a_rentals_details_are_typed() {
    let mut errors = FieldErrors::new();
    let d = rental().parse(HousingKind::Rent, Some(73_000), &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((d.warm_rent_cents, d.service_charge_cents, d.heating_costs_cents, d.deposit_cents), (Some(98_050), Some(16_000), Some(9_000), Some(219_000)));
    assert_eq!((d.heating_in_service_charge, d.commission.as_deref()), (Some(true), Some("provisionsfrei")));
    assert_eq!(d.hausgeld_cents, None, "Hausgeld belongs to purchases");
    assert_eq!((d.floor, d.floors_total, d.year_built), (Some(2), Some(4), Some(1962)));
    assert_eq!((d.condition, d.heating_type, d.energy_source), (Some(Condition::WellKept), Some(HeatingType::Central), Some(EnergySource::Gas)));
    assert_eq!((d.energy_certificate, d.energy_value_tenths), (Some(EnergyCertificate::Consumption), Some(1234)));
    assert_eq!(d.available_from, Some(AvailableFrom::Date(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap())));
    assert_eq!((d.location_text.as_deref(), d.features_text, d.other_text), (Some("Nahe Rheinpark."), None, None));
}

#[test]
fn a_purchase_keeps_hausgeld_and_drops_rent_parts() {
    let mut errors = FieldErrors::new();
    let d = rental().parse(HousingKind::Buy, Some(25_000_000), &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((d.hausgeld_cents, d.warm_rent_cents, d.deposit_cents, d.heating_in_service_charge), (Some(30_000), None, None, None));
}

#[test]
fn every_wrong_field_is_named_and_nothing_typed_is_lost() {
    let bad = DetailsForm {
        warm_rent: "700".into(),
        service_charge: "viel".into(),
        floor: "5".into(),
        floors_total: "3".into(),
        year_built: "1200".into(),
        condition: "abrissreif".into(),
        energy_value: "-3".into(),
        available_from: "x".repeat(61),
        commission: "p".repeat(101),
        ..rental()
    };
    let mut errors = FieldErrors::new();
    bad.parse(HousingKind::Rent, Some(73_000), &mut errors);
    let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["warm_rent", "floor", "year_built", "energy_value", "available_from", "service_charge", "commission", "condition"]);
    assert!(errors.iter().all(|(_, m)| !m.is_empty()));
    assert_eq!(bad.service_charge, "viel", "the form keeps what was typed");
}

#[test]
fn stored_details_come_back_as_typed() {
    let mut errors = FieldErrors::new();
    let d = rental().parse(HousingKind::Rent, None, &mut errors);
    let again = DetailsForm::of(&d).parse(HousingKind::Rent, None, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(again, d);
    assert_eq!(DetailsForm::of(&d).deposit, "2190");
    assert_eq!(DetailsForm::of(&d).available_from, "01.03.2027");
}

#[test]
fn availability_is_a_date_or_words() {
    assert_eq!(AvailableFrom::parse("2027-03-01").map(|a| a.stored()).as_deref(), Some("2027-03-01"));
    assert_eq!(AvailableFrom::parse("1.3.2027").map(|a| a.typed()).as_deref(), Some("01.03.2027"));
    assert_eq!(AvailableFrom::parse(" sofort "), Some(AvailableFrom::Text("sofort".into())));
    assert_eq!(AvailableFrom::parse("31.02.2027"), None, "no such day");
    assert_eq!(AvailableFrom::parse(""), None);
}

#[test]
fn codes_read_openimmo_spellings() {
    assert_eq!(EnergyCertificate::from_openimmo("bedarfspass"), Some(EnergyCertificate::Demand));
    assert_eq!(EnergyCertificate::from_openimmo("VERBRAUCH"), Some(EnergyCertificate::Consumption));
    assert_eq!(Condition::parse("PROJEKTIERT"), None, "new builds are a category");
    for c in Condition::ALL {
        assert_eq!(Condition::parse(c.code()), Some(*c));
        assert!(!c.label().is_empty());
    }
}

#[test]
fn merge_keeps_the_other_persons_fields() {
    let base = rental();
    let mine = DetailsForm { deposit: "3000".into(), ..base.clone() };
    let theirs = DetailsForm { location_text: "Am Park.".into(), ..base.clone() };
    let m = DetailsForm::merge(&base, &mine, &theirs);
    assert_eq!((m.deposit.as_str(), m.location_text.as_str()), ("3000", "Am Park."));
}
