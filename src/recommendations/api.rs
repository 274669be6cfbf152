//! Server functions of the recommendation pages (reads, claims and their
//! moderation). Recommending and seconding are plain form posts (`routes`).
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::domain::{ClaimView, RecommendationView};
use crate::error::AppError;
use crate::providers::draft::ProviderForm;

/// A category's recommendations, ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRecs {
    pub slug: String,
    pub label: String,
    pub total: u64,
    pub items: Vec<RecommendationView>,
    pub signed_in: bool,
}

/// What the recommendation form needs besides the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormData {
    pub signed_in: bool,
    /// Providers matching the name search: (id, name).
    pub providers: Vec<(i32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmInfo {
    pub id: i32,
    pub name: String,
    pub town: String,
    pub website: Option<String>,
    pub claimed_provider_id: Option<i32>,
}

/// Names each recommendation's category in the page's language.
#[cfg(feature = "ssr")]
fn name_categories(items: &mut [RecommendationView], cats: &crate::categories::CategoryTree) {
    for r in items {
        r.category = cats.path_name(r.category_id);
    }
}

#[cfg(feature = "ssr")]
async fn viewer() -> Result<Option<crate::accounts::domain::Account>, AppError> {
    crate::accounts::api::current().await
}

/// The recommendations of a category and its children, best first;
/// `limit` at most 1000. None for no or an unknown category.
#[server(prefix = "/api", endpoint = "category_recommendations")]
pub async fn category_recommendations(kategorie: String, limit: usize) -> Result<Option<CategoryRecs>, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let cats = &st.reference.categories;
        let Some(c) = cats.by_slug(kategorie.trim()) else { return Ok(None) };
        let me = viewer().await?;
        let (mut items, total) = super::store::ranked(&st.db, &cats.with_descendants(c.id), me.as_ref().map(|a| a.id), limit.min(1_000)).await?;
        name_categories(&mut items, cats);
        Ok(Some(CategoryRecs { slug: c.slug.clone(), label: cats.path_name(c.id), total, items, signed_in: me.is_some() }))
    }
    .await
    .map_err(AppError::with_status)
}

/// The newest recommendations, for the start page.
#[server(prefix = "/api", endpoint = "recent_recommendations")]
pub async fn recent_recommendations() -> Result<(Vec<RecommendationView>, bool), AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let me = viewer().await?;
        let mut items = super::store::recent(&st.db, me.as_ref().map(|a| a.id), 5).await?;
        name_categories(&mut items, &st.reference.categories);
        Ok((items, me.is_some()))
    }
    .await
    .map_err(AppError::with_status)
}

/// Providers matching the name search, and the one asked for (`anbieter`
/// from a provider's page) first.
#[server(prefix = "/api", endpoint = "recommend_form_data")]
pub async fn recommend_form_data(suche: String, anbieter: Option<i32>) -> Result<FormData, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let signed_in = viewer().await?.is_some();
        let suche: String = suche.chars().take(100).collect();
        let mut providers = match anbieter {
            Some(id) => super::store::provider_name(&st.db, id).await?.into_iter().collect(),
            None => vec![],
        };
        for p in super::store::find_providers(&st.db, &suche).await? {
            if !providers.contains(&p) {
                providers.push(p);
            }
        }
        Ok(FormData { signed_in, providers })
    }
    .await
    .map_err(AppError::with_status)
}

/// The recommendations of a provider on the platform, for its page.
#[server(prefix = "/api", endpoint = "provider_recommendations")]
pub async fn provider_recommendations(provider_id: i32) -> Result<(Vec<RecommendationView>, bool), AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let me = viewer().await?;
        let (mut items, _) = super::store::ranked_for_provider(&st.db, provider_id, me.as_ref().map(|a| a.id), 20).await?;
        name_categories(&mut items, &st.reference.categories);
        Ok((items, me.is_some()))
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "unlisted_firm")]
pub async fn unlisted_firm(id: i32) -> Result<FirmInfo, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let u = super::store::unlisted_by_id(&st.db, id).await?.ok_or(AppError::NotFound)?;
        Ok(FirmInfo { id: u.id, name: u.name, town: u.town, website: u.website, claimed_provider_id: u.claimed_provider_id })
    }
    .await
    .map_err(AppError::with_status)
}

/// "Das ist mein Unternehmen": files a claim with the full provider form.
#[server(prefix = "/api", endpoint = "claim_firm", input = Json)]
pub async fn claim_firm(unlisted_id: i32, form: ProviderForm) -> Result<i32, AppError> {
    use crate::accounts::authz::{check, Action};
    async move {
        let st = crate::app::state::app_state()?;
        let actor = viewer().await?;
        check(actor.as_ref(), None, Action::ClaimUnlisted)?;
        let actor = actor.ok_or(AppError::Unauthenticated)?;
        super::claims::create(&st.db, &st.reference, &actor, unlisted_id, &form).await
    }
    .await
    .map_err(AppError::with_status)
}

#[cfg(feature = "ssr")]
async fn moderator() -> Result<crate::accounts::domain::Account, AppError> {
    let actor = viewer().await?;
    crate::accounts::authz::check(actor.as_ref(), None, crate::accounts::authz::Action::DecideClaim)?;
    actor.ok_or(AppError::Unauthenticated)
}

#[server(prefix = "/api", endpoint = "pending_claims")]
pub async fn pending_claims() -> Result<Vec<ClaimView>, AppError> {
    async move {
        moderator().await?;
        let st = crate::app::state::app_state()?;
        super::claims::pending(&st.db).await
    }
    .await
    .map_err(AppError::with_status)
}

/// Approves or rejects a claim; the new provider's id on approval.
#[server(prefix = "/api", endpoint = "decide_claim")]
pub async fn decide_claim(claim_id: i32, approve: bool) -> Result<Option<i32>, AppError> {
    async move {
        let actor = moderator().await?;
        let st = crate::app::state::app_state()?;
        super::claims::decide(&st.db, &st.reference, &actor, claim_id, approve).await
    }
    .await
    .map_err(AppError::with_status)
}
