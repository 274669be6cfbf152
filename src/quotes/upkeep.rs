//! The requests' writes no page of theirs makes: moderation, the clock
//! (the end of the quoting period, quotes past their validity, the "closes
//! in 24 h" reminder, the daily mail of new requests) and account deletion.
//! Through the same steps as `door`: claim the request's row, check the
//! state, audit, notify.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::domain::{QuoteEvent, QuoteState, RequestEvent, RequestState};
use super::door::{allowed, claim, end_request, quote_state, reopen_if_room, set_quote, snapshot, state_of, step, Ctx, Refusal};
use super::notify::{self, Notice};
use crate::accounts::authz::Action;
use crate::accounts::domain::Account;
use crate::db::entities::{quote, quote_request as request};
use crate::error::AppError;

/// Moderation removes a request: its quotes expire, providers are told.
pub async fn remove(cx: &Ctx<'_>, moderator: &Account, id: i32) -> Result<(), Refusal> {
    allowed(moderator, None, Action::ModerateContent)?;
    let txn = crate::db::begin_write(cx.db).await?;
    if remove_in(&txn, cx.public_url, moderator.id, id).await?.is_none() {
        return Err(Refusal::App(AppError::NotFound));
    }
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// `remove` inside a moderator's decision (`reports`): the resident who
/// asked, or None when there is nothing (more) to remove.
pub async fn remove_in<C: ConnectionTrait>(txn: &C, base: &str, moderator: i32, id: i32) -> Result<Option<i32>, DbErr> {
    let Ok(r) = claim(txn, id).await else { return Ok(None) };
    if state_of(&r).after(RequestEvent::Remove).is_none() {
        return Ok(None);
    }
    end_request(txn, base, Some(moderator), &r, RequestEvent::Remove, "quote_request.remove").await.map_err(|_| DbErr::Custom("remove".into()))?;
    Ok(Some(r.user_id))
}

/// A moderator takes a reported quote back (it counts as withdrawn; a full
/// request opens again): the provider's people, or None when it is no
/// longer active.
pub async fn remove_quote_in<C: ConnectionTrait>(txn: &C, base: &str, moderator: i32, id: i32) -> Result<Option<Vec<i32>>, DbErr> {
    let Some(q) = quote::Entity::find_by_id(id).one(txn).await? else { return Ok(None) };
    let Ok(r) = claim(txn, q.request_id).await else { return Ok(None) };
    let Some(q) = quote::Entity::find_by_id(id).one(txn).await?.filter(|q| quote_state(q).is_active()) else { return Ok(None) };
    set_quote(txn, Some(moderator), &q, QuoteEvent::Withdraw, "quote.remove").await.map_err(|_| DbErr::Custom("remove".into()))?;
    reopen_if_room(txn, Some(moderator), &r).await.map_err(|_| DbErr::Custom("reopen".into()))?;
    notify::resident(txn, base, &r, Notice::QuoteWithdrawn, q.provider_id).await?;
    use crate::db::entities::provider_member as m;
    Ok(Some(m::Entity::find().filter(m::Column::ProviderId.eq(q.provider_id)).all(txn).await?.into_iter().map(|m| m.user_id).collect()))
}

/// Ends the quoting period of requests past it, expires quotes past their
/// validity, and sends the "closes in 24 h" reminders. Returns how many
/// requests expired.
pub async fn expire_due(cx: &Ctx<'_>, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let due = request::Entity::find()
        .filter(request::Column::State.is_in([RequestState::Open.as_str(), RequestState::Full.as_str()]))
        .filter(request::Column::ClosesAt.lte(now))
        .all(cx.db)
        .await?;
    let mut n = 0;
    for r in due {
        let txn = crate::db::begin_write(cx.db).await?;
        let Ok(r) = claim(&txn, r.id).await else { continue };
        if matches!(state_of(&r), RequestState::Open | RequestState::Full) && r.closes_at.is_some_and(|c| c <= now) {
            // Quotes stay acceptable while valid: expiring ends new quotes only.
            let after = step(&txn, &r, RequestEvent::Expire).await.map_err(|_| DbErr::Custom("expire".into()))?;
            crate::audit::store::record_as(&txn, None, "quote_request.expire", "quote_request", r.id, Some(snapshot(&r)), Some(snapshot(&after))).await?;
            notify::resident(&txn, cx.public_url, &after, Notice::Expired, 0).await?;
            n += 1;
        }
        txn.commit().await?;
    }
    let stale = quote::Entity::find()
        .filter(quote::Column::State.is_in([QuoteState::Submitted.as_str(), QuoteState::Revised.as_str()]))
        .filter(quote::Column::ValidUntil.lt(now.date_naive()))
        .all(cx.db)
        .await?;
    for q in stale {
        let txn = crate::db::begin_write(cx.db).await?;
        let Ok(r) = claim(&txn, q.request_id).await else { continue };
        if let Some(q) = quote::Entity::find_by_id(q.id).one(&txn).await?.filter(|q| quote_state(q).is_active() && q.valid_until < now.date_naive()) {
            set_quote(&txn, None, &q, QuoteEvent::Expire, "quote.expire").await.map_err(|_| DbErr::Custom("expire".into()))?;
            reopen_if_room(&txn, None, &r).await.map_err(|_| DbErr::Custom("reopen".into()))?;
        }
        txn.commit().await?;
    }
    let soon = request::Entity::find()
        .filter(request::Column::State.is_in([RequestState::Open.as_str(), RequestState::Full.as_str()]))
        .filter(request::Column::ClosesAt.lte(now + chrono::Duration::hours(24)))
        .filter(request::Column::RemindedAt.is_null())
        .all(cx.db)
        .await?;
    for r in soon {
        let txn = crate::db::begin_write(cx.db).await?;
        let marked = request::Entity::update_many()
            .col_expr(request::Column::RemindedAt, Expr::value(now))
            .filter(request::Column::Id.eq(r.id))
            .filter(request::Column::RemindedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected == 1 {
            notify::resident(&txn, cx.public_url, &r, Notice::ClosesSoon, 0).await?;
        }
        txn.commit().await?;
    }
    crate::server::outbox::queued();
    Ok(n)
}

/// Runs `expire_due` every minute on every instance (each step is claimed
/// in its own transaction, so instances do not double it).
pub fn spawn_expiry(db: DatabaseConnection, public_url: String, max_quotes: i32) {
    tokio::spawn(async move {
        let cx = Ctx { db: &db, public_url: &public_url, max_quotes };
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = expire_due(&cx, Utc::now()).await {
                tracing::warn!(error = %e, "expiring requests for quotes");
            }
            if let Err(e) = notify::digests(&db, &public_url, Utc::now()).await {
                tracing::warn!(error = %e, "daily mails of new requests for quotes");
            }
        }
    });
}

/// A deleted account's requests: providers that quoted or were invited
/// hear they were withdrawn; the rows go with the account (cascade).
pub async fn forget_account<C: ConnectionTrait>(txn: &C, base: &str, user_id: i32) -> Result<(), DbErr> {
    let ids: Vec<i32> = request::Entity::find().filter(request::Column::UserId.eq(user_id)).all(txn).await?.into_iter().map(|r| r.id).collect();
    for id in ids {
        let Ok(r) = claim(txn, id).await else { continue };
        let s = state_of(&r);
        if s.visible_to_providers() && s.after(RequestEvent::Withdraw).is_some() {
            end_request(txn, base, None, &r, RequestEvent::Withdraw, "quote_request.withdraw_deleted_account").await.map_err(|_| DbErr::Custom("withdraw".into()))?;
        } else if let Some(q) = r.accepted_quote_id {
            // The chosen provider loses the request (and its details) too.
            if let Some(q) = quote::Entity::find_by_id(q).one(txn).await? {
                notify::providers(txn, base, q.provider_id, Notice::Withdrawn, &r).await?;
            }
        }
    }
    // Messages the person wrote for a provider stay with its quote, without
    // the author (the foreign key sets it to NULL).
    Ok(())
}
