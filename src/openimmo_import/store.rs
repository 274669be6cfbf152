//! One OpenImmo file into a provider's offers: compared, then written in one
//! transaction through the offers' door.
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use openimmo::{Document, Listing, Umfang};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

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
    let summary = serde_json::json!({ "umfang": report.umfang, "unchanged": report.unchanged, "skipped": report.skipped.len() });
    let Plan { batch, created_keys, keys, new_links, link_updates, now } = plan;
    let written_ids: HashSet<i32> = batch.updates.iter().map(|(o, _)| o.id).chain(batch.archives.iter().map(|o| o.id)).collect();
    let parts = split(batch, created_keys, listings_per_commit(db));
    let last = parts.len() - 1;
    let mut link_updates: HashMap<i32, openimmo_listing::ActiveModel> = link_updates.into_iter().collect();
    let mut pending_links = Some(new_links);
    let mut all = crate::offers::door::ImportWritten::default();
    for (i, (part, created_keys)) in parts.into_iter().enumerate() {
        let ids: Vec<i32> = part.updates.iter().map(|(o, _)| o.id).chain(part.archives.iter().map(|o| o.id)).collect();
        let committed = async {
            let txn = crate::db::begin_write(db).await?;
            let written = crate::offers::door::import_in(&txn, r, provider_id, part, actor).await?;
            // Each offer created is linked to its listing in the same commit, so
            // an import cut short and run again updates instead of duplicating.
            let mut links = pending_links.take().unwrap_or_default();
            for (o, (key, xml)) in written.created.iter().zip(created_keys) {
                links.push(link_row(provider_id, &key, o.id, xml, now));
            }
            let left: HashSet<i32> = written.stale.iter().chain(written.refused.iter().map(|(id, _)| id)).copied().collect();
            // Listings whose offer stays as it is still keep their newest XML.
            let unchanged: Vec<i32> = if i == 0 { link_updates.keys().copied().filter(|id| !written_ids.contains(id)).collect() } else { Vec::new() };
            for id in ids.iter().chain(&unchanged).filter(|id| !left.contains(id)) {
                if let Some(link) = link_updates.remove(id) {
                    link.update(&txn).await?;
                }
            }
            for chunk in links.chunks(CHUNK) {
                openimmo_listing::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
            }
            if i == last {
                crate::offers::door::record_import(&txn, provider_id, actor, summary.clone(), &[&all, &written]).await?;
            }
            txn.commit().await?;
            Ok::<_, DbErr>(written)
        }
        .await;
        match committed {
            Ok(written) => all.extend(written),
            Err(e) => {
            // Parts already committed stay (running the file again completes
            // them); the audit log says what they wrote.
                if i > 0 {
                    let mut partial = summary.clone();
                    partial["partial"] = serde_json::json!(true);
                    if let Ok(txn) = crate::db::begin_write(db).await {
                        if crate::offers::door::record_import(&txn, provider_id, actor, partial, &[&all]).await.is_ok() {
                            let _ = txn.commit().await;
                        }
                    }
                }
                return Err(e.into());
            }
        }
        crate::changes::committed();
        if i != last && db.get_database_backend() == sea_orm::DbBackend::Sqlite {
            // SQLite's busy handler polls at up to 100 ms intervals: without
            // a pause the next part would take the lock again before a
            // waiting sign-in ever saw it free.
            tokio::time::sleep(SQLITE_PAUSE).await;
        }
    }
    for (key, id) in &keys {
        if all.stale.contains(id) {
            report.skip(key.clone(), CHANGED_REASON.into());
        } else if all.refused.iter().any(|(r, _)| r == id) {
            report.skip(key.clone(), HIDDEN_REASON.into());
        }
    }
    report.created = all.created.len();
    report.updated = all.updated.len();
    report.archived = all.archived.len();
    Ok(report)
}

/// Listings written per commit. SQLite has one writer at a time: an import
/// of thousands of listings in one transaction would hold the lock for
/// seconds and make sign-ins and saves fail after the busy timeout, so it
/// commits in parts, each linked to its listings (a run cut short is
/// completed by running it again), and pauses between them so waiting
/// writers get their turn. PostgreSQL writes the run at once.
fn listings_per_commit(db: &DatabaseConnection) -> usize {
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => SQLITE_LISTINGS_PER_COMMIT,
        _ => usize::MAX,
    }
}

pub const SQLITE_LISTINGS_PER_COMMIT: usize = 500;
const SQLITE_PAUSE: std::time::Duration = std::time::Duration::from_millis(110);

/// The batch in parts of at most `per` offers each (at least one part),
/// each with the keys of its creates.
fn split(batch: ImportBatch<OfferValues>, created_keys: Vec<(String, String)>, per: usize) -> Vec<(ImportBatch<OfferValues>, Vec<(String, String)>)> {
    let per = per.max(1);
    let mut parts = Vec::new();
    let mut updates = batch.updates.into_iter().peekable();
    let mut archives = batch.archives.into_iter().peekable();
    let mut creates = batch.creates.into_iter().zip(created_keys).peekable();
    loop {
        let mut part = ImportBatch { creates: Vec::new(), updates: Vec::new(), archives: Vec::new() };
        let mut keys = Vec::new();
        let mut n = 0;
        while n < per {
            if let Some(u) = updates.next() {
                part.updates.push(u);
            } else if let Some(a) = archives.next() {
                part.archives.push(a);
            } else if let Some((c, k)) = creates.next() {
                part.creates.push(c);
                keys.push(k);
            } else {
                break;
            }
            n += 1;
        }
        let done = updates.peek().is_none() && archives.peek().is_none() && creates.peek().is_none();
        parts.push((part, keys));
        if done {
            return parts;
        }
    }
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
