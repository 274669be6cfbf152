//! The plain form posts of requests for quotes (post/redirect/get, without
//! JavaScript). Thin: who asks, the door, where to go back. A refused post
//! goes back to its form with the error's code and keeps what was typed
//! (`server::flash`, never in the URL); clients that are not browsers get
//! the status and the message.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::domain::{QuoteDraft, QuoteError, QuoteInput};
use super::door::{self, Ctx, Refusal};
use super::request::{RequestDraft, RequestInput};
use super::{board_request_path, request_path, LIST};
use crate::accounts::domain::Account;
use crate::app::state::AppState;
use crate::common::url_key::encode;
use crate::error::AppError;
use crate::server::reply::{app_error, see_other, text, wants_html};

type Pairs = Vec<(String, String)>;

fn get(p: &Pairs, k: &str) -> String {
    p.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn version(p: &Pairs) -> i32 {
    get(p, "version").trim().parse().unwrap_or(-1)
}

async fn signed_in(st: &AppState, headers: &HeaderMap, back: &str) -> Result<Account, Response> {
    match crate::accounts::store::request_account(&st.db, headers).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(app_error(headers, back, AppError::Unauthenticated)),
        Err(e) => Err(app_error(headers, back, e.into())),
    }
}

/// Back to `back` with the error (and its field), keeping every posted field
/// but the version.
async fn refused(st: &AppState, headers: &HeaderMap, back: &str, anchor: &str, e: QuoteError, field: Option<&str>, p: &Pairs) -> Response {
    if !wants_html(headers) {
        return text(e.status(), e.message());
    }
    let sep = if back.contains('?') { '&' } else { '?' };
    let mut to = format!("{back}{sep}fehler={}", e.code());
    if let Some(f) = field {
        to.push_str(&format!("&feld={}", encode(f)));
    }
    to.push('#');
    to.push_str(anchor);
    // The invited providers are in the back URL (the kept fields hold one
    // value per name).
    let keep: Vec<(&str, String)> = p.iter().filter(|(k, _)| k != "version" && k != "anbieter").map(|(k, v)| (k.as_str(), v.replace('\0', ""))).collect();
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::server::flash::see_other_keeping(&st.db, to, &keep).await
}

/// Not signed in, not allowed, not found: `reply::app_error`; an
/// unconfirmed address is told so (403 for clients that are not browsers).
pub(super) fn app_refusal(headers: &HeaderMap, back: &str, e: AppError) -> Response {
    match e {
        AppError::Invalid { .. } if wants_html(headers) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            see_other(format!("{back}{sep}fehler=unbestaetigt"))
        }
        AppError::Invalid { message, .. } => text(403, message),
        e => app_error(headers, back, e),
    }
}

async fn outcome(st: &AppState, headers: &HeaderMap, back: &str, anchor: &str, r: Result<(), Refusal>, done: String, p: &Pairs) -> Response {
    match r {
        Ok(()) => see_other(done),
        Err(Refusal::App(e)) => app_refusal(headers, back, e),
        Err(Refusal::Rule(QuoteError::Version)) => see_other(format!("{back}?fehler=version#{anchor}")),
        Err(Refusal::Rule(e)) => refused(st, headers, back, anchor, e, None, p).await,
    }
}

fn request_input(p: &Pairs) -> RequestInput {
    RequestInput {
        category: get(p, "kategorie"),
        bezirk: get(p, "bezirk"),
        stadtteil: get(p, "stadtteil"),
        title: get(p, "titel"),
        description: get(p, "beschreibung"),
        budget: get(p, "budget"),
        phone: get(p, "telefon"),
        address: get(p, "adresse"),
        open_to_all: !get(p, "alle").is_empty(),
        invites: p.iter().filter(|(k, _)| k == "anbieter").flat_map(|(_, v)| v.split(',').map(str::to_owned).collect::<Vec<_>>()).collect(),
        answers: p.iter().filter_map(|(k, v)| k.strip_prefix("a_").map(|k| (k.to_owned(), v.clone()))).collect(),
    }
}

/// `POST /anfragen`: a new request, sent (`aktion=senden`) or kept as a draft.
pub async fn create(State(st): State<AppState>, headers: HeaderMap, Form(p): Form<Pairs>) -> Response {
    let input = request_input(&p);
    let invites: Vec<String> = input.invites.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    let back = format!("{LIST}/neu?kategorie={}&anbieter={}", encode(&input.category), encode(&invites.join(",")));
    let a = match signed_in(&st, &headers, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let d = match RequestDraft::parse(&input, super::forms::forms(), &st.reference) {
        Ok(d) => d,
        Err(r) => return refused(&st, &headers, &back, "anfrage-formular", r.error, r.field.as_deref(), &p).await,
    };
    let send = get(&p, "aktion") != "entwurf";
    match door::create(&Ctx::of(&st), &a, &d, send).await {
        Ok(id) => see_other(format!("{}?hinweis={}", request_path(id), if send { "gesendet" } else { "entwurf" })),
        Err(Refusal::App(e)) => app_refusal(&headers, &back, e),
        Err(Refusal::Rule(e)) => refused(&st, &headers, &back, "anfrage-formular", e, None, &p).await,
    }
}

/// `POST /anfragen/{id}/{aktion}`: send a draft, withdraw, mark done.
pub async fn request_step(State(st): State<AppState>, Path((id, step)): Path<(i32, String)>, headers: HeaderMap, Form(p): Form<Pairs>) -> Response {
    let back = request_path(id);
    let a = match signed_in(&st, &headers, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let cx = Ctx::of(&st);
    let (r, note) = match step.as_str() {
        "senden" => (door::send(&cx, &a, id, version(&p)).await, "gesendet"),
        "zurueckziehen" => (door::withdraw(&cx, &a, id, version(&p)).await, "zurueckgezogen"),
        "erledigt" => (door::complete(&cx, &a, id, version(&p)).await, "erledigt"),
        _ => return app_error(&headers, &back, AppError::NotFound),
    };
    outcome(&st, &headers, &back, "anfrage", r, format!("{back}?hinweis={note}"), &p).await
}

/// `POST /anfragen/{id}/angebote/{qid}/{aktion}`: accept, decline, or write
/// in the quote's thread (`nachricht`).
pub async fn quote_step(State(st): State<AppState>, Path((id, qid, step)): Path<(i32, i32, String)>, headers: HeaderMap, Form(p): Form<Pairs>) -> Response {
    let back = request_path(id);
    let a = match signed_in(&st, &headers, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let cx = Ctx::of(&st);
    let anchor = format!("angebot-{qid}");
    let (r, note) = match step.as_str() {
        "annehmen" => (door::accept(&cx, &a, qid, version(&p)).await, "angenommen"),
        "ablehnen" => (door::decline(&cx, &a, qid, version(&p)).await, "abgelehnt"),
        "nachricht" => (door::post_message(&cx, &a, qid, None, &get(&p, "nachricht")).await, "nachricht"),
        _ => return app_error(&headers, &back, AppError::NotFound),
    };
    outcome(&st, &headers, &back, &anchor, r, format!("{back}?hinweis={note}#{anchor}"), &p).await
}

fn quote_input(p: &Pairs) -> QuoteInput {
    QuoteInput {
        price: get(p, "preis"),
        price_type: get(p, "preisart"),
        included: get(p, "leistungen"),
        valid_until: get(p, "gueltig_bis"),
        earliest_start: get(p, "beginn"),
        message: get(p, "nachricht"),
        borrowing_rate: get(p, "sollzins"),
        effective_rate: get(p, "effektivzins"),
        monthly: get(p, "rate"),
        remaining: get(p, "restschuld"),
        total: get(p, "gesamtbetrag"),
    }
}

/// The quote as typed, checked against the request's terms.
async fn quote_draft(st: &AppState, request_id: i32, p: &Pairs) -> Result<QuoteDraft, QuoteError> {
    let terms = super::store::terms(&st.db, &st.reference, request_id).await?;
    let mut input = quote_input(p);
    // A mortgage quote is priced by its monthly instalment.
    if terms.is_some() {
        if input.price.trim().is_empty() {
            input.price = input.monthly.clone();
        }
        if input.price_type.trim().is_empty() {
            input.price_type = "fixed".into();
        }
    }
    QuoteDraft::parse(&input, terms, chrono::Utc::now().date_naive())
}

/// `POST /dashboard/{pid}/angebotsanfragen/{id}/{aktion}`: the provider's
/// quote (`angebot`), its revision (`ueberarbeiten`), withdrawal
/// (`zuruecknehmen`) or a message in its thread (`nachricht`).
pub async fn provider_step(State(st): State<AppState>, Path((pid, id, step)): Path<(i32, i32, String)>, headers: HeaderMap, Form(p): Form<Pairs>) -> Response {
    let back = board_request_path(pid, id);
    let a = match signed_in(&st, &headers, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    // Who asks, and whether the request is the provider's business at all,
    // before anything of it is read (its terms decide the quote's checks).
    match crate::members::store::check_for(&st.db, Some(&a), pid, crate::accounts::authz::Action::AnswerQuoteRequest).await {
        Ok(_) => {}
        Err(e) => return app_refusal(&headers, &back, e),
    }
    match super::store::visible_to(&st.db, id, pid).await {
        Ok(true) => {}
        Ok(false) => return app_error(&headers, &back, AppError::NotFound),
        Err(e) => return app_error(&headers, &back, e.into()),
    }
    let cx = Ctx::of(&st);
    let quote_id = || async {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use crate::db::entities::quote;
        quote::Entity::find().filter(quote::Column::RequestId.eq(id)).filter(quote::Column::ProviderId.eq(pid)).one(&st.db).await.ok().flatten().map(|q| q.id)
    };
    let r: Result<(), Refusal> = match step.as_str() {
        "angebot" | "ueberarbeiten" => match quote_draft(&st, id, &p).await {
            Err(e) => Err(e.into()),
            Ok(d) if step == "angebot" => door::submit(&cx, &a, pid, id, &d).await.map(|_| ()),
            Ok(d) => match quote_id().await {
                Some(q) => door::revise(&cx, &a, pid, q, version(&p), &d).await,
                None => Err(Refusal::App(AppError::NotFound)),
            },
        },
        "zuruecknehmen" => match quote_id().await {
            Some(q) => door::withdraw_quote(&cx, &a, pid, q).await,
            None => Err(Refusal::App(AppError::NotFound)),
        },
        "nachricht" => match quote_id().await {
            Some(q) => door::post_message(&cx, &a, q, Some(pid), &get(&p, "nachricht")).await,
            None => Err(Refusal::App(AppError::NotFound)),
        },
        _ => return app_error(&headers, &back, AppError::NotFound),
    };
    let note = match step.as_str() {
        "angebot" => "abgegeben",
        "ueberarbeiten" => "ueberarbeitet",
        "zuruecknehmen" => "zurueckgenommen",
        _ => "nachricht",
    };
    outcome(&st, &headers, &back, "angebot", r, format!("{back}?hinweis={note}#angebot"), &p).await
}

/// `POST /dashboard/{pid}/angebotsanfragen/benachrichtigung`: new requests
/// at once (`taeglich` absent) or in a daily mail (`taeglich=1`).
pub async fn notices(State(st): State<AppState>, Path(pid): Path<i32>, headers: HeaderMap, Form(p): Form<Pairs>) -> Response {
    let back = super::board_path(pid);
    let a = match signed_in(&st, &headers, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let r = door::set_notices(&Ctx::of(&st), &a, pid, get(&p, "taeglich") == "1").await;
    outcome(&st, &headers, &back, "benachrichtigung", r, format!("{back}?hinweis=benachrichtigung#benachrichtigung"), &p).await
}

/// `POST /moderation/anfragen/{id}/entfernen`
pub async fn remove(State(st): State<AppState>, Path(id): Path<i32>, headers: HeaderMap) -> Response {
    let back = "/moderation/meldungen".to_owned();
    let a = match signed_in(&st, &headers, &back).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match super::upkeep::remove(&Ctx::of(&st), &a, id).await {
        Ok(()) => see_other(format!("{back}?hinweis=anfrage_entfernt")),
        Err(Refusal::App(e)) => app_refusal(&headers, &back, e),
        Err(Refusal::Rule(e)) => text(e.status(), e.message()),
    }
}
