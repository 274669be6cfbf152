//! What requests and quotes carry besides their text: the resident's photos
//! of the job (re-encoded by the photo pipeline, so no metadata survives)
//! and the PDF a provider may attach to its quote. The only writer of
//! `quote_request_photo(_variant)` and `quote_file`, by `door`'s steps:
//! claim the request's row, check who asks and the state, audit.
//!
//! A PDF is part of its quote: attaching, replacing or removing it makes a
//! new revision, which the resident must accept again. Both kinds of file
//! are read only by the people who may see the request or the quote
//! (`viewer_of_request`, `viewer_of_quote`), never cached by shared caches.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

use super::domain::{QuoteError, QuoteEvent, RequestState, PHOTOS_PER_REQUEST};
use super::door::{allowed, claim, quote_state, state_of, Ctx, Refusal};
use super::notify::{self, Notice};
use super::views::{PdfRef, RequestPhoto};
use crate::accounts::authz::Action;
use crate::accounts::domain::Account;
use crate::db::entities::{quote, quote_file, quote_request as request, quote_request_photo as photo, quote_request_photo_variant as variant};
use crate::error::AppError;
use crate::photos::process::{ext_of, Variant};
use crate::reference::Reference;

/// The widest stored size of a request's photo: enough to judge a roof.
pub const PHOTO_WIDTH_MAX: u32 = 1280;
/// The size the galleries show.
const THUMB_WIDTH: i32 = 320;

/// Whether the bytes are a PDF, whatever the file is called: its header
/// first (as browsers and readers sniff it) and an end-of-file marker.
pub fn is_pdf(b: &[u8]) -> bool {
    let tail = &b[b.len().saturating_sub(2048)..];
    b.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// The uploaded file's name as shown and offered for download: its last
/// path part, letters, digits and a few marks only, ending in `.pdf`.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.strip_suffix(".pdf").or_else(|| base.strip_suffix(".PDF")).unwrap_or(base);
    let kept: String = stem.chars().filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')')).take(80).collect();
    let kept = kept.trim().trim_start_matches('.').to_owned();
    if kept.is_empty() { "angebot.pdf".into() } else { format!("{kept}.pdf") }
}

/// Photos may change while the request is a draft or takes quotes.
fn photos_editable(s: RequestState) -> bool {
    matches!(s, RequestState::Draft | RequestState::Open | RequestState::Full)
}

/// Whether the request's category form asks for photos.
fn photos_wanted(reference: &Reference, r: &request::Model) -> bool {
    super::request::form_of(super::forms::forms(), reference, r.category_id).photos
}

pub fn photo_path(request_id: i32, photo_id: i32, width: i32, ext: &str) -> String {
    format!("{}/fotos/{photo_id}-{width}.{ext}", super::request_path(request_id))
}

pub fn pdf_path(request_id: i32, quote_id: i32) -> String {
    format!("{}/angebote/{quote_id}/angebot.pdf", super::request_path(request_id))
}

/// The person's own request, claimed, where photos may still change.
async fn own_editable<C: ConnectionTrait>(txn: &C, a: &Account, request_id: i32) -> Result<request::Model, Refusal> {
    let r = claim(txn, request_id).await.map_err(|_| Refusal::App(AppError::NotFound))?;
    if r.user_id != a.id {
        return Err(Refusal::App(AppError::NotFound));
    }
    if !photos_editable(state_of(&r)) {
        return Err(QuoteError::State.into());
    }
    Ok(r)
}

async fn photo_count<C: ConnectionTrait>(db: &C, request_id: i32) -> Result<u64, DbErr> {
    photo::Entity::find().filter(photo::Column::RequestId.eq(request_id)).count(db).await
}

/// Whether the person may add a photo now: asked before the upload is read,
/// so nobody gets the server to take in a file without the right to.
pub async fn may_add_photo(cx: &Ctx<'_>, reference: &Reference, a: &Account, request_id: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let r = request::Entity::find_by_id(request_id).one(cx.db).await?.filter(|r| r.user_id == a.id).ok_or(Refusal::App(AppError::NotFound))?;
    if !photos_editable(state_of(&r)) || !photos_wanted(reference, &r) {
        return Err(QuoteError::State.into());
    }
    if photo_count(cx.db, request_id).await? >= PHOTOS_PER_REQUEST as u64 {
        return Err(QuoteError::Photos.into());
    }
    Ok(())
}

/// Adds a re-encoded photo (`photos::process`) to the person's request.
pub async fn add_photo(cx: &Ctx<'_>, reference: &Reference, a: &Account, request_id: i32, alt: &str, variants: Vec<Variant>) -> Result<i32, Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let variants: Vec<Variant> = variants.into_iter().filter(|v| v.width <= PHOTO_WIDTH_MAX).collect();
    let largest = variants.last().ok_or(Refusal::App(AppError::Internal))?.clone();
    let txn = crate::db::begin_write(cx.db).await?;
    let r = own_editable(&txn, a, request_id).await?;
    if !photos_wanted(reference, &r) {
        return Err(QuoteError::State.into());
    }
    if photo_count(&txn, r.id).await? >= PHOTOS_PER_REQUEST as u64 {
        return Err(QuoteError::Photos.into());
    }
    let last = photo::Entity::find().filter(photo::Column::RequestId.eq(r.id)).order_by_desc(photo::Column::Position).one(&txn).await?;
    let p = photo::ActiveModel {
        request_id: Set(r.id),
        position: Set(last.map_or(0, |p| p.position + 1)),
        alt_text: Set(alt.to_owned()),
        width: Set(largest.width as i32),
        height: Set(largest.height as i32),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for v in variants {
        variant::ActiveModel { photo_id: Set(p.id), width: Set(v.width as i32), height: Set(v.height as i32), mime: Set(v.mime.to_owned()), bytes: Set(v.bytes) }
            .insert(&txn)
            .await?;
    }
    crate::audit::store::record(&txn, a.id, "quote_request.photo_add", "quote_request", r.id, None, Some(json!({ "photo_id": p.id, "alt": alt }))).await?;
    txn.commit().await?;
    Ok(p.id)
}

/// Removes one of the photos of the person's request.
pub async fn remove_photo(cx: &Ctx<'_>, a: &Account, request_id: i32, photo_id: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let r = own_editable(&txn, a, request_id).await?;
    let p = photo::Entity::find_by_id(photo_id).filter(photo::Column::RequestId.eq(r.id)).one(&txn).await?.ok_or(Refusal::App(AppError::NotFound))?;
    variant::Entity::delete_many().filter(variant::Column::PhotoId.eq(p.id)).exec(&txn).await?;
    photo::Entity::delete_by_id(p.id).exec(&txn).await?;
    crate::audit::store::record(&txn, a.id, "quote_request.photo_remove", "quote_request", r.id, Some(json!({ "photo_id": p.id, "alt": p.alt_text })), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the person may act for the provider on its quotes.
pub async fn may_answer(cx: &Ctx<'_>, a: &Account, provider_id: i32) -> Result<(), Refusal> {
    let membership = crate::members::store::membership(cx.db, provider_id, a.id).await.map_err(|e| Refusal::App(e.into()))?;
    allowed(a, membership, Action::AnswerQuoteRequest)
}

/// The provider's active quote on the request, claimed, while the request
/// takes quotes: what a PDF may be attached to.
async fn revisable<C: ConnectionTrait>(txn: &C, provider_id: i32, request_id: i32) -> Result<(quote::Model, request::Model), Refusal> {
    let r = claim(txn, request_id).await.map_err(|_| Refusal::App(AppError::NotFound))?;
    let q = quote::Entity::find()
        .filter(quote::Column::RequestId.eq(r.id))
        .filter(quote::Column::ProviderId.eq(provider_id))
        .order_by_desc(quote::Column::Id)
        .one(txn)
        .await?
        .ok_or(Refusal::App(AppError::NotFound))?;
    if quote_state(&q).after(QuoteEvent::Revise).is_none() {
        return Err(QuoteError::State.into());
    }
    if !matches!(state_of(&r), RequestState::Open | RequestState::Full) {
        return Err(QuoteError::Closed.into());
    }
    Ok((q, r))
}

/// The quote's next revision: the resident must accept it again.
async fn revised<C: ConnectionTrait>(txn: &C, a: &Account, q: &quote::Model) -> Result<quote::Model, Refusal> {
    let to = quote_state(q).after(QuoteEvent::Revise).ok_or(QuoteError::State)?;
    let mut m: quote::ActiveModel = q.clone().into();
    m.state = Set(to.as_str().to_owned());
    m.revision = Set(q.revision + 1);
    m.version = Set(q.version + 1);
    m.author_id = Set(Some(a.id));
    m.updated_at = Set(Utc::now());
    Ok(m.update(txn).await?)
}

/// Attaches `bytes` (a checked PDF) to the provider's quote, replacing one
/// attached before.
pub async fn attach_pdf(cx: &Ctx<'_>, a: &Account, provider_id: i32, request_id: i32, name: &str, bytes: Vec<u8>) -> Result<(), Refusal> {
    may_answer(cx, a, provider_id).await?;
    if bytes.is_empty() {
        return Err(QuoteError::PdfMissing.into());
    }
    if bytes.len() > super::domain::PDF_MAX_BYTES {
        return Err(QuoteError::PdfSize.into());
    }
    if !is_pdf(&bytes) {
        return Err(QuoteError::PdfType.into());
    }
    let txn = crate::db::begin_write(cx.db).await?;
    let (q, r) = revisable(&txn, provider_id, request_id).await?;
    let name = clean_name(name);
    let size = bytes.len() as i32;
    quote_file::Entity::delete_many().filter(quote_file::Column::QuoteId.eq(q.id)).exec(&txn).await?;
    quote_file::ActiveModel { quote_id: Set(q.id), name: Set(name.clone()), size: Set(size), bytes: Set(bytes), author_id: Set(Some(a.id)), created_at: Set(Utc::now()) }
        .insert(&txn)
        .await?;
    let after = revised(&txn, a, &q).await?;
    crate::audit::store::record(&txn, a.id, "quote.attach_pdf", "quote", q.id, Some(json!({ "revision": q.revision })), Some(json!({ "revision": after.revision, "pdf": name, "size": size }))).await?;
    notify::resident(&txn, cx.public_url, &r, Notice::Revised, provider_id).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// Removes the PDF of the provider's quote.
pub async fn remove_pdf(cx: &Ctx<'_>, a: &Account, provider_id: i32, request_id: i32) -> Result<(), Refusal> {
    may_answer(cx, a, provider_id).await?;
    let txn = crate::db::begin_write(cx.db).await?;
    let (q, r) = revisable(&txn, provider_id, request_id).await?;
    let gone = quote_file::Entity::delete_many().filter(quote_file::Column::QuoteId.eq(q.id)).exec(&txn).await?;
    if gone.rows_affected == 0 {
        return Err(Refusal::App(AppError::NotFound));
    }
    let after = revised(&txn, a, &q).await?;
    crate::audit::store::record(&txn, a.id, "quote.remove_pdf", "quote", q.id, Some(json!({ "revision": q.revision })), Some(json!({ "revision": after.revision }))).await?;
    notify::resident(&txn, cx.public_url, &r, Notice::Revised, provider_id).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// Whether `viewer` may see the request's photos: the resident who asked,
/// or the people of a provider that sees the request.
pub async fn viewer_of_request<C: ConnectionTrait>(db: &C, viewer: Option<&Account>, request_id: i32) -> Result<bool, DbErr> {
    let (Some(a), Some(r)) = (viewer, request::Entity::find_by_id(request_id).one(db).await?) else { return Ok(false) };
    if r.user_id == a.id {
        return Ok(true);
    }
    for p in super::store::members_of(db, a.id).await? {
        if super::store::may_see(db, &r, p).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether `viewer` may read the quote's PDF: the resident who asked, or
/// the people of the quoting provider.
pub async fn viewer_of_quote<C: ConnectionTrait>(db: &C, viewer: Option<&Account>, request_id: i32, quote_id: i32) -> Result<bool, DbErr> {
    let Some(a) = viewer else { return Ok(false) };
    let Some(q) = quote::Entity::find_by_id(quote_id).filter(quote::Column::RequestId.eq(request_id)).one(db).await? else { return Ok(false) };
    let Some(r) = request::Entity::find_by_id(request_id).one(db).await? else { return Ok(false) };
    Ok(r.user_id == a.id || super::store::members_of(db, a.id).await?.contains(&q.provider_id))
}

/// One stored size of a request's photo: (mime, bytes).
pub async fn photo_bytes<C: ConnectionTrait>(db: &C, request_id: i32, photo_id: i32, width: i32) -> Result<Option<(String, Vec<u8>)>, DbErr> {
    if photo::Entity::find_by_id(photo_id).filter(photo::Column::RequestId.eq(request_id)).one(db).await?.is_none() {
        return Ok(None);
    }
    Ok(variant::Entity::find_by_id((photo_id, width)).one(db).await?.map(|v| (v.mime, v.bytes)))
}

/// The quote's PDF: (name, bytes).
pub async fn pdf_bytes<C: ConnectionTrait>(db: &C, quote_id: i32) -> Result<Option<(String, Vec<u8>)>, DbErr> {
    Ok(quote_file::Entity::find_by_id(quote_id).one(db).await?.map(|f| (f.name, f.bytes)))
}

/// The request's photos as its pages show them (no bytes read).
pub async fn photos<C: ConnectionTrait>(db: &C, request_id: i32) -> Result<Vec<RequestPhoto>, DbErr> {
    let rows = photo::Entity::find().filter(photo::Column::RequestId.eq(request_id)).order_by_asc(photo::Column::Position).order_by_asc(photo::Column::Id).all(db).await?;
    let sizes: Vec<(i32, i32, i32, String)> = variant::Entity::find()
        .select_only()
        .columns([variant::Column::PhotoId, variant::Column::Width, variant::Column::Height, variant::Column::Mime])
        .filter(variant::Column::PhotoId.is_in(rows.iter().map(|p| p.id).collect::<Vec<_>>()))
        .order_by_asc(variant::Column::Width)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            let own: Vec<&(i32, i32, i32, String)> = sizes.iter().filter(|s| s.0 == p.id).collect();
            let thumb = own.iter().find(|s| s.1 >= THUMB_WIDTH).or(own.last())?;
            let full = own.last()?;
            Some(RequestPhoto {
                id: p.id,
                alt: p.alt_text,
                thumb: photo_path(request_id, p.id, thumb.1, ext_of(&thumb.3)),
                thumb_width: thumb.1,
                thumb_height: thumb.2,
                full: photo_path(request_id, p.id, full.1, ext_of(&full.3)),
            })
        })
        .collect())
}

/// The PDFs of these quotes, by quote (no bytes read).
pub async fn pdfs<C: ConnectionTrait>(db: &C, quotes: &[quote::Model]) -> Result<HashMap<i32, PdfRef>, DbErr> {
    let found: Vec<(i32, String, i32)> = quote_file::Entity::find()
        .select_only()
        .columns([quote_file::Column::QuoteId, quote_file::Column::Name, quote_file::Column::Size])
        .filter(quote_file::Column::QuoteId.is_in(quotes.iter().map(|q| q.id).collect::<Vec<_>>()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|(qid, name, size)| {
            let q = quotes.iter().find(|q| q.id == qid)?;
            Some((qid, PdfRef { url: pdf_path(q.request_id, qid), name, size: i64::from(size) }))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_is_known_by_its_bytes_not_its_name() {
        assert!(is_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"));
        assert!(!is_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "cut off before its end");
        assert!(!is_pdf(b"<html><script>alert(1)</script></html>%%EOF"));
        assert!(!is_pdf(b"\x89PNG\r\n\x1a\n%%EOF"));
        assert!(!is_pdf(b""));
    }

    #[test]
    fn names_keep_their_words_and_lose_their_paths() {
        assert_eq!(clean_name("Angebot Müller 2026.pdf"), "Angebot Müller 2026.pdf");
        assert_eq!(clean_name("C:\\Users\\x\\Kalkulation.PDF"), "Kalkulation.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd.pdf");
        assert_eq!(clean_name("\"; filename=evil.html"), "filenameevil.html.pdf");
        assert_eq!(clean_name(""), "angebot.pdf");
        assert_eq!(clean_name("...pdf"), "angebot.pdf");
    }
}
