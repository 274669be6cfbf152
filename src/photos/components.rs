//! Showing photos (cover, gallery, logo) and the provider's photo forms.
//! The forms are plain posts to `/fotos/…`: they work without JavaScript,
//! and the page they return to shows the outcome next to the field.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::photo_manager;
use super::domain::{PhotoError, PhotoView};
use crate::common::error_view::ErrorView;
use crate::i18n::t;

/// A result card's cover: small, lazy, with its size known before it loads.
#[component]
pub fn CoverImage(photo: PhotoView) -> impl IntoView {
    let height = photo.height_at(640.min(photo.width));
    view! {
        <img class="cover" src=photo.src(640) srcset=photo.srcset() sizes="(min-width: 60em) 20em, (min-width: 40em) 45vw, 100vw"
            alt=photo.alt.clone() loading="lazy" decoding="async" width=640.min(photo.width) height=height/>
    }
}

/// An offer page's photos as a carousel: one photo at a time in a
/// scroll-snapping strip, so touch screens swipe natively and the focused
/// strip scrolls with the arrow keys even without JavaScript. Once hydrated,
/// previous/next buttons and the arrow keys step one photo and a counter
/// says which one is shown.
#[island]
pub fn Gallery(photos: Vec<PhotoView>) -> impl IntoView {
    crate::common::hydration::island_ready();
    if photos.is_empty() {
        return None;
    }
    let total = photos.len();
    let current = RwSignal::new(0usize);
    let track = NodeRef::<leptos::html::Ul>::new();
    let go = move |to: usize| {
        let to = to.min(total - 1);
        current.set(to);
        if let Some(el) = track.get_untracked() {
            el.scroll_to_with_x_and_y(f64::from(el.client_width()) * to as f64, 0.0);
        }
    };
    let on_scroll = move |_| {
        if let Some(el) = track.get_untracked() {
            let w = f64::from(el.client_width().max(1));
            let at = (f64::from(el.scroll_left()) / w).round() as usize;
            if at != current.get_untracked() {
                current.set(at.min(total - 1));
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowRight" => {
            ev.prevent_default();
            go(current.get_untracked() + 1);
        }
        "ArrowLeft" => {
            ev.prevent_default();
            go(current.get_untracked().saturating_sub(1));
        }
        "Home" => {
            ev.prevent_default();
            go(0);
        }
        "End" => {
            ev.prevent_default();
            go(total - 1);
        }
        _ => {}
    };
    let counter = move || t().photo_counter.replace("{n}", &(current.get() + 1).to_string()).replace("{total}", &total.to_string());
    Some(view! {
        <section class="gallery" aria-label=t().photo_gallery aria-roledescription=t().photo_carousel>
            <ul class="gallery-track" node_ref=track tabindex="0" aria-label=t().photo_gallery_keys on:keydown=on_key on:scroll=on_scroll>
                {photos.into_iter().enumerate().map(|(i, p)| {
                    let w = 1280.min(p.width);
                    let h = p.height_at(w);
                    view! {
                        <li class="gallery-slide">
                            <a href=p.src(1920) tabindex="-1">
                                <img src=p.src(1280) srcset=p.srcset() sizes="(min-width: 60em) 50em, 100vw" alt=p.alt.clone()
                                    loading=if i == 0 { "eager" } else { "lazy" } decoding="async" width=w height=h/>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(total > 1).then(|| view! {
                <div class="gallery-nav">
                    <button type="button" class="small" on:click=move |_| go(current.get_untracked().saturating_sub(1))
                        disabled=move || current.get() == 0>{t().photo_previous}</button>
                    <span class="gallery-counter" aria-live="polite">{counter}</span>
                    <button type="button" class="small" on:click=move |_| go(current.get_untracked() + 1)
                        disabled=move || current.get() + 1 >= total>{t().photo_next}</button>
                </div>
            })}
        </section>
    })
}

/// A provider's logo, at most 160 px wide. The small one stands next to
/// the provider's name, so it is decorative (empty alt: not read twice).
#[component]
pub fn Logo(photo: PhotoView, #[prop(optional)] small: bool) -> impl IntoView {
    let w = if small { 64 } else { 160 }.min(photo.width);
    view! {
        <img class=if small { "logo small" } else { "logo" } src=photo.src(320) srcset=photo.srcset()
            sizes=format!("{w}px") alt=if small { String::new() } else { photo.alt.clone() } loading="lazy" width=w height=photo.height_at(w)/>
    }
}

/// The outcome of the last photo form, from the URL it returned to.
fn outcome() -> (Option<PhotoError>, bool, String) {
    let q = use_query_map();
    let q = q.read_untracked();
    let error = q.get("foto_fehler").and_then(|c| PhotoError::parse_code(&c));
    let saved = q.get("foto").is_some_and(|v| v == "gespeichert");
    (error, saved, q.get("alt").unwrap_or_default())
}

/// The photo forms of an offer (`offer_id` Some) or of the provider's logo.
#[component]
pub fn PhotoManager(provider_id: i32, #[prop(optional)] offer_id: Option<i32>) -> impl IntoView {
    let photos = Resource::new(move || (provider_id, offer_id), |(p, o)| photo_manager(p, o));
    let (error, saved, alt_typed) = outcome();
    let heading = if offer_id.is_some() { t().photo_section } else { t().logo_section };
    let suffix = offer_id.map(|o| format!("o{o}")).unwrap_or_else(|| "logo".into());
    let file_id = format!("foto-datei-{suffix}");
    let alt_id = format!("foto-alt-{suffix}");
    let file_error = error.filter(|e| e.field() == "datei");
    let alt_error = error.filter(|e| e.field() == "alt");
    view! {
        <section class="photo-manager" id="fotos" aria-labelledby=format!("fotos-h-{suffix}")>
            <h2 id=format!("fotos-h-{suffix}")>{heading}</h2>
            {offer_id.is_some().then(|| view! { <p class="hint">{t().photo_intro}</p> })}
            {saved.then(|| view! { <p class="form-ok" role="status">{t().photo_saved}</p> })}
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match photos.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t().photo_none}</p> }.into_any(),
                        Ok(list) => {
                            let last = list.len() - 1;
                            view! {
                                <ol class="photo-list">
                                    {list.into_iter().enumerate().map(|(i, p)| view! { <PhotoRow photo=p first=i == 0 last=i == last movable=offer_id.is_some()/> }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
            <form class="account-form photo-upload" method="post" action="/fotos/hochladen" enctype="multipart/form-data">
                <input type="hidden" name="anbieter" value=provider_id.to_string()/>
                {offer_id.map(|o| view! { <input type="hidden" name="angebot" value=o.to_string()/> })}
                <div class="form-field">
                    <label for=file_id.clone()>{t().photo_file}</label>
                    <input id=file_id.clone() type="file" name="datei" accept="image/jpeg,image/png,image/webp" required
                        aria-invalid=file_error.map(|_| "true") aria-describedby=format!("{file_id}-fehler")/>
                    {file_error.map(|e| view! { <p class="field-error" id=format!("{file_id}-fehler") role="alert">{e.message()}</p> })}
                </div>
                <div class="form-field">
                    <label for=alt_id.clone()>{t().photo_alt}</label>
                    <input id=alt_id.clone() type="text" name="alt" maxlength="300" required value=alt_typed
                        aria-invalid=alt_error.map(|_| "true") aria-describedby=format!("{alt_id}-fehler")/>
                    {alt_error.map(|e| view! { <p class="field-error" id=format!("{alt_id}-fehler") role="alert">{e.message()}</p> })}
                </div>
                <button type="submit" class="button primary">{if offer_id.is_some() { t().photo_upload } else { t().logo_upload }}</button>
            </form>
        </section>
    }
}

/// One stored photo: its description can be edited, it can move and go.
#[component]
fn PhotoRow(photo: PhotoView, first: bool, last: bool, movable: bool) -> impl IntoView {
    let id = photo.id;
    let alt_id = format!("foto-{id}-alt");
    view! {
        <li class="photo-row">
            <img src=photo.src(320) alt=photo.alt.clone() width=160.min(photo.width) height=photo.height_at(160.min(photo.width)) loading="lazy"/>
            <form class="photo-edit" method="post" action=format!("/fotos/{id}")>
                {(first && movable).then(|| view! { <p class="badge">{t().photo_cover}</p> })}
                <label for=alt_id.clone()>{t().photo_alt}</label>
                <input id=alt_id type="text" name="alt" maxlength="300" required value=photo.alt.clone()/>
                <div class="actions">
                    <button type="submit" class="small" name="aktion" value="alt">{t().photo_save_alt}</button>
                    {movable.then(|| view! {
                        <button type="submit" class="small" name="aktion" value="hoch" disabled=first formnovalidate>{t().photo_up}</button>
                        <button type="submit" class="small" name="aktion" value="runter" disabled=last formnovalidate>{t().photo_down}</button>
                    })}
                    <button type="submit" class="small danger" name="aktion" value="loeschen" formnovalidate>{t().photo_delete}</button>
                </div>
            </form>
        </li>
    }
}
