//! Server functions of the review pages (forms post to `routes`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The author's review as stored, for the edit form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnReview {
    pub id: i32,
    pub stars: i16,
    pub title: String,
    pub body: String,
    pub month: String,
    pub offer_id: Option<i32>,
    pub provenance: super::domain::Provenance,
    pub hidden: bool,
    /// The moderators' statement of reasons, if they hid or restored it.
    pub moderation_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFormData {
    pub provider_id: i32,
    pub provider_name: String,
    pub provider_path: String,
    /// Published offers: (id, title).
    pub offers: Vec<(i32, String)>,
    pub signed_in: bool,
    /// The e-mail address is confirmed (needed to review).
    pub confirmed: bool,
    pub member: bool,
    pub existing: Option<OwnReview>,
    /// "YYYY-MM" today: the latest month of experience.
    pub this_month: String,
}

#[server(prefix = "/api", endpoint = "review_form")]
pub async fn review_form(provider_id: i32) -> Result<ReviewFormData, AppError> {
    use crate::db::entities::{offer, provider};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    async move {
        let st = crate::app::state::app_state()?;
        let p = provider::Entity::find_by_id(provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let offers = offer::Entity::find()
            .filter(offer::Column::ProviderId.eq(provider_id))
            .filter(offer::Column::Status.eq(super::store::PUBLISHED))
            .order_by_asc(offer::Column::Title)
            .all(&st.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.title))
            .collect();
        let account = crate::accounts::api::current().await?;
        let (member, existing) = match &account {
            Some(a) => (
                crate::members::store::membership(&st.db, provider_id, a.id).await?.is_some(),
                super::write::own_review(&st.db, a.id, provider_id).await?.map(|r| OwnReview {
                    id: r.id,
                    stars: r.stars,
                    title: r.title,
                    body: r.body,
                    month: r.experience_month.unwrap_or_default(),
                    offer_id: r.offer_id,
                    provenance: super::domain::Provenance::parse(&r.provenance).unwrap_or(super::domain::Provenance::Unverified),
                    hidden: r.status != super::store::PUBLISHED,
                    moderation_reason: r.moderation_reason,
                }),
            ),
            None => (false, None),
        };
        Ok(ReviewFormData {
            provider_id,
            provider_name: p.name,
            provider_path: crate::common::url_key::provider_path(p.id, &p.slug),
            offers,
            signed_in: account.is_some(),
            confirmed: account.as_ref().is_some_and(|a| a.email_verified),
            member,
            existing,
            this_month: chrono::Utc::now().format("%Y-%m").to_string(),
        })
    }
    .await
    .map_err(AppError::with_status)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyFormData {
    pub review_id: i32,
    pub review_title: String,
    pub review_body: String,
    pub provider_name: String,
    pub existing: Option<String>,
    /// The moderators' reasons when the reply is hidden.
    pub hidden_reason: Option<String>,
}

/// The review to answer and the reply so far (members of its provider only).
#[server(prefix = "/api", endpoint = "reply_form")]
pub async fn reply_form(review_id: i32) -> Result<ReplyFormData, AppError> {
    use crate::db::entities::{provider, review, review_reply};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    async move {
        let st = crate::app::state::app_state()?;
        let r = review::Entity::find_by_id(review_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let actor = crate::accounts::api::current().await?;
        let membership = match &actor {
            Some(a) => crate::members::store::membership(&st.db, r.provider_id, a.id).await?,
            None => None,
        };
        crate::accounts::authz::check(actor.as_ref(), membership, crate::accounts::authz::Action::ReplyToReview)?;
        let p = provider::Entity::find_by_id(r.provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let reply = review_reply::Entity::find().filter(review_reply::Column::ReviewId.eq(review_id)).one(&st.db).await?;
        let hidden_reason = reply.as_ref().filter(|x| x.status != super::store::PUBLISHED).map(|x| x.moderation_reason.clone().unwrap_or_default());
        let existing = reply.map(|x| x.body);
        Ok(ReplyFormData { review_id, review_title: r.title, review_body: r.body, provider_name: p.name, existing, hidden_reason })
    }
    .await
    .map_err(AppError::with_status)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodesData {
    pub provider_id: i32,
    pub provider_name: String,
    pub unused: u64,
    pub used: u64,
}

#[server(prefix = "/api", endpoint = "customer_codes")]
pub async fn customer_codes(provider_id: i32) -> Result<CodesData, AppError> {
    use crate::db::entities::provider;
    use sea_orm::EntityTrait;
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        let membership = match &actor {
            Some(a) => crate::members::store::membership(&st.db, provider_id, a.id).await?,
            None => None,
        };
        crate::accounts::authz::check(actor.as_ref(), membership, crate::accounts::authz::Action::ManageCustomerCodes)?;
        let p = provider::Entity::find_by_id(provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let (unused, used) = super::codes::counts(&st.db, provider_id).await?;
        Ok(CodesData { provider_id, provider_name: p.name, unused, used })
    }
    .await
    .map_err(AppError::with_status)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewsToAnswer {
    pub provider_id: i32,
    pub provider_name: String,
    pub reviews: Vec<super::domain::ReviewView>,
    pub paging: crate::common::paging::Paging,
}

/// A provider's published reviews for its members, newest first, to answer them.
#[server(prefix = "/api", endpoint = "provider_reviews")]
pub async fn provider_reviews(provider_id: i32, seite: Option<String>) -> Result<ReviewsToAnswer, AppError> {
    use crate::db::entities::provider;
    use sea_orm::EntityTrait;
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        let membership = match &actor {
            Some(a) => crate::members::store::membership(&st.db, provider_id, a.id).await?,
            None => None,
        };
        crate::accounts::authz::check(actor.as_ref(), membership, crate::accounts::authz::Action::ReplyToReview)?;
        let p = provider::Entity::find_by_id(provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let page = crate::common::paging::parse_page(seite.as_deref())?;
        let (reviews, paging) = super::store::for_provider(&st.db, provider_id, Default::default(), page, 20, None).await?;
        Ok(ReviewsToAnswer { provider_id, provider_name: p.name, reviews, paging })
    }
    .await
    .map_err(AppError::with_status)
}
