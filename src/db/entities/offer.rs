use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub provider_id: i32,
    pub category_id: i32,
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// fixed / from / per_month / per_hour / on_request
    pub price_model: String,
    pub price_cents: Option<i64>,
    /// city / districts (then see offer_district)
    pub service_area: String,
    /// Where a housing object is.
    pub stadtteil_id: Option<i32>,
    /// draft / published / archived
    pub status: String,
    /// Optimistic locking: every update increments it.
    pub version: i32,
    /// buy / rent, housing only
    pub housing_kind: Option<String>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
