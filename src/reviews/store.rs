//! Review queries.
use std::collections::{BTreeMap, HashMap};

use sea_orm::{
    ActiveValue, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, TransactionSession, TransactionTrait, Value,
};

use super::domain::{Provenance, RatingSummary, ReplyView, ReviewView, Stars};
use super::rules::{ReviewQuery, ReviewSort};
use crate::common::paging::Paging;
use crate::db::entities::{app_user, offer, provider_rating, rating_total, review, review_reply, review_vote};

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
    let n = |v: i64| v.max(0) as u64;
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
    let paginator = find.order_by_desc(review::Column::CreatedAt).order_by_desc(review::Column::Id).paginate(db, per_page);
    let total = match (rating, q.stars) {
        (Some(r), Some(s)) => r.distribution[usize::from(s.get()) - 1],
        (Some(r), None) => r.count,
        (None, _) => paginator.num_items().await?,
    };
    let paging = Paging::new(page, per_page, total);
    let rows = paginator.fetch_page(paging.page - 1).await?;
    if rows.is_empty() {
        return Ok((Vec::new(), paging));
    }

    let author_ids: Vec<i32> = rows.iter().map(|r| r.author_id).collect();
    // Only the columns shown: a page of reviews is on every provider page.
    let authors: HashMap<i32, String> = app_user::Entity::find()
        .select_only()
        .columns([app_user::Column::Id, app_user::Column::DisplayName])
        .filter(app_user::Column::Id.is_in(author_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let offer_ids: Vec<i32> = rows.iter().filter_map(|r| r.offer_id).collect();
    let offers: HashMap<i32, (String, String)> = if offer_ids.is_empty() {
        HashMap::new()
    } else {
        offer::Entity::find()
            .select_only()
            .columns([offer::Column::Id, offer::Column::Slug, offer::Column::Title])
            .filter(offer::Column::Id.is_in(offer_ids))
            .filter(offer::Column::Status.eq(PUBLISHED))
            .into_tuple::<(i32, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, slug, title)| (id, (slug, title)))
            .collect()
    };
    let review_ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let replies: HashMap<i32, ReplyView> = review_reply::Entity::find()
        .filter(review_reply::Column::ReviewId.is_in(review_ids))
        .filter(review_reply::Column::Status.eq(PUBLISHED))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.review_id, ReplyView { id: r.id, body: r.body, created_at: r.created_at, updated_at: r.updated_at }))
        .collect();
    let views = rows
        .into_iter()
        .filter_map(|r| {
            Some(ReviewView {
                id: r.id,
                author_name: authors.get(&r.author_id).cloned().unwrap_or_default(),
                stars: Stars::new(r.stars as i64)?,
                title: r.title,
                body: r.body,
                provenance: Provenance::parse(&r.provenance).unwrap_or(Provenance::Unverified),
                created_at: r.created_at,
                updated_at: r.updated_at,
                offer: r.offer_id.and_then(|id| offers.get(&id).map(|(slug, title)| (id, slug.clone(), title.clone()))),
                experience_month: r.experience_month,
                helpful: r.helpful_count,
                reply: replies.get(&r.id).cloned(),
            })
        })
        .collect();
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

/// What the visitor may do with the listed reviews of a provider.
pub async fn viewer<C: ConnectionTrait>(db: &C, account: Option<i32>, provider_id: i32, listed: &[i32]) -> Result<super::domain::ReviewViewer, DbErr> {
    let Some(user) = account else { return Ok(Default::default()) };
    let member = crate::members::store::membership(db, provider_id, user).await?.is_some();
    let own_review = super::write::own_review(db, user, provider_id).await?.map(|r| r.id);
    let voted = if listed.is_empty() {
        Default::default()
    } else {
        review_vote::Entity::find()
            .filter(review_vote::Column::UserId.eq(user))
            .filter(review_vote::Column::ReviewId.is_in(listed.iter().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|v| v.review_id)
            .collect()
    };
    Ok(super::domain::ReviewViewer { signed_in: true, member, own_review, voted })
}
