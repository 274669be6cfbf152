//! One `immobilie` tree to a typed [`Listing`], or a reason to skip it.
use crate::decode::{parse_bool, parse_decimal, parse_int};
use crate::model::*;
use crate::reader::Node;
use crate::{Report, Warning};

pub(crate) struct Cx<'a> {
    pub report: &'a mut Report,
    pub max_warnings: usize,
}

pub(crate) struct Skip {
    pub key: Option<String>,
    pub reason: String,
}

impl Cx<'_> {
    fn warn(&mut self, line: usize, message: String) {
        if self.report.warnings.len() < self.max_warnings {
            self.report.warnings.push(Warning { line, message });
        } else {
            self.report.warnings_dropped += 1;
        }
    }
    fn unknown(&mut self, section: &str, n: &Node) {
        self.report.unknown(&format!("{section}/{}", n.name));
    }
    fn num(&mut self, n: &Node) -> Option<f64> {
        let t = text(n)?;
        let v = parse_decimal(&t);
        if v.is_none() {
            self.warn(n.line, format!("<{}> {t:?} is not a number", n.name));
        }
        v
    }
    fn int(&mut self, n: &Node) -> Option<i32> {
        let t = text(n)?;
        let v = parse_int(&t);
        if v.is_none() {
            self.warn(n.line, format!("<{}> {t:?} is not a whole number", n.name));
        }
        v
    }
    fn flag(&mut self, n: &Node) -> Option<bool> {
        let t = text(n)?;
        let v = parse_bool(&t);
        if v.is_none() {
            self.warn(n.line, format!("<{}> {t:?} is not true/false/1/0", n.name));
        }
        v
    }
}

pub(crate) fn attr_in<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn attr<'a>(n: &'a Node, key: &str) -> Option<&'a str> {
    attr_in(&n.attrs, key)
}

fn text(n: &Node) -> Option<String> {
    Some(n.text.clone()).filter(|t| !t.is_empty())
}

/// Names of the attributes set to true, upper-cased, without repeats.
fn set_flags(n: &Node) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (k, v) in &n.attrs {
        let k = k.to_ascii_uppercase();
        if parse_bool(v) == Some(true) && !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// Some(true) if any of `keys` is true, Some(false) if one is given and none true.
fn any_flag(n: &Node, keys: &[&str]) -> Option<bool> {
    let values: Vec<bool> = keys.iter().filter_map(|k| attr(n, k).and_then(parse_bool)).collect();
    (!values.is_empty()).then(|| values.contains(&true))
}

pub(crate) fn listing(n: &Node, cx: &mut Cx) -> Result<Listing, Skip> {
    let mut l = Listing::default();
    let mut vermarktung_given = false;
    let mut aktion_unknown = None;
    for c in &n.children {
        match c.name.as_str() {
            "objektkategorie" => {
                vermarktung_given |= c.children.iter().any(|v| v.name == "vermarktungsart");
                l.objektkategorie = objektkategorie(c, cx);
            }
            "geo" => l.geo = geo(c, cx),
            "kontaktperson" => l.kontaktperson = kontakt(c, cx),
            "preise" => l.preise = preise(c, cx),
            "flaechen" => l.flaechen = flaechen(c, cx),
            "ausstattung" => l.ausstattung = ausstattung(c, cx),
            "zustand_angaben" => l.zustand = zustand(c, cx),
            "freitexte" => l.freitexte = freitexte(c, cx),
            "anhaenge" => l.anhaenge = anhaenge(c, cx),
            "verwaltung_objekt" => l.verwaltung_objekt = verwaltung_objekt(c, cx),
            "verwaltung_techn" => {
                let (t, unknown) = verwaltung_techn(c, cx);
                l.verwaltung_techn = t;
                aktion_unknown = unknown;
            }
            _ => cx.unknown("immobilie", c),
        }
    }
    let key = l.external_key();
    let skip = |reason: String| Skip { key: key.clone(), reason };
    if let Some(a) = aktion_unknown {
        return Err(skip(format!("unknown aktionart {a:?}")));
    }
    if vermarktung_given && l.objektkategorie.vermarktungsart.is_none() {
        return Err(skip("vermarktungsart names neither KAUF, MIETE_PACHT, ERBPACHT nor LEASING".into()));
    }
    let p = &l.preise;
    if l.objektkategorie.vermarktungsart.is_none() {
        // Portal exports often leave out objektkategorie: tell by the prices.
        l.objektkategorie.vermarktungsart = if p.kaufpreis.is_some() {
            Some(Vermarktungsart::Kauf)
        } else if p.kaltmiete.or(p.warmmiete).or(p.nettokaltmiete).is_some() {
            Some(Vermarktungsart::MietePacht)
        } else {
            None
        };
    }
    let has_price = [p.kaufpreis, p.kaltmiete, p.warmmiete, p.nettokaltmiete].iter().any(Option::is_some);
    if !l.is_delete() && !has_price && l.freitexte.objekttitel.is_none() {
        return Err(skip("neither a price nor a title".into()));
    }
    Ok(l)
}

fn objektkategorie(n: &Node, cx: &mut Cx) -> Objektkategorie {
    let mut k = Objektkategorie::default();
    for c in &n.children {
        match c.name.as_str() {
            "nutzungsart" => {
                k.nutzungsart = Nutzungsart::ALL.into_iter().filter(|u| attr(c, u.attr()).and_then(parse_bool) == Some(true)).collect();
            }
            "vermarktungsart" => {
                let set: Vec<Vermarktungsart> =
                    Vermarktungsart::ALL.into_iter().filter(|v| attr(c, v.attr()).and_then(parse_bool) == Some(true)).collect();
                if set.len() > 1 {
                    cx.warn(c.line, format!("several vermarktungsart flags set; {} taken", set[0].attr()));
                }
                k.vermarktungsart = set.first().copied();
            }
            "objektart" => {
                for o in &c.children {
                    if o.name == "objektart_zusatz" {
                        k.objektart_zusatz = text(o);
                    } else if k.objektart.is_none() {
                        let typ_attr = OBJEKTARTEN.iter().find(|(a, _)| *a == o.name).map(|(_, t)| *t);
                        let typ = typ_attr.and_then(|t| attr(o, t)).or_else(|| o.attrs.iter().map(|(_, v)| v.as_str()).find(|v| !v.is_empty()));
                        k.objektart = Some(Objektart { art: o.name.clone(), typ: typ.map(str::to_owned) });
                    }
                }
            }
            _ => cx.unknown("objektkategorie", c),
        }
    }
    k
}

fn geo(n: &Node, cx: &mut Cx) -> Geo {
    let mut g = Geo::default();
    for c in &n.children {
        match c.name.as_str() {
            "plz" => g.plz = text(c),
            "ort" => g.ort = text(c),
            "strasse" => g.strasse = text(c),
            "hausnummer" => g.hausnummer = text(c),
            "regionaler_zusatz" => g.regionaler_zusatz = text(c),
            "bundesland" => g.bundesland = text(c),
            "land" => g.land_iso = attr(c, "iso_land").map(str::to_owned),
            "etage" => g.etage = cx.int(c),
            "anzahl_etagen" => g.anzahl_etagen = cx.int(c),
            "geokoordinaten" => {
                g.breitengrad = attr(c, "breitengrad").and_then(parse_decimal);
                g.laengengrad = attr(c, "laengengrad").and_then(parse_decimal);
            }
            _ => cx.unknown("geo", c),
        }
    }
    g
}

fn kontakt(n: &Node, cx: &mut Cx) -> Kontaktperson {
    let mut k = Kontaktperson::default();
    for c in &n.children {
        let slot = match c.name.as_str() {
            "anrede" => &mut k.anrede,
            "vorname" => &mut k.vorname,
            "name" => &mut k.name,
            "firma" => &mut k.firma,
            "email_zentrale" => &mut k.email_zentrale,
            "email_direkt" => &mut k.email_direkt,
            "tel_zentrale" => &mut k.tel_zentrale,
            "tel_durchw" => &mut k.tel_durchw,
            "tel_handy" => &mut k.tel_handy,
            _ => {
                cx.unknown("kontaktperson", c);
                continue;
            }
        };
        *slot = text(c);
    }
    k
}

fn preise(n: &Node, cx: &mut Cx) -> Preise {
    let mut p = Preise::default();
    for c in &n.children {
        match c.name.as_str() {
            "kaufpreis" => p.kaufpreis = cx.num(c),
            "kaltmiete" => p.kaltmiete = cx.num(c),
            "nettokaltmiete" => p.nettokaltmiete = cx.num(c),
            "warmmiete" => p.warmmiete = cx.num(c),
            "nebenkosten" => p.nebenkosten = cx.num(c),
            "heizkosten" => p.heizkosten = cx.num(c),
            "heizkosten_enthalten" => p.heizkosten_enthalten = cx.flag(c),
            "hausgeld" => p.hausgeld = cx.num(c),
            "kaution" => p.kaution = cx.num(c),
            "kaution_text" => p.kaution_text = text(c),
            "provisionspflichtig" => p.provisionspflichtig = cx.flag(c),
            "aussen_courtage" => p.aussen_courtage = text(c),
            "courtage_hinweis" => p.courtage_hinweis = text(c),
            "waehrung" => p.waehrung = attr(c, "iso_waehrung").map(str::to_owned),
            _ => cx.unknown("preise", c),
        }
    }
    p
}

fn flaechen(n: &Node, cx: &mut Cx) -> Flaechen {
    let mut f = Flaechen::default();
    for c in &n.children {
        let slot = match c.name.as_str() {
            "wohnflaeche" => &mut f.wohnflaeche,
            "nutzflaeche" => &mut f.nutzflaeche,
            "gesamtflaeche" => &mut f.gesamtflaeche,
            "grundstuecksflaeche" => &mut f.grundstuecksflaeche,
            "anzahl_zimmer" => &mut f.anzahl_zimmer,
            "anzahl_schlafzimmer" => &mut f.anzahl_schlafzimmer,
            "anzahl_badezimmer" => &mut f.anzahl_badezimmer,
            "anzahl_balkone" => &mut f.anzahl_balkone,
            "anzahl_stellplaetze" => &mut f.anzahl_stellplaetze,
            _ => {
                cx.unknown("flaechen", c);
                continue;
            }
        };
        *slot = cx.num(c);
    }
    f
}

fn ausstattung(n: &Node, cx: &mut Cx) -> Ausstattung {
    let mut a = Ausstattung::default();
    for c in &n.children {
        let slot = match c.name.as_str() {
            "ausstatt_kategorie" => {
                a.ausstatt_kategorie = text(c);
                continue;
            }
            "kueche" => {
                a.einbaukueche = any_flag(c, &["EBK"]);
                continue;
            }
            "fahrstuhl" => {
                a.fahrstuhl = any_flag(c, &["PERSONEN", "LASTEN"]);
                continue;
            }
            "moebliert" => {
                a.moebliert = attr(c, "moeb").map(str::to_owned);
                continue;
            }
            "unterkellert" => {
                a.unterkellert = attr(c, "keller").map(str::to_owned);
                continue;
            }
            "heizungsart" => {
                a.heizungsart = set_flags(c);
                continue;
            }
            "befeuerung" => {
                a.befeuerung = set_flags(c);
                continue;
            }
            "stellplatzart" => {
                a.stellplatzart = set_flags(c);
                continue;
            }
            "barrierefrei" => &mut a.barrierefrei,
            "rollstuhlgerecht" => &mut a.rollstuhlgerecht,
            "gartennutzung" => &mut a.gartennutzung,
            "gaestewc" => &mut a.gaestewc,
            "kamin" => &mut a.kamin,
            "klimatisiert" => &mut a.klimatisiert,
            "wg_geeignet" => &mut a.wg_geeignet,
            "seniorengerecht" => &mut a.seniorengerecht,
            "wasch_trockenraum" => &mut a.wasch_trockenraum,
            _ => {
                cx.unknown("ausstattung", c);
                continue;
            }
        };
        *slot = cx.flag(c);
    }
    a
}

fn zustand(n: &Node, cx: &mut Cx) -> ZustandAngaben {
    let mut z = ZustandAngaben::default();
    for c in &n.children {
        match c.name.as_str() {
            "baujahr" => z.baujahr = text(c),
            "letztemodernisierung" => z.letztemodernisierung = text(c),
            "zustand" => z.zustand = attr(c, "zustand_art").map(str::to_owned),
            "energiepass" => z.energiepass.push(energiepass(c, cx)),
            _ => cx.unknown("zustand_angaben", c),
        }
    }
    z
}

fn energiepass(n: &Node, cx: &mut Cx) -> Energiepass {
    let mut e = Energiepass::default();
    for c in &n.children {
        match c.name.as_str() {
            "epart" => e.epart = text(c),
            "gueltig_bis" => e.gueltig_bis = text(c),
            "energieverbrauchkennwert" => e.energieverbrauchkennwert = cx.num(c),
            "endenergiebedarf" => e.endenergiebedarf = cx.num(c),
            "mitwarmwasser" => e.mitwarmwasser = cx.flag(c),
            "primaerenergietraeger" => e.primaerenergietraeger = text(c),
            "wertklasse" | "energieeffizienzklasse" => e.wertklasse = text(c).or(e.wertklasse.take()),
            "baujahr" => e.baujahr = text(c),
            "ausstelldatum" => e.ausstelldatum = text(c),
            "jahrgang" => e.jahrgang = text(c),
            "gebaeudeart" => e.gebaeudeart = text(c),
            _ => cx.unknown("energiepass", c),
        }
    }
    e
}

fn freitexte(n: &Node, cx: &mut Cx) -> Freitexte {
    let mut f = Freitexte::default();
    let mut objekt_text = None;
    for c in &n.children {
        let slot = match c.name.as_str() {
            "objekttitel" => &mut f.objekttitel,
            "dreizeiler" => &mut f.dreizeiler,
            "lage" => &mut f.lage,
            "ausstatt_beschr" => &mut f.ausstatt_beschr,
            "objektbeschreibung" => &mut f.objektbeschreibung,
            "sonstige_angaben" => &mut f.sonstige_angaben,
            "objekt_text" => &mut objekt_text,
            _ => {
                cx.unknown("freitexte", c);
                continue;
            }
        };
        *slot = text(c);
    }
    if f.objektbeschreibung.is_none() {
        f.objektbeschreibung = objekt_text;
    }
    f
}

fn anhaenge(n: &Node, cx: &mut Cx) -> Vec<Anhang> {
    let mut out = Vec::new();
    for c in &n.children {
        if c.name != "anhang" {
            cx.unknown("anhaenge", c);
            continue;
        }
        let mut titel = None;
        let mut format = None;
        let mut pfad = None;
        for d in &c.children {
            match d.name.as_str() {
                "anhangtitel" => titel = text(d),
                "format" => format = text(d),
                "daten" => pfad = d.children.iter().find(|p| p.name == "pfad").and_then(text),
                _ => cx.unknown("anhang", d),
            }
        }
        let Some(pfad) = pfad else {
            cx.warn(c.line, "<anhang> without <daten><pfad> left out".into());
            continue;
        };
        let location = match attr(c, "location").map(str::to_ascii_uppercase).as_deref() {
            Some("INTERN") => Location::Intern,
            Some("EXTERN") => Location::Extern,
            Some("REMOTE") => Location::Remote,
            _ if is_url(&pfad) => Location::Extern,
            _ => Location::Intern,
        };
        out.push(Anhang { location, gruppe: attr(c, "gruppe").map(str::to_owned), titel, format, pfad });
    }
    out
}

pub(crate) fn is_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

fn verwaltung_objekt(n: &Node, cx: &mut Cx) -> VerwaltungObjekt {
    let mut v = VerwaltungObjekt::default();
    for c in &n.children {
        match c.name.as_str() {
            "objektadresse_freigeben" => v.objektadresse_freigeben = cx.flag(c),
            "verfuegbar_ab" => v.verfuegbar_ab = text(c),
            "abdatum" => v.abdatum = text(c),
            "bisdatum" => v.bisdatum = text(c),
            "wbs_sozialwohnung" => v.wbs_sozialwohnung = cx.flag(c),
            "vermietet" => v.vermietet = cx.flag(c),
            "haustiere" => v.haustiere = cx.flag(c),
            "nichtraucher" => v.nichtraucher = cx.flag(c),
            "max_personen" => v.max_personen = cx.int(c),
            "denkmalgeschuetzt" => v.denkmalgeschuetzt = cx.flag(c),
            _ => cx.unknown("verwaltung_objekt", c),
        }
    }
    v
}

/// The section and, when `aktionart` is not one we know, its value.
fn verwaltung_techn(n: &Node, cx: &mut Cx) -> (VerwaltungTechn, Option<String>) {
    let mut v = VerwaltungTechn::default();
    let mut unknown_aktion = None;
    for c in &n.children {
        match c.name.as_str() {
            "objektnr_intern" => v.objektnr_intern = text(c),
            "objektnr_extern" => v.objektnr_extern = text(c),
            "openimmo_obid" => v.openimmo_obid = text(c),
            "aktion" => {
                v.aktion = match attr(c, "aktionart").map(str::to_ascii_uppercase).as_deref() {
                    None => None,
                    Some("CHANGE") => Some(Aktion::Change),
                    Some("DELETE") => Some(Aktion::Delete),
                    Some("REFERENZ") => Some(Aktion::Referenz),
                    Some(other) => {
                        unknown_aktion = Some(other.to_owned());
                        None
                    }
                }
            }
            "aktiv_von" => v.aktiv_von = text(c),
            "aktiv_bis" => v.aktiv_bis = text(c),
            "kennung_ursprung" => v.kennung_ursprung = text(c),
            "stand_vom" => v.stand_vom = text(c),
            _ => cx.unknown("verwaltung_techn", c),
        }
    }
    (v, unknown_aktion)
}
