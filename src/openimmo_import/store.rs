//! One OpenImmo file into a provider's offers: compared, then written in one
//! transaction through the offers' door.
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use openimmo::{Document, Listing, Umfang};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::mapping::{offer_values, OfferValues};
use super::report::{ImportError, ImportReport};
use crate::db::entities::{offer, openimmo_listing, provider};
use crate::offers::door::ImportBatch;
use crate::offers::lifecycle::OfferStatus;
use crate::reference::Reference;

/// Rows per multi-row INSERT (well below SQLite's and PostgreSQL's parameter limits).
const CHUNK: usize = 500;

/// The listing alone as OpenImmo 1.2.7: what is stored to tell "unchanged".
pub fn listing_xml(l: &Listing) -> String {
    let doc = Document {
        anbieter: vec![openimmo::Anbieter { immobilien: vec![l.clone()], ..Default::default() }],
        ..Default::default()
    };
    openimmo::write(&doc)
}

/// Reads XML or a ZIP (by its magic bytes) into a document and a report of
/// what reading found.
pub fn read(bytes: &[u8]) -> Result<(Document, ImportReport), ImportError> {
    let limits = openimmo::Limits::default();
    let mut report = ImportReport::default();
    let parsed = if openimmo::is_zip(bytes) {
        let z = openimmo::zip::read_zip(bytes, &limits).map_err(|e| ImportError::Read(e.to_string()))?;
        report.zip_files = z.files.iter().map(|f| f.name.clone()).collect();
        report.images_missing = z.missing;
        z.parsed
    } else {
        openimmo::parse_with(bytes, &limits).map_err(|e| ImportError::Read(e.to_string()))?
    };
    report.listings_in_file = parsed.report.listings_seen;
    report.unknown_elements = parsed.report.unknown_elements;
    report.warnings = parsed.report.warnings.iter().map(|w| format!("line {}: {}", w.line, w.message)).collect();
    for s in parsed.report.skipped {
        report.skip(s.key.unwrap_or_else(|| format!("#{} (line {})", s.index, s.line)), s.reason);
    }
    Ok((parsed.document, report))
}

pub(crate) fn values_of(o: &offer::Model) -> Option<OfferValues> {
    Some(OfferValues {
        title: o.title.clone(),
        description: o.description.clone(),
        category_id: o.category_id,
        price_model: crate::offers::domain::PriceModel::parse(&o.price_model)?,
        price_cents: o.price_cents,
        stadtteil_id: o.stadtteil_id,
        kind: crate::offers::domain::HousingKind::parse(o.housing_kind.as_deref()?)?,
        rooms_tenths: o.rooms_tenths,
        living_area_centi_m2: o.living_area_centi_m2,
        plot_area_centi_m2: o.plot_area_centi_m2,
        energy_class: o.energy_class.clone(),
        details: crate::housing::store::details_of(o),
    })
}

impl crate::offers::door::Content for OfferValues {
    fn apply(&self, m: &mut offer::ActiveModel) {
        crate::offers::door::set_basics(m, &self.title, &self.description, self.category_id, self.price_model, self.price_cents, None);
        m.stadtteil_id = Set(self.stadtteil_id);
        m.housing_kind = Set(Some(self.kind.as_str().to_owned()));
        m.rooms_tenths = Set(self.rooms_tenths);
        m.living_area_centi_m2 = Set(self.living_area_centi_m2);
        m.plot_area_centi_m2 = Set(self.plot_area_centi_m2);
        m.energy_class = Set(self.energy_class.clone());
        crate::housing::store::set_details(m, &self.details);
        // The project a unit belongs to is assigned in the dashboard: kept.
    }

    fn bezirke(&self) -> Option<&[i32]> {
        None
    }

    fn title(&self) -> &str {
        &self.title
    }
}

/// Why a listing was left as it is on the platform.
const HIDDEN_REASON: &str = "hidden by a moderator: only moderation can show it again; left unchanged";
const CHANGED_REASON: &str = "changed on the platform while the file was being read; left as saved there (import the file again to apply it)";

/// Imports a document for a provider. First the file is compared with the
/// provider's offers as they are now (no lock held, however long the file);
/// then everything is written in one transaction through the offers' one
/// door, each update conditional on the version compared against: an offer
/// someone saved meanwhile keeps that save (and is reported), an offer a
/// moderator hid stays hidden. Nothing is written unless the whole file
/// goes through. Listings that cannot be mapped are skipped with their
/// reason; the rest are created, updated, left alone (unchanged: no version
/// bump, no new `updated_at`) or archived.
pub async fn import(
    db: &DatabaseConnection,
    r: &Reference,
    provider_id: i32,
    doc: &Document,
    mut report: ImportReport,
    actor: Option<i32>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport, ImportError> {
    if provider::Entity::find_by_id(provider_id).one(db).await?.is_none() {
        return Err(ImportError::NoProvider(provider_id));
    }
    let plan = plan(db, r, provider_id, doc, &mut report, progress).await?;
    let txn = crate::db::begin_write(db).await?;
    let summary = serde_json::json!({ "umfang": report.umfang, "unchanged": report.unchanged, "skipped": report.skipped.len() });
    let written = crate::offers::door::import_in(&txn, r, provider_id, plan.batch, actor, summary).await?;
    let mut new_links = plan.new_links;
    for (o, (key, xml)) in written.created.iter().zip(plan.created_keys) {
        new_links.push(link_row(provider_id, &key, o.id, xml, plan.now));
    }
    let left: HashSet<i32> = written.stale.iter().chain(written.refused.iter().map(|(id, _)| id)).copied().collect();
    for (key, id) in &plan.keys {
        if written.stale.contains(id) {
            report.skip(key.clone(), CHANGED_REASON.into());
        } else if written.refused.iter().any(|(r, _)| r == id) {
            report.skip(key.clone(), HIDDEN_REASON.into());
        }
    }
    for link in plan.link_updates.into_iter().filter(|(offer_id, _)| !left.contains(offer_id)).map(|(_, l)| l) {
        link.update(&txn).await?;
    }
    for chunk in new_links.chunks(CHUNK) {
        openimmo_listing::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    crate::changes::committed();
    report.created = written.created.len();
    report.updated = written.updated.len();
    report.archived = written.archived.len();
    Ok(report)
}

/// What `import` will write, from the offers as read.
struct Plan {
    batch: ImportBatch<OfferValues>,
    /// The keys of `batch.creates`, with the listing's XML, in their order.
    created_keys: Vec<(String, String)>,
    /// (key, offer) of every update and archive, to report what was left.
    keys: Vec<(String, i32)>,
    new_links: Vec<openimmo_listing::ActiveModel>,
    /// (offer, the link row with its new XML).
    link_updates: Vec<(i32, openimmo_listing::ActiveModel)>,
    now: chrono::DateTime<Utc>,
}

async fn plan(
    db: &DatabaseConnection,
    r: &Reference,
    provider_id: i32,
    doc: &Document,
    report: &mut ImportReport,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Plan, ImportError> {
    let umfang = doc.uebertragung.umfang.unwrap_or(Umfang::Teil);
    report.umfang = umfang.as_str();
    let links: HashMap<String, openimmo_listing::Model> = openimmo_listing::Entity::find()
        .filter(openimmo_listing::Column::ProviderId.eq(provider_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.external_key.clone(), l))
        .collect();
    let offers: HashMap<i32, offer::Model> =
        offer::Entity::find().filter(offer::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|o| (o.id, o)).collect();
    let linked: HashSet<i32> = links.values().map(|l| l.offer_id).collect();
    let now = Utc::now();
    let mut seen: HashSet<String> = HashSet::new();
    let mut plan = Plan {
        batch: ImportBatch { creates: Vec::new(), updates: Vec::new(), archives: Vec::new() },
        created_keys: Vec::new(),
        keys: Vec::new(),
        new_links: Vec::new(),
        link_updates: Vec::new(),
        now,
    };
    let total = doc.listings().count() as u64;
    for (i, l) in doc.listings().enumerate() {
        progress(i as u64 + 1, total);
        let Some(key) = l.external_key() else {
            report.skip(l.freitexte.objekttitel.clone().unwrap_or_else(|| "?".into()), "no objektnr_extern and no openimmo_obid".into());
            continue;
        };
        if !seen.insert(key.clone()) {
            report.skip(key, "appears more than once in the file; the first is taken".into());
            continue;
        }
        report.count_attachments(l);
        // An exported offer that was never imported comes back as SCD-<id>.
        let adopted = key
            .strip_prefix("nr:SCD-")
            .and_then(|id| id.parse::<i32>().ok())
            .filter(|id| offers.get(id).is_some_and(|o| o.housing_kind.is_some()) && !linked.contains(id));
        let existing = links.get(&key).map(|m| m.offer_id).or(adopted).and_then(|id| offers.get(&id));
        let status = existing.map(|o| OfferStatus::parse(&o.status));
        if status == Some(OfferStatus::Deleted) {
            report.skip(key, "the offer was deleted on the platform".into());
            continue;
        }
        if status == Some(OfferStatus::Hidden) {
            report.skip(key, HIDDEN_REASON.into());
            continue;
        }
        if l.is_delete() {
            match existing {
                Some(_) if status == Some(OfferStatus::Archived) => report.unchanged += 1,
                Some(o) => {
                    plan.keys.push((key, o.id));
                    plan.batch.archives.push(o.clone());
                }
                None => report.skip(key, "DELETE of a listing that is not on the platform".into()),
            }
            continue;
        }
        let values = match offer_values(l, &r.categories, &r.districts) {
            Ok(v) => v,
            Err(reason) => {
                report.skip(key, reason);
                continue;
            }
        };
        if values.stadtteil_id.is_none() {
            report.without_stadtteil += 1;
        }
        let xml = listing_xml(l);
        match existing {
            None => {
                plan.batch.creates.push(values);
                plan.created_keys.push((key, xml));
            }
            Some(o) => {
                match links.get(&key) {
                    Some(link) if link.source_xml != xml => {
                        let mut m: openimmo_listing::ActiveModel = link.clone().into();
                        m.source_xml = Set(xml);
                        m.imported_at = Set(now);
                        plan.link_updates.push((o.id, m));
                    }
                    Some(_) => {}
                    None => plan.new_links.push(link_row(provider_id, &key, o.id, xml, now)),
                }
                if values_of(o).as_ref() == Some(&values) && status == Some(OfferStatus::Published) {
                    report.unchanged += 1;
                } else {
                    plan.keys.push((key, o.id));
                    plan.batch.updates.push((o.clone(), values));
                }
            }
        }
    }
    if umfang == Umfang::Voll {
        for link in links.values().filter(|l| !seen.contains(&l.external_key)) {
            if let Some(o) = offers.get(&link.offer_id).filter(|o| o.status == OfferStatus::Published.as_str()) {
                plan.keys.push((link.external_key.clone(), o.id));
                plan.batch.archives.push(o.clone());
            }
        }
    }
    Ok(plan)
}

fn link_row(provider_id: i32, key: &str, offer_id: i32, xml: String, now: chrono::DateTime<Utc>) -> openimmo_listing::ActiveModel {
    openimmo_listing::ActiveModel {
        provider_id: Set(provider_id),
        external_key: Set(key.to_owned()),
        offer_id: Set(offer_id),
        source_xml: Set(xml),
        imported_at: Set(now),
        ..Default::default()
    }
}
