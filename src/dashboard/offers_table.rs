//! The dashboard's table of offers with their life-cycle buttons (publish,
//! unpublish, archive, duplicate, delete): an island, so a command applies
//! without leaving the page.
use leptos::prelude::*;

use super::api::{load_dashboard, RunOfferCommand as OfferCommandFn};
use super::domain::DashOffer;
use crate::offers::lifecycle::OfferCommand;
use crate::common::ui::DataTable;
use crate::i18n::{self, t};

/// The offers with their life-cycle buttons; after a command the table is
/// loaded anew.
#[island(lazy)]
pub fn OffersTable(pid: i32, offers: Vec<DashOffer>) -> impl IntoView {
    crate::common::hydration::island_ready();
    let command = ServerAction::<OfferCommandFn>::new();
    let offers = RwSignal::new(offers);
    Effect::watch(
        move || command.version().get(),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(d) = load_dashboard(pid).await {
                    offers.set(d.offers);
                }
            });
        },
        false,
    );
    let failed = move || match command.value().get() {
        Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{e.user_message()}</p> }),
        _ => None,
    };
    view! {
        {failed}
        {move || if offers.read().is_empty() {
            view! { <p>{t().provider_no_offers}</p> }.into_any()
        } else {
            view! {
                <DataTable caption=t().dash_offers columns=vec![t().editor_title, t().editor_status, t().offer_price, t().offer_updated, t().dash_actions]>
                    {offers.get().into_iter().map(|o| view! { <OfferRow pid offer=o command/> }).collect_view()}
                </DataTable>
            }.into_any()
        }}
    }
}

#[component]
fn OfferRow(pid: i32, offer: DashOffer, command: ServerAction<OfferCommandFn>) -> impl IntoView {
    let id = offer.id;
    let version = offer.version;
    let title = offer.title.clone();
    view! {
        <tr data-offer=id>
            <td><a href=format!("/dashboard/{pid}/angebote/{id}")>{offer.title.clone()}</a></td>
            <td><span class=format!("status status-{}", offer.status.as_str())>{offer.status.label()}</span></td>
            <td>{offer.price.label()}</td>
            <td><time datetime=offer.updated_at.to_rfc3339()>{i18n::date(&offer.updated_at)}</time></td>
            <td class="actions">
                {OfferCommand::available(offer.status).iter().map(|c| {
                    let c = *c;
                    let label = format!("{}: {}", c.label(), title);
                    view! {
                        <button type="button" class="small" aria-label=label
                            on:click=move |_| { command.dispatch(OfferCommandFn { provider_id: pid, offer_id: id, version, command: c }); }>
                            {c.label()}
                        </button>
                    }
                }).collect_view()}
            </td>
        </tr>
    }
}
