use sea_orm::entity::prelude::*;

/// One re-encoded size of a request's photo (no metadata left in it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_request_photo_variant")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub photo_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub width: i32,
    pub height: i32,
    pub mime: String,
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
