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
    /// draft / published / archived / hidden / deleted (`offers::lifecycle::OfferStatus`)
    pub status: String,
    /// Optimistic locking: every update increments it.
    pub version: i32,
    /// buy / rent, housing only
    pub housing_kind: Option<String>,
    pub rooms_tenths: Option<i32>,
    pub living_area_centi_m2: Option<i32>,
    pub plot_area_centi_m2: Option<i32>,
    pub energy_class: Option<String>,
    /// The exposé's key facts (see `housing::details`); money in cents.
    pub warm_rent_cents: Option<i64>,
    pub service_charge_cents: Option<i64>,
    pub heating_costs_cents: Option<i64>,
    pub heating_in_service_charge: Option<bool>,
    pub deposit_cents: Option<i64>,
    pub commission: Option<String>,
    pub hausgeld_cents: Option<i64>,
    pub floor: Option<i32>,
    pub floors_total: Option<i32>,
    pub year_built: Option<i32>,
    /// OpenImmo codes: `zustand_art`, `heizungsart`, `befeuerung`, `epart`.
    pub condition: Option<String>,
    pub heating_type: Option<String>,
    pub energy_source: Option<String>,
    pub energy_certificate: Option<String>,
    pub energy_value_tenths: Option<i32>,
    /// An ISO date or a text such as "sofort".
    pub available_from: Option<String>,
    /// The exposé's sections beside the description (the Objekt text).
    #[sea_orm(column_type = "Text", nullable)]
    pub location_text: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub features_text: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub other_text: Option<String>,
    /// The new-build project this offer is a unit of.
    pub project_id: Option<i32>,
    /// The state a moderator hid it from (`offers::lifecycle`), restored with it.
    pub hidden_from: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
