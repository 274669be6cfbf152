//! The dashboard page for OpenImmo imports (issue 6): a plain multipart form
//! posting to `POST /dashboard/{pid}/openimmo` (see
//! `openimmo_import::upload`), the progress of a running import
//! (`import_progress`) and the reports of the last imports.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::common::form::need_sign_in;
use super::import_progress::{RunState, RunningView};
use crate::common::error_view::ErrorView;
use crate::error::AppError;
use crate::i18n::{self, t};

/// How many past imports the page shows.
pub const RUNS_SHOWN: u64 = 5;


pub use crate::openimmo_import::progress::{openimmo_path, ImportRun, RunSummary};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPage {
    pub provider_id: i32,
    pub provider_name: String,
    pub runs: Vec<ImportRun>,
}

/// The provider's last imports (its members and admins).
#[server(prefix = "/api", endpoint = "openimmo_runs")]
pub async fn openimmo_runs(provider_id: i32) -> Result<ImportPage, AppError> {
    use crate::accounts::authz::Action;
use crate::members::store::check_for;
    use crate::db::entities::provider;
    use sea_orm::EntityTrait;
    async move {
        let st = crate::app::state::app_state()?;
        let actor = crate::accounts::api::current().await?;
        check_for(&st.db, actor.as_ref(), provider_id, Action::ImportListings).await?;
        let p = provider::Entity::find_by_id(provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let runs = crate::openimmo_import::upload::last_runs(&st, provider_id, RUNS_SHOWN).await?;
        Ok(ImportPage { provider_id, provider_name: p.name, runs })
    }
    .await
    .map_err(AppError::with_status)
}

#[component]
pub fn OpenImmoPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok());
    let data = Resource::new(pid, |pid| async move {
        match pid {
            Some(id) => openimmo_runs(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().oi_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap">
            <Transition fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let here = openimmo_path(pid().unwrap_or_default());
                    match data.await {
                        Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => view! {
                            <h1>{format!("{} – {}", t().oi_title, d.provider_name)}</h1>
                            <p><a href=format!("/dashboard/{}", d.provider_id)>{t().dash_title}</a></p>
                            <UploadForm pid=d.provider_id/>
                            <h2 id="import-ergebnis">{t().oi_runs}</h2>
                            {if d.runs.is_empty() {
                                view! { <p class="muted">{t().oi_no_runs}</p> }.into_any()
                            } else {
                                d.runs.into_iter().map(|r| view! { <RunView r provider_id=d.provider_id/> }).collect_view().into_any()
                            }}
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The upload form: a plain multipart post; once hydrated, the button shows
/// that the import is running.
#[component]
fn UploadForm(pid: i32) -> impl IntoView {
    let error = match crate::common::form::query("fehler").as_str() {
        "leer" => Some(t().oi_error_no_file),
        "zu-gross" => Some(t().oi_error_too_large),
        "upload" => Some(t().oi_error_upload),
        "laeuft" => Some(t().oi_error_busy),
        _ => None,
    };
    view! { <UploadFormIsland pid error=error.map(str::to_owned)/> }
}

#[island(lazy)]
fn UploadFormIsland(pid: i32, error: Option<String>) -> impl IntoView {
    crate::common::hydration::island_ready();
    let busy = RwSignal::new(false);
    let described = if error.is_some() { "oi-datei-hinweis oi-datei-fehler" } else { "oi-datei-hinweis" };
    view! {
        <form class="card" method="post" enctype="multipart/form-data" action=openimmo_path(pid) on:submit=move |_| busy.set(true)>
            <div class="form-field">
                <label for="oi-datei">{t().oi_file}</label>
                <input id="oi-datei" name="datei" type="file" required accept=".xml,.zip,application/xml,text/xml,application/zip" aria-describedby=described aria-invalid=error.as_ref().map(|_| "true")/>
                <p class="hint" id="oi-datei-hinweis">{t().oi_file_hint}</p>
                {error.clone().map(|m| view! { <p class="field-error" id="oi-datei-fehler" role="alert">{m}</p> })}
            </div>
            <button type="submit" class="button primary" aria-busy=move || busy.get().then_some("true") disabled=move || busy.get()>
                {move || if busy.get() { t().oi_running } else { t().oi_submit }}
            </button>
        </form>
    }
}

fn line(label: &'static str, n: usize) -> impl IntoView {
    view! { <li>{format!("{label}: {}", i18n::decimal(n as i64, 0))}</li> }
}

#[component]
fn RunView(r: ImportRun, provider_id: i32) -> impl IntoView {
    let head = view! {
        <h3>{r.file_name.clone()}" · "<time datetime=r.created_at.to_rfc3339()>{i18n::date(&r.created_at)}</time></h3>
    };
    let body = match r.state {
        RunState::Running(progress) => view! { <RunningView provider_id run_id=r.id progress/> }.into_any(),
        RunState::Interrupted => view! { <p class="field-error" role="alert">{t().oi_interrupted}</p> }.into_any(),
        RunState::Failed(e) if e.is_empty() => view! { <p class="field-error" role="alert">{t().error_internal}</p> }.into_any(),
        RunState::Failed(e) => view! { <p class="field-error" role="alert">{t().oi_unreadable.replace("{detail}", &e)}</p> }.into_any(),
        RunState::Done(s) => {
            let unknown: Vec<String> = s.unknown_elements.iter().map(|(k, n)| format!("{k} ({n})")).collect();
            view! {
                <p>{t().oi_summary.replace("{n}", &i18n::decimal(s.listings_in_file as i64, 0)).replace("{umfang}", &s.umfang)}</p>
                <ul class="oi-counts">
                    {line(t().oi_created, s.created)}
                    {line(t().oi_updated, s.updated)}
                    {line(t().oi_unchanged, s.unchanged)}
                    {line(t().oi_archived, s.archived)}
                    {line(t().oi_skipped, s.skipped.len())}
                    {line(t().oi_without_stadtteil, s.without_stadtteil)}
                    {line(t().oi_images_imported, s.images_imported)}
                    {line(t().oi_images_already, s.images_already)}
                    {line(t().oi_images_skipped, s.images_skipped.len())}
                    {line(t().oi_images_not_imported, s.images_not_imported)}
                    {line(t().oi_external_links, s.external_links)}
                </ul>
                {(!s.skipped.is_empty()).then(|| view! {
                    <h4>{t().oi_skipped}</h4>
                    <ul>{s.skipped.into_iter().map(|(what, why)| view! { <li>{format!("{what}: {why}")}</li> }).collect_view()}</ul>
                })}
                {(!s.images_skipped.is_empty()).then(|| view! {
                    <h4>{t().oi_images_skipped}</h4>
                    <ul>{s.images_skipped.into_iter().map(|(file, why)| view! { <li>{format!("{file}: {why}")}</li> }).collect_view()}</ul>
                })}
                {(!s.images_missing.is_empty()).then(|| view! {
                    <p>{format!("{}: {}", t().oi_images_missing, s.images_missing.join(", "))}</p>
                })}
                {(!unknown.is_empty()).then(|| view! {
                    <p>{format!("{}: {}", t().oi_unknown, unknown.join(", "))}</p>
                })}
                {(!s.warnings.is_empty()).then(|| view! {
                    <h4>{t().oi_warnings}</h4>
                    <ul>{s.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                })}
            }.into_any()
        }
    };
    view! { <section class="card oi-run">{head}{body}</section> }
}
