//! Moderation and administration: moderators confirm providers' ownership
//! declarations; administrators read the audit log.
use leptos::prelude::*;
use crate::recommendations::components::ClaimQueue;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::providers::domain::Ownership;
use crate::common::ui::DataTable;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnershipClaim {
    pub provider_id: i32,
    pub name: String,
    pub ownership: Ownership,
    pub owner_name: Option<String>,
    pub share: Option<i16>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: i32,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[cfg(feature = "ssr")]
async fn allow(action: crate::accounts::authz::Action) -> Result<crate::accounts::domain::Account, AppError> {
    let actor = crate::accounts::api::current().await?;
    crate::accounts::authz::check(actor.as_ref(), None, action)?;
    actor.ok_or(AppError::Unauthenticated)
}

/// Providers whose ownership declaration nobody has confirmed yet, oldest first.
#[server(prefix = "/api", endpoint = "pending_ownership")]
pub async fn pending_ownership() -> Result<Vec<OwnershipClaim>, AppError> {
    use crate::db::entities::provider;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    async move {
        allow(crate::accounts::authz::Action::VerifyOwnership).await?;
        let st = crate::app::state::app_state()?;
        let rows = provider::Entity::find()
            .filter(provider::Column::OwnershipVerifiedAt.is_null())
            .filter(provider::Column::IsDemo.eq(false))
            .order_by_asc(provider::Column::CreatedAt)
            .limit(200)
            .all(&st.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|p| OwnershipClaim {
                provider_id: p.id,
                name: p.name,
                ownership: Ownership::parse(&p.ownership).unwrap_or(Ownership::Private),
                owner_name: p.owner_name,
                share: p.ownership_share,
                created_at: p.created_at,
            })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

/// A moderator confirms a provider's ownership declaration.
#[server(prefix = "/api", endpoint = "confirm_ownership")]
pub async fn confirm_ownership(provider_id: i32) -> Result<(), AppError> {
    async move {
        let actor = allow(crate::accounts::authz::Action::VerifyOwnership).await?;
        let st = crate::app::state::app_state()?;
        if !crate::providers::door::verify_ownership(&st.db, provider_id, actor.id).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    }
    .await
    .map_err(AppError::with_status)
}

/// The newest audit entries (administrators only).
#[server(prefix = "/api", endpoint = "audit_entries")]
pub async fn audit_entries() -> Result<Vec<AuditEntry>, AppError> {
    use crate::db::entities::{app_user, audit_log};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    async move {
        allow(crate::accounts::authz::Action::ViewAuditLog).await?;
        let st = crate::app::state::app_state()?;
        let rows = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).limit(100).all(&st.db).await?;
        let ids: Vec<i32> = rows.iter().filter_map(|r| r.actor_id).collect();
        let names: std::collections::HashMap<i32, String> =
            app_user::Entity::find().filter(app_user::Column::Id.is_in(ids)).all(&st.db).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                at: r.created_at,
                actor: r.actor_id.and_then(|id| names.get(&id).cloned()),
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before,
                after: r.after,
            })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

#[component]
pub fn ModerationPage() -> impl IntoView {
    view! {
        <Title text=t().moderation_title/>
        <div class="wrap">
            <h1>{t().moderation_title}</h1>
            <p>{t().moderation_intro}</p>
            <p><a href="/moderation/meldungen">{t().report_queue_title}</a></p>
            <OwnershipQueue/>
            <ClaimQueue/>
        </div>
    }
}

/// Declarations waiting for a moderator; reloaded after each confirmation.
#[island(lazy)]
fn OwnershipQueue() -> impl IntoView {
    crate::common::hydration::island_ready();
    let confirm = ServerAction::<ConfirmOwnership>::new();
    let pending = Resource::new(move || confirm.version().get(), |_| pending_ownership());
    view! {
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Err(e) if need_sign_in(&e, "/moderation") => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t().moderation_none}</p> }.into_any(),
                        Ok(list) => view! {
                            <DataTable caption=t().moderation_pending columns=vec![t().offer_provider, t().provider_ownership, t().provider_form_share, t().dash_actions]>
                                    {list.into_iter().map(|p| {
                                        let id = p.provider_id;
                                        let label = format!("{}: {}", t().moderation_confirm, p.name);
                                        view! {
                                            <tr>
                                                <td><a href=format!("/anbieter/{id}")>{p.name.clone()}</a></td>
                                                <td>{p.ownership.label()}{p.owner_name.map(|o| format!(" – {o}"))}</td>
                                                <td>{p.share.map(|s| format!("{s} %")).unwrap_or_default()}</td>
                                                <td><button type="button" class="small" aria-label=label
                                                    on:click=move |_| { confirm.dispatch(ConfirmOwnership { provider_id: id }); }>{t().moderation_confirm}</button></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </DataTable>
                        }.into_any(),
                    }
                })}
            </Suspense>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| audit_entries());
    view! {
        <Title text=t().audit_title/>
        <div class="wrap">
            <h1>{t().audit_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(e) if need_sign_in(&e, "/admin/protokoll") => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) => view! {
                            <DataTable caption=t().audit_caption columns=vec![t().audit_when, t().audit_who, t().audit_what, t().audit_change]>
                                    {list.into_iter().map(|e| view! {
                                        <tr>
                                            <td><time datetime=e.at.to_rfc3339()>{i18n::date(&e.at)}" "{e.at.format("%H:%M").to_string()}</time></td>
                                            <td>{e.actor.unwrap_or_else(|| t().audit_deleted_account.to_owned())}</td>
                                            <td>{format!("{} ({} {})", e.action, e.entity, e.entity_id)}</td>
                                            <td>
                                                {e.before.map(|b| view! { <details><summary>{t().audit_before}</summary><pre>{b}</pre></details> })}
                                                {e.after.map(|a| view! { <details><summary>{t().audit_after}</summary><pre>{a}</pre></details> })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </DataTable>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
