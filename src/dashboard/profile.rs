//! "Profil bearbeiten": a member edits the provider's profile (name,
//! description, contact, opening hours, served Stadtbezirke, ownership
//! declaration). The write goes through `providers::door::update`; open
//! provider pages follow through the change log.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{provider_for_edit, SaveProvider};
use crate::common::error_view::ErrorView;
use crate::common::form::{need_sign_in, FieldErrors};
use crate::common::site::{provide_site_info, use_site};
use crate::error::AppError;
use crate::i18n::t;
use crate::providers::draft::ProviderForm;
use crate::providers::form::{provider_field, provider_form_ok, ProviderFields};

pub fn profile_path(pid: i32) -> String {
    format!("/dashboard/{pid}/profil")
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok()).unwrap_or_default();
    let data = Resource::new(pid, provider_for_edit);
    view! {
        <Title text=t().profile_title/>
        <div class="wrap narrow">
            <h1>{t().profile_title}</h1>
            <p>{t().profile_intro}</p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let pid = pid();
                    match data.await {
                        Err(e) if need_sign_in(&e, &profile_path(pid)) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok((form, version)) => view! {
                            <p><a href=format!("/dashboard/{pid}")>{t().dash_title}</a></p>
                            <ProfileForm pid initial=form version/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[island(lazy)]
fn ProfileForm(pid: i32, initial: ProviderForm, version: i32) -> impl IntoView {
    crate::common::hydration::island_ready();
    provide_site_info();
    let site = use_site();
    let form = RwSignal::new(initial);
    let version = RwSignal::new(version);
    let errors = RwSignal::new(FieldErrors::new());
    let save = ServerAction::<SaveProvider>::new();
    // The next save starts from the version this one made.
    Effect::new(move |_| {
        if let Some(Ok((v, _))) = save.value().get() {
            version.set(v);
        }
    });
    let outcome = move || match save.value().get() {
        Some(Ok((_, withdrawn))) => {
            Some(view! { <p class="form-ok" role="status">{if withdrawn { t().profile_unverified } else { t().profile_saved }}</p> }.into_any())
        }
        Some(Err(AppError::Conflict { current_version, .. })) => {
            // Saving again overwrites knowingly, as the note says.
            version.set(current_version);
            Some(view! { <p class="form-error" role="alert">{t().profile_conflict}</p> }.into_any())
        }
        Some(Err(AppError::Invalid { field, message })) if field != "account" => {
            errors.set(vec![(provider_field(&field), message)]);
            None
        }
        Some(Err(e)) => {
            need_sign_in(&e, &profile_path(pid));
            Some(view! { <p class="form-error" role="alert">{e.user_message()}</p> }.into_any())
        }
        None => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if provider_form_ok(site, form, errors) {
            save.dispatch(SaveProvider { provider_id: pid, version: version.get_untracked(), form: form.get_untracked() });
        }
    };
    view! {
        <form class="account-form" on:submit=submit novalidate>
            <ProviderFields form errors/>
            {outcome}
            <button type="submit" class="button primary" disabled=move || save.pending().get()>{t().profile_submit}</button>
        </form>
    }
}
