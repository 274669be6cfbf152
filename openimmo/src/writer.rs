//! Writes a [`Document`] as OpenImmo 1.2.7 XML (UTF-8), elements in schema order.
use std::fmt::Write as _;

use quick_xml::escape::escape;

use crate::model::*;

/// The document as OpenImmo 1.2.7 XML. Required elements of the schema are
/// written even when empty; optional ones only when set.
pub fn write(doc: &Document) -> String {
    let mut w = W { out: String::with_capacity(4096 + doc.listings().count() * 2048), depth: 0 };
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<openimmo>\n");
    w.depth = 1;
    let u = &doc.uebertragung;
    let umfang = u.umfang.map(Umfang::as_str);
    w.empty(
        "uebertragung",
        &[
            ("art", u.art.as_deref()),
            ("umfang", umfang),
            ("modus", u.modus.as_deref()),
            ("version", u.version.as_deref()),
            ("sendersoftware", u.sendersoftware.as_deref()),
            ("senderversion", u.senderversion.as_deref()),
            ("timestamp", u.timestamp.as_deref()),
        ],
    );
    for a in &doc.anbieter {
        w.open("anbieter", &[]);
        w.opt("anbieternr", &a.anbieternr);
        w.opt("firma", &a.firma);
        w.req("openimmo_anid", &a.openimmo_anid);
        w.opt("lizenzkennung", &a.lizenzkennung);
        for l in &a.immobilien {
            listing(&mut w, l);
        }
        w.close("anbieter");
    }
    w.raw("</openimmo>\n");
    w.out
}

struct W {
    out: String,
    depth: usize,
}

/// Text safe for XML 1.0: escaped, characters XML forbids dropped, CR kept
/// as a character reference (a parser would otherwise turn it into LF).
fn xml_text(s: &str) -> String {
    escape(crate::decode::xml_chars(s)).replace('\r', "&#13;")
}

/// Attribute values: as text, and tab/LF as character references too
/// (a parser turns literal ones into spaces).
fn xml_attr(s: &str) -> String {
    xml_text(s).replace('\t', "&#9;").replace('\n', "&#10;")
}

fn num(v: f64) -> String {
    format!("{v}")
}

fn flag(v: bool) -> &'static str {
    if v { "true" } else { "false" }
}

impl W {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
    fn tag_start(&mut self, name: &str, attrs: &[(&str, Option<&str>)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            if let Some(v) = v {
                let _ = write!(self.out, " {k}=\"{}\"", xml_attr(v));
            }
        }
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, Option<&str>)]) {
        self.tag_start(name, attrs);
        self.out.push_str("/>\n");
    }
    fn open(&mut self, name: &str, attrs: &[(&str, Option<&str>)]) {
        self.tag_start(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }
    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        let _ = writeln!(self.out, "</{name}>");
    }
    fn text(&mut self, name: &str, value: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{name}>{}</{name}>", xml_text(value));
    }
    fn opt(&mut self, name: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.text(name, v);
        }
    }
    /// Required by the schema: written empty when unset.
    fn req(&mut self, name: &str, value: &Option<String>) {
        match value {
            Some(v) => self.text(name, v),
            None => self.empty(name, &[]),
        }
    }
    fn num(&mut self, name: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.text(name, &num(v));
        }
    }
    fn int(&mut self, name: &str, value: Option<i32>) {
        if let Some(v) = value {
            self.text(name, &v.to_string());
        }
    }
    fn flag(&mut self, name: &str, value: Option<bool>) {
        if let Some(v) = value {
            self.text(name, flag(v));
        }
    }
    fn flags(&mut self, name: &str, set: &[String]) {
        if !set.is_empty() {
            let attrs: Vec<(&str, Option<&str>)> = set.iter().map(|k| (k.as_str(), Some("true"))).collect();
            self.empty(name, &attrs);
        }
    }
}

fn listing(w: &mut W, l: &Listing) {
    w.open("immobilie", &[]);
    let k = &l.objektkategorie;
    w.open("objektkategorie", &[]);
    if !k.nutzungsart.is_empty() {
        let attrs: Vec<_> = Nutzungsart::ALL.iter().map(|n| (n.attr(), Some(flag(k.nutzungsart.contains(n))))).collect();
        w.empty("nutzungsart", &attrs);
    }
    if let Some(v) = k.vermarktungsart {
        let attrs: Vec<_> = Vermarktungsart::ALL.iter().map(|m| (m.attr(), Some(flag(*m == v)))).collect();
        w.empty("vermarktungsart", &attrs);
    }
    if k.objektart.is_some() || k.objektart_zusatz.is_some() {
        w.open("objektart", &[]);
        if let Some(o) = &k.objektart {
            let typ_attr = OBJEKTARTEN.iter().find(|(a, _)| *a == o.art).map(|(_, t)| *t).unwrap_or("typ");
            w.empty(&o.art, &[(typ_attr, o.typ.as_deref())]);
        }
        w.opt("objektart_zusatz", &k.objektart_zusatz);
        w.close("objektart");
    }
    w.close("objektkategorie");

    let g = &l.geo;
    w.open("geo", &[]);
    w.req("plz", &g.plz);
    w.req("ort", &g.ort);
    if g.breitengrad.is_some() || g.laengengrad.is_some() {
        let (b, l) = (g.breitengrad.map(num), g.laengengrad.map(num));
        w.empty("geokoordinaten", &[("breitengrad", b.as_deref()), ("laengengrad", l.as_deref())]);
    }
    w.opt("strasse", &g.strasse);
    w.opt("hausnummer", &g.hausnummer);
    w.opt("bundesland", &g.bundesland);
    if let Some(iso) = &g.land_iso {
        w.empty("land", &[("iso_land", Some(iso))]);
    }
    w.int("etage", g.etage);
    w.int("anzahl_etagen", g.anzahl_etagen);
    w.opt("regionaler_zusatz", &g.regionaler_zusatz);
    w.close("geo");

    let c = &l.kontaktperson;
    w.open("kontaktperson", &[]);
    w.opt("email_zentrale", &c.email_zentrale);
    w.opt("email_direkt", &c.email_direkt);
    w.opt("tel_zentrale", &c.tel_zentrale);
    w.opt("tel_durchw", &c.tel_durchw);
    w.opt("tel_handy", &c.tel_handy);
    w.req("name", &c.name);
    w.opt("vorname", &c.vorname);
    w.opt("anrede", &c.anrede);
    w.opt("firma", &c.firma);
    w.close("kontaktperson");

    let p = &l.preise;
    w.open("preise", &[]);
    w.num("kaufpreis", p.kaufpreis);
    w.num("nettokaltmiete", p.nettokaltmiete);
    w.num("kaltmiete", p.kaltmiete);
    w.num("warmmiete", p.warmmiete);
    w.num("nebenkosten", p.nebenkosten);
    w.flag("heizkosten_enthalten", p.heizkosten_enthalten);
    w.num("heizkosten", p.heizkosten);
    w.num("hausgeld", p.hausgeld);
    w.flag("provisionspflichtig", p.provisionspflichtig);
    w.opt("aussen_courtage", &p.aussen_courtage);
    w.opt("courtage_hinweis", &p.courtage_hinweis);
    if let Some(iso) = &p.waehrung {
        w.empty("waehrung", &[("iso_waehrung", Some(iso))]);
    }
    w.num("kaution", p.kaution);
    w.opt("kaution_text", &p.kaution_text);
    w.close("preise");

    let f = &l.flaechen;
    w.open("flaechen", &[]);
    w.num("wohnflaeche", f.wohnflaeche);
    w.num("nutzflaeche", f.nutzflaeche);
    w.num("gesamtflaeche", f.gesamtflaeche);
    w.num("grundstuecksflaeche", f.grundstuecksflaeche);
    w.num("anzahl_zimmer", f.anzahl_zimmer);
    w.num("anzahl_schlafzimmer", f.anzahl_schlafzimmer);
    w.num("anzahl_badezimmer", f.anzahl_badezimmer);
    w.num("anzahl_balkone", f.anzahl_balkone);
    w.num("anzahl_stellplaetze", f.anzahl_stellplaetze);
    w.close("flaechen");

    ausstattung(w, &l.ausstattung);
    zustand(w, &l.zustand);

    let t = &l.freitexte;
    w.open("freitexte", &[]);
    w.opt("objekttitel", &t.objekttitel);
    w.opt("dreizeiler", &t.dreizeiler);
    w.opt("lage", &t.lage);
    w.opt("ausstatt_beschr", &t.ausstatt_beschr);
    w.opt("objektbeschreibung", &t.objektbeschreibung);
    w.opt("sonstige_angaben", &t.sonstige_angaben);
    w.close("freitexte");

    if !l.anhaenge.is_empty() {
        w.open("anhaenge", &[]);
        for a in &l.anhaenge {
            w.open("anhang", &[("location", Some(a.location.as_str())), ("gruppe", a.gruppe.as_deref())]);
            w.opt("anhangtitel", &a.titel);
            w.opt("format", &a.format);
            w.open("daten", &[]);
            w.text("pfad", &a.pfad);
            w.close("daten");
            w.close("anhang");
        }
        w.close("anhaenge");
    }

    let v = &l.verwaltung_objekt;
    w.open("verwaltung_objekt", &[]);
    w.flag("objektadresse_freigeben", v.objektadresse_freigeben);
    w.opt("verfuegbar_ab", &v.verfuegbar_ab);
    w.opt("abdatum", &v.abdatum);
    w.opt("bisdatum", &v.bisdatum);
    w.flag("wbs_sozialwohnung", v.wbs_sozialwohnung);
    w.flag("vermietet", v.vermietet);
    w.int("max_personen", v.max_personen);
    w.flag("nichtraucher", v.nichtraucher);
    w.flag("haustiere", v.haustiere);
    w.flag("denkmalgeschuetzt", v.denkmalgeschuetzt);
    w.close("verwaltung_objekt");

    let t = &l.verwaltung_techn;
    w.open("verwaltung_techn", &[]);
    w.opt("objektnr_intern", &t.objektnr_intern);
    w.req("objektnr_extern", &t.objektnr_extern);
    if let Some(a) = t.aktion {
        w.empty("aktion", &[("aktionart", Some(a.as_str()))]);
    }
    w.opt("aktiv_von", &t.aktiv_von);
    w.opt("aktiv_bis", &t.aktiv_bis);
    w.req("openimmo_obid", &t.openimmo_obid);
    w.opt("kennung_ursprung", &t.kennung_ursprung);
    w.opt("stand_vom", &t.stand_vom);
    w.close("verwaltung_techn");
    w.close("immobilie");
}

fn ausstattung(w: &mut W, a: &Ausstattung) {
    w.open("ausstattung", &[]);
    w.opt("ausstatt_kategorie", &a.ausstatt_kategorie);
    w.flag("wg_geeignet", a.wg_geeignet);
    if let Some(ebk) = a.einbaukueche {
        w.empty("kueche", &[("EBK", Some(flag(ebk)))]);
    }
    w.flag("kamin", a.kamin);
    w.flags("heizungsart", &a.heizungsart);
    w.flags("befeuerung", &a.befeuerung);
    w.flag("klimatisiert", a.klimatisiert);
    if let Some(f) = a.fahrstuhl {
        w.empty("fahrstuhl", &[("PERSONEN", Some(flag(f)))]);
    }
    w.flags("stellplatzart", &a.stellplatzart);
    w.flag("gartennutzung", a.gartennutzung);
    if let Some(m) = &a.moebliert {
        w.empty("moebliert", &[("moeb", Some(m))]);
    }
    w.flag("rollstuhlgerecht", a.rollstuhlgerecht);
    w.flag("barrierefrei", a.barrierefrei);
    w.flag("wasch_trockenraum", a.wasch_trockenraum);
    if let Some(k) = &a.unterkellert {
        w.empty("unterkellert", &[("keller", Some(k))]);
    }
    w.flag("gaestewc", a.gaestewc);
    w.flag("seniorengerecht", a.seniorengerecht);
    w.close("ausstattung");
}

fn zustand(w: &mut W, z: &ZustandAngaben) {
    w.open("zustand_angaben", &[]);
    w.opt("baujahr", &z.baujahr);
    w.opt("letztemodernisierung", &z.letztemodernisierung);
    if let Some(s) = &z.zustand {
        w.empty("zustand", &[("zustand_art", Some(s))]);
    }
    for e in &z.energiepass {
        w.open("energiepass", &[]);
        w.opt("epart", &e.epart);
        w.opt("gueltig_bis", &e.gueltig_bis);
        w.num("energieverbrauchkennwert", e.energieverbrauchkennwert);
        w.flag("mitwarmwasser", e.mitwarmwasser);
        w.num("endenergiebedarf", e.endenergiebedarf);
        w.opt("primaerenergietraeger", &e.primaerenergietraeger);
        w.opt("wertklasse", &e.wertklasse);
        w.opt("baujahr", &e.baujahr);
        w.opt("ausstelldatum", &e.ausstelldatum);
        w.opt("jahrgang", &e.jahrgang);
        w.opt("gebaeudeart", &e.gebaeudeart);
        w.close("energiepass");
    }
    w.close("zustand_angaben");
}
