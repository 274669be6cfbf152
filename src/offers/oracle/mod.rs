//! The database's own answer to the results-list query: filters, facet
//! counts and the ranking in SQL, on SQLite and PostgreSQL. Requests are
//! served by the in-memory catalogue (`offers::catalog`); this is the
//! oracle the tests compare it with (`tests/catalog.rs`: the same offers,
//! order, totals, facets and cards for queries over every filter, sort and
//! page, on both engines).
mod facets;
mod rank;

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, NullOrdering, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use super::query::{Facets, OfferListPage, OfferQuery, Sort};
use super::store::{cards, detail_of, published, service_area, CITY_WIDE};
use crate::common::paging::Paging;
use crate::db::entities::{offer, offer_district, provider, provider_rating};
use crate::districts::BezirkCount;
use crate::search::vocab::Vocabulary;
use crate::reference::Reference;

/// A provider's published offers, newest first, from the database: what
/// the catalogue's `of_provider` must give.
pub async fn by_provider_from_database<C: ConnectionTrait>(db: &C, r: &Reference, provider_id: i32) -> Result<Vec<super::domain::OfferCard>, DbErr> {
    let rows = published()
        .filter(offer::Column::ProviderId.eq(provider_id))
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .all(db)
        .await?;
    cards(db, r, rows).await
}

/// A project's published units, cheapest first (price on request last),
/// ties by id, from the database: what the catalogue's `of_project` must give.
pub async fn project_units_from_database<C: ConnectionTrait>(db: &C, r: &Reference, project_id: i32) -> Result<Vec<super::domain::OfferCard>, DbErr> {
    let rows = published()
        .filter(offer::Column::ProjectId.eq(project_id))
        .order_by_with_nulls(offer::Column::PriceCents, Order::Asc, NullOrdering::Last)
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await?;
    cards(db, r, rows).await
}

/// An offer's page from the database alone: what the catalogue-backed
/// `store::details` must give.
pub async fn detail_from_database<C: ConnectionTrait>(db: &C, r: &Reference, id: i32) -> Result<Option<super::domain::OfferDetail>, DbErr> {
    let Some(row) = published().filter(offer::Column::Id.eq(id)).one(db).await? else {
        return Ok(None);
    };
    let area = service_area(db, r, [&row]).await?.remove(&row.id).unwrap_or_default();
    let Some(card) = cards(db, r, vec![row.clone()]).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(detail_of(r, card, &row, area)))
}

/// City-wide offers: those without a location that name the whole city. A
/// located offer (a flat) is never city-wide, whatever area it names.
fn city_wide() -> Condition {
    Condition::all().add(offer::Column::ServiceArea.eq(CITY_WIDE)).add(offer::Column::StadtteilId.is_null())
}

/// Offers in a Stadtbezirk specifically: serving it, or located in it.
fn serves_bezirk(r: &Reference, bezirk_id: i32) -> Condition {
    Condition::any()
        .add(
            offer::Column::Id.in_subquery(
                Query::select()
                    .column(offer_district::Column::OfferId)
                    .from(offer_district::Entity)
                    .and_where(offer_district::Column::BezirkId.eq(bezirk_id))
                    .to_owned(),
            ),
        )
        .add(offer::Column::StadtteilId.is_in(r.districts.stadtteile_of(bezirk_id).map(|st| st.id).collect::<Vec<_>>()))
}

/// Offers available in a Stadtbezirk: city-wide ones and those in it.
fn in_bezirk(r: &Reference, bezirk_id: i32) -> Condition {
    Condition::any().add(city_wide()).add(serves_bezirk(r, bezirk_id))
}

/// Offers available in a Stadtteil: those located there, and those without
/// a location (services) available in its Stadtbezirk. A flat elsewhere in
/// the same Bezirk is not in this Stadtteil.
fn in_stadtteil(r: &Reference, stadtteil_id: i32, bezirk_id: i32) -> Condition {
    Condition::any()
        .add(offer::Column::StadtteilId.eq(stadtteil_id))
        .add(Condition::all().add(offer::Column::StadtteilId.is_null()).add(in_bezirk(r, bezirk_id)))
}

/// Which filters a facet leaves out: its own, so every value shows what
/// choosing it would give.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Except {
    Nothing,
    Category,
    /// The Stadtbezirk and the Stadtteil within it.
    Bezirk,
    Stadtteil,
    /// Ownership and rating: both are properties of the provider, counted together.
    Provider,
    HousingKind,
}

pub(crate) fn filtered(backend: DbBackend, r: &Reference, vocab: &Vocabulary, q: &OfferQuery, except: Except) -> sea_orm::Select<offer::Entity> {
    let mut select = published();
    if let (Some(ids), true) = (&q.category_ids, except != Except::Category) {
        select = select.filter(offer::Column::CategoryId.is_in(ids.iter().copied()));
    }
    match (q.bezirk_id, q.stadtteil_id, except) {
        (_, _, Except::Bezirk) | (None, _, _) => {}
        (Some(b), Some(st), e) if e != Except::Stadtteil => select = select.filter(in_stadtteil(r, st, b)),
        (Some(b), _, _) => select = select.filter(in_bezirk(r, b)),
    }
    if let Some(text) = &q.text {
        select = select.filter(crate::search::store::offer_matches(backend, text, vocab, vocab.thesaurus()));
    }
    let x = &q.extra;
    if let Some(c) = x.price_from_cents {
        select = select.filter(offer::Column::PriceCents.gte(c));
    }
    if let Some(c) = x.price_to_cents {
        select = select.filter(offer::Column::PriceCents.lte(c));
    }
    if let (Some(k), true) = (x.housing_kind, except != Except::HousingKind) {
        select = select.filter(offer::Column::HousingKind.eq(k.as_str()));
    }
    if let Some(n) = x.min_rooms_tenths {
        select = select.filter(offer::Column::RoomsTenths.gte(n));
    }
    if let Some(a) = x.min_area_centi_m2 {
        select = select.filter(offer::Column::LivingAreaCentiM2.gte(a));
    }
    if let Some(p) = q.project_id {
        select = select.filter(offer::Column::ProjectId.eq(p));
    }
    if let Some(p) = q.provider_id {
        select = select.filter(offer::Column::ProviderId.eq(p));
    }
    if let (Some(o), true) = (x.ownership, except != Except::Provider) {
        select = select.filter(
            offer::Column::ProviderId.in_subquery(
                Query::select().column(provider::Column::Id).from(provider::Entity).and_where(provider::Column::Ownership.eq(o.as_str())).to_owned(),
            ),
        );
    }
    if let (Some(min), true) = (x.min_rating, except != Except::Provider) {
        // AVG(stars) >= min, exactly, in integers: sum * 10 >= tenths * count.
        let tenths = (min * 10.0).round() as i64;
        select = select.filter(
            offer::Column::ProviderId.in_subquery(
                Query::select()
                    .column(provider_rating::Column::ProviderId)
                    .from(provider_rating::Entity)
                    .and_where(provider_rating::Column::ReviewCount.gt(0))
                    .and_where(
                        Expr::col(provider_rating::Column::StarSum)
                            .mul(10)
                            .gte(Expr::col(provider_rating::Column::ReviewCount).mul(tenths)),
                    )
                    .to_owned(),
            ),
        );
    }
    select
}

/// The same page computed by the database alone: the reference the
/// catalogue is tested against (`tests/catalog.rs`).
pub async fn list_from_database<C: ConnectionTrait>(db: &C, r: &Reference, vocab: &Vocabulary, q: &OfferQuery, per_page: u64) -> Result<OfferListPage, DbErr> {
    let select = || filtered(db.get_database_backend(), r, vocab, q, Except::Nothing);
    let by_category = count_by_category(db, r, vocab, q).await?;
    let ranked = match q.sort {
        Sort::Relevance | Sort::Rating => Some(rank::ranked(db, r, vocab, q, select()).await?),
        _ => None,
    };
    // Without a category filter the category facet counts the same offers,
    // once each; a ranked list shorter than its bound holds them all.
    let total = match (&q.category_ids, &ranked) {
        (None, _) => by_category.iter().map(|(_, n)| n).sum(),
        (_, Some(ranked)) if (ranked.len() as u64) < crate::offers::rank::CANDIDATES => ranked.len() as u64,
        _ => select().count(db).await?,
    };
    let paging = crate::offers::rank::paging_for(q.sort, Paging::new(q.page, per_page, total));
    let offers = match ranked {
        Some(ranked) => {
            let page: Vec<_> = ranked.into_iter().skip(paging.offset() as usize).take(per_page as usize).collect();
            let ids: Vec<i32> = page.iter().map(|(id, _)| *id).collect();
            let mut rows = offer::Entity::find().filter(offer::Column::Id.is_in(ids.clone())).all(db).await?;
            rows.sort_by_key(|o| ids.iter().position(|id| *id == o.id));
            let mut cards = cards(db, r, rows).await?;
            for (card, (_, parts)) in cards.iter_mut().zip(page) {
                card.rank = Some(parts);
            }
            cards
        }
        None => {
            let ordered = match q.sort {
                Sort::PriceAsc => select().order_by_with_nulls(offer::Column::PriceCents, Order::Asc, NullOrdering::Last),
                Sort::PriceDesc => select().order_by_with_nulls(offer::Column::PriceCents, Order::Desc, NullOrdering::Last),
                _ => select(),
            };
            let rows = ordered
                .order_by_desc(offer::Column::CreatedAt)
                .order_by_desc(offer::Column::Id)
                .offset(paging.offset())
                .limit(per_page)
                .all(db)
                .await?;
            cards(db, r, rows).await?
        }
    };
    let facets = Facets {
        categories: crate::categories::count_tree(&r.categories, &by_category),
        bezirke: count_by_bezirk(db, r, vocab, q).await?,
        stadtteile: facets::by_stadtteil(db, r, vocab, q).await?,
        housing_kinds: facets::by_housing_kind(db, r, vocab, q).await?,
        ..facets::by_provider(db, r, vocab, q).await?
    };
    Ok(OfferListPage { offers, paging, facets, stale: false, did_you_mean: None, provider: None })
}

/// Offers per category id matching the query's other filters.
pub async fn count_by_category<C: ConnectionTrait>(db: &C, r: &Reference, vocab: &Vocabulary, q: &OfferQuery) -> Result<Vec<(i32, u64)>, DbErr> {
    let rows: Vec<(i32, i64)> = filtered(db.get_database_backend(), r, vocab, q, Except::Category)
        .select_only()
        .column(offer::Column::CategoryId)
        .column_as(Expr::col(offer::Column::Id).count(), "n")
        .group_by(offer::Column::CategoryId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(c, n)| (c, n as u64)).collect())
}

/// Offers available per Stadtbezirk (the list filter's semantics) matching
/// the query's other filters.
pub async fn count_by_bezirk<C: ConnectionTrait>(db: &C, r: &Reference, vocab: &Vocabulary, q: &OfferQuery) -> Result<Vec<BezirkCount>, DbErr> {
    let base = || filtered(db.get_database_backend(), r, vocab, q, Except::Bezirk);
    let everywhere = base().filter(city_wide()).count(db).await?;
    let mut out = Vec::with_capacity(r.districts.bezirke.len());
    for b in &r.districts.bezirke {
        let specific = base().filter(serves_bezirk(r, b.id)).count(db).await?;
        out.push(BezirkCount { bezirk: b.clone(), count: everywhere + specific });
    }
    Ok(out)
}

/// How many of the selected offers serve each Stadtbezirk specifically.
pub(crate) async fn per_bezirk<C: ConnectionTrait>(db: &C, offers: sea_orm::Select<offer::Entity>) -> Result<HashMap<i32, u64>, DbErr> {
    // A join rather than `offer_id IN (matching offers)`: the matches are
    // read once from the list's index and their links looked up.
    let mut query = offers
        .select_only()
        .column(offer_district::Column::BezirkId)
        .column_as(Expr::col((offer_district::Entity, offer_district::Column::OfferId)).count(), "n")
        .group_by(offer_district::Column::BezirkId)
        .into_query();
    query.inner_join(
        offer_district::Entity,
        Expr::col((offer_district::Entity, offer_district::Column::OfferId)).equals((offer::Entity, offer::Column::Id)),
    );
    let backend = db.get_database_backend();
    db.query_all_raw(backend.build(&query))
        .await?
        .iter()
        .map(|row| Ok((row.try_get::<i32>("", "bezirk_id")?, row.try_get::<i64>("", "n")? as u64)))
        .collect()
}

