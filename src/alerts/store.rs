//! The rows of saved searches, their hits and the favourites kept with an
//! account. The only module that writes them (the matcher and the digest
//! write hits and mail marks through the functions here too).
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::domain::{Frequency, SavedQuery, CONSENT_VERSION, UNCONFIRMED_DAYS};
use crate::db::entities::{favourite, saved_search};
use crate::db::stmt;

/// Who a saved search belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    User(i32),
    /// An address without an account: unconfirmed until its link is followed.
    Email(String),
}

/// A random token for a link. Feed and manage tokens are kept as they are
/// (not hashed): every digest mail carries the unsubscribe link again and the
/// app shows the feed's address. Each only reaches its one saved search.
fn token() -> String {
    crate::server::token::new_token().0
}

pub async fn create<C: ConnectionTrait>(db: &C, owner: &Owner, name: &str, query: &SavedQuery, frequency: Frequency, lang: crate::i18n::Locale) -> Result<saved_search::Model, DbErr> {
    let now = Utc::now();
    let (user_id, email, confirmed_at) = match owner {
        Owner::User(id) => (Some(*id), None, Some(now)),
        Owner::Email(e) => (None, Some(e.clone()), None),
    };
    saved_search::ActiveModel {
        user_id: Set(user_id),
        email: Set(email),
        name: Set(name.to_owned()),
        query: Set(serde_json::to_string(query).map_err(|e| DbErr::Custom(e.to_string()))?),
        frequency: Set(frequency.as_str().to_owned()),
        lang: Set(lang.code().to_owned()),
        feed_token: Set(token()),
        manage_token: Set(token()),
        consent_text: Set(CONSENT_VERSION.to_owned()),
        consent_at: Set(now),
        confirmed_at: Set(confirmed_at),
        last_mailed_at: Set(None),
        more_hits: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub fn query_of(m: &saved_search::Model) -> SavedQuery {
    serde_json::from_str(&m.query).unwrap_or_default()
}

/// The names of the providers the searches are narrowed to (one query,
/// none if no search is), for their summaries. A provider deleted since is
/// missing: its summary says "only one provider".
pub async fn provider_names<'a, C: ConnectionTrait>(db: &C, queries: impl IntoIterator<Item = &'a SavedQuery>) -> Result<std::collections::HashMap<i32, String>, DbErr> {
    let ids: std::collections::BTreeSet<i32> = queries.into_iter().filter_map(|q| q.provider_id).collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i32, String)> = crate::db::entities::provider::Entity::find()
        .select_only()
        .column(crate::db::entities::provider::Column::Id)
        .column(crate::db::entities::provider::Column::Name)
        .filter(crate::db::entities::provider::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A search's summary with the name of the provider it is narrowed to.
pub async fn summary_of<C: ConnectionTrait>(db: &C, q: &SavedQuery, r: &crate::reference::Reference, l: crate::i18n::Locale) -> Result<String, DbErr> {
    let names = provider_names(db, [q]).await?;
    Ok(q.summary(r, l, q.provider_id.and_then(|p| names.get(&p)).map(String::as_str)))
}

/// How many saved searches an owner has (confirmed or not).
pub async fn count_of<C: ConnectionTrait>(db: &C, owner: &Owner) -> Result<u64, DbErr> {
    let q = saved_search::Entity::find();
    let q = match owner {
        Owner::User(id) => q.filter(saved_search::Column::UserId.eq(*id)),
        Owner::Email(e) => q.filter(saved_search::Column::Email.eq(e.clone())),
    };
    q.count(db).await
}

pub async fn of_user<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<saved_search::Model>, DbErr> {
    saved_search::Entity::find().filter(saved_search::Column::UserId.eq(user_id)).order_by_desc(saved_search::Column::Id).all(db).await
}

pub async fn owned<C: ConnectionTrait>(db: &C, user_id: i32, id: i32) -> Result<Option<saved_search::Model>, DbErr> {
    saved_search::Entity::find_by_id(id).filter(saved_search::Column::UserId.eq(user_id)).one(db).await
}

/// Renames it and sets its frequency; false if it is not the user's. A
/// search that starts mailing starts from now: what it collected in the
/// app is not mailed after the fact.
pub async fn update<C: ConnectionTrait>(db: &C, user_id: i32, id: i32, name: &str, frequency: Frequency) -> Result<bool, DbErr> {
    let Some(before) = owned(db, user_id, id).await? else { return Ok(false) };
    if before.frequency == Frequency::App.as_str() && frequency != Frequency::App {
        db.execute_raw(stmt(db, "UPDATE saved_search_hit SET mailed_at = ? WHERE search_id = ? AND mailed_at IS NULL", vec![Utc::now().into(), id.into()])).await?;
    }
    let done = saved_search::Entity::update_many()
        .col_expr(saved_search::Column::Name, Expr::value(name.to_owned()))
        .col_expr(saved_search::Column::Frequency, Expr::value(frequency.as_str()))
        .filter(saved_search::Column::Id.eq(id))
        .filter(saved_search::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

pub async fn delete_owned<C: ConnectionTrait>(db: &C, user_id: i32, id: i32) -> Result<bool, DbErr> {
    let done = saved_search::Entity::delete_many().filter(saved_search::Column::Id.eq(id)).filter(saved_search::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(done.rows_affected == 1)
}

pub async fn by_manage_token<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<saved_search::Model>, DbErr> {
    if token.is_empty() {
        return Ok(None);
    }
    saved_search::Entity::find().filter(saved_search::Column::ManageToken.eq(token)).one(db).await
}

pub async fn by_feed_token<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<saved_search::Model>, DbErr> {
    if token.is_empty() {
        return Ok(None);
    }
    saved_search::Entity::find().filter(saved_search::Column::FeedToken.eq(token)).filter(saved_search::Column::ConfirmedAt.is_not_null()).one(db).await
}

/// Confirms an address's subscription (double opt-in); None for an unknown token.
pub async fn confirm<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<saved_search::Model>, DbErr> {
    let Some(s) = by_manage_token(db, token).await? else { return Ok(None) };
    if s.confirmed_at.is_none() {
        saved_search::Entity::update_many()
            .col_expr(saved_search::Column::ConfirmedAt, Expr::value(Utc::now()))
            .filter(saved_search::Column::Id.eq(s.id))
            .filter(saved_search::Column::ConfirmedAt.is_null())
            .exec(db)
            .await?;
    }
    by_manage_token(db, token).await
}

/// Ends the one saved search the token belongs to; false if there is none.
pub async fn unsubscribe<C: ConnectionTrait>(db: &C, token: &str) -> Result<bool, DbErr> {
    if token.is_empty() {
        return Ok(false);
    }
    let done = saved_search::Entity::delete_many().filter(saved_search::Column::ManageToken.eq(token)).exec(db).await?;
    Ok(done.rows_affected > 0)
}

/// Deletes subscriptions nobody confirmed within `UNCONFIRMED_DAYS`.
pub async fn prune_unconfirmed<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let done = saved_search::Entity::delete_many()
        .filter(saved_search::Column::ConfirmedAt.is_null())
        .filter(saved_search::Column::CreatedAt.lt(Utc::now() - Duration::days(UNCONFIRMED_DAYS)))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// One found offer of a saved search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub offer_id: i32,
    /// "new" or "price"
    pub reason: String,
    pub price_cents: Option<i64>,
    pub created_at: chrono::DateTime<Utc>,
    pub seen: bool,
    pub mailed: bool,
}

pub async fn hits<C: ConnectionTrait>(db: &C, search_id: i32, limit: i64) -> Result<Vec<Hit>, DbErr> {
    let sql = "SELECT offer_id, reason, price_cents, created_at, seen_at, mailed_at FROM saved_search_hit WHERE search_id = ? ORDER BY id DESC LIMIT ?";
    let rows = db.query_all_raw(stmt(db, sql, vec![search_id.into(), limit.into()])).await?;
    rows.into_iter()
        .map(|r| {
            Ok(Hit {
                offer_id: r.try_get("", "offer_id")?,
                reason: r.try_get("", "reason")?,
                price_cents: r.try_get("", "price_cents")?,
                created_at: r.try_get("", "created_at")?,
                seen: r.try_get::<Option<chrono::DateTime<Utc>>>("", "seen_at")?.is_some(),
                mailed: r.try_get::<Option<chrono::DateTime<Utc>>>("", "mailed_at")?.is_some(),
            })
        })
        .collect()
}

/// Per saved search of the user: (all hits, hits not yet seen).
pub async fn hit_counts<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<(i32, i64, i64)>, DbErr> {
    let sql = "SELECT h.search_id AS id, COUNT(*) AS n, SUM(CASE WHEN h.seen_at IS NULL THEN 1 ELSE 0 END) AS unseen \
               FROM saved_search_hit h JOIN saved_search s ON s.id = h.search_id WHERE s.user_id = ? GROUP BY h.search_id";
    let rows = db.query_all_raw(stmt(db, sql, vec![user_id.into()])).await?;
    rows.into_iter().map(|r| Ok((r.try_get("", "id")?, r.try_get::<i64>("", "n")?, r.try_get::<i64>("", "unseen")?))).collect()
}

pub async fn mark_seen<C: ConnectionTrait>(db: &C, search_id: i32) -> Result<(), DbErr> {
    db.execute_raw(stmt(db, "UPDATE saved_search_hit SET seen_at = ? WHERE search_id = ? AND seen_at IS NULL", vec![Utc::now().into(), search_id.into()])).await?;
    Ok(())
}

// ---- favourites ----

pub async fn favourites<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(favourite::Entity::find()
        .filter(favourite::Column::UserId.eq(user_id))
        .order_by_asc(favourite::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.offer_id)
        .collect())
}

/// Favourites an account may keep.
pub const MAX_FAVOURITES: usize = 500;

/// Adds offers (unknown ids are skipped) up to `MAX_FAVOURITES`.
pub async fn add_favourites<C: ConnectionTrait>(db: &C, user_id: i32, ids: &[i32]) -> Result<(), DbErr> {
    let have = favourites(db, user_id).await?;
    let room = MAX_FAVOURITES.saturating_sub(have.len());
    let new: Vec<i32> = ids.iter().copied().filter(|id| !have.contains(id)).take(room).collect();
    if new.is_empty() {
        return Ok(());
    }
    let known: Vec<i32> = {
        use crate::db::entities::offer;
        use sea_orm::QuerySelect;
        offer::Entity::find().select_only().column(offer::Column::Id).filter(offer::Column::Id.is_in(new.clone())).into_tuple().all(db).await?
    };
    let now = Utc::now();
    for id in new.into_iter().filter(|id| known.contains(id)) {
        let sql = "INSERT INTO favourite (user_id, offer_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        db.execute_raw(stmt(db, sql, vec![user_id.into(), id.into(), now.into()])).await?;
    }
    Ok(())
}

pub async fn remove_favourite<C: ConnectionTrait>(db: &C, user_id: i32, offer_id: i32) -> Result<(), DbErr> {
    favourite::Entity::delete_many().filter(favourite::Column::UserId.eq(user_id)).filter(favourite::Column::OfferId.eq(offer_id)).exec(db).await?;
    Ok(())
}

/// A person's saved searches for the data export: those of the account and
/// those subscribed to its address without one, with their consent.
pub async fn export<C: ConnectionTrait>(db: &C, user_id: i32, email: &str) -> Result<serde_json::Value, DbErr> {
    let list = saved_search::Entity::find()
        .filter(sea_orm::Condition::any().add(saved_search::Column::UserId.eq(user_id)).add(saved_search::Column::Email.eq(email)))
        .order_by_asc(saved_search::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for s in list {
        let hits = hits(db, s.id, 10_000).await?;
        out.push(serde_json::json!({
            "name": s.name, "query": serde_json::from_str::<serde_json::Value>(&s.query).unwrap_or_default(), "frequency": s.frequency,
            "language": s.lang, "by_email_without_account": s.user_id.is_none(),
            "consent": { "text_version": s.consent_text, "given_at": s.consent_at, "confirmed_at": s.confirmed_at },
            "created_at": s.created_at, "last_mailed_at": s.last_mailed_at,
            "hits": hits.iter().map(|h| serde_json::json!({"offer_id": h.offer_id, "reason": h.reason, "at": h.created_at, "mailed": h.mailed, "seen": h.seen})).collect::<Vec<_>>(),
        }));
    }
    Ok(serde_json::Value::Array(out))
}

/// Subscriptions made without an account to an address (account deletion).
pub async fn delete_by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<(), DbErr> {
    saved_search::Entity::delete_many().filter(saved_search::Column::Email.eq(email)).exec(db).await?;
    Ok(())
}
