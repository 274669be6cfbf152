//! OpenImmo import and export on SQLite and PostgreSQL: every fixture,
//! broken files change nothing, VOLL/TEIL, DELETE, idempotent re-import,
//! export -> import round trip, ZIP input, and the CLI.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::fixtures;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use smart_city_duisburg::db;
use smart_city_duisburg::db::entities::{audit_log, offer, openimmo_listing};
use smart_city_duisburg::openimmo_import::{export::export, import_file, ImportError, ImportReport};
use smart_city_duisburg::reference::Reference;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/openimmo/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

struct Env {
    db: DatabaseConnection,
    r: Reference,
    url: String,
}

async fn env() -> Env {
    let url = common::fresh_database_url().await;
    let db = db::connect_and_migrate(&url).await.expect("migrate");
    let r = Reference::load(&db).await.expect("reference");
    Env { db, r, url }
}

impl Env {
    async fn provider(&self, name: &str) -> i32 {
        fixtures::provider(&self.db, name, "private", Utc::now()).await
    }
    async fn import(&self, provider: i32, bytes: &[u8]) -> Result<ImportReport, ImportError> {
        import_file(&self.db, &self.r, provider, bytes.into(), None, &|_, _, _| {}).await
    }
    /// Every offer of the provider by its agent's key: (key, offer).
    async fn offers(&self, provider: i32) -> Vec<(String, offer::Model)> {
        let links = openimmo_listing::Entity::find()
            .filter(openimmo_listing::Column::ProviderId.eq(provider))
            .order_by_asc(openimmo_listing::Column::ExternalKey)
            .all(&self.db)
            .await
            .unwrap();
        let mut out = Vec::new();
        for l in links {
            out.push((l.external_key, offer::Entity::find_by_id(l.offer_id).one(&self.db).await.unwrap().unwrap()));
        }
        out
    }
    async fn offer(&self, provider: i32, key: &str) -> offer::Model {
        self.offers(provider).await.into_iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("{key}")).1
    }
    /// Everything an import could touch, for "nothing changed" checks.
    async fn state(&self) -> (Vec<offer::Model>, Vec<openimmo_listing::Model>, u64) {
        (
            offer::Entity::find().order_by_asc(offer::Column::Id).all(&self.db).await.unwrap(),
            openimmo_listing::Entity::find().order_by_asc(openimmo_listing::Column::Id).all(&self.db).await.unwrap(),
            audit_log::Entity::find().count(&self.db).await.unwrap(),
        )
    }
}

#[tokio::test]
async fn voll_file_creates_offers_and_reimport_changes_nothing() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    let rep = e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    assert_eq!((rep.umfang, rep.listings_in_file, rep.created, rep.updated, rep.unchanged, rep.archived), ("VOLL", 4, 3, 0, 0, 0), "{rep}");
    assert_eq!(rep.skipped.len(), 1, "{rep}");
    assert_eq!(rep.skipped[0].0, "nr:B-3003");
    assert!(rep.skipped[0].1.contains("vermarktungsart"), "{rep}");
    assert_eq!(rep.unknown_elements.get("ausstattung/rauchmelder"), Some(&1));
    assert_eq!((rep.images_not_imported, rep.external_links, rep.without_stadtteil), (1, 1, 1), "{rep}");

    let w = e.offer(p, "nr:W-1001").await;
    assert_eq!(w.title, "Helle 2,5-Zimmer-Wohnung mit Balkon in Hochfeld");
    assert_eq!((w.price_model.as_str(), w.price_cents), ("per_month", Some(64050)));
    assert_eq!((w.housing_kind.as_deref(), w.rooms_tenths, w.living_area_centi_m2), (Some("rent"), Some(25), Some(7125)));
    assert_eq!(w.energy_class.as_deref(), Some("E"));
    assert_eq!(w.stadtteil_id.and_then(|s| e.r.districts.stadtteil(s)).map(|s| s.name.as_str()), Some("Hochfeld"));
    assert_eq!(e.r.categories.by_id(w.category_id).map(|c| c.slug.as_str()), Some("wohnen-mieten"));
    assert_eq!((w.status.as_str(), w.version), ("published", 1));
    assert!(w.description.starts_with("Balkon & Aufzug\nEinbauküche"), "{}", w.description);
    assert!(!w.description.contains("Ruhige Seitenstraße"), "Lage is its own section: {}", w.description);
    assert_eq!(w.location_text.as_deref(), Some("Ruhige Seitenstraße, Straßenbahn 903 in 3 Minuten, Rheinpark in der Nähe."), "tags stripped");
    assert_eq!((w.warm_rent_cents, w.service_charge_cents, w.heating_costs_cents, w.heating_in_service_charge), (Some(84_550), Some(12_500), Some(8_000), None));
    assert_eq!((w.deposit_cents, w.commission.as_deref(), w.hausgeld_cents), (Some(192_150), Some("provisionsfrei"), None));
    assert_eq!((w.floor, w.floors_total, w.year_built, w.condition.as_deref()), (Some(2), Some(4), Some(1961), Some("GEPFLEGT")));
    assert_eq!((w.heating_type.as_deref(), w.energy_source.as_deref()), (Some("ZENTRAL"), Some("GAS")));
    assert_eq!((w.energy_certificate.as_deref(), w.energy_value_tenths), (Some("VERBRAUCH"), Some(1324)));
    assert_eq!(w.available_from.as_deref(), Some("2027-02-01"), "01.02.2027 read as a date");

    let h = e.offer(p, "nr:H-2002").await;
    assert_eq!((h.price_model.as_str(), h.price_cents, h.housing_kind.as_deref()), ("fixed", Some(38_900_000), Some("buy")));
    assert_eq!((h.plot_area_centi_m2, h.energy_class.as_deref(), h.stadtteil_id), (Some(31_000), Some("C"), None));
    assert_eq!(e.r.categories.by_id(h.category_id).map(|c| c.slug.as_str()), Some("wohnen-kaufen"));
    let r = e.offer(p, "nr:W-4004").await;
    assert_eq!(r.stadtteil_id.and_then(|s| e.r.districts.stadtteil(s)).map(|s| s.name.as_str()), Some("Ruhrort"));

    let before = e.state().await;
    let again = e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged, again.archived), (0, 0, 3, 0), "{again}");
    assert_eq!(e.state().await, before, "no version bump, no updated_at, no audit entry");
}

#[tokio::test]
async fn teil_changes_only_its_listings_and_delete_archives() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    let untouched = e.offer(p, "nr:W-4004").await;
    let rep = e.import(p, &fixture("duisburg-teil-latin1.xml")).await.unwrap();
    assert_eq!((rep.umfang, rep.created, rep.updated, rep.unchanged, rep.archived), ("TEIL", 0, 1, 0, 1), "{rep}");
    let w = e.offer(p, "nr:W-1001").await;
    assert_eq!((w.price_cents, w.version), (Some(66000), 2));
    assert!(w.description.contains("Stellplatz für 20 €"), "Windows-1252 read: {}", w.description);
    let h = e.offer(p, "nr:H-2002").await;
    assert_eq!((h.status.as_str(), h.version), ("archived", 2));
    assert_eq!(e.offer(p, "nr:W-4004").await, untouched, "TEIL leaves the others alone");

    // Deleting again is no change; deleting the unknown is reported.
    let rep = e.import(p, &fixture("duisburg-teil-latin1.xml")).await.unwrap();
    assert_eq!((rep.updated, rep.unchanged, rep.archived), (0, 2, 0), "{rep}");
    let xml = br#"<openimmo><uebertragung umfang="TEIL"/><anbieter><immobilie><verwaltung_techn><objektnr_extern>NIE-DA</objektnr_extern><aktion aktionart="DELETE"/></verwaltung_techn></immobilie></anbieter></openimmo>"#;
    let rep = e.import(p, xml).await.unwrap();
    assert_eq!(rep.skipped, vec![("nr:NIE-DA".to_owned(), "DELETE of a listing that is not on the platform".to_owned())]);
}

#[tokio::test]
async fn voll_archives_what_is_missing_and_brings_back_what_returns() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    let other = e.provider("Andere Makler").await;
    e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    e.import(other, &fixture("duisburg-voll.xml")).await.unwrap();
    let mut doc = openimmo::parse(&fixture("duisburg-voll.xml")).unwrap().document;
    doc.anbieter[0].immobilien.retain(|l| l.verwaltung_techn.objektnr_extern.as_deref() == Some("W-4004"));
    let rep = e.import(p, openimmo::write(&doc).as_bytes()).await.unwrap();
    assert_eq!((rep.created, rep.updated, rep.unchanged, rep.archived), (0, 0, 1, 2), "{rep}");
    let status: Vec<(String, String)> = e.offers(p).await.into_iter().map(|(k, o)| (k, o.status)).collect();
    assert_eq!(
        status,
        [("nr:H-2002", "archived"), ("nr:W-1001", "archived"), ("nr:W-4004", "published")].map(|(k, s)| (k.to_owned(), s.to_owned()))
    );
    assert!(e.offers(other).await.iter().all(|(_, o)| o.status == "published"), "another provider's offers stay");
    let rep = e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    assert_eq!((rep.created, rep.updated, rep.unchanged, rep.archived), (0, 2, 1, 0), "{rep}");
    assert!(e.offers(p).await.iter().all(|(_, o)| o.status == "published"));
}

#[tokio::test]
async fn broken_files_change_nothing() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    let before = e.state().await;
    for name in ["broken-mismatched-tag.xml", "broken-truncated.xml", "broken-not-openimmo.xml", "broken-unknown-entity.xml", "broken-bad-umfang.xml"] {
        let err = e.import(p, &fixture(name)).await.unwrap_err();
        assert!(matches!(err, ImportError::Read(_)), "{name}: {err}");
        assert!(err.to_string().contains("line "), "{name}: {err}");
        assert_eq!(e.state().await, before, "{name}");
    }
    // A changed file cut off at the end: the change before the cut is not applied either.
    let teil = fixture("duisburg-teil-latin1.xml");
    let cut = &teil[..teil.len() - 40];
    assert!(e.import(p, cut).await.is_err());
    assert_eq!(e.state().await, before);
    assert!(matches!(e.import(9999, &fixture("duisburg-voll.xml")).await, Err(ImportError::NoProvider(9999))));
    assert_eq!(e.state().await, before);
}

#[tokio::test]
async fn every_fixture_imports_or_is_refused_whole() {
    let e = env().await;
    let dir = format!("{}/tests/data/openimmo", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|d| d.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut imported = 0;
    for name in names.iter().filter(|n| n.ends_with(".xml") || n.ends_with(".zip")) {
        let p = e.provider(&format!("Makler {name}")).await;
        let before = e.state().await;
        match e.import(p, &fixture(name)).await {
            Ok(rep) => {
                assert!(!name.starts_with("broken-"), "{name}");
                assert_eq!(rep.created + rep.skipped.len(), rep.listings_in_file, "{name}: {rep}");
                assert_eq!(e.offers(p).await.len(), rep.created, "{name}");
                let again = e.import(p, &fixture(name)).await.unwrap();
                assert_eq!((again.created, again.updated, again.unchanged), (0, 0, rep.created), "{name}: {again}");
                imported += 1;
            }
            Err(err) => {
                assert!(name.starts_with("broken-"), "{name}: {err}");
                assert_eq!(e.state().await, before, "{name}");
            }
        }
    }
    assert_eq!(imported, 7);
    // The portal export lies outside Duisburg: imported without a Stadtteil.
    let p = e.provider("Portal").await;
    let rep = e.import(p, &fixture("immowelt-rental-listing.xml")).await.unwrap();
    assert_eq!((rep.created, rep.without_stadtteil, rep.external_links), (1, 1, 6), "{rep}");
}

#[tokio::test]
async fn zip_with_images_imports_listings_and_skips_a_bad_image() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    let rep = e.import(p, &fixture("duisburg-with-images.zip")).await.unwrap();
    assert_eq!(rep.created, 3, "{rep}");
    assert_eq!(rep.zip_files, ["export/bilder/hochfeld-wohnzimmer.jpg", "export/bilder/unused.png"]);
    assert!(rep.images_missing.is_empty());
    // The fixture's JPEG is only a header: tried as a photo, skipped with its reason.
    assert_eq!((rep.images_not_imported, rep.images_imported), (0, 0), "{rep}");
    assert_eq!(rep.images_skipped.len(), 1, "{rep}");
    assert!(rep.to_string().contains("image hochfeld-wohnzimmer.jpg skipped: not a usable image"), "{rep}");
    let again = e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    assert_eq!(again.unchanged, 3, "the ZIP's XML and the plain file are the same listings");
}

#[tokio::test]
async fn listings_without_key_or_twice_in_a_file_are_skipped() {
    let e = env().await;
    let p = e.provider("Makler").await;
    let one = |nr: &str| format!("<immobilie><preise><kaltmiete>500</kaltmiete></preise><freitexte><objekttitel>Wohnung {nr}</objekttitel></freitexte><verwaltung_techn><objektnr_extern>{nr}</objektnr_extern></verwaltung_techn></immobilie>");
    let xml = format!("<openimmo><anbieter>{}{}{}</anbieter></openimmo>", one("A-1"), one("A-1"), one(""));
    let rep = e.import(p, xml.as_bytes()).await.unwrap();
    assert_eq!(rep.created, 1, "{rep}");
    assert_eq!(
        rep.skipped,
        vec![
            ("nr:A-1".to_owned(), "appears more than once in the file; the first is taken".to_owned()),
            ("Wohnung".to_owned(), "no objektnr_extern and no openimmo_obid".to_owned()),
        ]
    );
    assert_eq!(rep.umfang, "TEIL", "no uebertragung: nothing is archived");
}

#[tokio::test]
async fn export_then_import_is_a_no_op() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    e.import(p, &fixture("duisburg-voll.xml")).await.unwrap();
    e.import(p, &fixture("duisburg-teil-latin1.xml")).await.unwrap();
    // An offer made on the platform, not imported.
    let mieten = e.r.categories.by_slug("wohnen-mieten").unwrap().id;
    let own = fixtures::offer(&e.db, p, mieten, "Eigene Wohnung am Innenhafen", Some(75_000), Utc::now()).await;
    let mut m: offer::ActiveModel = own.clone().into();
    use sea_orm::{ActiveModelTrait, Set};
    m.price_model = Set("per_month".into());
    m.housing_kind = Set(Some("rent".into()));
    m.rooms_tenths = Set(Some(30));
    m.stadtteil_id = Set(e.r.districts.stadtteile.iter().find(|s| s.name == "Dellviertel").map(|s| s.id));
    m.energy_class = Set(Some("B".into()));
    // Every exposé detail, as the editor stores them.
    (m.warm_rent_cents, m.service_charge_cents, m.heating_costs_cents) = (Set(Some(99_000)), Set(Some(15_000)), Set(Some(9_000)));
    (m.heating_in_service_charge, m.deposit_cents, m.commission) = (Set(Some(true)), Set(Some(225_000)), Set(Some("3,57 % inkl. MwSt.".into())));
    (m.floor, m.floors_total, m.year_built, m.condition) = (Set(Some(0)), Set(Some(3)), Set(Some(1908)), Set(Some("TEIL_VOLLSANIERT".into())));
    (m.heating_type, m.energy_source) = (Set(Some("FERN".into())), Set(Some("FERN".into())));
    (m.energy_certificate, m.energy_value_tenths, m.available_from) = (Set(Some("BEDARF".into())), Set(Some(875)), Set(Some("2027-03-01".into())));
    m.location_text = Set(Some("Mitten im Dellviertel.\n\nZum Hauptbahnhof zehn Minuten.".into()));
    (m.features_text, m.other_text) = (Set(Some("Stuck & Dielen im Original.".into())), Set(Some("Haustiere nach Absprache.".into())));
    let own = m.update(&e.db).await.unwrap();
    // An imported offer edited on the platform: changed and cleared details.
    let mut w: offer::ActiveModel = e.offer(p, "nr:W-1001").await.into();
    (w.deposit_cents, w.floor, w.condition) = (Set(Some(200_000)), Set(None), Set(Some("MODERNISIERT".into())));
    (w.energy_certificate, w.energy_value_tenths, w.location_text) = (Set(Some("BEDARF".into())), Set(Some(1_010)), Set(None));
    w.features_text = Set(Some("Neue Einbauküche.".into()));
    w.update(&e.db).await.unwrap();

    let (xml, n) = export(&e.db, &e.r, p).await.unwrap();
    assert_eq!(n, 3, "published housing offers: W-1001, W-4004 and our own (H-2002 is archived)");
    assert!(xml.contains("<objektnr_extern>W-1001</objektnr_extern>"));
    assert!(xml.contains(&format!("<objektnr_extern>SCD-{}</objektnr_extern>", own.id)));
    assert!(xml.contains("umfang=\"VOLL\"") && xml.contains("version=\"1.2.7\""));
    assert!(xml.contains("hochfeld-wohnzimmer.jpg") || !xml.contains("anhaenge"), "attachments kept as imported");
    assert!(xml.contains("<warmmiete>990</warmmiete>") && xml.contains("<aussen_courtage>3,57 % inkl. MwSt.</aussen_courtage>"), "{xml}");
    assert!(xml.contains("<verfuegbar_ab>2027-03-01</verfuegbar_ab>") && xml.contains("<ausstatt_beschr>Neue Einbauküche.</ausstatt_beschr>"));
    assert!(!xml.contains("Ruhige Seitenstraße"), "a cleared Lage text is not exported");

    let before = e.state().await;
    let rep = e.import(p, xml.as_bytes()).await.unwrap();
    assert_eq!((rep.created, rep.updated, rep.archived, rep.unchanged), (0, 0, 0, 3), "{rep}");
    let (offers_after, links_after, audit_after) = e.state().await;
    assert_eq!((&offers_after, audit_after), (&before.0, before.2), "offers untouched");
    assert_eq!(links_after.len(), before.1.len() + 1, "the platform's own offer is now linked by its SCD key");
    // And the export of that state is the same file.
    assert_eq!(export(&e.db, &e.r, p).await.unwrap().0, xml);
}

#[tokio::test]
async fn cli_imports_and_exports() {
    let e = env().await;
    let p = e.provider("Rhein Ruhr Immobilien").await;
    let bin = env!("CARGO_BIN_EXE_smart-city-duisburg");
    let file = format!("{}/tests/data/openimmo/duisburg-voll.xml", env!("CARGO_MANIFEST_DIR"));
    let run = |args: Vec<String>| {
        std::process::Command::new(bin).args(args).env("DATABASE_URL", &e.url).env("RUST_LOG", "error").output().unwrap()
    };
    let out = run(vec!["import-openimmo".into(), file.clone(), "--provider".into(), p.to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("created 3, updated 0, unchanged 0, archived 0, skipped 1"), "{stdout}");
    assert!(stdout.contains("skipped nr:B-3003: vermarktungsart"), "{stdout}");

    let export_file = std::env::temp_dir().join(format!("scd-export-{}-{p}.xml", std::process::id()));
    let out = run(vec!["export-openimmo".into(), "--provider".into(), p.to_string(), export_file.to_string_lossy().into()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(vec!["import-openimmo".into(), export_file.to_string_lossy().into(), "--provider".into(), p.to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("created 0, updated 0, unchanged 3, archived 0, skipped 0"), "{stdout}");
    let _ = std::fs::remove_file(export_file);

    let out = run(vec!["import-openimmo".into(), format!("{}/tests/data/openimmo/broken-mismatched-tag.xml", env!("CARGO_MANIFEST_DIR")), "--provider".into(), p.to_string()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 9, column 7 in <preise>") && stderr.contains("nothing was changed"), "{stderr}");
}

#[tokio::test]
async fn scd_keys_adopt_only_the_providers_own_housing_offers() {
    let e = env().await;
    let p = e.provider("Makler").await;
    let dach = e.r.categories.by_slug("dach").unwrap().id;
    let service = fixtures::offer(&e.db, p, dach, "Dachreparatur", Some(5_000), Utc::now()).await;
    let xml = format!(
        "<openimmo><anbieter><immobilie><preise><kaltmiete>500</kaltmiete></preise><freitexte><objekttitel>Wohnung am Park</objekttitel></freitexte>\
         <verwaltung_techn><objektnr_extern>SCD-{}</objektnr_extern></verwaltung_techn></immobilie></anbieter></openimmo>",
        service.id
    );
    let rep = e.import(p, xml.as_bytes()).await.unwrap();
    assert_eq!((rep.created, rep.updated), (1, 0), "{rep}");
    let after = offer::Entity::find_by_id(service.id).one(&e.db).await.unwrap().unwrap();
    assert_eq!(after, service, "a service offer is never turned into housing");
}

/// SQLite has one writer at a time: a large import commits in parts, so
/// others' writes (a sign-in, a save) get their turn in between, and every
/// part links its offers to their listings (a run cut short is completed by
/// running it again, without duplicates). PostgreSQL writes a run at once.
#[tokio::test]
async fn a_large_import_commits_in_parts_on_sqlite_and_at_once_on_postgres() {
    use smart_city_duisburg::openimmo_import::store::SQLITE_LISTINGS_PER_COMMIT;
    let e = env().await;
    let p = e.provider("Teilweise Immobilien").await;
    let n = SQLITE_LISTINGS_PER_COMMIT * 4 + 17;
    let xml: std::sync::Arc<[u8]> = openimmo::write(&openimmo::synth::document(n, 7)).into_bytes().into();
    let (db, r) = (e.db.clone(), Reference::load(&e.db).await.unwrap());
    let import = tokio::spawn(async move { import_file(&db, &r, p, xml, None, &|_, _, _| {}).await });
    // Watch from outside while it runs; meanwhile others write too.
    let mut seen = std::collections::BTreeSet::new();
    let mut writes = 0;
    while !import.is_finished() {
        // Both counts in one statement, so one snapshot: two queries could
        // straddle a part's commit.
        let sql = "SELECT (SELECT COUNT(*) FROM openimmo_listing WHERE provider_id = ?) AS linked, (SELECT COUNT(*) FROM offer WHERE provider_id = ?) AS offers";
        let row = e.db.query_one_raw(smart_city_duisburg::db::stmt(&e.db, sql, vec![p.into(), p.into()])).await.unwrap().unwrap();
        let (linked, offers): (i64, i64) = (row.try_get("", "linked").unwrap(), row.try_get("", "offers").unwrap());
        assert_eq!(linked, offers, "every committed offer is linked to its listing");
        seen.insert(offers as u64);
        fixtures::account(&e.db, &format!("Nutzer {writes}"), smart_city_duisburg::accounts::domain::Role::Resident, true).await;
        writes += 1;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let report = import.await.unwrap().unwrap();
    assert_eq!(report.created, n);
    let partial: Vec<u64> = seen.iter().copied().filter(|c| *c > 0 && *c < n as u64).collect();
    if common::is_postgres() {
        assert!(partial.is_empty(), "PostgreSQL commits the run at once, seen {partial:?}");
    } else {
        assert!(!partial.is_empty(), "SQLite commits in parts: seen only {seen:?}");
        assert!(partial.iter().all(|c| *c as usize % SQLITE_LISTINGS_PER_COMMIT == 0), "{partial:?}");
    }
    assert!(writes > 0);
    assert_eq!(audit_log::Entity::find().filter(audit_log::Column::Action.eq("openimmo.import")).count(&e.db).await.unwrap(), 1, "one audit entry per run");
}
