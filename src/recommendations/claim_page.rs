//! "Das ist mein Unternehmen": the claim of a recommended firm that is not
//! on the platform, and the moderators' queue of claims.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{unlisted_firm, ClaimFirm, DecideClaim};
use crate::common::site::{provide_site_info, use_site};
use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::providers::form::{provider_field, provider_form_ok, ProviderFields};
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::offers::draft::FieldErrors;
use crate::providers::draft::ProviderForm;
use crate::common::ui::DataTable;

/// `/empfehlungen/firma/:id/beanspruchen`: "Das ist mein Unternehmen".
#[component]
pub fn ClaimPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|p| p.parse::<i32>().ok()).unwrap_or_default();
    let firm = Resource::new(id, unlisted_firm);
    view! {
        <Title text=t().claim_title/>
        <div class="wrap narrow">
            <h1>{t().claim_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match firm.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(f) if f.claimed_provider_id.is_some() => view! { <p>{t().claim_error_done}</p> }.into_any(),
                        Ok(f) => view! {
                            <p><bdi>{f.name.clone()}</bdi>", "<bdi>{f.town.clone()}</bdi>" "<span class="badge warn">{t().rec_unlisted_badge}</span></p>
                            <p>{t().claim_intro}</p>
                            <ClaimForm id=f.id name=f.name town=f.town website=f.website.unwrap_or_default()/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[island(lazy)]
fn ClaimForm(id: i32, name: String, town: String, website: String) -> impl IntoView {
    crate::common::hydration::island_ready();
    provide_site_info();
    let site = use_site();
    let form = RwSignal::new(ProviderForm::for_firm(name, &town, website));
    let errors = RwSignal::new(FieldErrors::new());
    let claim = ServerAction::<ClaimFirm>::new();
    let here = format!("/empfehlungen/firma/{id}/beanspruchen");
    let outcome = move || match claim.value().get() {
        Some(Ok(_)) => Some(view! { <p class="form-note" role="status">{t().claim_sent}</p> }.into_any()),
        Some(Err(AppError::Invalid { field, message })) if field != "account" && field != "claim" => {
            errors.set(vec![(provider_field(&field), message)]);
            None
        }
        Some(Err(e)) => {
            need_sign_in(&e, &here);
            Some(view! { <p class="form-error" role="alert">{e.user_message()}</p> }.into_any())
        }
        None => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if provider_form_ok(site, form, errors) {
            claim.dispatch(ClaimFirm { unlisted_id: id, form: form.get_untracked() });
        }
    };
    view! {
        {outcome}
        <form class="account-form" on:submit=submit novalidate>
            <ProviderFields form errors/>
            <button type="submit" class="button primary" disabled=move || claim.pending().get()>{t().claim_submit}</button>
        </form>
    }
}

/// The moderators' queue of claims, a section of `/moderation`.
#[island(lazy)]
pub fn ClaimQueue() -> impl IntoView {
    crate::common::hydration::island_ready();
    let decide = ServerAction::<DecideClaim>::new();
    let claims = Resource::new(move || decide.version().get(), |_| super::api::pending_claims());
    view! {
        <section aria-labelledby="anspruch">
            <h2 id="anspruch">{t().claim_queue_title}</h2>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match claims.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t().claim_queue_none}</p> }.into_any(),
                        Ok(list) => view! {
                            <DataTable caption=t().claim_queue_title columns=vec![t().rec_unlisted_badge, t().claim_claimant, t().provider_form_name, t().dash_actions]>
                                    {list.into_iter().map(|c| {
                                        let id = c.id;
                                        let yes = format!("{}: {}", t().claim_approve, c.unlisted_name);
                                        let no = format!("{}: {}", t().claim_reject, c.unlisted_name);
                                        view! {
                                            <tr>
                                                <td><bdi>{c.unlisted_name.clone()}</bdi>", "<bdi>{c.unlisted_town}</bdi></td>
                                                <td><bdi>{c.claimant}</bdi>" · "<time datetime=c.created_at.to_rfc3339()>{i18n::date(&c.created_at)}</time></td>
                                                <td><bdi>{c.provider_name}</bdi></td>
                                                <td>
                                                    <button type="button" class="small" aria-label=yes on:click=move |_| { decide.dispatch(DecideClaim { claim_id: id, approve: true }); }>{t().claim_approve}</button>" "
                                                    <button type="button" class="small" aria-label=no on:click=move |_| { decide.dispatch(DecideClaim { claim_id: id, approve: false }); }>{t().claim_reject}</button>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </DataTable>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
