//! Facet counts beyond category and Stadtbezirk: how many offers each
//! Stadtteil, ownership type, minimum rating and buy/rent would give with
//! the query's other filters. One grouped query per facet, whatever the
//! number of offers.
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait};

use super::{filtered, Except};
use crate::offers::domain::HousingKind;
use crate::offers::query::{Facets, OfferQuery};
use crate::offers::filters::MIN_RATING_CHOICES;
use crate::offers::store::CITY_WIDE;
use crate::search::vocab::Vocabulary;
use crate::db::entities::{offer, provider};
use crate::providers::domain::Ownership;
use crate::reference::Reference;

/// Per Stadtteil: offers located there plus offers without a location that
/// are available in its Stadtbezirk (the filter's semantics). Counted within
/// the chosen Stadtbezirk, or for all Stadtteile when none is chosen.
pub async fn by_stadtteil<C: ConnectionTrait>(db: &C, r: &Reference, vocab: &Vocabulary, q: &OfferQuery) -> Result<Vec<(String, u64)>, DbErr> {
    let base = || filtered(db.get_database_backend(), r, vocab, q, Except::Stadtteil);
    let located: Vec<(Option<i32>, i64)> = base()
        .filter(offer::Column::StadtteilId.is_not_null())
        .select_only()
        .column(offer::Column::StadtteilId)
        .column_as(Expr::col(offer::Column::Id).count(), "n")
        .group_by(offer::Column::StadtteilId)
        .into_tuple()
        .all(db)
        .await?;
    let located: HashMap<i32, u64> = located.into_iter().filter_map(|(s, n)| Some((s?, n as u64))).collect();
    let unlocated = || base().filter(offer::Column::StadtteilId.is_null());
    let city_wide = unlocated().filter(offer::Column::ServiceArea.eq(CITY_WIDE)).count(db).await?;
    let per_bezirk = super::per_bezirk(db, unlocated()).await?;
    Ok(r.districts
        .stadtteile
        .iter()
        .filter(|s| q.bezirk_id.is_none_or(|b| b == s.bezirk_id))
        .map(|s| {
            let n = located.get(&s.id).copied().unwrap_or(0) + city_wide + per_bezirk.get(&s.bezirk_id).copied().unwrap_or(0);
            (s.slug.clone(), n)
        })
        .collect())
}

/// Ownership and minimum rating, both properties of the provider: one count
/// per provider, then each facet applies the other one's filter in Rust.
pub async fn by_provider<C: ConnectionTrait>(db: &C, r: &Reference, vocab: &Vocabulary, q: &OfferQuery) -> Result<Facets, DbErr> {
    let per_provider: Vec<(i32, i64)> = filtered(db.get_database_backend(), r, vocab, q, Except::Provider)
        .select_only()
        .column(offer::Column::ProviderId)
        .column_as(Expr::col(offer::Column::Id).count(), "n")
        .group_by(offer::Column::ProviderId)
        .into_tuple()
        .all(db)
        .await?;
    if per_provider.is_empty() {
        return Ok(Facets::default());
    }
    let owners: HashMap<i32, Ownership> = provider::Entity::find()
        .select_only()
        .column(provider::Column::Id)
        .column(provider::Column::Ownership)
        .filter(provider::Column::Id.in_subquery(
            filtered(db.get_database_backend(), r, vocab, q, Except::Provider).select_only().column(offer::Column::ProviderId).into_query(),
        ))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(id, o)| Some((id, Ownership::parse(&o)?)))
        .collect();
    let ids: Vec<i32> = per_provider.iter().map(|(id, _)| *id).collect();
    let ratings = crate::reviews::store::ratings(db, Some(&ids)).await?;
    let average = |id: &i32| ratings.get(id).and_then(|s| s.average());
    let x = &q.extra;
    let mut ownership: HashMap<Ownership, u64> = HashMap::new();
    let mut min_rating: HashMap<i64, u64> = HashMap::new();
    for (id, n) in &per_provider {
        let n = *n as u64;
        let owner = owners.get(id).copied();
        let avg = average(id);
        if x.min_rating.is_none_or(|min| avg.is_some_and(|a| a >= min)) {
            if let Some(o) = owner {
                *ownership.entry(o).or_default() += n;
            }
        }
        if x.ownership.is_none_or(|o| owner == Some(o)) {
            for t in MIN_RATING_CHOICES {
                if avg.is_some_and(|a| a >= t as f64 / 10.0) {
                    *min_rating.entry(t).or_default() += n;
                }
            }
        }
    }
    Ok(Facets {
        ownership: Ownership::ALL.iter().map(|o| (*o, ownership.get(o).copied().unwrap_or(0))).collect(),
        min_rating: MIN_RATING_CHOICES.iter().map(|t| (*t, min_rating.get(t).copied().unwrap_or(0))).collect(),
        ..Facets::default()
    })
}

pub async fn by_housing_kind<C: ConnectionTrait>(db: &C, r: &Reference, vocab: &Vocabulary, q: &OfferQuery) -> Result<Vec<(HousingKind, u64)>, DbErr> {
    let rows: Vec<(Option<String>, i64)> = filtered(db.get_database_backend(), r, vocab, q, Except::HousingKind)
        .filter(offer::Column::HousingKind.is_not_null())
        .select_only()
        .column(offer::Column::HousingKind)
        .column_as(Expr::col(offer::Column::Id).count(), "n")
        .group_by(offer::Column::HousingKind)
        .into_tuple()
        .all(db)
        .await?;
    let counts: HashMap<HousingKind, u64> =
        rows.into_iter().filter_map(|(k, n)| Some((HousingKind::parse(k.as_deref()?)?, n as u64))).collect();
    Ok(HousingKind::ALL.iter().map(|k| (*k, counts.get(k).copied().unwrap_or(0))).collect())
}
