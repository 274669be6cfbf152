//! The provider dashboard's pages: my providers, creating a provider
//! profile, and one provider's offers with their life-cycle buttons.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{load_dashboard, my_providers, CreateProvider};
use super::domain::Dashboard;
use crate::common::error_view::ErrorView;
use crate::common::form::{need_sign_in, FieldErrors};
use crate::common::site::{go_to, provide_site_info, use_site};
use crate::common::url_key;
use crate::error::AppError;
use crate::i18n::t;
use crate::providers::draft::ProviderForm;
use crate::providers::form::{provider_field, provider_form_ok, ProviderFields};

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
    crate::common::hydration::island_ready();
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
        <p><a href=super::profile::profile_path(pid)>{t().profile_title}</a>" · "<a href=format!("/dashboard/{pid}/bewertungen")>{t().dash_reviews_title}</a>" · "<a href=format!("/dashboard/{pid}/kundencodes")>{t().codes_title}</a>" · "<crate::contact::components::InboxLink pid/>" · "<a href=crate::quotes::board_path(pid)>{t().quote_board_title}</a>" · "<a href=super::openimmo::openimmo_path(pid)>{t().oi_title}</a>" · "<a href=format!("/dashboard/{pid}/projekte")>{t().dash_projects}</a></p>
        <super::offers_table::OffersTable pid offers=data.offers/>
        <crate::photos::components::PhotoManager provider_id=pid/>
        <crate::members::components::MembersSection provider_id=pid/>
    }
}
