//! Offer queries. Residents only ever see published offers.
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, NullOrdering, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, Order, QueryTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::domain::{
    Facets, HousingFacts, HousingKind, OfferCard, OfferDetail, OfferListPage, OfferQuery, Price, PriceModel, Sort,
};
use crate::common::paging::Paging;
use crate::db::entities::{offer, offer_district, provider, provider_rating};
use crate::districts::BezirkCount;
use crate::providers::store as providers;
use crate::server::state::Reference;

pub const PUBLISHED: &str = "published";
pub const CITY_WIDE: &str = "city";

fn published() -> sea_orm::Select<offer::Entity> {
    offer::Entity::find().filter(offer::Column::Status.eq(PUBLISHED))
}

/// Offers available in a Stadtbezirk: city-wide ones and those serving it.
fn in_bezirk(bezirk_id: i32) -> Condition {
    Condition::any().add(offer::Column::ServiceArea.eq(CITY_WIDE)).add(
        offer::Column::Id.in_subquery(
            Query::select()
                .column(offer_district::Column::OfferId)
                .from(offer_district::Entity)
                .and_where(offer_district::Column::BezirkId.eq(bezirk_id))
                .to_owned(),
        ),
    )
}

/// Offers available in a Stadtteil: those located there, and those without
/// a location (services) available in its Stadtbezirk. A flat elsewhere in
/// the same Bezirk is not in this Stadtteil.
fn in_stadtteil(stadtteil_id: i32, bezirk_id: i32) -> Condition {
    Condition::any()
        .add(offer::Column::StadtteilId.eq(stadtteil_id))
        .add(Condition::all().add(offer::Column::StadtteilId.is_null()).add(in_bezirk(bezirk_id)))
}

/// Which filters a facet leaves out: its own, so every value shows what
/// choosing it would give.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Except {
    Nothing,
    Category,
    /// The Stadtbezirk and the Stadtteil within it.
    Bezirk,
    Stadtteil,
    /// Ownership and rating: both are properties of the provider, counted together.
    Provider,
    HousingKind,
}

pub(super) fn filtered(backend: DbBackend, r: &Reference, q: &OfferQuery, except: Except) -> sea_orm::Select<offer::Entity> {
    let mut select = published();
    if let (Some(ids), true) = (&q.category_ids, except != Except::Category) {
        select = select.filter(offer::Column::CategoryId.is_in(ids.iter().copied()));
    }
    match (q.bezirk_id, q.stadtteil_id, except) {
        (_, _, Except::Bezirk) | (None, _, _) => {}
        (Some(b), Some(st), e) if e != Except::Stadtteil => select = select.filter(in_stadtteil(st, b)),
        (Some(b), _, _) => select = select.filter(in_bezirk(b)),
    }
    if let Some(text) = &q.text {
        select = select.filter(crate::search::store::offer_matches(backend, text, &r.vocab));
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

/// A page of the results list, from the in-memory catalogue (`catalog`);
/// only the page's offers are read from the database.
pub async fn list<C: ConnectionTrait>(db: &C, r: &Reference, q: &OfferQuery, per_page: u64) -> Result<OfferListPage, DbErr> {
    // The catalogue's lock is not held while the cards are read.
    let listing = r.catalog.current(db, r).await?.list(r, q, per_page);
    let ids: Vec<i32> = listing.page.iter().map(|(id, _)| *id).collect();
    let mut rows = offer::Entity::find().filter(offer::Column::Id.is_in(ids.clone())).all(db).await?;
    rows.sort_by_key(|o| ids.iter().position(|id| *id == o.id));
    let mut cards = cards(db, r, rows).await?;
    for card in &mut cards {
        card.rank = listing.page.iter().find(|(id, _)| *id == card.id).and_then(|(_, parts)| *parts);
    }
    Ok(OfferListPage { offers: cards, paging: listing.paging, facets: listing.facets })
}

/// The same page computed by the database alone: the reference the
/// catalogue is tested against (`tests/catalog.rs`).
pub async fn list_from_database<C: ConnectionTrait>(db: &C, r: &Reference, q: &OfferQuery, per_page: u64) -> Result<OfferListPage, DbErr> {
    let select = || filtered(db.get_database_backend(), r, q, Except::Nothing);
    let by_category = count_by_category(db, r, q).await?;
    let ranked = match q.sort {
        Sort::Relevance | Sort::Rating => Some(super::rank::ranked(db, r, q, select()).await?),
        _ => None,
    };
    // Without a category filter the category facet counts the same offers,
    // once each; a ranked list shorter than its bound holds them all.
    let total = match (&q.category_ids, &ranked) {
        (None, _) => by_category.iter().map(|(_, n)| n).sum(),
        (_, Some(ranked)) if (ranked.len() as u64) < super::rank::CANDIDATES => ranked.len() as u64,
        _ => select().count(db).await?,
    };
    let paging = Paging::new(q.page, per_page, total);
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
        bezirke: count_by_bezirk(db, r, q).await?,
        stadtteile: super::facets::by_stadtteil(db, r, q).await?,
        housing_kinds: super::facets::by_housing_kind(db, r, q).await?,
        ..super::facets::by_provider(db, r, q).await?
    };
    Ok(OfferListPage { offers, paging, facets })
}

pub async fn newest<C: ConnectionTrait>(db: &C, r: &Reference, n: u64) -> Result<Vec<OfferCard>, DbErr> {
    let rows = published()
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .limit(n)
        .all(db)
        .await?;
    cards(db, r, rows).await
}

pub async fn by_provider<C: ConnectionTrait>(db: &C, r: &Reference, provider_id: i32) -> Result<Vec<OfferCard>, DbErr> {
    let rows = published()
        .filter(offer::Column::ProviderId.eq(provider_id))
        .order_by_desc(offer::Column::CreatedAt)
        .order_by_desc(offer::Column::Id)
        .all(db)
        .await?;
    cards(db, r, rows).await
}

pub async fn detail<C: ConnectionTrait>(db: &C, r: &Reference, id: i32) -> Result<Option<OfferDetail>, DbErr> {
    let Some(row) = published().filter(offer::Column::Id.eq(id)).one(db).await? else {
        return Ok(None);
    };
    let (description, created_at, category_id) = (row.description.clone(), row.created_at, row.category_id);
    let expose = row.housing_kind.is_some().then(|| crate::housing::store::details_of(&row));
    let area = service_area(db, r, &[row.clone()]).await?.remove(&row.id).unwrap_or_default();
    let Some(card) = cards(db, r, vec![row]).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(OfferDetail {
        card,
        description,
        category_slug: r.categories.by_id(category_id).map(|c| c.slug.clone()).unwrap_or_default(),
        service_area: area,
        created_at,
        expose,
    }))
}

/// The published units of a new-build project, cheapest first.
pub async fn project_units<C: ConnectionTrait>(db: &C, r: &Reference, project_id: i32) -> Result<Vec<OfferCard>, DbErr> {
    let rows = published().filter(offer::Column::ProjectId.eq(project_id)).order_by_asc(offer::Column::PriceCents).order_by_asc(offer::Column::Id).all(db).await?;
    cards(db, r, rows).await
}

/// Offers per category id matching the query's other filters.
pub async fn count_by_category<C: ConnectionTrait>(db: &C, r: &Reference, q: &OfferQuery) -> Result<Vec<(i32, u64)>, DbErr> {
    let rows: Vec<(i32, i64)> = filtered(db.get_database_backend(), r, q, Except::Category)
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
pub async fn count_by_bezirk<C: ConnectionTrait>(db: &C, r: &Reference, q: &OfferQuery) -> Result<Vec<BezirkCount>, DbErr> {
    let base = || filtered(db.get_database_backend(), r, q, Except::Bezirk);
    let city_wide = base().filter(offer::Column::ServiceArea.eq(CITY_WIDE)).count(db).await?;
    let counts = per_bezirk(db, base()).await?;
    Ok(r.districts
        .bezirke
        .iter()
        .map(|b| BezirkCount { bezirk: b.clone(), count: city_wide + counts.get(&b.id).copied().unwrap_or(0) })
        .collect())
}

/// How many of the selected offers serve each Stadtbezirk specifically.
pub(super) async fn per_bezirk<C: ConnectionTrait>(db: &C, offers: sea_orm::Select<offer::Entity>) -> Result<HashMap<i32, u64>, DbErr> {
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

/// Names of the Stadtbezirke each offer serves; empty for city-wide ones.
async fn service_area<C: ConnectionTrait>(db: &C, r: &Reference, rows: &[offer::Model]) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let ids: Vec<i32> = rows.iter().filter(|o| o.service_area != CITY_WIDE).map(|o| o.id).collect();
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let links = offer_district::Entity::find()
        .filter(offer_district::Column::OfferId.is_in(ids))
        .order_by_asc(offer_district::Column::BezirkId)
        .all(db)
        .await?;
    for l in links {
        if let Some(b) = r.districts.bezirk(l.bezirk_id) {
            out.entry(l.offer_id).or_default().push(b.name.clone());
        }
    }
    Ok(out)
}

/// Turns rows into cards with their providers and served districts, in a
/// fixed number of queries whatever the number of rows.
async fn cards<C: ConnectionTrait>(db: &C, r: &Reference, rows: Vec<offer::Model>) -> Result<Vec<OfferCard>, DbErr> {
    let mut provider_ids: Vec<i32> = rows.iter().map(|o| o.provider_id).collect();
    provider_ids.sort_unstable();
    provider_ids.dedup();
    let provider_map = providers::summaries(db, r, &provider_ids).await?;
    let areas = service_area(db, r, &rows).await?;
    let offer_ids: Vec<i32> = rows.iter().map(|o| o.id).collect();
    let mut covers = crate::photos::store::covers(db, &offer_ids).await?;
    let project_ids: Vec<i32> = rows.iter().filter_map(|o| o.project_id).collect();
    let projects = crate::projects::store::refs(db, &project_ids).await?;
    let whole_city = crate::i18n::t().offer_whole_city;
    Ok(rows
        .into_iter()
        .filter_map(|o| {
            let provider = provider_map.get(&o.provider_id)?.clone();
            let housing = o.housing_kind.as_deref().and_then(HousingKind::parse).map(|kind| HousingFacts {
                kind,
                rooms_tenths: o.rooms_tenths,
                living_area_centi_m2: o.living_area_centi_m2,
                plot_area_centi_m2: o.plot_area_centi_m2,
                energy_class: o.energy_class.clone(),
            });
            let place = match o.stadtteil_id {
                Some(st) => r.districts.stadtteil_label(st),
                None if o.service_area == CITY_WIDE => whole_city.to_owned(),
                None => areas.get(&o.id).map(|v| v.join(", ")).unwrap_or_default(),
            };
            Some(OfferCard {
                id: o.id,
                slug: o.slug,
                title: o.title,
                price: Price { model: PriceModel::parse(&o.price_model).unwrap_or(PriceModel::OnRequest), cents: o.price_cents },
                category: r.categories.path_name(o.category_id),
                provider,
                place,
                housing,
                updated_at: o.updated_at,
                rank: None,
                cover: covers.remove(&o.id),
                project: o.project_id.and_then(|p| projects.get(&p).cloned()),
            })
        })
        .collect())
}
