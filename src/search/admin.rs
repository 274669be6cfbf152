//! `/admin/suche`: administrators add synonym groups to the reviewed list
//! and read the queries that found nothing. Plain forms (post/redirect/get,
//! `search::routes`); a refused list stays as the draft with its errors.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::common::ui::DataTable;
use crate::error::AppError;
use crate::i18n::{self, t};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissRow {
    pub query: String,
    pub hits: i64,
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchSettingsData {
    pub builtin_groups: usize,
    pub builtin_entries: usize,
    /// What the text area shows: the draft if one was refused, else the list in force.
    pub text: String,
    pub is_draft: bool,
    /// The draft's problems, localized, one per bad line.
    pub errors: Vec<String>,
    pub version: i32,
    pub misses: Vec<MissRow>,
}

/// Misses listed at most.
pub const MISSES_SHOWN: u64 = 200;

#[cfg(feature = "ssr")]
pub fn line_error_text(e: &super::thesaurus::LineError) -> String {
    use super::thesaurus::LineError as L;
    let problem = match e {
        L::NoCategory(_) => t().search_admin_error_no_category.to_owned(),
        L::UnknownCategory(_, slug) => t().search_admin_error_unknown_category.replace("{slug}", slug),
        L::NotOneWord(_, entry) => t().search_admin_error_not_one_word.replace("{entry}", entry),
        L::TooFew(_) => t().search_admin_error_too_few.to_owned(),
    };
    t().search_admin_error_line.replace("{line}", &e.line().to_string()).replace("{problem}", &problem)
}

#[server(prefix = "/api", endpoint = "search_settings")]
pub async fn search_settings() -> Result<SearchSettingsData, AppError> {
    async move {
        let actor = crate::accounts::api::current().await?;
        crate::accounts::authz::check(actor.as_ref(), None, crate::accounts::authz::Action::ManageSearch)?;
        let st = crate::app::state::app_state()?;
        let s = super::tuning::synonyms(&st.db).await?;
        let builtin = super::thesaurus::Thesaurus::builtin();
        let (text, is_draft) = match s.draft {
            Some(d) => (d, true),
            None => (s.additions, false),
        };
        let errors = if is_draft {
            let too_long = (text.chars().count() > super::ADDITIONS_MAX_CHARS)
                .then(|| t().search_admin_error_too_long.replace("{n}", &super::ADDITIONS_MAX_CHARS.to_string()));
            let lines = super::thesaurus::Thesaurus::parse(&text).err().unwrap_or_default();
            too_long.into_iter().chain(lines.iter().map(line_error_text)).collect()
        } else {
            Vec::new()
        };
        let misses = super::tuning::top_misses(&st.db, MISSES_SHOWN)
            .await?
            .into_iter()
            .map(|m| MissRow { query: m.query, hits: m.hits, first_day: m.first_day, last_day: m.last_day })
            .collect();
        Ok(SearchSettingsData { builtin_groups: builtin.groups().len(), builtin_entries: builtin.entries(), text, is_draft, errors, version: s.version, misses })
    }
    .await
    .map_err(AppError::with_status)
}

fn notice() -> Option<&'static str> {
    let q = use_query_map().read_untracked();
    match (q.get("hinweis").as_deref(), q.get("fehler").as_deref()) {
        (_, Some("konflikt")) => Some(t().search_admin_error_conflict),
        (Some("gespeichert"), _) => Some(t().search_admin_saved),
        (Some("geloescht"), _) => Some(t().search_admin_forgotten),
        _ => None,
    }
}

#[component]
pub fn SearchAdminPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| search_settings());
    view! {
        <Title text=t().search_admin_title/>
        <div class="wrap">
            <h1>{t().search_admin_title}</h1>
            {notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(e) if need_sign_in(&e, "/admin/suche") => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(s) => view! { <SynonymsForm s=s.clone()/><Misses misses=s.misses/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SynonymsForm(s: SearchSettingsData) -> impl IntoView {
    let intro = t().search_admin_intro.replace("{groups}", &s.builtin_groups.to_string()).replace("{entries}", &s.builtin_entries.to_string());
    let invalid = !s.errors.is_empty();
    view! {
        <p>{intro}</p>
        <h2 id="synonyme">{t().search_admin_synonyms}</h2>
        {s.is_draft.then(|| view! { <p class="notice">{t().search_admin_draft}</p> })}
        {invalid.then(|| view! {
            <ul class="form-error" role="alert" id="synonyme-fehler">
                {s.errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        })}
        <form method="post" action="/admin/suche/synonyme" class="account-form">
            <input type="hidden" name="version" value=s.version.to_string()/>
            <div class="form-field">
                <label for="f-synonyms">{t().search_admin_synonyms}</label>
                <p class="muted" id="f-synonyms-help">{t().search_admin_synonyms_help}</p>
                <textarea id="f-synonyms" name="text" rows="12" aria-describedby=if invalid { "f-synonyms-help synonyme-fehler" } else { "f-synonyms-help" }
                    aria-invalid=invalid.to_string() maxlength=super::ADDITIONS_MAX_CHARS>{s.text}</textarea>
            </div>
            <button type="submit" class="button">{t().search_admin_save}</button>
        </form>
    }
}

#[component]
fn Misses(misses: Vec<MissRow>) -> impl IntoView {
    let help = t().search_admin_misses_help.replace("{days}", &super::MISS_KEEP_DAYS.to_string());
    view! {
        <h2 id="fehlanzeigen">{t().search_admin_misses}</h2>
        <p class="muted">{help}</p>
        {if misses.is_empty() {
            view! { <p>{t().search_admin_misses_none}</p> }.into_any()
        } else {
            view! {
                <DataTable caption=t().search_admin_misses columns=vec![t().search_admin_query, t().search_admin_hits, t().search_admin_first, t().search_admin_last, t().dash_actions]>
                    {misses.into_iter().map(|m| {
                        let label = format!("{}: {}", t().search_admin_forget, m.query);
                        view! {
                            <tr>
                                <td><a href=format!("/angebote?q={}", crate::common::url_key::encode(&m.query))>{m.query.clone()}</a></td>
                                <td>{m.hits}</td>
                                <td>{i18n::day(&m.first_day)}</td>
                                <td>{i18n::day(&m.last_day)}</td>
                                <td>
                                    <form method="post" action="/admin/suche/erledigt" class="inline">
                                        <input type="hidden" name="query" value=m.query/>
                                        <button type="submit" class="small" aria-label=label>{t().search_admin_forget}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </DataTable>
            }.into_any()
        }}
    }
}
