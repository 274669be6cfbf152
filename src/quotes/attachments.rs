//! The request's photos and a quote's PDF on both sides' pages: the
//! gallery, the resident's photo form, the provider's PDF form and the
//! link to a PDF. The posts are multipart (`file_routes`).
use leptos::prelude::*;

use super::domain::{QuoteError, PDF_MAX_BYTES, PHOTOS_PER_REQUEST};
use super::views::{PdfRef, RequestPhoto};
use crate::common::form::query;
use crate::i18n::t;
use crate::photos::domain::{PhotoError, MAX_BYTES};

/// The photos, each linking to its largest size; with a remove button per
/// photo when `remove_from` names the request.
#[component]
pub fn PhotoGrid(photos: Vec<RequestPhoto>, remove_from: Option<i32>) -> impl IntoView {
    view! {
        <ul class="request-photos">
            {photos.into_iter().map(|p| {
                let label = t().quote_photo_remove_label.replace("{alt}", &p.alt);
                view! {
                    <li>
                        <a href=p.full.clone()>
                            <img src=p.thumb.clone() alt=p.alt.clone() width=p.thumb_width height=p.thumb_height loading="lazy" decoding="async"/>
                        </a>
                        {remove_from.map(|id| view! {
                            <form method="post" action=format!("{}/fotos?entfernen={}", super::request_path(id), p.id) enctype="multipart/form-data" class="inline-form">
                                <button type="submit" class="small secondary" aria-label=label>{t().quote_photo_remove}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The resident's photos of the job: shown where the form asks for them or
/// some exist; changeable while `editable`.
pub fn resident_photos(id: i32, wanted: bool, photos: Vec<RequestPhoto>, editable: bool) -> impl IntoView {
    if !wanted && photos.is_empty() {
        return None;
    }
    let error = PhotoError::parse_code(&query("foto_fehler"));
    let rule = QuoteError::from_code(&query("fehler")).filter(|e| matches!(e, QuoteError::Photos));
    let file_error = error.filter(|e| e.field() == "datei").map(|e| e.message()).or(rule.map(|e| e.message()));
    let alt_error = error.filter(|e| e.field() == "alt").map(|e| e.message());
    let room = photos.len() < PHOTOS_PER_REQUEST;
    let hint = t().quote_photos_hint.replace("{mb}", &(MAX_BYTES / (1024 * 1024)).to_string()).replace("{n}", &PHOTOS_PER_REQUEST.to_string());
    let alt_typed = query("alt");
    let file_invalid = file_error.as_ref().map(|_| "true");
    let file_described = if file_error.is_some() { "foto-hinweis anfrage-foto-fehler" } else { "foto-hinweis" };
    let alt_invalid = alt_error.as_ref().map(|_| "true");
    let alt_described = alt_error.as_ref().map(|_| "anfrage-foto-alt-fehler");
    Some(view! {
        <section class="card" id="fotos" aria-labelledby="fotos-titel">
            <h2 id="fotos-titel">{t().quote_photos_heading}</h2>
            {if photos.is_empty() {
                view! { <p class="muted">{t().quote_photos_none}</p> }.into_any()
            } else {
                view! { <PhotoGrid photos remove_from=editable.then_some(id)/> }.into_any()
            }}
            {(editable && room).then(|| view! {
                <form class="account-form photo-upload" method="post" action=format!("{}/fotos", super::request_path(id)) enctype="multipart/form-data">
                    <p class="hint" id="foto-hinweis">{hint}</p>
                    <div class="form-field">
                        <label for="anfrage-foto">{t().quote_photo_file}</label>
                        <input id="anfrage-foto" type="file" name="datei" accept="image/jpeg,image/png,image/webp" required
                            aria-invalid=file_invalid aria-describedby=file_described/>
                        {file_error.map(|m| view! { <p class="field-error" id="anfrage-foto-fehler" role="alert">{m}</p> })}
                    </div>
                    <div class="form-field">
                        <label for="anfrage-foto-alt">{t().quote_photo_alt}</label>
                        <input id="anfrage-foto-alt" type="text" name="alt" required maxlength="300" value=alt_typed
                            aria-invalid=alt_invalid aria-describedby=alt_described/>
                        {alt_error.map(|m| view! { <p class="field-error" id="anfrage-foto-alt-fehler" role="alert">{m}</p> })}
                    </div>
                    <button type="submit" class="button secondary">{t().quote_photo_add}</button>
                </form>
            })}
        </section>
    })
}

/// "Angebot als PDF: name.pdf (120 KB)"
pub fn pdf_link(p: &PdfRef) -> impl IntoView {
    let size = if p.size >= 1024 * 1024 { format!("{:.1} MB", p.size as f64 / (1024.0 * 1024.0)) } else { format!("{} KB", (p.size + 1023) / 1024) };
    let text = t().quote_pdf_link.replace("{name}", &p.name).replace("{size}", &size);
    view! { <p class="quote-pdf"><a href=p.url.clone() download>{text}</a></p> }
}

/// The provider's PDF form under its own active quote (the link to the
/// PDF is with the quote's figures).
pub fn provider_pdf(provider_id: i32, request_id: i32, has_pdf: bool) -> impl IntoView {
    let action = format!("{}/unterlagen", super::board_request_path(provider_id, request_id));
    let error = QuoteError::from_code(&query("fehler")).filter(|e| matches!(e, QuoteError::PdfMissing | QuoteError::PdfType | QuoteError::PdfSize | QuoteError::Uploads));
    let hint = t().quote_pdf_hint.replace("{n}", &(PDF_MAX_BYTES / (1024 * 1024)).to_string());
    let remove = action.clone();
    let invalid = error.map(|_| "true");
    let described = if error.is_some() { "pdf-hinweis angebot-pdf-fehler" } else { "pdf-hinweis" };
    view! {
        <section class="quote-pdf-form" aria-labelledby="pdf-titel">
            <h3 id="pdf-titel">{t().quote_pdf_heading}</h3>
            {has_pdf.then(|| view! {
                <form method="post" action=remove enctype="multipart/form-data" class="inline-form">
                    <input type="hidden" name="aktion" value="entfernen"/>
                    <button type="submit" class="small secondary">{t().quote_pdf_remove}</button>
                </form>
            })}
            <form class="account-form" method="post" action=action enctype="multipart/form-data">
                <p class="hint" id="pdf-hinweis">{hint}</p>
                <div class="form-field">
                    <label for="angebot-pdf">{t().quote_pdf_file}</label>
                    <input id="angebot-pdf" type="file" name="datei" accept="application/pdf,.pdf" required
                        aria-invalid=invalid aria-describedby=described/>
                    {error.map(|e| view! { <p class="field-error" id="angebot-pdf-fehler" role="alert">{e.message()}</p> })}
                </div>
                <button type="submit" class="button secondary">{t().quote_pdf_upload}</button>
            </form>
        </section>
    }
}
