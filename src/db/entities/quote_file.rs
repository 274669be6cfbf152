use sea_orm::entity::prelude::*;

/// The PDF a provider attached to its quote (one per quote).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_file")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub quote_id: i32,
    /// The uploaded file's name, cleaned (`quotes::files::clean_name`).
    pub name: String,
    pub size: i32,
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    pub author_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
