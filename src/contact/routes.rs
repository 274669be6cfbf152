//! `POST /angebote/{id}/kontakt` (anyone) and marking a request read (the
//! provider's members). Plain form posts with post/redirect/get: errors
//! come back as a code plus everything typed, anchored to the form.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::{ContactError, ContactForm};
use super::{inbox_path, store};
use crate::accounts::authz::Action;
use crate::members::store::check_for;
use crate::accounts::routes::client_ip;
use crate::common::url_key::{encode, offer_path};
use crate::error::AppError;
use crate::server::rate_limit::{hit, Limit};
use crate::app::state::AppState;

pub const CONTACT_PER_IP: Limit = Limit::per_minutes(10, 60);
pub const CONTACT_PER_EMAIL: Limit = Limit::per_minutes(5, 60);

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

fn internal(e: impl std::fmt::Display) -> ContactError {
    tracing::error!(error = %e, "contact form");
    ContactError::Internal
}

#[derive(Deserialize)]
pub struct ContactPost {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    message: String,
    consent: Option<String>,
}

/// `POST /angebote/{id}/kontakt`: a request to the offer's provider.
pub async fn send(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(offer_id): Path<i32>,
    headers: HeaderMap,
    Form(f): Form<ContactPost>,
) -> Response {
    let Ok(Some((provider_id, title, slug))) = store::published_offer(&st.db, offer_id).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = offer_path(offer_id, &slug);
    let account = crate::accounts::store::request_account(&st.db, &headers).await.ok().flatten();
    let ip = client_ip(&st, peer, &headers);
    let result: Result<ContactForm, ContactError> = async {
        let form = ContactForm::parse(&f.name, &f.email, &f.phone, &f.message, f.consent.is_some())?;
        let by_ip = hit(&st.db, &format!("contact:ip:{ip}"), CONTACT_PER_IP).await.map_err(internal)?;
        let by_email = hit(&st.db, &format!("contact:email:{}", form.email()), CONTACT_PER_EMAIL).await.map_err(internal)?;
        if !by_ip || !by_email {
            return Err(ContactError::RateLimited);
        }
        // The message and its notices to the provider's members commit together.
        let txn = crate::db::begin_write(&st.db).await.map_err(internal)?;
        store::insert(&txn, provider_id, offer_id, &form, account.as_ref().map(|a| a.id)).await.map_err(internal)?;
        notify(&txn, &st.public_url, provider_id, &title, form.name()).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        crate::server::outbox::queued();
        Ok(form)
    }
    .await;
    match result {
        Ok(_) => {
            see_other(&format!("{page}?hinweis=kontakt_gesendet#kontakt"))
        }
        Err(e) => {
            // What was typed comes back (in the flash cookie); a NUL cannot
            // travel in the form.
            let consent = if f.consent.is_some() { "1" } else { "" };
            let clean: Vec<(&str, String)> = [("name", &f.name), ("email", &f.email), ("phone", &f.phone), ("message", &f.message)]
                .into_iter()
                .map(|(k, v)| (k, v.replace('\0', "")))
                .chain(std::iter::once(("consent", consent.to_owned())))
                .collect();
            let keep: Vec<(&str, &str)> = clean.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::server::flash::see_other_keeping(&st.db, format!("{page}?fehler={}#kontakt", e.code()), &keep).await
        }
    }
}

/// Queues a notice to each member of the provider.
async fn notify<C: sea_orm::ConnectionTrait>(txn: &C, public_url: &str, provider_id: i32, offer_title: &str, sender: &str) -> Result<(), sea_orm::DbErr> {
    let x = crate::i18n::Locale::De.texts();
    let link = format!("{}{}", public_url.trim_end_matches('/'), inbox_path(provider_id));
    let body = crate::i18n::fill(x.mail_contact_body, &[("name", sender), ("offer", offer_title), ("link", &link)]);
    for addr in store::member_emails(txn, provider_id).await? {
        crate::server::outbox::enqueue(txn, &crate::server::outbox::Mail::new(&addr, x.mail_contact_subject, body.clone())).await?;
    }
    Ok(())
}

/// `POST /dashboard/{pid}/anfragen/{id}/gelesen`
pub async fn mark_read(State(st): State<AppState>, Path((pid, id)): Path<(i32, i32)>, headers: HeaderMap) -> Response {
    let inbox = inbox_path(pid);
    let actor = crate::accounts::store::request_account(&st.db, &headers).await.ok().flatten();
    match check_for(&st.db, actor.as_ref(), pid, Action::ReadInbox).await {
        Ok(_) => {}
        Err(AppError::Unauthenticated) => return see_other(&format!("/anmelden?zurueck={}", encode(&inbox))),
        Err(e) => return (e.status(), crate::i18n::from_headers(&headers).texts().error_forbidden).into_response(),
    }
    match store::mark_read(&st.db, pid, id).await {
        Ok(true) => see_other(&format!("{inbox}#anfrage-{id}")),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "contact mark read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
