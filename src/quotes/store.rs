//! Reads of requests for quotes: who may see a request, the resident's
//! view with every quote, a provider's view with its own quote only, and
//! the data export. Nothing here writes (that is `door`).
use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{json, Value};

use super::domain::{Esis, PriceType, QuoteState, RequestState};
use super::views::{BoardRequest, Contact, MessageView, QuoteProvider, QuoteView, RequestRow, RequestSummary};
use crate::db::entities::{
    app_user, category, offer, provider, provider_category, provider_district, provider_member, provider_rating, quote, quote_message, quote_request as request,
    quote_request_invite as invite, review,
};
use crate::reference::Reference;

/// States in which providers see a request (sent, not withdrawn or removed).
const VISIBLE: [&str; 5] = ["open", "full", "accepted", "completed", "expired"];

/// The request's category and its parent: a provider of either answers.
async fn category_scope<C: ConnectionTrait>(db: &C, category_id: i32) -> Result<Vec<i32>, DbErr> {
    let parent = category::Entity::find_by_id(category_id).one(db).await?.and_then(|c| c.parent_id);
    Ok([Some(category_id), parent].into_iter().flatten().collect())
}

/// The providers the person acts for.
pub(super) async fn members_of<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(provider_member::Entity::find().filter(provider_member::Column::UserId.eq(user_id)).all(db).await?.into_iter().map(|m| m.provider_id).collect())
}

pub async fn invited<C: ConnectionTrait>(db: &C, request_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(invite::Entity::find().filter(invite::Column::RequestId.eq(request_id)).all(db).await?.into_iter().map(|i| i.provider_id).collect())
}

/// The providers that offer one of `categories`: named in their profile,
/// or with a published offer in it.
async fn offering<C: ConnectionTrait>(db: &C, categories: &[i32], among: Option<i32>) -> Result<Vec<i32>, DbErr> {
    let mut declared = provider_category::Entity::find().filter(provider_category::Column::CategoryId.is_in(categories.to_vec()));
    let mut published = offer::Entity::find()
        .select_only()
        .column(offer::Column::ProviderId)
        .distinct()
        .filter(offer::Column::CategoryId.is_in(categories.to_vec()))
        .filter(offer::Column::Status.eq("published"));
    if let Some(p) = among {
        declared = declared.filter(provider_category::Column::ProviderId.eq(p));
        published = published.filter(offer::Column::ProviderId.eq(p));
    }
    let mut out: Vec<i32> = declared.all(db).await?.into_iter().map(|c| c.provider_id).collect();
    out.extend(published.into_tuple::<i32>().all(db).await?);
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The categories a provider offers (see `offering`).
async fn offered_by<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<i32>, DbErr> {
    let mut out: Vec<i32> = provider_category::Entity::find().filter(provider_category::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|c| c.category_id).collect();
    out.extend(
        offer::Entity::find()
            .select_only()
            .column(offer::Column::CategoryId)
            .distinct()
            .filter(offer::Column::ProviderId.eq(provider_id))
            .filter(offer::Column::Status.eq("published"))
            .into_tuple::<i32>()
            .all(db)
            .await?,
    );
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Whether a provider offers the request's category and serves its
/// Stadtbezirk (no Stadtbezirk named: the whole city).
async fn matches<C: ConnectionTrait>(db: &C, r: &request::Model, provider_id: i32) -> Result<bool, DbErr> {
    let scope = category_scope(db, r.category_id).await?;
    if offering(db, &scope, Some(provider_id)).await?.is_empty() {
        return Ok(false);
    }
    let served: Vec<i32> = provider_district::Entity::find().filter(provider_district::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|d| d.bezirk_id).collect();
    Ok(served.is_empty() || served.contains(&r.bezirk_id))
}

/// The providers a sent request goes to: those invited, and with "open to
/// all" every matching one; never a provider the resident acts for.
pub async fn recipients<C: ConnectionTrait>(db: &C, r: &request::Model) -> Result<Vec<i32>, DbErr> {
    let mut out = invited(db, r.id).await?;
    if r.open_to_all {
        let scope = category_scope(db, r.category_id).await?;
        let offering = offering(db, &scope, None).await?;
        let districts = provider_district::Entity::find().filter(provider_district::Column::ProviderId.is_in(offering.clone())).all(db).await?;
        for p in offering {
            let served: Vec<i32> = districts.iter().filter(|d| d.provider_id == p).map(|d| d.bezirk_id).collect();
            if served.is_empty() || served.contains(&r.bezirk_id) {
                out.push(p);
            }
        }
    }
    let own = members_of(db, r.user_id).await?;
    out.retain(|p| !own.contains(p));
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Whether the provider may see the request at all.
pub async fn may_see<C: ConnectionTrait>(db: &C, r: &request::Model, provider_id: i32) -> Result<bool, DbErr> {
    let state = RequestState::parse(&r.state).unwrap_or(RequestState::Removed);
    if !state.visible_to_providers() || members_of(db, r.user_id).await?.contains(&provider_id) {
        return Ok(false);
    }
    if invite::Entity::find_by_id((r.id, provider_id)).one(db).await?.is_some() {
        return Ok(true);
    }
    if quote::Entity::find().filter(quote::Column::RequestId.eq(r.id)).filter(quote::Column::ProviderId.eq(provider_id)).count(db).await? > 0 {
        return Ok(true);
    }
    Ok(r.open_to_all && matches(db, r, provider_id).await?)
}

/// `may_see` by the request's id; false for no such request.
pub async fn visible_to<C: ConnectionTrait>(db: &C, request_id: i32, provider_id: i32) -> Result<bool, DbErr> {
    match request::Entity::find_by_id(request_id).one(db).await? {
        Some(r) => may_see(db, &r, provider_id).await,
        None => Ok(false),
    }
}

fn answers_of(r: &request::Model) -> BTreeMap<String, String> {
    serde_json::from_str(&r.details).unwrap_or_default()
}

pub fn summary(r: &request::Model, reference: &Reference, quotes: i64) -> RequestSummary {
    let form = super::request::form_of(super::forms::forms(), reference, r.category_id);
    let place = match r.stadtteil_id {
        Some(s) => reference.districts.stadtteil_label(s),
        None => reference.districts.bezirk(r.bezirk_id).map(|b| b.name.clone()).unwrap_or_default(),
    };
    RequestSummary {
        id: r.id,
        version: r.version,
        title: r.title.clone(),
        category: reference.categories.path_name(r.category_id),
        place,
        description: r.description.clone(),
        answers: form.show_in(crate::i18n::locale(), &answers_of(r)),
        budget_cents: r.budget_cents,
        state: RequestState::parse(&r.state).unwrap_or(RequestState::Removed),
        open_to_all: r.open_to_all,
        max_quotes: r.max_quotes,
        quotes,
        sent_at: r.sent_at,
        closes_at: r.closes_at,
        mortgage: form.esis,
        fixed_years: if form.esis { super::request::terms_of(&answers_of(r)).map(|t| t.fixed_years) } else { None },
        photos_wanted: form.photos,
        photos: Vec::new(),
        demo: r.demo,
    }
}

/// Active and accepted quotes of each request.
async fn quote_counts<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<HashMap<i32, i64>, DbErr> {
    let mut out = HashMap::new();
    let rows = quote::Entity::find()
        .filter(quote::Column::RequestId.is_in(ids.to_vec()))
        .filter(quote::Column::State.is_in(["submitted", "revised", "accepted"]))
        .all(db)
        .await?;
    for q in rows {
        *out.entry(q.request_id).or_insert(0) += 1;
    }
    Ok(out)
}

pub async fn providers<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<HashMap<i32, QuoteProvider>, DbErr> {
    let rows = provider::Entity::find().filter(provider::Column::Id.is_in(ids.to_vec())).all(db).await?;
    let ratings: HashMap<i32, provider_rating::Model> =
        provider_rating::Entity::find().filter(provider_rating::Column::ProviderId.is_in(ids.to_vec())).all(db).await?.into_iter().map(|r| (r.provider_id, r)).collect();
    Ok(rows
        .into_iter()
        .map(|p| {
            let rating = ratings.get(&p.id);
            let reviews = rating.map_or(0, |r| r.review_count);
            let view = QuoteProvider {
                id: p.id,
                path: crate::common::url_key::provider_path(p.id, &p.slug),
                name: p.name.clone(),
                rating: rating.filter(|r| r.review_count > 0).map(|r| r.star_sum as f64 / r.review_count as f64),
                reviews,
                ownership: crate::providers::domain::Ownership::parse(&p.ownership).map(|o| o.label().to_owned()).unwrap_or_default(),
                verified_ownership: p.ownership_verified_at.is_some(),
            };
            (p.id, view)
        })
        .collect())
}

async fn quote_views<C: ConnectionTrait>(db: &C, rows: Vec<quote::Model>) -> Result<Vec<QuoteView>, DbErr> {
    let ids: Vec<i32> = rows.iter().map(|q| q.provider_id).collect();
    let who = providers(db, &ids).await?;
    let messages = quote_message::Entity::find()
        .filter(quote_message::Column::QuoteId.is_in(rows.iter().map(|q| q.id).collect::<Vec<_>>()))
        .order_by_asc(quote_message::Column::Id)
        .all(db)
        .await?;
    let mut pdfs = super::files::pdfs(db, &rows).await?;
    Ok(rows
        .into_iter()
        .filter_map(|q| {
            Some(QuoteView {
                pdf: pdfs.remove(&q.id),
                id: q.id,
                version: q.version,
                provider: who.get(&q.provider_id)?.clone(),
                state: QuoteState::parse(&q.state)?,
                price_cents: q.price_cents,
                price_type: PriceType::parse(&q.price_type)?,
                included: q.included,
                valid_until: q.valid_until,
                earliest_start: q.earliest_start,
                message: q.message,
                esis: q.esis.as_deref().and_then(|e| serde_json::from_str::<Esis>(e).ok()),
                revision: q.revision,
                updated_at: q.updated_at,
                messages: messages.iter().filter(|m| m.quote_id == q.id).map(|m| MessageView { from_provider: m.from_provider, body: m.body.clone(), at: m.created_at }).collect(),
            })
        })
        .collect())
}

/// "Meine Anfragen": the person's requests, newest first.
pub async fn mine<C: ConnectionTrait>(db: &C, reference: &Reference, user_id: i32) -> Result<Vec<RequestRow>, DbErr> {
    let rows = request::Entity::find().filter(request::Column::UserId.eq(user_id)).order_by_desc(request::Column::Id).limit(200).all(db).await?;
    let counts = quote_counts(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(rows.iter().map(|r| RequestRow { summary: summary(r, reference, counts.get(&r.id).copied().unwrap_or(0)), own_quote: None, invited: false }).collect())
}

/// The resident's own request with every quote; None if it is not theirs.
pub async fn own_request<C: ConnectionTrait>(db: &C, reference: &Reference, user_id: i32, id: i32) -> Result<Option<super::views::RequestView>, DbErr> {
    let Some(r) = request::Entity::find_by_id(id).filter(request::Column::UserId.eq(user_id)).one(db).await? else { return Ok(None) };
    let rows = quote::Entity::find().filter(quote::Column::RequestId.eq(id)).order_by_asc(quote::Column::Id).all(db).await?;
    let quotes = quote_views(db, rows).await?;
    let counted = quotes.iter().filter(|q| q.state.is_active() || q.state == QuoteState::Accepted).count() as i64;
    let invited_ids = invited(db, id).await?;
    let who = providers(db, &invited_ids).await?;
    let accepted_provider = quotes.iter().find(|q| Some(q.id) == r.accepted_quote_id).map(|q| q.provider.id);
    let may_review = match accepted_provider {
        Some(p) => {
            let reviewed = review::Entity::find().filter(review::Column::AuthorId.eq(user_id)).filter(review::Column::ProviderId.eq(p)).count(db).await? > 0;
            (!reviewed).then_some(p)
        }
        None => None,
    };
    let mut s = summary(&r, reference, counted);
    s.photos = super::files::photos(db, id).await?;
    Ok(Some(super::views::RequestView {
        summary: s,
        invited: invited_ids.iter().filter_map(|p| who.get(p).cloned()).collect(),
        quotes,
        accepted_quote_id: r.accepted_quote_id,
        may_review,
    }))
}

/// The requests a provider may answer or has answered, newest first.
pub async fn board<C: ConnectionTrait>(db: &C, reference: &Reference, provider_id: i32) -> Result<Vec<RequestRow>, DbErr> {
    let cats = offered_by(db, provider_id).await?;
    let mut scope = cats.clone();
    scope.extend(reference.categories.all.iter().filter(|c| c.parent_id.is_some_and(|p| cats.contains(&p))).map(|c| c.id));
    let served: Vec<i32> = provider_district::Entity::find().filter(provider_district::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|d| d.bezirk_id).collect();
    let invited_ids: Vec<i32> = invite::Entity::find().filter(invite::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|i| i.request_id).collect();
    let own_quotes = quote::Entity::find().filter(quote::Column::ProviderId.eq(provider_id)).all(db).await?;
    let quoted: Vec<i32> = own_quotes.iter().map(|q| q.request_id).collect();
    let mut matching = Condition::all().add(request::Column::OpenToAll.eq(true)).add(request::Column::CategoryId.is_in(scope));
    if !served.is_empty() {
        matching = matching.add(request::Column::BezirkId.is_in(served));
    }
    let members: Vec<i32> = provider_member::Entity::find().filter(provider_member::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|m| m.user_id).collect();
    let rows = request::Entity::find()
        .filter(request::Column::State.is_in(VISIBLE))
        .filter(request::Column::UserId.is_not_in(members))
        .filter(Condition::any().add(request::Column::Id.is_in(invited_ids.clone())).add(request::Column::Id.is_in(quoted)).add(matching))
        .order_by_desc(request::Column::SentAt)
        .order_by_desc(request::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let counts = quote_counts(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    Ok(rows
        .iter()
        .map(|r| RequestRow {
            summary: summary(r, reference, counts.get(&r.id).copied().unwrap_or(0)),
            own_quote: own_quotes.iter().find(|q| q.request_id == r.id).and_then(|q| QuoteState::parse(&q.state)),
            invited: invited_ids.contains(&r.id),
        })
        .collect())
}

/// One request as the provider sees it: its own quote, and the resident's
/// contact details only once that quote is accepted.
pub async fn board_request<C: ConnectionTrait>(db: &C, reference: &Reference, provider_id: i32, id: i32) -> Result<Option<BoardRequest>, DbErr> {
    let Some(r) = request::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    if !may_see(db, &r, provider_id).await? {
        return Ok(None);
    }
    let own = quote::Entity::find().filter(quote::Column::RequestId.eq(id)).filter(quote::Column::ProviderId.eq(provider_id)).all(db).await?;
    let own_quote = quote_views(db, own).await?.into_iter().next();
    let accepted = own_quote.as_ref().is_some_and(|q| q.state == QuoteState::Accepted);
    let contact = if accepted {
        app_user::Entity::find_by_id(r.user_id)
            .one(db)
            .await?
            .map(|u| Contact { name: u.display_name, email: u.email, phone: r.contact_phone.clone(), address: r.address.clone() })
    } else {
        None
    };
    let counts = quote_counts(db, &[id]).await?;
    let mut s = summary(&r, reference, counts.get(&id).copied().unwrap_or(0));
    s.photos = super::files::photos(db, id).await?;
    let may_quote = own_quote.is_none() && s.state.takes_quotes() && r.closes_at.is_none_or(|c| c > chrono::Utc::now());
    let invited = invite::Entity::find_by_id((id, provider_id)).one(db).await?.is_some();
    Ok(Some(BoardRequest { summary: s, provider_id, invited, own_quote, contact, may_quote, today: chrono::Utc::now().date_naive() }))
}

/// The mortgage terms of a request (its loan and Zinsbindung), if any.
pub async fn terms<C: ConnectionTrait>(db: &C, reference: &Reference, id: i32) -> Result<Option<super::domain::MortgageTerms>, DbErr> {
    let Some(r) = request::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let form = super::request::form_of(super::forms::forms(), reference, r.category_id);
    Ok(if form.esis { super::request::terms_of(&answers_of(&r)) } else { None })
}

/// Everything of the person's requests, their quotes and messages.
pub async fn export<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Value, DbErr> {
    let rows = request::Entity::find().filter(request::Column::UserId.eq(user_id)).order_by_asc(request::Column::Id).all(db).await?;
    let quotes = quote::Entity::find().filter(quote::Column::RequestId.is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>())).all(db).await?;
    let messages = quote_message::Entity::find().filter(quote_message::Column::QuoteId.is_in(quotes.iter().map(|q| q.id).collect::<Vec<_>>())).all(db).await?;
    let written = quote_message::Entity::find().filter(quote_message::Column::AuthorId.eq(user_id)).filter(quote_message::Column::FromProvider.eq(true)).all(db).await?;
    let msg = |m: &quote_message::Model| json!({ "quote_id": m.quote_id, "from_provider": m.from_provider, "text": m.body, "at": m.created_at });
    let pdfs = super::files::pdfs(db, &quotes).await?;
    let mut photos = HashMap::new();
    for r in &rows {
        photos.insert(r.id, super::files::photos(db, r.id).await?);
    }
    Ok(json!({
        "requests": rows.iter().map(|r| json!({
            "id": r.id, "title": r.title, "description": r.description, "category_id": r.category_id, "bezirk_id": r.bezirk_id,
            "stadtteil_id": r.stadtteil_id, "details": serde_json::from_str::<Value>(&r.details).unwrap_or(Value::Null),
            "budget_cents": r.budget_cents, "open_to_all": r.open_to_all, "state": r.state, "phone": r.contact_phone, "address": r.address,
            "created_at": r.created_at, "sent_at": r.sent_at, "closes_at": r.closes_at, "accepted_quote_id": r.accepted_quote_id,
            "photos": photos.get(&r.id).map(|ps| ps.iter().map(|p| json!({ "id": p.id, "description": p.alt, "url": p.full })).collect::<Vec<_>>()),
            "quotes": quotes.iter().filter(|q| q.request_id == r.id).map(|q| json!({
                "id": q.id, "provider_id": q.provider_id, "state": q.state, "price_cents": q.price_cents, "price_type": q.price_type,
                "included": q.included, "valid_until": q.valid_until, "earliest_start": q.earliest_start, "message": q.message,
                "esis": q.esis.as_deref().and_then(|e| serde_json::from_str::<Value>(e).ok()), "revision": q.revision,
                "pdf": pdfs.get(&q.id).map(|p| json!({ "name": p.name, "size": p.size, "url": p.url })),
                "messages": messages.iter().filter(|m| m.quote_id == q.id).map(msg).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "messages_written_for_providers": written.iter().map(msg).collect::<Vec<_>>(),
    }))
}

/// The accepted quote of `provider_id` on one of the person's requests:
/// what makes a review "Kunde über eine Anfrage".
pub async fn accepted_quote_of<C: ConnectionTrait>(db: &C, user_id: i32, provider_id: i32) -> Result<Option<i32>, DbErr> {
    let mine: Vec<i32> = request::Entity::find()
        .filter(request::Column::UserId.eq(user_id))
        .filter(request::Column::State.is_in([RequestState::Accepted.as_str(), RequestState::Completed.as_str()]))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    Ok(quote::Entity::find()
        .filter(quote::Column::RequestId.is_in(mine))
        .filter(quote::Column::ProviderId.eq(provider_id))
        .filter(quote::Column::State.eq(QuoteState::Accepted.as_str()))
        .one(db)
        .await?
        .map(|q| q.id))
}

/// A request (or, `quote`, a quote) as the moderation queue shows it:
/// (heading, text, link, still visible).
pub async fn reported<C: ConnectionTrait>(db: &C, quote: bool, id: i32) -> Result<Option<(String, String, String, bool)>, DbErr> {
    if quote {
        let Some(q) = quote::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
        let state = QuoteState::parse(&q.state);
        let text = if q.message.is_empty() { q.included } else { format!("{}\n\n{}", q.included, q.message) };
        return Ok(Some((crate::i18n::euro(q.price_cents), text, super::request_path(q.request_id), state.is_some_and(|s| s.is_active() || s == QuoteState::Accepted))));
    }
    Ok(request::Entity::find_by_id(id).one(db).await?.map(|r| {
        let visible = RequestState::parse(&r.state).is_some_and(RequestState::visible_to_providers);
        (r.title, r.description, super::request_path(r.id), visible)
    }))
}

/// Who may report it: a request the people of a provider that sees it, a
/// quote the resident who asked.
pub async fn may_report<C: ConnectionTrait>(db: &C, user_id: i32, quote: bool, id: i32) -> Result<bool, DbErr> {
    if quote {
        let Some(q) = quote::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
        return Ok(request::Entity::find_by_id(q.request_id).one(db).await?.is_some_and(|r| r.user_id == user_id));
    }
    let Some(r) = request::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
    for p in members_of(db, user_id).await? {
        if may_see(db, &r, p).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the person takes new requests for the provider in a daily mail.
pub async fn daily_notices<C: ConnectionTrait>(db: &C, provider_id: i32, user_id: i32) -> Result<bool, DbErr> {
    Ok(crate::db::entities::quote_notice::Entity::find_by_id((provider_id, user_id)).one(db).await?.is_some_and(|n| n.daily))
}
