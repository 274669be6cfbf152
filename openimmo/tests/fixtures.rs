//! Every fixture in tests/data/openimmo: what it reads as, or where it breaks.
use openimmo::zip::{read_zip, ZipError};
use openimmo::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../tests/data/openimmo/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parsed(name: &str) -> Parsed {
    parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn duisburg_voll_maps_every_section() {
    let p = parsed("duisburg-voll.xml");
    let d = &p.document;
    assert_eq!(d.uebertragung.umfang, Some(Umfang::Voll));
    assert_eq!(d.uebertragung.version.as_deref(), Some("1.2.7"));
    assert_eq!(d.anbieter.len(), 1);
    let a = &d.anbieter[0];
    assert_eq!(a.firma.as_deref(), Some("Rhein & Ruhr Immobilien GmbH"));
    assert_eq!(a.openimmo_anid.as_deref(), Some("RRI42"));
    assert_eq!(a.immobilien.len(), 3, "the one without a vermarktungsart is skipped");
    assert_eq!(p.report.listings_seen, 4);
    assert_eq!(p.report.listings, 3);

    let w = &a.immobilien[0];
    assert_eq!(w.objektkategorie.nutzungsart, vec![Nutzungsart::Wohnen]);
    assert_eq!(w.objektkategorie.vermarktungsart, Some(Vermarktungsart::MietePacht));
    assert_eq!(w.objektkategorie.objektart, Some(Objektart { art: "wohnung".into(), typ: Some("ETAGE".into()) }));
    assert_eq!(w.geo.plz.as_deref(), Some("47053"));
    assert_eq!(w.geo.strasse.as_deref(), Some("Wanheimer Straße"));
    assert_eq!(w.geo.regionaler_zusatz.as_deref(), Some("Hochfeld"));
    assert_eq!((w.geo.etage, w.geo.anzahl_etagen), (Some(2), Some(4)));
    assert_eq!((w.geo.breitengrad, w.geo.laengengrad), (Some(51.417), Some(6.756)));
    assert_eq!(w.kontaktperson.name.as_deref(), Some("Yılmaz"));
    assert_eq!(w.preise.kaltmiete, Some(640.5));
    assert_eq!(w.preise.warmmiete, Some(845.5));
    assert_eq!(w.preise.kaution, Some(1921.5));
    assert_eq!(w.preise.heizkosten_enthalten, Some(false));
    assert_eq!(w.preise.waehrung.as_deref(), Some("EUR"));
    assert_eq!(w.flaechen.wohnflaeche, Some(71.25));
    assert_eq!(w.flaechen.anzahl_zimmer, Some(2.5));
    assert_eq!(w.ausstattung.einbaukueche, Some(true));
    assert_eq!(w.ausstattung.heizungsart, vec!["ZENTRAL".to_owned()]);
    assert_eq!(w.ausstattung.fahrstuhl, Some(true));
    assert_eq!(w.ausstattung.barrierefrei, Some(false));
    assert_eq!(w.ausstattung.unterkellert.as_deref(), Some("JA"));
    let e = &w.zustand.energiepass[0];
    assert_eq!(e.epart.as_deref(), Some("VERBRAUCH"));
    assert_eq!(e.energieverbrauchkennwert, Some(132.4));
    assert_eq!(e.wertklasse.as_deref(), Some("E"));
    assert_eq!(w.zustand.baujahr.as_deref(), Some("1961"));
    assert_eq!(w.freitexte.objekttitel.as_deref(), Some("Helle 2,5-Zimmer-Wohnung mit Balkon in Hochfeld"));
    assert_eq!(w.freitexte.dreizeiler.as_deref(), Some("Balkon & Aufzug\nEinbauküche\nNähe Rheinpark"));
    assert!(w.freitexte.lage.as_deref().unwrap().contains("<b>Rheinpark</b>"), "CDATA kept verbatim");
    assert!(w.freitexte.objektbeschreibung.as_deref().unwrap().ends_with("<mit Aufzug>."));
    assert_eq!(w.anhaenge.len(), 2);
    assert_eq!(w.anhaenge[0].location, Location::Intern);
    assert_eq!(w.anhaenge[0].pfad, "hochfeld-wohnzimmer.jpg");
    assert_eq!(w.anhaenge[0].gruppe.as_deref(), Some("TITELBILD"));
    assert_eq!(w.anhaenge[1].location, Location::Extern);
    assert_eq!(w.verwaltung_objekt.verfuegbar_ab.as_deref(), Some("01.02.2027"));
    assert_eq!(w.verwaltung_objekt.haustiere, Some(true));
    assert_eq!(w.verwaltung_techn.objektnr_extern.as_deref(), Some("W-1001"));
    assert_eq!(w.verwaltung_techn.aktion, None);
    assert_eq!(w.external_key().as_deref(), Some("nr:W-1001"));

    let h = &a.immobilien[1];
    assert_eq!(h.objektkategorie.vermarktungsart, Some(Vermarktungsart::Kauf));
    assert_eq!(h.preise.kaufpreis, Some(389000.0));
    assert_eq!(h.preise.aussen_courtage.as_deref(), Some("3,57 % inkl. MwSt."));
    assert_eq!(h.flaechen.grundstuecksflaeche, Some(310.0));
    assert_eq!(h.zustand.energiepass[0].endenergiebedarf, Some(98.7));

    assert_eq!(p.report.skipped.len(), 1);
    let s = &p.report.skipped[0];
    assert_eq!((s.index, s.key.as_deref()), (3, Some("nr:B-3003")));
    assert!(s.reason.contains("vermarktungsart"), "{}", s.reason);
    assert_eq!(p.report.unknown_elements.get("ausstattung/rauchmelder"), Some(&1));
    assert_eq!(p.report.unknown_elements.get("immobilie/bewertung"), Some(&1));
    assert!(p.report.warnings.is_empty(), "{:?}", p.report.warnings);
}

#[test]
fn latin1_teil_file_with_change_and_delete() {
    let p = parsed("duisburg-teil-latin1.xml");
    assert_eq!(p.report.encoding, "windows-1252");
    assert_eq!(p.document.uebertragung.umfang, Some(Umfang::Teil));
    let l: Vec<_> = p.document.listings().collect();
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].verwaltung_techn.aktion, Some(Aktion::Change));
    assert_eq!(l[0].preise.kaltmiete, Some(660.0));
    assert_eq!(l[0].geo.strasse.as_deref(), Some("Wanheimer Straße"));
    assert_eq!(
        l[0].freitexte.objektbeschreibung.as_deref(),
        Some("Größe, Lage und Ausstattung überzeugen. Miete inkl. Stellplatz für 20 €.")
    );
    assert!(l[1].is_delete(), "a DELETE needs neither price nor title");
    assert_eq!(l[1].external_key().as_deref(), Some("nr:H-2002"));
}

#[test]
fn openimmo_sample_with_all_elements() {
    let p = parsed("openimmo-1.2.7-sample-all-elements.xml");
    assert_eq!(p.document.uebertragung.umfang, Some(Umfang::Voll));
    assert_eq!(p.document.uebertragung.sendersoftware.as_deref(), Some("OIGEN"));
    let l: Vec<_> = p.document.listings().collect();
    assert_eq!(l.len(), 1);
    let l = l[0];
    assert_eq!(l.objektkategorie.vermarktungsart, Some(Vermarktungsart::Kauf));
    assert_eq!(l.objektkategorie.objektart, Some(Objektart { art: "zimmer".into(), typ: Some("ZIMMER".into()) }));
    assert_eq!(l.objektkategorie.objektart_zusatz.as_deref(), Some("Moebeliert"));
    assert_eq!(l.geo.regionaler_zusatz.as_deref(), Some("Blumenviertel"));
    assert_eq!(l.geo.land_iso.as_deref(), Some("DEU"));
    assert_eq!(l.preise.kaufpreis, Some(1.0));
    assert_eq!(l.preise.waehrung.as_deref(), Some("DEM"));
    assert_eq!(l.preise.courtage_hinweis.as_deref(), Some("String"));
    assert_eq!(l.ausstattung.einbaukueche, Some(true));
    assert_eq!(l.ausstattung.heizungsart, ["OFEN", "ETAGE", "ZENTRAL", "FERN", "FUSSBODEN"].map(String::from));
    assert_eq!(l.ausstattung.befeuerung, ["GAS", "SOLAR"].map(String::from));
    assert_eq!(l.ausstattung.moebliert.as_deref(), Some("TEIL"));
    assert_eq!(l.ausstattung.kamin, Some(true));
    assert_eq!(l.zustand.zustand.as_deref(), Some("ENTKERNT"));
    assert_eq!(l.zustand.energiepass[0].wertklasse.as_deref(), Some("C"));
    assert_eq!(l.zustand.energiepass[0].primaerenergietraeger.as_deref(), Some("GAS"));
    assert_eq!(l.zustand.energiepass[0].endenergiebedarf, None);
    assert_eq!(l.freitexte.objekttitel.as_deref(), Some("Schönes Appartment im Stadtzentrum"));
    assert_eq!(l.anhaenge[0].titel.as_deref(), Some("Frontansicht des Hauses"));
    assert_eq!(l.verwaltung_techn.aktion, Some(Aktion::Change));
    assert_eq!(l.verwaltung_techn.openimmo_obid.as_deref(), Some("111"));
    assert_eq!(l.external_key().as_deref(), Some("obid:111"));
    assert_eq!(l.verwaltung_objekt.max_personen, Some(10));
    let unknown = &p.report.unknown_elements;
    for path in ["immobilie/bieterverfahren", "preise/pacht", "anbieter/impressum", "flaechen/grz", "anbieter/anhang"] {
        assert_eq!(unknown.get(path), Some(&1), "{path} in {unknown:?}");
    }
}

#[test]
fn immowelt_export_without_objektkategorie() {
    let p = parsed("immowelt-rental-listing.xml");
    assert_eq!(p.document.uebertragung.umfang, None);
    let l: Vec<_> = p.document.listings().collect();
    assert_eq!(l.len(), 1);
    let l = l[0];
    assert_eq!(l.objektkategorie.vermarktungsart, Some(Vermarktungsart::MietePacht), "told by kaltmiete");
    assert_eq!(l.preise.kaltmiete, Some(940.0));
    assert_eq!(l.preise.heizkosten_enthalten, Some(true));
    assert_eq!(l.ausstattung.heizungsart, vec!["FUSSBODEN".to_owned()]);
    assert_eq!(l.ausstattung.unterkellert.as_deref(), Some("TEIL"));
    assert_eq!(l.ausstattung.wasch_trockenraum, Some(true));
    assert!(l.freitexte.objektbeschreibung.as_deref().unwrap().starts_with("Diese Wohnung"), "objekt_text fallback");
    assert_eq!(l.anhaenge.len(), 6);
    assert!(l.anhaenge.iter().all(|a| a.location == Location::Extern && a.gruppe.is_none()));
    assert_eq!(l.external_key().as_deref(), Some("nr:8333"));
    assert_eq!(l.geo.ort.as_deref(), Some("Heidingsfeld, Heidingsfeld"));
}

#[test]
fn samples_without_price_or_title_are_skipped_with_reasons() {
    for (name, seen) in [("openimmo-1.2.7b-sample.xml", 4), ("openimmo-1.2.0-sample.xml", 1)] {
        let p = parsed(name);
        assert_eq!(p.report.listings_seen, seen, "{name}");
        assert_eq!(p.report.listings, 0, "{name}");
        assert_eq!(p.report.skipped.len(), seen, "{name}");
        assert!(p.report.skipped.iter().all(|s| s.reason == "neither a price nor a title"), "{name}");
    }
    let p = parsed("openimmo-1.2.7b-sample.xml");
    assert_eq!(p.document.anbieter.len(), 2);
    assert_eq!(p.document.anbieter[1].firma.as_deref(), Some("second agency"));
    assert_eq!(p.report.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), vec![7, 21, 35, 45]);
    assert_eq!(p.report.unknown_elements.get("energiepass/geg2018"), Some(&3), "skipped listings are still mapped first");
}

#[test]
fn broken_documents_name_line_column_and_element() {
    let e = parse(&fixture("broken-mismatched-tag.xml")).unwrap_err();
    assert_eq!(e.line, 9, "{e}");
    assert_eq!(e.element.as_deref(), Some("preise"), "{e}");
    assert!(e.to_string().starts_with("line 9, column 7 in <preise>:"), "{e}");

    let e = parse(&fixture("broken-truncated.xml")).unwrap_err();
    assert_eq!((e.line, e.element.as_deref()), (17, Some("geo")), "{e}");
    assert!(e.message.contains("not closed"), "{e}");
    let whole = fixture("duisburg-voll.xml");
    let cut = whole.windows(7).position(|w| w == b"</geo>\n").unwrap() + 7;
    let e = parse(&whole[..cut]).unwrap_err();
    assert_eq!(e.message, "document ends before </immobilie>", "{e}");

    let e = parse(&fixture("broken-not-openimmo.xml")).unwrap_err();
    assert_eq!((e.line, e.element.as_deref()), (2, None), "{e}");
    assert!(e.message.contains("expected <openimmo>"), "{e}");

    let e = parse(&fixture("broken-unknown-entity.xml")).unwrap_err();
    assert_eq!((e.line, e.element.as_deref()), (6, Some("objekttitel")), "{e}");
    assert!(e.message.contains("&nbsp;"), "{e}");

    let e = parse(&fixture("broken-bad-umfang.xml")).unwrap_err();
    assert_eq!((e.line, e.element.as_deref()), (3, Some("openimmo")), "{e}");
    assert!(e.message.contains("ALLES"), "{e}");

    assert!(parse(b"").unwrap_err().message.contains("no <openimmo>"));
}

#[test]
fn zip_with_xml_and_images() {
    let z = read_zip(&fixture("duisburg-with-images.zip"), &Limits::default()).unwrap();
    assert_eq!(z.xml_name, "export/openimmo.xml");
    assert_eq!(z.parsed, parsed("duisburg-voll.xml"));
    let names: Vec<_> = z.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["export/bilder/hochfeld-wohnzimmer.jpg", "export/bilder/unused.png"]);
    assert!(z.missing.is_empty(), "{:?}", z.missing);
    let jpg = zip::read_entry(&fixture("duisburg-with-images.zip"), "hochfeld-wohnzimmer.jpg", 1 << 20).unwrap();
    assert_eq!(&jpg[..3], &[0xFF, 0xD8, 0xFF]);
    assert!(matches!(
        zip::read_entry(&fixture("duisburg-with-images.zip"), "hochfeld-wohnzimmer.jpg", 10),
        Err(ZipError::EntryTooLarge { .. })
    ));
    assert!(matches!(read_zip(b"PK\x03\x04garbage", &Limits::default()), Err(ZipError::Archive(_))));
}

#[test]
fn every_fixture_reads_or_fails_cleanly() {
    let dir = format!("{}/../tests/data/openimmo", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("xml") => {
                assert_eq!(parse(&bytes).is_err(), name.starts_with("broken-"), "{name}");
                n += 1;
            }
            Some("zip") => {
                read_zip(&bytes, &Limits::default()).unwrap();
                n += 1;
            }
            _ => {}
        }
    }
    assert!(n >= 12, "{n} fixtures");
}
