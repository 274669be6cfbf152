//! Pieces both sides' request pages show: the request's summary, its
//! state, a quote's figures, notes and errors after a redirect.
use leptos::prelude::*;

use super::domain::{QuoteError, QuoteState, RequestState};
use super::views::{MessageView, QuoteProvider, QuoteView, RequestSummary};
use crate::common::form::query;
use crate::i18n::{self, t};

pub fn state_badge(s: RequestState) -> impl IntoView {
    view! { <span class=format!("badge request-state state-{}", s.as_str())>{s.label()}</span> }
}

pub fn quote_badge(s: QuoteState) -> impl IntoView {
    view! { <span class=format!("badge quote-state qstate-{}", s.as_str())>{s.label()}</span> }
}

/// "3 von 5 Angeboten · offen bis 20.12.2026"
pub fn progress(s: &RequestSummary) -> String {
    let mut out = t().quote_count.replace("{n}", &s.quotes.to_string()).replace("{max}", &s.max_quotes.to_string());
    if let (Some(c), true) = (s.closes_at, matches!(s.state, RequestState::Open | RequestState::Full)) {
        out.push_str(" · ");
        out.push_str(&t().quote_open_until.replace("{date}", &i18n::date(&c)));
    }
    out
}

/// The request as every provider that may answer sees it.
#[component]
pub fn SummaryView(s: RequestSummary) -> impl IntoView {
    view! {
        <dl class="request-facts">
            <dt>{t().quote_category}</dt><dd>{s.category.clone()}</dd>
            <dt>{t().quote_place}</dt><dd>{s.place.clone()}</dd>
            {s.answers.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
            {s.budget_cents.map(|b| view! { <dt>{t().quote_budget}</dt><dd>{i18n::euro(b)}</dd> })}
            {s.sent_at.map(|at| view! { <dt>{t().quote_sent_at}</dt><dd><time datetime=at.to_rfc3339()>{i18n::date(&at)}</time></dd> })}
        </dl>
        <div class="request-description">{s.description.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}</div>
    }
}

pub fn rating_text(p: &QuoteProvider) -> String {
    match p.rating {
        Some(avg) => format!("{} ★ ({})", i18n::rating(avg), p.reviews),
        None => t().rating_none.to_owned(),
    }
}

pub fn ownership_text(p: &QuoteProvider) -> String {
    if p.verified_ownership {
        format!("{} ({})", p.ownership, t().quote_ownership_verified)
    } else {
        p.ownership.clone()
    }
}

/// "4.850 € · Festpreis"
pub fn price_text(q: &QuoteView) -> String {
    format!("{} · {}", i18n::euro(q.price_cents), q.price_type.label())
}

pub fn percent(bp: i64) -> String {
    format!("{} %", i18n::decimal_in(i18n::locale(), bp, 2))
}

#[component]
pub fn Thread(messages: Vec<MessageView>, mine_from_provider: bool) -> impl IntoView {
    if messages.is_empty() {
        return view! { <p class="muted">{t().quote_thread_none}</p> }.into_any();
    }
    view! {
        <ol class="thread">
            {messages.into_iter().map(|m| {
                let who = if m.from_provider == mine_from_provider { t().quote_thread_you } else if m.from_provider { t().quote_thread_provider } else { t().quote_thread_resident };
                view! {
                    <li class:own=m.from_provider == mine_from_provider>
                        <p class="thread-meta"><strong>{who}</strong>" · "<time datetime=m.at.to_rfc3339()>{i18n::date(&m.at)}</time></p>
                        {m.body.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The form to write in a quote's thread.
pub fn message_form(action: String, id: String) -> impl IntoView {
    view! {
        <form method="post" action=action class="account-form thread-form">
            <div class="form-field">
                <label for=id.clone()>{t().quote_thread_label}</label>
                <textarea id=id name="nachricht" rows="3" required maxlength=super::domain::LONG_MAX.to_string()></textarea>
            </div>
            <button type="submit" class="button secondary">{t().quote_thread_send}</button>
        </form>
    }
}

/// The error a refused post came back with, if any.
pub fn error() -> Option<QuoteError> {
    QuoteError::from_code(&query("fehler"))
}

/// A whole-page error or a note (`?hinweis=`) after a redirect.
pub fn notes() -> impl IntoView {
    let note = match query("hinweis").as_str() {
        "gesendet" => Some(t().quote_note_sent),
        "entwurf" => Some(t().quote_note_draft),
        "zurueckgezogen" => Some(t().quote_note_withdrawn),
        "erledigt" => Some(t().quote_note_completed),
        "angenommen" => Some(t().quote_note_accepted),
        "abgelehnt" => Some(t().quote_note_declined),
        "nachricht" => Some(t().quote_note_message),
        "abgegeben" => Some(t().quote_note_submitted),
        "ueberarbeitet" => Some(t().quote_note_revised),
        "zurueckgenommen" => Some(t().quote_note_quote_withdrawn),
        "benachrichtigung" => Some(t().quote_note_notices),
        "foto" => Some(t().quote_note_photo),
        "foto_entfernt" => Some(t().quote_note_photo_removed),
        "pdf" => Some(t().quote_note_pdf),
        "pdf_entfernt" => Some(t().quote_note_pdf_removed),
        _ => None,
    };
    let unconfirmed = (query("fehler") == "unbestaetigt").then_some(t().error_unverified);
    view! {
        {error().map(|e| view! { <p class="form-error" role="alert">{e.message()}</p> })}
        {unconfirmed.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {note.map(|n| view! { <p class="form-note" role="status">{n}</p> })}
    }
}
