//! Offer queries. Residents only ever see published offers.
use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QueryTrait,
};

use super::domain::{HousingFacts, HousingKind, OfferCard, OfferDetail, Price, PriceModel};
use super::query::{OfferListPage, OfferQuery, ProviderScope};
use crate::db::entities::{offer, offer_district};
use crate::districts::BezirkCount;
use crate::providers::store as providers;
use crate::error::AppError;
use crate::reference::Reference;

pub const PUBLISHED: &str = "published";
pub const CITY_WIDE: &str = "city";

pub(crate) fn published() -> sea_orm::Select<offer::Entity> {
    offer::Entity::find().filter(offer::Column::Status.eq(PUBLISHED))
}

/// A page of the results list, from the in-memory catalogue alone: no
/// database read, so lists are served while the database is away (marked
/// `stale` then).
pub async fn list(catalog: &super::catalog::Catalog, r: &Reference, q: &OfferQuery, per_page: u64) -> Result<OfferListPage, AppError> {
    let freshness = catalog.fresh().await?;
    let mut page = catalog.with(|data| {
        let page = data.list_page(r, q, per_page);
        let provider = q.provider_id.and_then(|id| data.provider_summary(r, id)).map(|p| ProviderScope { id: p.id, slug: p.slug, name: p.name });
        OfferListPage { provider, ..page }
    });
    page.stale = freshness.is_stale();
    Ok(page)
}

/// Counts a text query whose words find nothing (not merely nothing within
/// its filters) for the administrators (`search::tuning`): its words only.
pub fn note_miss(st: &crate::app::state::AppState, q: &OfferQuery, page: &OfferListPage) {
    if let Some(text) = q.text.as_deref() {
        if page.paging.total == 0 && st.catalog.with(|d| d.finds_nothing(text)) {
            st.search_misses.record(text);
        }
    }
}

/// Offers per category and per Stadtbezirk over all published offers (the
/// start page, the API's reference lists), from the catalogue.
pub async fn counts(catalog: &super::catalog::Catalog, r: &Reference) -> Result<(Vec<(i32, u64)>, Vec<BezirkCount>), AppError> {
    catalog.fresh().await?;
    Ok(catalog.with(|data| data.counts(r)))
}

/// The cards of those of `ids` that are published, in the order given.
pub async fn published_cards<C: ConnectionTrait>(db: &C, r: &Reference, ids: &[i32]) -> Result<Vec<OfferCard>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = published().filter(offer::Column::Id.is_in(ids.to_vec())).all(db).await?;
    let mut cards = cards(db, r, rows).await?;
    cards.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
    Ok(cards)
}

/// Offer pages (one or, for the comparison, a few): the cards from the
/// catalogue, as current as a results list (`fresh`), and the texts only
/// a page shows from the offers' rows with the Stadtbezirke they serve, in
/// one query. `None` where an offer is not published;
/// `Unavailable` (503) for one published but not yet in a catalogue that
/// is still catching up after `FRESH_WAIT` (a large import).
/// `oracle::detail_from_database` builds the same from the database alone;
/// the tests compare the two for every offer.
pub async fn details<C: ConnectionTrait>(
    catalog: &super::catalog::Catalog,
    db: &C,
    r: &Reference,
    ids: &[i32],
) -> Result<Vec<Option<OfferDetail>>, AppError> {
    let freshness = catalog.fresh().await?;
    let cards: Vec<Option<OfferCard>> = catalog.with(|d| ids.iter().map(|id| d.card(r, *id)).collect());
    // Published during a catch-up longer than `FRESH_WAIT`: not in the
    // catalogue yet, which is no reason to say it does not exist.
    let missing: Vec<i32> = ids.iter().zip(&cards).filter(|(_, c)| c.is_none()).map(|(id, _)| *id).collect();
    if freshness != super::catalog::Freshness::Current && !missing.is_empty() && published().filter(offer::Column::Id.is_in(missing)).count(db).await? > 0 {
        return Err(AppError::Unavailable);
    }
    let listed: Vec<i32> = cards.iter().flatten().map(|c| c.id).collect();
    if listed.is_empty() {
        return Ok(vec![None; ids.len()]);
    }
    let rows = rows_with_served(db, &listed).await?;
    Ok(cards
        .into_iter()
        .map(|card| {
            let card = card?;
            let (row, served) = rows.get(&card.id)?;
            Some(detail_of(r, card, row, area_names(r, row, served)))
        })
        .collect())
}

/// Published offers' rows, each with the Stadtbezirke it names
/// (`offer_district`), in one joined query: a row per named Stadtbezirk.
async fn rows_with_served<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<HashMap<i32, (offer::Model, Vec<i32>)>, DbErr> {
    let od = offer_district::Entity;
    let mut q = published().filter(offer::Column::Id.is_in(ids.iter().copied())).into_query();
    q.expr_as(Expr::col((od, offer_district::Column::BezirkId)), Alias::new("served_bezirk"))
        .left_join(od, Expr::col((od, offer_district::Column::OfferId)).equals((offer::Entity, offer::Column::Id)));
    let mut out: HashMap<i32, (offer::Model, Vec<i32>)> = HashMap::new();
    for row in db.query_all_raw(db.get_database_backend().build(&q)).await? {
        let id: i32 = row.try_get("", "id")?;
        let served: Option<i32> = row.try_get("", "served_bezirk")?;
        let entry = match out.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert((offer::Model::from_query_result(&row, "")?, Vec::new())),
        };
        entry.1.extend(served);
    }
    Ok(out)
}

/// The names of the Stadtbezirke an offer serves, as `service_area` gives
/// them: in id order, none for a city-wide offer.
fn area_names(r: &Reference, row: &offer::Model, served: &[i32]) -> Vec<String> {
    if row.service_area == CITY_WIDE {
        return Vec::new();
    }
    let mut ids = served.to_vec();
    ids.sort_unstable();
    ids.iter().filter_map(|id| r.districts.bezirk(*id)).map(|b| b.name.clone()).collect()
}

/// An offer's page from its card, its row and the names of the Stadtbezirke it serves.
pub(crate) fn detail_of(r: &Reference, card: OfferCard, row: &offer::Model, service_area: Vec<String>) -> OfferDetail {
    OfferDetail {
        card,
        description: row.description.clone(),
        category_slug: r.categories.by_id(row.category_id).map(|c| c.slug.clone()).unwrap_or_default(),
        service_area,
        created_at: row.created_at,
        expose: row.housing_kind.is_some().then(|| crate::housing::store::details_of(row)),
    }
}

/// How many published offers are units of the project: the project page's
/// check while the catalogue lags.
pub async fn published_in_project<C: ConnectionTrait>(db: &C, project_id: i32) -> Result<u64, DbErr> {
    published().filter(offer::Column::ProjectId.eq(project_id)).count(db).await
}

/// Names of the Stadtbezirke each offer serves; empty for city-wide ones.
pub(crate) async fn service_area<'a, C: ConnectionTrait>(
    db: &C,
    r: &Reference,
    rows: impl IntoIterator<Item = &'a offer::Model>,
) -> Result<HashMap<i32, Vec<String>>, DbErr> {
    let ids: Vec<i32> = rows.into_iter().filter(|o| o.service_area != CITY_WIDE).map(|o| o.id).collect();
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
pub(crate) async fn cards<C: ConnectionTrait>(db: &C, r: &Reference, rows: Vec<offer::Model>) -> Result<Vec<OfferCard>, DbErr> {
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
                category_id: o.category_id,
                created_at: o.created_at,
                rank: None,
                cover: covers.remove(&o.id),
                project: o.project_id.and_then(|p| projects.get(&p).cloned()),
            })
        })
        .collect())
}
