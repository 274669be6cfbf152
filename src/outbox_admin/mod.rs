//! `/admin/post`: the outbox as operators need it — how much mail waits,
//! what could not be delivered and why (never a body: it may hold a live
//! link), and a button to queue failed mail again (`scd admin mail-retry`
//! does the same from the command line).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::common::ui::DataTable;
use crate::error::AppError;
use crate::i18n::{self, t};

pub const PAGE: &str = "/admin/post";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailRow {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub failed: bool,
    pub attempts: i32,
    pub last_error: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxData {
    pub counts: Vec<(String, i64)>,
    pub rows: Vec<MailRow>,
}

#[server(prefix = "/api", endpoint = "outbox_status")]
pub async fn outbox_status() -> Result<OutboxData, AppError> {
    async move {
        let actor = crate::accounts::api::current().await?;
        crate::accounts::authz::check(actor.as_ref(), None, crate::accounts::authz::Action::ManageMail)?;
        let st = crate::app::state::app_state()?;
        let counts = crate::server::outbox::counts(&st.db).await?;
        let rows = crate::server::outbox::undelivered(&st.db)
            .await?
            .into_iter()
            .map(|m| MailRow {
                id: m.id,
                recipient: m.recipient,
                subject: m.subject,
                failed: m.state == "failed",
                attempts: m.attempts,
                last_error: m.last_error.unwrap_or_default(),
                created_at: m.created_at,
                next_attempt_at: m.next_attempt_at,
            })
            .collect();
        Ok(OutboxData { counts, rows })
    }
    .await
    .map_err(AppError::with_status)
}

/// `POST /admin/post/wiederholen`: one failed mail (`id`) or all queued again.
#[cfg(feature = "ssr")]
pub async fn retry_route(
    axum::extract::State(st): axum::extract::State<crate::app::state::AppState>,
    headers: http::HeaderMap,
    axum::Form(f): axum::Form<RetryForm>,
) -> axum::response::Response {
    let actor = crate::accounts::store::request_account(&st.db, &headers).await.ok().flatten();
    if let Err(e) = crate::accounts::authz::check(actor.as_ref(), None, crate::accounts::authz::Action::ManageMail) {
        return crate::server::reply::app_error(&headers, PAGE, e);
    }
    // No id: all of them; an id that is not one is a mistake, not "all".
    let id = match f.id.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => return crate::server::reply::app_error(&headers, PAGE, AppError::invalid("id", t().error_bad_id)),
        },
    };
    match crate::server::outbox::retry_failed(&st.db, id).await {
        Ok(n) => crate::server::reply::see_other(format!("{PAGE}?wiederholt={n}")),
        Err(e) => crate::server::reply::app_error(&headers, PAGE, e.into()),
    }
}

#[cfg(feature = "ssr")]
#[derive(Debug, Deserialize)]
pub struct RetryForm {
    #[serde(default)]
    id: String,
}

fn state_label(s: &str) -> &'static str {
    match s {
        "pending" => t().outbox_pending,
        "sent" => t().outbox_sent,
        _ => t().outbox_failed,
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| outbox_status());
    let retried = use_query_map().read_untracked().get("wiederholt");
    view! {
        <Title text=t().outbox_title/>
        <div class="wrap">
            <h1>{t().outbox_title}</h1>
            {retried.map(|n| view! { <p class="notice" role="status">{t().outbox_retried.replace("{n}", &n)}</p> })}
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) if need_sign_in(&e, PAGE) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => {
                            let any_failed = d.rows.iter().any(|r| r.failed);
                            view! {
                                <p>{d.counts.iter().map(|(s, n)| format!("{}: {n}", state_label(s))).collect::<Vec<_>>().join(" · ")}</p>
                                {any_failed.then(|| view! {
                                    <form method="post" action="/admin/post/wiederholen">
                                        <button type="submit" class="button">{t().outbox_retry_all}</button>
                                    </form>
                                })}
                                {if d.rows.is_empty() {
                                    view! { <p>{t().outbox_all_delivered}</p> }.into_any()
                                } else {
                                    view! {
                                        <DataTable caption=t().outbox_table columns=vec![t().outbox_col_mail, t().outbox_col_state, t().outbox_col_error, t().outbox_col_action]>
                                            {d.rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <td>{r.subject}<br/><span class="muted">{r.recipient}" · "{i18n::date(&r.created_at)}</span></td>
                                                    <td>{if r.failed { t().outbox_failed.to_owned() } else { t().outbox_retrying.replace("{n}", &r.attempts.to_string()) }}</td>
                                                    <td>{r.last_error}</td>
                                                    <td>{r.failed.then(|| view! {
                                                        <form method="post" action="/admin/post/wiederholen">
                                                            <input type="hidden" name="id" value=r.id.to_string()/>
                                                            <button type="submit" class="small">{t().outbox_retry}</button>
                                                        </form>
                                                    })}</td>
                                                </tr>
                                            }).collect_view()}
                                        </DataTable>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
