//! The offer editor: the same rules check every field as the provider types
//! (instant messages) and on the server when saving. A save based on an old
//! version comes back with what is saved now; the provider's entries stay in
//! the form and can be applied on top with one click.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{offer_for_edit, SaveOffer};
use crate::common::form::{bezirk_checkboxes, field_error, invalid, need_sign_in, stadtteil_select, text_area, text_field};
use crate::common::site::{go_to, provide_site_info, use_site};
use crate::common::error_view::ErrorView;
use crate::error::{AppError, FieldChange};
use crate::i18n::t;
use crate::offers::domain::PriceModel;
use crate::offers::draft::{is_housing, FieldErrors, OfferDraft, OfferForm, ENERGY_CLASSES};

#[component]
pub fn OfferEditorPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok()).unwrap_or_default();
    let oid = move || params.read().get("oid").and_then(|p| p.parse::<i32>().ok());
    let start = Resource::new(
        move || (pid(), oid()),
        |(pid, oid)| async move {
            match oid {
                Some(oid) => offer_for_edit(pid, oid).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=t().editor_page_title/>
        <div class="wrap narrow">
            <h1>{move || if oid().is_some() { t().editor_page_title } else { t().dash_new_offer }}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match start.await {
                        Err(e) if need_sign_in(&e, &format!("/dashboard/{}", pid())) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(found) => {
                            let (form, version) = found.unwrap_or_else(|| (OfferForm { price_model: "fixed".into(), city_wide: true, ..Default::default() }, 0));
                            view! {
                                <Editor pid=pid() oid=oid() form version/>
                                {match oid() {
                                    Some(o) => view! { <crate::photos::components::PhotoManager provider_id=pid() offer_id=o/> }.into_any(),
                                    None => view! { <p class="hint">{t().photo_save_offer_first}</p> }.into_any(),
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The form checks as the provider types: an island, with the rules'
/// reference data (categories, districts) loaded along with it.
#[island(lazy)]
fn Editor(pid: i32, oid: Option<i32>, form: OfferForm, version: i32) -> impl IntoView {
    crate::common::hydration::island_ready();
    provide_site_info();
    let site = use_site();
    // What the editor started from, for a three-way merge after a conflict.
    let base = RwSignal::new(form.clone());
    let form = RwSignal::new(form);
    let version = RwSignal::new(version);
    let errors = RwSignal::new(FieldErrors::new());
    let save = ServerAction::<SaveOffer>::new();
    let check = move || {
        let info = site.get().and_then(Result::ok).unwrap_or_default();
        OfferDraft::parse(&form.get_untracked(), &info.categories, &info.districts)
    };
    // Once a field was checked, keep its message current while typing.
    Effect::new(move |_| {
        form.track();
        if !errors.read_untracked().is_empty() {
            errors.set(check().err().unwrap_or_default());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok((_, _))) = save.value().get() {
            go_to(&format!("/dashboard/{pid}"));
        }
    });
    let conflict = move || match save.value().get() {
        Some(Err(AppError::Conflict { current_version, changes })) => Some((current_version, changes)),
        _ => None,
    };
    let other_error = move || match save.value().get() {
        Some(Err(AppError::Invalid { field, message })) => Some(format!("{field}: {message}")),
        Some(Err(AppError::Conflict { .. })) | None | Some(Ok(_)) => None,
        Some(Err(e)) => {
            need_sign_in(&e, &format!("/dashboard/{pid}"));
            Some(e.user_message())
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check() {
            Err(e) => errors.set(e),
            Ok(_) => {
                errors.set(vec![]);
                save.dispatch(SaveOffer { provider_id: pid, offer_id: oid, version: version.get_untracked(), form: form.get_untracked() });
            }
        }
    };
    let housing = move || {
        let info = site.get().and_then(Result::ok).unwrap_or_default();
        is_housing(&info.categories, &form.read().category)
    };
    view! {
        {move || other_error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {move || conflict().map(|(current, changes)| view! {
            <ConflictNote changes on_reapply=move || {
                let Some(id) = oid else { return };
                leptos::task::spawn_local(async move {
                    // Start again from what is saved now, with this provider's own changes on top.
                    let (theirs, now) = match offer_for_edit(pid, id).await {
                        Ok(found) => found,
                        Err(_) => (form.get_untracked(), current),
                    };
                    let merged = OfferForm::merge(&base.get_untracked(), &form.get_untracked(), &theirs);
                    base.set(theirs);
                    form.set(merged.clone());
                    version.set(now);
                    save.dispatch(SaveOffer { provider_id: pid, offer_id: oid, version: now, form: merged });
                });
            }/>
        })}
        <form class="account-form" on:submit=submit novalidate>
            {text_field(form, errors, "title", t().editor_title, |f| &f.title, |f, v| f.title = v)}
            {text_area(form, errors, "description", t().offer_description, |f| &f.description, |f, v| f.description = v)}
            <CategorySelect form errors/>
            <div class="form-field">
                <label for="p-price_model">{t().editor_price_model}</label>
                <select id="p-price_model" prop:value=move || form.read().price_model.clone()
                    on:change=move |ev| form.update(|f| f.price_model = event_target_value(&ev))>
                    {[(PriceModel::Fixed, t().editor_pm_fixed), (PriceModel::From, t().editor_pm_from), (PriceModel::PerMonth, t().editor_pm_month),
                      (PriceModel::PerHour, t().editor_pm_hour), (PriceModel::OnRequest, t().price_on_request)]
                        .into_iter()
                        .map(|(m, l)| view! { <option value=m.as_str()>{l}</option> })
                        .collect_view()}
                </select>
                {field_error(errors, "price_model")}
            </div>
            {text_field(form, errors, "price", t().editor_price, |f| &f.price, |f, v| f.price = v)}
            <AreaChoice form errors/>
            // Its own Suspense: reading the reference data here must not make
            // the page's Suspense wait for (and re-create) this island.
            <Suspense>
                <Show when=housing>
                    <HousingFields form errors/>
                    <super::editor_details::ProjectSelect pid form errors/>
                    <super::editor_details::DetailsFields form errors/>
                </Show>
            </Suspense>
            <button type="submit" class="button primary" disabled=move || save.pending().get()>{t().editor_save}</button>
        </form>
    }
}

/// Someone saved in between: what is saved now next to the provider's entries.
#[component]
fn ConflictNote(changes: Vec<FieldChange>, on_reapply: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="form-error conflict" role="alert">
            <p>{t().error_conflict}</p>
            {(!changes.is_empty()).then(|| view! {
                <table>
                    <thead><tr><th scope="col">{t().conflict_field}</th><th scope="col">{t().conflict_saved}</th><th scope="col">{t().conflict_yours}</th></tr></thead>
                    <tbody>
                        {changes.into_iter().map(|c| view! { <tr><th scope="row">{c.field}</th><td>{c.saved}</td><td>{c.yours}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            })}
            <button type="button" class="button" on:click=move |_| on_reapply()>{t().conflict_reapply}</button>
        </div>
    }
}

#[component]
fn CategorySelect(form: RwSignal<OfferForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let site = use_site();
    view! {
        <div class="form-field">
            <label for="p-category">{t().offer_category}</label>
            <select id="p-category" aria-invalid=invalid(errors, "category") aria-describedby="e-category"
                prop:value=move || form.read().category.clone()
                on:change=move |ev| form.update(|f| f.category = event_target_value(&ev))>
                <option value="">"–"</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        let info = site.await.unwrap_or_default();
                        let current = form.get_untracked().category;
                        info.categories.all.iter().filter(|c| c.parent_id.is_some()).cloned().map(|c| {
                            let sel = c.slug == current;
                            view! { <option value=c.slug.clone() selected=sel>{info.categories.path_name(c.id)}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            {field_error(errors, "category")}
        </div>
    }
}

#[component]
fn AreaChoice(form: RwSignal<OfferForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! {
        <fieldset class="form-field">
            <legend>{t().offer_service_area}</legend>
            <label class="choice">
                <input type="checkbox" prop:checked=move || form.read().city_wide
                    on:change=move |ev| form.update(|f| f.city_wide = event_target_checked(&ev))/>
                {t().offer_whole_city}
            </label>
            <Show when=move || !form.read().city_wide>
                {bezirk_checkboxes(form, |f| &f.bezirke, |f| &mut f.bezirke)}
            </Show>
            {field_error(errors, "bezirke")}
        </fieldset>
    }
}

#[component]
fn HousingFields(form: RwSignal<OfferForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! {
        <fieldset class="form-field">
            <legend>{t().offer_facts}</legend>
            <div class="form-field">
                <label for="p-housing_kind">{t().filter_housing_kind}</label>
                <select id="p-housing_kind" prop:value=move || form.read().housing_kind.clone()
                    on:change=move |ev| form.update(|f| f.housing_kind = event_target_value(&ev))>
                    <option value="">"–"</option>
                    <option value="buy">{t().housing_buy}</option>
                    <option value="rent">{t().housing_rent}</option>
                </select>
                {field_error(errors, "housing_kind")}
            </div>
            {stadtteil_select(form, errors, |f| &f.stadtteil, |f, v| f.stadtteil = v)}
            {text_field(form, errors, "rooms", t().housing_rooms, |f| &f.rooms, |f, v| f.rooms = v)}
            {text_field(form, errors, "living_area", t().editor_living_area, |f| &f.living_area, |f, v| f.living_area = v)}
            {text_field(form, errors, "plot_area", t().editor_plot_area, |f| &f.plot_area, |f, v| f.plot_area = v)}
            <div class="form-field">
                <label for="p-energy_class">{t().housing_energy_class}</label>
                <select id="p-energy_class" prop:value=move || form.read().energy_class.clone()
                    on:change=move |ev| form.update(|f| f.energy_class = event_target_value(&ev))>
                    <option value="">"–"</option>
                    {ENERGY_CLASSES.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                </select>
                {field_error(errors, "energy_class")}
            </div>
        </fieldset>
    }
}
