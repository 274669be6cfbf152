//! OpenImmo import and export of a provider's housing offers (issue 6).
//!
//! Estate agents' software exports OpenImmo XML (or a ZIP with images); the
//! `openimmo` crate reads it, [`mapping`] turns listings into housing offers
//! (category, Stadtteil, facts), [`store`] writes a whole file in one
//! transaction — created / updated / unchanged / archived / skipped — and
//! [`export`] writes the provider's stock back as OpenImmo 1.2.7.
//! Listings are identified across imports by `objektnr_extern` (else
//! `openimmo_obid`) in the `openimmo_listing` table.
//! Images: from a ZIP, [`images`] attaches each imported listing's INTERN
//! JPEG/PNG/WebP files to its offer through the photo pipeline, once per
//! image (by content hash); a plain XML file brings no files, so its INTERN
//! attachments are only counted. External image URLs stay in the stored
//! listing as links (never fetched).
#[cfg(feature = "ssr")]
pub mod bench;
#[cfg(feature = "ssr")]
pub mod details;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod images;
#[cfg(feature = "ssr")]
pub mod mapping;
pub mod progress;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod runner;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upload;

#[cfg(feature = "ssr")]
pub use report::{ImportError, ImportReport};

#[cfg(feature = "ssr")]
use sea_orm::DatabaseConnection;

#[cfg(feature = "ssr")]
use crate::reference::Reference;
#[cfg(feature = "ssr")]
use progress::Phase;

/// Imports running at once in this process, at most: each holds a parsed
/// file (up to 128 MB of XML) and its images' decodes; more wait their turn.
#[cfg(feature = "ssr")]
pub const CONCURRENT_IMPORTS: usize = 1;

#[cfg(feature = "ssr")]
fn import_permits() -> &'static tokio::sync::Semaphore {
    static S: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    S.get_or_init(|| tokio::sync::Semaphore::new(CONCURRENT_IMPORTS))
}

/// Reads `bytes` (XML or ZIP) and imports it for the provider, telling
/// `progress` the phase and how far it is (done, total). The file is parsed
/// on a blocking thread (CPU work, up to seconds), one import at a time.
#[cfg(feature = "ssr")]
pub async fn import_file(
    db: &DatabaseConnection,
    r: &Reference,
    provider_id: i32,
    bytes: std::sync::Arc<[u8]>,
    actor: Option<i32>,
    progress: &(dyn Fn(Phase, u64, u64) + Sync),
) -> Result<ImportReport, ImportError> {
    progress(Phase::Reading, 0, 0);
    let _turn = import_permits().acquire().await.expect("the import semaphore is never closed");
    let file = bytes.clone();
    let (doc, report) = tokio::task::spawn_blocking(move || store::read(&file))
        .await
        .map_err(|e| ImportError::Db(sea_orm::DbErr::Custom(format!("reading the file: {e}"))))??;
    let mut report = store::import(db, r, provider_id, &doc, report, actor, &|done, total| progress(Phase::Listings, done, total)).await?;
    if openimmo::is_zip(&bytes) {
        images::import_images(db, provider_id, &bytes, &doc, actor, &mut report, &|done, total| progress(Phase::Images, done, total)).await?;
    }
    Ok(report)
}

