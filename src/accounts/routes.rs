//! The account forms' POST handlers (and the verification link). Plain HTML
//! form posts answered with a redirect (post/redirect/get): they work without
//! JavaScript, a reload never re-submits, and the page after the redirect
//! renders the header with the new sign-in state. Errors travel back as a
//! code plus the harmless fields typed so far — never the password.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::{DisplayName, Email, FormError, NewPassword, Role};
use super::store::{self, TokenPurpose};
use super::{password, session};
use crate::common::url_key::encode;
use crate::i18n::switch::safe_return_path;
use crate::server::outbox::{self, Mail};
use crate::server::rate_limit::{hit, undo, Limit};
use crate::app::state::AppState;

const LOGIN_PER_IP: Limit = Limit::per_minutes(30, 15);
const LOGIN_PER_ACCOUNT: Limit = Limit::per_minutes(8, 15);
const SIGNUP_PER_ACCOUNT: Limit = Limit::per_minutes(3, 60);
const RESET_PER_IP: Limit = Limit::per_minutes(10, 60);
const RESET_PER_ACCOUNT: Limit = Limit::per_minutes(3, 60);

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_owned())]).into_response()
}

/// Back to the form with the error's code; what was typed is kept
/// server-side (`server::flash`), and only the return path (no personal
/// data) travels in the URL.
async fn back(st: &AppState, path: &str, err: FormError, keep: &[(&str, &str)]) -> Response {
    let mut q = format!("{path}?fehler={}", err.code());
    for (k, v) in keep.iter().filter(|(k, v)| *k == "zurueck" && !v.is_empty()) {
        q.push_str(&format!("&{k}={}", encode(v)));
    }
    let in_flash: Vec<(&str, &str)> = keep.iter().copied().filter(|(k, _)| *k != "zurueck").collect();
    crate::server::flash::see_other_keeping(&st.db, q, &in_flash).await
}

/// The client's address as a rate-limit bucket (the peer, or with
/// `SCD_TRUST_PROXY=1` the address the proxy in front reports): an IPv4 address, or the
/// /64 network of an IPv6 address (one household or host holds a whole
/// /64, so counting single addresses would let it rotate past every limit).
pub fn client_ip(st: &AppState, peer: SocketAddr, headers: &HeaderMap) -> String {
    let forwarded = st
        .trust_proxy
        .then(|| headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_owned());
    ip_bucket(&forwarded.unwrap_or_else(|| peer.ip().to_string()))
}

/// `2001:db8:1:2:aa::1` → `2001:db8:1:2::/64`; IPv4 (also IPv4-mapped) and
/// anything unparsable unchanged.
pub fn ip_bucket(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{}/64", std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

fn internal(e: impl std::fmt::Display) -> FormError {
    tracing::error!(error = %e, "account form");
    FormError::Internal
}

#[cfg(test)]
mod tests {
    #[test]
    fn ipv6_addresses_count_by_their_64() {
        use super::ip_bucket;
        assert_eq!(ip_bucket("2001:db8:1:2:aaaa:bbbb:cccc:1"), "2001:db8:1:2::/64");
        assert_eq!(ip_bucket("2001:db8:1:2::ffff"), ip_bucket("2001:db8:1:2:ffff::"));
        assert_ne!(ip_bucket("2001:db8:1:2::1"), ip_bucket("2001:db8:1:3::1"));
        assert_eq!(ip_bucket("203.0.113.7"), "203.0.113.7");
        assert_eq!(ip_bucket("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(ip_bucket("unknown"), "unknown");
    }
}

#[derive(Deserialize)]
pub struct SignUp {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

pub async fn sign_up(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<SignUp>) -> Response {
    let keep = [("name", f.name.as_str()), ("email", f.email.as_str())];
    match try_sign_up(&st, &client_ip(&st, peer, &headers), &f, crate::i18n::from_headers(&headers)).await {
        Ok(()) => see_other("/anmelden?hinweis=registriert"),
        Err(e) => back(&st, "/registrieren", e, &keep).await,
    }
}

async fn try_sign_up(st: &AppState, ip: &str, f: &SignUp, lang: crate::i18n::Locale) -> Result<(), FormError> {
    let name = DisplayName::parse(&f.name)?;
    let email = Email::parse(&f.email)?;
    let pw = NewPassword::parse(&f.password, &f.password_repeat, Some(&email))?;
    if !hit(&st.db, &format!("signup:ip:{ip}"), Limit::per_minutes(st.signups_per_ip_hour, 60)).await.map_err(internal)? {
        return Err(FormError::RateLimited);
    }
    let x = lang.texts();
    // The same answer whether or not the address has an account (its owner
    // learns of the attempt by mail instead): the password is hashed on both
    // paths, and no path waits for the mail. Over the per-address budget the
    // answer stays the same and nothing is sent (no flooding an inbox).
    let hash = password::hash(&pw).await.map_err(internal)?;
    if !hit(&st.db, &format!("signup:account:{}", email.as_str()), SIGNUP_PER_ACCOUNT).await.map_err(internal)? {
        return Ok(());
    }
    if store::by_email(&st.db, &email).await.map_err(internal)?.is_some() {
        let link = format!("{}/passwort-vergessen", st.public_url);
        let mail = Mail::new(email.as_str(), x.mail_exists_subject, x.mail_exists_body.replace("{link}", &link));
        outbox::send(&st.db, &mail).await.map_err(internal)?;
        return Ok(());
    }
    // The account, its token and its mail commit together: no account
    // waits for a link that was never queued.
    let txn = crate::db::begin_write(&st.db).await.map_err(internal)?;
    let user = match store::create_user(&txn, &name, &email, hash, Role::Resident, false).await {
        Ok(u) => u,
        Err(e) => {
            txn.rollback().await.map_err(internal)?;
            // A simultaneous sign-up with the same address won the unique key.
            if store::by_email(&st.db, &email).await.ok().flatten().is_some() {
                tracing::info!(error = %e, "sign-up raced another with the same address");
                return Ok(());
            }
            return Err(internal(e));
        }
    };
    let token = store::create_token(&txn, user.id, TokenPurpose::Verify).await.map_err(internal)?;
    let link = format!("{}/konto/bestaetigen?token={token}", st.public_url);
    let mail = Mail::new(email.as_str(), x.mail_verify_subject, crate::i18n::fill(x.mail_verify_body, &[("name", name.as_str()), ("link", &link)]));
    outbox::enqueue(&txn, &mail).await.map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    outbox::queued();
    Ok(())
}

#[derive(Deserialize)]
pub struct LogIn {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    zurueck: Option<String>,
}

pub async fn log_in(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<LogIn>) -> Response {
    // Without a page to return to, the account page.
    let target = match f.zurueck.as_deref().filter(|z| !z.is_empty()) {
        Some(z) => safe_return_path(Some(z)).to_owned(),
        None => "/konto".to_owned(),
    };
    let ip = client_ip(&st, peer, &headers);
    match try_log_in(&st, &ip, &f).await {
        Ok(token) => {
            let cookie = session::set_cookie(&token, session::is_tls(&st.public_url, &headers));
            (StatusCode::SEE_OTHER, [(header::LOCATION, target), (header::SET_COOKIE, cookie)]).into_response()
        }
        Err(e) => back(&st, "/anmelden", e, &[("email", f.email.as_str()), ("zurueck", f.zurueck.as_deref().unwrap_or_default())]).await,
    }
}

async fn try_log_in(st: &AppState, ip: &str, f: &LogIn) -> Result<String, FormError> {
    if !hit(&st.db, &format!("login:ip:{ip}"), LOGIN_PER_IP).await.map_err(internal)? {
        return Err(FormError::RateLimited);
    }
    let email = Email::parse(&f.email).map_err(|_| FormError::Credentials)?;
    // Only failed attempts count per address (whether or not it has an
    // account, so the limit reveals nothing): each attempt is counted before
    // the password is checked — so parallel guesses cannot slip past the
    // count — and taken back when it succeeds, so a person signing in right
    // never uses the budget up. Every attempt counts against the client
    // above.
    let account = format!("login:account:{}", email.as_str());
    if !hit(&st.db, &account, LOGIN_PER_ACCOUNT).await.map_err(internal)? {
        return Err(FormError::RateLimited);
    }
    let user = store::by_email(&st.db, &email).await.map_err(internal)?;
    let ok = password::verify(&f.password, user.as_ref().and_then(|u| u.password_hash.as_deref())).await;
    match user {
        Some(u) if ok => {
            undo(&st.db, &account).await.map_err(internal)?;
            // Told only to whoever knows the password.
            if u.locked_at.is_some() {
                return Err(FormError::Locked);
            }
            store::create_session(&st.db, u.id).await.map_err(internal)
        }
        _ => Err(FormError::Credentials),
    }
}

pub async fn log_out(State(st): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session::token_from(&headers) {
        if let Err(e) = store::end_session(&st.db, &token).await {
            tracing::error!(error = %e, "ending a session");
        }
    }
    let cookie = session::clear_cookie(session::is_tls(&st.public_url, &headers));
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/".to_owned()), (header::SET_COOKIE, cookie)]).into_response()
}

#[derive(Deserialize)]
pub struct Forgot {
    #[serde(default)]
    email: String,
}

pub async fn forgot(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<Forgot>) -> Response {
    let ip = client_ip(&st, peer, &headers);
    match try_forgot(&st, &ip, &f, crate::i18n::from_headers(&headers)).await {
        Ok(()) => see_other("/anmelden?hinweis=reset_gesendet"),
        Err(e) => back(&st, "/passwort-vergessen", e, &[("email", f.email.as_str())]).await,
    }
}

async fn try_forgot(st: &AppState, ip: &str, f: &Forgot, lang: crate::i18n::Locale) -> Result<(), FormError> {
    let email = Email::parse(&f.email)?;
    if !hit(&st.db, &format!("reset:ip:{ip}"), RESET_PER_IP).await.map_err(internal)? {
        return Err(FormError::RateLimited);
    }
    // Over the per-address budget the answer stays the same; no more mail.
    if !hit(&st.db, &format!("reset:account:{}", email.as_str()), RESET_PER_ACCOUNT).await.map_err(internal)? {
        return Ok(());
    }
    // The lookup, the token and the queued mail happen after the answer, so
    // known and unknown addresses get it after the same work.
    let (db, public_url) = (st.db.clone(), st.public_url.clone());
    tokio::spawn(async move {
        let sent = async {
            if let Some(user) = store::by_email(&db, &email).await?.filter(|u| !u.is_demo) {
                let txn = crate::db::begin_write(&db).await?;
                let token = store::create_token(&txn, user.id, TokenPurpose::Reset).await?;
                let link = format!("{public_url}/passwort-neu?token={token}");
                let x = lang.texts();
                let mail = Mail::new(email.as_str(), x.mail_reset_subject, crate::i18n::fill(x.mail_reset_body, &[("name", &user.display_name), ("link", &link)]));
                outbox::enqueue(&txn, &mail).await?;
                txn.commit().await?;
                outbox::queued();
            }
            Ok::<(), sea_orm::DbErr>(())
        };
        if let Err(e) = sent.await {
            tracing::error!(error = %e, "password reset");
        }
    });
    Ok(())
}

#[derive(Deserialize)]
pub struct Reset {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

pub async fn reset(State(st): State<AppState>, Form(f): Form<Reset>) -> Response {
    let pw = match NewPassword::parse(&f.password, &f.password_repeat, None) {
        Ok(pw) => pw,
        Err(e) => return back(&st, "/passwort-neu", e, &[("token", f.token.as_str())]).await,
    };
    let result = async {
        let user_id = store::take_token(&st.db, &f.token, TokenPurpose::Reset).await.map_err(internal)?.ok_or(FormError::Token)?;
        let hash = password::hash(&pw).await.map_err(internal)?;
        store::set_password(&st.db, user_id, hash).await.map_err(internal)?;
        store::void_tokens(&st.db, user_id, TokenPurpose::Reset).await.map_err(internal)?;
        // The link came through the mailbox: that proves the address too.
        store::mark_verified(&st.db, user_id).await.map_err(internal)?;
        store::end_all_sessions(&st.db, user_id).await.map_err(internal)
    }
    .await;
    match result {
        Ok(()) => see_other("/anmelden?hinweis=passwort_neu"),
        Err(FormError::Token) => back(&st, "/passwort-vergessen", FormError::Token, &[]).await,
        Err(e) => back(&st, "/passwort-neu", e, &[("token", f.token.as_str())]).await,
    }
}

#[derive(Deserialize)]
pub struct Verify {
    token: Option<String>,
}

pub async fn verify(State(st): State<AppState>, Query(q): Query<Verify>) -> Response {
    let taken = match q.token.as_deref() {
        Some(t) => store::take_token(&st.db, t, TokenPurpose::Verify).await,
        None => Ok(None),
    };
    match taken {
        Ok(Some(user_id)) => match store::mark_verified(&st.db, user_id).await {
            Ok(()) => see_other("/anmelden?hinweis=bestaetigt"),
            Err(e) => back(&st, "/anmelden", internal(e), &[]).await,
        },
        Ok(None) => back(&st, "/anmelden", FormError::Token, &[]).await,
        Err(e) => back(&st, "/anmelden", internal(e), &[]).await,
    }
}
