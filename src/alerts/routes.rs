//! The saved-search forms (post/redirect/get, without JavaScript) and the
//! token links of the mails: confirm a subscription, end one. Refused
//! fields come back through `server::flash`, never in the URL.
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::domain::{parse_name, Frequency, SaveError, SavedQuery, LIST, MAX_PER_PERSON};
use super::store::{self, Owner};
use crate::accounts::authz::{check, Action};
use crate::accounts::domain::Email;
use crate::app::state::AppState;
use crate::error::AppError;
use crate::offers::query::OfferFilter;
use crate::server::outbox::{self, Mail};
use crate::server::rate_limit::{hit, Limit};
use crate::server::reply::{see_other, text, wants_html};

const SUBSCRIPTIONS_PER_IP: Limit = Limit::per_minutes(10, 60);
const SAVES_PER_ACCOUNT: Limit = Limit::per_minutes(60, 60);

/// The list filter carried by the form as its query string.
pub fn filter_from(query: &str) -> Option<OfferFilter> {
    let uri: axum::http::Uri = format!("/?{}", query.trim_start_matches('?')).parse().ok()?;
    Query::<OfferFilter>::try_from_uri(&uri).ok().map(|q| q.0)
}

#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    filter: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    consent: Option<String>,
}

/// `POST /suchauftraege`: save the list's search, for the signed-in person
/// or, without an account, for an address that confirms by mail.
pub async fn save(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<SaveForm>) -> Response {
    let back = format!("{LIST}/neu?{}", f.filter.trim_start_matches('?'));
    let lang = crate::i18n::from_headers(&headers);
    let account = match crate::accounts::store::request_account(&st.db, &headers).await {
        Ok(a) => a,
        Err(e) => return crate::server::reply::app_error(&headers, &back, e.into()),
    };
    let result = async {
        let filter = filter_from(&f.filter).ok_or(SaveError::Filter)?;
        let query = SavedQuery::from_filter(&filter, &st.reference).map_err(|_| SaveError::Filter)?;
        // The default name names the provider; without the database it does not.
        let summary = match store::summary_of(&st.db, &query, &st.reference, lang).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "saved search: provider name not read");
                query.summary(&st.reference, lang, None)
            }
        };
        let name = parse_name(&f.name, &summary).map_err(|_| SaveError::Name)?;
        let frequency = Frequency::parse(&f.frequency).ok_or(SaveError::Frequency)?;
        Ok::<_, SaveError>((query, summary, name, frequency))
    }
    .await;
    let (query, summary, name, frequency) = match result {
        Ok(v) => v,
        Err(e) => return refused(&st, &headers, &back, e, &f).await,
    };
    match account {
        Some(a) => {
            if let Err(e) = check(Some(&a), None, Action::SaveSearch) {
                let code = if matches!(e, AppError::Invalid { .. }) { SaveError::Unverified } else { return crate::server::reply::app_error(&headers, &back, e) };
                return refused(&st, &headers, &back, code, &f).await;
            }
            let owner = Owner::User(a.id);
            let within = async {
                Ok::<_, sea_orm::DbErr>(hit(&st.db, &format!("alerts:save:{}", a.id), SAVES_PER_ACCOUNT).await? && store::count_of(&st.db, &owner).await? < MAX_PER_PERSON)
            }
            .await;
            match within {
                Ok(true) => {}
                Ok(false) => return refused(&st, &headers, &back, SaveError::TooMany, &f).await,
                Err(e) => return crate::server::reply::app_error(&headers, &back, e.into()),
            }
            match store::create(&st.db, &owner, &name, &query, frequency, lang).await {
                Ok(s) => done(&headers, format!("{LIST}?hinweis=gespeichert#suchauftrag-{}", s.id)),
                Err(e) => crate::server::reply::app_error(&headers, &back, e.into()),
            }
        }
        None => {
            let Ok(email) = Email::parse(&f.email) else { return refused(&st, &headers, &back, SaveError::Email, &f).await };
            if f.consent.is_none() {
                return refused(&st, &headers, &back, SaveError::Consent, &f).await;
            }
            let ip = crate::accounts::routes::client_ip(&st, peer, &headers);
            match hit(&st.db, &format!("alerts:subscribe:{ip}"), SUBSCRIPTIONS_PER_IP).await {
                Ok(true) => {}
                Ok(false) => return refused(&st, &headers, &back, SaveError::RateLimited, &f).await,
                Err(e) => return crate::server::reply::app_error(&headers, &back, e.into()),
            }
            // The same answer whatever the address: whether it has an
            // account or other subscriptions is nobody's business here.
            if let Err(e) = subscribe(&st, &email, &name, &query, &summary, frequency, lang).await {
                return crate::server::reply::app_error(&headers, &back, e.into());
            }
            done(&headers, format!("{back}&hinweis=bestaetigen"))
        }
    }
}

/// Stores an address's subscription unconfirmed and queues the
/// confirmation mail with it (no advertising in it, only the link).
async fn subscribe(st: &AppState, email: &Email, name: &str, query: &SavedQuery, summary: &str, frequency: Frequency, lang: crate::i18n::Locale) -> Result<(), sea_orm::DbErr> {
    let owner = Owner::Email(email.as_str().to_owned());
    let txn = crate::db::begin_write(&st.db).await?;
    if store::count_of(&txn, &owner).await? >= MAX_PER_PERSON {
        txn.rollback().await?;
        return Ok(());
    }
    let s = store::create(&txn, &owner, name, query, frequency, lang).await?;
    let x = lang.texts();
    let link = format!("{}/suchauftrag/bestaetigen?token={}", st.public_url.trim_end_matches('/'), s.manage_token);
    let days = super::domain::UNCONFIRMED_DAYS.to_string();
    let body = crate::i18n::fill(x.alerts_confirm_body, &[("name", name), ("summary", summary), ("link", &link), ("days", &days)]);
    outbox::enqueue(&txn, &Mail::new(email.as_str(), x.alerts_confirm_subject, body)).await?;
    txn.commit().await?;
    outbox::queued();
    Ok(())
}

async fn refused(st: &AppState, headers: &HeaderMap, back: &str, e: SaveError, f: &SaveForm) -> Response {
    if !wants_html(headers) {
        let status = match e {
            SaveError::Unverified => 403,
            SaveError::TooMany | SaveError::RateLimited => 429,
            _ => 422,
        };
        return text(status, format!("{}: {}", crate::i18n::from_headers(headers).texts().error_bad_request, e.code()));
    }
    let keep = [("name", f.name.as_str()), ("email", f.email.as_str()), ("frequency", f.frequency.as_str())];
    crate::server::flash::see_other_keeping(&st.db, format!("{back}&fehler={}#suchauftrag", e.code()), &keep).await
}

fn done(headers: &HeaderMap, location: String) -> Response {
    if wants_html(headers) {
        see_other(location)
    } else {
        StatusCode::NO_CONTENT.into_response()
    }
}

/// The signed-in person, for the forms of their own list.
async fn owner(st: &AppState, headers: &HeaderMap) -> Result<crate::accounts::domain::Account, Response> {
    let a = crate::accounts::store::request_account(&st.db, headers).await.map_err(|e| crate::server::reply::app_error(headers, LIST, e.into()))?;
    match a {
        Some(a) => Ok(a),
        None => Err(crate::server::reply::app_error(headers, LIST, AppError::Unauthenticated)),
    }
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    frequency: String,
}

/// `POST /suchauftraege/{id}/aendern`: name and frequency.
pub async fn update(State(st): State<AppState>, Path(id): Path<i32>, headers: HeaderMap, Form(f): Form<UpdateForm>) -> Response {
    let a = match owner(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (Ok(name), Some(frequency)) = (parse_name(&f.name, ""), Frequency::parse(&f.frequency)) else {
        return if wants_html(&headers) { see_other(format!("{LIST}?fehler=aendern#suchauftrag-{id}")) } else { text(422, crate::i18n::from_headers(&headers).texts().alerts_error_name.to_owned()) };
    };
    if name.is_empty() {
        return see_other(format!("{LIST}?fehler=aendern#suchauftrag-{id}"));
    }
    match store::update(&st.db, a.id, id, &name, frequency).await {
        Ok(true) => done(&headers, format!("{LIST}?hinweis=geaendert#suchauftrag-{id}")),
        Ok(false) => crate::server::reply::app_error(&headers, LIST, AppError::NotFound),
        Err(e) => crate::server::reply::app_error(&headers, LIST, e.into()),
    }
}

/// `POST /suchauftraege/{id}/loeschen`
pub async fn delete(State(st): State<AppState>, Path(id): Path<i32>, headers: HeaderMap) -> Response {
    let a = match owner(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match store::delete_owned(&st.db, a.id, id).await {
        Ok(true) => done(&headers, format!("{LIST}?hinweis=geloescht")),
        Ok(false) => crate::server::reply::app_error(&headers, LIST, AppError::NotFound),
        Err(e) => crate::server::reply::app_error(&headers, LIST, e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

/// `POST /suchauftrag/bestaetigen`: the address confirms (double opt-in).
/// A GET of the mailed link only shows the button, so a mail scanner
/// following links confirms nothing.
pub async fn confirm(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<TokenForm>) -> Response {
    match store::confirm(&st.db, f.token.trim()).await {
        Ok(Some(_)) => done(&headers, "/suchauftrag/bestaetigen?hinweis=bestaetigt".to_owned()),
        Ok(None) => done(&headers, "/suchauftrag/bestaetigen?fehler=unbekannt".to_owned()),
        Err(e) => crate::server::reply::app_error(&headers, "/suchauftrag/bestaetigen", e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// `POST /suchauftrag/abbestellen?token=…`: ends that one saved search, with
/// no session and no cookie — the mail's `List-Unsubscribe-Post` one-click
/// (RFC 8058, body `List-Unsubscribe=One-Click`) or the page's button (the
/// token in the form). A GET only shows the button.
pub async fn unsubscribe(State(st): State<AppState>, headers: HeaderMap, Query(q): Query<TokenQuery>, body: axum::body::Bytes) -> Response {
    let from_form = axum::http::Uri::try_from(format!("/?{}", String::from_utf8_lossy(&body)))
        .ok()
        .and_then(|u| Query::<TokenQuery>::try_from_uri(&u).ok())
        .map(|q| q.0.token)
        .unwrap_or_default();
    let token = if q.token.trim().is_empty() { from_form } else { q.token };
    match store::unsubscribe(&st.db, token.trim()).await {
        Ok(found) if wants_html(&headers) => see_other(format!("/suchauftrag/abbestellen?hinweis={}", if found { "abbestellt" } else { "unbekannt" })),
        Ok(true) => text(200, crate::i18n::from_headers(&headers).texts().alerts_unsubscribed.to_owned()),
        Ok(false) => text(404, crate::i18n::from_headers(&headers).texts().alerts_unknown_link.to_owned()),
        Err(e) => crate::server::reply::app_error(&headers, "/suchauftrag/abbestellen", e.into()),
    }
}

/// `GET /suchauftraege/feed/{token}`: the saved search's Atom feed, its
/// hits newest first; the token in the address is the key.
pub async fn feed(State(st): State<AppState>, Path(token): Path<String>) -> Response {
    let token = token.trim_end_matches(".xml");
    let s = match store::by_feed_token(&st.db, token).await {
        Ok(Some(s)) => s,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let hits = match store::hits(&st.db, s.id, 50).await {
        Ok(h) => h,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let ids: Vec<i32> = hits.iter().map(|h| h.offer_id).collect();
    let cards = match crate::offers::store::published_cards(&st.db, &st.reference, &ids).await {
        Ok(c) => c,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let filter = store::query_of(&s).to_filter(&st.reference);
    let base = st.public_url.trim_end_matches('/');
    let body = crate::offers::feed::atom(base, &filter, &cards).replace(
        &format!("{base}/angebote/feed.xml{}", encode_attr(&filter.to_query(None))),
        &format!("{base}/suchauftraege/feed/{}", s.feed_token),
    );
    ([(axum::http::header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (axum::http::header::CACHE_CONTROL, "private, no-store")], body).into_response()
}

/// As `offers::feed` escapes an attribute.
fn encode_attr(s: &str) -> String {
    s.replace('&', "&amp;")
}

/// `POST /suchauftraege/{id}/gesehen`: the hits so far are marked seen.
pub async fn mark_seen(State(st): State<AppState>, Path(id): Path<i32>, headers: HeaderMap) -> Response {
    let a = match owner(&st, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let result = async {
        let s = store::owned(&st.db, a.id, id).await?.ok_or(AppError::NotFound)?;
        store::mark_seen(&st.db, s.id).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match result {
        Ok(()) => done(&headers, format!("{}?hinweis=gesehen", super::search_path(id))),
        Err(e) => crate::server::reply::app_error(&headers, LIST, e),
    }
}
