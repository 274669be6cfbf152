//! parse(write(x)) == x for every mapped field: on generated documents and
//! on every fixture.
use openimmo::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9äöüÄÖÜßıØ€&<>\"' .,;:!?()/+\n\t\r-]{1,40}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("non-empty after trimming", |s| !s.is_empty())
}

fn token() -> impl Strategy<Value = String> {
    "[A-Z][A-Z0-9_]{0,12}"
}

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![(0i64..10_000_000_000).prop_map(|c| c as f64 / 100.0), (-1.0e6f64..1.0e6)]
}

fn ot() -> impl Strategy<Value = Option<String>> {
    of(text())
}
fn oa() -> impl Strategy<Value = Option<f64>> {
    of(amount())
}
fn ob() -> impl Strategy<Value = Option<bool>> {
    of(any::<bool>())
}

fn flags(names: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(names, 0..=names.len()).prop_map(|v| v.into_iter().map(String::from).collect())
}

fn objektkategorie() -> BoxedStrategy<Objektkategorie> {
    (
        proptest::sample::subsequence(Nutzungsart::ALL.to_vec(), 0..=4),
        proptest::sample::select(Vermarktungsart::ALL.to_vec()),
        of((proptest::sample::select(OBJEKTARTEN.iter().map(|(a, _)| *a).collect::<Vec<_>>()), of(token()))),
        ot(),
    )
        .prop_map(|(nutzungsart, v, art, objektart_zusatz)| Objektkategorie {
            nutzungsart,
            vermarktungsart: Some(v),
            objektart: art.map(|(a, typ)| Objektart { art: a.to_owned(), typ }),
            objektart_zusatz,
        })
    .boxed()
}

fn geo() -> BoxedStrategy<Geo> {
    ((ot(), ot(), ot(), ot(), ot(), ot()), (of(token()), of(-3i32..40), of(1i32..40), oa(), oa())).prop_map(
        |((plz, ort, strasse, hausnummer, regionaler_zusatz, bundesland), (land_iso, etage, anzahl_etagen, b, l))| Geo {
            plz,
            ort,
            strasse,
            hausnummer,
            regionaler_zusatz,
            bundesland,
            land_iso,
            etage,
            anzahl_etagen,
            breitengrad: b,
            laengengrad: l,
        },
    )
    .boxed()
}

fn kontakt() -> BoxedStrategy<Kontaktperson> {
    ((ot(), ot(), ot(), ot(), ot()), (ot(), ot(), ot(), ot())).prop_map(
        |((anrede, vorname, name, firma, email_zentrale), (email_direkt, tel_zentrale, tel_durchw, tel_handy))| Kontaktperson {
            anrede,
            vorname,
            name,
            firma,
            email_zentrale,
            email_direkt,
            tel_zentrale,
            tel_durchw,
            tel_handy,
        },
    )
    .boxed()
}

fn preise() -> BoxedStrategy<Preise> {
    ((oa(), oa(), oa(), oa(), oa(), oa(), ob()), (oa(), oa(), ot(), ob(), ot(), ot(), of(token()))).prop_map(
        |(
            (kaufpreis, kaltmiete, nettokaltmiete, warmmiete, nebenkosten, heizkosten, heizkosten_enthalten),
            (hausgeld, kaution, kaution_text, provisionspflichtig, aussen_courtage, courtage_hinweis, waehrung),
        )| Preise {
            kaufpreis,
            kaltmiete,
            nettokaltmiete,
            warmmiete,
            nebenkosten,
            heizkosten,
            heizkosten_enthalten,
            hausgeld,
            kaution,
            kaution_text,
            provisionspflichtig,
            aussen_courtage,
            courtage_hinweis,
            waehrung,
        },
    )
    .boxed()
}

fn flaechen() -> BoxedStrategy<Flaechen> {
    ((oa(), oa(), oa(), oa(), oa()), (oa(), oa(), oa(), oa())).prop_map(|((a, b, c, d, e), (f, g, h, i))| Flaechen {
        wohnflaeche: a,
        nutzflaeche: b,
        gesamtflaeche: c,
        grundstuecksflaeche: d,
        anzahl_zimmer: e,
        anzahl_schlafzimmer: f,
        anzahl_badezimmer: g,
        anzahl_balkone: h,
        anzahl_stellplaetze: i,
    })
    .boxed()
}

fn ausstattung() -> BoxedStrategy<Ausstattung> {
    (
        (of(token()), ob(), ob(), ob(), ob(), ob(), ob(), ob()),
        (ob(), ob(), ob(), ob(), of(token()), of(token())),
        (flags(&["OFEN", "ETAGE", "ZENTRAL", "FERN", "FUSSBODEN"]), flags(&["OEL", "GAS", "LUFTWP", "PELLET"]), flags(&["GARAGE", "CARPORT"])),
    )
        .prop_map(|((k, ebk, fs, bf, rg, gn, gwc, kamin), (kl, wg, sg, wt, moeb, keller), (h, b, s))| Ausstattung {
            ausstatt_kategorie: k,
            einbaukueche: ebk,
            fahrstuhl: fs,
            barrierefrei: bf,
            rollstuhlgerecht: rg,
            gartennutzung: gn,
            gaestewc: gwc,
            kamin,
            klimatisiert: kl,
            wg_geeignet: wg,
            seniorengerecht: sg,
            wasch_trockenraum: wt,
            moebliert: moeb,
            unterkellert: keller,
            heizungsart: h,
            befeuerung: b,
            stellplatzart: s,
        })
    .boxed()
}

fn energiepass() -> BoxedStrategy<Energiepass> {
    ((ot(), ot(), oa(), oa(), ob(), ot()), (ot(), ot(), ot(), ot(), ot())).prop_map(
        |((epart, gueltig_bis, v, b, mw, pt), (wertklasse, baujahr, ausstelldatum, jahrgang, gebaeudeart))| Energiepass {
            epart,
            gueltig_bis,
            energieverbrauchkennwert: v,
            endenergiebedarf: b,
            mitwarmwasser: mw,
            primaerenergietraeger: pt,
            wertklasse,
            baujahr,
            ausstelldatum,
            jahrgang,
            gebaeudeart,
        },
    )
    .boxed()
}

fn anhang() -> BoxedStrategy<Anhang> {
    (
        proptest::sample::select(vec![Location::Intern, Location::Extern, Location::Remote]),
        of(token()),
        ot(),
        ot(),
        text(),
    )
        .prop_map(|(location, gruppe, titel, format, pfad)| Anhang { location, gruppe, titel, format, pfad })
    .boxed()
}

fn listing() -> BoxedStrategy<Listing> {
    (
        (objektkategorie(), geo(), kontakt(), preise(), flaechen(), ausstattung()),
        ((ot(), ot(), of(token())), vec(energiepass(), 0..3)),
        (ot(), ot(), ot(), ot(), ot(), ot()),
        vec(anhang(), 0..4),
        ((ob(), ot(), ot(), ot(), ob()), (ob(), ob(), ob(), of(0i32..20), ob())),
        (
            (ot(), ot(), ot()),
            of(proptest::sample::select(vec![Aktion::Change, Aktion::Delete, Aktion::Referenz])),
            (ot(), ot(), ot(), ot()),
        ),
    )
        .prop_map(|(a, z, f, anhaenge, vo, vt)| {
            let (objektkategorie, geo, kontaktperson, preise, flaechen, ausstattung) = a;
            let ((baujahr, letztemodernisierung, zustand), energiepass) = z;
            let ((adr, verfuegbar_ab, abdatum, bisdatum, wbs), (vermietet, haustiere, nichtraucher, max_personen, denkmal)) = vo;
            let ((objektnr_intern, objektnr_extern, openimmo_obid), aktion, (aktiv_von, aktiv_bis, kennung_ursprung, stand_vom)) = vt;
            Listing {
                objektkategorie,
                geo,
                kontaktperson,
                preise,
                flaechen,
                ausstattung,
                zustand: ZustandAngaben { baujahr, letztemodernisierung, zustand, energiepass },
                freitexte: Freitexte {
                    objekttitel: Some(f.0.unwrap_or_else(|| "Titel".into())),
                    dreizeiler: f.1,
                    lage: f.2,
                    ausstatt_beschr: f.3,
                    objektbeschreibung: f.4,
                    sonstige_angaben: f.5,
                },
                anhaenge,
                verwaltung_objekt: VerwaltungObjekt {
                    objektadresse_freigeben: adr,
                    verfuegbar_ab,
                    abdatum,
                    bisdatum,
                    wbs_sozialwohnung: wbs,
                    vermietet,
                    haustiere,
                    nichtraucher,
                    max_personen,
                    denkmalgeschuetzt: denkmal,
                },
                verwaltung_techn: VerwaltungTechn {
                    objektnr_intern,
                    objektnr_extern,
                    openimmo_obid,
                    aktion,
                    aktiv_von,
                    aktiv_bis,
                    kennung_ursprung,
                    stand_vom,
                },
            }
        })
    .boxed()
}

fn document() -> BoxedStrategy<Document> {
    let uebertragung = (
        of(proptest::sample::select(vec![Umfang::Voll, Umfang::Teil])),
        of("1\\.2\\.[0-7]b?"),
        of(token()),
        of(token()),
        ot(),
        ot(),
        of("20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:00:00"),
    )
        .prop_map(|(umfang, version, art, modus, sendersoftware, senderversion, timestamp)| Uebertragung {
            umfang,
            version,
            art,
            modus,
            sendersoftware,
            senderversion,
            timestamp,
        });
    let anbieter = ((ot(), ot(), ot(), ot()), vec(listing(), 0..4)).prop_map(
        |((anbieternr, firma, openimmo_anid, lizenzkennung), immobilien)| Anbieter {
            anbieternr,
            firma,
            openimmo_anid,
            lizenzkennung,
            immobilien,
        },
    );
    (uebertragung, vec(anbieter, 0..3)).prop_map(|(uebertragung, anbieter)| Document { uebertragung, anbieter })
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn parse_of_write_gives_the_document_back(doc in document()) {
        let xml = write(&doc);
        let back = parse(xml.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(&back.document, &doc, "{}", xml);
        prop_assert!(back.report.skipped.is_empty());
        prop_assert!(back.report.unknown_elements.is_empty(), "{:?}", back.report.unknown_elements);
        prop_assert!(back.report.warnings.is_empty(), "{:?}", back.report.warnings);
    }
}

#[test]
fn every_fixture_survives_write_and_parse() {
    let dir = format!("{}/../tests/data/openimmo", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".xml") || name.starts_with("broken-") {
            continue;
        }
        let first = parse(&std::fs::read(&path).unwrap()).unwrap().document;
        let xml = write(&first);
        assert!(xml.contains("<openimmo>"), "{name}");
        let second = parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}\n{xml}")).document;
        assert_eq!(second, first, "{name}");
        assert_eq!(write(&second), xml, "{name}: writing is deterministic");
    }
}

#[test]
fn synthetic_documents_round_trip() {
    let doc = openimmo::synth::document(50, 3);
    assert_eq!(doc.listings().count(), 50);
    assert_eq!(parse(write(&doc).as_bytes()).unwrap().document, doc);
    assert_eq!(openimmo::synth::document(50, 3), doc, "deterministic");
}
