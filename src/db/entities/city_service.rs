use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "city_service")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub themenfeld: String,
    pub themenfeld_en: String,
    pub name: String,
    pub name_en: String,
    /// online / partial / in_person
    pub availability: String,
    pub official_url: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: String,
    /// What to bring, one item per line.
    #[sea_orm(column_type = "Text")]
    pub bring: String,
    #[sea_orm(column_type = "Text")]
    pub bring_en: String,
    pub position: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
