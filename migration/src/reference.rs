//! Reference data loaded by the migrations: Duisburg's districts and the
//! category tree. Kept as plain data so the app and its tests can read it too.

/// `(Stadtbezirk, Stadtteil)` pairs, from the city's administrative division.
pub fn districts() -> Vec<(&'static str, &'static str)> {
    include_str!("../data/duisburg-districts.csv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_once(','))
        .map(|(b, t)| (b.trim(), t.trim()))
        .collect()
}

/// Top-level categories with their children: `(slug, German name, children)`.
pub const CATEGORIES: &[(&str, &str, &[(&str, &str)])] = &[
    ("wohnen", "Wohnen", &[
        ("wohnen-kaufen", "Kaufen"),
        ("wohnen-mieten", "Mieten"),
        ("neubauprojekte", "Neubauprojekte"),
    ]),
    ("finanzen", "Finanzen", &[
        ("baufinanzierung", "Baufinanzierung"),
        ("girokonto", "Girokonto"),
        ("versicherung", "Versicherungen"),
    ]),
    ("energie", "Energie", &[
        ("strom", "Strom"),
        ("gas", "Gas"),
        ("solar", "Solar & Photovoltaik"),
    ]),
    ("handwerk", "Handwerk", &[
        ("dach", "Dachdecker"),
        ("elektro", "Elektrik"),
        ("sanitaer-heizung", "Sanitär & Heizung"),
        ("maler", "Maler & Lackierer"),
        ("tischler", "Tischler & Schreiner"),
    ]),
    ("haushalt", "Haushalt", &[
        ("reinigung", "Reinigung"),
        ("garten", "Garten & Landschaft"),
        ("tierbetreuung", "Tierbetreuung"),
        ("hausmeister", "Hausmeisterdienste"),
    ]),
    ("sicherheit", "Sicherheit", &[
        ("sicherheitsdienst", "Sicherheitsdienste"),
        ("alarmanlagen", "Alarm- & Schließtechnik"),
    ]),
    ("gastronomie", "Catering & Gastronomie", &[
        ("catering", "Catering"),
        ("mittagstisch", "Mittagstisch & Lieferung"),
    ]),
    ("umzug", "Umzug", &[
        ("umzugsunternehmen", "Umzugsunternehmen"),
        ("entruempelung", "Entrümpelung"),
    ]),
    ("pflege-gesundheit", "Pflege & Gesundheit", &[
        ("ambulante-pflege", "Ambulante Pflege"),
        ("alltagshilfe", "Alltagshilfe & Betreuung"),
        ("physiotherapie", "Physiotherapie"),
    ]),
];

/// Lower-case ASCII slug for URLs: umlauts and ß transliterated, everything
/// else that is not alphanumeric collapsed into single dashes.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        match ch {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// One municipal service of the "Verwaltung online" directory, as seeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityServiceSeed {
    pub themenfeld: &'static str,
    pub themenfeld_en: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    /// online / partial / in_person
    pub availability: &'static str,
    pub official_url: &'static str,
    pub description: &'static str,
    pub description_en: &'static str,
    /// What to bring, one item per line.
    pub bring: String,
    pub bring_en: String,
}

/// The city's common administrative services by OZG Themenfeld (names from
/// the shared OZG list; descriptions, availability and portal links are the
/// platform's own editorial data, maintained by admins after seeding).
pub fn city_services() -> Vec<CityServiceSeed> {
    let lines = |s: &str| s.split(" | ").map(str::trim).collect::<Vec<_>>().join("\n");
    include_str!("../data/ozg-services.tsv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&'static str> = l.split('\t').collect();
            assert_eq!(f.len(), 10, "ozg-services.tsv: 10 columns per line: {l}");
            CityServiceSeed {
                themenfeld: f[0],
                themenfeld_en: f[1],
                name: f[2],
                name_en: f[3],
                availability: f[4],
                official_url: f[5],
                description: f[6],
                description_en: f[7],
                bring: lines(f[8]),
                bring_en: lines(f[9]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_are_seven_bezirke_with_46_stadtteile() {
        let d = districts();
        assert_eq!(d.len(), 46);
        let mut bezirke: Vec<_> = d.iter().map(|(b, _)| *b).collect();
        bezirke.dedup();
        assert_eq!(bezirke.len(), 7);
    }

    #[test]
    fn slugify_transliterates_german() {
        assert_eq!(slugify("Kaßlerfeld"), "kasslerfeld");
        assert_eq!(slugify("Homberg/Ruhrort/Baerl"), "homberg-ruhrort-baerl");
        assert_eq!(slugify("  Süd  "), "sued");
        assert_eq!(slugify("3-Zimmer-Wohnung, 72 m²!"), "3-zimmer-wohnung-72-m");
    }

    #[test]
    fn city_services_cover_the_shared_ozg_list() {
        let s = city_services();
        assert_eq!(s.len(), 45);
        let mut names: Vec<_> = s.iter().map(|x| x.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 45, "service names are unique");
        for x in &s {
            assert!(["online", "partial", "in_person"].contains(&x.availability), "{}", x.name);
            assert!(x.official_url.starts_with("https://"), "{}", x.name);
            assert!(!x.bring.is_empty() && x.bring.lines().count() == x.bring_en.lines().count(), "{}", x.name);
        }
    }
}
