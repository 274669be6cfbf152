//! The photo routes: plain multipart and form posts (they work without
//! JavaScript; browsers get a redirect back to the form, other clients a
//! status with the localized reason), and the image files themselves.
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::{parse_alt, parse_file_name, PhotoError, MAX_BYTES, MAX_PER_OFFER};
use super::{process, store};
use crate::accounts::authz::Action;
use crate::members::store::check_for;
use crate::accounts::domain::Account;
use crate::error::AppError;
use crate::server::rate_limit::{hit, Limit};
use crate::server::reply::{self, see_other, wants_html};
use crate::app::state::AppState;

/// The request body an upload may have: the file plus the form around it.
pub const UPLOAD_BODY_BYTES: usize = MAX_BYTES + 256 * 1024;
const UPLOADS_PER_ACCOUNT: Limit = Limit::per_minutes(60, 60);

/// Why a photo request failed.
enum Refusal {
    Photo(PhotoError),
    App(AppError),
}

impl From<PhotoError> for Refusal {
    fn from(e: PhotoError) -> Self {
        Self::Photo(e)
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<sea_orm::DbErr> for Refusal {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "photo store");
        Self::App(AppError::Internal)
    }
}

/// The page the photo form is on.
fn form_page(provider_id: i32, offer_id: Option<i32>) -> String {
    match offer_id {
        Some(o) => format!("/dashboard/{provider_id}/angebote/{o}"),
        None => format!("/dashboard/{provider_id}"),
    }
}

fn answer(headers: &HeaderMap, back: &str, result: Result<Response, Refusal>, alt: &str) -> Response {
    match result {
        Ok(ok) => ok,
        Err(Refusal::Photo(e)) => {
            let x = crate::i18n::from_headers(headers).texts();
            reply::refused(headers, back, "fotos", "foto_fehler", e.code(), e.status(), e.message_in(x), &[("alt", alt)])
        }
        Err(Refusal::App(e)) => reply::app_error(headers, back, e),
    }
}

/// The signed-in actor, allowed to do `action` for `provider_id`.
async fn allow(st: &AppState, headers: &HeaderMap, provider_id: i32, action: Action) -> Result<Account, Refusal> {
    let actor = crate::accounts::store::request_account(&st.db, headers).await?;
    check_for(&st.db, actor.as_ref(), provider_id, action).await?;
    Ok(actor.ok_or(AppError::Unauthenticated)?)
}

#[derive(Default)]
struct Upload {
    provider_id: i32,
    offer_id: Option<i32>,
    alt: String,
    file: Vec<u8>,
    too_large: bool,
}

/// Reads the form; stops reading the file once it is over the limit. The
/// file is read only once `actor` is found allowed to upload for the
/// provider the form names before it (the form's fields come in order):
/// nobody gets the server to take in 10 MB without the right to.
async fn read_upload(st: &AppState, actor: &Account, mut mp: Multipart) -> Result<Upload, Refusal> {
    let mut u = Upload::default();
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { PhotoError::TooLarge } else { PhotoError::Unreadable }
    };
    while let Some(mut field) = mp.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "datei" => {
                check_for(&st.db, Some(actor), u.provider_id, Action::UploadPhoto).await?;
                // Over the limit the rest is read and dropped (up to the
                // body limit), so the client gets to read the answer.
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    if u.too_large || u.file.len() + chunk.len() > MAX_BYTES {
                        u.too_large = true;
                        u.file = Vec::new();
                    } else {
                        u.file.extend_from_slice(&chunk);
                    }
                }
            }
            _ => {
                let text = field.text().await.map_err(broken)?;
                let text: String = text.chars().take(2000).collect();
                match name.as_str() {
                    "anbieter" => u.provider_id = text.trim().parse().unwrap_or_default(),
                    "angebot" => u.offer_id = text.trim().parse().ok(),
                    "alt" => u.alt = text,
                    _ => {}
                }
            }
        }
    }
    Ok(u)
}

/// `POST /fotos/hochladen` (multipart: anbieter, angebot or none for the
/// logo, alt, datei). Who is asking is checked before the body is read.
pub async fn upload(State(st): State<AppState>, headers: HeaderMap, mp: Multipart) -> Response {
    let actor = match crate::accounts::store::request_account(&st.db, &headers).await {
        Ok(Some(a)) => a,
        Ok(None) => return answer(&headers, "/dashboard", Err(AppError::Unauthenticated.into()), ""),
        Err(e) => return answer(&headers, "/dashboard", Err(e.into()), ""),
    };
    let u = match read_upload(&st, &actor, mp).await {
        Ok(u) => u,
        Err(e) => return answer(&headers, "/dashboard", Err(e), ""),
    };
    let back = form_page(u.provider_id, u.offer_id);
    let result = try_upload(&st, &headers, &u).await;
    answer(&headers, &back, result, &u.alt)
}

async fn try_upload(st: &AppState, headers: &HeaderMap, u: &Upload) -> Result<Response, Refusal> {
    let actor = allow(st, headers, u.provider_id, Action::UploadPhoto).await?;
    if let Some(o) = u.offer_id {
        crate::offers::editing::offer_of(&st.db, u.provider_id, o).await?.ok_or(AppError::NotFound)?;
    }
    if u.too_large {
        return Err(PhotoError::TooLarge.into());
    }
    if u.file.is_empty() {
        return Err(PhotoError::NoFile.into());
    }
    let alt = parse_alt(&u.alt)?;
    if let Some(o) = u.offer_id {
        if store::count_for_offer(&st.db, o).await? >= MAX_PER_OFFER {
            return Err(PhotoError::TooMany.into());
        }
    }
    if !hit(&st.db, &format!("photo:upload:{}", actor.id), UPLOADS_PER_ACCOUNT).await? {
        return Err(PhotoError::RateLimited.into());
    }
    // Decoding is CPU work: off the async workers, a few at a time.
    let variants = process::process_bounded(u.file.clone()).await.map_err(|_| AppError::Internal)??;
    let p = store::insert(&st.db, u.provider_id, u.offer_id, &alt, variants, actor.id).await?;
    crate::changes::committed();
    if wants_html(headers) {
        return Ok(see_other(format!("{}?foto=gespeichert#fotos", form_page(u.provider_id, u.offer_id))));
    }
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/bilder/{}", p.id))], p.id.to_string()).into_response())
}

#[derive(Deserialize)]
pub struct Change {
    #[serde(default)]
    aktion: String,
    #[serde(default)]
    alt: String,
}

/// `POST /fotos/{id}`: `aktion` hoch, runter, alt (with `alt`) or loeschen.
pub async fn change(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<i32>, Form(f): Form<Change>) -> Response {
    let photo = match store::by_id(&st.db, id).await {
        Ok(Some(p)) => p,
        Ok(None) => return answer(&headers, "/dashboard", Err(AppError::NotFound.into()), ""),
        Err(e) => return answer(&headers, "/dashboard", Err(e.into()), ""),
    };
    let back = form_page(photo.provider_id, photo.offer_id);
    let result = async {
        let action = if f.aktion == "loeschen" { Action::DeletePhoto } else { Action::EditPhoto };
        let actor = allow(&st, &headers, photo.provider_id, action).await?;
        match f.aktion.as_str() {
            "hoch" | "runter" => store::shift(&st.db, &photo, f.aktion == "hoch", actor.id).await?,
            "alt" => store::set_alt(&st.db, &photo, &parse_alt(&f.alt)?, actor.id).await?,
            "loeschen" => store::delete(&st.db, &photo, actor.id).await?,
            _ => return Err(AppError::invalid("aktion", "").into()),
        }
        crate::changes::committed();
        Ok(if wants_html(&headers) { see_other(format!("{back}?foto=gespeichert#fotos")) } else { StatusCode::NO_CONTENT.into_response() })
    }
    .await;
    answer(&headers, &back, result, &f.alt)
}

/// `GET /bilder/{id}-{width}.{jpg|png}`. Public photos are cached for an
/// hour and then revalidated by their ETag (a 304 costs no image bytes): a
/// photo hidden by a moderator or deleted by its provider leaves shared
/// caches within the hour, which a year-long `immutable` would not allow.
/// Drafts' photos only for their provider's members, never by shared caches.
pub const PUBLIC_PHOTO_CACHE: &str = "public, max-age=3600";

pub async fn image(State(st): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    let Some((id, width, ext)) = parse_file_name(&file) else { return StatusCode::NOT_FOUND.into_response() };
    let found = match store::variant(&st.db, id, width).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "photo variant");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some((photo, v, public)) = found.filter(|(_, v, _)| process::ext_of(&v.mime) == ext) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !public && allow(&st, &headers, photo.provider_id, Action::ViewDashboard).await.is_err() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let etag = format!("\"{id}-{width}\"");
    let cache = if public { PUBLIC_PHOTO_CACHE } else { "private, no-cache" };
    let mut h = HeaderMap::new();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(e) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, e);
    }
    let matches = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    if let Ok(m) = HeaderValue::from_str(&v.mime) {
        h.insert(header::CONTENT_TYPE, m);
    }
    (StatusCode::OK, h, v.bytes).into_response()
}
