//! One OpenImmo file into a provider's offers, in one transaction.
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use openimmo::{Document, Listing, Umfang};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use super::mapping::{offer_values, OfferValues};
use super::report::{ImportError, ImportReport};
use crate::common::url_key::short_slug;
use crate::dashboard::domain::OfferStatus;
use crate::db::entities::{audit_log, offer, openimmo_listing, provider};
use crate::server::state::Reference;

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

fn set_values(m: &mut offer::ActiveModel, v: &OfferValues) {
    m.title = Set(v.title.clone());
    m.slug = Set(short_slug(&v.title));
    m.description = Set(v.description.clone());
    m.category_id = Set(v.category_id);
    m.price_model = Set(v.price_model.as_str().to_owned());
    m.price_cents = Set(v.price_cents);
    m.service_area = Set("city".to_owned());
    m.stadtteil_id = Set(v.stadtteil_id);
    m.housing_kind = Set(Some(v.kind.as_str().to_owned()));
    m.rooms_tenths = Set(v.rooms_tenths);
    m.living_area_centi_m2 = Set(v.living_area_centi_m2);
    m.plot_area_centi_m2 = Set(v.plot_area_centi_m2);
    m.energy_class = Set(v.energy_class.clone());
    crate::housing::store::set_details(m, &v.details);
    m.status = Set(OfferStatus::Published.as_str().to_owned());
}

/// What to do with one listing of the file.
enum Step {
    Create { key: String, values: OfferValues, xml: String },
    Update { offer: offer::Model, values: OfferValues },
    Archive(offer::Model),
}

/// Imports a document for a provider. Nothing is written unless the whole
/// file goes through: one transaction. Listings that cannot be mapped are
/// skipped with their reason; the rest are created, updated, left alone
/// (unchanged: no version bump, no new `updated_at`) or archived.
pub async fn import(
    db: &DatabaseConnection,
    r: &Reference,
    provider_id: i32,
    doc: &Document,
    mut report: ImportReport,
    actor: Option<i32>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<ImportReport, ImportError> {
    let txn = crate::db::begin_write(db).await?;
    if provider::Entity::find_by_id(provider_id).one(&txn).await?.is_none() {
        return Err(ImportError::NoProvider(provider_id));
    }
    let umfang = doc.uebertragung.umfang.unwrap_or(Umfang::Teil);
    report.umfang = umfang.as_str();
    let mut links: HashMap<String, openimmo_listing::Model> = openimmo_listing::Entity::find()
        .filter(openimmo_listing::Column::ProviderId.eq(provider_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| (l.external_key.clone(), l))
        .collect();
    let offers: HashMap<i32, offer::Model> =
        offer::Entity::find().filter(offer::Column::ProviderId.eq(provider_id)).all(&txn).await?.into_iter().map(|o| (o.id, o)).collect();
    let linked: HashSet<i32> = links.values().map(|l| l.offer_id).collect();
    let now = Utc::now();
    let mut seen: HashSet<String> = HashSet::new();
    let mut steps = Vec::new();
    let mut new_links = Vec::new();
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
        if existing.is_some_and(|o| o.status == OfferStatus::Deleted.as_str()) {
            report.skip(key, "the offer was deleted on the platform".into());
            continue;
        }
        if l.is_delete() {
            match existing {
                Some(o) if o.status == OfferStatus::Archived.as_str() => report.unchanged += 1,
                Some(o) => steps.push(Step::Archive(o.clone())),
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
            None => steps.push(Step::Create { key, values, xml }),
            Some(o) => {
                let same = values_of(o).as_ref() == Some(&values) && o.status == OfferStatus::Published.as_str();
                match links.get_mut(&key) {
                    Some(link) if link.source_xml != xml => {
                        let mut m: openimmo_listing::ActiveModel = link.clone().into();
                        m.source_xml = Set(xml);
                        m.imported_at = Set(now);
                        m.update(&txn).await?;
                    }
                    Some(_) => {}
                    None => new_links.push(link_row(provider_id, &key, o.id, xml, now)),
                }
                if same {
                    report.unchanged += 1;
                } else {
                    steps.push(Step::Update { offer: o.clone(), values });
                }
            }
        }
    }
    if umfang == Umfang::Voll {
        for link in links.values().filter(|l| !seen.contains(&l.external_key)) {
            if let Some(o) = offers.get(&link.offer_id).filter(|o| o.status == OfferStatus::Published.as_str()) {
                steps.push(Step::Archive(o.clone()));
            }
        }
    }
    let touched = apply(&txn, provider_id, steps, &mut new_links, &mut report, now).await?;
    for chunk in new_links.chunks(CHUNK) {
        openimmo_listing::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    for chunk in touched.chunks(CHUNK) {
        crate::search::store::index_offers(&txn, r, chunk).await?;
    }
    if report.created + report.updated + report.archived > 0 {
        audit(&txn, actor, provider_id, &report).await?;
    }
    txn.commit().await?;
    Ok(report)
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

/// Writes the steps; returns the offers to (re)index.
async fn apply<C: ConnectionTrait>(
    txn: &C,
    provider_id: i32,
    steps: Vec<Step>,
    new_links: &mut Vec<openimmo_listing::ActiveModel>,
    report: &mut ImportReport,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<offer::Model>, DbErr> {
    let mut touched = Vec::new();
    let mut creates = Vec::new();
    for step in steps {
        match step {
            Step::Create { key, values, xml } => creates.push((key, values, xml)),
            Step::Update { offer: o, values } => {
                let mut m: offer::ActiveModel = o.clone().into();
                set_values(&mut m, &values);
                m.version = Set(o.version + 1);
                m.updated_at = Set(now);
                touched.push(m.update(txn).await?);
                report.updated += 1;
            }
            Step::Archive(o) => {
                offer::Entity::update_many()
                    .col_expr(offer::Column::Status, Expr::value(OfferStatus::Archived.as_str()))
                    .col_expr(offer::Column::Version, Expr::value(o.version + 1))
                    .col_expr(offer::Column::UpdatedAt, Expr::value(now))
                    .filter(offer::Column::Id.eq(o.id))
                    .exec(txn)
                    .await?;
                report.archived += 1;
            }
        }
    }
    let mut creates = creates.into_iter().peekable();
    while creates.peek().is_some() {
        let chunk: Vec<(String, OfferValues, String)> = creates.by_ref().take(CHUNK).collect();
        let rows: Vec<offer::ActiveModel> = chunk
            .iter()
            .map(|(_, v, _)| {
                let mut m = offer::ActiveModel {
                    provider_id: Set(provider_id),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                set_values(&mut m, v);
                m
            })
            .collect();
        let inserted = offer::Entity::insert_many(rows).exec_with_returning(txn).await?;
        // RETURNING gives the rows in VALUES order; check rather than trust.
        if inserted.len() != chunk.len() || inserted.iter().zip(&chunk).any(|(o, (_, v, _))| o.title != v.title) {
            return Err(DbErr::Custom("inserted offers came back in another order".into()));
        }
        for (o, (key, _, xml)) in inserted.iter().zip(chunk) {
            new_links.push(link_row(provider_id, &key, o.id, xml, now));
        }
        report.created += inserted.len();
        touched.extend(inserted);
    }
    Ok(touched)
}

/// One audit entry per import (the CLI has no account: actor left empty).
async fn audit<C: ConnectionTrait>(db: &C, actor: Option<i32>, provider_id: i32, r: &ImportReport) -> Result<(), DbErr> {
    let after = serde_json::json!({
        "umfang": r.umfang, "created": r.created, "updated": r.updated, "unchanged": r.unchanged,
        "archived": r.archived, "skipped": r.skipped.len(),
    });
    audit_log::ActiveModel {
        actor_id: Set(actor),
        action: Set("openimmo.import".into()),
        entity: Set("provider".into()),
        entity_id: Set(provider_id),
        before: Set(None),
        after: Set(Some(after.to_string())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
