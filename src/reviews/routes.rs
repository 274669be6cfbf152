//! The review forms' POST handlers: write or edit a review, vote helpful,
//! reply as the provider, create customer codes. Plain form posts answered
//! with a redirect (post/redirect/get); on an error the form comes back
//! with a message code and everything typed so far.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::rules::{reply_text, ReviewError, ReviewInput};
use super::write::{self, ReviewWrite, WriteError};
use crate::accounts::authz::{check, Action};
use crate::accounts::domain::Account;
use crate::accounts::routes::client_ip;
use crate::common::url_key::{self, encode};
use crate::db::entities::{provider, review};
use crate::i18n::switch::safe_return_path;
use crate::server::rate_limit::{hit, Limit};
use crate::app::state::AppState;
use sea_orm::EntityTrait;

pub const REVIEWS_PER_ACCOUNT: Limit = Limit::per_minutes(5, 60);
pub const REVIEWS_PER_IP: Limit = Limit::per_minutes(20, 60);
pub const EDITS_PER_ACCOUNT: Limit = Limit::per_minutes(30, 60);
pub const VOTES_PER_ACCOUNT: Limit = Limit::per_minutes(60, 60);
pub const VOTES_PER_IP: Limit = Limit::per_minutes(200, 60);
pub const REPLIES_PER_ACCOUNT: Limit = Limit::per_minutes(30, 60);

pub fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

/// `path?fehler=code`, with the non-empty fields typed so far kept
/// server-side (`server::flash`), not in the URL.
pub async fn back_with(st: &AppState, path: &str, code: &str, keep: &[(&str, &str)]) -> Response {
    let q = format!("{path}{}fehler={code}", if path.contains('?') { '&' } else { '?' });
    crate::server::flash::see_other_keeping(&st.db, q, keep).await
}

fn sign_in(back: &str) -> Response {
    see_other(&format!("/anmelden?zurueck={}", encode(back)))
}

async fn account(st: &AppState, headers: &HeaderMap) -> Option<Account> {
    crate::accounts::store::request_account(&st.db, headers).await.ok().flatten()
}

fn internal(e: impl std::fmt::Display) -> ReviewError {
    tracing::error!(error = %e, "review form");
    ReviewError::Internal
}

fn rule(e: WriteError) -> ReviewError {
    match e {
        WriteError::Rule(r) => r,
        WriteError::Db(e) => internal(e),
    }
}

/// Counts a hit per account and per address; `RateLimited` when either is over.
pub async fn limited(st: &AppState, what: &str, account: Option<i32>, ip: &str, per_account: Limit, per_ip: Limit) -> Result<(), ReviewError> {
    if let Some(a) = account {
        if !hit(&st.db, &format!("{what}:account:{a}"), per_account).await.map_err(internal)? {
            return Err(ReviewError::RateLimited);
        }
    }
    if !hit(&st.db, &format!("{what}:ip:{ip}"), per_ip).await.map_err(internal)? {
        return Err(ReviewError::RateLimited);
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct ReviewForm {
    provider_id: i32,
    #[serde(default)]
    stars: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    offer: String,
    #[serde(default)]
    code: String,
}

pub fn form_path(provider_id: i32) -> String {
    format!("/anbieter/{provider_id}/bewerten")
}

/// `POST /bewertungen`: a new review, or the author's edit of theirs.
pub async fn save(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<ReviewForm>) -> Response {
    let path = form_path(f.provider_id);
    let Some(a) = account(&st, &headers).await else { return sign_in(&path) };
    let ip = client_ip(&st, peer, &headers);
    match try_save(&st, &a, &ip, &f).await {
        Ok(id) => {
            let link = match provider::Entity::find_by_id(f.provider_id).one(&st.db).await {
                Ok(Some(p)) => url_key::provider_path(p.id, &p.slug),
                _ => "/".to_owned(),
            };
            see_other(&format!("{link}?hinweis=bewertung_gespeichert#bewertung-{id}"))
        }
        Err(e) => {
            let keep = [("stars", f.stars.as_str()), ("title", &f.title), ("body", &f.body), ("month", &f.month), ("offer", &f.offer), ("code", &f.code)];
            back_with(&st, &path, e.code(), &keep).await
        }
    }
}

async fn try_save(st: &AppState, a: &Account, ip: &str, f: &ReviewForm) -> Result<i32, ReviewError> {
    if !a.email_verified {
        return Err(ReviewError::Unconfirmed);
    }
    let membership = crate::members::store::membership(&st.db, f.provider_id, a.id).await.map_err(internal)?;
    check(Some(a), membership, Action::WriteReview).map_err(|_| ReviewError::OwnProvider)?;
    let input = ReviewInput::parse(&f.stars, &f.title, &f.body, &f.month, chrono::Utc::now().date_naive())?;
    let offer_id = match f.offer.trim() {
        "" => None,
        o => Some(o.parse::<i32>().map_err(|_| ReviewError::Offer)?),
    };
    let code = Some(f.code.clone()).filter(|c| !c.trim().is_empty());
    let w = ReviewWrite { author_id: a.id, provider_id: f.provider_id, offer_id, input, code };
    let existing = write::own_review(&st.db, a.id, f.provider_id).await.map_err(internal)?;
    let (id, copied) = match existing {
        Some(r) => {
            limited(st, "review_edit", Some(a.id), ip, EDITS_PER_ACCOUNT, REVIEWS_PER_IP).await?;
            (r.id, write::update(&st.db, r.id, w).await.map_err(rule)?)
        }
        None => {
            limited(st, "review", Some(a.id), ip, REVIEWS_PER_ACCOUNT, REVIEWS_PER_IP).await?;
            write::create(&st.db, w).await.map_err(rule)?
        }
    };
    if copied {
        crate::reports::store::file_duplicate_text(&st.db, id).await.map_err(internal)?;
    }
    crate::changes::committed();
    Ok(id)
}

#[derive(Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    zurueck: String,
}

/// `POST /bewertungen/{id}/hilfreich`.
pub async fn vote(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, Path(id): Path<i32>, headers: HeaderMap, Form(f): Form<VoteForm>) -> Response {
    let back = safe_return_path(Some(&f.zurueck)).split('#').next().unwrap_or("/").to_owned();
    let Some(a) = account(&st, &headers).await else { return sign_in(&back) };
    let ip = client_ip(&st, peer, &headers);
    let result = async {
        let r = review::Entity::find_by_id(id).one(&st.db).await.map_err(internal)?.ok_or(ReviewError::Internal)?;
        let membership = crate::members::store::membership(&st.db, r.provider_id, a.id).await.map_err(internal)?;
        check(Some(&a), membership, Action::VoteReview).map_err(|e| match e {
            crate::error::AppError::Invalid { .. } => ReviewError::Unconfirmed,
            _ => ReviewError::OwnReview,
        })?;
        limited(&st, "vote", Some(a.id), &ip, VOTES_PER_ACCOUNT, VOTES_PER_IP).await?;
        write::vote(&st.db, id, a.id).await.map_err(rule)
    }
    .await;
    match result {
        Ok(_) => see_other(&format!("{back}#bewertung-{id}")),
        Err(e) => see_other(&format!("{back}{}fehler={}#bewertung-{id}", if back.contains('?') { '&' } else { '?' }, e.code())),
    }
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    reply: String,
}

pub fn reply_path(review_id: i32) -> String {
    format!("/bewertungen/{review_id}/antwort")
}

/// `POST /bewertungen/{id}/antwort`: a member of the reviewed provider answers.
pub async fn reply(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, Path(id): Path<i32>, headers: HeaderMap, Form(f): Form<ReplyForm>) -> Response {
    let path = reply_path(id);
    let Some(a) = account(&st, &headers).await else { return sign_in(&path) };
    let ip = client_ip(&st, peer, &headers);
    let result = async {
        let r = review::Entity::find_by_id(id).one(&st.db).await.map_err(internal)?.ok_or(ReviewError::Internal)?;
        let membership = crate::members::store::membership(&st.db, r.provider_id, a.id).await.map_err(internal)?;
        check(Some(&a), membership, Action::ReplyToReview).map_err(|_| ReviewError::OwnReview)?;
        let body = reply_text(&f.reply)?;
        limited(&st, "reply", Some(a.id), &ip, REPLIES_PER_ACCOUNT, REVIEWS_PER_IP).await?;
        let (_, notify) = write::reply(&st.db, id, a.id, body).await.map_err(rule)?;
        let p = provider::Entity::find_by_id(r.provider_id).one(&st.db).await.map_err(internal)?;
        let link = p.map(|p| format!("{}#bewertung-{id}", url_key::provider_path(p.id, &p.slug))).unwrap_or_else(|| "/".into());
        if let Some(author) = notify {
            crate::notifications::store::push(&st.db, author, crate::notifications::Kind::ReviewReply, &link, None).await.map_err(internal)?;
        }
        crate::changes::committed();
        Ok::<_, ReviewError>(link)
    }
    .await;
    match result {
        Ok(link) => see_other(&link),
        Err(e) => back_with(&st, &path, e.code(), &[("reply", &f.reply)]).await,
    }
}

/// `POST /dashboard/{pid}/kundencodes`: a new one-time customer code, shown once.
pub async fn new_code(State(st): State<AppState>, Path(pid): Path<i32>, headers: HeaderMap) -> Response {
    let path = format!("/dashboard/{pid}/kundencodes");
    let Some(a) = account(&st, &headers).await else { return sign_in(&path) };
    let result = async {
        let membership = crate::members::store::membership(&st.db, pid, a.id).await.map_err(internal)?;
        check(Some(&a), membership, Action::ManageCustomerCodes).map_err(|_| ReviewError::OwnReview)?;
        if !hit(&st.db, &format!("codes:account:{}", a.id), Limit::per_minutes(100, 60)).await.map_err(internal)? {
            return Err(ReviewError::RateLimited);
        }
        super::codes::create(&st.db, pid, a.id).await.map_err(internal)
    }
    .await;
    match result {
        // Shown once on the page, never in a URL (logs, history).
        Ok(code) => crate::server::flash::see_other_keeping(&st.db, format!("{path}?hinweis=neu"), &[("code", &code)]).await,
        Err(e) => see_other(&format!("{path}?fehler={}", e.code())),
    }
}
