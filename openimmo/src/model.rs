//! Typed OpenImmo listings: the subset of the standard this crate maps.
//!
//! Every section is a plain struct whose fields are optional: real exports
//! leave out most of them. Texts are trimmed; empty texts are `None`.
//! Amounts are `f64` as written in the file (euros, m², rooms).

/// One OpenImmo document: the `uebertragung` header and its `anbieter`s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub uebertragung: Uebertragung,
    pub anbieter: Vec<Anbieter>,
}

impl Document {
    /// All listings of all `anbieter`s, in document order.
    pub fn listings(&self) -> impl Iterator<Item = &Listing> {
        self.anbieter.iter().flat_map(|a| a.immobilien.iter())
    }
}

/// Whether a file carries the provider's whole stock or only changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Umfang {
    /// The complete stock: listings not in the file are gone.
    Voll,
    /// Only the listings in the file change.
    Teil,
}

impl Umfang {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Voll => "VOLL",
            Self::Teil => "TEIL",
        }
    }
}

/// The `uebertragung` element. `umfang` is `None` when the file has none
/// (importers should then treat it as `TEIL`, the harmless reading).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uebertragung {
    pub umfang: Option<Umfang>,
    pub version: Option<String>,
    pub art: Option<String>,
    pub modus: Option<String>,
    pub sendersoftware: Option<String>,
    pub senderversion: Option<String>,
    pub timestamp: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anbieter {
    pub anbieternr: Option<String>,
    pub firma: Option<String>,
    pub openimmo_anid: Option<String>,
    pub lizenzkennung: Option<String>,
    pub immobilien: Vec<Listing>,
}

/// One `immobilie`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub objektkategorie: Objektkategorie,
    pub geo: Geo,
    pub kontaktperson: Kontaktperson,
    pub preise: Preise,
    pub flaechen: Flaechen,
    pub ausstattung: Ausstattung,
    pub zustand: ZustandAngaben,
    pub freitexte: Freitexte,
    pub anhaenge: Vec<Anhang>,
    pub verwaltung_objekt: VerwaltungObjekt,
    pub verwaltung_techn: VerwaltungTechn,
}

impl Listing {
    /// The key that identifies a listing across imports: `objektnr_extern`,
    /// else `openimmo_obid` (prefixed so the two never collide).
    pub fn external_key(&self) -> Option<String> {
        let t = &self.verwaltung_techn;
        t.objektnr_extern
            .as_ref()
            .map(|n| format!("nr:{n}"))
            .or_else(|| t.openimmo_obid.as_ref().map(|o| format!("obid:{o}")))
    }

    /// True when the file asks to remove the listing.
    pub fn is_delete(&self) -> bool {
        self.verwaltung_techn.aktion == Some(Aktion::Delete)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nutzungsart {
    Wohnen,
    Gewerbe,
    Anlage,
    Waz,
}

impl Nutzungsart {
    pub const ALL: [Nutzungsart; 4] = [Self::Wohnen, Self::Gewerbe, Self::Anlage, Self::Waz];
    pub fn attr(self) -> &'static str {
        match self {
            Self::Wohnen => "WOHNEN",
            Self::Gewerbe => "GEWERBE",
            Self::Anlage => "ANLAGE",
            Self::Waz => "WAZ",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vermarktungsart {
    Kauf,
    MietePacht,
    Erbpacht,
    Leasing,
}

impl Vermarktungsart {
    pub const ALL: [Vermarktungsart; 4] = [Self::Kauf, Self::MietePacht, Self::Erbpacht, Self::Leasing];
    pub fn attr(self) -> &'static str {
        match self {
            Self::Kauf => "KAUF",
            Self::MietePacht => "MIETE_PACHT",
            Self::Erbpacht => "ERBPACHT",
            Self::Leasing => "LEASING",
        }
    }
}

/// The `objektart` child, e.g. `<wohnung wohnungtyp="ETAGE"/>` is
/// `art = "wohnung"`, `typ = Some("ETAGE")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objektart {
    pub art: String,
    pub typ: Option<String>,
}

/// OpenImmo object kinds and the name of the attribute holding their subtype.
pub const OBJEKTARTEN: &[(&str, &str)] = &[
    ("zimmer", "zimmertyp"),
    ("wohnung", "wohnungtyp"),
    ("haus", "haustyp"),
    ("grundstueck", "grundst_typ"),
    ("buero_praxen", "buero_typ"),
    ("einzelhandel", "handel_typ"),
    ("gastgewerbe", "gastgew_typ"),
    ("hallen_lager_prod", "hallen_typ"),
    ("land_und_forstwirtschaft", "land_typ"),
    ("parken", "parken_typ"),
    ("sonstige", "sonstige_typ"),
    ("freizeitimmobilie_gewerblich", "freizeit_typ"),
    ("zinshaus_renditeobjekt", "zins_typ"),
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Objektkategorie {
    /// The `nutzungsart` flags that are set.
    pub nutzungsart: Vec<Nutzungsart>,
    pub vermarktungsart: Option<Vermarktungsart>,
    pub objektart: Option<Objektart>,
    pub objektart_zusatz: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geo {
    pub plz: Option<String>,
    pub ort: Option<String>,
    pub strasse: Option<String>,
    pub hausnummer: Option<String>,
    pub regionaler_zusatz: Option<String>,
    pub bundesland: Option<String>,
    pub land_iso: Option<String>,
    pub etage: Option<i32>,
    pub anzahl_etagen: Option<i32>,
    pub breitengrad: Option<f64>,
    pub laengengrad: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kontaktperson {
    pub anrede: Option<String>,
    pub vorname: Option<String>,
    pub name: Option<String>,
    pub firma: Option<String>,
    pub email_zentrale: Option<String>,
    pub email_direkt: Option<String>,
    pub tel_zentrale: Option<String>,
    pub tel_durchw: Option<String>,
    pub tel_handy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preise {
    pub kaufpreis: Option<f64>,
    pub kaltmiete: Option<f64>,
    pub nettokaltmiete: Option<f64>,
    pub warmmiete: Option<f64>,
    pub nebenkosten: Option<f64>,
    pub heizkosten: Option<f64>,
    pub heizkosten_enthalten: Option<bool>,
    pub hausgeld: Option<f64>,
    pub kaution: Option<f64>,
    pub kaution_text: Option<String>,
    pub provisionspflichtig: Option<bool>,
    /// `aussen_courtage` text: the buyer's/tenant's commission, e.g. "3,57 % inkl. MwSt.".
    pub aussen_courtage: Option<String>,
    pub courtage_hinweis: Option<String>,
    /// ISO 4217 code from `waehrung iso_waehrung`.
    pub waehrung: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flaechen {
    pub wohnflaeche: Option<f64>,
    pub nutzflaeche: Option<f64>,
    pub gesamtflaeche: Option<f64>,
    pub grundstuecksflaeche: Option<f64>,
    pub anzahl_zimmer: Option<f64>,
    pub anzahl_schlafzimmer: Option<f64>,
    pub anzahl_badezimmer: Option<f64>,
    pub anzahl_balkone: Option<f64>,
    pub anzahl_stellplaetze: Option<f64>,
}

/// A tidy subset of `ausstattung`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ausstattung {
    /// STANDARD, GEHOBEN, LUXUS, EINFACH.
    pub ausstatt_kategorie: Option<String>,
    /// `kueche EBK`.
    pub einbaukueche: Option<bool>,
    /// `fahrstuhl PERSONEN` or `LASTEN`.
    pub fahrstuhl: Option<bool>,
    pub barrierefrei: Option<bool>,
    pub rollstuhlgerecht: Option<bool>,
    pub gartennutzung: Option<bool>,
    pub gaestewc: Option<bool>,
    pub kamin: Option<bool>,
    pub klimatisiert: Option<bool>,
    pub wg_geeignet: Option<bool>,
    pub seniorengerecht: Option<bool>,
    pub wasch_trockenraum: Option<bool>,
    /// `moebliert moeb`: VOLL or TEIL.
    pub moebliert: Option<String>,
    /// `unterkellert keller`: JA, NEIN, TEIL.
    pub unterkellert: Option<String>,
    /// Set flags of `heizungsart` (OFEN, ETAGE, ZENTRAL, FERN, FUSSBODEN).
    pub heizungsart: Vec<String>,
    /// Set flags of `befeuerung` (OEL, GAS, FERN, LUFTWP, ...).
    pub befeuerung: Vec<String>,
    /// Set flags of `stellplatzart` (GARAGE, TIEFGARAGE, CARPORT, ...).
    pub stellplatzart: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Energiepass {
    /// BEDARF or VERBRAUCH (older files: BEDARFSPASS / VERBRAUCHSPASS).
    pub epart: Option<String>,
    pub gueltig_bis: Option<String>,
    pub energieverbrauchkennwert: Option<f64>,
    pub endenergiebedarf: Option<f64>,
    pub mitwarmwasser: Option<bool>,
    pub primaerenergietraeger: Option<String>,
    /// Energy efficiency class A+ .. H (`wertklasse`, also read from `energieeffizienzklasse`).
    pub wertklasse: Option<String>,
    pub baujahr: Option<String>,
    pub ausstelldatum: Option<String>,
    pub jahrgang: Option<String>,
    pub gebaeudeart: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZustandAngaben {
    pub baujahr: Option<String>,
    pub letztemodernisierung: Option<String>,
    /// `zustand zustand_art`, e.g. ERSTBEZUG, GEPFLEGT, RENOVIERUNGSBEDUERFTIG.
    pub zustand: Option<String>,
    pub energiepass: Vec<Energiepass>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Freitexte {
    pub objekttitel: Option<String>,
    pub dreizeiler: Option<String>,
    pub lage: Option<String>,
    pub ausstatt_beschr: Option<String>,
    /// `objektbeschreibung`, falling back to `objekt_text` when absent.
    pub objektbeschreibung: Option<String>,
    pub sonstige_angaben: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A file shipped beside the XML (in the same ZIP).
    Intern,
    /// A URL.
    Extern,
    /// A file on the sender's server (kept as given).
    Remote,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intern => "INTERN",
            Self::Extern => "EXTERN",
            Self::Remote => "REMOTE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Anhang {
    /// From the attribute; when empty or missing, EXTERN for http(s) paths, else INTERN.
    pub location: Location,
    /// BILD, TITELBILD, GRUNDRISS, DOKUMENTE, ...
    pub gruppe: Option<String>,
    pub titel: Option<String>,
    pub format: Option<String>,
    /// `daten/pfad`: file name (INTERN) or URL (EXTERN).
    pub pfad: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerwaltungObjekt {
    pub objektadresse_freigeben: Option<bool>,
    /// Free text in practice ("sofort", "01.03.2027", "2027-03-01").
    pub verfuegbar_ab: Option<String>,
    pub abdatum: Option<String>,
    pub bisdatum: Option<String>,
    pub wbs_sozialwohnung: Option<bool>,
    pub vermietet: Option<bool>,
    pub haustiere: Option<bool>,
    pub nichtraucher: Option<bool>,
    pub max_personen: Option<i32>,
    pub denkmalgeschuetzt: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aktion {
    Change,
    Delete,
    Referenz,
}

impl Aktion {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Change => "CHANGE",
            Self::Delete => "DELETE",
            Self::Referenz => "REFERENZ",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerwaltungTechn {
    pub objektnr_intern: Option<String>,
    pub objektnr_extern: Option<String>,
    pub openimmo_obid: Option<String>,
    /// `None`: a new listing (no `aktion` or no `aktionart`).
    pub aktion: Option<Aktion>,
    pub aktiv_von: Option<String>,
    pub aktiv_bis: Option<String>,
    pub kennung_ursprung: Option<String>,
    pub stand_vom: Option<String>,
}
