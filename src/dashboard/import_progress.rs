//! The progress of an OpenImmo import from the dashboard. The upload answers
//! at once and the import runs in the background
//! (`openimmo_import::runner`); the page shows the phase and the counts and
//! follows them — by polling once hydrated, by a `<noscript>` refresh
//! without JavaScript (see `NoScriptRefresh`) — until the report is there.
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::openimmo::RunSummary;
use crate::error::AppError;
use crate::i18n::{self, t};

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Parsing the file (XML or ZIP).
    Reading,
    /// Writing the listings, in one transaction.
    Listings,
    /// Processing the ZIP's photos, after the listings are committed.
    Images,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Self::Reading => "lesen",
            Self::Listings => "angebote",
            Self::Images => "bilder",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Reading, Self::Listings, Self::Images].into_iter().find(|p| p.code() == code)
    }

    fn label(self) -> &'static str {
        match self {
            Self::Reading => t().oi_phase_reading,
            Self::Listings => t().oi_phase_listings,
            Self::Images => t().oi_phase_images,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    /// 0 while not known (reading the file).
    pub total: u64,
}

impl Progress {
    pub const START: Self = Self { phase: Phase::Reading, done: 0, total: 0 };

    /// Whole percent of the current phase, when its size is known.
    pub fn percent(&self) -> Option<u64> {
        (self.total > 0).then(|| self.done.min(self.total) * 100 / self.total)
    }
}

/// A run as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunState {
    Running(Progress),
    Done(RunSummary),
    /// The file could not be read (with line and element), or the run failed.
    Failed(String),
    /// The instance running it stopped before it finished.
    Interrupted,
}

/// Heartbeats are written every few seconds where another instance can see
/// them; this long without one, the run's instance is gone.
pub const HEARTBEAT_STALE_SECS: i64 = 30;

/// The state of a run stored as running. `local` is this instance's own
/// record of it; without one, the stored counts tell, as long as the
/// heartbeat is fresh. Where heartbeats cannot be written during the import
/// (SQLite, one instance only) a run this instance does not know is one a
/// previous process left behind.
pub fn running_state(local: Option<Progress>, stored: Progress, heartbeat: Option<DateTime<Utc>>, now: DateTime<Utc>, shared_heartbeats: bool) -> RunState {
    match (local, heartbeat) {
        (Some(p), _) => RunState::Running(p),
        (None, Some(h)) if shared_heartbeats && (now - h).num_seconds() <= HEARTBEAT_STALE_SECS => RunState::Running(stored),
        _ => RunState::Interrupted,
    }
}

/// The state of one of the provider's runs (its members and admins).
#[server(prefix = "/api", endpoint = "openimmo_run_state")]
pub async fn openimmo_run_state(provider_id: i32, run_id: i32) -> Result<RunState, AppError> {
    use crate::accounts::authz::{check_for, Action};
    async move {
        let st = crate::server::app_state()?;
        let actor = crate::accounts::api::current().await?;
        check_for(&st.db, actor.as_ref(), provider_id, Action::ImportListings).await?;
        crate::openimmo_import::runner::state_of(&st, provider_id, run_id).await?.ok_or(AppError::NotFound)
    }
    .await
    .map_err(AppError::with_status)
}

/// How often the hydrated page asks.
const POLL_MS: u64 = 700;

/// A running import: phase, counts and a progress bar, announced politely
/// to screen readers. Once hydrated it polls, and loads the page anew for
/// the run's report when the run is no longer running.
#[island(lazy)]
pub fn RunningView(provider_id: i32, run_id: i32, progress: Progress) -> impl IntoView {
    crate::app::hydration::island_ready();
    let state = RwSignal::new(progress);
    Effect::new(move |_| {
        let tick = move || {
            leptos::task::spawn_local(async move {
                match openimmo_run_state(provider_id, run_id).await {
                    Ok(RunState::Running(p)) => state.set(p),
                    // Finished, or the page can no longer tell: show the stored outcome.
                    _ => {
                        #[cfg(feature = "hydrate")]
                        let _ = window().location().reload();
                    }
                }
            })
        };
        if let Ok(h) = set_interval_with_handle(tick, std::time::Duration::from_millis(POLL_MS)) {
            on_cleanup(move || h.clear());
        }
    });
    let text = move || {
        let p = state.get();
        let counts = if p.total > 0 {
            t().oi_progress.replace("{done}", &i18n::decimal(p.done as i64, 0)).replace("{total}", &i18n::decimal(p.total as i64, 0))
        } else {
            String::new()
        };
        format!("{} {counts}", p.phase.label()).trim_end().to_owned()
    };
    view! {
        <div class="oi-progress" role="status" aria-live="polite" id=format!("lauf-{run_id}")>
            <p><strong>{t().oi_running}</strong>" "{text}</p>
            <progress
                max="100"
                value=move || state.get().percent().map(|p| p.to_string())
                aria-label=t().oi_progress_label
            >
                {move || state.get().percent().map(|p| format!("{p} %"))}
            </progress>
        </div>
    }
}

/// Where the import page refreshes to without JavaScript while it follows
/// a run (`/dashboard/{pid}/openimmo?lauf={id}`), else `None`.
pub fn refresh_target(path: &str, query: Option<&str>) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    let pid = path.strip_prefix("/dashboard/")?.strip_suffix("/openimmo").filter(|p| digits(p))?;
    let run = query?.split('&').find_map(|kv| kv.strip_prefix("lauf=")).filter(|r| digits(r))?;
    Some(format!("/dashboard/{pid}/openimmo/lauf/{run}"))
}

/// In the shell's `<head>`: without JavaScript, the page following a run
/// reloads itself until the run is done. Inside `<noscript>` a browser
/// that runs scripts ignores it, and the hydrated page polls instead.
#[component]
pub fn NoScriptRefresh() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let target = use_context::<http::request::Parts>().and_then(|p| refresh_target(p.uri.path(), p.uri.query()));
    #[cfg(not(feature = "ssr"))]
    let target: Option<String> = None;
    target.map(|url| view! { <noscript><meta http-equiv="refresh" content=format!("2; url={url}")/></noscript> })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn percent_of_the_phase() {
        let p = |done, total| Progress { phase: Phase::Listings, done, total };
        assert_eq!(p(0, 0).percent(), None);
        assert_eq!(p(1, 3).percent(), Some(33));
        assert_eq!(p(20_000, 20_000).percent(), Some(100));
        assert_eq!(p(5, 4).percent(), Some(100));
    }

    #[test]
    fn phases_round_trip_their_codes() {
        for p in [Phase::Reading, Phase::Listings, Phase::Images] {
            assert_eq!(Phase::parse(p.code()), Some(p));
        }
        assert_eq!(Phase::parse("x"), None);
    }

    #[test]
    fn a_run_is_running_while_someone_knows_it() {
        let now = Utc::now();
        let mine = Progress { phase: Phase::Images, done: 2, total: 9 };
        let stored = Progress { phase: Phase::Listings, done: 400, total: 1000 };
        // This instance runs it: its own count wins.
        assert_eq!(running_state(Some(mine), stored, None, now, false), RunState::Running(mine));
        assert_eq!(running_state(Some(mine), stored, Some(now - Duration::hours(1)), now, true), RunState::Running(mine));
        // Another instance runs it and its heartbeat is fresh.
        assert_eq!(running_state(None, stored, Some(now - Duration::seconds(5)), now, true), RunState::Running(stored));
        // Its heartbeat stopped: that instance is gone.
        assert_eq!(running_state(None, stored, Some(now - Duration::seconds(HEARTBEAT_STALE_SECS + 1)), now, true), RunState::Interrupted);
        // Without shared heartbeats a run unknown here was left by an earlier process.
        assert_eq!(running_state(None, stored, Some(now), now, false), RunState::Interrupted);
    }

    #[test]
    fn only_the_followed_import_page_refreshes() {
        assert_eq!(refresh_target("/dashboard/7/openimmo", Some("lauf=12")).as_deref(), Some("/dashboard/7/openimmo/lauf/12"));
        assert_eq!(refresh_target("/dashboard/7/openimmo", Some("x=1&lauf=12")).as_deref(), Some("/dashboard/7/openimmo/lauf/12"));
        assert_eq!(refresh_target("/dashboard/7/openimmo", None), None);
        assert_eq!(refresh_target("/dashboard/7/openimmo", Some("fehler=leer")), None);
        assert_eq!(refresh_target("/dashboard/7/openimmo", Some("lauf=12x")), None);
        assert_eq!(refresh_target("/dashboard/x/openimmo", Some("lauf=12")), None);
        assert_eq!(refresh_target("/dashboard/7", Some("lauf=12")), None);
        assert_eq!(refresh_target("/angebote", Some("lauf=1")), None);
    }
}
