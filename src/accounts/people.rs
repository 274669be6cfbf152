//! `/admin/personen`: administrators find accounts by name or address,
//! grant and revoke moderator and administrator, and lock and unlock
//! accounts. Plain forms (post/redirect/get, `accounts::people_routes`);
//! every change goes through `accounts::roles` and is audited.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::domain::Role;
use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::common::paging::Paging;
use crate::common::ui::{DataTable, Pagination};
use crate::common::url_key::encode;
use crate::error::AppError;
use crate::i18n::{self, t};

pub const PAGE: &str = "/admin/personen";
pub const PER_PAGE: u64 = 50;

/// One row of the administrators' people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub verified: bool,
    pub locked: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleData {
    pub people: Vec<Person>,
    pub paging: Paging,
    /// The administrator looking, who cannot lock themselves.
    pub me: i32,
}

#[server(prefix = "/api", endpoint = "people")]
pub async fn people(q: Option<String>, seite: Option<String>) -> Result<PeopleData, AppError> {
    async move {
        let actor = crate::accounts::api::current().await?;
        crate::accounts::authz::check(actor.as_ref(), None, crate::accounts::authz::Action::ManagePeople)?;
        let st = crate::app::state::app_state()?;
        let page = crate::common::paging::parse_page(seite.as_deref())?;
        let q: String = q.unwrap_or_default().chars().take(100).collect();
        let (people, total) = super::roles::search(&st.db, &q, page, PER_PAGE).await?;
        Ok(PeopleData { people, paging: Paging::new(page, PER_PAGE, total), me: actor.map(|a| a.id).unwrap_or_default() })
    }
    .await
    .map_err(AppError::with_status)
}

/// The page's address after a change: the same search, with a note.
pub fn back_to(q: &str, note: &str) -> String {
    let q = q.trim();
    if q.is_empty() { format!("{PAGE}?{note}") } else { format!("{PAGE}?q={}&{note}", encode(q)) }
}

fn notice() -> Option<(&'static str, bool)> {
    let q = use_query_map().read_untracked();
    match (q.get("hinweis").as_deref(), q.get("fehler").as_deref()) {
        (_, Some("letzte-administration")) => Some((t().people_error_last_admin, true)),
        (_, Some("eigenes-konto")) => Some((t().people_error_own, true)),
        (_, Some("rolle")) => Some((t().people_error_role, true)),
        (_, Some("unbekannt")) => Some((t().people_error_unknown, true)),
        (Some("rolle"), _) => Some((t().people_role_saved, false)),
        (Some("gesperrt"), _) => Some((t().people_locked_note, false)),
        (Some("entsperrt"), _) => Some((t().people_unlocked_note, false)),
        _ => None,
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let data = Resource::new(move || (q(), query.read().get("seite")), |(q, seite)| people(Some(q), seite));
    view! {
        <Title text=t().people_title/>
        <div class="wrap">
            <h1>{t().people_title}</h1>
            <p>{t().people_intro}</p>
            {notice().map(|(n, bad)| if bad {
                view! { <p class="form-error" role="alert">{n}</p> }.into_any()
            } else {
                view! { <p class="notice" role="status">{n}</p> }.into_any()
            })}
            <form method="get" action=PAGE class="inline-search" role="search">
                <label for="people-q">{t().people_search}</label>
                <input id="people-q" type="search" name="q" maxlength="100" value=q()/>
                <button type="submit" class="button">{t().search_button}</button>
            </form>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) if need_sign_in(&e, PAGE) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) if d.people.is_empty() => view! { <p>{t().people_none}</p> }.into_any(),
                        Ok(d) => view! { <PeopleTable data=d q=q()/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn PeopleTable(data: PeopleData, q: String) -> impl IntoView {
    let me = data.me;
    let q2 = q.clone();
    let href = move |n: u64| {
        let base = if q2.trim().is_empty() { format!("{PAGE}?") } else { format!("{PAGE}?q={}&", encode(q2.trim())) };
        format!("{base}seite={n}")
    };
    view! {
        <DataTable caption=t().people_title columns=vec![t().people_name, t().people_email, t().account_role, t().people_state, t().dash_actions]>
            {data.people.into_iter().map(|p| view! { <PersonRow p me q=q.clone()/> }).collect_view()}
        </DataTable>
        <Pagination paging=data.paging href/>
    }
}

#[component]
fn PersonRow(p: Person, me: i32, q: String) -> impl IntoView {
    let state = match (p.locked, p.verified) {
        (true, _) => t().people_state_locked,
        (false, true) => t().people_state_active,
        (false, false) => t().people_state_unverified,
    };
    let role_id = format!("role-{}", p.id);
    let role_label = format!("{}: {}", t().account_role, p.display_name);
    let lock_label = format!("{}: {}", if p.locked { t().people_unlock } else { t().people_lock }, p.display_name);
    let id = p.id.to_string();
    view! {
        <tr>
            <td>{p.display_name.clone()}</td>
            <td>{p.email.clone()}</td>
            <td>
                <form method="post" action="/admin/personen/rolle" class="inline">
                    <input type="hidden" name="user_id" value=id.clone()/>
                    <input type="hidden" name="q" value=q.clone()/>
                    <label for=role_id.clone() class="visually-hidden">{role_label.clone()}</label>
                    <select id=role_id name="role">
                        {[Role::Resident, Role::Moderator, Role::Admin].into_iter().map(|r| view! {
                            <option value=r.as_str() selected=r == p.role>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    " "
                    <button type="submit" class="small" aria-label=role_label>{t().people_set_role}</button>
                </form>
            </td>
            <td>{state}<br/><span class="muted small">{i18n::date(&p.created_at)}</span></td>
            <td>
                {(p.id != me || p.locked).then(|| view! {
                    <form method="post" action="/admin/personen/sperre" class="inline">
                        <input type="hidden" name="user_id" value=id/>
                        <input type="hidden" name="q" value=q/>
                        <input type="hidden" name="locked" value=if p.locked { "false" } else { "true" }/>
                        <button type="submit" class=if p.locked { "small" } else { "small danger" } aria-label=lock_label>
                            {if p.locked { t().people_unlock } else { t().people_lock }}
                        </button>
                    </form>
                })}
            </td>
        </tr>
    }
}
