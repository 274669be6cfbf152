//! The provider's side: "Angebotsanfragen" in the dashboard (the requests
//! it may answer, live) and one request with the quote form, its own quote
//! (revise, withdraw), the thread, and the resident's contact details once
//! the quote is accepted.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::api::{quote_board, quote_board_request};
use super::domain::{PriceType, QuoteError, RequestState};
use super::pages::RequestItem;
use super::parts::{error, notes, progress, quote_badge, state_badge, SummaryView, Thread};
use super::views::{BoardRequest, QuoteView};
use super::{board_path, board_request_path};
use crate::common::error_view::ErrorView;
use crate::common::form::{described, error_view, need_sign_in, query};
use crate::i18n::{self, t};
use crate::live::client::LiveRefresh;
use crate::live::Interest;

fn pid_param() -> i32 {
    use_params_map().read_untracked().get("pid").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0)
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let pid = pid_param();
    let data = Resource::new(move || pid, quote_board);
    let here = board_path(pid);
    view! {
        <Title text=t().quote_board_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                            Err(e) => view! { <ErrorView error=e/> }.into_any(),
                            Ok(b) => view! {
                                <LiveRefresh interest=Interest { request_board: true, ..Default::default() }.granted()/>
                                <h1>{format!("{} – {}", t().quote_board_title, b.provider_name)}</h1>
                                <p><a href=format!("/dashboard/{}", b.provider_id)>{t().dash_title}</a></p>
                                <p class="muted">{t().quote_board_intro}</p>
                                {notes()}
                                {b.daily.map(|daily| notices_form(b.provider_id, daily))}
                                <div data-swap="board">
                                    {if b.requests.is_empty() {
                                        view! { <p class="muted">{t().quote_board_none}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="request-list">
                                                {b.requests.into_iter().map(|r| {
                                                    let href = Some(board_request_path(b.provider_id, r.summary.id));
                                                    view! { <li><RequestItem row=r href/></li> }
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn BoardRequestPage() -> impl IntoView {
    let pid = pid_param();
    let id = use_params_map().read_untracked().get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0);
    let data = Resource::new(move || (pid, id), |(pid, id)| quote_board_request(pid, id));
    let here = board_request_path(pid, id);
    view! {
        <Title text=t().quote_request_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap narrow">
            <p><a href=board_path(pid)>{t().quote_board_back}</a></p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                            Err(e) => view! { <ErrorView error=e/> }.into_any(),
                            Ok(b) => board_body(b).into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// "Neue Anfragen: sofort / einmal täglich" — the reader's own choice.
fn notices_form(pid: i32, daily: bool) -> impl IntoView {
    view! {
        <form method="post" action=format!("{}/benachrichtigung", board_path(pid)) class="inline-form" id="benachrichtigung">
            <fieldset>
                <legend>{t().quote_notices_legend}</legend>
                <span class="checkbox"><input type="radio" id="f-sofort" name="taeglich" value="0" checked=!daily/><label for="f-sofort">{t().quote_notices_instant}</label></span>
                <span class="checkbox"><input type="radio" id="f-taeglich" name="taeglich" value="1" checked=daily/><label for="f-taeglich">{t().quote_notices_daily}</label></span>
                <button type="submit" class="button small secondary">{t().quote_notices_save}</button>
            </fieldset>
        </form>
    }
}

fn board_body(b: BoardRequest) -> impl IntoView {
    let s = b.summary.clone();
    let base = board_request_path(b.provider_id, s.id);
    let revisable = b.own_quote.as_ref().is_some_and(|q| q.state.is_active()) && matches!(s.state, RequestState::Open | RequestState::Full);
    view! {
        <LiveRefresh interest=Interest { requests: vec![s.id], ..Default::default() }.granted()/>
        <header class="page-head" data-swap="request-head">
            <h1>{s.title.clone()}</h1>
            <p>{state_badge(s.state)}" "{b.invited.then(|| view! { <span class="badge">{t().quote_invited}</span>" " })}<span class="muted">{progress(&s)}</span></p>
        </header>
        {notes()}
        <div data-swap="contact">
        {b.contact.clone().map(|c| view! {
            <section class="card contact-released" aria-labelledby="kontakt-titel">
                <h2 id="kontakt-titel">{t().quote_contact_heading}</h2>
                <p>{c.name.clone()}" · "<a href=format!("mailto:{}", c.email)>{c.email.clone()}</a></p>
                {c.phone.clone().map(|p| view! { <p><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></p> })}
                {c.address.clone().map(|a| view! { <p>{a}</p> })}
            </section>
        })}
        {b.contact.is_none().then(|| view! { <p class="hint">{t().quote_contact_hidden}</p> })}
        </div>
        <section class="card" aria-labelledby="anfrage-details">
            <h2 id="anfrage-details">{t().quote_details}</h2>
            <SummaryView s=s.clone()/>
            {(!s.photos.is_empty()).then(|| view! { <super::attachments::PhotoGrid photos=s.photos.clone() remove_from=None/> })}
            <p class="muted"><a href=format!("/melden?art=quote_request&id={}", s.id)>{t().quote_report_request}</a></p>
        </section>
        <section class="card" id="angebot" aria-labelledby="angebot-titel">
            <h2 id="angebot-titel">{t().quote_own_heading}</h2>
            <div data-swap="own-quote">{b.own_quote.clone().map(own_quote)}</div>
            {b.may_quote.then(|| quote_form(format!("{base}/angebot"), None, s.mortgage, s.fixed_years, b.today))}
            {revisable.then(|| {
                let q = b.own_quote.clone().expect("revisable");
                view! {
                    <details class="revise">
                        <summary>{t().quote_revise}</summary>
                        {quote_form(format!("{base}/ueberarbeiten"), Some(q.clone()), s.mortgage, s.fixed_years, b.today)}
                    </details>
                    {super::attachments::provider_pdf(b.provider_id, s.id, q.pdf.is_some())}
                    <form method="post" action=format!("{base}/zuruecknehmen") class="inline-form">
                        <button type="submit" class="button secondary">{t().quote_withdraw_quote}</button>
                    </form>
                }
            })}
            {(b.own_quote.is_none() && !b.may_quote).then(|| view! { <p class="muted">{t().quote_closed_for_you}</p> })}
        </section>
        {b.own_quote.map(|q| view! {
            <section class="card quote-thread" aria-labelledby="faden-titel">
                <h2 id="faden-titel">{t().quote_thread_with_resident}</h2>
                <div data-swap="thread"><Thread messages=q.messages.clone() mine_from_provider=true/></div>
                {(!matches!(s.state, RequestState::Withdrawn | RequestState::Removed)).then(|| super::parts::message_form(format!("{base}/nachricht"), "f-nachricht".into()))}
            </section>
        })}
    }
}

fn own_quote(q: QuoteView) -> impl IntoView {
    view! {
        <p>{quote_badge(q.state)}" "<span class="muted">{t().quote_revision.replace("{n}", &q.revision.to_string()).replace("{date}", &i18n::date(&q.updated_at))}</span></p>
        <dl class="request-facts">
            {match q.esis {
                Some(e) => view! {
                    <dt>{t().quote_esis_rate}</dt><dd>{super::parts::percent(e.borrowing_rate_bp)}</dd>
                    <dt>{t().quote_esis_effective}</dt><dd>{super::parts::percent(e.effective_rate_bp)}</dd>
                    <dt>{t().quote_esis_monthly}</dt><dd>{i18n::euro(e.monthly_cents)}</dd>
                    <dt>{t().quote_esis_remaining}</dt><dd>{i18n::euro(e.remaining_cents)}</dd>
                    <dt>{t().quote_esis_total}</dt><dd>{i18n::euro(e.total_cents)}</dd>
                }.into_any(),
                None => view! { <dt>{t().quote_price}</dt><dd>{super::parts::price_text(&q)}</dd> }.into_any(),
            }}
            <dt>{t().quote_included}</dt><dd>{q.included.clone()}</dd>
            <dt>{t().quote_valid_until}</dt><dd>{i18n::day(&q.valid_until)}</dd>
            {q.earliest_start.map(|d| view! { <dt>{t().quote_earliest_start}</dt><dd>{i18n::day(&d)}</dd> })}
            {(!q.message.is_empty()).then(|| view! { <dt>{t().quote_message_label}</dt><dd>{q.message.clone()}</dd> })}
        </dl>
        {q.pdf.as_ref().map(super::attachments::pdf_link)}
    }
}

fn quote_field_of(e: QuoteError) -> Option<&'static str> {
    Some(match e {
        QuoteError::Price => "preis",
        QuoteError::PriceType => "preisart",
        QuoteError::Included => "leistungen",
        QuoteError::ValidUntil => "gueltig_bis",
        QuoteError::EarliestStart => "beginn",
        QuoteError::Message => "nachricht",
        QuoteError::EsisRate => "sollzins",
        QuoteError::EsisEffective => "effektivzins",
        QuoteError::EsisMonthly => "rate",
        QuoteError::EsisRemaining | QuoteError::EsisMismatch => "restschuld",
        QuoteError::EsisTotal => "gesamtbetrag",
        _ => return None,
    })
}

fn cents_text(c: i64) -> String {
    i18n::decimal_in(i18n::locale(), c, 2)
}

/// The quote form, empty or (revising) with the quote's figures. What a
/// refused post typed wins over both.
fn quote_form(action: String, q: Option<QuoteView>, mortgage: bool, years: Option<i32>, today: chrono::NaiveDate) -> impl IntoView {
    let refused = error().and_then(quote_field_of).is_some() || error().is_some_and(|e| e == QuoteError::EsisYears);
    let prefix = if q.is_some() { "r" } else { "n" };
    let value = |name: &str, stored: Option<String>| if refused { query(name) } else { stored.unwrap_or_default() };
    let esis = q.as_ref().and_then(|q| q.esis);
    let field = move |name: &'static str, label: &'static str, kind: &'static str, required: bool, v: String| {
        let id = format!("f-{prefix}-{name}");
        let e = error().filter(|e| quote_field_of(*e) == Some(name)).map(|e| (format!("{id}-fehler"), e.message()));
        view! {
            <div class="form-field">
                <label for=id.clone()>{label}{required.then_some(" *")}</label>
                <input id=id name=name type=kind inputmode=(kind == "text").then_some("decimal") required=required value=v
                    aria-invalid=e.is_some().then_some("true") aria-describedby=described(None, &e)/>
                {error_view(e)}
            </div>
        }
    };
    let area = move |name: &'static str, label: &'static str, required: bool, v: String| {
        let id = format!("f-{prefix}-{name}");
        let e = error().filter(|e| quote_field_of(*e) == Some(name)).map(|e| (format!("{id}-fehler"), e.message()));
        view! {
            <div class="form-field">
                <label for=id.clone()>{label}{required.then_some(" *")}</label>
                <textarea id=id name=name rows="3" required=required maxlength=super::domain::LONG_MAX.to_string()
                    aria-invalid=e.is_some().then_some("true") aria-describedby=described(None, &e)>{v}</textarea>
                {error_view(e)}
            </div>
        }
    };
    let chosen = value("preisart", q.as_ref().map(|q| q.price_type.as_str().to_owned()));
    let figures = if mortgage {
        view! {
            {years.map(|y| view! { <p class="hint">{t().quote_esis_years}": "{t().quote_years.replace("{n}", &y.to_string())}</p> })}
            {field("sollzins", t().quote_esis_rate_label, "text", true, value("sollzins", esis.map(|e| cents_text(e.borrowing_rate_bp))))}
            {field("effektivzins", t().quote_esis_effective_label, "text", true, value("effektivzins", esis.map(|e| cents_text(e.effective_rate_bp))))}
            {field("rate", t().quote_esis_monthly, "text", true, value("rate", esis.map(|e| cents_text(e.monthly_cents))))}
            {field("restschuld", t().quote_esis_remaining, "text", true, value("restschuld", esis.map(|e| cents_text(e.remaining_cents))))}
            {field("gesamtbetrag", t().quote_esis_total, "text", true, value("gesamtbetrag", esis.map(|e| cents_text(e.total_cents))))}
        }
        .into_any()
    } else {
        let pid = format!("f-{prefix}-preisart");
        view! {
            {field("preis", t().quote_price_label, "text", true, value("preis", q.as_ref().map(|q| cents_text(q.price_cents))))}
            <div class="form-field">
                <label for=pid.clone()>{t().quote_price_type}" *"</label>
                <select id=pid name="preisart" required>
                    {PriceType::ALL.into_iter().map(|p| view! { <option value=p.as_str() selected=p.as_str() == chosen>{p.label()}</option> }).collect_view()}
                </select>
            </div>
        }
        .into_any()
    };
    view! {
        <form method="post" action=action class="account-form quote-form">
            {q.as_ref().map(|q| view! { <input type="hidden" name="version" value=q.version.to_string()/> })}
            {figures}
            {area("leistungen", t().quote_included_label, true, value("leistungen", q.as_ref().map(|q| q.included.clone())))}
            {field("gueltig_bis", t().quote_valid_until, "date", true, value("gueltig_bis", Some(q.as_ref().map_or(today + chrono::Days::new(30), |q| q.valid_until).to_string())))}
            {field("beginn", t().quote_earliest_start, "date", false, value("beginn", q.as_ref().and_then(|q| q.earliest_start).map(|d| d.to_string())))}
            {area("nachricht", t().quote_message_label, false, value("nachricht", q.as_ref().map(|q| q.message.clone())))}
            <button type="submit" class="button">{if q.is_some() { t().quote_save_revision } else { t().quote_submit }}</button>
        </form>
    }
}
