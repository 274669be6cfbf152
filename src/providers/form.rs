//! The provider profile's form: its fields and the browser-side check with
//! the server's rules. Shared by "Anbieter werden" (`dashboard`) and the
//! claim of a recommended firm that is not on the platform yet
//! (`recommendations`).
use leptos::prelude::*;

use super::domain::Ownership;
use super::draft::{ProviderDraft, ProviderForm, SEAT_OUTSIDE};
use crate::common::form::{bezirk_checkboxes, field_error, invalid, slug_checkbox, text_field, FieldErrors};
use crate::common::site::{use_site, SiteData};
use crate::error::AppError;
use crate::i18n::t;

/// Checks the provider form in the browser with the server's rules; marks
/// the fields and answers false when something is wrong.
pub fn provider_form_ok(site: OnceResource<Result<SiteData, AppError>>, form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> bool {
    let info = site.get().and_then(Result::ok).unwrap_or_default();
    match ProviderDraft::parse(&form.get_untracked(), &info.categories, &info.districts) {
        Err(e) => {
            errors.set(e);
            false
        }
        Ok(_) => {
            errors.set(vec![]);
            true
        }
    }
}

/// The form field a server-side `AppError::Invalid` of the provider form names.
pub fn provider_field(field: &str) -> &'static str {
    [
        "name", "description", "street", "postal_code", "stadtteil", "town", "categories", "phone", "email", "website", "ownership", "owner_name",
        "ownership_share", "opening_hours", "bezirke",
    ]
        .into_iter()
        .find(|x| *x == field)
        .unwrap_or("name")
}

/// The provider profile's fields, shared by "Anbieter werden" and the claim
/// of a recommended firm that is not on the platform yet.
#[component]
pub fn ProviderFields(form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! {
        {text_field(form, errors, "name", t().provider_form_name, |f| &f.name, |f, v| f.name = v)}
        <div class="form-field">
            <label for="p-description">{t().offer_description}</label>
            <textarea id="p-description" rows="4" prop:value=move || form.read().description.clone()
                on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))></textarea>
            {field_error(errors, "description")}
        </div>
        {text_field(form, errors, "street", t().provider_form_street, |f| &f.street, |f, v| f.street = v)}
        {text_field(form, errors, "postal_code", t().provider_form_postal_code, |f| &f.postal_code, |f, v| f.postal_code = v)}
        <SeatChoice form errors/>
        <CategoryChoice form errors/>
        {text_field(form, errors, "phone", t().provider_phone, |f| &f.phone, |f, v| f.phone = v)}
        {text_field(form, errors, "email", t().provider_email, |f| &f.email, |f, v| f.email = v)}
        {text_field(form, errors, "website", t().provider_website, |f| &f.website, |f, v| f.website = v)}
        <fieldset class="form-field">
            <legend>{t().provider_form_ownership}</legend>
            <p class="hint">{t().provider_form_ownership_hint}</p>
            {Ownership::ALL.into_iter().map(|o| view! {
                <label class="choice">
                    <input type="radio" name="ownership" value=o.as_str()
                        prop:checked=move || form.read().ownership == o.as_str()
                        on:change=move |_| form.update(|f| f.ownership = o.as_str().to_owned())/>
                    {o.label()}
                </label>
            }).collect_view()}
            {field_error(errors, "ownership")}
        </fieldset>
        {text_field(form, errors, "owner_name", t().provider_form_owner, |f| &f.owner_name, |f, v| f.owner_name = v)}
        {text_field(form, errors, "ownership_share", t().provider_form_share, |f| &f.ownership_share, |f, v| f.ownership_share = v)}
        <div class="form-field">
            <label for="p-opening_hours">{t().provider_form_hours}</label>
            <p class="hint" id="p-opening_hours-hint">{t().provider_form_hours_hint}</p>
            <textarea id="p-opening_hours" rows="3" aria-describedby="p-opening_hours-hint" aria-invalid=invalid(errors, "opening_hours")
                prop:value=move || form.read().opening_hours.clone()
                on:input=move |ev| form.update(|f| f.opening_hours = event_target_value(&ev))></textarea>
            {field_error(errors, "opening_hours")}
        </div>
        <BezirkChoice form errors/>
    }
}

/// The Stadtbezirke served; none chosen means the whole city.
#[component]
fn BezirkChoice(form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! {
        <fieldset class="form-field">
            <legend>{t().provider_form_served}</legend>
            <p class="hint">{t().provider_form_served_hint}</p>
            {bezirk_checkboxes(form, |f| &f.bezirke, |f| &mut f.bezirke)}
            {field_error(errors, "bezirke")}
        </fieldset>
    }
}

/// In Duisburg (then its Stadtteil), or outside it (then its town): firms
/// based elsewhere serve the city too.
#[component]
fn SeatChoice(form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let outside = move || form.read().seat == SEAT_OUTSIDE;
    let choice = move |value: &'static str, label: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="seat" value=value
                    prop:checked=move || (form.read().seat == SEAT_OUTSIDE) == (value == SEAT_OUTSIDE)
                    on:change=move |_| form.update(|f| f.seat = value.to_owned())/>
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="form-field">
            <legend>{t().provider_form_seat}</legend>
            {choice("", t().provider_form_seat_duisburg)}
            {choice(SEAT_OUTSIDE, t().provider_form_seat_outside)}
        </fieldset>
        <Show when=outside fallback=move || view! { <StadtteilChoice form errors/> }>
            {text_field(form, errors, "town", t().provider_form_town, |f| &f.town, |f, v| f.town = v)}
        </Show>
    }
}

#[component]
fn StadtteilChoice(form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let site = use_site();
    view! {
        <div class="form-field">
            <label for="p-stadtteil">{t().filter_stadtteil}</label>
            <select id="p-stadtteil" aria-invalid=invalid(errors, "stadtteil") on:change=move |ev| form.update(|f| f.stadtteil = event_target_value(&ev))>
                <option value="">"–"</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        let info = site.await.unwrap_or_default();
                        info.districts.bezirke.iter().map(|b| {
                            let list: Vec<_> = info.districts.stadtteile_of(b.id).cloned().collect();
                            view! {
                                <optgroup label=b.name.clone()>
                                    {list.into_iter().map(|s| {
                                        let chosen = form.read_untracked().stadtteil == s.slug;
                                        view! { <option value=s.slug.clone() selected=chosen>{s.name.clone()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            {field_error(errors, "stadtteil")}
        </div>
    }
}

#[component]
fn CategoryChoice(form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let site = use_site();
    view! {
        <fieldset class="form-field">
            <legend>{t().provider_form_categories}</legend>
            <Suspense>
                {move || Suspend::new(async move {
                    let info = site.await.unwrap_or_default();
                    info.categories.all.iter().filter(|c| c.parent_id.is_some()).cloned().map(|c| {
                        slug_checkbox(form, c.slug.clone(), c.label(), |f| &f.categories, |f| &mut f.categories)
                    }).collect_view()
                })}
            </Suspense>
            {field_error(errors, "categories")}
        </fieldset>
    }
}

