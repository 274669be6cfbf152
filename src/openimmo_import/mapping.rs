//! Pure rules: an OpenImmo listing as the platform's housing offer, and back.
use openimmo::{Listing, Nutzungsart, Vermarktungsart};

use crate::categories::CategoryTree;
use crate::districts::Districts;
use crate::housing::details::ExposeDetails;
use crate::offers::domain::{HousingKind, PriceModel};
use crate::offers::draft::{DESCRIPTION_CHARS, ENERGY_CLASSES, TITLE_CHARS};

/// The offer columns an imported listing sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferValues {
    pub title: String,
    pub description: String,
    pub category_id: i32,
    pub price_model: PriceModel,
    pub price_cents: Option<i64>,
    pub stadtteil_id: Option<i32>,
    pub kind: HousingKind,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
    /// Costs, building, energy, availability and the Lage / Ausstattung /
    /// Sonstiges texts (see [`super::details`]).
    pub details: ExposeDetails,
}

/// Object kinds that are homes (the platform's housing categories).
const HOME_KINDS: &[&str] = &["wohnung", "haus", "zimmer", "grundstueck"];
/// Conditions that make a listing a new-build project.
const NEW_BUILD: &[&str] = &["PROJEKTIERT", "ROHBAU", "IM_BAU"];

/// Postcodes that lie (almost) wholly in one Stadtteil. Postcodes shared by
/// several Stadtteile are left out: there the Stadtteil stays unset unless
/// `regionaler_zusatz` or `ort` names it.
const PLZ_STADTTEIL: &[(&str, &str)] = &[
    ("47053", "Hochfeld"),
    ("47055", "Wanheimerort"),
    ("47057", "Neudorf-Nord"),
    ("47058", "Duissern"),
    ("47119", "Ruhrort"),
    ("47167", "Neumühl"),
    ("47199", "Baerl"),
    ("47229", "Friemersheim"),
    ("47239", "Rumeln-Kaldenhausen"),
];

/// Lower-case letters and digits only, umlauts spelled out: "Neudorf-Süd" → "neudorfsued".
fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

fn in_duisburg(l: &Listing) -> bool {
    let plz_ok = l.geo.plz.as_deref().and_then(|p| p.trim().parse::<u32>().ok()).is_some_and(|p| (47051..=47279).contains(&p));
    plz_ok || l.geo.ort.as_deref().is_some_and(|o| fold(o).contains("duisburg"))
}

/// The Stadtteil by `regionaler_zusatz`, then by `ort` ("Duisburg-Hochfeld"),
/// then by postcode; None outside Duisburg or when it cannot be told.
pub fn stadtteil(l: &Listing, d: &Districts) -> Option<i32> {
    if !in_duisburg(l) {
        return None;
    }
    let by_name = |name: &str| {
        let f = fold(name);
        let f = f.strip_prefix("duisburg").unwrap_or(&f).to_owned();
        d.stadtteile.iter().find(|s| fold(&s.name) == f).map(|s| s.id)
    };
    let g = &l.geo;
    g.regionaler_zusatz.as_deref().and_then(by_name).or_else(|| g.ort.as_deref().and_then(by_name)).or_else(|| {
        let plz = g.plz.as_deref()?.trim();
        PLZ_STADTTEIL.iter().find(|(p, _)| *p == plz).and_then(|(_, name)| by_name(name))
    })
}

/// Plain text from agents' texts: `<br>` and `</p>` become line breaks,
/// other tags go, a few entities are read.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        if tag.starts_with("br") || tag == "/p" || tag == "/li" {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let out = out.replace("&nbsp;", " ").replace("&amp;", "&").replace("\r\n", "\n");
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect::<String>().trim_end().to_owned()
}

fn cents(v: f64, scale: f64) -> Option<i64> {
    let c = (v * scale).round();
    (c.is_finite() && c >= 0.0 && c < 1e13).then_some(c as i64)
}

fn small(v: Option<f64>, scale: f64) -> Option<i32> {
    v.and_then(|v| cents(v, scale)).and_then(|c| i32::try_from(c).ok())
}

/// The offer a listing becomes, or why it cannot become one.
pub fn offer_values(l: &Listing, cats: &CategoryTree, d: &Districts) -> Result<OfferValues, String> {
    let k = &l.objektkategorie;
    let kind = match k.vermarktungsart {
        Some(Vermarktungsart::Kauf) => HousingKind::Buy,
        Some(Vermarktungsart::MietePacht) => HousingKind::Rent,
        Some(other) => return Err(format!("vermarktungsart {} is not offered on the platform", other.attr())),
        None => return Err("no vermarktungsart and no price to tell buy from rent".into()),
    };
    let commercial_only = !k.nutzungsart.is_empty() && !k.nutzungsart.iter().any(|n| matches!(n, Nutzungsart::Wohnen | Nutzungsart::Waz));
    let art = k.objektart.as_ref().map(|o| o.art.as_str());
    if commercial_only || art.is_some_and(|a| !HOME_KINDS.contains(&a)) {
        return Err(format!("commercial property ({}) has no category on the platform", art.unwrap_or("GEWERBE")));
    }
    let new_build = l.zustand.zustand.as_deref().is_some_and(|z| NEW_BUILD.contains(&z.to_ascii_uppercase().as_str()));
    let slug = match (new_build, kind) {
        (true, _) => "neubauprojekte",
        (false, HousingKind::Buy) => "wohnen-kaufen",
        (false, HousingKind::Rent) => "wohnen-mieten",
    };
    let category_id = cats.by_slug(slug).map(|c| c.id).ok_or_else(|| format!("category {slug} missing"))?;
    let p = &l.preise;
    let (price_model, price) = match kind {
        HousingKind::Buy => (PriceModel::Fixed, p.kaufpreis),
        HousingKind::Rent => (PriceModel::PerMonth, p.kaltmiete.or(p.nettokaltmiete).or(p.warmmiete)),
    };
    let price_cents = price.and_then(|v| cents(v, 100.0));
    let price_model = if price_cents.is_some() { price_model } else { PriceModel::OnRequest };
    let t = &l.freitexte;
    let rooms = l.flaechen.anzahl_zimmer.map(|r| format!("{}", (r * 10.0).round() / 10.0).replace('.', ","));
    let fallback_title = || {
        let what = if kind == HousingKind::Buy { "Immobilie zum Kauf" } else { "Wohnung zur Miete" };
        match &rooms {
            Some(r) => format!("{r}-Zimmer-{what}"),
            None => what.to_owned(),
        }
    };
    let title = cut(&plain(t.objekttitel.as_deref().unwrap_or_default()), TITLE_CHARS.1);
    let title = if title.chars().count() >= TITLE_CHARS.0 { title } else { fallback_title() };
    // The description is the Objekt text; Lage, Ausstattung and Sonstiges
    // are the exposé's own sections.
    let parts = [t.dreizeiler.clone(), t.objektbeschreibung.clone()];
    let description = parts.iter().flatten().map(|s| plain(s)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n\n");
    let description = if description.is_empty() { title.clone() } else { cut(&description, DESCRIPTION_CHARS.1) };
    let energy_class = l
        .zustand
        .energiepass
        .iter()
        .find_map(|e| e.wertklasse.as_deref())
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| ENERGY_CLASSES.contains(&c.as_str()));
    Ok(OfferValues {
        title,
        description,
        category_id,
        price_model,
        price_cents,
        stadtteil_id: stadtteil(l, d),
        kind,
        rooms_tenths: small(l.flaechen.anzahl_zimmer, 10.0),
        living_area_centi_m2: small(l.flaechen.wohnflaeche, 100.0),
        plot_area_centi_m2: small(l.flaechen.grundstuecksflaeche, 100.0),
        energy_class,
        details: super::details::details(l, kind),
    })
}

/// The listing to export for an offer: `base` (as last imported, or empty)
/// with every field whose offer value differs from what `base` maps to
/// overwritten by the offer's value. An unedited imported offer thus
/// exports exactly as imported, and any export imports back unchanged.
pub fn overlay(base: &Listing, now: &OfferValues, cats: &CategoryTree, d: &Districts) -> Listing {
    let mut l = base.clone();
    let was = offer_values(base, cats, d).ok();
    let differs = |f: &dyn Fn(&OfferValues) -> bool| was.as_ref().is_none_or(|w| !f(w));
    if differs(&|w| w.kind == now.kind) {
        l.objektkategorie.vermarktungsart = Some(match now.kind {
            HousingKind::Buy => Vermarktungsart::Kauf,
            HousingKind::Rent => Vermarktungsart::MietePacht,
        });
        if l.objektkategorie.nutzungsart.is_empty() {
            l.objektkategorie.nutzungsart = vec![Nutzungsart::Wohnen];
        }
    }
    if differs(&|w| w.title == now.title) {
        l.freitexte.objekttitel = Some(now.title.clone());
    }
    // Without any free text the description is the title: a new title then
    // needs the old description written out.
    let t = &base.freitexte;
    let no_text = [&t.dreizeiler, &t.objektbeschreibung].iter().all(|x| x.is_none());
    if differs(&|w| w.description == now.description) || (no_text && differs(&|w| w.title == now.title)) {
        let t = &mut l.freitexte;
        t.dreizeiler = None;
        t.objektbeschreibung = Some(now.description.clone());
    }
    if differs(&|w| (w.price_model, w.price_cents) == (now.price_model, now.price_cents)) {
        let euros = now.price_cents.map(|c| c as f64 / 100.0);
        let p = &mut l.preise;
        (p.kaufpreis, p.kaltmiete, p.nettokaltmiete, p.warmmiete) = (None, None, None, None);
        match now.kind {
            HousingKind::Buy => p.kaufpreis = euros,
            HousingKind::Rent => p.kaltmiete = euros,
        }
        // The Warmmiete was cleared with the other prices (a rent may have come from it).
        p.warmmiete = now.details.warm_rent_cents.map(|c| c as f64 / 100.0);
    }
    if differs(&|w| w.rooms_tenths == now.rooms_tenths) {
        l.flaechen.anzahl_zimmer = now.rooms_tenths.map(|r| r as f64 / 10.0);
    }
    if differs(&|w| w.living_area_centi_m2 == now.living_area_centi_m2) {
        l.flaechen.wohnflaeche = now.living_area_centi_m2.map(|a| a as f64 / 100.0);
    }
    if differs(&|w| w.plot_area_centi_m2 == now.plot_area_centi_m2) {
        l.flaechen.grundstuecksflaeche = now.plot_area_centi_m2.map(|a| a as f64 / 100.0);
    }
    if differs(&|w| w.energy_class == now.energy_class) {
        let pass = &mut l.zustand.energiepass;
        if pass.is_empty() {
            pass.push(openimmo::Energiepass::default());
        }
        pass[0].wertklasse = now.energy_class.clone();
        pass.iter_mut().skip(1).for_each(|p| p.wertklasse = None);
    }
    if differs(&|w| w.stadtteil_id == now.stadtteil_id) {
        l.geo.regionaler_zusatz = now.stadtteil_id.and_then(|id| d.stadtteil(id)).map(|s| s.name.clone());
        if l.geo.ort.is_none() || !in_duisburg(&l) || (now.stadtteil_id.is_none() && stadtteil(&l, d).is_some()) {
            l.geo.ort = Some("Duisburg".into());
        }
        if now.stadtteil_id.is_none() && stadtteil(&l, d).is_some() {
            l.geo.plz = None;
        }
    }
    super::details::overlay_details(&mut l, was.as_ref().map(|w| &w.details), &now.details);
    if differs(&|w| w.category_id == now.category_id) {
        let new_build = cats.by_id(now.category_id).is_some_and(|c| c.slug == "neubauprojekte");
        let z = &mut l.zustand.zustand;
        if new_build {
            *z = Some("PROJEKTIERT".into());
        } else if z.as_deref().is_some_and(|z| NEW_BUILD.contains(&z.to_ascii_uppercase().as_str())) {
            *z = None;
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categories::Category;
    use crate::districts::{Bezirk, Stadtteil};

    fn cats() -> CategoryTree {
        let c = |id, parent_id, slug: &str| Category { id, parent_id, slug: slug.into(), name: slug.into() };
        CategoryTree { all: vec![c(1, None, "wohnen"), c(2, Some(1), "wohnen-kaufen"), c(3, Some(1), "wohnen-mieten"), c(4, Some(1), "neubauprojekte")] }
    }

    fn districts() -> Districts {
        let st = |id, name: &str| Stadtteil { id, bezirk_id: 1, slug: fold(name), name: name.into() };
        Districts {
            bezirke: vec![Bezirk { id: 1, slug: "mitte".into(), name: "Mitte".into() }],
            stadtteile: vec![st(10, "Hochfeld"), st(11, "Neudorf-Süd"), st(12, "Ruhrort"), st(13, "Dellviertel")],
        }
    }

    fn rent(plz: &str, ort: &str, zusatz: Option<&str>) -> Listing {
        let mut l = Listing::default();
        l.objektkategorie.vermarktungsart = Some(Vermarktungsart::MietePacht);
        l.preise.kaltmiete = Some(640.5);
        l.geo.plz = Some(plz.into());
        l.geo.ort = Some(ort.into());
        l.geo.regionaler_zusatz = zusatz.map(String::from);
        l.freitexte.objekttitel = Some("Schöne Wohnung".into());
        l
    }

    #[test]
    fn stadtteil_by_name_then_ort_then_postcode_only_in_duisburg() {
        let d = districts();
        assert_eq!(stadtteil(&rent("47057", "Duisburg", Some("Neudorf Süd")), &d), Some(11), "name beats postcode");
        assert_eq!(stadtteil(&rent("47000", "Duisburg-Ruhrort", None), &d), Some(12));
        assert_eq!(stadtteil(&rent("47053", "Duisburg", None), &d), Some(10), "47053 is Hochfeld");
        assert_eq!(stadtteil(&rent("47051", "Duisburg", None), &d), None, "shared postcode: unset");
        assert_eq!(stadtteil(&rent("97084", "Würzburg", Some("Hochfeld")), &d), None, "outside Duisburg");
    }

    #[test]
    fn values_of_a_rental_and_the_reasons_to_skip() {
        let (c, d) = (cats(), districts());
        let mut l = rent("47053", "Duisburg", None);
        l.flaechen.anzahl_zimmer = Some(2.5);
        l.flaechen.wohnflaeche = Some(71.255);
        l.zustand.energiepass = vec![openimmo::Energiepass { wertklasse: Some(" c ".into()), ..Default::default() }];
        l.freitexte.objektbeschreibung = Some("Hell<br/>und <b>ruhig</b>&nbsp;gelegen.".into());
        let v = offer_values(&l, &c, &d).unwrap();
        assert_eq!((v.category_id, v.price_model, v.price_cents, v.kind), (3, PriceModel::PerMonth, Some(64050), HousingKind::Rent));
        assert_eq!((v.rooms_tenths, v.living_area_centi_m2, v.energy_class.as_deref()), (Some(25), Some(7126), Some("C")));
        assert_eq!(v.description, "Hell\nund ruhig gelegen.");
        assert_eq!(v.stadtteil_id, Some(10));

        l.zustand.zustand = Some("projektiert".into());
        assert_eq!(offer_values(&l, &c, &d).unwrap().category_id, 4, "new build");
        l.objektkategorie.vermarktungsart = Some(Vermarktungsart::Erbpacht);
        assert!(offer_values(&l, &c, &d).unwrap_err().contains("ERBPACHT"));
        l.objektkategorie.vermarktungsart = None;
        assert!(offer_values(&l, &c, &d).is_err());
        let mut shop = rent("47051", "Duisburg", None);
        shop.objektkategorie.objektart = Some(openimmo::Objektart { art: "einzelhandel".into(), typ: None });
        assert!(offer_values(&shop, &c, &d).unwrap_err().contains("einzelhandel"));
        let mut untitled = rent("47051", "Duisburg", None);
        untitled.freitexte.objekttitel = None;
        untitled.flaechen.anzahl_zimmer = Some(3.0);
        assert_eq!(offer_values(&untitled, &c, &d).unwrap().title, "3-Zimmer-Wohnung zur Miete");
    }

    #[test]
    fn overlay_keeps_an_unedited_listing_and_carries_edits() {
        let (c, d) = (cats(), districts());
        let l = rent("47053", "Duisburg", None);
        let v = offer_values(&l, &c, &d).unwrap();
        assert_eq!(overlay(&l, &v, &c, &d), l, "unedited: exported as imported");
        let edited = OfferValues { title: "Neu renoviert".into(), price_cents: Some(70000), stadtteil_id: Some(13), category_id: 4, ..v.clone() };
        let out = overlay(&l, &edited, &c, &d);
        assert_eq!(offer_values(&out, &c, &d).unwrap(), edited, "the export imports as the edited offer");
        let unset = OfferValues { stadtteil_id: None, ..v };
        assert_eq!(offer_values(&overlay(&l, &unset, &c, &d), &c, &d).unwrap(), unset);
        let fresh = overlay(&Listing::default(), &edited, &c, &d);
        assert_eq!(offer_values(&fresh, &c, &d).unwrap(), edited, "an offer made on the platform");
    }

    #[test]
    fn sections_are_their_own_and_details_survive_an_edited_price() {
        let (c, d) = (cats(), districts());
        let mut l = rent("47053", "Duisburg", None);
        l.preise.warmmiete = Some(900.0);
        l.freitexte.objektbeschreibung = Some("Helle Wohnung.".into());
        l.freitexte.lage = Some("Am Park.".into());
        let v = offer_values(&l, &c, &d).unwrap();
        assert_eq!(v.description, "Helle Wohnung.", "Lage is not part of the description");
        assert_eq!((v.details.location_text.as_deref(), v.details.warm_rent_cents), (Some("Am Park."), Some(90_000)));
        let mut edited = OfferValues { price_cents: Some(66_000), description: "Neu beschrieben.".into(), ..v.clone() };
        edited.details.features_text = Some("Einbauküche.".into());
        let out = overlay(&l, &edited, &c, &d);
        assert_eq!(out.freitexte.lage.as_deref(), Some("Am Park."), "a new description keeps the Lage text");
        assert_eq!(offer_values(&out, &c, &d).unwrap(), edited);
    }

    #[test]
    fn plain_text_from_agent_html() {
        assert_eq!(plain("a<br>b<BR />c</p>d"), "a\nb\nc\nd");
        assert_eq!(plain("  x &amp; y  "), "x & y");
        assert_eq!(plain("3 < 4"), "3 < 4");
    }
}
