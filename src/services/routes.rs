//! Form posts of the directory (post/redirect/get, so they work without
//! JavaScript): residents rate a service, admins maintain it. Errors travel
//! back as a code plus what was typed, so nothing is lost.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::{parse_official_url, parse_text, Availability, RatingInput, ServiceEdit, ServiceFormError};
use super::store;
use crate::accounts::authz::{check, Action};
use crate::accounts::domain::Account;
use crate::accounts::routes::client_ip;
use crate::common::url_key::encode;
use crate::server::rate_limit::{hit, Limit};
use crate::app::state::AppState;

const RATE_PER_ACCOUNT: Limit = Limit::per_minutes(30, 60);
const RATE_PER_IP: Limit = Limit::per_minutes(60, 60);

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

/// Back to the form with the error's code; what was typed is kept
/// server-side (`server::flash`).
async fn back(st: &AppState, path: &str, err: ServiceFormError, keep: &[(&str, &str)], anchor: &str) -> Response {
    crate::server::flash::see_other_keeping(&st.db, format!("{path}?fehler={}#{anchor}", err.code()), keep).await
}

fn internal(e: impl std::fmt::Display) -> ServiceFormError {
    tracing::error!(error = %e, "city service form");
    ServiceFormError::Internal
}

/// The signed-in person allowed to do `action`, or the response that sends
/// everybody else away (sign-in for anonymous visitors, 403 otherwise).
async fn allowed(st: &AppState, headers: &HeaderMap, action: Action, return_to: &str) -> Result<Account, Response> {
    let actor = crate::accounts::store::request_account(&st.db, headers).await.ok().flatten();
    match check(actor.as_ref(), None, action) {
        Ok(()) => actor.ok_or_else(|| StatusCode::UNAUTHORIZED.into_response()),
        Err(crate::error::AppError::Unauthenticated) => Err(see_other(&format!("/anmelden?zurueck={}", encode(return_to)))),
        Err(crate::error::AppError::Invalid { .. }) => {
            Err(see_other(&format!("{return_to}?fehler={}#bewerten", crate::services::domain::ServiceFormError::Unconfirmed.code())))
        }
        Err(e) => Err((e.status(), crate::i18n::from_headers(headers).texts().error_forbidden).into_response()),
    }
}

#[derive(Deserialize)]
pub struct Rate {
    #[serde(default)]
    stars: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    tip: String,
}

/// `POST /verwaltung/{slug}/bewerten`
pub async fn rate(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Rate>,
) -> Response {
    let page = format!("/verwaltung/{slug}");
    let Ok(Some(service)) = store::by_slug(&st.db, &slug).await else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match allowed(&st, &headers, Action::RateCityService, &page).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let keep = [("sterne", f.stars.as_str()), ("ergebnis", f.outcome.as_str()), ("tipp", f.tip.as_str())];
    let ip = client_ip(&st, peer, &headers);
    let result: Result<(), ServiceFormError> = async {
        let input = RatingInput::parse(&f.stars, &f.outcome, &f.tip)?;
        let by_account = hit(&st.db, &format!("service-rate:user:{}", actor.id), RATE_PER_ACCOUNT).await.map_err(internal)?;
        let by_ip = hit(&st.db, &format!("service-rate:ip:{ip}"), RATE_PER_IP).await.map_err(internal)?;
        if !by_account || !by_ip {
            return Err(ServiceFormError::RateLimited);
        }
        store::save_rating(&st.db, service.id, actor.id, input).await.map_err(internal)
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("{page}?hinweis=gespeichert#bewerten")),
        Err(e) => back(&st, &page, e, &keep, "bewerten").await,
    }
}

/// `POST /verwaltung/{slug}/bewertung-loeschen`: withdraws one's own rating.
pub async fn unrate(State(st): State<AppState>, Path(slug): Path<String>, headers: HeaderMap) -> Response {
    let page = format!("/verwaltung/{slug}");
    let Ok(Some(service)) = store::by_slug(&st.db, &slug).await else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match allowed(&st, &headers, Action::RateCityService, &page).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match store::delete_rating(&st.db, service.id, actor.id).await {
        Ok(_) => see_other(&format!("{page}?hinweis=geloescht#bewerten")),
        Err(e) => back(&st, &page, internal(e), &[], "bewerten").await,
    }
}

#[derive(Deserialize)]
pub struct Edit {
    #[serde(default)]
    url: String,
    #[serde(default)]
    availability: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    bring: String,
    #[serde(default)]
    bring_en: String,
}

/// `POST /verwaltung/{slug}/bearbeiten` (admins): link, availability, texts.
pub async fn edit(State(st): State<AppState>, Path(slug): Path<String>, headers: HeaderMap, Form(f): Form<Edit>) -> Response {
    let form = format!("/verwaltung/{slug}/bearbeiten");
    let Ok(Some(service)) = store::by_slug(&st.db, &slug).await else { return StatusCode::NOT_FOUND.into_response() };
    let actor = match allowed(&st, &headers, Action::EditCityService, &form).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let keep = [
        ("url", f.url.as_str()),
        ("availability", f.availability.as_str()),
        ("description", f.description.as_str()),
        ("description_en", f.description_en.as_str()),
        ("bring", f.bring.as_str()),
        ("bring_en", f.bring_en.as_str()),
    ];
    let result: Result<(), ServiceFormError> = async {
        let before = store::edit_view(&service);
        let after = ServiceEdit {
            official_url: parse_official_url(&f.url)?,
            availability: Availability::parse(&f.availability).ok_or(ServiceFormError::Availability)?,
            description: parse_text(&f.description)?,
            description_en: parse_text(&f.description_en)?,
            bring: parse_text(&f.bring)?,
            bring_en: parse_text(&f.bring_en)?,
            ..before.clone()
        };
        let txn = crate::db::begin_write(&st.db).await.map_err(internal)?;
        store::update(&txn, service.id, &after).await.map_err(internal)?;
        let json = |e: &ServiceEdit| serde_json::to_value(e).ok();
        crate::audit::store::record(&txn, actor.id, "city_service.edit", "city_service", service.id, json(&before), json(&after))
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)
    }
    .await;
    match result {
        Ok(()) => see_other(&format!("/verwaltung/{slug}?hinweis=aktualisiert")),
        Err(e) => back(&st, &form, e, &keep, "bearbeiten").await,
    }
}
