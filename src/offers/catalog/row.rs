//! What the catalogue reads: 19 of the offer's ~40 columns (the exposé's
//! texts and facts stay in the database), the providers' card facts, and
//! the photos and projects cards show — for a full load in one snapshot,
//! for a catch-up by id.
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select, Selector, SelectModel};

use crate::db::entities::offer::{self, Column as C};
use crate::db::entities::{housing_project, offer_district, provider};
use crate::photos::domain::PhotoView;
use crate::projects::domain::ProjectRef;
use crate::providers::domain::Ownership;
use crate::reviews::domain::RatingSummary;

/// Ids per `IN (…)` list: far below SQLite's bound-variable limit.
pub const IDS: usize = 5_000;

#[derive(Debug, Clone, FromQueryResult)]
pub struct Row {
    pub id: i32,
    pub provider_id: i32,
    pub category_id: i32,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub price_model: String,
    pub price_cents: Option<i64>,
    pub service_area: String,
    pub stadtteil_id: Option<i32>,
    pub status: String,
    pub housing_kind: Option<String>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
    pub project_id: Option<i32>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `q` reading just the catalogue's columns.
pub fn rows(q: Select<offer::Entity>) -> Selector<SelectModel<Row>> {
    q.select_only()
        .columns([
            C::Id, C::ProviderId, C::CategoryId, C::Slug, C::Title, C::Description, C::PriceModel, C::PriceCents, C::ServiceArea, C::StadtteilId,
            C::Status, C::HousingKind, C::RoomsTenths, C::LivingAreaCentiM2, C::PlotAreaCentiM2, C::EnergyClass, C::ProjectId, C::CreatedAt,
            C::UpdatedAt,
        ])
        .into_model::<Row>()
}

/// `rows`, but the description read as empty: a load takes the terms its
/// text gave from the search index, and a million descriptions are most of
/// the bytes it would read.
pub fn rows_without_description(q: Select<offer::Entity>) -> Selector<SelectModel<Row>> {
    q.select_only()
        .columns([
            C::Id, C::ProviderId, C::CategoryId, C::Slug, C::Title, C::PriceModel, C::PriceCents, C::ServiceArea, C::StadtteilId, C::Status,
            C::HousingKind, C::RoomsTenths, C::LivingAreaCentiM2, C::PlotAreaCentiM2, C::EnergyClass, C::ProjectId, C::CreatedAt, C::UpdatedAt,
        ])
        .expr_as(sea_orm::sea_query::Expr::val(""), "description")
        .into_model::<Row>()
}

/// A provider as the cards show it and the filters test it.
#[derive(Debug, Clone, Default)]
pub struct ProviderFacts {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub ownership: Option<Ownership>,
    pub owner_name: Option<String>,
    pub stadtteil_id: Option<i32>,
    /// The seat's town when outside Duisburg.
    pub town: Option<String>,
    pub rating: RatingSummary,
    pub logo: Option<PhotoView>,
}

/// Offers with these ids (at most `IDS`).
pub fn by_ids(ids: &[i32]) -> Selector<SelectModel<Row>> {
    rows(offer::Entity::find().filter(C::Id.is_in(ids.iter().copied())))
}

/// Providers' card facts (without rating and logo): all, or these (at most `IDS`).
pub async fn providers<C2: ConnectionTrait>(db: &C2, ids: Option<&[i32]>) -> Result<Vec<ProviderFacts>, DbErr> {
    use provider::Column as P;
    let mut q = provider::Entity::find().select_only().columns([P::Id, P::Name, P::Slug, P::Ownership, P::OwnerName, P::StadtteilId, P::Town]);
    if let Some(ids) = ids {
        q = q.filter(P::Id.is_in(ids.iter().copied()));
    }
    let rows: Vec<(i32, String, String, String, Option<String>, Option<i32>, Option<String>)> = q.into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, slug, o, owner_name, stadtteil_id, town)| ProviderFacts {
            id,
            name,
            slug,
            ownership: Ownership::parse(&o),
            owner_name,
            stadtteil_id,
            town,
            ..Default::default()
        })
        .collect())
}

/// Served Stadtbezirke per offer: of all offers, or of these (at most `IDS`).
pub async fn links<C2: ConnectionTrait>(db: &C2, offer_ids: Option<&[i32]>) -> Result<HashMap<i32, Vec<i32>>, DbErr> {
    let mut q = offer_district::Entity::find();
    if let Some(ids) = offer_ids {
        q = q.filter(offer_district::Column::OfferId.is_in(ids.iter().copied()));
    }
    let mut out: HashMap<i32, Vec<i32>> = HashMap::new();
    for l in q.all(db).await? {
        out.entry(l.offer_id).or_default().push(l.bezirk_id);
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    Ok(out)
}

/// New-build projects: all, or these (at most `IDS`).
pub async fn projects<C2: ConnectionTrait>(db: &C2, ids: Option<&[i32]>) -> Result<HashMap<i32, ProjectRef>, DbErr> {
    let mut q = housing_project::Entity::find();
    if let Some(ids) = ids {
        q = q.filter(housing_project::Column::Id.is_in(ids.iter().copied()));
    }
    Ok(q.all(db).await?.into_iter().map(|p| (p.id, ProjectRef { id: p.id, slug: p.slug, name: p.name })).collect())
}
