//! The offer editor's exposé fields for housing: costs (those of a rental
//! or of a purchase), building and energy, and the further text sections.
//! Checked by `housing::details::DetailsForm::parse` like every other field.
use leptos::prelude::*;

use crate::common::form::{field_error, invalid, text_area, text_field};
use crate::housing::details::{Condition, EnergyCertificate, EnergySource, HeatingType};
use crate::i18n::t;
use crate::offers::draft::{FieldErrors, OfferForm};

type Get = fn(&OfferForm) -> &String;
type Put = fn(&mut OfferForm, String);

/// A select of codes with their labels, "–" for none.
fn code_select(
    form: RwSignal<OfferForm>,
    errors: RwSignal<FieldErrors>,
    field: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    get: Get,
    put: Put,
) -> impl IntoView {
    let id = format!("p-{field}");
    let current = get(&form.read_untracked()).clone();
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}</label>
            <select id=id aria-invalid=invalid(errors, field) aria-describedby=format!("e-{field}")
                prop:value=move || get(&form.read()).clone()
                on:change=move |ev| form.update(|f| put(f, event_target_value(&ev)))>
                <option value="">"–"</option>
                {options.into_iter().map(|(code, name)| view! { <option value=code selected={code == current}>{name}</option> }).collect_view()}
            </select>
            {field_error(errors, field)}
        </div>
    }
}

/// A hint below the field before it.
fn hint(text: &'static str) -> impl IntoView {
    view! { <p class="hint">{text}</p> }
}

/// Which of the provider's new-build projects the offer is a unit of.
#[component]
pub fn ProjectSelect(pid: i32, form: RwSignal<OfferForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let projects = Resource::new(move || pid, crate::projects::api::my_projects);
    view! {
        <div class="form-field">
            <label for="p-project">{t().editor_project}</label>
            <select id="p-project" aria-invalid=invalid(errors, "project") aria-describedby="e-project"
                prop:value=move || form.read().project.clone()
                on:change=move |ev| form.update(|f| f.project = event_target_value(&ev))>
                <option value="">{t().editor_project_none}</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        let current = form.get_untracked().project;
                        projects.await.unwrap_or_default().into_iter().map(|p| {
                            let id = p.id.to_string();
                            let selected = id == current;
                            view! { <option value=id selected=selected>{p.name}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
            {field_error(errors, "project")}
        </div>
    }
}

#[component]
pub fn DetailsFields(form: RwSignal<OfferForm>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let rent = move || form.read().housing_kind == "rent";
    let buy = move || form.read().housing_kind == "buy";
    let conditions: Vec<_> = Condition::ALL.iter().map(|c| (c.code(), c.label())).collect();
    let heating: Vec<_> = HeatingType::ALL.iter().map(|c| (c.code(), c.label())).collect();
    let sources: Vec<_> = EnergySource::ALL.iter().map(|c| (c.code(), c.label())).collect();
    let certificates: Vec<_> = EnergyCertificate::ALL.iter().map(|c| (c.code(), c.label())).collect();
    view! {
        <fieldset class="form-field">
            <legend>{t().editor_details_costs}</legend>
            <Show when=rent>
                {text_field(form, errors, "warm_rent", t().expose_warm_rent, |f| &f.details.warm_rent, |f, v| f.details.warm_rent = v)}
                {text_field(form, errors, "service_charge", t().expose_service_charge, |f| &f.details.service_charge, |f, v| f.details.service_charge = v)}
                {text_field(form, errors, "heating_costs", t().expose_heating_costs, |f| &f.details.heating_costs, |f, v| f.details.heating_costs = v)}
                <label class="choice">
                    <input type="checkbox" checked=form.read_untracked().details.heating_in_service_charge
                        prop:checked=move || form.read().details.heating_in_service_charge
                        on:change=move |ev| form.update(|f| f.details.heating_in_service_charge = event_target_checked(&ev))/>
                    {t().expose_heating_costs}" "{t().expose_heating_included}
                </label>
                {text_field(form, errors, "deposit", t().expose_deposit, |f| &f.details.deposit, |f, v| f.details.deposit = v)}
            </Show>
            <Show when=buy>
                {text_field(form, errors, "hausgeld", t().expose_hausgeld, |f| &f.details.hausgeld, |f, v| f.details.hausgeld = v)}
            </Show>
            {hint(t().expose_money_hint)}
            {text_field(form, errors, "commission", t().expose_commission, |f| &f.details.commission, |f, v| f.details.commission = v)}
            {hint(t().expose_commission_hint)}
        </fieldset>
        <fieldset class="form-field">
            <legend>{t().editor_details_building}</legend>
            {text_field(form, errors, "floor", t().expose_floor, |f| &f.details.floor, |f, v| f.details.floor = v)}
            {text_field(form, errors, "floors_total", t().expose_floors_total, |f| &f.details.floors_total, |f, v| f.details.floors_total = v)}
            {text_field(form, errors, "year_built", t().expose_year_built, |f| &f.details.year_built, |f, v| f.details.year_built = v)}
            {code_select(form, errors, "condition", t().expose_condition, conditions, |f| &f.details.condition, |f, v| f.details.condition = v)}
            {code_select(form, errors, "heating_type", t().expose_heating_type, heating, |f| &f.details.heating_type, |f, v| f.details.heating_type = v)}
            {code_select(form, errors, "energy_source", t().expose_energy_source, sources, |f| &f.details.energy_source, |f, v| f.details.energy_source = v)}
            {code_select(form, errors, "energy_certificate", t().expose_energy_certificate, certificates, |f| &f.details.energy_certificate, |f, v| f.details.energy_certificate = v)}
            {text_field(form, errors, "energy_value", t().expose_energy_value, |f| &f.details.energy_value, |f, v| f.details.energy_value = v)}
            {text_field(form, errors, "available_from", t().expose_available_from, |f| &f.details.available_from, |f, v| f.details.available_from = v)}
            {hint(t().expose_available_hint)}
        </fieldset>
        <fieldset class="form-field">
            <legend>{t().editor_details_texts}</legend>
            {text_area(form, errors, "location_text", t().expose_section_location, |f| &f.details.location_text, |f, v| f.details.location_text = v)}
            {text_area(form, errors, "features_text", t().expose_section_features, |f| &f.details.features_text, |f, v| f.details.features_text = v)}
            {text_area(form, errors, "other_text", t().expose_section_other, |f| &f.details.other_text, |f, v| f.details.other_text = v)}
        </fieldset>
    }
}
