//! Form posts of `/admin/suche` (post/redirect/get, so they work without
//! JavaScript). A refused synonym list is kept as the draft, so nothing
//! typed is lost; the page shows it with its errors.
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::tuning::{self, SaveError};
use crate::accounts::authz::{check, Action};
use crate::accounts::domain::Account;
use crate::app::state::AppState;

const PAGE: &str = "/admin/suche";

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

async fn admin(st: &AppState, headers: &HeaderMap) -> Result<Account, Response> {
    let actor = crate::accounts::store::request_account(&st.db, headers).await.ok().flatten();
    match check(actor.as_ref(), None, Action::ManageSearch) {
        Ok(()) => actor.ok_or_else(|| StatusCode::UNAUTHORIZED.into_response()),
        Err(crate::error::AppError::Unauthenticated) => Err(see_other(&format!("/anmelden?zurueck={}", crate::common::url_key::encode(PAGE)))),
        Err(e) => Err((e.status(), crate::i18n::from_headers(headers).texts().error_forbidden).into_response()),
    }
}

fn failed(e: crate::error::AppError) -> Response {
    (e.status(), e.user_message()).into_response()
}

#[derive(Deserialize)]
pub struct SaveSynonyms {
    #[serde(default)]
    text: String,
    #[serde(default)]
    version: String,
}

/// `POST /admin/suche/synonyme`
pub async fn save_synonyms(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<SaveSynonyms>) -> Response {
    let actor = match admin(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let version = f.version.trim().parse().unwrap_or(-1);
    match tuning::save(&st.db, actor.id, &f.text, version).await {
        Ok(()) => see_other(&format!("{PAGE}?hinweis=gespeichert#synonyme")),
        Err(SaveError::Lines(_) | SaveError::TooLong) => see_other(&format!("{PAGE}?fehler=synonyme#synonyme")),
        Err(SaveError::Conflict) => see_other(&format!("{PAGE}?fehler=konflikt#synonyme")),
        Err(SaveError::Db(e)) => failed(e.into()),
    }
}

#[derive(Deserialize)]
pub struct Forget {
    #[serde(default)]
    query: String,
}

/// `POST /admin/suche/erledigt`: one counted miss forgotten.
pub async fn forget_miss(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<Forget>) -> Response {
    let actor = match admin(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match tuning::forget_miss(&st.db, actor.id, &f.query).await {
        Ok(_) => see_other(&format!("{PAGE}?hinweis=geloescht#fehlanzeigen")),
        Err(e) => failed(e.into()),
    }
}
