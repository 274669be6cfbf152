//! The columns of an offer the catalogue keeps: loads and catch-ups read
//! only these (15 of the offer's ~40 columns, the exposé texts and facts
//! stay in the database): less to read, copy and decode per row.
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select, Selector, SelectModel};

use crate::db::entities::offer::{self, Column as C};

#[derive(Debug, Clone, FromQueryResult)]
pub struct Row {
    pub id: i32,
    pub provider_id: i32,
    pub category_id: i32,
    pub title: String,
    pub description: String,
    pub price_cents: Option<i64>,
    pub service_area: String,
    pub stadtteil_id: Option<i32>,
    pub status: String,
    pub housing_kind: Option<String>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub project_id: Option<i32>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `q` reading just the catalogue's columns.
pub fn rows(q: Select<offer::Entity>) -> Selector<SelectModel<Row>> {
    q.select_only()
        .columns([
            C::Id, C::ProviderId, C::CategoryId, C::Title, C::Description, C::PriceCents, C::ServiceArea, C::StadtteilId, C::Status,
            C::HousingKind, C::RoomsTenths, C::LivingAreaCentiM2, C::ProjectId, C::CreatedAt, C::UpdatedAt,
        ])
        .into_model::<Row>()
}

/// Offers with these ids.
pub fn by_ids(ids: &[i32]) -> Selector<SelectModel<Row>> {
    rows(offer::Entity::find().filter(C::Id.is_in(ids.iter().copied())))
}
