//! The project page (`/projekte/:key`): the project, what its units span,
//! and the units as result cards; and the dashboard page where a provider's
//! people see their projects and create one.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{load_project, my_projects, CreateProject};
use super::domain::{ProjectForm, Range, UnitSummary};
use crate::common::site::{go_to, provide_site_info, use_site};
use crate::common::error_view::ErrorView;
use crate::common::url_key;
use crate::common::form::{need_sign_in, stadtteil_select, text_area, text_field};
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::offers::components::OfferCardView;
use crate::offers::draft::FieldErrors;

fn day(d: chrono::NaiveDate) -> String {
    i18n::date(&d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}

fn span(r: Range, show: impl Fn(i64) -> String) -> String {
    if r.min == r.max { show(r.min) } else { format!("{} – {}", show(r.min), show(r.max)) }
}

/// The facts list of a project's units.
fn summary_rows(s: UnitSummary) -> Vec<(&'static str, String)> {
    [
        Some((t().project_units, s.units.to_string())),
        s.price_cents.map(|r| (t().project_prices, span(r, i18n::euro))),
        s.rooms_tenths.map(|r| (t().housing_rooms, span(r, |v| i18n::rooms(v as i32)))),
        s.living_area_centi_m2.map(|r| (t().housing_living_area, span(r, |v| i18n::area_m2(v as i32)))),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[component]
pub fn ProjectPageView() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let data = Resource::new(key, |key| async move {
        match url_key::parse(&key) {
            Some((id, _)) => load_project(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="wrap">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(p) => {
                        let rows = summary_rows(p.summary);
                        let all_units = format!("/angebote?projekt={}", p.project.id);
                        view! {
                            <Title text=p.project.name.clone()/>
                            <article class="wrap project-page">
                                <header class="page-head">
                                    <p class="eyebrow">{t().project_badge}</p>
                                    <h1>{p.project.name.clone()}</h1>
                                    <p class="muted">{p.stadtteil.clone()}" · "<a href=p.provider_path.clone()>{p.provider_name.clone()}</a></p>
                                </header>
                                <div class="two-col">
                                    <section aria-labelledby="projekt-beschreibung">
                                        <h2 id="projekt-beschreibung">{t().offer_description}</h2>
                                        {crate::housing::expose::paragraphs(&p.description)}
                                    </section>
                                    <aside class="card" aria-labelledby="projekt-eckdaten">
                                        <h2 id="projekt-eckdaten">{t().offer_facts}</h2>
                                        <dl>
                                            {rows.into_iter().map(|(l, v)| view! { <dt>{l}</dt><dd>{v}</dd> }).collect_view()}
                                            {p.completion_date.map(|d| view! { <dt>{t().project_completion}</dt><dd>{day(d)}</dd> })}
                                        </dl>
                                    </aside>
                                </div>
                                <section aria-labelledby="einheiten">
                                    <h2 id="einheiten">{t().project_units_title}</h2>
                                    {if p.units.is_empty() {
                                        view! { <p>{t().project_no_units}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="card-grid">
                                                {p.units.into_iter().map(|card| view! { <li><OfferCardView card/></li> }).collect_view()}
                                            </ul>
                                            <p><a href=all_units>{t().project_units_in_search}</a></p>
                                        }.into_any()
                                    }}
                                </section>
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/dashboard/:pid/projekte`: the provider's projects and a form for a new one.
#[component]
pub fn DashboardProjectsPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok()).unwrap_or_default();
    let list = Resource::new(pid, my_projects);
    view! {
        <Title text=t().dash_projects/>
        <div class="wrap narrow">
            <h1>{t().dash_projects}</h1>
            <p><a href=move || format!("/dashboard/{}", pid())>{t().project_back_to_dashboard}</a></p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) if need_sign_in(&e, &format!("/dashboard/{}/projekte", pid())) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(projects) if projects.is_empty() => view! { <p>{t().project_none_yet}</p> }.into_any(),
                        Ok(projects) => view! {
                            <ul class="project-list">
                                {projects.into_iter().map(|p| view! { <li><a href=p.path()>{p.name.clone()}</a></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <NewProjectForm pid=pid()/>
        </div>
    }
}

/// Checked as the provider types; a created project shows in the list
/// above once the page is loaded anew.
#[island(lazy)]
fn NewProjectForm(pid: i32) -> impl IntoView {
    crate::common::hydration::island_ready();
    provide_site_info();
    let site = use_site();
    let create = ServerAction::<CreateProject>::new();
    let form = RwSignal::new(ProjectForm::default());
    let errors = RwSignal::new(FieldErrors::new());
    let check = move || {
        let info = site.get().and_then(Result::ok).unwrap_or_default();
        super::domain::ProjectDraft::parse(&form.get_untracked(), &info.districts)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check() {
            Err(e) => errors.set(e),
            Ok(_) => {
                errors.set(vec![]);
                create.dispatch(CreateProject { provider_id: pid, form: form.get_untracked() });
            }
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            go_to(&format!("/dashboard/{pid}/projekte"));
        }
    });
    let server_error = move || match create.value().get() {
        Some(Err(AppError::Invalid { field, message })) => Some(format!("{field}: {message}")),
        Some(Err(e)) => Some(e.user_message()),
        _ => None,
    };
    view! {
        <h2>{t().project_new}</h2>
        {move || server_error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        <form class="account-form" on:submit=submit novalidate>
            {text_field(form, errors, "name", t().project_name, |f| &f.name, |f, v| f.name = v)}
            {text_area(form, errors, "description", t().offer_description, |f| &f.description, |f, v| f.description = v)}
            {stadtteil_select(form, errors, |f| &f.stadtteil, |f, v| f.stadtteil = v)}
            {text_field(form, errors, "completion", t().project_completion, |f| &f.completion, |f, v| f.completion = v)}
            <p class="hint">{t().project_completion_hint}</p>
            <button type="submit" class="button primary" disabled=move || create.pending().get()>{t().project_create}</button>
        </form>
    }
}
