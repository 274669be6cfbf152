//! The multipart posts of requests' photos and quotes' PDFs, and the files
//! themselves. Thin: who asks (before a file's bytes are read), the photo
//! pipeline, `files`, where to go back. Browsers get a redirect back to the
//! page with the error's code; other clients the status and the message.
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::domain::{QuoteError, PDF_MAX_BYTES};
use super::door::{Ctx, Refusal};
use super::files;
use super::{board_request_path, request_path};
use crate::accounts::domain::Account;
use crate::app::state::AppState;
use crate::error::AppError;
use crate::photos::domain::{parse_alt, PhotoError, MAX_BYTES};
use crate::server::rate_limit::{hit, Limit};
use crate::server::reply::{self, see_other, text, wants_html};

/// The request body a photo post may have: the file plus the form around it.
pub const PHOTO_BODY_BYTES: usize = crate::photos::routes::UPLOAD_BODY_BYTES;
pub const PDF_BODY_BYTES: usize = PDF_MAX_BYTES + 256 * 1024;
const UPLOADS_PER_ACCOUNT: Limit = Limit::per_minutes(30, 60);

enum Failure {
    Photo(PhotoError),
    Quote(Refusal),
}

impl From<Refusal> for Failure {
    fn from(e: Refusal) -> Self {
        Self::Quote(e)
    }
}

impl From<PhotoError> for Failure {
    fn from(e: PhotoError) -> Self {
        Self::Photo(e)
    }
}

impl From<sea_orm::DbErr> for Failure {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Quote(e.into())
    }
}

fn answer(headers: &HeaderMap, back: &str, anchor: &str, r: Result<&str, Failure>, alt: &str) -> Response {
    match r {
        Ok(note) if wants_html(headers) => see_other(format!("{back}?hinweis={note}#{anchor}")),
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(Failure::Photo(e)) => {
            let x = crate::i18n::from_headers(headers).texts();
            reply::refused(headers, back, anchor, "foto_fehler", e.code(), e.status(), e.message_in(x), &[("alt", alt)])
        }
        Err(Failure::Quote(Refusal::App(e))) => super::routes::app_refusal(headers, back, e),
        Err(Failure::Quote(Refusal::Rule(e))) if wants_html(headers) => see_other(format!("{back}?fehler={}#{anchor}", e.code())),
        Err(Failure::Quote(Refusal::Rule(e))) => text(e.status(), e.message()),
    }
}

async fn signed_in(st: &AppState, headers: &HeaderMap) -> Result<Account, Failure> {
    match crate::accounts::store::request_account(&st.db, headers).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(Refusal::App(AppError::Unauthenticated).into()),
        Err(e) => Err(Refusal::App(e.into()).into()),
    }
}

fn broken(e: axum::extract::multipart::MultipartError) -> bool {
    e.status() == StatusCode::PAYLOAD_TOO_LARGE
}

/// The form's text fields and its file (`datei`), the file dropped once it
/// is over `max` (the rest is read, so the client gets to read the answer).
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    file: Vec<u8>,
    file_name: String,
    too_large: bool,
}

impl Posted {
    fn get(&self, k: &str) -> String {
        self.fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

async fn read(mut mp: Multipart, max: usize) -> Result<Posted, bool> {
    let mut p = Posted::default();
    while let Some(mut field) = mp.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "datei" {
            p.file_name = field.file_name().unwrap_or_default().chars().take(300).collect();
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                if p.too_large || p.file.len() + chunk.len() > max {
                    p.too_large = true;
                    p.file = Vec::new();
                } else {
                    p.file.extend_from_slice(&chunk);
                }
            }
        } else {
            let v = field.text().await.map_err(broken)?;
            p.fields.push((name, v.chars().take(2000).collect()));
        }
    }
    Ok(p)
}

#[derive(serde::Deserialize)]
pub struct PhotoQuery {
    entfernen: Option<i32>,
}

/// `POST /anfragen/{id}/fotos` (multipart: `alt`, `datei`) adds a photo;
/// `?entfernen={photo}` removes one. Whether a photo may be added (whose
/// request, its state, room, the rate) is settled before the body is read.
pub async fn photos(State(st): State<AppState>, Path(id): Path<i32>, Query(q): Query<PhotoQuery>, headers: HeaderMap, mp: Multipart) -> Response {
    let back = request_path(id);
    let mut alt = String::new();
    let r = async {
        let a = signed_in(&st, &headers).await?;
        let cx = Ctx::of(&st);
        if let Some(photo) = q.entfernen {
            files::remove_photo(&cx, &a, id, photo).await?;
            return Ok("foto_entfernt");
        }
        files::may_add_photo(&cx, &st.reference, &a, id).await?;
        if !hit(&st.db, &format!("quote:photo:{}", a.id), UPLOADS_PER_ACCOUNT).await? {
            return Err(PhotoError::RateLimited.into());
        }
        let p = read(mp, MAX_BYTES).await.map_err(|too_large| if too_large { PhotoError::TooLarge } else { PhotoError::Unreadable })?;
        alt = p.get("alt");
        if p.too_large {
            return Err(PhotoError::TooLarge.into());
        }
        if p.file.is_empty() {
            return Err(PhotoError::NoFile.into());
        }
        let alt = parse_alt(&alt)?;
        let variants = crate::photos::process::process_bounded(p.file).await.map_err(|_| Refusal::App(AppError::Internal))??;
        files::add_photo(&cx, &st.reference, &a, id, &alt, variants).await?;
        Ok("foto")
    }
    .await;
    answer(&headers, &back, "fotos", r, &alt)
}

/// `POST /dashboard/{pid}/angebotsanfragen/{id}/unterlagen` (multipart):
/// `datei` attaches a PDF to the provider's quote, `aktion=entfernen`
/// removes it.
pub async fn pdf(State(st): State<AppState>, Path((pid, id)): Path<(i32, i32)>, headers: HeaderMap, mp: Multipart) -> Response {
    let back = board_request_path(pid, id);
    let r = async {
        let a = signed_in(&st, &headers).await?;
        let cx = Ctx::of(&st);
        files::may_answer(&cx, &a, pid).await?;
        if !crate::quotes::store::visible_to(&st.db, id, pid).await? {
            return Err(Refusal::App(AppError::NotFound).into());
        }
        let p = read(mp, PDF_MAX_BYTES).await.map_err(|too_large| Refusal::Rule(if too_large { QuoteError::PdfSize } else { QuoteError::PdfMissing }))?;
        if p.get("aktion") == "entfernen" {
            files::remove_pdf(&cx, &a, pid, id).await?;
            return Ok("pdf_entfernt");
        }
        if p.too_large {
            return Err(Refusal::Rule(QuoteError::PdfSize).into());
        }
        if !hit(&st.db, &format!("quote:pdf:{}", a.id), UPLOADS_PER_ACCOUNT).await? {
            return Err(Refusal::Rule(QuoteError::Uploads).into());
        }
        files::attach_pdf(&cx, &a, pid, id, &p.file_name, p.file).await?;
        Ok("pdf")
    }
    .await;
    answer(&headers, &back, "angebot", r, "")
}

fn private_headers(mime: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(m) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, m);
    }
    h
}

async fn viewer(st: &AppState, headers: &HeaderMap) -> Option<Account> {
    crate::accounts::store::request_account(&st.db, headers).await.ok().flatten()
}

/// Not found, or not for this reader: no cache may keep that answer.
fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "private, no-store")]).into_response()
}

fn internal(e: sea_orm::DbErr) -> Response {
    tracing::error!(error = %e, "quote files");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// `GET /anfragen/{id}/fotos/{photo}-{width}.{ext}`: only for those who may
/// see the request (404 for everyone else, as for a request that is not).
pub async fn photo(State(st): State<AppState>, Path((id, file)): Path<(i32, String)>, headers: HeaderMap) -> Response {
    let Some((photo, width, ext)) = crate::photos::domain::parse_file_name(&file) else { return not_found() };
    let who = viewer(&st, &headers).await;
    match files::viewer_of_request(&st.db, who.as_ref(), id).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return internal(e),
    }
    match files::photo_bytes(&st.db, id, photo, width).await {
        Ok(Some((mime, bytes))) if crate::photos::process::ext_of(&mime) == ext => (StatusCode::OK, private_headers(&mime), bytes).into_response(),
        Ok(_) => not_found(),
        Err(e) => internal(e),
    }
}

/// `GET /anfragen/{id}/angebote/{qid}/angebot.pdf`: for the resident who
/// asked and the quoting provider's people; always a download, never shown
/// in the site's origin.
pub async fn pdf_file(State(st): State<AppState>, Path((id, qid)): Path<(i32, i32)>, headers: HeaderMap) -> Response {
    let who = viewer(&st, &headers).await;
    match files::viewer_of_quote(&st.db, who.as_ref(), id, qid).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(e) => return internal(e),
    }
    match files::pdf_bytes(&st.db, qid).await {
        Ok(Some((name, bytes))) => {
            let mut h = private_headers("application/pdf");
            let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
            let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", crate::common::url_key::encode(&name).replace('+', "%20"));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
            (StatusCode::OK, h, bytes).into_response()
        }
        Ok(None) => not_found(),
        Err(e) => internal(e),
    }
}
