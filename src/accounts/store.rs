//! Account queries: users, sessions and one-time tokens.
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryTrait, Set};

use super::domain::{Account, DisplayName, Email, Role};
use super::session::{hash_token, new_token, SESSION_DAYS};
use crate::db::entities::{account_token, app_user, notification, session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Verify,
    Reset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::Reset => "reset",
        }
    }

    /// Verification links may sit in an inbox for a while; reset links not.
    fn lifetime(self) -> Duration {
        match self {
            Self::Verify => Duration::days(3),
            Self::Reset => Duration::hours(1),
        }
    }
}

pub fn account(u: &app_user::Model) -> Account {
    Account {
        id: u.id,
        display_name: u.display_name.clone(),
        email: u.email.clone(),
        role: Role::parse(&u.role),
        email_verified: u.email_verified_at.is_some(),
    }
}

pub async fn by_email<C: ConnectionTrait>(db: &C, email: &Email) -> Result<Option<app_user::Model>, DbErr> {
    app_user::Entity::find().filter(app_user::Column::Email.eq(email.as_str())).one(db).await
}

pub async fn create_user<C: ConnectionTrait>(
    db: &C,
    name: &DisplayName,
    email: &Email,
    password_hash: String,
    role: Role,
    verified: bool,
) -> Result<app_user::Model, DbErr> {
    let now = Utc::now();
    app_user::ActiveModel {
        display_name: Set(name.as_str().to_owned()),
        email: Set(email.as_str().to_owned()),
        role: Set(role.as_str().to_owned()),
        password_hash: Set(Some(password_hash)),
        is_demo: Set(false),
        email_verified_at: Set(verified.then_some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn set_password<C: ConnectionTrait>(db: &C, user_id: i32, password_hash: String) -> Result<(), DbErr> {
    app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(password_hash))
        .filter(app_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn mark_verified<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    app_user::Entity::update_many()
        .col_expr(app_user::Column::EmailVerifiedAt, Expr::value(Utc::now()))
        .filter(app_user::Column::Id.eq(user_id))
        .filter(app_user::Column::EmailVerifiedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Starts a session; returns the token for the cookie.
pub async fn create_session<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<String, DbErr> {
    let (token, hash) = new_token();
    let now = Utc::now();
    session::ActiveModel {
        id_hash: Set(hash),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(SESSION_DAYS)),
        last_seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The account behind a session token, if the session is alive. A session
/// in use is extended (at most once an hour, to spare the database writes).
pub async fn session_account<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<Account>, DbErr> {
    Ok(session_account_and_unread(db, token).await?.map(|(a, _)| a))
}

/// `session_account` and the person's unread notifications, in one query:
/// every rendered page asks for both (the header's account links and badge).
pub async fn session_account_and_unread<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<(Account, u64)>, DbErr> {
    let now = Utc::now();
    let n = notification::Entity;
    let unread = Query::select()
        .expr(Func::count(Expr::col((n, notification::Column::UserId))))
        .from(n)
        .and_where(Expr::col((n, notification::Column::UserId)).equals((session::Entity, session::Column::UserId)))
        .and_where(Expr::col((n, notification::Column::ReadAt)).is_null())
        .to_owned();
    let mut q = session::Entity::find_by_id(hash_token(token)).find_also_related(app_user::Entity).into_query();
    q.expr_as(Expr::SubQuery(None, Box::new(unread.into())), Alias::new("unread"));
    let Some(row) = db.query_one(&q).await? else {
        return Ok(None);
    };
    // sea-orm's prefixes for the two entities of `find_also_related`.
    let s = session::Model::from_query_result(&row, "A_")?;
    let user = app_user::Model::from_query_result_optional(&row, "B_")?;
    let unread: i64 = row.try_get("", "unread")?;
    if s.expires_at <= now {
        session::Entity::delete_by_id(s.id_hash).exec(db).await?;
        return Ok(None);
    }
    if now - s.last_seen_at > Duration::hours(1) {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .col_expr(session::Column::ExpiresAt, Expr::value(now + Duration::days(SESSION_DAYS)))
            .filter(session::Column::IdHash.eq(s.id_hash.clone()))
            .exec(db)
            .await?;
    }
    // A locked account's sessions are ended when it is locked; this also
    // covers one created in the same instant.
    Ok(user.filter(|u| u.locked_at.is_none()).map(|u| (account(&u), std::cmp::max(unread, 0) as u64)))
}

/// The account signed in on a request, from its session cookie.
pub async fn request_account<C: ConnectionTrait>(db: &C, headers: &http::HeaderMap) -> Result<Option<Account>, DbErr> {
    Ok(request_account_and_unread(db, headers).await?.map(|(a, _)| a))
}

/// `request_account` and the person's unread notifications.
pub async fn request_account_and_unread<C: ConnectionTrait>(db: &C, headers: &http::HeaderMap) -> Result<Option<(Account, u64)>, DbErr> {
    match super::session::token_from(headers) {
        Some(token) => session_account_and_unread(db, &token).await,
        None => Ok(None),
    }
}

pub async fn end_session<C: ConnectionTrait>(db: &C, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(hash_token(token)).exec(db).await?;
    Ok(())
}

/// After a password reset every device has to sign in anew.
pub async fn end_all_sessions<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(())
}

pub async fn create_token<C: ConnectionTrait>(db: &C, user_id: i32, purpose: TokenPurpose) -> Result<String, DbErr> {
    let (token, hash) = new_token();
    let now = Utc::now();
    account_token::ActiveModel {
        token_hash: Set(hash),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Makes every unused token of `purpose` of the user void: after a reset,
/// an older reset link lying in a mailbox must not work any more.
pub async fn void_tokens<C: ConnectionTrait>(db: &C, user_id: i32, purpose: TokenPurpose) -> Result<(), DbErr> {
    account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(Utc::now()))
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Redeems a one-time token: the user it belongs to, once, before it expires.
/// The conditional update makes two simultaneous redemptions yield one winner.
pub async fn take_token<C: ConnectionTrait>(db: &C, token: &str, purpose: TokenPurpose) -> Result<Option<i32>, DbErr> {
    let hash = hash_token(token);
    let now = Utc::now();
    let res = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::TokenHash.eq(hash.clone()))
        .filter(account_token::Column::Purpose.eq(purpose.as_str()))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    Ok(account_token::Entity::find_by_id(hash).one(db).await?.map(|t| t.user_id))
}
