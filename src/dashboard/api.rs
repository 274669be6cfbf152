//! Server functions of provider self-service. Each one checks who is asking
//! (`accounts::authz::check`) before it reads or changes anything; the
//! editor's forms travel as JSON (they are built by the hydrated page).
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::domain::{Dashboard, MyProvider};
use crate::offers::lifecycle::OfferCommand;
use crate::error::AppError;
use crate::offers::draft::OfferForm;
use crate::providers::draft::ProviderForm;

#[cfg(feature = "ssr")]
mod guard {
    use crate::accounts::authz::{check, Action, MemberRole};
    use crate::accounts::domain::Account;
    use crate::error::AppError;

    /// The signed-in actor, allowed to do `action` for `provider_id`.
    pub async fn allow(provider_id: Option<i32>, action: Action) -> Result<(Account, Option<MemberRole>), AppError> {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        let membership = match (&actor, provider_id) {
            (Some(a), Some(p)) => crate::members::store::membership(&st.db, p, a.id).await?,
            _ => None,
        };
        check(actor.as_ref(), membership, action)?;
        Ok((actor.ok_or(AppError::Unauthenticated)?, membership))
    }

    pub fn first(errors: crate::offers::draft::FieldErrors) -> AppError {
        let (field, message) = errors.into_iter().next().unwrap_or(("form", String::new()));
        AppError::invalid(field, message)
    }
}

/// The providers the signed-in person acts for.
#[server(prefix = "/api", endpoint = "my_providers")]
pub async fn my_providers() -> Result<Vec<MyProvider>, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        Ok(crate::members::store::my_providers(&st.db, actor.id)
            .await?
            .into_iter()
            .map(|(p, role)| MyProvider { id: p.id, slug: p.slug, name: p.name, role, ownership_verified: p.ownership_verified_at.is_some() })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

/// New provider profiles per account and day: a firm needs one, an agency a
/// few; more is someone filling the directory.
#[cfg(feature = "ssr")]
const PROVIDERS_PER_ACCOUNT: crate::server::rate_limit::Limit = crate::server::rate_limit::Limit::per_minutes(5, 24 * 60);

#[server(prefix = "/api", endpoint = "create_provider", input = Json)]
pub async fn create_provider(form: ProviderForm) -> Result<i32, AppError> {
    use crate::accounts::authz::Action;
    async move {
        let (actor, _) = guard::allow(None, Action::CreateProvider).await?;
        let st = crate::app::state::app_state()?;
        let draft = crate::providers::draft::ProviderDraft::parse(&form, &st.reference.categories, &st.reference.districts).map_err(guard::first)?;
        if !crate::server::rate_limit::hit(&st.db, &format!("provider:create:{}", actor.id), PROVIDERS_PER_ACCOUNT).await? {
            return Err(AppError::RateLimited);
        }
        Ok(crate::providers::door::create(&st.db, &draft, actor.id).await?.id)
    }
    .await
    .map_err(AppError::with_status)
}

/// The profile editor's starting point: the stored fields and their version.
#[server(prefix = "/api", endpoint = "provider_for_edit")]
pub async fn provider_for_edit(provider_id: i32) -> Result<(ProviderForm, i32), AppError> {
    use crate::accounts::authz::Action;
    async move {
        guard::allow(Some(provider_id), Action::EditProvider).await?;
        let st = crate::app::state::app_state()?;
        let (p, d) = crate::providers::door::stored(&st.db, provider_id).await?.ok_or(AppError::NotFound)?;
        Ok((crate::providers::draft::ProviderForm::of(&d, &st.reference.categories, &st.reference.districts), p.version))
    }
    .await
    .map_err(AppError::with_status)
}

/// Saves the profile edited from `version`; answers the new version and
/// whether the changed ownership declaration awaits a moderator again.
#[server(prefix = "/api", endpoint = "save_provider", input = Json)]
pub async fn save_provider(provider_id: i32, version: i32, form: ProviderForm) -> Result<(i32, bool), AppError> {
    use crate::accounts::authz::Action;
    async move {
        let (actor, membership) = guard::allow(Some(provider_id), Action::EditProvider).await?;
        let st = crate::app::state::app_state()?;
        let draft = crate::providers::draft::ProviderDraft::parse(&form, &st.reference.categories, &st.reference.districts).map_err(guard::first)?;
        // Who owns the provider is the owners' declaration.
        let may_declare = membership == Some(crate::accounts::authz::MemberRole::Owner) || actor.role == crate::accounts::domain::Role::Admin;
        let done = crate::providers::door::update(&st.db, &st.reference, provider_id, version, &draft, actor.id, may_declare).await?;
        Ok((done.version, done.verification_withdrawn))
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "load_dashboard")]
pub async fn load_dashboard(provider_id: i32) -> Result<Dashboard, AppError> {
    use crate::accounts::authz::{Action, MemberRole};
    async move {
        let (_, membership) = guard::allow(Some(provider_id), Action::ViewDashboard).await?;
        let st = crate::app::state::app_state()?;
        let p = { use sea_orm::EntityTrait; crate::db::entities::provider::Entity::find_by_id(provider_id) }.one(&st.db).await?.ok_or(AppError::NotFound)?;
        let offers = crate::offers::editing::offers_of_provider(&st.db, provider_id).await?.iter().map(super::domain::DashOffer::of).collect();
        let role = membership.unwrap_or(MemberRole::Owner);
        Ok(Dashboard { provider: MyProvider { id: p.id, slug: p.slug, name: p.name, role, ownership_verified: p.ownership_verified_at.is_some() }, offers })
    }
    .await
    .map_err(AppError::with_status)
}

/// The editor's starting point: the stored fields and their version.
#[server(prefix = "/api", endpoint = "offer_for_edit")]
pub async fn offer_for_edit(provider_id: i32, offer_id: i32) -> Result<(OfferForm, i32), AppError> {
    use crate::accounts::authz::Action;
    async move {
        guard::allow(Some(provider_id), Action::EditOffer).await?;
        let st = crate::app::state::app_state()?;
        let o = crate::offers::editing::offer_of(&st.db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
        Ok((crate::offers::editing::offer_form(&st.db, &st.reference, &o).await?, o.version))
    }
    .await
    .map_err(AppError::with_status)
}

/// Creates (`offer_id` None) or updates an offer; returns (id, new version).
#[server(prefix = "/api", endpoint = "save_offer", input = Json)]
pub async fn save_offer(provider_id: i32, offer_id: Option<i32>, version: i32, form: OfferForm) -> Result<(i32, i32), AppError> {
    use crate::accounts::authz::Action;
    async move {
        let action = if offer_id.is_some() { Action::EditOffer } else { Action::CreateOffer };
        let (actor, _) = guard::allow(Some(provider_id), action).await?;
        let st = crate::app::state::app_state()?;
        let draft = crate::offers::draft::OfferDraft::parse(&form, &st.reference.categories, &st.reference.districts).map_err(guard::first)?;
        if let Some(project) = draft.housing.as_ref().and_then(|h| h.project_id) {
            if !crate::projects::store::belongs(&st.db, provider_id, project).await? {
                return Err(AppError::invalid("project", crate::i18n::t().error_unknown_project));
            }
        }
        let saved = match offer_id {
            None => crate::offers::door::create(&st.db, &st.reference, provider_id, &draft, actor.id).await?,
            Some(id) => crate::offers::door::edit(&st.db, &st.reference, provider_id, id, version, &draft, &form, actor.id).await?,
        };
        Ok((saved.id, saved.version))
    }
    .await
    .map_err(AppError::with_status)
}

/// Publish, unpublish, archive, duplicate or delete; returns the id of the
/// offer concerned (the new one for a duplicate).
#[server(prefix = "/api", endpoint = "run_offer_command")]
pub async fn run_offer_command(provider_id: i32, offer_id: i32, version: i32, command: OfferCommand) -> Result<i32, AppError> {
    use crate::accounts::authz::Action;
    async move {
        let action = match command {
            OfferCommand::Duplicate => Action::DuplicateOffer,
            OfferCommand::Delete => Action::DeleteOffer,
            _ => Action::ChangeOfferStatus,
        };
        let (actor, _) = guard::allow(Some(provider_id), action).await?;
        let st = crate::app::state::app_state()?;
        let id = match command.target() {
            Some(status) => crate::offers::door::set_status(&st.db, provider_id, offer_id, version, status, actor.id).await?.id,
            None => crate::offers::door::duplicate(&st.db, &st.reference, provider_id, offer_id, actor.id).await?.id,
        };
        Ok(id)
    }
    .await
    .map_err(AppError::with_status)
}
