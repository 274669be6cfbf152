//! The ranked list as the database computes it: the bounded candidate set
//! read in one query, scored by the same `offers::rank::parts_for`.
use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryOrder, QuerySelect, QueryTrait};

use crate::db::entities::{offer, offer_district, provider_rating};
use crate::offers::query::OfferQuery;
use crate::offers::rank::{exact_match, intended, parts_for, tier, title_match, CANDIDATES};
use crate::reviews::domain::RatingSummary;
use crate::reviews::store as reviews;
use crate::search::ranking::{RankInput, ScoreParts};
use crate::search::store::analyse_query;
use crate::search::vocab::Vocabulary;
use crate::reference::Reference;

/// What a candidate is scored by, read in one query: the newest matches
/// from the list's covering index, their provider's rating aggregate, the
/// served-district link and the analysed title from the search index.
struct Candidate {
    id: i32,
    updated_at: chrono::DateTime<Utc>,
    city_wide: bool,
    stadtteil_id: Option<i32>,
    rating: RatingSummary,
    serves_bezirk: bool,
    title_terms: String,
    terms: String,
    category_id: i32,
}

fn candidate_query(backend: DbBackend, q: &OfferQuery, select: sea_orm::Select<offer::Entity>) -> SelectStatement {
    let inner = select
        .select_only()
        .columns([
            offer::Column::Id,
            offer::Column::ProviderId,
            offer::Column::UpdatedAt,
            offer::Column::ServiceArea,
            offer::Column::StadtteilId,
            offer::Column::CreatedAt,
            offer::Column::CategoryId,
        ])
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .limit(CANDIDATES)
        .into_query();
    let (c, pr) = (Alias::new("c"), Alias::new("pr"));
    let col = |name: &str| Expr::col((c.clone(), Alias::new(name)));
    let mut outer = Query::select();
    outer
        .from_subquery(inner, c.clone())
        .expr_as(col("id"), Alias::new("id"))
        .expr_as(col("updated_at"), Alias::new("updated_at"))
        .expr_as(col("service_area"), Alias::new("service_area"))
        .expr_as(col("stadtteil_id"), Alias::new("stadtteil_id"))
        .expr_as(col("category_id"), Alias::new("category_id"))
        .expr_as(
            Func::coalesce([Expr::col((pr.clone(), provider_rating::Column::ReviewCount)), Expr::val(0i64)]),
            Alias::new("review_count"),
        )
        .expr_as(
            Func::coalesce([Expr::col((pr.clone(), provider_rating::Column::StarSum)), Expr::val(0i64)]),
            Alias::new("star_sum"),
        )
        .join_as(
            JoinType::LeftJoin,
            provider_rating::Entity,
            pr.clone(),
            Expr::col((pr.clone(), provider_rating::Column::ProviderId)).equals((c.clone(), Alias::new("provider_id"))),
        )
        .order_by((c.clone(), Alias::new("created_at")), Order::Desc)
        .order_by((c.clone(), Alias::new("id")), Order::Desc);
    if let Some(b) = q.bezirk_id {
        let link = Query::select()
            .expr(Expr::val(1))
            .from(offer_district::Entity)
            .and_where(Expr::col((offer_district::Entity, offer_district::Column::OfferId)).equals((c.clone(), Alias::new("id"))))
            .and_where(Expr::col((offer_district::Entity, offer_district::Column::BezirkId)).eq(b))
            .to_owned();
        outer.expr_as(Expr::exists(link), Alias::new("serves"));
    }
    if q.text.is_some() {
        let (s, key) = match backend {
            DbBackend::Postgres => (Alias::new("s"), "offer_id"),
            _ => (Alias::new("s"), "rowid"),
        };
        outer
            .expr_as(Expr::col((s.clone(), Alias::new("title_terms"))), Alias::new("title_terms"))
            .expr_as(Expr::col((s.clone(), Alias::new("terms"))), Alias::new("terms"))
            .join_as(
                JoinType::LeftJoin,
                Alias::new("offer_search"),
                s.clone(),
                Expr::col((s, Alias::new(key))).equals((c, Alias::new("id"))),
            );
    }
    outer
}

/// Every candidate of the query, scored and ordered by the ranking.
pub async fn ranked<C: ConnectionTrait>(
    db: &C,
    r: &Reference,
    vocab: &Vocabulary,
    q: &OfferQuery,
    select: sea_orm::Select<offer::Entity>,
) -> Result<Vec<(i32, ScoreParts)>, DbErr> {
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(backend.build(&candidate_query(backend, q, select))).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = rows
        .iter()
        .map(|row| {
            let count: i64 = row.try_get("", "review_count")?;
            let sum: i64 = row.try_get("", "star_sum")?;
            Ok(Candidate {
                id: row.try_get("", "id")?,
                updated_at: row.try_get("", "updated_at")?,
                city_wide: row.try_get::<String>("", "service_area")? == crate::offers::store::CITY_WIDE
                    && row.try_get::<Option<i32>>("", "stadtteil_id")?.is_none(),
                stadtteil_id: row.try_get("", "stadtteil_id")?,
                rating: RatingSummary { count: u64::try_from(count).unwrap_or(0), sum: u64::try_from(sum).unwrap_or(0), ..Default::default() },
                serves_bezirk: if q.bezirk_id.is_some() { row.try_get("", "serves")? } else { false },
                title_terms: if q.text.is_some() {
                    row.try_get::<Option<String>>("", "title_terms")?.unwrap_or_default()
                } else {
                    String::new()
                },
                category_id: row.try_get("", "category_id")?,
                terms: if q.text.is_some() { row.try_get::<Option<String>>("", "terms")?.unwrap_or_default() } else { String::new() },
            })
        })
        .collect::<Result<Vec<Candidate>, DbErr>>()?;
    let prior = reviews::mean_rating(db).await?;
    let terms = q.text.as_deref().map(|t| analyse_query(t, vocab, vocab.thesaurus())).unwrap_or_default();
    let now = Utc::now();
    let intended = intended(r, &terms);

    let mut scored: Vec<(i32, u8, ScoreParts)> = candidates
        .iter()
        .map(|c| {
            // In, or specifically serving, the chosen Stadtbezirk.
            let in_bezirk = |b: i32| {
                c.serves_bezirk || c.stadtteil_id.and_then(|st| r.districts.stadtteil(st)).is_some_and(|st| st.bezirk_id == b)
            };
            let input = RankInput {
                title_match: title_match(c.title_terms.split_whitespace(), &terms),
                bayesian_rating: c.rating.bayesian(prior),
                review_count: c.rating.count,
                age_days: (now - c.updated_at).num_seconds() as f64 / 86_400.0,
                district_match: q.bezirk_id.map(|b| !c.city_wide && in_bezirk(b)),
            };
            let tier = if q.text.is_some() { tier(q.sort, exact_match(c.terms.split_whitespace(), &terms), c.category_id, &intended) } else { 0 };
            (c.id, tier, parts_for(q.sort, &input))
        })
        .collect();
    // Exact matches first by relevance; ties keep the newest first
    // (candidates came newest first; the sort is stable).
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total().total_cmp(&a.2.total())));
    Ok(scored.into_iter().map(|(id, _, parts)| (id, parts)).collect())
}

