//! POST handlers: anyone reports content; moderators decide reports and
//! verify residents. Plain form posts with post/redirect/get.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde::Deserialize;

use super::domain::{statement, Decision, NewReport, ReportError};
use super::store::{self, DecideError};
use crate::accounts::authz::{check, Action};
use crate::accounts::routes::client_ip;
use crate::db::entities::resident_verification;
use crate::reviews::rules::ReviewError;
use crate::reviews::routes::{back_with, limited, see_other};
use crate::server::rate_limit::Limit;
use crate::app::state::AppState;

pub const REPORTS_PER_ACCOUNT: Limit = Limit::per_minutes(20, 60);
pub const REPORTS_PER_IP: Limit = Limit::per_minutes(10, 60);

fn internal(e: impl std::fmt::Display) -> ReportError {
    tracing::error!(error = %e, "report form");
    ReportError::Internal
}

#[derive(Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    art: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    good_faith: Option<String>,
}

/// `POST /melden`: a report by anyone, signed in or not.
pub async fn report(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<ReportForm>) -> Response {
    let account = crate::accounts::store::request_account(&st.db, &headers).await.ok().flatten();
    let ip = client_ip(&st, peer, &headers);
    let result = async {
        let r = NewReport::parse(&f.art, &f.id, &f.reason, &f.explanation, &f.name, &f.email, f.good_faith.is_some())?;
        if !store::target_exists(&st.db, r.target, r.target_id).await.map_err(internal)? || !store::may_report(&st.db, account.as_ref(), r.target, r.target_id).await.map_err(internal)? {
            return Err(ReportError::Target);
        }
        limited(&st, "report", account.as_ref().map(|a| a.id), &ip, REPORTS_PER_ACCOUNT, REPORTS_PER_IP).await.map_err(|e| match e {
            ReviewError::RateLimited => ReportError::RateLimited,
            _ => ReportError::Internal,
        })?;
        store::file(&st.db, &r, account.as_ref().map(|a| a.id)).await.map_err(internal)
    }
    .await;
    let base = format!("/melden?art={}&id={}", crate::common::url_key::encode(&f.art), crate::common::url_key::encode(&f.id));
    match result {
        Ok(_) => see_other(&format!("{base}&hinweis=gesendet")),
        Err(e) => back_with(&st, &base, e.code(), &[("reason", &f.reason), ("explanation", &f.explanation), ("name", &f.name), ("email", &f.email)]).await,
    }
}

pub const QUEUE: &str = "/moderation/meldungen";

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    statement: String,
}

/// `POST /moderation/meldungen/{id}`: hide, restore or dismiss, with reasons.
pub async fn decide(State(st): State<AppState>, Path(id): Path<i32>, headers: HeaderMap, Form(f): Form<DecideForm>) -> Response {
    let Some(a) = crate::accounts::store::request_account(&st.db, &headers).await.ok().flatten() else {
        return see_other(&format!("/anmelden?zurueck={}", crate::common::url_key::encode(QUEUE)));
    };
    if check(Some(&a), None, Action::ModerateContent).is_err() {
        return see_other("/");
    }
    let result = async {
        let decision = Decision::parse(&f.decision).ok_or(ReportError::Statement)?;
        let reasons = statement(&f.statement)?;
        let x = crate::i18n::Locale::De.texts();
        let body = crate::i18n::fill(x.mail_report_body, &[("decision", decision.label()), ("reasons", &reasons)]);
        let letter = |to: &str| crate::server::outbox::Mail::new(to, x.mail_report_subject, body.clone());
        match store::decide(&st.db, &st.public_url, id, a.id, decision, &reasons, letter).await {
            Ok(mails) => Ok((mails, decision, reasons)),
            Err(DecideError::NotFound | DecideError::NotApplicable) => Err(ReportError::Target),
            Err(DecideError::Db(e)) => Err(internal(e)),
        }
    }
    .await;
    match result {
        Ok(_) => {
            see_other(&format!("{QUEUE}?hinweis=entschieden"))
        }
        Err(e) => back_with(&st, &format!("{QUEUE}?meldung={id}"), e.code(), &[("statement", &f.statement)]).await,
    }
}

#[derive(Deserialize)]
pub struct ResidentForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    method: String,
}

/// `POST /moderation/bewohner`: a moderator records that they checked a
/// document showing the account holder lives in Duisburg.
pub async fn verify_resident(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<ResidentForm>) -> Response {
    let Some(a) = crate::accounts::store::request_account(&st.db, &headers).await.ok().flatten() else {
        return see_other(&format!("/anmelden?zurueck={}", crate::common::url_key::encode(QUEUE)));
    };
    if check(Some(&a), None, Action::VerifyResident).is_err() {
        return see_other("/");
    }
    let result = async {
        let method = crate::reviews::domain::VerificationMethod::parse(&f.method).ok_or(ReportError::Reason)?;
        let email = crate::accounts::domain::Email::parse(&f.email).map_err(|_| ReportError::Email)?;
        let user = crate::accounts::store::by_email(&st.db, &email).await.map_err(internal)?.ok_or(ReportError::Email)?;
        let txn = crate::db::begin_write(&st.db).await.map_err(internal)?;
        resident_verification::Entity::delete_by_id(user.id).exec(&txn).await.map_err(internal)?;
        resident_verification::ActiveModel { user_id: Set(user.id), method: Set(method.as_str().to_owned()), verified_by: Set(Some(a.id)), verified_at: Set(Utc::now()) }
            .insert(&txn)
            .await
            .map_err(internal)?;
        let after = serde_json::json!({"method": method.as_str()});
        crate::audit::store::record(&txn, a.id, "account.verify_resident", "app_user", user.id, None, Some(after)).await.map_err(internal)?;
        txn.commit().await.map_err(internal)
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("{QUEUE}?hinweis=verifiziert")),
        Err(e) => back_with(&st, &format!("{QUEUE}?bewohner=1"), e.code(), &[("email", &f.email)]).await,
    }
}
