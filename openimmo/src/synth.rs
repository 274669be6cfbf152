//! Synthetic documents for benchmarks and load tests: `n` plausible Duisburg
//! listings, deterministic for a given `n` and `seed`.
use crate::model::*;

const STREETS: &[&str] = &["Königstraße", "Wanheimer Straße", "Friedrich-Wilhelm-Straße", "Düsseldorfer Straße", "Krefelder Straße", "Weseler Straße"];
const PLACES: &[(&str, &str)] = &[("47051", "Altstadt"), ("47053", "Hochfeld"), ("47057", "Neudorf-Nord"), ("47119", "Ruhrort"), ("47226", "Rheinhausen-Mitte"), ("47249", "Buchholz"), ("47169", "Marxloh")];

/// A small xorshift generator: no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A VOLL document with one `anbieter` and `n` listings keyed `SYN-{i}`.
/// Each listing carries a few hundred bytes of description, so a document
/// is about 3.2 KB per listing in XML.
pub fn document(n: usize, seed: u64) -> Document {
    let mut rng = Rng(seed.max(1));
    let immobilien = (0..n).map(|i| listing(i, &mut rng)).collect();
    Document {
        uebertragung: Uebertragung {
            umfang: Some(Umfang::Voll),
            version: Some("1.2.7".into()),
            art: Some("ONLINE".into()),
            modus: Some("CHANGE".into()),
            sendersoftware: Some("openimmo-synth".into()),
            ..Uebertragung::default()
        },
        anbieter: vec![Anbieter { firma: Some("Synthetische Immobilien GmbH".into()), openimmo_anid: Some("SYN".into()), immobilien, ..Anbieter::default() }],
    }
}

fn listing(i: usize, rng: &mut Rng) -> Listing {
    let buy = rng.below(3) == 0;
    let (plz, teil) = PLACES[rng.below(PLACES.len() as u64) as usize];
    let rooms = 1.0 + rng.below(9) as f64 * 0.5;
    let area = 25.0 + rng.below(15_000) as f64 / 100.0;
    let mut preise = Preise { waehrung: Some("EUR".into()), ..Preise::default() };
    if buy {
        preise.kaufpreis = Some(50_000.0 + rng.below(600_000) as f64);
    } else {
        let kalt = (area * (7.0 + rng.below(600) as f64 / 100.0) * 100.0).round() / 100.0;
        preise.kaltmiete = Some(kalt);
        preise.nebenkosten = Some(2.5 * area.round());
        preise.kaution = Some(3.0 * kalt);
    }
    Listing {
        objektkategorie: Objektkategorie {
            nutzungsart: vec![Nutzungsart::Wohnen],
            vermarktungsart: Some(if buy { Vermarktungsart::Kauf } else { Vermarktungsart::MietePacht }),
            objektart: Some(if rng.below(4) == 0 {
                Objektart { art: "haus".into(), typ: Some("REIHENHAUS".into()) }
            } else {
                Objektart { art: "wohnung".into(), typ: Some("ETAGE".into()) }
            }),
            objektart_zusatz: None,
        },
        geo: Geo {
            plz: Some(plz.into()),
            ort: Some("Duisburg".into()),
            strasse: Some(STREETS[rng.below(STREETS.len() as u64) as usize].into()),
            hausnummer: Some((1 + rng.below(200)).to_string()),
            regionaler_zusatz: Some(teil.into()),
            etage: Some(rng.below(6) as i32),
            ..Geo::default()
        },
        preise,
        flaechen: Flaechen { wohnflaeche: Some(area), anzahl_zimmer: Some(rooms), ..Flaechen::default() },
        ausstattung: Ausstattung { einbaukueche: Some(rng.below(2) == 0), fahrstuhl: Some(rng.below(3) == 0), heizungsart: vec!["ZENTRAL".into()], ..Ausstattung::default() },
        zustand: ZustandAngaben {
            baujahr: Some((1900 + rng.below(125)).to_string()),
            energiepass: vec![Energiepass {
                epart: Some("VERBRAUCH".into()),
                energieverbrauchkennwert: Some(40.0 + rng.below(200) as f64),
                wertklasse: Some(["A+", "A", "B", "C", "D", "E", "F", "G", "H"][rng.below(9) as usize].into()),
                primaerenergietraeger: Some("GAS".into()),
                ..Energiepass::default()
            }],
            ..ZustandAngaben::default()
        },
        freitexte: Freitexte {
            objekttitel: Some(format!("{rooms}-Zimmer-{} in {teil} (Nr. {i})", if buy { "Eigentum" } else { "Mietwohnung" })),
            lage: Some(format!("Ruhige Lage in {teil}, Straßenbahn und Einkauf in wenigen Minuten erreichbar.")),
            objektbeschreibung: Some(format!(
                "Gepflegte Wohnung mit {area} m² Wohnfläche und {rooms} Zimmern. Helle Räume, Tageslichtbad, \
                 Abstellraum im Keller. Die Wohnung wird renoviert übergeben. Besichtigungen nach Vereinbarung. \
                 Haustiere nach Absprache. Angebot Nr. {i}."
            )),
            ..Freitexte::default()
        },
        anhaenge: vec![Anhang {
            location: Location::Extern,
            gruppe: Some("TITELBILD".into()),
            titel: Some("Ansicht".into()),
            format: Some("image/jpeg".into()),
            pfad: format!("https://bilder.example/syn/{i}.jpg"),
        }],
        verwaltung_objekt: VerwaltungObjekt { verfuegbar_ab: Some("sofort".into()), ..VerwaltungObjekt::default() },
        verwaltung_techn: VerwaltungTechn { objektnr_extern: Some(format!("SYN-{i}")), stand_vom: Some("2026-11-27".into()), ..VerwaltungTechn::default() },
        ..Listing::default()
    }
}
