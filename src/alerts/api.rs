//! Server functions of the saved-search pages and of "Merken" kept with an
//! account. Thin: who asks, the store, the views.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::domain::Frequency;
use crate::error::AppError;
use crate::offers::domain::OfferCard;

/// One saved search as its owner's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSearchView {
    pub id: i32,
    pub name: String,
    pub summary: String,
    pub frequency: Frequency,
    /// The results list it stands for, with today's slugs.
    pub results: String,
    /// The private Atom feed's path.
    pub feed: String,
    pub hits: i64,
    pub unseen: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One found offer: its card (if still published), why, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HitView {
    pub card: OfferCard,
    /// The price dropped into the search's range.
    pub cheaper: bool,
    pub seen: bool,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHits {
    pub search: SavedSearchView,
    pub hits: Vec<HitView>,
}

/// What the save form shows of the search it saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSearch {
    pub summary: String,
    /// The list filter as a query string ("" for everything).
    pub filter: String,
    pub signed_in: bool,
    pub verified: bool,
}

#[cfg(feature = "ssr")]
fn view_of(st: &crate::app::state::AppState, s: &crate::db::entities::saved_search::Model, counts: (i64, i64), names: &std::collections::HashMap<i32, String>) -> SavedSearchView {
    let q = super::store::query_of(s);
    SavedSearchView {
        id: s.id,
        name: s.name.clone(),
        summary: q.summary(&st.reference, crate::i18n::locale(), q.provider_id.and_then(|p| names.get(&p)).map(String::as_str)),
        frequency: Frequency::parse(&s.frequency).unwrap_or(Frequency::App),
        results: format!("/angebote{}", q.to_filter(&st.reference).to_query(None)),
        feed: format!("/suchauftraege/feed/{}", s.feed_token),
        hits: counts.0,
        unseen: counts.1,
        created_at: s.created_at,
    }
}

#[server(prefix = "/api", endpoint = "my_saved_searches")]
pub async fn my_saved_searches() -> Result<Vec<SavedSearchView>, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let a = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        let counts = super::store::hit_counts(&st.db, a.id).await?;
        let list = super::store::of_user(&st.db, a.id).await?;
        let queries: Vec<_> = list.iter().map(super::store::query_of).collect();
        let names = super::store::provider_names(&st.db, &queries).await?;
        Ok(list
            .iter()
            .map(|s| {
                let c = counts.iter().find(|(id, _, _)| *id == s.id).map_or((0, 0), |(_, n, u)| (*n, *u));
                view_of(&st, s, c, &names)
            })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "saved_search_hits")]
pub async fn saved_search_hits(id: i32) -> Result<SearchHits, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let a = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
        let s = super::store::owned(&st.db, a.id, id).await?.ok_or(AppError::NotFound)?;
        let hits = super::store::hits(&st.db, s.id, 200).await?;
        let ids: Vec<i32> = hits.iter().map(|h| h.offer_id).collect();
        let cards = crate::offers::store::published_cards(&st.db, &st.reference, &ids).await?;
        let unseen = hits.iter().filter(|h| !h.seen).count() as i64;
        let names = super::store::provider_names(&st.db, [&super::store::query_of(&s)]).await?;
        let search = view_of(&st, &s, (hits.len() as i64, unseen), &names);
        let hits = hits
            .into_iter()
            .filter_map(|h| {
                let card = cards.iter().find(|c| c.id == h.offer_id)?.clone();
                Some(HitView { card, cheaper: h.reason == "price", seen: h.seen, at: h.created_at })
            })
            .collect();
        Ok(SearchHits { search, hits })
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "new_saved_search")]
pub async fn new_saved_search(filter: String) -> Result<NewSearch, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let a = crate::accounts::api::current().await?;
        let f = super::routes::filter_from(&filter).ok_or_else(|| AppError::invalid("filter", crate::i18n::t().alerts_error_filter))?;
        let q = super::domain::SavedQuery::from_filter(&f, &st.reference)?;
        let canonical = f.to_query(None);
        Ok(NewSearch {
            summary: super::store::summary_of(&st.db, &q, &st.reference, crate::i18n::locale()).await?,
            filter: canonical.trim_start_matches('?').to_owned(),
            signed_in: a.is_some(),
            verified: a.is_some_and(|a| a.email_verified),
        })
    }
    .await
    .map_err(AppError::with_status)
}
