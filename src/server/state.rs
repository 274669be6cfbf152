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
    /// Indexed search terms, for typo tolerance, loaded at start. A word
    /// first used after that is found as typed (the query keeps the word
    /// beside its corrections); corrections towards it follow a restart.
    pub vocab: crate::search::vocab::Vocabulary,
    /// The published offers in memory, for the results list.
    pub catalog: crate::offers::catalog::Catalog,
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
        Ok(Self { categories: CategoryTree { all: categories }, districts: Districts { bezirke, stadtteile }, map, vocab: Default::default(), catalog: Default::default() })
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub reference: Arc<Reference>,
    /// The database holds demo data: the UI says so.
    pub demo: bool,
    pub mailer: Arc<crate::server::mail::Mailer>,
    /// Where the site is reached from outside (`SCD_PUBLIC_URL`), for links
    /// in e-mails — never taken from a request's Host header.
    pub public_url: String,
    /// `SCD_TRUST_PROXY`: take the client address from `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// See `Config::signups_per_ip_hour`.
    pub signups_per_ip_hour: i64,
    pub bus: crate::live::bus::ChangeBus,
    /// `SCD_PUBLIC_URL` as an origin (see `Config::public_origin`).
    pub public_origin: Option<Arc<str>>,
    /// The progress of the OpenImmo imports this instance is running.
    pub imports: crate::openimmo_import::runner::Imports,
    pub page_cache: Arc<crate::server::page_cache::PageCache>,
}

impl AppState {
    pub async fn new(db: DatabaseConnection, leptos_options: LeptosOptions) -> Result<Self, DbErr> {
        let mut reference = Reference::load(&db).await?;
        crate::search::store::ensure_index(&db, &reference).await?;
        reference.vocab = crate::search::vocab::Vocabulary::load(&db).await?;
        let reference = Arc::new(reference);
        // Loaded in the background: the first requests meanwhile wait for it.
        let (r, conn) = (reference.clone(), db.clone());
        tokio::spawn(async move {
            if let Err(err) = r.catalog.preload(&conn, &r).await {
                tracing::error!(%err, "offer catalogue not loaded");
            }
        });
        let demo = crate::demo::is_seeded(&db).await?;
        let public_url = format!("http://{}", leptos_options.site_addr);
        let mailer = Arc::new(crate::server::mail::Mailer::log_only());
        let bus = crate::live::bus::ChangeBus::start(&db).await.map_err(|e| DbErr::Custom(format!("change bus: {e}")))?;
        Ok(Self { db, leptos_options, reference, demo, mailer, public_url, trust_proxy: false, signups_per_ip_hour: crate::server::config::DEFAULT_SIGNUPS_PER_IP_HOUR, bus, public_origin: None, imports: Default::default(), page_cache: Default::default() })
    }

    /// Applies the mail and proxy settings of the configuration.
    pub fn configured(mut self, config: &crate::server::Config) -> Result<Self, String> {
        self.mailer = Arc::new(crate::server::mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?);
        if let Some(origin) = &config.public_origin {
            self.public_url = origin.clone();
        }
        self.trust_proxy = config.trust_proxy;
        self.signups_per_ip_hour = config.signups_per_ip_hour;
        Ok(self)
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
