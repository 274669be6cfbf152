//! Review queries.
use std::collections::{BTreeMap, HashMap};

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, UnionType};
use sea_orm::{
    ActiveValue, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Statement, TransactionSession, TransactionTrait, Value,
};

use super::domain::{Provenance, RatingSummary, ReplyView, ReviewView, Stars};
use super::rules::{ReviewQuery, ReviewSort};
use crate::common::paging::Paging;
use crate::db::entities::{app_user, offer, provider_member, provider_rating, rating_total, review, review_reply, review_vote};
use crate::accounts::authz::MemberRole;

pub const PUBLISHED: &str = "published";

/// Rows per INSERT: 11 columns each stays far below SQLite's 32766 bound variables.
const INSERT_CHUNK: usize = 2_000;
/// Aggregate rows per upsert (8 values each).
const UPSERT_CHUNK: usize = 1_000;

/// Stores reviews (bulk: demo data, fixtures) and, in the same transaction,
/// adds their published stars to the rating aggregates. Every review write
/// goes through here or through `reviews::write` (a resident's review and
/// its edits, hiding and restoring), and `delete_by_author`; only these
/// call `change_aggregates`, so the aggregates always equal the published
/// reviews.
pub async fn insert<C: ConnectionTrait + TransactionTrait>(db: &C, rows: Vec<review::ActiveModel>) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut added: BTreeMap<i32, RatingSummary> = BTreeMap::new();
    for r in &rows {
        if set(&r.status)? == PUBLISHED {
            let stars = Stars::new(i64::from(*set(&r.stars)?)).ok_or_else(|| DbErr::Custom("stars outside 1..=5".into()))?;
            added.entry(*set(&r.provider_id)?).or_default().add(stars);
        }
    }
    let txn = db.begin().await?;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<review::ActiveModel> = rows.by_ref().take(INSERT_CHUNK).collect();
        review::Entity::insert_many(chunk).exec_without_returning(&txn).await?;
    }
    change_aggregates(&txn, &added, 1).await?;
    txn.commit().await
}

fn set<T>(v: &ActiveValue<T>) -> Result<&T, DbErr>
where
    T: Into<sea_orm::Value>,
{
    match v {
        ActiveValue::Set(x) | ActiveValue::Unchanged(x) => Ok(x),
        ActiveValue::NotSet => Err(DbErr::Custom("review without provider, stars or status".into())),
    }
}

/// Adds (`sign` 1) or subtracts (-1) published stars to or from the
/// aggregates. Upserts in provider order, so concurrent writers lock rows
/// in one order.
pub(super) async fn change_aggregates<C: ConnectionTrait>(db: &C, added: &BTreeMap<i32, RatingSummary>, sign: i64) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let ph = |i: usize| if backend == DbBackend::Postgres { format!("${i}") } else { "?".to_owned() };
    let entries: Vec<(&i32, &RatingSummary)> = added.iter().collect();
    for chunk in entries.chunks(UPSERT_CHUNK) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 8);
        let mut tuples = Vec::with_capacity(chunk.len());
        for (provider, s) in chunk {
            let row: Vec<String> = (values.len() + 1..=values.len() + 8).map(ph).collect();
            tuples.push(format!("({})", row.join(", ")));
            values.push((**provider).into());
            values.extend([s.count, s.sum].into_iter().chain(s.distribution).map(|n| Value::from(sign * n as i64)));
        }
        let sql = format!(
            "INSERT INTO provider_rating (provider_id, review_count, star_sum, stars_1, stars_2, stars_3, stars_4, stars_5) \
             VALUES {} ON CONFLICT (provider_id) DO UPDATE SET {}",
            tuples.join(", "),
            ["review_count", "star_sum", "stars_1", "stars_2", "stars_3", "stars_4", "stars_5"]
                .map(|c| format!("{c} = provider_rating.{c} + excluded.{c}"))
                .join(", ")
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    }
    let (count, sum) = added.values().fold((0u64, 0u64), |(c, s), r| (c + r.count, s + r.sum));
    if count > 0 {
        let sql = format!("UPDATE rating_total SET review_count = review_count + {}, star_sum = star_sum + {} WHERE id = 1", ph(1), ph(2));
        let values = [Value::from(sign * count as i64), Value::from(sign * sum as i64)];
        db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    }
    Ok(())
}

/// Rating summaries of the given providers, or of all when `ids` is None,
/// from the aggregates; providers without published reviews are absent.
pub async fn ratings<C: ConnectionTrait>(db: &C, ids: Option<&[i32]>) -> Result<HashMap<i32, RatingSummary>, DbErr> {
    let q = || provider_rating::Entity::find().filter(provider_rating::Column::ReviewCount.gt(0));
    let Some(ids) = ids else {
        return Ok(q().all(db).await?.into_iter().map(|r| (r.provider_id, summary(&r))).collect());
    };
    let mut out = HashMap::with_capacity(ids.len());
    // Chunks stay under SQLite's bound-variable limit.
    for chunk in ids.chunks(10_000) {
        let rows = q().filter(provider_rating::Column::ProviderId.is_in(chunk.iter().copied())).all(db).await?;
        out.extend(rows.into_iter().map(|r| (r.provider_id, summary(&r))));
    }
    Ok(out)
}

fn summary(r: &provider_rating::Model) -> RatingSummary {
    let n = |v: i64| std::cmp::max(v, 0) as u64;
    RatingSummary {
        count: n(r.review_count),
        sum: n(r.star_sum),
        distribution: [n(r.stars_1), n(r.stars_2), n(r.stars_3), n(r.stars_4), n(r.stars_5)],
    }
}

/// The city-wide mean of published stars: the prior of every Bayesian
/// average (3.0, the scale's middle, before any review exists).
pub async fn mean_rating<C: ConnectionTrait>(db: &C) -> Result<f64, DbErr> {
    Ok(match rating_total::Entity::find_by_id(1).one(db).await? {
        Some(t) if t.review_count > 0 => t.star_sum as f64 / t.review_count as f64,
        _ => 3.0,
    })
}

/// Published reviews of a provider, sorted and filtered as asked. With
/// the provider's rating at hand (its page reads it anyway), the total is
/// taken from its counts, kept in the same transactions as the reviews,
/// instead of counted once more.
pub async fn for_provider<C: ConnectionTrait>(
    db: &C,
    provider_id: i32,
    q: ReviewQuery,
    page: u64,
    per_page: u64,
    rating: Option<&RatingSummary>,
) -> Result<(Vec<ReviewView>, Paging), DbErr> {
    let mut find = review::Entity::find()
        .filter(review::Column::ProviderId.eq(provider_id))
        .filter(review::Column::Status.eq(PUBLISHED));
    if let Some(s) = q.stars {
        find = find.filter(review::Column::Stars.eq(i16::from(s.get())));
    }
    find = match q.sort {
        ReviewSort::Newest => find,
        ReviewSort::Helpful => find.order_by_desc(review::Column::HelpfulCount),
        ReviewSort::Best => find.order_by_desc(review::Column::Stars),
        ReviewSort::Worst => find.order_by_asc(review::Column::Stars),
    };
    let find = find.order_by_desc(review::Column::CreatedAt).order_by_desc(review::Column::Id);
    let total = match (rating, q.stars) {
        (Some(r), Some(s)) => r.distribution[usize::from(s.get()) - 1],
        (Some(r), None) => r.count,
        (None, _) => find.clone().count(db).await?,
    };
    let paging = Paging::new(page, per_page, total);
    // One query: the page's reviews with their authors' names, the offers
    // they are about (while published) and the providers' replies.
    let (u, o, rr) = (app_user::Entity, offer::Entity, review_reply::Entity);
    let mut stmt = find
        .select_only()
        .columns([
            review::Column::Id,
            review::Column::Stars,
            review::Column::Title,
            review::Column::Body,
            review::Column::Provenance,
            review::Column::CreatedAt,
            review::Column::UpdatedAt,
            review::Column::ExperienceMonth,
            review::Column::HelpfulCount,
        ])
        .limit(per_page)
        .offset((paging.page - 1) * per_page)
        .into_query();
    stmt.expr_as(Expr::col((u, app_user::Column::DisplayName)), Alias::new("author_name"))
        .expr_as(Expr::col((o, offer::Column::Id)), Alias::new("offer_id"))
        .expr_as(Expr::col((o, offer::Column::Slug)), Alias::new("offer_slug"))
        .expr_as(Expr::col((o, offer::Column::Title)), Alias::new("offer_title"))
        .expr_as(Expr::col((rr, review_reply::Column::Id)), Alias::new("reply_id"))
        .expr_as(Expr::col((rr, review_reply::Column::Body)), Alias::new("reply_body"))
        .expr_as(Expr::col((rr, review_reply::Column::CreatedAt)), Alias::new("reply_created_at"))
        .expr_as(Expr::col((rr, review_reply::Column::UpdatedAt)), Alias::new("reply_updated_at"))
        .left_join(u, Expr::col((u, app_user::Column::Id)).equals((review::Entity, review::Column::AuthorId)))
        .left_join(
            o,
            Expr::col((o, offer::Column::Id)).equals((review::Entity, review::Column::OfferId)).and(Expr::col((o, offer::Column::Status)).eq(PUBLISHED)),
        )
        .left_join(
            rr,
            Expr::col((rr, review_reply::Column::ReviewId))
                .equals((review::Entity, review::Column::Id))
                .and(Expr::col((rr, review_reply::Column::Status)).eq(PUBLISHED)),
        );
    let rows = db.query_all_raw(db.get_database_backend().build(&stmt)).await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let get = |c: &str| row.try_get::<Option<String>>("", c);
        let Some(stars) = Stars::new(i64::from(row.try_get::<i16>("", "stars")?)) else { continue };
        let offer = match (row.try_get::<Option<i32>>("", "offer_id")?, get("offer_slug")?, get("offer_title")?) {
            (Some(id), Some(slug), Some(title)) => Some((id, slug, title)),
            _ => None,
        };
        let reply = match (row.try_get::<Option<i32>>("", "reply_id")?, get("reply_body")?) {
            (Some(id), Some(body)) => Some(ReplyView {
                id,
                body,
                created_at: row.try_get("", "reply_created_at")?,
                updated_at: row.try_get("", "reply_updated_at")?,
            }),
            _ => None,
        };
        views.push(ReviewView {
            id: row.try_get("", "id")?,
            author_name: get("author_name")?.unwrap_or_default(),
            stars,
            title: row.try_get("", "title")?,
            body: row.try_get("", "body")?,
            provenance: Provenance::parse(&row.try_get::<String>("", "provenance")?).unwrap_or(Provenance::Unverified),
            created_at: row.try_get("", "created_at")?,
            updated_at: row.try_get("", "updated_at")?,
            offer,
            experience_month: get("experience_month")?,
            helpful: row.try_get("", "helpful_count")?,
            reply,
        });
    }
    Ok((views, paging))
}

/// Deletes every review a person wrote (account deletion).
pub async fn delete_by_author<C: ConnectionTrait + TransactionTrait>(db: &C, author_id: i32) -> Result<u64, DbErr> {
    let txn = db.begin().await?;
    let published: Vec<(i32, i16)> = review::Entity::find()
        .select_only()
        .column(review::Column::ProviderId)
        .column(review::Column::Stars)
        .filter(review::Column::AuthorId.eq(author_id))
        .filter(review::Column::Status.eq(PUBLISHED))
        .into_tuple()
        .all(&txn)
        .await?;
    let mut removed: BTreeMap<i32, RatingSummary> = BTreeMap::new();
    for (provider, stars) in published {
        if let Some(s) = Stars::new(i64::from(stars)) {
            removed.entry(provider).or_default().add(s);
        }
    }
    let n = review::Entity::delete_many().filter(review::Column::AuthorId.eq(author_id)).exec(&txn).await?.rows_affected;
    change_aggregates(&txn, &removed, -1).await?;
    txn.commit().await?;
    Ok(n)
}

/// What the visitor may do with the listed reviews of a provider. One
/// statement, the same whatever the page lists (so prepared once per
/// connection): the membership, the own review and the helpful votes on
/// this provider's reviews, as (kind, id, role) rows.
pub async fn viewer<C: ConnectionTrait>(db: &C, account: Option<i32>, provider_id: i32, listed: &[i32]) -> Result<super::domain::ReviewViewer, DbErr> {
    let Some(user) = account else { return Ok(Default::default()) };
    let (m, r, v) = (provider_member::Entity, review::Entity, review_vote::Entity);
    let no_role = || Expr::val(Option::<String>::None);
    let mut q = Query::select()
        .expr_as(Expr::val(KIND_MEMBER), Alias::new("kind"))
        .expr_as(Expr::col((m, provider_member::Column::ProviderId)), Alias::new("id"))
        .expr_as(Expr::col((m, provider_member::Column::Role)), Alias::new("role"))
        .from(m)
        .and_where(Expr::col((m, provider_member::Column::ProviderId)).eq(provider_id))
        .and_where(Expr::col((m, provider_member::Column::UserId)).eq(user))
        .to_owned();
    let own = Query::select()
        .expr(Expr::val(KIND_OWN))
        .expr(Expr::col((r, review::Column::Id)))
        .expr(no_role())
        .from(r)
        .and_where(Expr::col((r, review::Column::AuthorId)).eq(user))
        .and_where(Expr::col((r, review::Column::ProviderId)).eq(provider_id))
        .to_owned();
    let votes = Query::select()
        .expr(Expr::val(KIND_VOTE))
        .expr(Expr::col((v, review_vote::Column::ReviewId)))
        .expr(no_role())
        .from(v)
        .inner_join(r, Expr::col((r, review::Column::Id)).equals((v, review_vote::Column::ReviewId)))
        .and_where(Expr::col((v, review_vote::Column::UserId)).eq(user))
        .and_where(Expr::col((r, review::Column::ProviderId)).eq(provider_id))
        .to_owned();
    q.union(UnionType::All, own).union(UnionType::All, votes);
    let rows = db.query_all_raw(db.get_database_backend().build(&q)).await?;
    let mut viewer = super::domain::ReviewViewer { signed_in: true, ..Default::default() };
    let mut votes = Vec::new();
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        match row.try_get::<i32>("", "kind")? {
            KIND_MEMBER => viewer.member = MemberRole::parse(&row.try_get::<String>("", "role")?).is_some(),
            KIND_OWN => viewer.own_review = Some(id),
            _ => votes.push(id),
        }
    }
    viewer.voted = listed.iter().copied().filter(|id| votes.contains(id)).collect();
    Ok(viewer)
}

const KIND_MEMBER: i32 = 1;
const KIND_OWN: i32 = 2;
const KIND_VOTE: i32 = 3;
