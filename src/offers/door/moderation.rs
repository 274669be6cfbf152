//! A moderator's decisions on a reported offer, inside the decision's
//! transaction (with the report's state, the notifications and its audit
//! entry). The caller commits, then calls `changes::committed`.
use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::{Move, Moved};
use crate::db::entities::offer;
use crate::offers::lifecycle::{Mover, OfferStatus};

/// Attempts: a provider's save between our read and our write makes the
/// write stale; the decision then applies to what was saved.
const TRIES: usize = 5;

/// Takes the offer down, from whatever state but deleted. None if there is
/// no such offer or it cannot be hidden (deleted, hidden already).
pub async fn hide_in<C: ConnectionTrait>(txn: &C, offer_id: i32, moderator: i32, reason: &str) -> Result<Option<offer::Model>, DbErr> {
    decide(txn, offer_id, moderator, reason, |_| Some(OfferStatus::Hidden)).await
}

/// Shows a hidden offer again, in the state it was hidden from.
pub async fn restore_in<C: ConnectionTrait>(txn: &C, offer_id: i32, moderator: i32, reason: &str) -> Result<Option<offer::Model>, DbErr> {
    decide(txn, offer_id, moderator, reason, |o| {
        (OfferStatus::parse(&o.status) == OfferStatus::Hidden)
            .then(|| o.hidden_from.as_deref().map_or(OfferStatus::Published, OfferStatus::parse))
    })
    .await
}

async fn decide<C: ConnectionTrait>(
    txn: &C,
    offer_id: i32,
    moderator: i32,
    reason: &str,
    target: impl Fn(&offer::Model) -> Option<OfferStatus>,
) -> Result<Option<offer::Model>, DbErr> {
    for _ in 0..TRIES {
        let Some(before) = offer::Entity::find_by_id(offer_id).one(txn).await? else { return Ok(None) };
        let Some(to) = target(&before) else { return Ok(None) };
        match (Move { before: &before, to, by: Mover::Moderator, actor: Some(moderator), at: Utc::now(), audited: true }).run(txn, Some(reason)).await? {
            Moved::Done(after) => return Ok(Some(*after)),
            Moved::Refused(_) => return Ok(None),
            Moved::Stale => continue,
        }
    }
    Err(DbErr::Custom(format!("offer {offer_id} kept changing while a moderator decided")))
}
