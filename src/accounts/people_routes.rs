//! Form posts of `/admin/personen` (post/redirect/get, so they work without
//! JavaScript): a role set, an account locked or unlocked.
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::authz::{check, Action};
use super::domain::Account;
use super::people::{back_to, PAGE};
use super::roles::{self, RoleError};
use crate::app::state::AppState;

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

async fn admin(st: &AppState, headers: &HeaderMap) -> Result<Account, Response> {
    let actor = super::store::request_account(&st.db, headers).await.ok().flatten();
    match check(actor.as_ref(), None, Action::ManagePeople) {
        Ok(()) => actor.ok_or_else(|| StatusCode::UNAUTHORIZED.into_response()),
        Err(crate::error::AppError::Unauthenticated) => Err(see_other(&format!("/anmelden?zurueck={}", crate::common::url_key::encode(PAGE)))),
        Err(e) => Err((e.status(), crate::i18n::from_headers(headers).texts().error_forbidden).into_response()),
    }
}

fn outcome(q: &str, done: Result<bool, RoleError>, note: &str) -> Response {
    match done {
        Ok(_) => see_other(&back_to(q, &format!("hinweis={note}"))),
        Err(RoleError::LastAdmin) => see_other(&back_to(q, "fehler=letzte-administration")),
        Err(RoleError::OwnAccount) => see_other(&back_to(q, "fehler=eigenes-konto")),
        Err(RoleError::NoSuchAccount) => see_other(&back_to(q, "fehler=unbekannt")),
        Err(RoleError::Db(e)) => {
            let e = crate::error::AppError::from(e);
            (e.status(), e.user_message()).into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct SetRole {
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    q: String,
}

/// `POST /admin/personen/rolle`
pub async fn set_role(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<SetRole>) -> Response {
    let actor = match admin(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (Ok(user_id), Some(role)) = (f.user_id.trim().parse::<i32>(), roles::parse_role(&f.role)) else {
        return see_other(&back_to(&f.q, "fehler=rolle"));
    };
    outcome(&f.q, roles::set_role(&st.db, Some(actor.id), user_id, role).await, "rolle")
}

#[derive(Deserialize)]
pub struct SetLocked {
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    locked: String,
    #[serde(default)]
    q: String,
}

/// `POST /admin/personen/sperre`
pub async fn set_locked(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<SetLocked>) -> Response {
    let actor = match admin(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (Ok(user_id), Ok(locked)) = (f.user_id.trim().parse::<i32>(), f.locked.trim().parse::<bool>()) else {
        return see_other(&back_to(&f.q, "fehler=unbekannt"));
    };
    let note = if locked { "gesperrt" } else { "entsperrt" };
    outcome(&f.q, roles::set_locked(&st.db, actor.id, user_id, locked).await, note)
}
