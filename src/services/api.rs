//! Server functions of the directory: thin wrappers around `store`.
use leptos::prelude::*;

use super::domain::{ServiceDetail, ServiceEdit, ServiceSummary};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "city_services")]
pub async fn city_services() -> Result<Vec<ServiceSummary>, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        Ok(super::store::list(&st.db, crate::i18n::locale()).await?)
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "city_service")]
pub async fn city_service(slug: String) -> Result<ServiceDetail, AppError> {
    use super::store;
    use crate::accounts::authz::{check, Action};
    use crate::i18n::Locale;
    async move {
        let st = crate::app::state::app_state()?;
        let l = crate::i18n::locale();
        let (s, summary) = store::with_summary(&st.db, &slug, l).await?.ok_or(AppError::NotFound)?;
        let actor = crate::accounts::api::current().await?;
        let mine = match &actor {
            Some(a) => store::rating_of(&st.db, s.id, a.id, &a.display_name).await?,
            None => None,
        };
        let (description, bring) = if l == Locale::En { (&s.description_en, &s.bring_en) } else { (&s.description, &s.bring) };
        Ok(ServiceDetail {
            summary,
            description: description.clone(),
            bring: bring.lines().map(str::to_owned).collect(),
            official_url: s.official_url.clone(),
            updated_at: s.updated_at,
            tips: store::tips(&st.db, s.id).await?,
            mine,
            signed_in: actor.is_some(),
            can_edit: check(actor.as_ref(), None, Action::EditCityService).is_ok(),
        })
    }
    .await
    .map_err(AppError::with_status)
}

/// The raw texts for the admins' edit form.
#[server(prefix = "/api", endpoint = "city_service_edit")]
pub async fn city_service_edit(slug: String) -> Result<ServiceEdit, AppError> {
    use crate::accounts::authz::{check, Action};
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        check(actor.as_ref(), None, Action::EditCityService)?;
        let s = super::store::by_slug(&st.db, &slug).await?.ok_or(AppError::NotFound)?;
        Ok(super::store::edit_view(&s))
    }
    .await
    .map_err(AppError::with_status)
}
