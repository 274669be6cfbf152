//! The recommendation forms' POST handlers: plain HTML forms answered with a
//! redirect (post/redirect/get), so they work without JavaScript. A refused
//! form goes back with a code and everything typed, and the page explains.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::{RecommendDraft, RecommendForm, Refusal};
use super::store;
use crate::accounts::domain::Account;
use crate::common::url_key::encode;
use crate::i18n::switch::safe_return_path;
use crate::server::rate_limit::{hit, Limit};
use crate::app::state::AppState;

pub const RECOMMEND_PER_ACCOUNT: Limit = Limit::per_minutes(10, 60);
pub const RECOMMEND_PER_IP: Limit = Limit::per_minutes(30, 60);
pub const SECOND_PER_ACCOUNT: Limit = Limit::per_minutes(60, 60);
pub const SECOND_PER_IP: Limit = Limit::per_minutes(150, 60);

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

fn sign_in(back: &str) -> Response {
    see_other(&format!("/anmelden?zurueck={}", encode(back)))
}

async fn account(st: &AppState, headers: &HeaderMap) -> Option<Account> {
    crate::accounts::store::request_account(&st.db, headers).await.ok().flatten()
}

/// Both budgets are counted on every attempt, so neither can be dodged.
async fn within(st: &AppState, kind: &str, user: i32, ip: &str, per_account: Limit, per_ip: Limit) -> Result<(), Refusal> {
    let by_account = hit(&st.db, &format!("{kind}:account:{user}"), per_account).await.map_err(|_| Refusal::Internal)?;
    let by_ip = hit(&st.db, &format!("{kind}:ip:{ip}"), per_ip).await.map_err(|_| Refusal::Internal)?;
    if by_account && by_ip {
        Ok(())
    } else {
        Err(Refusal::RateLimited)
    }
}

/// Open lists (`/live?liste=1`) hear of recommendations from the change
/// log (their rows are noted there); this only wakes this process's
/// follower at once instead of at its next poll.
async fn announce(_st: &AppState) {
    crate::changes::committed();
}

/// The form page with the refusal's code and the category and provider
/// chosen; the texts typed travel in the flash cookie (`common::flash`).
pub fn form_path(f: &RecommendForm, refusal: Option<Refusal>) -> String {
    let mut q = String::from("/empfehlen?");
    if let Some(r) = refusal {
        q.push_str(&format!("fehler={}&", r.code()));
    }
    let fields = [("kategorie", &f.kategorie), ("anbieter", &f.anbieter)];
    let kept: Vec<String> = fields.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect();
    q.push_str(&kept.join("&"));
    q.trim_end_matches(['&', '?']).to_owned()
}

/// The typed texts of the form, for the flash cookie.
fn typed(f: &RecommendForm) -> [(&'static str, &str); 4] {
    [("name", &f.name), ("ort", &f.ort), ("website", &f.website), ("begruendung", &f.begruendung)]
}

/// Back to the form with the refusal, keeping what was typed server-side.
async fn back_to_form(st: &AppState, f: &RecommendForm, refusal: Option<Refusal>) -> Response {
    crate::server::flash::see_other_keeping(&st.db, form_path(f, refusal), &typed(f)).await
}

pub fn list_path(category_slug: &str) -> String {
    format!("/empfehlungen?kategorie={}", encode(category_slug))
}

/// `POST /empfehlen`
pub async fn recommend(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<RecommendForm>) -> Response {
    let Some(actor) = account(&st, &headers).await else {
        // Signing in first: the typed texts wait for the form page.
        let mut resp = sign_in(&form_path(&f, None));
        match crate::server::flash::store(&st.db, "/empfehlen", &typed(&f)).await {
            Ok(Some(c)) => {
                if let Ok(v) = axum::http::HeaderValue::from_str(&c) {
                    resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "keeping form fields"),
        }
        return resp;
    };
    let ip = crate::accounts::routes::client_ip(&st, peer, &headers);
    let draft = match RecommendDraft::parse(&f, &st.reference.categories) {
        Ok(d) => d,
        Err(_) => return back_to_form(&st, &f, Some(Refusal::Input)).await,
    };
    if let Err(r) = within(&st, "recommend", actor.id, &ip, RECOMMEND_PER_ACCOUNT, RECOMMEND_PER_IP).await {
        return back_to_form(&st, &f, Some(r)).await;
    }
    match store::recommend(&st.db, &actor, &draft).await {
        Ok(id) => {
            announce(&st).await;
            see_other(&format!("{}#empfehlung-{id}", list_path(f.kategorie.trim())))
        }
        Err(r) => back_to_form(&st, &f, Some(r)).await,
    }
}

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    zurueck: String,
}

fn back_to(st: &AppState, category_id: Option<i32>, zurueck: &str, refusal: Option<Refusal>) -> Response {
    let slug = category_id.and_then(|c| st.reference.categories.by_id(c)).map(|c| c.slug.clone()).unwrap_or_default();
    match refusal {
        None => see_other(safe_return_path(Some(zurueck).filter(|z| !z.is_empty()))),
        Some(r) => see_other(&format!("{}&fehler={}", list_path(&slug), r.code())),
    }
}

#[derive(Clone, Copy)]
enum Act {
    Second,
    Withdraw,
    /// The author takes their recommendation back.
    Delete,
}

async fn vote(st: AppState, peer: SocketAddr, headers: HeaderMap, id: i32, zurueck: String, act: Act) -> Response {
    let Some(actor) = account(&st, &headers).await else { return sign_in(safe_return_path(Some(&zurueck))) };
    let ip = crate::accounts::routes::client_ip(&st, peer, &headers);
    if let Err(r) = within(&st, "second", actor.id, &ip, SECOND_PER_ACCOUNT, SECOND_PER_IP).await {
        let category = store::category_of(&st.db, id).await.ok().flatten();
        return back_to(&st, category, &zurueck, Some(r));
    }
    let done = match act {
        Act::Second => store::second(&st.db, &actor, id).await,
        Act::Withdraw => store::withdraw(&st.db, &actor, id).await,
        Act::Delete => store::delete_own(&st.db, &actor, id).await,
    };
    match done {
        Ok(category) => {
            announce(&st).await;
            back_to(&st, Some(category), &zurueck, None)
        }
        Err(r) => {
            let category = store::category_of(&st.db, id).await.ok().flatten();
            back_to(&st, category, &zurueck, Some(r))
        }
    }
}

/// `POST /empfehlungen/{id}/unterstuetzen`
pub async fn second(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Path(id): Path<i32>, Form(b): Form<Back>) -> Response {
    vote(st, peer, headers, id, b.zurueck, Act::Second).await
}

/// `POST /empfehlungen/{id}/zurueckziehen`
pub async fn withdraw(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Path(id): Path<i32>, Form(b): Form<Back>) -> Response {
    vote(st, peer, headers, id, b.zurueck, Act::Withdraw).await
}

/// `POST /empfehlungen/{id}/loeschen`: only the author's own.
pub async fn delete(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Path(id): Path<i32>, Form(b): Form<Back>) -> Response {
    vote(st, peer, headers, id, b.zurueck, Act::Delete).await
}
