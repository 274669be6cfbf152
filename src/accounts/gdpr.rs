//! The rights of the people in the data (DSGVO Art. 15, 17, 20): download
//! everything held about oneself as JSON, and delete the account.
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{password, session, store};
use crate::db::entities::{app_user, audit_log, customer_code, notification, openimmo_import_run, photo, provider, provider_invitation as invitation, provider_member, report, resident_verification, review, review_reply, review_vote, session as sessions};
use crate::app::state::AppState;

/// Every table, and what it holds of a person: the key of the export that
/// covers it (or why none does) and the columns that tie a row to an
/// account, which deletion must leave pointing at nobody. `tests/dashboard.rs`
/// fails when a table is missing here, when an export key is missing from
/// the export, or when a column still names a deleted account.
pub const PERSONAL_TABLES: &[(&str, &str, &[&str])] = &[
    ("app_user", "account", &["id"]),
    ("account_token", "(secret tokens, stored hashed; deleted with the account)", &["user_id"]),
    ("session", "sessions", &["user_id"]),
    ("audit_log", "actions", &["actor_id"]),
    ("city_service_rating", "city_service_ratings", &["user_id"]),
    ("contact_message", "contact_requests", &["sender_user_id"]),
    ("customer_code", "customer_codes_created", &["created_by"]),
    ("notification", "notifications", &["user_id"]),
    ("openimmo_import_run", "import_runs", &["actor_id"]),
    ("photo", "photos_uploaded", &["uploaded_by"]),
    ("provider", "providers_created", &[]),
    ("provider_invitation", "invitations_sent", &["invited_by", "accepted_by"]),
    ("provider_member", "provider_memberships", &["user_id"]),
    ("recommendation", "recommendations", &["author_id"]),
    ("recommendation_second", "recommendations", &["user_id"]),
    ("unlisted_claim", "recommendations", &["claimant_id", "decided_by"]),
    ("unlisted_provider", "recommendations", &["created_by"]),
    ("report", "reports", &["reporter_id", "decided_by"]),
    ("resident_verification", "resident_verification", &["user_id", "verified_by"]),
    ("review", "reviews", &["author_id"]),
    ("review_reply", "review_replies", &["author_id"]),
    ("review_vote", "helpful_votes", &["user_id"]),
    ("search_synonyms", "actions", &["updated_by"]),
    ("saved_search", "saved_searches", &["user_id"]),
    ("saved_search_hit", "saved_searches", &[]),
    ("favourite", "favourites", &["user_id"]),
    ("outbox", "mail_queued", &[]),
    ("quote_request", "quote_requests", &["user_id"]),
    ("quote_request_invite", "quote_requests", &[]),
    ("quote", "quote_requests", &["author_id"]),
    ("quote_message", "quote_requests", &["author_id"]),
    ("quote_notice", "provider_memberships", &["user_id"]),
    ("quote_request_photo", "quote_requests", &[]),
    ("quote_request_photo_variant", "quote_requests", &[]),
    ("quote_file", "quote_requests", &["author_id"]),
];

/// Tables that hold nothing about a person (the search index's shadow
/// tables on SQLite are `offer_search_*`; `startup_lock` is SQLite's only).
/// `rate_limit` keys are hashes of addresses keyed with the installation's
/// secret (`server_secret`), kept at most a day; `search_miss` holds query
/// words only; `form_flash` holds what a refused form post typed, linked to
/// no account and deleted when its page is shown or after ten minutes.
pub const IMPERSONAL_TABLES: &[&str] = &[
    "category", "change_log", "offer_alert_state", "form_flash", "city_service", "housing_project", "offer", "offer_district", "offer_search",
    "openimmo_image", "openimmo_listing", "photo_variant", "provider_category", "provider_district", "provider_rating", "rate_limit",
    "rating_total", "search_index_state", "search_miss", "seaql_migrations", "server_secret", "stadtbezirk", "stadtteil", "startup_lock",
];

/// Everything stored about one person, as JSON.
pub async fn export<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Option<Value>, DbErr> {
    let Some(u) = app_user::Entity::find_by_id(user_id).one(db).await? else { return Ok(None) };
    let reviews = review::Entity::find().filter(review::Column::AuthorId.eq(user_id)).order_by_asc(review::Column::Id).all(db).await?;
    let memberships = provider_member::Entity::find().filter(provider_member::Column::UserId.eq(user_id)).all(db).await?;
    let provider_names: Vec<(i32, String)> = provider::Entity::find()
        .filter(provider::Column::Id.is_in(memberships.iter().map(|m| m.provider_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let notices = crate::db::entities::quote_notice::Entity::find().filter(crate::db::entities::quote_notice::Column::UserId.eq(user_id)).all(db).await?;
    let live_sessions = sessions::Entity::find().filter(sessions::Column::UserId.eq(user_id)).all(db).await?;
    let service_ratings = crate::services::store::ratings_by_user(db, user_id).await?;
    let votes = review_vote::Entity::find().filter(review_vote::Column::UserId.eq(user_id)).all(db).await?;
    let replies = review_reply::Entity::find().filter(review_reply::Column::AuthorId.eq(user_id)).order_by_asc(review_reply::Column::Id).all(db).await?;
    let notifications = notification::Entity::find().filter(notification::Column::UserId.eq(user_id)).order_by_asc(notification::Column::Id).all(db).await?;
    let reports = report::Entity::find().filter(report::Column::ReporterId.eq(user_id)).order_by_asc(report::Column::Id).all(db).await?;
    let residence = resident_verification::Entity::find_by_id(user_id).one(db).await?;
    let actions = audit_log::Entity::find().filter(audit_log::Column::ActorId.eq(user_id)).order_by_asc(audit_log::Column::Id).all(db).await?;
    let photos = photo::Entity::find().filter(photo::Column::UploadedBy.eq(user_id)).order_by_asc(photo::Column::Id).all(db).await?;
    let sent = invitation::Entity::find().filter(invitation::Column::InvitedBy.eq(user_id)).order_by_asc(invitation::Column::Id).all(db).await?;
    let received = invitation::Entity::find().filter(invitation::Column::Email.eq(u.email.clone())).order_by_asc(invitation::Column::Id).all(db).await?;
    let codes = customer_code::Entity::find().filter(customer_code::Column::CreatedBy.eq(user_id)).order_by_asc(customer_code::Column::Id).all(db).await?;
    let runs = openimmo_import_run::Entity::find().filter(openimmo_import_run::Column::ActorId.eq(user_id)).order_by_asc(openimmo_import_run::Column::Id).all(db).await?;
    let created: Vec<i32> = actions.iter().filter(|a| a.action == "provider.create").map(|a| a.entity_id).collect();
    let firms = provider::Entity::find().filter(provider::Column::Id.is_in(created)).order_by_asc(provider::Column::Id).all(db).await?;
    let invitation_json = |i: &invitation::Model| json!({
        "provider_id": i.provider_id, "email": i.email, "role": i.role, "created_at": i.created_at, "expires_at": i.expires_at,
        "accepted_at": i.accepted_at, "revoked_at": i.revoked_at,
    });
    Ok(Some(json!({
        "account": {
            "id": u.id, "display_name": u.display_name, "email": u.email, "role": u.role,
            "email_verified_at": u.email_verified_at, "created_at": u.created_at,
            "password": "stored only as an Argon2id hash, not included",
        },
        "sessions": live_sessions.iter().map(|s| json!({"created_at": s.created_at, "last_seen_at": s.last_seen_at, "expires_at": s.expires_at})).collect::<Vec<_>>(),
        "provider_memberships": memberships.iter().map(|m| json!({
            "provider_id": m.provider_id,
            "provider": provider_names.iter().find(|(id, _)| *id == m.provider_id).map(|(_, n)| n.clone()),
            "role": m.role, "since": m.created_at,
            "new_requests_by_mail": if notices.iter().any(|n| n.provider_id == m.provider_id && n.daily) { "daily" } else { "at once" },
        })).collect::<Vec<_>>(),
        "reviews": reviews.iter().map(|r| json!({
            "id": r.id, "provider_id": r.provider_id, "offer_id": r.offer_id, "stars": r.stars, "title": r.title,
            "text": r.body, "provenance": r.provenance, "status": r.status, "created_at": r.created_at, "updated_at": r.updated_at,
            "experience_month": r.experience_month, "helpful_votes": r.helpful_count, "moderation_reason": r.moderation_reason,
        })).collect::<Vec<_>>(),
        "city_service_ratings": service_ratings.iter().map(|(slug, r)| json!({
            "service": slug, "stars": r.stars, "outcome": r.outcome, "tip": r.tip, "created_at": r.created_at, "updated_at": r.updated_at,
        })).collect::<Vec<_>>(),
        "photos_uploaded": photos.iter().map(|p| json!({
            "id": p.id, "provider_id": p.provider_id, "offer_id": p.offer_id, "kind": p.kind, "alt_text": p.alt_text,
            "width": p.width, "height": p.height, "created_at": p.created_at,
            "note": "stored re-encoded without metadata; the files are at /bilder/{id}-{width}.jpg or .png",
        })).collect::<Vec<_>>(),
        "invitations_sent": sent.iter().map(invitation_json).collect::<Vec<_>>(),
        "invitations_received": received.iter().map(invitation_json).collect::<Vec<_>>(),
        "helpful_votes": votes.iter().map(|v| json!({"review_id": v.review_id, "at": v.created_at})).collect::<Vec<_>>(),
        "review_replies": replies.iter().map(|r| json!({
            "id": r.id, "review_id": r.review_id, "provider_id": r.provider_id, "text": r.body, "status": r.status,
            "moderation_reason": r.moderation_reason, "created_at": r.created_at, "updated_at": r.updated_at,
        })).collect::<Vec<_>>(),
        "notifications": notifications.iter().map(|n| json!({
            "kind": n.kind, "link": n.link, "detail": n.detail, "read_at": n.read_at, "created_at": n.created_at,
        })).collect::<Vec<_>>(),
        "reports": reports.iter().map(|r| json!({
            "id": r.id, "target": r.target_kind, "target_id": r.target_id, "reason": r.reason, "explanation": r.explanation,
            "name": r.reporter_name, "email": r.reporter_email, "status": r.status, "decision": r.decision,
            "created_at": r.created_at, "decided_at": r.decided_at,
        })).collect::<Vec<_>>(),
        "resident_verification": residence.map(|v| json!({"method": v.method, "verified_at": v.verified_at})),
        "actions": actions.iter().map(|a| json!({
            "action": a.action, "entity": a.entity, "entity_id": a.entity_id, "at": a.created_at,
            "before": a.before.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()),
            "after": a.after.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()),
        })).collect::<Vec<_>>(),
        "customer_codes_created": codes.iter().map(|c| json!({
            "id": c.id, "provider_id": c.provider_id, "created_at": c.created_at, "used_at": c.used_at,
        })).collect::<Vec<_>>(),
        "import_runs": runs.iter().map(|r| json!({
            "id": r.id, "provider_id": r.provider_id, "file_name": r.file_name, "status": r.status, "created_at": r.created_at,
        })).collect::<Vec<_>>(),
        "providers_created": firms.iter().map(|p| json!({"id": p.id, "name": p.name, "created_at": p.created_at})).collect::<Vec<_>>(),
        "recommendations": crate::recommendations::store::export(db, user_id).await?,
        "contact_requests": crate::contact::store::export(db, user_id).await?,
        "quote_requests": crate::quotes::store::export(db, user_id).await?,
        "saved_searches": crate::alerts::store::export(db, user_id, &u.email).await?,
        "favourites": crate::alerts::store::favourites(db, user_id).await?,
        "mail_queued": "Mails to your address wait in the outbox until delivered; a delivered mail's text is deleted at once and its record after 30 days.",
        "browser_only": "The language cookie is not on the server; offers kept (Merken) while signed out stay in your browser's local storage.",
    })))
}

async fn account_of(st: &AppState, headers: &HeaderMap) -> Option<crate::accounts::domain::Account> {
    store::request_account(&st.db, headers).await.ok().flatten()
}

/// `GET /konto/daten.json`: a download of one's own data.
pub async fn download(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let Some(a) = account_of(&st, &headers).await else {
        return (StatusCode::UNAUTHORIZED, crate::i18n::from_headers(&headers).texts().error_unauthenticated).into_response();
    };
    match export(&st.db, a.id).await {
        Ok(Some(v)) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"smart-city-duisburg-meine-daten.json\"".to_owned()),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            serde_json::to_string_pretty(&v).unwrap_or_default(),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "data export");
            (StatusCode::INTERNAL_SERVER_ERROR, crate::i18n::from_headers(&headers).texts().error_internal).into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct Confirm {
    #[serde(default)]
    password: String,
}

/// `POST /konto/loeschen`: deletes the account after the password is
/// confirmed. Reviews go with it; providers it alone owned keep their public
/// profile but their offers are archived; the audit log keeps the actions
/// without the person; photos stay with the provider without their uploader;
/// invitations to the person's address are deleted.
pub async fn delete(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<Confirm>) -> Response {
    let Some(a) = account_of(&st, &headers).await else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/anmelden?zurueck=%2Fkonto")]).into_response();
    };
    let stored = app_user::Entity::find_by_id(a.id).one(&st.db).await.ok().flatten().and_then(|u| u.password_hash);
    if !password::verify(&f.password, stored.as_deref()).await {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/konto?fehler=credentials")]).into_response();
    }
    match delete_account(&st.db, &st.public_url, a.id).await {
        Ok(()) => {
            let cookie = session::clear_cookie(session::is_tls(&st.public_url, &headers));
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/?konto=geloescht".to_owned()), (header::SET_COOKIE, cookie)]).into_response()
        }
        Err(DeleteError::LastAdmin) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/konto?fehler=last_admin")]).into_response(),
        Err(DeleteError::Db(e)) => {
            tracing::error!(error = %e, "account deletion");
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/konto?fehler=internal")]).into_response()
        }
    }
}

/// Why an account was not deleted.
#[derive(Debug)]
pub enum DeleteError {
    /// The site's last administrator: appoint another one first.
    LastAdmin,
    Db(DbErr),
}

impl From<DbErr> for DeleteError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

/// `base`: the site's public address, for the links in the notices to
/// providers whose requests for quotes end with the account.
pub async fn delete_account(db: &sea_orm::DatabaseConnection, base: &str, user_id: i32) -> Result<(), DeleteError> {
    let txn = crate::db::begin_write(db).await?;
    // Counted under the role lock, as a demotion is: the site is never left
    // without an administrator.
    crate::db::lock_for_transaction(&txn, crate::db::ROLE_LOCK).await?;
    if let Some(me) = app_user::Entity::find_by_id(user_id).one(&txn).await? {
        if super::domain::Role::parse(&me.role) == super::domain::Role::Admin {
            let admins = app_user::Entity::find()
                .filter(app_user::Column::Role.eq(super::domain::Role::Admin.as_str()))
                .filter(app_user::Column::LockedAt.is_null())
                .count(&txn)
                .await?;
            if admins <= 1 {
                txn.rollback().await?;
                return Err(DeleteError::LastAdmin);
            }
        }
    }
    let owned: Vec<i32> = provider_member::Entity::find()
        .filter(provider_member::Column::UserId.eq(user_id))
        .filter(provider_member::Column::Role.eq("owner"))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| m.provider_id)
        .collect();
    for pid in owned {
        let other_owners = provider_member::Entity::find()
            .filter(provider_member::Column::ProviderId.eq(pid))
            .filter(provider_member::Column::Role.eq("owner"))
            .filter(provider_member::Column::UserId.ne(user_id))
            .all(&txn)
            .await?;
        if other_owners.is_empty() {
            crate::offers::door::archive_for_deleted_account_in(&txn, pid).await?;
            // The ownership declaration may name the person: gone with them.
            crate::providers::door::forget_owner_names_in(&txn, pid).await?;
        }
    }
    // Helpful votes are taken back (the counters follow); reports stay for
    // the decisions but lose the reporter; replies stay as the provider's;
    // notifications and the resident verification go by cascade.
    crate::reviews::write::forget_votes(&txn, user_id).await?;
    crate::reports::store::forget_reporter(&txn, user_id).await?;
    crate::reviews::store::delete_by_author(&txn, user_id).await?;
    crate::recommendations::store::delete_by_user(&txn, user_id).await?;
    crate::contact::store::delete_by_sender(&txn, user_id).await?;
    // Providers hear the person's requests were withdrawn; the requests,
    // quotes and threads go by cascade.
    crate::quotes::upkeep::forget_account(&txn, base, user_id).await?;
    // Saved searches and favourites go by cascade; so do subscriptions made
    // without an account to the same address, and mail not yet delivered.
    if let Some(u) = app_user::Entity::find_by_id(user_id).one(&txn).await? {
        crate::alerts::store::delete_by_email(&txn, &u.email).await?;
        crate::server::outbox::forget_recipient(&txn, &u.email).await?;
    }
    // Invitations addressed to this person name their address: gone, and
    // so is the address from the audit entries that recorded them.
    if let Some(u) = app_user::Entity::find_by_id(user_id).one(&txn).await? {
        invitation::Entity::delete_many().filter(invitation::Column::Email.eq(u.email.clone())).exec(&txn).await?;
        scrub_audit(&txn, &u.email).await?;
    }
    // Import runs name who started them (no foreign key: the runs outlive
    // accounts for the provider's history).
    openimmo_import_run::Entity::update_many()
        .col_expr(openimmo_import_run::Column::ActorId, sea_orm::sea_query::Expr::value(Option::<i32>::None))
        .filter(openimmo_import_run::Column::ActorId.eq(user_id))
        .exec(&txn)
        .await?;
    // Sessions, tokens and memberships go by cascade; audit entries keep
    // the action with the actor set to NULL, and so do the invitations this
    // person sent or accepted. Photos they uploaded belong to the provider's
    // offers and stay, without the uploader (uploaded_by set NULL).
    app_user::Entity::delete_by_id(user_id).exec(&txn).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(())
}

/// Replaces `email` in the audit log's before/after contents.
async fn scrub_audit<C: ConnectionTrait>(txn: &C, email: &str) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let (a, b, c) = if backend == sea_orm::DbBackend::Postgres { ("$1", "$2", "$3") } else { ("?1", "?2", "?3") };
    let sql = format!(
        "UPDATE audit_log SET before = REPLACE(before, {a}, {b}), after = REPLACE(after, {a}, {b}) \
         WHERE before LIKE {c} OR after LIKE {c}"
    );
    let like = format!("%{email}%");
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [email.into(), "[gelöscht]".into(), like.into()])).await?;
    Ok(())
}
