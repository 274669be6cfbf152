//! The report form (anyone) and the moderators' queue.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::domain::{Content, Decision, QueueItem, Reason, ReportError, Target, EXPLANATION_MAX, NAME_MAX, STATEMENT_MIN};
use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::reviews::domain::VerificationMethod;
use crate::common::form::{described, error_view, query};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedContent {
    pub target: Target,
    pub id: i32,
    pub content: Content,
}

/// What is being reported (anyone may ask).
#[server(prefix = "/api", endpoint = "report_target")]
pub async fn report_target(art: String, id: i32) -> Result<ReportedContent, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let target = Target::parse(&art).ok_or(AppError::NotFound)?;
        let me = crate::accounts::api::current().await?;
        if !super::store::may_report(&st.db, me.as_ref(), target, id).await? {
            return Err(AppError::NotFound);
        }
        let content = super::store::content(&st.db, target, id).await?.filter(|c| c.visible).ok_or(AppError::NotFound)?;
        Ok(ReportedContent { target, id, content })
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "report_queue")]
pub async fn report_queue() -> Result<Vec<QueueItem>, AppError> {
    async move {
        let actor = crate::accounts::api::current().await?;
        crate::accounts::authz::check(actor.as_ref(), None, crate::accounts::authz::Action::ModerateContent)?;
        let st = crate::app::state::app_state()?;
        Ok(super::store::queue(&st.db).await?)
    }
    .await
    .map_err(AppError::with_status)
}

fn error() -> Option<ReportError> {
    ReportError::from_code(&query("fehler"))
}

fn field_error(field: &str) -> Option<(String, String)> {
    error().filter(|e| e.field() == Some(field)).map(|e| (format!("f-{field}-fehler"), e.message()))
}

/// `/melden?art=review&id=5`: the notice form of DSA Art. 16.
#[component]
pub fn ReportPage() -> impl IntoView {
    let q = use_query_map();
    let key = move || (q.read().get("art").unwrap_or_default(), q.read().get("id").and_then(|i| i.parse::<i32>().ok()));
    let data = Resource::new(key, |(art, id)| async move {
        match id {
            Some(id) => report_target(art, id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().report_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap narrow">
            <h1>{t().report_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) if query("hinweis") == "gesendet" => view! {
                            <p class="form-note" role="status">{t().report_sent}</p>
                            <p><a href=d.content.link>{t().report_back}</a></p>
                        }.into_any(),
                        Ok(d) => view! { <ReportForm data=d/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReportForm(data: ReportedContent) -> impl IntoView {
    let reason = query("reason");
    let (e_reason, e_expl, e_name, e_email, e_faith) =
        (field_error("reason"), field_error("explanation"), field_error("name"), field_error("email"), field_error("good_faith"));
    let general = error().filter(|e| e.field().is_none()).map(|e| e.message());
    let expl_hint = t().report_explanation_hint.replace("{min}", &super::domain::EXPLANATION_MIN.to_string()).replace("{n}", &EXPLANATION_MAX.to_string());
    view! {
        <p>{t().report_intro}</p>
        <div class="card">
            <p class="muted">{data.target.label()}</p>
            {(!data.content.heading.is_empty()).then(|| view! { <p><strong>{data.content.heading.clone()}</strong></p> })}
            <p>{data.content.text.chars().take(600).collect::<String>()}</p>
        </div>
        {general.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <p class="hint">{t().report_required_note}</p>
        <form method="post" action="/melden" class="account-form">
            <input type="hidden" name="art" value=data.target.as_str()/>
            <input type="hidden" name="id" value=data.id.to_string()/>
            <fieldset class="form-field" aria-describedby=described(None, &e_reason)>
                <legend>{t().report_reason_label}" *"</legend>
                {Reason::ALL.into_iter().map(|r| {
                    let id = format!("f-reason-{}", r.as_str());
                    view! {
                        <span class="radio"><input type="radio" id=id.clone() name="reason" value=r.as_str() checked=reason == r.as_str() required/>
                        <label for=id>{r.label()}</label></span>
                    }
                }).collect_view()}
                {error_view(e_reason.clone())}
            </fieldset>
            <div class="form-field">
                <label for="f-explanation">{t().report_explanation_label}" *"</label>
                <p class="hint" id="f-explanation-hinweis">{expl_hint}</p>
                <textarea id="f-explanation" name="explanation" rows="6" required maxlength=EXPLANATION_MAX.to_string()
                    aria-invalid=e_expl.is_some().then_some("true") aria-describedby=described(Some("f-explanation-hinweis"), &e_expl)>{query("explanation")}</textarea>
                {error_view(e_expl.clone())}
            </div>
            <div class="form-field">
                <label for="f-name">{t().report_name_label}</label>
                <input id="f-name" name="name" type="text" autocomplete="name" value=query("name") maxlength=NAME_MAX.to_string()
                    aria-invalid=e_name.is_some().then_some("true") aria-describedby=described(None, &e_name)/>
                {error_view(e_name.clone())}
            </div>
            <div class="form-field">
                <label for="f-email">{t().report_email_label}</label>
                <p class="hint" id="f-email-hinweis">{t().report_email_hint}</p>
                <input id="f-email" name="email" type="email" autocomplete="email" value=query("email")
                    aria-invalid=e_email.is_some().then_some("true") aria-describedby=described(Some("f-email-hinweis"), &e_email)/>
                {error_view(e_email.clone())}
            </div>
            <div class="form-field">
                <span class="checkbox">
                    <input id="f-good_faith" name="good_faith" type="checkbox" value="1" required
                        aria-invalid=e_faith.is_some().then_some("true") aria-describedby=described(None, &e_faith)/>
                    <label for="f-good_faith">{t().report_good_faith_label}" *"</label>
                </span>
                {error_view(e_faith.clone())}
            </div>
            <button type="submit">{t().report_submit}</button>
        </form>
    }
}

/// `/moderation/meldungen`: open reports oldest first, the content in
/// context, and a decision with a statement of reasons for each.
#[component]
pub fn ReportQueuePage() -> impl IntoView {
    let items = Resource::new(|| (), |_| report_queue());
    let note = match query("hinweis").as_str() {
        "entschieden" => Some(t().report_decided_note),
        "verifiziert" => Some(t().verify_done_note),
        _ => None,
    };
    let retry_for = query("meldung").parse::<i32>().ok();
    let general = error().filter(|e| e.field().is_none()).map(|e| e.message());
    view! {
        <Title text=t().report_queue_title/>
        <div class="wrap">
            <h1>{t().report_queue_title}</h1>
            <p><a href="/moderation">{t().moderation_title}</a></p>
            {note.map(|n| view! { <p class="form-note" role="status">{n}</p> })}
            {general.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Err(e) if need_sign_in(&e, "/moderation/meldungen") => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t().report_queue_empty}</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="report-queue">
                                {list.into_iter().map(|r| view! { <li><QueueEntry item=r retry=retry_for/></li> }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <ResidentForm/>
        </div>
    }
}

#[component]
fn QueueEntry(item: QueueItem, retry: Option<i32>) -> impl IntoView {
    let id = item.id;
    let mine = retry == Some(id);
    let err = if mine { field_error("statement") } else { None };
    let text = if mine { query("statement") } else { String::new() };
    let field = format!("f-statement-{id}");
    let hint_id = format!("{field}-hinweis");
    let err = err.map(|(_, m)| (format!("{field}-fehler"), m));
    let hidden = item.status == Decision::Hide.as_str();
    let decisions: Vec<Decision> = match (hidden, item.target) {
        (true, _) => vec![Decision::Restore],
        (false, Target::Provider) => vec![Decision::Dismiss],
        (false, _) => vec![Decision::Hide, Decision::Dismiss],
    };
    let statement_hint = t().report_statement_hint.replace("{n}", &STATEMENT_MIN.to_string());
    view! {
        <article class="card report" id=format!("meldung-{id}")>
            <h2>{format!("{} #{} · {}", item.target.label(), item.target_id, item.reason.label())}</h2>
            <p class="muted">
                <time datetime=item.created_at.to_rfc3339()>{i18n::date(&item.created_at)}</time>
                " · "{if item.automatic { t().report_automatic.to_owned() } else { item.reporter.clone().unwrap_or_else(|| t().report_anonymous.to_owned()) }}
                {hidden.then(|| format!(" · {}", t().report_state_hidden))}
            </p>
            <p><strong>{t().report_explanation_label}": "</strong>{item.explanation}</p>
            {match item.content {
                Some(c) => view! {
                    <blockquote>
                        {(!c.heading.is_empty()).then(|| view! { <p><strong>{c.heading.clone()}</strong></p> })}
                        <p>{c.text}</p>
                        <p><a href=c.link>{t().report_open_content}</a></p>
                    </blockquote>
                }.into_any(),
                None => view! { <p class="muted">{t().report_content_gone}</p> }.into_any(),
            }}
            <form method="post" action=format!("/moderation/meldungen/{id}") class="account-form">
                <div class="form-field">
                    <label for=field.clone()>{t().report_statement_label}</label>
                    <p class="hint" id=hint_id.clone()>{statement_hint}</p>
                    <textarea id=field name="statement" rows="3" required aria-invalid=err.is_some().then_some("true")
                        aria-describedby=described(Some(&hint_id), &err)>{text}</textarea>
                    {error_view(err.clone())}
                </div>
                {decisions.into_iter().map(|d| view! {
                    <button type="submit" name="decision" value=d.as_str() class="small">{d.label()}</button>" "
                }).collect_view()}
            </form>
        </article>
    }
}

/// A moderator records a checked proof of residence.
#[component]
fn ResidentForm() -> impl IntoView {
    let show_err = !query("bewohner").is_empty();
    let err = if show_err { error().filter(|e| e.field() == Some("email")).map(|e| ("f-resident-email-fehler".to_owned(), e.message())) } else { None };
    view! {
        <section class="card" aria-labelledby="bewohner-h">
            <h2 id="bewohner-h">{t().verify_title}</h2>
            <p>{t().verify_intro}</p>
            <form method="post" action="/moderation/bewohner" class="account-form">
                <div class="form-field">
                    <label for="f-resident-email">{t().account_email}</label>
                    <input id="f-resident-email" name="email" type="email" required value=if show_err { query("email") } else { String::new() }
                        aria-invalid=err.is_some().then_some("true") aria-describedby=described(None, &err)/>
                    {error_view(err.clone())}
                </div>
                <div class="form-field">
                    <label for="f-resident-method">{t().verify_method_label}</label>
                    <select id="f-resident-method" name="method">
                        {VerificationMethod::ALL.into_iter().map(|m| view! { <option value=m.as_str()>{m.label()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit">{t().verify_submit}</button>
            </form>
        </section>
    }
}
