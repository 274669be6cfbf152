//! The one door of requests for quotes and their quotes: every change of
//! their rows goes through here, in one write transaction with its state
//! check (`domain`), its version check, its audit entry and its notices
//! (in the app, and by mail through the outbox). The change log's triggers
//! tell open pages (kind `q`).
//!
//! A transaction first claims the request's row (`claim`): on PostgreSQL
//! that row lock orders concurrent quotes and decisions on one request, so
//! a sixth quote cannot slip past a full request and two quotes cannot both
//! be accepted; on SQLite the single writer does the same.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;

use super::domain::{QuoteDraft, QuoteError, QuoteEvent, QuoteState, RequestEvent, RequestState, OPEN_DAYS, OPEN_PER_CATEGORY, QUOTES_PER_PROVIDER_DAY, SENT_PER_DAY};
use super::notify::{self, Notice};
use super::request::RequestDraft;
use crate::accounts::authz::{check, Action};
use crate::accounts::domain::Account;
use crate::db::entities::{provider, quote, quote_message, quote_request as request, quote_request_invite as invite};
use crate::error::AppError;

impl From<DbErr> for QuoteError {
    fn from(e: DbErr) -> Self {
        tracing::error!(error = %e, "quote requests");
        Self::Internal
    }
}

impl From<AppError> for QuoteError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Internal | AppError::Unavailable => Self::Internal,
            _ => Self::NotMatching,
        }
    }
}

/// A refusal: not signed in or not allowed (`App`), or a rule (`Rule`).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    App(AppError),
    Rule(QuoteError),
}

impl From<QuoteError> for Refusal {
    fn from(e: QuoteError) -> Self {
        Self::Rule(e)
    }
}

impl From<DbErr> for Refusal {
    fn from(e: DbErr) -> Self {
        Self::Rule(e.into())
    }
}

/// What every write needs besides its arguments.
pub struct Ctx<'a> {
    pub db: &'a DatabaseConnection,
    /// For the links in mails.
    pub public_url: &'a str,
    /// Quotes a new request takes (`SCD_QUOTES_PER_REQUEST`).
    pub max_quotes: i32,
}

impl<'a> Ctx<'a> {
    pub fn of(st: &'a crate::app::state::AppState) -> Self {
        Self { db: &st.db, public_url: &st.public_url, max_quotes: st.quotes_per_request }
    }
}

pub(super) fn allowed(a: &Account, membership: Option<crate::accounts::authz::MemberRole>, action: Action) -> Result<(), Refusal> {
    check(Some(a), membership, action).map_err(Refusal::App)
}

pub(super) fn state_of(r: &request::Model) -> RequestState {
    RequestState::parse(&r.state).unwrap_or(RequestState::Removed)
}

pub(super) fn quote_state(q: &quote::Model) -> QuoteState {
    QuoteState::parse(&q.state).unwrap_or(QuoteState::Expired)
}

pub(super) fn snapshot(r: &request::Model) -> serde_json::Value {
    json!({ "state": r.state, "version": r.version, "accepted_quote_id": r.accepted_quote_id })
}

/// Claims the request's row for this transaction (see the module doc) and
/// returns it as it is now.
pub(super) async fn claim<C: ConnectionTrait>(txn: &C, id: i32) -> Result<request::Model, QuoteError> {
    let done = request::Entity::update_many()
        .col_expr(request::Column::UpdatedAt, Expr::col(request::Column::UpdatedAt))
        .filter(request::Column::Id.eq(id))
        .exec(txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(QuoteError::State);
    }
    Ok(request::Entity::find_by_id(id).one(txn).await?.ok_or(QuoteError::State)?)
}

/// Moves the request to `to`, checked against `from`'s version.
async fn move_request<C: ConnectionTrait>(txn: &C, r: &request::Model, to: RequestState, set: impl FnOnce(&mut request::ActiveModel)) -> Result<request::Model, QuoteError> {
    let mut m: request::ActiveModel = r.clone().into();
    m.state = Set(to.as_str().to_owned());
    m.version = Set(r.version + 1);
    m.updated_at = Set(Utc::now());
    set(&mut m);
    Ok(m.update(txn).await?)
}

pub(super) async fn step<C: ConnectionTrait>(txn: &C, r: &request::Model, e: RequestEvent) -> Result<request::Model, QuoteError> {
    let to = state_of(r).after(e).ok_or(QuoteError::State)?;
    move_request(txn, r, to, |_| {}).await
}

/// On PostgreSQL, locks `row` until the transaction ends, so the limits
/// counted after it are not raced by the same person's or provider's other
/// posts (SQLite has one writer at a time anyway).
async fn serialize_on<C: ConnectionTrait, E: EntityTrait>(db: &C, id: i32) -> Result<(), DbErr>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32>,
{
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        use sea_orm::QuerySelect;
        // FOR NO KEY UPDATE: it orders these callers but does not conflict
        // with the key-share locks foreign-key checks take (inserting a
        // request takes one on the person's row), which FOR UPDATE would.
        E::find_by_id(id).lock(sea_orm::sea_query::LockType::NoKeyUpdate).one(db).await?;
    }
    Ok(())
}

/// How many of this person's requests count against the limits.
async fn limits<C: ConnectionTrait>(db: &C, user_id: i32, category_id: i32, now: DateTime<Utc>) -> Result<(), QuoteError> {
    serialize_on::<C, crate::db::entities::app_user::Entity>(db, user_id).await?;
    let open = request::Entity::find()
        .filter(request::Column::UserId.eq(user_id))
        .filter(request::Column::CategoryId.eq(category_id))
        .filter(request::Column::State.is_in([RequestState::Open.as_str(), RequestState::Full.as_str()]))
        .count(db)
        .await?;
    if open >= OPEN_PER_CATEGORY {
        return Err(QuoteError::LimitCategory);
    }
    let today = request::Entity::find()
        .filter(request::Column::UserId.eq(user_id))
        .filter(request::Column::SentAt.gt(now - chrono::Duration::hours(24)))
        .count(db)
        .await?;
    if today >= SENT_PER_DAY {
        return Err(QuoteError::LimitDay);
    }
    Ok(())
}

/// A new request, saved as a draft or sent at once. Invited providers must
/// exist and must not be the resident's own.
pub async fn create(cx: &Ctx<'_>, a: &Account, d: &RequestDraft, send: bool) -> Result<i32, Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let own = super::store::members_of(&txn, a.id).await?;
    if d.invites.iter().any(|p| own.contains(p)) {
        return Err(QuoteError::OwnProvider.into());
    }
    let found = provider::Entity::find().filter(provider::Column::Id.is_in(d.invites.clone())).count(&txn).await?;
    if found != d.invites.len() as u64 {
        return Err(QuoteError::Invite.into());
    }
    let now = Utc::now();
    let row = request::ActiveModel {
        user_id: Set(a.id),
        category_id: Set(d.category_id),
        bezirk_id: Set(d.bezirk_id),
        stadtteil_id: Set(d.stadtteil_id),
        title: Set(d.title.clone()),
        description: Set(d.description.clone()),
        details: Set(serde_json::to_string(&d.answers).unwrap_or_else(|_| "{}".into())),
        budget_cents: Set(d.budget_cents),
        open_to_all: Set(d.open_to_all),
        state: Set(RequestState::Draft.as_str().to_owned()),
        max_quotes: Set(cx.max_quotes),
        contact_phone: Set(d.phone.clone()),
        address: Set(d.address.clone()),
        accepted_quote_id: Set(None),
        version: Set(1),
        demo: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for p in &d.invites {
        invite::ActiveModel { request_id: Set(row.id), provider_id: Set(*p), created_at: Set(now) }.insert(&txn).await?;
    }
    crate::audit::store::record(&txn, a.id, "quote_request.create", "quote_request", row.id, None, Some(snapshot(&row))).await?;
    let id = row.id;
    if send {
        send_in(&txn, cx.public_url, a, row).await?;
    }
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(id)
}

/// Sends a draft: limits, the quoting period, the notices to the providers.
async fn send_in<C: ConnectionTrait>(txn: &C, base: &str, a: &Account, r: request::Model) -> Result<request::Model, Refusal> {
    let now = Utc::now();
    if state_of(&r) != RequestState::Draft {
        return Err(QuoteError::State.into());
    }
    limits(txn, a.id, r.category_id, now).await?;
    let to = RequestState::Draft.after(RequestEvent::Send).ok_or(QuoteError::State)?;
    let sent = move_request(txn, &r, to, |m| {
        m.sent_at = Set(Some(now));
        m.closes_at = Set(Some(now + chrono::Duration::days(OPEN_DAYS)));
    })
    .await?;
    crate::audit::store::record(txn, a.id, "quote_request.send", "quote_request", r.id, Some(snapshot(&r)), Some(snapshot(&sent))).await?;
    let recipients = super::store::recipients(txn, &sent).await?;
    for p in recipients {
        notify::providers(txn, base, p, Notice::NewRequest, &sent).await?;
    }
    Ok(sent)
}

/// Sends a saved draft.
pub async fn send(cx: &Ctx<'_>, a: &Account, id: i32, version: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let r = owned(&txn, a, id, version).await?;
    send_in(&txn, cx.public_url, a, r).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// The resident's own request, at the version their page showed.
async fn owned<C: ConnectionTrait>(txn: &C, a: &Account, id: i32, version: i32) -> Result<request::Model, Refusal> {
    let r = claim(txn, id).await.map_err(|_| Refusal::App(AppError::NotFound))?;
    if r.user_id != a.id {
        return Err(Refusal::App(AppError::NotFound));
    }
    if r.version != version {
        return Err(QuoteError::Version.into());
    }
    Ok(r)
}

/// Withdraws a request: its open quotes expire, their providers are told.
pub async fn withdraw(cx: &Ctx<'_>, a: &Account, id: i32, version: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let r = owned(&txn, a, id, version).await?;
    end_request(&txn, cx.public_url, Some(a.id), &r, RequestEvent::Withdraw, "quote_request.withdraw").await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// Ends a request (withdrawn, expired, removed): its active quotes expire
/// and every provider that quoted or was invited hears of it.
pub(super) async fn end_request<C: ConnectionTrait>(txn: &C, base: &str, actor: Option<i32>, r: &request::Model, e: RequestEvent, action: &str) -> Result<request::Model, QuoteError> {
    let was = state_of(r);
    let after = step(txn, r, e).await?;
    crate::audit::store::record_as(txn, actor, action, "quote_request", r.id, Some(snapshot(r)), Some(snapshot(&after))).await?;
    let quotes = quote::Entity::find().filter(quote::Column::RequestId.eq(r.id)).all(txn).await?;
    for q in quotes.iter().filter(|q| quote_state(q).is_active()) {
        set_quote(txn, actor, q, QuoteEvent::Expire, "quote.expire").await?;
    }
    // Providers saw it only once it was sent.
    if was != RequestState::Draft && e != RequestEvent::Expire {
        let mut told: Vec<i32> = quotes.iter().map(|q| q.provider_id).collect();
        told.extend(super::store::invited(txn, r.id).await?);
        told.sort_unstable();
        told.dedup();
        for p in told {
            notify::providers(txn, base, p, Notice::Withdrawn, &after).await?;
        }
    }
    Ok(after)
}

pub(super) async fn set_quote<C: ConnectionTrait>(txn: &C, actor: Option<i32>, q: &quote::Model, e: QuoteEvent, action: &str) -> Result<quote::Model, QuoteError> {
    let to = quote_state(q).after(e).ok_or(QuoteError::State)?;
    let mut m: quote::ActiveModel = q.clone().into();
    m.state = Set(to.as_str().to_owned());
    m.version = Set(q.version + 1);
    m.updated_at = Set(Utc::now());
    let after = m.update(txn).await?;
    crate::audit::store::record_as(txn, actor, action, "quote", q.id, Some(json!({ "state": q.state })), Some(json!({ "state": after.state }))).await?;
    Ok(after)
}

/// Active quotes of a request.
async fn active_quotes<C: ConnectionTrait>(txn: &C, request_id: i32) -> Result<u64, DbErr> {
    quote::Entity::find()
        .filter(quote::Column::RequestId.eq(request_id))
        .filter(quote::Column::State.is_in([QuoteState::Submitted.as_str(), QuoteState::Revised.as_str()]))
        .count(txn)
        .await
}

fn esis_json(d: &QuoteDraft) -> Option<String> {
    d.esis.as_ref().and_then(|e| serde_json::to_string(e).ok())
}

/// A provider's quote to a request it may answer. `a` must act for
/// `provider_id`; the request must be open and must match or have invited it.
pub async fn submit(cx: &Ctx<'_>, a: &Account, provider_id: i32, request_id: i32, d: &QuoteDraft) -> Result<i32, Refusal> {
    let membership = crate::members::store::membership(cx.db, provider_id, a.id).await.map_err(|e| Refusal::App(e.into()))?;
    allowed(a, membership, Action::AnswerQuoteRequest)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let r = claim(&txn, request_id).await.map_err(|_| Refusal::App(AppError::NotFound))?;
    if !super::store::may_see(&txn, &r, provider_id).await? {
        return Err(Refusal::App(AppError::NotFound));
    }
    if r.user_id == a.id {
        return Err(QuoteError::OwnProvider.into());
    }
    if !state_of(&r).takes_quotes() || r.closes_at.is_some_and(|c| c <= Utc::now()) {
        return Err(QuoteError::Closed.into());
    }
    if quote::Entity::find().filter(quote::Column::RequestId.eq(r.id)).filter(quote::Column::ProviderId.eq(provider_id)).one(&txn).await?.is_some() {
        return Err(QuoteError::Duplicate.into());
    }
    serialize_on::<_, provider::Entity>(&txn, provider_id).await?;
    let today = quote::Entity::find()
        .filter(quote::Column::ProviderId.eq(provider_id))
        .filter(quote::Column::CreatedAt.gt(Utc::now() - chrono::Duration::hours(24)))
        .count(&txn)
        .await?;
    if today >= QUOTES_PER_PROVIDER_DAY {
        return Err(QuoteError::LimitProvider.into());
    }
    check_terms(&r, d)?;
    let now = Utc::now();
    let q = quote::ActiveModel {
        request_id: Set(r.id),
        provider_id: Set(provider_id),
        author_id: Set(Some(a.id)),
        state: Set(QuoteState::Submitted.as_str().to_owned()),
        price_cents: Set(d.price_cents),
        price_type: Set(d.price_type.as_str().to_owned()),
        included: Set(d.included.clone()),
        valid_until: Set(d.valid_until),
        earliest_start: Set(d.earliest_start),
        message: Set(d.message.clone()),
        esis: Set(esis_json(d)),
        revision: Set(1),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::audit::store::record(&txn, a.id, "quote.submit", "quote", q.id, None, Some(json!({ "request_id": r.id, "price_cents": q.price_cents, "price_type": q.price_type }))).await?;
    if active_quotes(&txn, r.id).await? >= r.max_quotes.max(1) as u64 {
        let full = step(&txn, &r, RequestEvent::Fill).await?;
        crate::audit::store::record(&txn, a.id, "quote_request.full", "quote_request", r.id, Some(snapshot(&r)), Some(snapshot(&full))).await?;
    }
    notify::resident(&txn, cx.public_url, &r, Notice::NewQuote, provider_id).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(q.id)
}

/// A mortgage quote must use the request's Zinsbindung.
fn check_terms(r: &request::Model, d: &QuoteDraft) -> Result<(), QuoteError> {
    let answers: std::collections::BTreeMap<String, String> = serde_json::from_str(&r.details).unwrap_or_default();
    match (super::request::terms_of(&answers), &d.esis) {
        (Some(t), Some(e)) if e.fixed_years != t.fixed_years => Err(QuoteError::EsisYears),
        _ => Ok(()),
    }
}

/// The provider's quote of `quote_id`, claimed with its request.
async fn providers_quote<C: ConnectionTrait>(txn: &C, provider_id: i32, quote_id: i32) -> Result<(quote::Model, request::Model), Refusal> {
    let q = quote::Entity::find_by_id(quote_id).filter(quote::Column::ProviderId.eq(provider_id)).one(txn).await?.ok_or(Refusal::App(AppError::NotFound))?;
    let r = claim(txn, q.request_id).await?;
    let q = quote::Entity::find_by_id(quote_id).one(txn).await?.ok_or(Refusal::App(AppError::NotFound))?;
    Ok((q, r))
}

/// A new revision of an active quote while the request takes quotes; the
/// resident must accept the revision, not the version they saw before.
pub async fn revise(cx: &Ctx<'_>, a: &Account, provider_id: i32, quote_id: i32, version: i32, d: &QuoteDraft) -> Result<(), Refusal> {
    let membership = crate::members::store::membership(cx.db, provider_id, a.id).await.map_err(|e| Refusal::App(e.into()))?;
    allowed(a, membership, Action::AnswerQuoteRequest)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let (q, r) = providers_quote(&txn, provider_id, quote_id).await?;
    if q.version != version {
        return Err(QuoteError::Version.into());
    }
    let to = quote_state(&q).after(QuoteEvent::Revise).ok_or(QuoteError::State)?;
    if !matches!(state_of(&r), RequestState::Open | RequestState::Full) {
        return Err(QuoteError::Closed.into());
    }
    check_terms(&r, d)?;
    let before = json!({ "revision": q.revision, "price_cents": q.price_cents, "price_type": q.price_type, "included": q.included, "valid_until": q.valid_until, "esis": q.esis });
    let mut m: quote::ActiveModel = q.clone().into();
    m.state = Set(to.as_str().to_owned());
    m.price_cents = Set(d.price_cents);
    m.price_type = Set(d.price_type.as_str().to_owned());
    m.included = Set(d.included.clone());
    m.valid_until = Set(d.valid_until);
    m.earliest_start = Set(d.earliest_start);
    m.message = Set(d.message.clone());
    m.esis = Set(esis_json(d));
    m.revision = Set(q.revision + 1);
    m.version = Set(q.version + 1);
    m.author_id = Set(Some(a.id));
    m.updated_at = Set(Utc::now());
    let after = m.update(&txn).await?;
    let now = json!({ "revision": after.revision, "price_cents": after.price_cents, "price_type": after.price_type, "included": after.included, "valid_until": after.valid_until, "esis": after.esis });
    crate::audit::store::record(&txn, a.id, "quote.revise", "quote", q.id, Some(before), Some(now)).await?;
    notify::resident(&txn, cx.public_url, &r, Notice::Revised, provider_id).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// The provider takes its quote back; a full request opens again.
pub async fn withdraw_quote(cx: &Ctx<'_>, a: &Account, provider_id: i32, quote_id: i32) -> Result<(), Refusal> {
    let membership = crate::members::store::membership(cx.db, provider_id, a.id).await.map_err(|e| Refusal::App(e.into()))?;
    allowed(a, membership, Action::AnswerQuoteRequest)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let (q, r) = providers_quote(&txn, provider_id, quote_id).await?;
    set_quote(&txn, Some(a.id), &q, QuoteEvent::Withdraw, "quote.withdraw").await?;
    reopen_if_room(&txn, Some(a.id), &r).await?;
    notify::resident(&txn, cx.public_url, &r, Notice::QuoteWithdrawn, provider_id).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

pub(super) async fn reopen_if_room<C: ConnectionTrait>(txn: &C, actor: Option<i32>, r: &request::Model) -> Result<(), QuoteError> {
    let in_time = r.closes_at.is_none_or(|c| c > Utc::now());
    if state_of(r) == RequestState::Full && in_time && active_quotes(txn, r.id).await? < r.max_quotes.max(1) as u64 {
        let open = step(txn, r, RequestEvent::Unfill).await?;
        crate::audit::store::record_as(txn, actor, "quote_request.reopen", "quote_request", r.id, Some(snapshot(r)), Some(snapshot(&open))).await?;
    }
    Ok(())
}

/// The resident's quote of their request, at the version their page showed.
async fn residents_quote<C: ConnectionTrait>(txn: &C, a: &Account, quote_id: i32, version: i32) -> Result<(quote::Model, request::Model), Refusal> {
    let q = quote::Entity::find_by_id(quote_id).one(txn).await?.ok_or(Refusal::App(AppError::NotFound))?;
    let r = claim(txn, q.request_id).await?;
    if r.user_id != a.id {
        return Err(Refusal::App(AppError::NotFound));
    }
    let q = quote::Entity::find_by_id(quote_id).one(txn).await?.ok_or(Refusal::App(AppError::NotFound))?;
    if q.version != version {
        return Err(QuoteError::Version.into());
    }
    Ok((q, r))
}

/// Accepts a quote: the request is accepted, every other active quote is
/// superseded and its provider told; the accepted provider now sees the
/// resident's contact details.
pub async fn accept(cx: &Ctx<'_>, a: &Account, quote_id: i32, version: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let (q, r) = residents_quote(&txn, a, quote_id, version).await?;
    if q.valid_until < Utc::now().date_naive() {
        return Err(QuoteError::QuoteExpired.into());
    }
    let to = state_of(&r).after(RequestEvent::Accept).ok_or(QuoteError::State)?;
    let accepted = set_quote(&txn, Some(a.id), &q, QuoteEvent::Accept, "quote.accept").await?;
    let after = move_request(&txn, &r, to, |m| m.accepted_quote_id = Set(Some(accepted.id))).await?;
    crate::audit::store::record(&txn, a.id, "quote_request.accept", "quote_request", r.id, Some(snapshot(&r)), Some(snapshot(&after))).await?;
    notify::providers(&txn, cx.public_url, q.provider_id, Notice::Accepted, &after).await?;
    let others = quote::Entity::find().filter(quote::Column::RequestId.eq(r.id)).filter(quote::Column::Id.ne(q.id)).all(&txn).await?;
    for o in others.iter().filter(|o| quote_state(o).is_active()) {
        set_quote(&txn, Some(a.id), o, QuoteEvent::Supersede, "quote.supersede").await?;
        notify::providers(&txn, cx.public_url, o.provider_id, Notice::Superseded, &after).await?;
    }
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// Declines one quote; its provider is told and a full request opens again.
pub async fn decline(cx: &Ctx<'_>, a: &Account, quote_id: i32, version: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let (q, r) = residents_quote(&txn, a, quote_id, version).await?;
    set_quote(&txn, Some(a.id), &q, QuoteEvent::Decline, "quote.decline").await?;
    reopen_if_room(&txn, Some(a.id), &r).await?;
    notify::providers(&txn, cx.public_url, q.provider_id, Notice::Declined, &r).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// The resident marks an accepted request done.
pub async fn complete(cx: &Ctx<'_>, a: &Account, id: i32, version: i32) -> Result<(), Refusal> {
    allowed(a, None, Action::RequestQuotes)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let r = owned(&txn, a, id, version).await?;
    let after = step(&txn, &r, RequestEvent::Complete).await?;
    crate::audit::store::record(&txn, a.id, "quote_request.complete", "quote_request", r.id, Some(snapshot(&r)), Some(snapshot(&after))).await?;
    txn.commit().await?;
    Ok(())
}

/// A message in a quote's thread, from the resident or (`as_provider`) from
/// a member of the quoting provider.
pub async fn post_message(cx: &Ctx<'_>, a: &Account, quote_id: i32, as_provider: Option<i32>, body: &str) -> Result<(), Refusal> {
    let body = super::domain::clean_text(body, 1, super::domain::LONG_MAX).ok_or(QuoteError::Message)?;
    let txn = crate::db::begin_write(cx.db).await?;
    let q = quote::Entity::find_by_id(quote_id).one(&txn).await?.ok_or(Refusal::App(AppError::NotFound))?;
    let r = claim(&txn, q.request_id).await?;
    match as_provider {
        Some(p) => {
            let membership = crate::members::store::membership(&txn, p, a.id).await.map_err(|e| Refusal::App(e.into()))?;
            allowed(a, membership, Action::AnswerQuoteRequest)?;
            if q.provider_id != p {
                return Err(Refusal::App(AppError::NotFound));
            }
        }
        None => {
            allowed(a, None, Action::RequestQuotes)?;
            if r.user_id != a.id {
                return Err(Refusal::App(AppError::NotFound));
            }
        }
    }
    if matches!(state_of(&r), RequestState::Withdrawn | RequestState::Removed) {
        return Err(QuoteError::State.into());
    }
    quote_message::ActiveModel { quote_id: Set(q.id), author_id: Set(Some(a.id)), from_provider: Set(as_provider.is_some()), body: Set(body), created_at: Set(Utc::now()), ..Default::default() }
        .insert(&txn)
        .await?;
    // The request's row is touched (not its version: the resident's open
    // page stays valid), so open pages hear of the message.
    request::Entity::update_many().col_expr(request::Column::UpdatedAt, Expr::value(Utc::now())).filter(request::Column::Id.eq(r.id)).exec(&txn).await?;
    match as_provider {
        Some(p) => notify::resident(&txn, cx.public_url, &r, Notice::Message, p).await?,
        None => notify::providers(&txn, cx.public_url, q.provider_id, Notice::Message, &r).await?,
    }
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(())
}

/// How the person hears of new requests for the provider: at once, or
/// (`daily`) in one mail a day. Their own setting, per provider.
pub async fn set_notices(cx: &Ctx<'_>, a: &Account, provider_id: i32, daily: bool) -> Result<(), Refusal> {
    use crate::db::entities::quote_notice;
    let membership = crate::members::store::membership(cx.db, provider_id, a.id).await.map_err(|e| Refusal::App(e.into()))?;
    allowed(a, membership, Action::AnswerQuoteRequest)?;
    let txn = crate::db::begin_write(cx.db).await?;
    match quote_notice::Entity::find_by_id((provider_id, a.id)).one(&txn).await? {
        Some(n) if n.daily == daily => {}
        // The daily mail counts from the choice: what was mailed at once
        // before is not mailed again.
        Some(n) => {
            let mut m: quote_notice::ActiveModel = n.into();
            m.daily = Set(daily);
            if daily {
                m.digest_at = Set(Some(Utc::now()));
            }
            m.update(&txn).await?;
        }
        None => {
            quote_notice::ActiveModel { provider_id: Set(provider_id), user_id: Set(a.id), daily: Set(daily), digest_at: Set(daily.then(Utc::now)) }.insert(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
