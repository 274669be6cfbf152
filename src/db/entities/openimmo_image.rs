use sea_orm::entity::prelude::*;

/// An image an OpenImmo import attached to an offer, by the SHA-256 of its
/// bytes: the same image in a later import is not attached again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "openimmo_image")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub offer_id: i32,
    pub content_hash: String,
    pub photo_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
