//! Server functions of the member pages (the changes are plain form
//! routes, see `routes`, so they work without JavaScript).
use leptos::prelude::*;

use super::domain::{InvitationInfo, Members};
use crate::error::AppError;

/// Members and pending invitations: for owners (and admins) only; None
/// for the provider's other members (the page shows them nothing of it,
/// and must not fail for it).
#[server(prefix = "/api", endpoint = "provider_members")]
pub async fn provider_members(provider_id: i32) -> Result<Option<Members>, AppError> {
    use crate::accounts::authz::{check, Action};
    use crate::members::store::check_for;
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        let membership = check_for(&st.db, actor.as_ref(), provider_id, Action::ViewDashboard).await?;
        if check(actor.as_ref(), membership, Action::InviteMember).is_err() {
            return Ok(None);
        }
        Ok(Some(Members { members: super::store::members(&st.db, provider_id).await?, invitations: super::store::pending(&st.db, provider_id).await? }))
    }
    .await
    .map_err(AppError::with_status)
}

/// What an invitation link offers; NotFound when it is no longer valid.
#[server(prefix = "/api", endpoint = "invitation")]
pub async fn invitation(token: String) -> Result<InvitationInfo, AppError> {
    use crate::accounts::authz::MemberRole;
    async move {
        let st = crate::app::state::app_state()?;
        let inv = super::store::by_token(&st.db, &token).await?.ok_or(AppError::NotFound)?;
        let provider = { use sea_orm::EntityTrait; crate::db::entities::provider::Entity::find_by_id(inv.provider_id) }.one(&st.db).await?.ok_or(AppError::NotFound)?;
        let signed_in = crate::accounts::api::current().await?.is_some();
        Ok(InvitationInfo { provider_name: provider.name, role: MemberRole::parse(&inv.role).unwrap_or(MemberRole::Member), signed_in })
    }
    .await
    .map_err(AppError::with_status)
}
