//! The city's reference data — categories, Stadtbezirke and Stadtteile,
//! the projected district map — read once at start and shared by every
//! request and every feature (it never changes while the site runs).
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};

use crate::categories::{Category, CategoryTree};
use crate::db::entities::{category, stadtbezirk, stadtteil};
use crate::districts::{Bezirk, Districts, Stadtteil};
use crate::map::data::DistrictMapData;

#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub categories: CategoryTree,
    pub districts: Districts,
    /// The district map, projected once.
    pub map: DistrictMapData,
}

impl Reference {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let categories = category::Entity::find()
            .order_by_asc(category::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|c| Category { id: c.id, parent_id: c.parent_id, slug: c.slug, name: c.name })
            .collect();
        let bezirke = stadtbezirk::Entity::find()
            .order_by_asc(stadtbezirk::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|b| Bezirk { id: b.id, slug: b.slug, name: b.name })
            .collect();
        let stadtteile = stadtteil::Entity::find()
            .order_by_asc(stadtteil::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|s| Stadtteil { id: s.id, bezirk_id: s.bezirk_id, slug: s.slug, name: s.name })
            .collect();
        let map = crate::map::projection::district_map(migration::reference::slugify).map_err(DbErr::Custom)?;
        Ok(Self { categories: CategoryTree { all: categories }, districts: Districts { bezirke, stadtteile }, map })
    }
}
