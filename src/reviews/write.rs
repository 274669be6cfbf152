//! Review writes after the first import: a resident's review and its edits,
//! hiding and restoring, helpful votes and the provider's reply. Each runs
//! in one write transaction that also keeps the rating aggregates
//! (`store::change_aggregates`) equal to the published reviews.
use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use super::domain::{Provenance, RatingSummary, Stars};
use super::rules::{normalized, ReviewError, ReviewInput, DUPLICATE_MIN_CHARS};
use super::store::{change_aggregates, PUBLISHED};
use crate::db::entities::{customer_code, offer, provider_member, resident_verification, review, review_reply, review_vote};

pub const HIDDEN: &str = "hidden";

#[derive(Debug)]
pub enum WriteError {
    Rule(ReviewError),
    Db(DbErr),
}

impl From<DbErr> for WriteError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

impl From<ReviewError> for WriteError {
    fn from(e: ReviewError) -> Self {
        Self::Rule(e)
    }
}

/// The hex SHA-256 of a one-time customer code, normalised (case, dashes
/// and spaces do not matter).
pub fn code_hash(code: &str) -> String {
    let clean: String = code.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect();
    hex(&Sha256::digest(clean.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Key of the normalised text, for finding identical texts; None for short texts.
pub fn body_key(body: &str) -> Option<String> {
    let n = normalized(body);
    (n.chars().count() >= DUPLICATE_MIN_CHARS).then(|| hex(&Sha256::digest(n.as_bytes())))
}

fn one(stars: Stars, provider_id: i32) -> BTreeMap<i32, RatingSummary> {
    let mut m = BTreeMap::new();
    m.entry(provider_id).or_insert_with(RatingSummary::default).add(stars);
    m
}

pub struct ReviewWrite {
    pub author_id: i32,
    pub provider_id: i32,
    pub offer_id: Option<i32>,
    pub input: ReviewInput,
    /// A one-time customer code, if the resident entered one.
    pub code: Option<String>,
}

/// The code's row if it is valid for this provider and still unused.
async fn usable_code<C: ConnectionTrait>(db: &C, provider_id: i32, code: &str) -> Result<customer_code::Model, WriteError> {
    customer_code::Entity::find()
        .filter(customer_code::Column::CodeHash.eq(code_hash(code)))
        .filter(customer_code::Column::ProviderId.eq(provider_id))
        .filter(customer_code::Column::UsedAt.is_null())
        .one(db)
        .await?
        .ok_or(WriteError::Rule(ReviewError::Code))
}

async fn consume_code<C: ConnectionTrait>(db: &C, code_id: i32, review_id: i32) -> Result<(), WriteError> {
    let done = customer_code::Entity::update_many()
        .col_expr(customer_code::Column::UsedAt, Expr::value(Utc::now()))
        .col_expr(customer_code::Column::ReviewId, Expr::value(review_id))
        .filter(customer_code::Column::Id.eq(code_id))
        .filter(customer_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(ReviewError::Code.into()) }
}

async fn check_offer<C: ConnectionTrait>(db: &C, provider_id: i32, offer_id: Option<i32>) -> Result<(), WriteError> {
    let Some(id) = offer_id else { return Ok(()) };
    let found = offer::Entity::find_by_id(id)
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.eq(PUBLISHED))
        .one(db)
        .await?;
    found.map(|_| ()).ok_or(ReviewError::Offer.into())
}

/// The review this person wrote about this provider, if any.
pub async fn own_review<C: ConnectionTrait>(db: &C, author_id: i32, provider_id: i32) -> Result<Option<review::Model>, DbErr> {
    review::Entity::find()
        .filter(review::Column::AuthorId.eq(author_id))
        .filter(review::Column::ProviderId.eq(provider_id))
        .one(db)
        .await
}

/// A new review. Returns its id and whether another account already
/// published the same text (the caller files an automatic report).
pub async fn create(db: &DatabaseConnection, w: ReviewWrite) -> Result<(i32, bool), WriteError> {
    let txn = crate::db::begin_write(db).await?;
    if provider_member::Entity::find_by_id((w.provider_id, w.author_id)).one(&txn).await?.is_some() {
        return Err(ReviewError::OwnProvider.into());
    }
    if own_review(&txn, w.author_id, w.provider_id).await?.is_some() {
        return Err(ReviewError::Duplicate.into());
    }
    check_offer(&txn, w.provider_id, w.offer_id).await?;
    let code = match w.code.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => Some(usable_code(&txn, w.provider_id, c).await?),
        None => None,
    };
    // The platform itself knows a customer who accepted a quote.
    let quote_id = crate::quotes::store::accepted_quote_of(&txn, w.author_id, w.provider_id).await?;
    let provenance = if quote_id.is_some() {
        Provenance::QuoteCustomer
    } else if code.is_some() {
        Provenance::VerifiedCustomer
    } else if resident_verification::Entity::find_by_id(w.author_id).one(&txn).await?.is_some() {
        Provenance::VerifiedResident
    } else {
        Provenance::Unverified
    };
    let key = body_key(&w.input.body);
    let now = Utc::now();
    let row = review::ActiveModel {
        author_id: Set(w.author_id),
        provider_id: Set(w.provider_id),
        offer_id: Set(w.offer_id),
        stars: Set(i16::from(w.input.stars.get())),
        title: Set(w.input.title),
        body: Set(w.input.body),
        provenance: Set(provenance.as_str().to_owned()),
        status: Set(PUBLISHED.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        experience_month: Set(Some(w.input.month.as_string())),
        helpful_count: Set(0),
        moderation_reason: Set(None),
        body_key: Set(key.clone()),
        quote_id: Set(quote_id),
        ..Default::default()
    };
    // The unique key (author, provider) decides a race between two tabs.
    let inserted = match row.insert(&txn).await {
        Ok(r) => r,
        Err(e) if own_review(db, w.author_id, w.provider_id).await.ok().flatten().is_some() => {
            tracing::info!(error = %e, "review raced another by the same person");
            return Err(ReviewError::Duplicate.into());
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(c) = code {
        consume_code(&txn, c.id, inserted.id).await?;
    }
    change_aggregates(&txn, &one(w.input.stars, w.provider_id), 1).await?;
    let copied = copied_elsewhere(&txn, key.as_deref(), w.author_id).await?;
    txn.commit().await?;
    Ok((inserted.id, copied))
}

/// True when another account wrote a review with the same normalised text.
async fn copied_elsewhere<C: ConnectionTrait>(db: &C, key: Option<&str>, author_id: i32) -> Result<bool, DbErr> {
    let Some(key) = key else { return Ok(false) };
    Ok(review::Entity::find()
        .filter(review::Column::BodyKey.eq(key))
        .filter(review::Column::AuthorId.ne(author_id))
        .one(db)
        .await?
        .is_some())
}

/// The author edits their review; the aggregates follow a change of stars.
/// A valid customer code entered with the edit upgrades the provenance.
pub async fn update(db: &DatabaseConnection, review_id: i32, w: ReviewWrite) -> Result<bool, WriteError> {
    let txn = crate::db::begin_write(db).await?;
    let found = review::Entity::find_by_id(review_id)
        .filter(review::Column::AuthorId.eq(w.author_id))
        .one(&txn)
        .await?
        .ok_or(WriteError::Db(DbErr::RecordNotFound("review".into())))?;
    check_offer(&txn, found.provider_id, w.offer_id).await?;
    let code = match w.code.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => Some(usable_code(&txn, found.provider_id, c).await?),
        None => None,
    };
    let key = body_key(&w.input.body);
    let mut old = found;
    let mut row: review::ActiveModel = old.clone().into();
    row.offer_id = Set(w.offer_id);
    row.stars = Set(i16::from(w.input.stars.get()));
    row.title = Set(w.input.title.clone());
    row.body = Set(w.input.body.clone());
    row.experience_month = Set(Some(w.input.month.as_string()));
    row.body_key = Set(key.clone());
    row.updated_at = Set(Utc::now());
    if code.is_some() && old.provenance != Provenance::QuoteCustomer.as_str() {
        row.provenance = Set(Provenance::VerifiedCustomer.as_str().to_owned());
    }
    // Conditional on the status and stars the counters are adjusted from:
    // a moderator's decision in between is read again, not overwritten.
    let mut written = false;
    for _ in 0..RETRIES {
        let done = review::Entity::update_many()
            .set(row.clone())
            .filter(review::Column::Id.eq(review_id))
            .filter(review::Column::Status.eq(old.status.clone()))
            .filter(review::Column::Stars.eq(old.stars))
            .exec(&txn)
            .await?;
        if done.rows_affected == 1 {
            written = true;
            break;
        }
        old = review::Entity::find_by_id(review_id).one(&txn).await?.ok_or(WriteError::Db(DbErr::RecordNotFound("review".into())))?;
    }
    if !written {
        return Err(WriteError::Db(DbErr::Custom(format!("review {review_id} kept changing"))));
    }
    let text_changed = key != old.body_key;
    if let Some(c) = code {
        consume_code(&txn, c.id, review_id).await?;
    }
    if old.status == PUBLISHED && i16::from(w.input.stars.get()) != old.stars {
        if let Some(before) = Stars::new(i64::from(old.stars)) {
            change_aggregates(&txn, &one(before, old.provider_id), -1).await?;
        }
        change_aggregates(&txn, &one(w.input.stars, old.provider_id), 1).await?;
    }
    let copied = text_changed && copied_elsewhere(&txn, key.as_deref(), w.author_id).await?;
    txn.commit().await?;
    Ok(copied)
}

/// Hides (`published` false) or restores a review with the moderators'
/// statement of reasons, inside the caller's transaction. Returns the
/// review as it was, or None if it does not exist. The write is
/// conditional on the status and stars read, and the rating counters move
/// only with the write that changed the status: two moderators deciding at
/// once (or a decision racing the author's edit) count once, with the
/// stars the review had.
pub async fn set_published<C: ConnectionTrait>(db: &C, review_id: i32, published: bool, reason: &str) -> Result<Option<review::Model>, DbErr> {
    let status = if published { PUBLISHED } else { HIDDEN };
    for _ in 0..RETRIES {
        let Some(old) = review::Entity::find_by_id(review_id).one(db).await? else { return Ok(None) };
        let done = review::Entity::update_many()
            .col_expr(review::Column::Status, Expr::value(status))
            .col_expr(review::Column::ModerationReason, Expr::value(reason.to_owned()))
            .filter(review::Column::Id.eq(review_id))
            .filter(review::Column::Status.eq(old.status.clone()))
            .filter(review::Column::Stars.eq(old.stars))
            .exec(db)
            .await?;
        if done.rows_affected != 1 {
            continue;
        }
        if (old.status == PUBLISHED) != published {
            if let Some(s) = Stars::new(i64::from(old.stars)) {
                change_aggregates(db, &one(s, old.provider_id), if published { 1 } else { -1 }).await?;
            }
        }
        return Ok(Some(old));
    }
    Err(DbErr::Custom(format!("review {review_id} kept changing")))
}

/// Attempts of a conditional review write before giving up.
const RETRIES: usize = 5;

/// A helpful vote: once per person and review (a second is a no-op), never
/// on one's own review, only on published ones.
pub async fn vote(db: &DatabaseConnection, review_id: i32, user_id: i32) -> Result<bool, WriteError> {
    let txn = crate::db::begin_write(db).await?;
    let r = review::Entity::find_by_id(review_id)
        .filter(review::Column::Status.eq(PUBLISHED))
        .one(&txn)
        .await?
        .ok_or(WriteError::Db(DbErr::RecordNotFound("review".into())))?;
    if r.author_id == user_id {
        return Err(ReviewError::OwnReview.into());
    }
    if review_vote::Entity::find_by_id((review_id, user_id)).one(&txn).await?.is_some() {
        return Ok(false);
    }
    review_vote::ActiveModel { review_id: Set(review_id), user_id: Set(user_id), created_at: Set(Utc::now()) }.insert(&txn).await?;
    review::Entity::update_many()
        .col_expr(review::Column::HelpfulCount, Expr::col(review::Column::HelpfulCount).add(1))
        .filter(review::Column::Id.eq(review_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// The provider's public reply: written once, then edited. Returns the
/// review's author when the reply is new (to be notified) and the reply id.
pub async fn reply(db: &DatabaseConnection, review_id: i32, member_id: i32, body: String) -> Result<(i32, Option<i32>), WriteError> {
    let txn = crate::db::begin_write(db).await?;
    let r = review::Entity::find_by_id(review_id).one(&txn).await?.ok_or(WriteError::Db(DbErr::RecordNotFound("review".into())))?;
    let now = Utc::now();
    let existing = review_reply::Entity::find().filter(review_reply::Column::ReviewId.eq(review_id)).one(&txn).await?;
    let (id, new_for) = match existing {
        Some(old) => {
            let mut row: review_reply::ActiveModel = old.into();
            row.body = Set(body);
            row.author_id = Set(Some(member_id));
            row.updated_at = Set(now);
            (row.update(&txn).await?.id, None)
        }
        None => {
            let row = review_reply::ActiveModel {
                review_id: Set(review_id),
                provider_id: Set(r.provider_id),
                author_id: Set(Some(member_id)),
                body: Set(body),
                status: Set(PUBLISHED.to_owned()),
                moderation_reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            (row.insert(&txn).await?.id, Some(r.author_id))
        }
    };
    txn.commit().await?;
    Ok((id, new_for))
}

/// Account deletion: takes back the person's helpful votes (the counters
/// follow); their replies stay as the provider's, without the person.
pub async fn forget_votes<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    let voted: Vec<i32> = review_vote::Entity::find()
        .filter(review_vote::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|v| v.review_id)
        .collect();
    for chunk in voted.chunks(1000) {
        review::Entity::update_many()
            .col_expr(review::Column::HelpfulCount, Expr::col(review::Column::HelpfulCount).sub(1))
            .filter(review::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    review_vote::Entity::delete_many().filter(review_vote::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(())
}
