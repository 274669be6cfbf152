//! State shared by every request: the one database pool and the immutable
//! reference data (districts, categories), read once at start.
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QueryOrder};

use crate::categories::{Category, CategoryTree};
use crate::db::entities::{category, stadtbezirk, stadtteil};
use crate::districts::{Bezirk, Districts, Stadtteil};
use crate::error::AppError;
use crate::map::DistrictMapData;

#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub categories: CategoryTree,
    pub districts: Districts,
    /// The district map, projected once.
    pub map: DistrictMapData,
    /// Indexed search terms, for typo tolerance. Offers change only through
    /// the demo loader today; editing will refresh it through the change bus.
    pub vocab: crate::search::vocab::Vocabulary,
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
        Ok(Self { categories: CategoryTree { all: categories }, districts: Districts { bezirke, stadtteile }, map, vocab: Default::default() })
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub reference: Arc<Reference>,
    /// The database holds demo data: the UI says so.
    pub demo: bool,
    /// `SCD_PUBLIC_URL` as an origin (see `Config::public_origin`).
    pub public_origin: Option<Arc<str>>,
}

impl AppState {
    pub async fn new(db: DatabaseConnection, leptos_options: LeptosOptions) -> Result<Self, DbErr> {
        let mut reference = Reference::load(&db).await?;
        crate::search::store::ensure_index(&db, &reference).await?;
        reference.vocab = crate::search::vocab::Vocabulary::load(&db).await?;
        let reference = Arc::new(reference);
        let demo = crate::demo::is_seeded(&db).await?;
        Ok(Self { db, leptos_options, reference, demo, public_origin: None })
    }

    pub fn with_public_origin(mut self, origin: Option<String>) -> Self {
        self.public_origin = origin.map(Into::into);
        self
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-side render.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
