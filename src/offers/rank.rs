//! Ranked lists: the bounded candidate set of a query is scored in Rust by
//! the published ranking (`search::ranking`), identically on every engine.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::domain::{OfferQuery, Sort};
use crate::db::entities::{offer, offer_district};
use crate::reviews::store as reviews;
use crate::search::analyzer::index_terms;
#[cfg(test)]
use crate::search::analyzer::query_terms;
use crate::search::store::corrected_terms;
use crate::search::ranking::{score, RankInput, ScoreParts};
use crate::server::state::Reference;

/// At most this many matches are ranked; beyond it the newest win. A
/// resident never pages that deep, and it bounds the work per request.
pub const CANDIDATES: u64 = 2000;

type Candidate = (i32, String, i32, chrono::DateTime<Utc>, String, Option<i32>);

/// The ids of one page of the ranked list, with their score parts.
pub async fn ranked_page<C: ConnectionTrait>(
    db: &C,
    r: &Reference,
    q: &OfferQuery,
    select: sea_orm::Select<offer::Entity>,
    offset: u64,
    limit: u64,
) -> Result<Vec<(i32, ScoreParts)>, DbErr> {
    let candidates: Vec<Candidate> = select
        .select_only()
        .columns([
            offer::Column::Id,
            offer::Column::Title,
            offer::Column::ProviderId,
            offer::Column::UpdatedAt,
            offer::Column::ServiceArea,
            offer::Column::StadtteilId,
        ])
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .limit(CANDIDATES)
        .into_tuple()
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut provider_ids: Vec<i32> = candidates.iter().map(|c| c.2).collect();
    provider_ids.sort_unstable();
    provider_ids.dedup();
    let ratings = reviews::ratings(db, Some(&provider_ids)).await?;
    let prior = reviews::mean_rating(db).await?;
    let served = match q.bezirk_id {
        Some(b) => served_bezirk(db, r, &candidates, b).await?,
        None => Default::default(),
    };
    let terms = q.text.as_deref().map(|t| corrected_terms(t, &r.vocab)).unwrap_or_default();
    let now = Utc::now();

    let mut scored: Vec<(i32, ScoreParts)> = candidates
        .iter()
        .map(|(id, title, provider, updated, area, _)| {
            let rating = ratings.get(provider).copied().unwrap_or_default();
            let input = RankInput {
                title_match: title_match(title, &terms),
                bayesian_rating: rating.bayesian(prior),
                review_count: rating.count,
                age_days: (now - *updated).num_seconds() as f64 / 86_400.0,
                district_match: q.bezirk_id.map(|_| area != "city" && served.contains(id)),
            };
            let mut parts = score(&input);
            if q.sort == Sort::Rating {
                // "Beste Bewertung" orders by the rating part alone.
                parts = ScoreParts { relevance: 0.0, reviews: 0.0, freshness: 0.0, district: 0.0, ..parts };
            }
            (*id, parts)
        })
        .collect();
    // Ties keep the newest first (candidates came newest first; sort is stable).
    scored.sort_by(|a, b| b.1.total().total_cmp(&a.1.total()));
    Ok(scored.into_iter().skip(offset as usize).take(limit as usize).collect())
}

/// Share of the query's terms found in the title.
fn title_match(title: &str, terms: &[crate::search::analyzer::QueryTerm]) -> f32 {
    if terms.is_empty() {
        return 1.0;
    }
    let title_terms = index_terms(title);
    let hits = terms
        .iter()
        .filter(|t| {
            title_terms.iter().any(|w| {
                *w == t.stem || t.alternatives.contains(w) || t.prefix.as_ref().is_some_and(|p| w.starts_with(p.as_str()))
            })
        })
        .count();
    hits as f32 / terms.len() as f32
}

/// Candidates that lie in, or specifically serve, Stadtbezirk `b`.
async fn served_bezirk<C: ConnectionTrait>(
    db: &C,
    r: &Reference,
    candidates: &[Candidate],
    b: i32,
) -> Result<std::collections::HashSet<i32>, DbErr> {
    let ids: Vec<i32> = candidates.iter().map(|c| c.0).collect();
    let mut out: std::collections::HashSet<i32> = offer_district::Entity::find()
        .filter(offer_district::Column::BezirkId.eq(b))
        .filter(offer_district::Column::OfferId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.offer_id)
        .collect();
    let located: HashMap<i32, i32> =
        candidates.iter().filter_map(|c| c.5.and_then(|st| r.districts.stadtteil(st)).map(|st| (c.0, st.bezirk_id))).collect();
    out.extend(located.into_iter().filter(|(_, bz)| *bz == b).map(|(id, _)| id));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matches_count_query_words() {
        let terms = query_terms("Wohnung Balkon");
        assert_eq!(title_match("Helle Wohnung mit Balkon", &terms), 1.0);
        assert_eq!(title_match("Helle Wohnungen", &terms), 0.5);
        assert_eq!(title_match("Haus", &terms), 0.0);
        assert_eq!(title_match("egal", &[]), 1.0);
    }
}
