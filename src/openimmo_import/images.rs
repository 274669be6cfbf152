//! Images from an OpenImmo ZIP: each imported listing's INTERN JPEG, PNG or
//! WebP attachments go through the photo pipeline (re-encoded, metadata
//! dropped) and are attached to its offer, alt text from `anhangtitel`, else
//! the offer's title. The SHA-256 of the bytes is kept per offer, so
//! importing the same ZIP again attaches nothing twice. A bad image is
//! skipped with its reason; the rest of the import stands.
use openimmo::{Anhang, Document, Listing, Location};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::report::ImportReport;
use crate::db::entities::{offer, openimmo_image, openimmo_listing};
use crate::photos::domain::{ALT_MAX_CHARS, MAX_BYTES, MAX_PER_OFFER};
use crate::photos::{process, store as photos};

/// New images one import decodes at most (each up to 40 megapixels): a
/// bound on the work and memory of a run; the rest are listed as skipped
/// and come with the next import of the same file.
pub const MAX_IMAGES_PER_RUN: usize = 2_000;

fn is_image(a: &Anhang) -> bool {
    let by_format = a.format.as_deref().map(|f| f.to_ascii_lowercase()).is_some_and(|f| ["jpg", "jpeg", "png", "webp"].iter().any(|e| f.ends_with(e)));
    let by_name = a.pfad.rsplit('.').next().map(str::to_ascii_lowercase).is_some_and(|e| ["jpg", "jpeg", "png", "webp"].contains(&e.as_str()));
    by_format || by_name
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn alt_text(a: &Anhang, title: &str) -> String {
    let t = a.titel.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or(title);
    t.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(ALT_MAX_CHARS).collect()
}

/// Attaches the ZIP's images to the offers the import wrote, telling
/// `progress` how many of the listings with images are done.
pub async fn import_images(
    db: &DatabaseConnection,
    provider_id: i32,
    zip: &[u8],
    doc: &Document,
    actor: Option<i32>,
    report: &mut ImportReport,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(), DbErr> {
    let with_images = |l: &&Listing| l.anhaenge.iter().any(|a| a.location == Location::Intern && is_image(a));
    // The central directory is read once for all the images.
    let mut entries = match openimmo::zip::Entries::open(zip) {
        Ok(e) => e,
        Err(e) => {
            report.images_skipped.push((String::new(), format!("the ZIP cannot be read ({e})")));
            return Ok(());
        }
    };
    let mut decoded = 0usize;
    let total = doc.listings().filter(with_images).count() as u64;
    for (i, l) in doc.listings().filter(with_images).enumerate() {
        progress(i as u64, total);
        let Some(key) = l.external_key() else { continue };
        let link = openimmo_listing::Entity::find()
            .filter(openimmo_listing::Column::ProviderId.eq(provider_id))
            .filter(openimmo_listing::Column::ExternalKey.eq(key.as_str()))
            .one(db)
            .await?;
        let Some(link) = link else { continue };
        let Some(o) = offer::Entity::find_by_id(link.offer_id).one(db).await? else { continue };
        for a in l.anhaenge.iter().filter(|a| a.location == Location::Intern && is_image(a)) {
            report.images_not_imported = report.images_not_imported.saturating_sub(1);
            if decoded >= MAX_IMAGES_PER_RUN {
                report.images_skipped.push((a.pfad.clone(), format!("more than {MAX_IMAGES_PER_RUN} new images in one import")));
                continue;
            }
            let Ok(bytes) = entries.read(&a.pfad, MAX_BYTES) else {
                // Named in `images_missing` already when absent.
                report.images_skipped.push((a.pfad.clone(), "not readable from the ZIP".into()));
                continue;
            };
            let hash = hex(&Sha256::digest(&bytes));
            let known = openimmo_image::Entity::find()
                .filter(openimmo_image::Column::OfferId.eq(o.id))
                .filter(openimmo_image::Column::ContentHash.eq(hash.as_str()))
                .one(db)
                .await?;
            if known.is_some() {
                report.images_already += 1;
                continue;
            }
            if photos::count_for_offer(db, o.id).await? >= MAX_PER_OFFER {
                report.images_skipped.push((a.pfad.clone(), format!("the offer has {MAX_PER_OFFER} photos already")));
                continue;
            }
            decoded += 1;
            let variants = match process::process_bounded(bytes).await {
                Ok(Ok(v)) => v,
                Ok(Err(e)) => {
                    report.images_skipped.push((a.pfad.clone(), format!("not a usable image ({})", e.code())));
                    continue;
                }
                Err(_) => {
                    report.images_skipped.push((a.pfad.clone(), "image processing failed".into()));
                    continue;
                }
            };
            let txn = crate::db::begin_write(db).await?;
            let p = photos::insert_in(&txn, provider_id, Some(o.id), &alt_text(a, &o.title), variants, actor).await?;
            openimmo_image::ActiveModel { offer_id: Set(o.id), content_hash: Set(hash), photo_id: Set(p.id), ..Default::default() }.insert(&txn).await?;
            txn.commit().await?;
            report.images_imported += 1;
        }
    }
    progress(total, total);
    Ok(())
}
