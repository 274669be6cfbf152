//! The server side of `common::flash`: a refused form post's fields stored
//! under a random key (its SHA-256 in `form_flash`, the fields encrypted
//! with the key itself), and the middleware that takes them for the page
//! the browser is sent back to. The cookie is not marked `Secure`: it is a
//! one-time key to ten minutes of form input, and sites served over TLS
//! send HSTS, so browsers do not make plain requests to them.
use std::collections::HashMap;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use crate::db::stmt;

use super::rate_limit::{self, Limit};
use super::token::{cookie, hash_token, new_token};
use crate::common::flash::{Kept, COOKIE};

/// Long enough to sign in first and come back to the form.
const KEEP_MINUTES: i64 = 10;

/// Refused posts one client may have fields kept for per window: plenty
/// for a person correcting a form, a bound on what a script can make us
/// store (at most 50 KB each); past it a refusal keeps nothing.
const PER_CLIENT: Limit = Limit::per_minutes(60, KEEP_MINUTES);

tokio::task_local! {
    /// The rate-limit bucket of the client whose post is being answered,
    /// set by the router around every write (`app::router`).
    pub static CLIENT: String;
}


/// The path part of a location, without query or fragment.
fn cookie_path(location: &str) -> &str {
    let p = location.split(['?', '#']).next().unwrap_or("/");
    if p.starts_with('/') && !p.contains([';', ',', ' ']) { p } else { "/" }
}

/// Characters kept per field and fields per form: enough for every form's
/// longest field and for the request-for-quotes form, whose category
/// questions come on top of its own (up to about 20 filled), and a bound on
/// what an anonymous post can make us store (the body limit, 256 KB, is
/// the other).
const FIELD_CHARS: usize = 5000;
const FIELDS: usize = 30;
/// … and all of them together: what one refused post may make us store.
const TOTAL_CHARS: usize = 50_000;

/// XORs `data` with a keystream of SHA-256 blocks keyed by the cookie's
/// token (counter mode). The row is stored encrypted under a key only the
/// browser holds (the table has only the token's hash), so a copy of the
/// database does not show the reset token or customer code it may keep.
fn crypt(token: &str, data: &mut [u8]) {
    use sha2::{Digest, Sha256};
    for (i, chunk) in data.chunks_mut(32).enumerate() {
        let block = Sha256::new().chain_update(b"scd-form-flash:").chain_update(token.as_bytes()).chain_update((i as u64).to_be_bytes()).finalize();
        for (b, k) in chunk.iter_mut().zip(block.iter()) {
            *b ^= k;
        }
    }
}

/// Stores `fields` (empty ones left out) for the page at `location`; the
/// `Set-Cookie` value with the key, or None when there is nothing to keep.
pub async fn store(db: &DatabaseConnection, location: &str, fields: &[(&str, &str)]) -> Result<Option<String>, DbErr> {
    use base64::Engine;
    let mut total = 0;
    let map: HashMap<&str, String> = fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .take(FIELDS)
        .map(|(k, v)| (*k, v.chars().take(FIELD_CHARS).collect::<String>()))
        .take_while(|(_, v)| {
            total += v.chars().count();
            total <= TOTAL_CHARS
        })
        .collect();
    if map.is_empty() {
        return Ok(None);
    }
    if let Ok(client) = CLIENT.try_with(Clone::clone) {
        if !rate_limit::hit(db, &format!("flash:{client}"), PER_CLIENT).await? {
            return Ok(None);
        }
    }
    let (token, hash) = new_token();
    let mut bytes = serde_json::to_vec(&map).map_err(|e| DbErr::Custom(e.to_string()))?;
    crypt(&token, &mut bytes);
    let sealed = base64::engine::general_purpose::STANDARD.encode(bytes);
    let expires = Utc::now() + Duration::minutes(KEEP_MINUTES);
    db.execute_raw(stmt(db, "INSERT INTO form_flash (id_hash, fields, expires_at) VALUES (?, ?, ?)", vec![hash.into(), sealed.into(), expires.into()])).await?;
    Ok(Some(format!("{COOKIE}={token}; Path={}; Max-Age={}; HttpOnly; SameSite=Strict", cookie_path(location), KEEP_MINUTES * 60)))
}

/// Takes the fields stored under `token`: one statement deletes the row
/// and returns it, so two requests at once cannot both read it.
async fn take(db: &DatabaseConnection, token: &str) -> Result<Option<HashMap<String, String>>, DbErr> {
    use base64::Engine;
    // An expired row is left to `prune`.
    let sql = "DELETE FROM form_flash WHERE id_hash = ? AND expires_at > ? RETURNING fields";
    let row = db.query_one_raw(stmt(db, sql, vec![hash_token(token).into(), Utc::now().into()])).await?;
    let Some(row) = row else { return Ok(None) };
    let sealed: String = row.try_get("", "fields")?;
    let Ok(mut bytes) = base64::engine::general_purpose::STANDARD.decode(sealed) else { return Ok(None) };
    crypt(token, &mut bytes);
    Ok(serde_json::from_slice(&bytes).ok())
}

/// Deletes rows nobody came back for.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    Ok(db.execute_raw(stmt(db, "DELETE FROM form_flash WHERE expires_at <= ?", vec![Utc::now().into()])).await?.rows_affected())
}


/// For a page request that brings a key: the kept fields go into the
/// request's extensions (where `common::flash::kept` finds them), the row
/// and the cookie go, and the answer is stored by no cache.
pub async fn take_for_page(State(db): State<DatabaseConnection>, mut req: Request, next: Next) -> Response {
    let token = (req.method() == Method::GET).then(|| cookie(req.headers(), COOKIE)).flatten();
    let Some(token) = token else { return next.run(req).await };
    let path = req.uri().path().to_owned();
    match take(&db, &token).await {
        Ok(Some(fields)) => {
            req.extensions_mut().insert(Kept(fields));
        }
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, "reading kept form fields"),
    }
    let mut resp = next.run(req).await;
    let clear = format!("{COOKIE}=; Path={}; Max-Age=0; HttpOnly; SameSite=Strict", cookie_path(&path));
    if let Ok(v) = HeaderValue::from_str(&clear) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    resp
}

/// 303 to `location` (which carries only codes), keeping `fields` for the
/// page. If they cannot be stored, the page shows the error without them.
pub async fn see_other_keeping(db: &DatabaseConnection, location: String, fields: &[(&str, &str)]) -> Response {
    let mut resp = (axum::http::StatusCode::SEE_OTHER, [(header::LOCATION, location.clone())]).into_response();
    match store(db, &location, fields).await {
        Ok(Some(cookie)) => {
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, "keeping form fields"),
    }
    resp
}
