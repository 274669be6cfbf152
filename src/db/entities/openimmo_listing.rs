use sea_orm::entity::prelude::*;

/// An estate agent's OpenImmo listing and the offer it became (see `openimmo_import`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openimmo_listing")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub provider_id: i32,
    /// `nr:<objektnr_extern>` or `obid:<openimmo_obid>`.
    pub external_key: String,
    pub offer_id: i32,
    /// The listing as last imported, as OpenImmo 1.2.7 XML.
    #[sea_orm(column_type = "Text")]
    pub source_xml: String,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
