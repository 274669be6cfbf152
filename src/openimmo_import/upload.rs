//! `POST /dashboard/{pid}/openimmo`: an OpenImmo file (XML or ZIP) uploaded
//! from the provider dashboard. The import runs in the background
//! (`runner`). Works without JavaScript: browsers are sent back to the page
//! (post/redirect/get), which follows the run's progress and then shows its
//! report; other clients wait for the report.
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::runner::Started;
use crate::accounts::authz::Action;
use crate::members::store::check_for;
use crate::openimmo_import::progress::RunState;
use crate::openimmo_import::progress::{openimmo_path, ImportRun};
use crate::db::entities::openimmo_import_run as run;
use crate::error::AppError;
use crate::server::reply::{self, see_other, wants_html};
use crate::app::state::AppState;

/// The largest file accepted (an agent's whole stock with images).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// The request body the upload route may have: the file plus the form.
pub const UPLOAD_BODY_BYTES: usize = MAX_FILE_BYTES + 256 * 1024;


/// The provider's last `n` imports, newest first.
pub async fn last_runs(st: &AppState, provider_id: i32, n: u64) -> Result<Vec<ImportRun>, DbErr> {
    let rows = run::Entity::find()
        .filter(run::Column::ProviderId.eq(provider_id))
        .order_by_desc(run::Column::Id)
        .limit(n)
        .all(&st.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| ImportRun { id: m.id, file_name: m.file_name.clone(), created_at: m.created_at, state: super::runner::state_from_row(st, m) })
        .collect())
}

/// `GET /dashboard/{pid}/openimmo/lauf/{id}`, where the page refreshes
/// itself without JavaScript while a run is going: back to the page
/// following the run while it runs, else to its report.
pub async fn follow(State(st): State<AppState>, headers: HeaderMap, Path((pid, id)): Path<(i32, i32)>) -> Response {
    let back = openimmo_path(pid);
    let state = async {
        let actor = crate::accounts::store::request_account(&st.db, &headers).await?;
        check_for(&st.db, actor.as_ref(), pid, Action::ImportListings).await?;
        Ok::<_, AppError>(super::runner::state_of(&st, pid, id).await?)
    };
    match state.await {
        Ok(Some(RunState::Running(_))) => see_other(format!("{back}?lauf={id}#lauf-{id}")),
        Ok(_) => see_other(format!("{back}#import-ergebnis")),
        Err(e) => reply::app_error(&headers, &back, e),
    }
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
    let refuse = |status: u16, code: &str, message: &str| {
        Ok(if wants_html(headers) {
            see_other(format!("{}?fehler={code}#oi-datei", openimmo_path(pid)))
        } else {
            reply::text(status, message.to_owned())
        })
    };
    let Ok((name, bytes)) = read_file(mp).await else { return refuse(400, "upload", x.oi_error_upload) };
    let Some(bytes) = bytes else { return refuse(413, "zu-gross", x.oi_error_too_large) };
    if bytes.is_empty() {
        return refuse(400, "leer", x.oi_error_no_file);
    }
    let (id, outcome) = match super::runner::start(st, pid, actor.id, &name, bytes).await? {
        Started::Busy => return refuse(409, "laeuft", x.oi_error_busy),
        Started::Run { id, outcome } => (id, outcome),
    };
    // Browsers follow the progress on the page; other clients wait for the report.
    if wants_html(headers) {
        return Ok(see_other(format!("{}?lauf={id}#lauf-{id}", openimmo_path(pid))));
    }
    Ok(match outcome.await.map_err(|_| AppError::Internal)? {
        Ok(s) => (StatusCode::OK, serde_json::to_string(&s).unwrap_or_default()).into_response(),
        Err(e) if e.is_empty() => return Err(AppError::Internal),
        Err(e) => reply::text(422, x.oi_unreadable.replace("{detail}", &e)),
    })
}
