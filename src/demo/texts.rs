//! German text parts for the demo city generator. Every name here is
//! fictitious; placeholders in braces are filled in by `generate`.
//! Placeholders: `{p}` place stem, `{s}`/`{t}` surnames, `{o}` Stadtteil,
//! `{y}` year, `{r}` rooms, `{f}` feature, `{b}` Stadtbezirk, `{q}` offer title.
//! The functions at the bottom compose sentences from these parts.

use super::generate::{DemoHousing, Rng};

/// An offer template: title, price model and price range in cents.
pub struct OfferTpl {
    pub title: &'static str,
    pub model: &'static str,
    pub lo: i64,
    pub hi: i64,
}

const fn o(title: &'static str, model: &'static str, lo: i64, hi: i64) -> OfferTpl {
    OfferTpl { title, model, lo, hi }
}

/// Texts for one child category. Housing children have no offer templates.
pub struct ChildText {
    pub slug: &'static str,
    pub names: &'static [&'static str],
    pub offers: &'static [OfferTpl],
    pub details: &'static [&'static str],
}

/// Texts for one top-level category.
pub struct TopText {
    pub slug: &'static str,
    pub coop_names: &'static [&'static str],
    pub muni_names: &'static [&'static str],
    /// Names for private providers active in several child categories.
    pub multi_names: &'static [&'static str],
    pub about: &'static [&'static str],
    pub pos: &'static [&'static str],
    pub neg: &'static [&'static str],
}

#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    "Anna", "Jürgen", "Sabine", "Thomas", "Petra", "Michael", "Claudia", "Stefan", "Andrea",
    "Frank", "Monika", "Uwe", "Birgit", "Klaus", "Heike", "Dirk", "Nicole", "Markus", "Julia",
    "Jan", "Lena", "Tim", "Laura", "Lukas", "Sarah", "Felix", "Lea", "Jonas", "Marie", "Paul",
    "Emma", "Ben", "Mia", "Noah", "Hannah", "Elias", "Ayşe", "Mehmet", "Özlem", "Emre", "Fatma",
    "Murat", "Elif", "Can", "Zeynep", "Burak", "Katarzyna", "Piotr", "Agnieszka", "Tomasz",
    "Olena", "Dmytro", "Nikos", "Eleni", "Giulia", "Marco", "Ahmad", "Layla", "Omar", "Amira",
    "Bogdan", "Ioana", "Gisela", "Horst", "Renate", "Manfred", "Ingrid", "Wolfgang", "Ursula",
    "Dieter", "Gülay", "Kerstin", "Sven", "Björn", "Jörg", "Małgorzata",
];

#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "Krämer", "Schmitz", "Hoffmann", "Becker", "Wagner", "Schulte", "Kowalski", "Yılmaz",
    "Demir", "Nowak", "Brinkmann", "Terhorst", "Janssen", "Hülsmann", "Küppers", "Overbeck",
    "Lehmkuhl", "Pauly", "Özdemir", "Kaya", "Papadopoulos", "Rossi", "Haferkamp", "Bruckmann",
    "Lenzen", "Mertens", "Voss", "Thelen", "Kemper", "Böhm", "Jäger", "Dreyer", "Stratmann",
    "Wieczorek", "Şahin", "Arslan", "Kaminski", "Hendricks", "Gerritsen", "Tillmanns",
    "Eickhoff", "Reuter", "Pohl", "Lammers", "Büscher", "Hegemann", "Oberhaus", "Scholten",
    "Verhoeven", "Kleinholz", "Peters", "Kuhlmann", "Rademacher", "Wollny", "Szymański",
    "Ahrens", "Vogt", "Lüttgens", "Borgmann", "Dahlhaus", "Niehaus", "Tewes", "Hinz",
    "Große-Wilde", "Ten Brink", "Özkan", "Nikolić", "Marković", "Aydın", "Wessels",
];

/// Fictitious place stems for business names.
#[rustfmt::skip]
pub const PLACES: &[&str] = &[
    "Rheinblick", "Ruhraue", "Hafenkante", "Lindenhof", "Stahltor", "Kranichwiese",
    "Rheinbogen", "Schleusentor", "Weidenhof", "Möwenufer", "Pappelhain", "Zechenblick",
    "Lotsenhaus", "Ankerplatz", "Brückenkopf", "Treidelpfad", "Leinpfad", "Kastanienhof",
    "Eichenhain", "Schwanenufer", "Fährhaus", "Deichblick", "Ruhrbogen", "Rheinwiese",
    "Hafenlicht", "Seenland", "Kohlenkai", "Werftblick", "Uferpark", "Krähenbusch",
];

#[rustfmt::skip]
pub const STREETS: &[&str] = &[
    "Lindenstraße", "Ahornweg", "Birkenallee", "Kastanienstraße", "Gartenstraße", "Schulstraße",
    "Kirchstraße", "Mühlenweg", "Feldstraße", "Wiesenweg", "Rosenstraße", "Bergstraße",
    "Poststraße", "Marktstraße", "Am Rheindeich", "Hafenstraße", "Uferstraße", "Brückenstraße",
    "Am Stadtpark", "Hochstraße", "Talstraße", "Waldstraße", "Ringstraße", "Querstraße",
    "Am Kanal", "Zechenweg", "Parkstraße", "Sonnenweg", "Tulpenweg", "Buchenweg", "Erlenweg",
    "Holunderweg", "Im Winkel", "Auf dem Kamp",
];

pub const INTROS_PRIVATE: &[&str] = &[
    "Seit {y} sind wir in {o} zu Hause.",
    "Wir sind ein inhabergeführter Betrieb mit Sitz in {o}.",
    "Gegründet {y} in {o}, arbeiten wir heute in ganz Duisburg.",
    "Unser Familienbetrieb aus {o} ist seit {y} für seine Kundschaft da.",
    "Von {o} aus sind wir seit {y} im Duisburger Stadtgebiet unterwegs.",
];
pub const INTROS_COOP: &[&str] = &[
    "Als Genossenschaft mit Sitz in {o} gehören wir unseren Mitgliedern.",
    "Wir sind eine Genossenschaft aus {o}: Überschüsse fließen in bessere Leistungen vor Ort.",
];
pub const INTROS_MUNI: &[&str] = &[
    "Wir sind ein Unternehmen in kommunaler Hand (fiktive Demo-Beteiligung) mit Sitz in {o}.",
    "Als kommunale Gesellschaft mit Sitz in {o} arbeiten wir gemeinwohlorientiert.",
];
pub const VALUES: &[&str] = &[
    "Kurze Wege, feste Ansprechpartner und faire Preise sind uns wichtig.",
    "Wir bilden regelmäßig aus und setzen auf Nachwuchs aus der Region.",
    "Termine vergeben wir in der Regel innerhalb einer Woche.",
    "Bevor es losgeht, erhalten Sie von uns ein verbindliches Angebot.",
    "In unserem Team sprechen wir Deutsch, Englisch, Türkisch und Polnisch.",
    "Ehrliche Beratung geht bei uns vor schnellem Abschluss.",
    "Unsere Kundschaft empfiehlt uns seit Jahren weiter – darauf sind wir stolz.",
];
pub const MUNI_OWNERS: &[&str] = &[
    "Stadt Duisburg (Demo-Beteiligung)",
    "Duisburger Beteiligungsholding (fiktiv)",
    "Kommunale Holding Rhein-Ruhr (Demo)",
];
pub const EMAIL_USERS: &[&str] = &["info", "kontakt", "service", "hallo", "team", "anfrage"];

#[rustfmt::skip]
pub const TOPS: &[TopText] = &[
    TopText { slug: "wohnen",
        coop_names: &["Wohnungsgenossenschaft {p} eG", "Baugenossenschaft {p} eG", "Mietergenossenschaft {p} eG"],
        muni_names: &["Städtische Wohnungsgesellschaft {p}", "Kommunale Wohnbau {p} GmbH"],
        multi_names: &["{p} Immobilien", "Immobilien {s} & {t}", "{p} Wohnen & Bauen", "Immobiliengruppe {s}"],
        about: &["Wir vermitteln, verwalten und entwickeln Wohnraum in Duisburg.", "Unser Bestand reicht vom sanierten Altbau bis zum Neubau mit Aufzug.", "Besichtigungen organisieren wir auch abends und samstags."],
        pos: &["Die Besichtigung war gut organisiert und alle Fragen wurden beantwortet.", "Das Exposé war ehrlich und die Unterlagen vollständig.", "Mängel werden schnell und unkompliziert behoben.", "Die Übergabe lief freundlich und sehr genau ab."],
        neg: &["Auf Rückfragen kam tagelang keine Antwort.", "Die Wohnung sah in Wirklichkeit deutlich schlechter aus als auf den Fotos.", "Die Nebenkostenabrechnung war nicht nachvollziehbar.", "Zur Besichtigung kam niemand, abgesagt wurde auch nicht."] },
    TopText { slug: "finanzen",
        coop_names: &["Finanzgenossenschaft {p} eG", "Spar- und Kreditgenossenschaft {p} eG"],
        muni_names: &["Kommunale Förderberatung {p}"],
        multi_names: &["Finanzkontor {p}", "{s} & {t} Finanzberatung", "Finanzpartner {s}"],
        about: &["Wir beraten unabhängig und erklären auch das Kleingedruckte.", "Unsere Beratung richtet sich an Familien, Selbstständige und Eigentümer.", "Beratungstermine sind auch online möglich."],
        pos: &["Die Beratung war verständlich und ohne Verkaufsdruck.", "Die Konditionen wurden transparent verglichen.", "Alle Unterlagen wurden geduldig mit uns durchgegangen."],
        neg: &["Es wurde mehr verkauft als beraten.", "Versteckte Gebühren tauchten erst später auf.", "Der Berater war schlecht vorbereitet."] },
    TopText { slug: "energie",
        coop_names: &["Bürgerenergie {p} eG", "Energiegenossenschaft {p} eG"],
        muni_names: &["Kommunale Energie {p} GmbH", "Städtische Energieversorgung {p}"],
        multi_names: &["{p} Energie", "Energiekontor {p}", "Energiedienste {s}"],
        about: &["Wir versorgen Haushalte und Gewerbe zuverlässig mit Energie.", "Klimafreundliche Lösungen für Duisburger Haushalte sind unser Schwerpunkt.", "Unser Kundenservice sitzt vor Ort und nicht in einem fernen Callcenter."],
        pos: &["Der Wechsel lief problemlos und ohne Versorgungslücke.", "Die Abschläge sind fair kalkuliert.", "Die Anlage wurde sauber montiert und gut erklärt.", "Der Kundenservice war schnell erreichbar."],
        neg: &["Die Schlussrechnung kam erst nach Monaten.", "Die Hotline war kaum erreichbar.", "Der Abschlag wurde ohne Erklärung deutlich erhöht."] },
    TopText { slug: "handwerk",
        coop_names: &["Handwerkergenossenschaft {p} eG"],
        muni_names: &["Städtischer Handwerkerservice {p}"],
        multi_names: &["Handwerkerservice {s}", "{s} Bau & Sanierung", "Meisterbetrieb {s} & {t}", "Haustechnik {p}"],
        about: &["Als Meisterbetrieb übernehmen wir Reparaturen ebenso wie größere Sanierungen.", "Kostenvoranschläge erstellen wir transparent und schriftlich.", "Unsere Gesellen und Meister sind mit gut ausgestatteten Werkstattwagen unterwegs."],
        pos: &["Die Handwerker kamen pünktlich und haben sauber gearbeitet.", "Der Kostenvoranschlag wurde genau eingehalten.", "Nach der Arbeit wurde alles ordentlich aufgeräumt.", "Der Meister hat sich Zeit für unsere Fragen genommen."],
        neg: &["Der Termin wurde zweimal kurzfristig verschoben.", "Die Rechnung lag deutlich über dem Angebot.", "Es mussten Nacharbeiten gemacht werden.", "Der Dreck blieb einfach liegen."] },
    TopText { slug: "haushalt",
        coop_names: &["Servicegenossenschaft {p} eG"],
        muni_names: &["Städtischer Haus- und Grünservice {p}"],
        multi_names: &["Haushaltsservice {s}", "{p} Dienstleistungen", "Rundum-Service {s} & {t}"],
        about: &["Wir entlasten Haushalte, Hausverwaltungen und kleine Betriebe im Alltag.", "Zuverlässigkeit und feste Ansprechpartner stehen bei uns an erster Stelle.", "Unsere Teams sind fest angestellt, geschult und versichert."],
        pos: &["Alles wurde gründlich und zuverlässig erledigt.", "Absprachen wurden immer eingehalten.", "Man merkt, dass hier mit Sorgfalt gearbeitet wird.", "Das Team war freundlich und sehr flexibel."],
        neg: &["Manches wurde nur oberflächlich erledigt.", "Es kam mehrmals jemand anderes als vereinbart.", "Termine wurden ohne Nachricht verschoben."] },
    TopText { slug: "sicherheit",
        coop_names: &["Sicherheitsgenossenschaft {p} eG"],
        muni_names: &["Städtischer Sicherheitsservice {p}"],
        multi_names: &["{p} Sicherheit", "Sicherheitszentrum {s}", "Sicherheitspartner {s} & {t}"],
        about: &["Wir schützen Wohnungen, Betriebe und Veranstaltungen in Duisburg.", "Unsere Beratung ist herstellerunabhängig und ehrlich.", "Wir sind rund um die Uhr erreichbar."],
        pos: &["Das Personal trat freundlich und professionell auf.", "Die Beratung zur Absicherung unserer Wohnung war sehr fundiert.", "Auf das Team war jederzeit Verlass."],
        neg: &["Die Anfahrt hat viel zu lange gedauert.", "Der Preis für den Einsatz war überzogen.", "Absprachen wurden nicht eingehalten."] },
    TopText { slug: "gastronomie",
        coop_names: &["Küchengenossenschaft {p} eG"],
        muni_names: &["Städtische Gemeinschaftsküche {p}"],
        multi_names: &["{p} Küche & Catering", "Gasthaus {s}", "Küchenwerkstatt {p}"],
        about: &["Wir kochen frisch, regional und mit Liebe zum Detail.", "Ob Büro, Familienfeier oder Vereinsfest – wir sorgen für das Essen.", "Unsere Küche arbeitet nach strengen Hygienestandards."],
        pos: &["Das Essen war frisch, lecker und reichlich.", "Die Lieferung kam pünktlich und noch warm.", "Sonderwünsche wurden problemlos berücksichtigt."],
        neg: &["Das Essen kam lauwarm an.", "Die Portionen waren für den Preis zu klein.", "Die Bestellung war unvollständig."] },
    TopText { slug: "umzug",
        coop_names: &["Transportgenossenschaft {p} eG"],
        muni_names: &["Städtische Räumung und Entsorgung {p}"],
        multi_names: &["Umzüge & Entrümpelung {s}", "{p} Umzugsservice", "Transporte {s} & {t}"],
        about: &["Wir packen an – vom Einzelstück bis zum kompletten Haushalt.", "Unsere Teams sind eingespielt und arbeiten mit eigenem Fuhrpark.", "Eine kostenlose Besichtigung vor Ort gehört bei uns dazu."],
        pos: &["Das Team war schnell, vorsichtig und gut gelaunt.", "Nichts ist zu Bruch gegangen.", "Der Festpreis wurde eingehalten."],
        neg: &["Ein Schrank wurde beschädigt und die Regulierung zieht sich.", "Das Team kam zwei Stunden zu spät.", "Am Ende wurden Zusatzkosten berechnet."] },
    TopText { slug: "pflege-gesundheit",
        coop_names: &["Pflegegenossenschaft {p} eG"],
        muni_names: &["Kommunaler Pflege- und Gesundheitsdienst {p}"],
        multi_names: &["Gesundheitszentrum {p}", "{p} Pflege & Therapie", "Gesundheitsteam {s} & {t}"],
        about: &["Wir begleiten Menschen jeden Alters mit Zeit und Respekt.", "Unser Team besteht aus examinierten Fachkräften und geschulten Helfern.", "Wir arbeiten eng mit Hausärzten und Angehörigen zusammen."],
        pos: &["Die Mitarbeitenden sind herzlich und nehmen sich Zeit.", "Die Termine werden zuverlässig eingehalten.", "Wir fühlen uns sehr gut aufgehoben."],
        neg: &["Es wechselt ständig das Personal.", "Termine wurden oft kurzfristig abgesagt.", "Die Abrechnung war fehlerhaft."] },
];

#[rustfmt::skip]
pub const CHILDREN: &[ChildText] = &[
    ChildText { slug: "wohnen-kaufen", offers: &[], details: &[],
        names: &["{p} Immobilien", "Immobilienkontor {s}", "{s} & {t} Immobilien", "Maklerbüro {s}", "{s} Immobilienvermittlung"] },
    ChildText { slug: "wohnen-mieten", offers: &[], details: &[],
        names: &["Hausverwaltung {s}", "{p} Wohnen", "Wohnungsverwaltung {p}", "{s} Grundbesitz KG", "Mietservice {s} & {t}"] },
    ChildText { slug: "neubauprojekte", offers: &[], details: &[],
        names: &["{p} Projektbau GmbH", "Bauträger {s}", "Wohnbau {p}", "{p} Quartiersentwicklung", "{s} & {t} Bauprojekte"] },
    ChildText { slug: "baufinanzierung",
        names: &["Baugeldberatung {s}", "{p} Finanzierungskontor", "Finanzierungsbüro {s} & {t}", "Hypothekenkontor {p}"],
        offers: &[o("Baufinanzierung mit 10 Jahren Zinsbindung", "on_request", 0, 0), o("Anschlussfinanzierung für Eigentümer", "on_request", 0, 0), o("Finanzierungscheck für Ersterwerber", "fixed", 14_900, 39_000), o("Fördermittelberatung für Eigenheimkäufer", "fixed", 9_900, 24_900), o("Modernisierungskredit für energetische Sanierung", "on_request", 0, 0)],
        details: &["Wir vergleichen die Konditionen zahlreicher Darlehensgeber und erklären die Unterschiede verständlich.", "Fördermöglichkeiten von Bund und Land prüfen wir gleich mit.", "Die Erstberatung findet bei Ihnen zu Hause oder in unserem Büro statt.", "Sie erhalten einen schriftlichen Finanzierungsvorschlag mit allen Kosten."] },
    ChildText { slug: "girokonto",
        names: &["{p} Bank", "{p} Direktbank", "Kontorbank {p}", "Bürgerbank {p}"],
        offers: &[o("Girokonto mit Online-Banking", "per_month", 190, 690), o("Girokonto mit Filialservice", "per_month", 490, 990), o("Gemeinschaftskonto für Paare", "per_month", 390, 890), o("Geschäftskonto für Selbstständige", "per_month", 790, 1_990), o("Basiskonto für alle", "per_month", 300, 690)],
        details: &["Die Kontoführung ist online und per App möglich.", "Eine Debitkarte ist im Preis enthalten.", "Bargeld erhalten Sie an zahlreichen Automaten im Stadtgebiet.", "Unser Kontowechsel-Service übernimmt die Umstellung Ihrer Daueraufträge."] },
    ChildText { slug: "versicherung",
        names: &["Versicherungsbüro {s}", "{s} Versicherungsmakler", "{p} Assekuranz", "Versicherungskontor {s} & {t}"],
        offers: &[o("Hausratversicherung für Mieter", "per_month", 400, 1_900), o("Wohngebäudeversicherung", "per_month", 2_500, 8_500), o("Private Haftpflichtversicherung", "per_month", 400, 1_200), o("Berufsunfähigkeitsversicherung", "on_request", 0, 0), o("Rechtsschutzversicherung für Mieter", "per_month", 1_500, 3_500)],
        details: &["Wir vergleichen Tarife mehrerer Versicherer und empfehlen nur, was wirklich passt.", "Im Schadensfall unterstützen wir Sie persönlich bei der Abwicklung.", "Bestehende Verträge prüfen wir kostenlos auf Lücken und doppelte Absicherung."] },
    ChildText { slug: "strom",
        names: &["{p} Energie", "{p} Strom GmbH", "Energiekontor {p}", "Stromhandel {s}"],
        offers: &[o("Ökostrom-Tarif für Haushalte", "per_month", 4_500, 12_000), o("Strom-Basistarif mit Preisgarantie", "per_month", 5_000, 13_000), o("Wärmepumpen-Stromtarif", "per_month", 7_000, 16_000), o("Autostrom-Tarif für die heimische Wallbox", "per_month", 3_000, 9_000), o("Single-Stromtarif für kleine Wohnungen", "per_month", 2_800, 5_500)],
        details: &["Der Strom stammt vollständig aus erneuerbaren Quellen.", "Der monatliche Abschlag gilt für einen typischen Verbrauch und wird jährlich angepasst.", "Den Wechsel übernehmen wir inklusive Kündigung beim bisherigen Versorger.", "Die Preisgarantie gilt zwölf Monate ab Lieferbeginn."] },
    ChildText { slug: "gas",
        names: &["{p} Gasversorgung", "{p} Wärme & Gas", "Energiehandel {s}", "Gaskontor {p}"],
        offers: &[o("Erdgastarif mit 12 Monaten Preisgarantie", "per_month", 6_000, 18_000), o("Gastarif mit Biogas-Anteil", "per_month", 7_000, 19_000), o("Gastarif für Mehrfamilienhäuser", "per_month", 25_000, 60_000), o("Flexibler Gastarif ohne Mindestlaufzeit", "per_month", 6_500, 17_000)],
        details: &["Der Abschlag richtet sich nach Ihrem bisherigen Jahresverbrauch.", "Der Wechsel erfolgt ohne Unterbrechung der Versorgung.", "Eine Kündigung ist mit einer Frist von einem Monat möglich.", "Verbrauchswerte können Sie bequem online melden."] },
    ChildText { slug: "solar",
        names: &["Solartechnik {s}", "Sonnenwerk {p}", "{s} Photovoltaik", "Sonnendach {p}"],
        offers: &[o("Photovoltaikanlage 8 kWp schlüsselfertig", "from", 950_000, 1_800_000), o("Balkonkraftwerk inkl. Montage", "fixed", 45_000, 95_000), o("Batteriespeicher nachrüsten", "from", 450_000, 900_000), o("Solarberatung vor Ort", "fixed", 9_900, 24_900), o("Wartung für Photovoltaikanlagen", "fixed", 14_900, 29_900)],
        details: &["Planung, Montage und Anmeldung beim Netzbetreiber kommen aus einer Hand.", "Vor dem Angebot prüfen wir Dachfläche, Ausrichtung und Verschattung.", "Auf Wunsch rechnen wir die Wirtschaftlichkeit mit und ohne Speicher durch.", "Wir verbauen ausschließlich zertifizierte Module und Wechselrichter."] },
    ChildText { slug: "dach",
        names: &["Dachdeckerei {s}", "Dachdeckerei {s} & Söhne", "Bedachungen {s}", "{s} Dach & Fassade", "Dachtechnik {p}"],
        offers: &[o("Dachrinnenreinigung inkl. Anfahrt", "fixed", 12_000, 29_000), o("Dachinspektion mit Fotodokumentation", "fixed", 8_900, 19_000), o("Dachsanierung mit Dämmung", "on_request", 0, 0), o("Dachdeckerarbeiten nach Aufwand", "per_hour", 5_500, 8_500), o("Flachdachabdichtung", "from", 180_000, 450_000), o("Reparatur nach Sturmschaden", "from", 25_000, 60_000)],
        details: &["Vor Ort begutachten wir den Zustand und besprechen die Möglichkeiten.", "Alle Arbeiten werden mit Fotos dokumentiert.", "Wir arbeiten mit geprüften Materialien und geben Gewährleistung auf alle Arbeiten.", "Gerüst und Entsorgung organisieren wir mit."] },
    ChildText { slug: "elektro",
        names: &["Elektro {s}", "{s} Elektrotechnik", "Elektrobetrieb {s} & {t}", "Lichtwerk {p}", "Elektroservice {p}"],
        offers: &[o("E-Check für Wohnungen", "fixed", 8_900, 18_900), o("Wallbox-Installation", "from", 89_000, 160_000), o("Elektroinstallation nach Aufwand", "per_hour", 5_000, 8_000), o("Zählerschrank-Modernisierung", "from", 140_000, 290_000), o("Smart-Home-Beratung", "on_request", 0, 0), o("Steckdosen und Leuchten montieren", "per_hour", 4_500, 7_500)],
        details: &["Alle Arbeiten erfolgen nach den aktuellen Normen.", "Nach Abschluss erhalten Sie ein Prüfprotokoll.", "Als Meisterbetrieb sind wir beim Netzbetreiber eingetragen.", "Kleinaufträge übernehmen wir ebenso gern wie Komplettsanierungen."] },
    ChildText { slug: "sanitaer-heizung",
        names: &["{s} Sanitär & Heizung", "Haustechnik {s}", "Heizung & Bad {s}", "Installateurbetrieb {s} & {t}", "Wärmetechnik {p}"],
        offers: &[o("Heizungswartung für Gas-Brennwertgeräte", "fixed", 12_900, 22_900), o("Badsanierung komplett", "from", 900_000, 1_800_000), o("Wärmepumpen-Beratung", "on_request", 0, 0), o("Rohrreinigung im Notdienst", "from", 8_900, 17_900), o("Sanitärarbeiten nach Aufwand", "per_hour", 5_500, 8_500), o("Hydraulischer Abgleich", "fixed", 39_000, 79_000)],
        details: &["Im Notfall sind wir auch am Wochenende erreichbar.", "Wir beraten herstellerunabhängig zu Heizsystemen.", "Altgeräte nehmen wir mit und entsorgen sie fachgerecht.", "Termine stimmen wir flexibel mit Ihnen ab."] },
    ChildText { slug: "maler",
        names: &["Malerbetrieb {s}", "Malerwerkstatt {p}", "{s} Maler & Lackierer", "Farbwerk {s}", "Malerfachbetrieb {s} & {t}"],
        offers: &[o("Wohnung streichen bis 70 m²", "from", 99_000, 190_000), o("Fassadenanstrich", "on_request", 0, 0), o("Tapezierarbeiten", "per_hour", 4_500, 6_500), o("Lackierarbeiten an Türen und Fenstern", "from", 25_000, 60_000), o("Schimmelsanierung im Innenraum", "from", 35_000, 90_000), o("Renovierung bei Auszug", "from", 69_000, 150_000)],
        details: &["Möbel und Böden decken wir sorgfältig ab.", "Wir verwenden emissionsarme Farben.", "Die Farbauswahl besprechen wir gern mit Mustern bei Ihnen vor Ort.", "Nach getaner Arbeit hinterlassen wir alles besenrein."] },
    ChildText { slug: "tischler",
        names: &["Tischlerei {s}", "Schreinerei {s}", "Holzwerkstatt {p}", "{s} Möbel- und Innenausbau", "Tischlerei {s} & Söhne"],
        offers: &[o("Einbauschrank nach Maß", "from", 120_000, 350_000), o("Fenster reparieren und einstellen", "fixed", 7_900, 14_900), o("Innentüren austauschen", "from", 29_000, 59_000), o("Tischlerarbeiten nach Aufwand", "per_hour", 5_000, 7_500), o("Küchenmontage", "from", 49_000, 120_000), o("Treppenrenovierung", "on_request", 0, 0)],
        details: &["Jedes Stück fertigen wir in unserer eigenen Werkstatt.", "Wir arbeiten bevorzugt mit Holz aus nachhaltiger Forstwirtschaft.", "Aufmaß und Beratung vor Ort sind im Angebot enthalten.", "Auch Reparaturen an alten Möbeln übernehmen wir."] },
    ChildText { slug: "reinigung",
        names: &["Glanzwerk {p}", "Gebäudereinigung {s}", "{p} Reinigungsservice", "Reinigungsdienst {s} & {t}"],
        offers: &[o("Wohnungsreinigung im Wochenrhythmus", "per_hour", 2_500, 3_800), o("Fensterreinigung", "from", 4_900, 11_900), o("Endreinigung nach Auszug", "fixed", 19_000, 45_000), o("Treppenhausreinigung", "per_month", 6_000, 18_000), o("Grundreinigung nach Renovierung", "from", 24_000, 59_000), o("Teppichreinigung vor Ort", "from", 6_900, 14_900)],
        details: &["Reinigungsmittel und Geräte bringen wir mit.", "Unser Team ist fest angestellt und versichert.", "Wir arbeiten mit umweltschonenden Reinigungsmitteln.", "Feste Ansprechpartner sorgen für gleichbleibende Qualität."] },
    ChildText { slug: "garten",
        names: &["Gartenbau {s}", "Grünpflege {p}", "{s} Garten- und Landschaftsbau", "Gartenwerk {p}", "Gartenservice {s} & {t}"],
        offers: &[o("Heckenschnitt", "per_hour", 3_500, 5_500), o("Rasenpflege im Abo", "per_month", 4_900, 12_900), o("Gartengestaltung", "on_request", 0, 0), o("Baumfällung inklusive Genehmigung", "on_request", 0, 0), o("Laubentsorgung im Herbst", "fixed", 9_000, 24_000), o("Pflasterarbeiten", "from", 60_000, 250_000)],
        details: &["Grünschnitt nehmen wir mit und entsorgen ihn fachgerecht.", "Wir beachten die Schonzeiten für Hecken und Gehölze.", "Auf Wunsch kommen wir regelmäßig zu festen Terminen.", "Wir beraten zu pflegeleichter und insektenfreundlicher Bepflanzung."] },
    ChildText { slug: "tierbetreuung",
        names: &["Pfotenglück {p}", "Tierbetreuung {s}", "Gassi-Service {s}", "Tiersitter {p}", "Hundepension {s}"],
        offers: &[o("Gassi-Service (pro Runde)", "fixed", 1_200, 2_000), o("Katzenbetreuung im Urlaub (pro Besuch)", "fixed", 1_200, 2_000), o("Hundetagesstätte", "per_month", 25_000, 45_000), o("Kleintierbetreuung zu Hause", "per_hour", 1_500, 2_500), o("Urlaubspension für Hunde (pro Tag)", "fixed", 2_500, 4_500)],
        details: &["Jedes Tier lernen wir vorab bei einem kostenlosen Termin kennen.", "Nach jedem Besuch erhalten Sie eine kurze Nachricht mit Foto.", "Wir betreuen nur wenige Tiere gleichzeitig – dafür mit viel Zeit.", "Wir sind haftpflichtversichert und in Erster Hilfe am Tier geschult."] },
    ChildText { slug: "hausmeister",
        names: &["Hausmeisterservice {s}", "{p} Objektbetreuung", "Hausmeisterei {s} & {t}", "Objektservice {p}"],
        offers: &[o("Hausmeisterservice für Mehrfamilienhäuser", "per_month", 12_000, 45_000), o("Winterdienst", "per_month", 4_000, 12_000), o("Kleinreparaturen im Haushalt", "per_hour", 3_500, 5_500), o("Mülltonnen-Service", "per_month", 1_500, 4_000), o("Objektkontrolle während Ihres Urlaubs", "fixed", 3_000, 8_000)],
        details: &["Wir übernehmen Kontrollgänge, Kleinreparaturen und die Pflege der Außenanlagen.", "Alle Einsätze werden digital protokolliert.", "Im Winter räumen und streuen wir zuverlässig ab 7 Uhr.", "Ein fester Hausmeister kennt Ihr Objekt und die Bewohner."] },
    ChildText { slug: "sicherheitsdienst",
        names: &["{p} Sicherheitsdienst", "Objektschutz {s}", "Wachdienst {p}", "Sicherheitsservice {s} & {t}"],
        offers: &[o("Veranstaltungsschutz", "per_hour", 2_800, 4_500), o("Objektschutz für Gewerbeflächen", "on_request", 0, 0), o("Revierstreife für Wohnanlagen", "per_month", 15_000, 60_000), o("Baustellenbewachung", "per_hour", 2_600, 4_200), o("Empfangs- und Pfortendienst", "per_hour", 2_500, 3_800)],
        details: &["Unsere Mitarbeitenden sind nach § 34a GewO geschult.", "Einsatzberichte erhalten Sie am nächsten Morgen per E-Mail.", "Wir stellen Personal auch kurzfristig für Wochenendeinsätze.", "Unsere Leitstelle ist rund um die Uhr besetzt."] },
    ChildText { slug: "alarmanlagen",
        names: &["Schlüsseldienst {s}", "Sicherheitstechnik {s}", "Schlosswerk {p}", "{s} Alarm- und Schließtechnik"],
        offers: &[o("Funk-Alarmanlage inkl. Montage", "from", 99_000, 240_000), o("Türöffnung zum Festpreis", "fixed", 7_900, 14_900), o("Sicherheitsberatung für Wohnungen", "on_request", 0, 0), o("Schließanlage für Mehrfamilienhäuser", "from", 80_000, 250_000), o("Einbruchschutz für Fenster nachrüsten", "from", 19_000, 49_000)],
        details: &["Die Beratung bei Ihnen vor Ort ist unverbindlich.", "Wir beraten nach den Empfehlungen der polizeilichen Kriminalprävention.", "Alle Komponenten sind zertifiziert und werden von uns gewartet.", "Nachschlüssel fertigen wir nur gegen Sicherungskarte."] },
    ChildText { slug: "catering",
        names: &["{p} Catering", "Küche {s}", "Festtafel {s}", "Buffetmanufaktur {p}", "Partyservice {s} & {t}"],
        offers: &[o("Fingerfood-Buffet (pro Person)", "from", 1_800, 3_200), o("Grillbuffet für Sommerfeste (pro Person)", "from", 2_200, 3_900), o("Business-Lunch für Meetings (pro Person)", "fixed", 1_400, 2_600), o("Hochzeitsmenü", "on_request", 0, 0), o("Kaffee- und Kuchenbuffet (pro Person)", "fixed", 900, 1_600)],
        details: &["Wir kochen frisch mit Zutaten aus der Region.", "Vegetarische und vegane Varianten sind jederzeit möglich.", "Geschirr, Besteck und Servicepersonal können Sie dazubuchen.", "Ab 20 Personen liefern wir im gesamten Stadtgebiet."] },
    ChildText { slug: "mittagstisch",
        names: &["Mittagstisch {p}", "Bistro {s}", "Lieferküche {p}", "Kantine {p}", "Mittagsküche {s}"],
        offers: &[o("Mittagstisch-Abo für Büros", "per_month", 8_900, 16_000), o("Tagesgericht mit Lieferung", "fixed", 750, 1_190), o("Vegetarischer Mittagstisch", "fixed", 690, 1_090), o("Suppe des Tages", "fixed", 450, 790), o("Seniorenmenü mit Lieferung", "fixed", 690, 990)],
        details: &["Die Wochenkarte wechselt jeden Montag.", "Bestellungen bis 10:30 Uhr liefern wir noch am selben Mittag.", "Wir kochen täglich frisch und ohne Geschmacksverstärker.", "Allergene sind auf dem Speiseplan gekennzeichnet."] },
    ChildText { slug: "umzugsunternehmen",
        names: &["Umzüge {s}", "{p} Umzugslogistik", "Möbeltransporte {s} & {t}", "Umzugsservice {p}"],
        offers: &[o("Umzug einer 2-Zimmer-Wohnung innerhalb Duisburgs", "from", 49_000, 99_000), o("Möbelmontage", "per_hour", 3_900, 5_900), o("Halteverbotszone beantragen", "fixed", 7_900, 13_900), o("Seniorenumzug mit Rundum-Service", "on_request", 0, 0), o("Umzugskartons im Paket", "fixed", 3_900, 8_900), o("Fernumzug", "on_request", 0, 0)],
        details: &["Eine kostenlose Besichtigung vor Ort gehört dazu.", "Auf Wunsch packen wir ein und bauen Möbel ab und wieder auf.", "Unsere Transporter sind mit Decken und Gurten ausgestattet.", "Die Transportversicherung ist im Preis enthalten."] },
    ChildText { slug: "entruempelung",
        names: &["Entrümpelung {s}", "{p} Räumungsservice", "Haushaltsauflösungen {s}", "Räumungsdienst {s} & {t}"],
        offers: &[o("Kellerentrümpelung", "from", 19_000, 39_000), o("Haushaltsauflösung", "on_request", 0, 0), o("Sperrmüll-Abholung", "fixed", 8_900, 19_000), o("Wohnungsräumung besenrein", "from", 69_000, 190_000), o("Dachbodenentrümpelung", "from", 24_000, 49_000)],
        details: &["Verwertbares rechnen wir fair an.", "Wir trennen und entsorgen alles fachgerecht.", "Die Übergabe erfolgt besenrein und termingerecht.", "Eine Besichtigung mit Festpreisangebot ist kostenlos."] },
    ChildText { slug: "ambulante-pflege",
        names: &["Pflegedienst {p}", "Ambulante Pflege {s}", "{p} Pflegeteam", "Pflege zu Hause {s} & {t}"],
        offers: &[o("Grundpflege zu Hause", "on_request", 0, 0), o("Behandlungspflege nach ärztlicher Verordnung", "on_request", 0, 0), o("Verhinderungspflege", "on_request", 0, 0), o("Pflegeberatungsbesuch", "fixed", 2_300, 4_500), o("Hausnotruf mit Pflegedienst-Anbindung", "per_month", 2_500, 4_900)],
        details: &["Wir rechnen direkt mit der Pflegekasse ab.", "Feste Bezugspflegekräfte sorgen für Vertrauen.", "Ein Erstgespräch bei Ihnen zu Hause ist kostenlos.", "Unser Team ist rund um die Uhr erreichbar."] },
    ChildText { slug: "alltagshilfe",
        names: &["Alltagshelfer {p}", "Seniorenbegleitung {s}", "Hand in Hand {p}", "Alltagsbegleitung {s} & {t}"],
        offers: &[o("Einkaufsbegleitung", "per_hour", 2_500, 3_800), o("Haushaltshilfe mit Abrechnung über die Pflegekasse", "per_hour", 2_800, 4_000), o("Begleitung zu Arztterminen", "per_hour", 2_500, 3_800), o("Vorlesen und Gesellschaft leisten", "per_hour", 2_200, 3_200), o("Unterstützung bei Behördenpost", "per_hour", 3_000, 4_500)],
        details: &["Der Entlastungsbetrag der Pflegekasse kann genutzt werden.", "Wir nehmen uns Zeit für Gespräche und kleine Spaziergänge.", "Unsere Alltagshelferinnen und -helfer sind geschult und versichert.", "Auf Wunsch kommt immer dieselbe Person."] },
    ChildText { slug: "physiotherapie",
        names: &["Physiotherapie {s}", "Praxis für Physiotherapie {s} & {t}", "Bewegungsraum {p}", "Therapiezentrum {p}"],
        offers: &[o("Krankengymnastik auf Rezept", "on_request", 0, 0), o("Manuelle Therapie für Selbstzahler", "fixed", 3_500, 6_000), o("Rückenkurs mit 8 Terminen", "fixed", 9_000, 16_000), o("Hausbesuche", "on_request", 0, 0), o("Massage (30 Minuten)", "fixed", 2_900, 4_500), o("Lymphdrainage", "fixed", 3_000, 5_500)],
        details: &["Termine gibt es auch früh morgens und am Abend.", "Die Praxis ist barrierefrei erreichbar.", "Wir behandeln Versicherte aller Kassen.", "Ein individueller Übungsplan für zu Hause gehört dazu."] },
];

// Offers (services).
#[rustfmt::skip]
pub const TITLE_SUFFIXES: &[&str] = &[" – auch kurzfristig", " für Privatkunden", " im Stadtbezirk {b}", " – Neukundenangebot"];
#[rustfmt::skip]
pub const AREA_CITY: &[&str] = &["Wir sind im gesamten Duisburger Stadtgebiet für Sie da.", "Einsatzgebiet: ganz Duisburg."];
pub const AREA_ONE: &[&str] = &["Einsatzgebiet: Stadtbezirk {b}.", "Wir arbeiten vor allem im Stadtbezirk {b}."];
pub const AREA_MANY: &[&str] = &["Einsatzgebiet: die Stadtbezirke {b}.", "Wir arbeiten in den Stadtbezirken {b}."];
#[rustfmt::skip]
pub const NOTE_FIXED: &[&str] = &["Der Festpreis gilt ohne versteckte Zusatzkosten.", "Im Preis ist alles Genannte enthalten."];
#[rustfmt::skip]
pub const NOTE_FROM: &[&str] = &["Der genaue Preis hängt vom Umfang ab.", "Nach einer kurzen Besichtigung erhalten Sie ein verbindliches Angebot."];
pub const NOTE_MONTH: &[&str] = &["Die Laufzeit ist monatlich kündbar.", "Der Monatspreis enthält alle Grundgebühren."];
#[rustfmt::skip]
pub const NOTE_HOUR: &[&str] = &["Abgerechnet wird nach tatsächlichem Aufwand.", "Die Anfahrt im Stadtgebiet ist im Stundensatz enthalten."];
#[rustfmt::skip]
pub const NOTE_REQUEST: &[&str] = &["Den Preis nennen wir nach einem kurzen Vorgespräch.", "Die Kosten hängen vom Einzelfall ab – sprechen Sie uns an."];
#[rustfmt::skip]
pub const CLOSINGS: &[&str] = &["Anfragen gern über die Plattform.", "Ein unverbindliches Angebot erhalten Sie innerhalb von 48 Stunden.", "Wir freuen uns auf Ihre Nachricht.", "Rufen Sie uns an oder schreiben Sie uns."];

// Housing.
#[rustfmt::skip]
pub const TITLE_FEATURES: &[&str] = &["Balkon", "Einbauküche", "Loggia", "Aufzug", "Gartenanteil", "Terrasse", "Stellplatz", "Tageslichtbad"];
#[rustfmt::skip]
pub const APT_RENT_TITLES: &[&str] = &["{r}-Zimmer-Wohnung mit {f} in {o}", "Helle {r}-Zimmer-Wohnung in {o}", "Gemütliche {r}-Zimmer-Wohnung in {o}", "Renovierte {r}-Zimmer-Altbauwohnung in {o}", "Dachgeschosswohnung mit {r} Zimmern in {o}"];
#[rustfmt::skip]
pub const APT_BUY_TITLES: &[&str] = &["{r}-Zimmer-Eigentumswohnung mit {f} in {o}", "Gepflegte {r}-Zimmer-Wohnung zum Kauf in {o}", "Vermietete {r}-Zimmer-Wohnung als Kapitalanlage in {o}", "Eigentumswohnung mit {r} Zimmern und {f} in {o}"];
pub const HOUSE_RENT_TITLES: &[&str] = &["Reihenhaus zur Miete in {o}", "Doppelhaushälfte mit Garten zur Miete in {o}"];
#[rustfmt::skip]
pub const HOUSE_BUY_TITLES: &[&str] = &["Reihenmittelhaus mit Garten in {o}", "Doppelhaushälfte in ruhiger Lage von {o}", "Freistehendes Einfamilienhaus in {o}", "Zechenhaus mit großem Garten in {o}", "Endreihenhaus mit Wintergarten in {o}"];
#[rustfmt::skip]
pub const NEW_APT_TITLES: &[&str] = &["Neubau: {r}-Zimmer-Wohnung mit {f} in {o}", "Erstbezug: {r}-Zimmer-Wohnung in {o}", "Neubauprojekt „{p}-Höfe“: Wohnungen in {o}", "Penthouse mit Dachterrasse im Neubau in {o}"];
#[rustfmt::skip]
pub const NEW_HOUSE_TITLES: &[&str] = &["Neubauprojekt „{p}-Gärten“: Stadthäuser in {o}", "Neubau-Reihenhaus mit {r} Zimmern in {o}"];
#[rustfmt::skip]
pub const APT_FEATURES: &[&str] = &["Zur Wohnung gehört ein Kellerraum.", "Das Bad wurde vor Kurzem modernisiert.", "Die Küche ist mit Einbaugeräten ausgestattet.", "Der Balkon ist nach Süden ausgerichtet.", "Das Haus verfügt über einen Aufzug.", "Die Böden sind mit Parkett und Fliesen belegt.", "Fahrradkeller und Waschküche werden gemeinsam genutzt."];
#[rustfmt::skip]
pub const HOUSE_FEATURES: &[&str] = &["Der Garten ist eingewachsen und nach Westen ausgerichtet.", "Eine Garage und ein Stellplatz gehören dazu.", "Das Dach wurde vor einigen Jahren erneuert.", "Der ausgebaute Keller bietet viel Stauraum.", "Die Fenster sind dreifach verglast."];
#[rustfmt::skip]
pub const LOCATIONS: &[&str] = &["{o} bietet kurze Wege zu Einkauf, Schulen und Bus und Bahn.", "Spielplätze und Grünflächen in {o} sind zu Fuß erreichbar.", "Die Anbindung an die Autobahn ist von {o} aus sehr gut.", "Bäcker, Supermarkt und Ärzte liegen in {o} gleich um die Ecke."];
#[rustfmt::skip]
pub const HOUSING_CLOSINGS: &[&str] = &["Besichtigungen nach Vereinbarung.", "Ein ausführliches Exposé senden wir Ihnen gern zu.", "Bitte nutzen Sie für Anfragen das Kontaktformular."];

// Reviews, indexed by stars - 1.
#[rustfmt::skip]
pub const REVIEW_TITLES: [&[&str]; 5] = [
    &["Nie wieder", "Sehr enttäuscht", "Finger weg", "Ärgerliche Erfahrung", "Keine Empfehlung"],
    &["Eher enttäuschend", "Nicht wie versprochen", "Leider nicht überzeugend", "Viel Luft nach oben"],
    &["Durchwachsen", "Okay, aber ausbaufähig", "Licht und Schatten", "Mittelmaß", "Geht so"],
    &["Gute Erfahrung", "Solide Arbeit", "Empfehlenswert mit kleinen Abstrichen", "Im Großen und Ganzen zufrieden", "Gerne wieder"],
    &["Absolut empfehlenswert", "Rundum zufrieden", "Top – gerne wieder", "Besser geht es kaum", "Klare Empfehlung", "Hervorragender Service", "Sehr zuverlässig"],
];
#[rustfmt::skip]
pub const REVIEW_OPENERS: [&[&str]; 5] = [
    &["Eine wirklich ärgerliche Erfahrung.", "So etwas habe ich selten erlebt.", "Ich kann nur abraten."],
    &["Leider nicht das, was wir erwartet hatten.", "Wir waren ziemlich enttäuscht.", "Der erste Eindruck war gut, danach ging es bergab."],
    &["Gemischte Gefühle.", "Das Ergebnis war in Ordnung, mehr aber auch nicht.", "Teils gut, teils weniger gut."],
    &["Insgesamt eine gute Erfahrung.", "Wir waren überwiegend zufrieden.", "Alles in allem hat es gut geklappt."],
    &["Ich bin rundum zufrieden.", "Von Anfang bis Ende lief alles reibungslos.", "So stelle ich mir Service vor.", "Schon die erste Kontaktaufnahme war angenehm."],
];
#[rustfmt::skip]
pub const REVIEW_CAVEATS: &[&str] = &["Kleiner Abzug, weil die Terminfindung etwas gedauert hat.", "Die Rückmeldungen könnten etwas schneller kommen.", "Nur die telefonische Erreichbarkeit war nicht ideal."];
#[rustfmt::skip]
pub const CLOSERS_GOOD: &[&str] = &["Klare Empfehlung!", "Wir kommen gern wieder auf Sie zu.", "Danke an das ganze Team!", "Würde ich jederzeit wieder beauftragen."];
pub const CLOSERS_MIXED: &[&str] = &["Für den Preis okay.", "Mal sehen, ob es beim nächsten Mal besser läuft."];
#[rustfmt::skip]
pub const CLOSERS_BAD: &[&str] = &["Ich sehe mich nach einer Alternative um.", "Weiterempfehlen kann ich das leider nicht.", "Schade, da wäre mehr drin gewesen."];
pub const OFFER_REFS: &[&str] = &["Es ging um das Angebot „{q}“.", "Gebucht hatte ich „{q}“."];
pub const HOUSING_REFS: &[&str] = &["Es ging um das Inserat „{q}“.", "Ich hatte mich auf „{q}“ beworben."];

// ---- Composition -----------------------------------------------------------

/// Replaces each `{x}` placeholder in `template`.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(template.to_string(), |s, (k, v)| s.replace(k, v))
}

/// German enumeration: "A", "A und B", "A, B und C".
pub fn join_de<S: AsRef<str>>(items: &[S]) -> String {
    let parts: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} und {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

/// Lower-case ASCII slug for e-mail addresses and domains.
pub fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars().flat_map(char::to_lowercase) {
        let mapped = match ch {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'ş' | 'ś' => "s",
            'ç' | 'ć' => "c",
            'ğ' => "g",
            'ı' => "i",
            'ł' => "l",
            'ń' => "n",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if mapped != "-" {
            out.push_str(mapped);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Domain stem from a business name, cut at a dash to under 50 chars.
pub fn domain_stem(name: &str) -> String {
    let mut out = String::new();
    for part in ascii_slug(name).split('-') {
        if !out.is_empty() && out.len() + part.len() >= 50 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    out
}

/// Rooms in German notation: 30 → "3", 35 → "3,5".
pub fn rooms_de(tenths: i32) -> String {
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        r => format!("{},{r}", tenths / 10),
    }
}

fn one(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len() as u64) as usize]
}

/// Two different entries (the same one only if `items` has just one).
pub fn two(rng: &mut Rng, items: &[&'static str]) -> (&'static str, &'static str) {
    let n = items.len() as u64;
    let a = rng.below(n);
    let b = (a + 1 + rng.below(n.saturating_sub(1))) % n;
    (items[a as usize], items[b as usize])
}

/// 2–4 sentences: intro by ownership, what the business does, its platform
/// categories, a value statement.
pub fn provider_description(
    rng: &mut Rng,
    top: &TopText,
    ownership: &str,
    categories: &[&str],
    stadtteil: &str,
) -> String {
    let intros = match ownership {
        "municipal" => INTROS_MUNI,
        "cooperative" => INTROS_COOP,
        _ => INTROS_PRIVATE,
    };
    let year = (1952 + rng.below(70)).to_string();
    let mut s = vec![fill(one(rng, intros), &[("{o}", stadtteil), ("{y}", &year)]), one(rng, top.about).to_string()];
    if rng.chance(60) {
        let quoted: Vec<String> = categories.iter().map(|c| format!("„{c}“")).collect();
        let which = if quoted.len() == 1 { "der Kategorie" } else { "den Kategorien" };
        s.push(format!("Auf der Plattform finden Sie uns in {which} {}.", join_de(&quoted)));
    }
    if rng.chance(50) {
        s.push(one(rng, VALUES).to_string());
    }
    s.join(" ")
}

/// 2–5 sentences: one or two details, the service area, a price note, a closing.
pub fn service_description(rng: &mut Rng, details: &[&'static str], bezirke: &[&str], price_model: &str) -> String {
    let (d1, d2) = two(rng, details);
    let mut s = vec![d1.to_string()];
    if rng.chance(50) {
        s.push(d2.to_string());
    }
    s.push(match bezirke.len() {
        0 => one(rng, AREA_CITY).to_string(),
        1 => fill(one(rng, AREA_ONE), &[("{b}", bezirke[0])]),
        _ => fill(one(rng, AREA_MANY), &[("{b}", &join_de(bezirke))]),
    });
    if rng.chance(60) {
        let notes = match price_model {
            "fixed" => NOTE_FIXED,
            "from" => NOTE_FROM,
            "per_month" => NOTE_MONTH,
            "per_hour" => NOTE_HOUR,
            _ => NOTE_REQUEST,
        };
        s.push(one(rng, notes).to_string());
    }
    if rng.chance(40) {
        s.push(one(rng, CLOSINGS).to_string());
    }
    s.join(" ")
}

/// Title (always naming the Stadtteil) and 3–5 sentence description of a listing.
pub fn housing_text(rng: &mut Rng, h: &DemoHousing, house: bool, new: bool, stadtteil: &str) -> (String, String) {
    let rent = h.kind == "rent";
    let titles = match (new, house, rent) {
        (true, true, _) => NEW_HOUSE_TITLES,
        (true, false, _) => NEW_APT_TITLES,
        (false, true, true) => HOUSE_RENT_TITLES,
        (false, true, false) => HOUSE_BUY_TITLES,
        (false, false, true) => APT_RENT_TITLES,
        (false, false, false) => APT_BUY_TITLES,
    };
    let r = rooms_de(h.rooms_tenths);
    let vars = [("{r}", r.as_str()), ("{f}", one(rng, TITLE_FEATURES)), ("{o}", stadtteil), ("{p}", one(rng, PLACES))];
    let title = fill(one(rng, titles), &vars).replace("mit 1 Zimmern", "mit einem Zimmer");
    let what = if house { "Das Haus" } else { "Die Wohnung" };
    let mut intro = format!("{what} bietet {r} Zimmer auf rund {} m² Wohnfläche", (h.living_area_centi_m2 + 50) / 100);
    if let Some(plot) = h.plot_area_centi_m2 {
        intro += &format!(" und ein Grundstück von rund {} m²", plot / 100);
    }
    let mut s = vec![intro + ".", one(rng, if house { HOUSE_FEATURES } else { APT_FEATURES }).to_string()];
    if rng.chance(60) {
        s.push(fill(one(rng, LOCATIONS), &[("{o}", stadtteil)]));
    }
    s.push(format!("Energieeffizienzklasse laut Ausweis: {}.", h.energy_class));
    if new {
        s.push(format!("Die Fertigstellung ist für {} geplant.", 2027 + rng.below(3)));
    }
    if s.len() < 5 && rng.chance(50) {
        s.push(one(rng, HOUSING_CLOSINGS).to_string());
    }
    (title, s.join(" "))
}

/// Title and 1–4 sentence body whose tone fits `stars`; `offer` is the
/// reviewed offer's title and whether it is a housing listing.
pub fn review_text(rng: &mut Rng, stars: i16, top: &TopText, offer: Option<(&str, bool)>) -> (String, String) {
    let k = usize::from(stars.clamp(1, 5) as u8) - 1;
    let mut s: Vec<String> = Vec::new();
    if let Some((title, housing)) = offer.filter(|_| rng.chance(50)) {
        s.push(fill(one(rng, if housing { HOUSING_REFS } else { OFFER_REFS }), &[("{q}", title)]));
    }
    if rng.chance(75) {
        s.push(one(rng, REVIEW_OPENERS[k]).to_string());
    }
    let ((p1, p2), (n1, n2)) = (two(rng, top.pos), two(rng, top.neg));
    let (more, caveat) = (rng.chance(50), one(rng, REVIEW_CAVEATS));
    let details = match (stars, more) {
        (5, true) => vec![p1, p2],
        (5, false) | (4, false) => vec![p1],
        (4, true) => vec![p1, caveat],
        (3, _) => vec![p1, n1],
        (2, _) | (_, false) => vec![n1],
        _ => vec![n1, n2],
    };
    s.extend(details.into_iter().map(String::from));
    if s.len() < 4 && rng.chance(60) {
        let closers = match stars {
            4 | 5 => CLOSERS_GOOD,
            3 => CLOSERS_MIXED,
            _ => CLOSERS_BAD,
        };
        s.push(one(rng, closers).to_string());
    }
    (one(rng, REVIEW_TITLES[k]).to_string(), s.join(" "))
}
