//! The member forms: plain posts answered with a redirect back to the
//! dashboard (or, for other clients, the status and the reason as text).
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::MemberError;
use super::store::{self, Refusal};
use crate::accounts::authz::{Action, MemberRole};
use crate::members::store::check_for;
use crate::accounts::domain::{Account, Email};
use crate::common::url_key::encode;
use crate::error::AppError;
use crate::server::rate_limit::{hit, Limit};
use crate::server::reply::{self, see_other, wants_html};
use crate::app::state::AppState;

const INVITES_PER_ACCOUNT: Limit = Limit::per_minutes(20, 60);
const CHANGES_PER_ACCOUNT: Limit = Limit::per_minutes(120, 60);

fn dashboard(provider_id: i32) -> String {
    format!("/dashboard/{provider_id}")
}

/// The typed address of a refused invitation is kept server-side
/// (`server::flash`), never in the URL.
async fn answer(st: &AppState, headers: &HeaderMap, back: &str, result: Result<Response, Refusal>, keep: &[(&str, &str)]) -> Response {
    match result {
        Ok(ok) => ok,
        Err(Refusal::Member(e)) if wants_html(headers) => {
            crate::server::flash::see_other_keeping(&st.db, format!("{back}?mitglieder_fehler={}#mitglieder", e.code()), keep).await
        }
        Err(Refusal::Member(e)) => {
            let x = crate::i18n::from_headers(headers).texts();
            reply::refused(headers, back, "mitglieder", "mitglieder_fehler", e.code(), e.status(), e.message_in(x), &[])
        }
        Err(Refusal::App(e)) => reply::app_error(headers, back, e),
    }
}

fn done(headers: &HeaderMap, provider_id: i32, note: &str) -> Response {
    if wants_html(headers) {
        see_other(format!("{}?mitglieder={note}#mitglieder", dashboard(provider_id)))
    } else {
        StatusCode::NO_CONTENT.into_response()
    }
}

/// The signed-in actor, allowed to do `action` for `provider_id`, within
/// their budget of member changes.
async fn allow(st: &AppState, headers: &HeaderMap, provider_id: i32, action: Action, limit: (&str, Limit)) -> Result<Account, Refusal> {
    let actor = crate::accounts::store::request_account(&st.db, headers).await?;
    check_for(&st.db, actor.as_ref(), provider_id, action).await?;
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    if !hit(&st.db, &format!("{}:{}", limit.0, actor.id), limit.1).await? {
        return Err(MemberError::RateLimited.into());
    }
    Ok(actor)
}

fn role(s: &str) -> Result<MemberRole, MemberError> {
    MemberRole::parse(s).ok_or(MemberError::Role)
}

#[derive(Deserialize)]
pub struct Invite {
    #[serde(default)]
    anbieter: i32,
    #[serde(default)]
    email: String,
    #[serde(default)]
    rolle: String,
}

/// `POST /mitglieder/einladen`: an owner invites someone by e-mail.
pub async fn invite(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<Invite>) -> Response {
    let back = dashboard(f.anbieter);
    let result = async {
        let actor = allow(&st, &headers, f.anbieter, Action::InviteMember, ("member:invite", INVITES_PER_ACCOUNT)).await?;
        let email = Email::parse(&f.email).map_err(|_| MemberError::Email)?;
        let role = role(&f.rolle)?;
        let provider = { use sea_orm::EntityTrait; crate::db::entities::provider::Entity::find_by_id(f.anbieter) }.one(&st.db).await?.ok_or(AppError::NotFound)?;
        let x = crate::i18n::from_headers(&headers).texts();
        let letter = |token: &str| {
            let link = format!("{}/einladung?token={token}", st.public_url);
            let role_label = if role == MemberRole::Owner { x.member_role_owner } else { x.member_role_member };
            let days = super::domain::INVITATION_DAYS.to_string();
            let body = crate::i18n::fill(x.member_invite_body, &[("name", &actor.display_name), ("provider", &provider.name), ("role", role_label), ("days", &days), ("link", &link)]);
            crate::server::outbox::Mail::new(email.as_str(), &crate::i18n::fill(x.member_invite_subject, &[("provider", &provider.name)]), body)
        };
        store::invite(&st.db, f.anbieter, email.as_str(), role, actor.id, letter).await?;
        Ok(done(&headers, f.anbieter, "eingeladen"))
    }
    .await;
    answer(&st, &headers, &back, result, &[("email", f.email.as_str())]).await
}

#[derive(Deserialize)]
pub struct Change {
    #[serde(default)]
    anbieter: i32,
    #[serde(default)]
    aktion: String,
    #[serde(default)]
    nutzer: i32,
    #[serde(default)]
    einladung: i32,
    #[serde(default)]
    rolle: String,
}

/// `POST /mitglieder/aendern`: `aktion` rolle (with `nutzer`, `rolle`),
/// entfernen (`nutzer`) or zurueckziehen (`einladung`).
pub async fn change(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<Change>) -> Response {
    let back = dashboard(f.anbieter);
    let result = async {
        let actor = allow(&st, &headers, f.anbieter, Action::ManageMembers, ("member:change", CHANGES_PER_ACCOUNT)).await?;
        match f.aktion.as_str() {
            "rolle" => store::change(&st.db, f.anbieter, f.nutzer, Some(role(&f.rolle)?), actor.id).await?,
            "entfernen" => store::change(&st.db, f.anbieter, f.nutzer, None, actor.id).await?,
            "zurueckziehen" => store::revoke(&st.db, f.anbieter, f.einladung, actor.id).await?,
            _ => return Err(AppError::invalid("aktion", "").into()),
        }
        Ok(done(&headers, f.anbieter, "gespeichert"))
    }
    .await;
    answer(&st, &headers, &back, result, &[]).await
}

#[derive(Deserialize)]
pub struct Accept {
    #[serde(default)]
    token: String,
}

/// `POST /einladung/annehmen`: the signed-in person joins the provider.
pub async fn accept(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<Accept>) -> Response {
    let back = format!("/einladung?token={}", encode(&f.token));
    let result = async {
        let who = crate::accounts::store::request_account(&st.db, &headers).await?.ok_or(AppError::Unauthenticated)?;
        let provider_id = store::accept(&st.db, &f.token, &who).await?;
        Ok(if wants_html(&headers) { see_other(dashboard(provider_id)) } else { (StatusCode::OK, provider_id.to_string()).into_response() })
    }
    .await;
    match result {
        Err(Refusal::Member(e)) if wants_html(&headers) => see_other(format!("{back}&fehler={}", e.code())),
        other => answer(&st, &headers, &back, other, &[]).await,
    }
}
