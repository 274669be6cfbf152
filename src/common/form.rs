//! Form pieces every feature's forms share: field inputs bound to a form
//! signal with their messages, and the redirect of signed-out visitors.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::site::{redirect_temporarily, use_site};
use crate::common::url_key;
use crate::error::AppError;
use crate::i18n::t;

/// (field, message) for every field that is wrong.
pub type FieldErrors = Vec<(&'static str, String)>;

/// Signed-out visitors go to the sign-in page and come back afterwards.
pub fn need_sign_in(e: &AppError, here: &str) -> bool {
    if *e == AppError::Unauthenticated {
        redirect_temporarily(&format!("/anmelden?zurueck={}", url_key::encode(here)));
        true
    } else {
        false
    }
}

/// Shows a field's message and marks the field invalid.
pub fn field_error(errors: RwSignal<FieldErrors>, field: &'static str) -> impl IntoView {
    move || {
        errors.read().iter().find(|(f, _)| *f == field).map(|(_, m)| view! { <p class="field-error" id=format!("e-{field}")>{m.clone()}</p> })
    }
}

pub fn invalid(errors: RwSignal<FieldErrors>, field: &'static str) -> impl Fn() -> Option<&'static str> + Copy {
    move || errors.read().iter().any(|(f, _)| *f == field).then_some("true")
}

/// A labelled text input bound to one field of a form signal.
pub fn text_field<F: Clone + Send + Sync + 'static>(
    form: RwSignal<F>,
    errors: RwSignal<FieldErrors>,
    field: &'static str,
    label: &'static str,
    get: fn(&F) -> &String,
    set: fn(&mut F, String),
) -> impl IntoView {
    let id = format!("p-{field}");
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" value=get(&form.read_untracked()).clone() prop:value=move || get(&form.read()).clone()
                aria-invalid=invalid(errors, field) aria-describedby=format!("e-{field}")
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
            {field_error(errors, field)}
        </div>
    }
}

/// A labelled textarea bound to one field of a form signal.
pub fn text_area<F: Clone + Send + Sync + 'static>(
    form: RwSignal<F>,
    errors: RwSignal<FieldErrors>,
    field: &'static str,
    label: &'static str,
    get: fn(&F) -> &String,
    set: fn(&mut F, String),
) -> impl IntoView {
    let id = format!("p-{field}");
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}</label>
            <textarea id=id rows="5" aria-invalid=invalid(errors, field) aria-describedby=format!("e-{field}")
                prop:value=move || get(&form.read()).clone()
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))>{get(&form.read_untracked()).clone()}</textarea>
            {field_error(errors, field)}
        </div>
    }
}

/// The Stadtteil select ("stadtteil" field) bound to a form signal.
pub fn stadtteil_select<F: Clone + Send + Sync + 'static>(
    form: RwSignal<F>,
    errors: RwSignal<FieldErrors>,
    get: fn(&F) -> &String,
    set: fn(&mut F, String),
) -> impl IntoView {
    let site = use_site();
    view! {
        <div class="form-field">
            <label for="p-stadtteil">{t().filter_stadtteil}</label>
            <select id="p-stadtteil" aria-invalid=invalid(errors, "stadtteil") aria-describedby="e-stadtteil"
                prop:value=move || get(&form.read()).clone()
                on:change=move |ev| form.update(|f| set(f, event_target_value(&ev)))>
                <option value="">"–"</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        let info = site.await.unwrap_or_default();
                        let current = get(&form.read_untracked()).clone();
                        info.districts.stadtteile.iter().cloned().map(|s| {
                            let sel = s.slug == current;
                            view! { <option value=s.slug.clone() selected=sel>{info.districts.stadtteil_label(s.id)}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            {field_error(errors, "stadtteil")}
        </div>
    }
}


/// A checkbox for one slug in a list field of the form (categories,
/// Stadtbezirke): checked while the list holds it.
pub fn slug_checkbox<F: Send + Sync + 'static>(
    form: RwSignal<F>,
    slug: String,
    label: String,
    list: fn(&F) -> &Vec<String>,
    list_mut: fn(&mut F) -> &mut Vec<String>,
) -> impl IntoView {
    let has = slug.clone();
    let value = slug.clone();
    view! {
        <label class="choice">
            <input type="checkbox" value=value
                prop:checked=move || form.with(|f| list(f).contains(&has))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let s = slug.clone();
                    form.update(|f| {
                        let l = list_mut(f);
                        l.retain(|x| *x != s);
                        if on { l.push(s) }
                    });
                }/>
            {label}
        </label>
    }
}

/// One checkbox per Stadtbezirk for a list field of slugs.
pub fn bezirk_checkboxes<F: Send + Sync + 'static>(form: RwSignal<F>, list: fn(&F) -> &Vec<String>, list_mut: fn(&mut F) -> &mut Vec<String>) -> impl IntoView {
    let site = use_site();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let info = site.await.unwrap_or_default();
                info.districts.bezirke.iter().cloned().map(|b| slug_checkbox(form, b.slug, b.name, list, list_mut)).collect_view()
            })}
        </Suspense>
    }
}

// Plain (server-rendered) forms: what a refused post sent back.

/// A query parameter, or a field a refused post kept (`common::flash`).
pub fn query(name: &str) -> String {
    crate::common::flash::kept(name).or_else(|| use_query_map().read_untracked().get(name)).unwrap_or_default()
}

/// `aria-describedby` of an input: its hint and its error, if any.
pub fn described(hint: Option<&str>, err: &Option<(String, String)>) -> Option<String> {
    let ids: Vec<String> = hint.map(str::to_owned).into_iter().chain(err.as_ref().map(|(id, _)| id.clone())).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The message under an input, with the id `described` points to.
pub fn error_view(err: Option<(String, String)>) -> impl IntoView {
    err.map(|(id, msg)| view! { <p class="field-error" id=id>{msg}</p> })
}
