//! The progress of an OpenImmo import from the dashboard. The upload answers
//! at once and the import runs in the background
//! (`openimmo_import::runner`); the page shows the phase and the counts and
//! follows them — by polling once hydrated, by a `<noscript>` refresh
//! without JavaScript (see `NoScriptRefresh`) — until the report is there.
use leptos::prelude::*;

pub use crate::openimmo_import::progress::{Phase, Progress, RunState};
use crate::error::AppError;
use crate::i18n::{self, t};

/// The state of one of the provider's runs (its members and admins).
#[server(prefix = "/api", endpoint = "openimmo_run_state")]
pub async fn openimmo_run_state(provider_id: i32, run_id: i32) -> Result<RunState, AppError> {
    use crate::accounts::authz::Action;
use crate::members::store::check_for;
    async move {
        let st = crate::app::state::app_state()?;
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
    crate::common::hydration::island_ready();
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
