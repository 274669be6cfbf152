//! State shared by every request: the one database pool, the reference
//! data, and each feature's shared service — the offer catalogue, the live
//! bus, the page cache, the imports under way. The composition root: it
//! names the features' state, features reach it through `app_state()`.
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::{DatabaseConnection, DbErr};

use crate::error::AppError;
use crate::reference::Reference;

/// Cheap to clone, as every request does many times (each middleware's
/// `State`, each server function's `app_state()`): one reference count.
/// Cloning the fields themselves, some twenty counts and a string, was a
/// sixth of an anonymous page's CPU time in `perf`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
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
    /// Open `/live` streams, capped per client and per instance.
    pub live_slots: Arc<crate::live::sse::Slots>,
    /// `SCD_PUBLIC_URL` as an origin (see `Config::public_origin`).
    pub public_origin: Option<Arc<str>>,
    /// The progress of the OpenImmo imports this instance is running.
    pub imports: crate::openimmo_import::progress::Imports,
    pub page_cache: Arc<super::page_cache::PageCache>,
    /// The published offers in memory, following the change log: the
    /// results lists, their facets and cards, and the typo vocabulary.
    pub catalog: crate::offers::catalog::Catalog,
    /// What every page shows of the site (`common::site`).
    pub site: Arc<crate::common::site::SiteData>,
    /// Queries that found nothing, counted for the administrators.
    pub search_misses: Arc<crate::search::tuning::Misses>,
    /// Request timings and counters for `/metrics` (`app::metrics`).
    pub metrics: Arc<crate::server::metrics::Metrics>,
    /// `SCD_METRICS_TOKEN`: `/metrics` on the site's address needs it.
    pub metrics_token: Option<Arc<str>>,
    /// See `Config::quotes_per_request`.
    pub quotes_per_request: i32,
}

/// How often expired rate-limit windows are deleted.
const RATE_LIMIT_PRUNE: std::time::Duration = std::time::Duration::from_secs(600);
/// How often counted search misses are written.
const MISS_FLUSH: std::time::Duration = std::time::Duration::from_secs(10);

impl AppState {
    pub async fn new(db: DatabaseConnection, leptos_options: LeptosOptions) -> Result<Self, DbErr> {
        let reference = Reference::load(&db).await?;
        crate::search::store::ensure_index(&db, &reference).await?;
        crate::server::rate_limit::load_secret(&db).await?;
        let reference = Arc::new(reference);
        let demo = crate::demo::is_seeded(&db).await?;
        let public_url = format!("http://{}", leptos_options.site_addr);
        let mailer = Arc::new(crate::server::mail::Mailer::log_only());
        let bus = crate::live::bus::ChangeBus::start(&db).await.map_err(|e| DbErr::Custom(format!("change bus: {e}")))?;
        // Loads in the background: `/readyz` says when it is done, and the
        // first requests meanwhile wait for it.
        let catalog = crate::offers::catalog::Catalog::start(db.clone(), reference.clone(), bus.clone());
        let site = Arc::new(crate::common::site::SiteData { demo, categories: reference.categories.clone(), districts: reference.districts.clone() });
        let search_misses = Arc::new(crate::search::tuning::Misses::default());
        crate::search::tuning::spawn_flusher(search_misses.clone(), db.clone(), MISS_FLUSH);
        crate::server::rate_limit::spawn_pruner(db.clone(), RATE_LIMIT_PRUNE);
        Ok(Self(Arc::new(Shared {
            db,
            leptos_options,
            reference,
            demo,
            mailer,
            public_url,
            trust_proxy: false,
            signups_per_ip_hour: crate::server::config::DEFAULT_SIGNUPS_PER_IP_HOUR,
            bus,
            live_slots: Default::default(),
            public_origin: None,
            imports: Default::default(),
            page_cache: Default::default(),
            catalog,
            site,
            search_misses,
            metrics: Default::default(),
            metrics_token: None,
            quotes_per_request: crate::quotes::domain::DEFAULT_QUOTES_PER_REQUEST,
        })))
    }

    /// Applies the mail and proxy settings of the configuration.
    pub fn configured(mut self, config: &crate::server::Config) -> Result<Self, String> {
        self.mailer = Arc::new(crate::server::mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from, &config.mail_dir)?);
        if let Some(origin) = &config.public_origin {
            self.public_url = origin.clone();
        }
        self.trust_proxy = config.trust_proxy;
        self.signups_per_ip_hour = config.signups_per_ip_hour;
        self.metrics_token = config.metrics_token.as_deref().map(Into::into);
        self.quotes_per_request = config.quotes_per_request;
        Ok(self)
    }

    /// Starts the background work that writes on its own schedule: the
    /// outbox's delivery and the alerts (matching and digests). Called once
    /// the mailer is configured.
    pub fn start_workers(&self) {
        crate::server::outbox::spawn_worker(self.db.clone(), self.mailer.clone());
        let matcher = crate::alerts::matcher::Matcher {
            db: self.db.clone(),
            catalog: self.catalog.clone(),
            reference: self.reference.clone(),
            public_url: self.public_url.clone(),
        };
        crate::alerts::matcher::spawn(matcher, self.bus.clone());
        crate::quotes::upkeep::spawn_expiry(self.db.clone(), self.public_url.clone(), self.quotes_per_request);
    }

    pub fn with_public_origin(mut self, origin: Option<String>) -> Self {
        self.public_origin = origin.map(Into::into);
        self
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// For setting the state up (`configured`, tests' adjustments), before
/// anything holds a clone: changing a shared state would change it for
/// some holders only.
impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Shared {
        Arc::get_mut(&mut self.0).expect("the app state is changed only while it is set up, before it is shared")
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-side render.
pub fn app_state() -> Result<AppState, AppError> {
    use leptos::prelude::use_context;
    use_context::<AppState>().ok_or_else(|| {
        // Inside a render whose request's own parts are gone too, the root
        // owner was dropped (the visitor left mid-render): nobody waits for
        // this answer. Outside any owner, or with the parts there, the
        // state was never provided: a bug.
        let cancelled = leptos::prelude::Owner::current().is_some() && use_context::<http::request::Parts>().is_none();
        if cancelled {
            tracing::debug!("request context gone (cancelled request)");
        } else {
            tracing::error!("AppState missing from the Leptos context");
        }
        AppError::Internal
    })
}
