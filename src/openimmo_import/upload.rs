//! `POST /dashboard/{pid}/openimmo`: an OpenImmo file (XML or ZIP) uploaded
//! from the provider dashboard. Works without JavaScript: browsers are sent
//! back to the page (post/redirect/get), which shows the stored report of
//! this and the last imports; other clients get the status.
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::{ImportError, ImportReport};
use crate::accounts::authz::{check_for, Action};
use crate::dashboard::openimmo::{openimmo_path, ImportRun, RunSummary};
use crate::db::entities::openimmo_import_run as run;
use crate::error::AppError;
use crate::server::reply::{self, see_other, wants_html};
use crate::server::AppState;

/// The largest file accepted (an agent's whole stock with images).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// The request body the upload route may have: the file plus the form.
pub const UPLOAD_BODY_BYTES: usize = MAX_FILE_BYTES + 256 * 1024;

pub fn summary(r: &ImportReport) -> RunSummary {
    RunSummary {
        umfang: r.umfang.to_owned(),
        listings_in_file: r.listings_in_file,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        archived: r.archived,
        skipped: r.skipped.clone(),
        unknown_elements: r.unknown_elements.iter().map(|(k, n)| (k.clone(), *n)).collect(),
        warnings: r.warnings.clone(),
        without_stadtteil: r.without_stadtteil,
        images_not_imported: r.images_not_imported,
        images_imported: r.images_imported,
        images_already: r.images_already,
        images_skipped: r.images_skipped.clone(),
        external_links: r.external_links,
        images_missing: r.images_missing.clone(),
    }
}

async fn save_run(db: &DatabaseConnection, provider_id: i32, actor: i32, file_name: &str, outcome: &Result<RunSummary, String>) -> Result<(), DbErr> {
    let (report, error) = match outcome {
        Ok(s) => (Some(serde_json::to_string(s).unwrap_or_default()), None),
        Err(e) => (None, Some(e.clone())),
    };
    run::ActiveModel {
        provider_id: Set(provider_id),
        actor_id: Set(Some(actor)),
        file_name: Set(file_name.chars().take(255).collect()),
        report: Set(report),
        error: Set(error),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The provider's last `n` imports, newest first.
pub async fn last_runs(db: &DatabaseConnection, provider_id: i32, n: u64) -> Result<Vec<ImportRun>, DbErr> {
    let rows = run::Entity::find()
        .filter(run::Column::ProviderId.eq(provider_id))
        .order_by_desc(run::Column::Id)
        .limit(n)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let outcome = match (m.report, m.error) {
                (_, Some(e)) => Err(e),
                (Some(r), None) => serde_json::from_str(&r).map_err(|e| e.to_string()),
                (None, None) => Err(String::new()),
            };
            ImportRun { id: m.id, file_name: m.file_name, created_at: m.created_at, outcome }
        })
        .collect())
}

/// The file field's name and bytes; `None` for the bytes when it is over
/// the limit.
async fn read_file(mut mp: Multipart) -> Result<(String, Option<Vec<u8>>), StatusCode> {
    let mut name = String::new();
    let mut bytes = Some(Vec::new());
    while let Some(mut field) = mp.next_field().await.map_err(|e| e.status())? {
        if field.name() != Some("datei") {
            continue;
        }
        name = field.file_name().unwrap_or_default().to_owned();
        while let Some(chunk) = field.chunk().await.map_err(|e| e.status())? {
            match &mut bytes {
                Some(b) if b.len() + chunk.len() <= MAX_FILE_BYTES => b.extend_from_slice(&chunk),
                _ => bytes = None,
            }
        }
    }
    Ok((name, bytes))
}

pub async fn upload(State(st): State<AppState>, headers: HeaderMap, Path(pid): Path<i32>, mp: Multipart) -> Response {
    let back = openimmo_path(pid);
    match try_upload(&st, &headers, pid, mp).await {
        Ok(r) => r,
        Err(e) => reply::app_error(&headers, &back, e),
    }
}

async fn try_upload(st: &AppState, headers: &HeaderMap, pid: i32, mp: Multipart) -> Result<Response, AppError> {
    let actor = crate::accounts::store::request_account(&st.db, headers).await?;
    check_for(&st.db, actor.as_ref(), pid, Action::ImportListings).await?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    let x = crate::i18n::from_headers(headers).texts();
    // Browsers go back to the form with the code the page shows as a message.
    let refuse = |code: &str, message: &str| {
        if wants_html(headers) {
            Ok(see_other(format!("{}?fehler={code}#oi-datei", openimmo_path(pid))))
        } else {
            Err(AppError::invalid("datei", message))
        }
    };
    let Ok((name, bytes)) = read_file(mp).await else { return refuse("upload", x.oi_error_upload) };
    let Some(bytes) = bytes else { return refuse("zu-gross", x.oi_error_too_large) };
    if bytes.is_empty() {
        return refuse("leer", x.oi_error_no_file);
    }
    let outcome = match super::import_file(&st.db, &st.reference, pid, &bytes, Some(actor.id), &|_, _| {}).await {
        Ok(report) => Ok(summary(&report)),
        Err(ImportError::Read(e)) => Err(e),
        Err(ImportError::NoProvider(_)) => return Err(AppError::NotFound),
        Err(ImportError::Db(e)) => return Err(e.into()),
    };
    save_run(&st.db, pid, actor.id, &name, &outcome).await?;
    if outcome.is_ok() {
        st.bus.publish(&st.db, crate::live::Change { offer_id: 0, provider_id: pid }).await;
    }
    if wants_html(headers) {
        return Ok(see_other(format!("{}#import-ergebnis", openimmo_path(pid))));
    }
    Ok(match outcome {
        Ok(s) => (StatusCode::OK, serde_json::to_string(&s).unwrap_or_default()).into_response(),
        Err(e) => reply::text(422, x.oi_unreadable.replace("{detail}", &e)),
    })
}
