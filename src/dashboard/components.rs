//! The provider dashboard's pages: my providers, creating a provider
//! profile, and one provider's offers with their life-cycle buttons.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{load_dashboard, my_providers, CreateProvider};
use super::domain::Dashboard;
use crate::app::site::{go_to, provide_site_info, redirect_temporarily, use_site};
use crate::app::ErrorView;
use crate::common::url_key;
use crate::error::AppError;
use crate::i18n::t;
use crate::offers::draft::FieldErrors;
use crate::providers::domain::Ownership;
use crate::providers::draft::{ProviderDraft, ProviderForm};

/// Signed-out visitors go to the sign-in page and come back afterwards.
pub fn need_sign_in(e: &AppError, here: &str) -> bool {
    if *e == AppError::Unauthenticated {
        redirect_temporarily(&format!("/anmelden?zurueck={}", url_key::encode(here)));
        true
    } else {
        false
    }
}

#[component]
pub fn DashboardHome() -> impl IntoView {
    let providers = Resource::new(|| (), |_| my_providers());
    view! {
        <Title text=t().dash_title/>
        <div class="wrap">
            <h1>{t().dash_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match providers.await {
                        Err(e) if need_sign_in(&e, "/dashboard") => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t().dash_none}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="dash-providers">
                                {list.into_iter().map(|p| view! {
                                    <li><a href=format!("/dashboard/{}", p.id)>{p.name}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <p><a class="button primary" href="/anbieter-werden">{t().dash_create_provider}</a></p>
        </div>
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

#[component]
pub fn CreateProviderPage() -> impl IntoView {
    view! {
        <Title text=t().dash_create_provider/>
        <div class="wrap narrow">
            <h1>{t().dash_create_provider}</h1>
            <p>{t().dash_create_intro}</p>
            <CreateProviderForm/>
        </div>
    }
}

#[island(lazy)]
fn CreateProviderForm() -> impl IntoView {
    crate::app::hydration::island_ready();
    provide_site_info();
    let site = use_site();
    let form = RwSignal::new(ProviderForm { ownership: "private".into(), ..Default::default() });
    let errors = RwSignal::new(FieldErrors::new());
    let create = ServerAction::<CreateProvider>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            go_to(&format!("/dashboard/{id}"));
        }
    });
    let server_error = move || match create.value().get() {
        Some(Err(AppError::Invalid { field, message })) if field != "account" => {
            errors.set(vec![(provider_field(&field), message)]);
            None
        }
        Some(Err(e)) => {
            need_sign_in(&e, "/anbieter-werden");
            Some(view! { <p class="form-error" role="alert">{e.user_message()}</p> })
        }
        _ => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if provider_form_ok(site, form, errors) {
            create.dispatch(CreateProvider { form: form.get_untracked() });
        }
    };
    view! {
        {server_error}
        <form class="account-form" on:submit=submit novalidate>
            <ProviderFields form errors/>
            <button type="submit" class="button primary" disabled=move || create.pending().get()>{t().dash_create_submit}</button>
        </form>
    }
}

/// Checks the provider form in the browser with the server's rules; marks
/// the fields and answers false when something is wrong.
pub fn provider_form_ok(site: OnceResource<Result<crate::app::site::SiteData, AppError>>, form: RwSignal<ProviderForm>, errors: RwSignal<FieldErrors>) -> bool {
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
    ["name", "street", "postal_code", "stadtteil", "categories", "phone", "email", "website", "ownership", "owner_name", "ownership_share"]
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
        <StadtteilChoice form errors/>
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
                                    {list.into_iter().map(|s| view! { <option value=s.slug.clone()>{s.name.clone()}</option> }).collect_view()}
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
                        let slug = c.slug.clone();
                        let slug2 = c.slug.clone();
                        view! {
                            <label class="choice">
                                <input type="checkbox" value=c.slug.clone()
                                    prop:checked=move || form.read().categories.contains(&slug)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let s = slug2.clone();
                                        form.update(|f| {
                                            f.categories.retain(|x| *x != s);
                                            if on { f.categories.push(s) }
                                        });
                                    }/>
                                {c.label()}
                            </label>
                        }
                    }).collect_view()
                })}
            </Suspense>
            {field_error(errors, "categories")}
        </fieldset>
    }
}

#[component]
pub fn ProviderDashboard() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok()).unwrap_or_default();
    let data = Resource::new(pid, load_dashboard);
    view! {
        <Title text=t().dash_title/>
        <div class="wrap">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) if need_sign_in(&e, &format!("/dashboard/{}", pid())) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => view! { <DashboardView data=d/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn DashboardView(data: Dashboard) -> impl IntoView {
    let p = data.provider;
    let pid = p.id;
    view! {
        <h1>{p.name.clone()}</h1>
        <p>
            <a href=url_key::provider_path(p.id, &p.slug)>{t().dash_public_page}</a>
            " · "
            {if p.ownership_verified { t().ownership_verified } else { t().ownership_self_declared }}
        </p>
        <p><a class="button primary" href=format!("/dashboard/{pid}/neues-angebot")>{t().dash_new_offer}</a></p>
        <p><a href=format!("/dashboard/{pid}/bewertungen")>{t().dash_reviews_title}</a>" · "<a href=format!("/dashboard/{pid}/kundencodes")>{t().codes_title}</a>" · "<crate::contact::components::InboxLink pid/>" · "<a href=super::openimmo::openimmo_path(pid)>{t().oi_title}</a>" · "<a href=format!("/dashboard/{pid}/projekte")>{t().dash_projects}</a></p>
        <super::offers_table::OffersTable pid offers=data.offers/>
        <crate::photos::components::PhotoManager provider_id=pid/>
        <crate::members::components::MembersSection provider_id=pid/>
    }
}
