//! Server functions of new-build projects: the public page, and for a
//! provider's people their projects and a new one. Each checks who asks
//! (`accounts::authz::check`) before it reads or changes anything private.
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::domain::{ProjectForm, ProjectPage, ProjectRef};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "load_project")]
pub async fn load_project(id: i32) -> Result<ProjectPage, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        super::store::page(&st.catalog, &st.db, &st.reference, id).await?.ok_or(AppError::NotFound)
    }
    .await
    .map_err(AppError::with_status)
}

#[cfg(feature = "ssr")]
async fn allow(provider_id: i32, action: crate::accounts::authz::Action) -> Result<crate::accounts::domain::Account, AppError> {
    let st = crate::app::state::app_state()?;
    let actor = crate::accounts::api::current().await?;
    let membership = match &actor {
        Some(a) => crate::members::store::membership(&st.db, provider_id, a.id).await?,
        None => None,
    };
    crate::accounts::authz::check(actor.as_ref(), membership, action)?;
    actor.ok_or(AppError::Unauthenticated)
}

/// The provider's projects, for the dashboard and the offer editor.
#[server(prefix = "/api", endpoint = "my_projects")]
pub async fn my_projects(provider_id: i32) -> Result<Vec<ProjectRef>, AppError> {
    async move {
        allow(provider_id, crate::accounts::authz::Action::ViewDashboard).await?;
        let st = crate::app::state::app_state()?;
        Ok(super::store::of_provider(&st.db, provider_id).await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// Creates a project; returns its id.
#[server(prefix = "/api", endpoint = "create_project", input = Json)]
pub async fn create_project(provider_id: i32, form: ProjectForm) -> Result<i32, AppError> {
    async move {
        let actor = allow(provider_id, crate::accounts::authz::Action::ManageProjects).await?;
        let st = crate::app::state::app_state()?;
        let draft = super::domain::ProjectDraft::parse(&form, &st.reference.districts).map_err(|errors| {
            let (field, message) = errors.into_iter().next().unwrap_or(("form", String::new()));
            AppError::invalid(field, message)
        })?;
        Ok(super::store::create(&st.db, provider_id, &draft, actor.id).await?.id)
    }
    .await
    .map_err(AppError::with_status)
}
