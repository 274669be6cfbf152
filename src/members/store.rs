//! Member and invitation writes, each in one transaction with its audit
//! entry. Changes to one provider's members are serialized (the provider
//! row is locked on PostgreSQL; SQLite writes one at a time), so two owners
//! demoting each other cannot leave the provider without one.
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, Statement,
};
use serde_json::json;

use super::domain::{keeps_an_owner, InvitationView, MemberError, MemberView, INVITATION_DAYS};
use crate::accounts::authz::{check, Action, MemberRole};
use crate::accounts::domain::Account;
use crate::accounts::session::{hash_token, new_token};
use crate::audit::store::record;
use crate::db::entities::{app_user, provider, provider_invitation as invitation, provider_member};
use crate::error::AppError;

/// The person's role in the provider, if they act for it.
pub async fn membership<C: ConnectionTrait>(db: &C, provider_id: i32, user_id: i32) -> Result<Option<MemberRole>, DbErr> {
    Ok(provider_member::Entity::find_by_id((provider_id, user_id)).one(db).await?.and_then(|m| MemberRole::parse(&m.role)))
}

/// The providers a person acts for, with their role.
pub async fn my_providers<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<(provider::Model, MemberRole)>, DbErr> {
    let links = provider_member::Entity::find().filter(provider_member::Column::UserId.eq(user_id)).all(db).await?;
    let ids: Vec<i32> = links.iter().map(|l| l.provider_id).collect();
    let providers = provider::Entity::find().filter(provider::Column::Id.is_in(ids)).order_by_asc(provider::Column::Name).all(db).await?;
    Ok(providers
        .into_iter()
        .filter_map(|p| {
            let role = links.iter().find(|l| l.provider_id == p.id).and_then(|l| MemberRole::parse(&l.role))?;
            Some((p, role))
        })
        .collect())
}

/// `check` for `provider_id`, looking up the actor's membership there;
/// returns that membership.
pub async fn check_for<C: ConnectionTrait>(db: &C, actor: Option<&Account>, provider_id: i32, action: Action) -> Result<Option<MemberRole>, AppError> {
    let membership = match actor {
        Some(a) => membership(db, provider_id, a.id).await?,
        None => None,
    };
    check(actor, membership, action)?;
    Ok(membership)
}

/// A refusal the person can act on, or an error of the app.
#[derive(Debug)]
pub enum Refusal {
    Member(MemberError),
    App(AppError),
}

impl From<MemberError> for Refusal {
    fn from(e: MemberError) -> Self {
        Self::Member(e)
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<DbErr> for Refusal {
    fn from(e: DbErr) -> Self {
        tracing::error!(error = %e, "member store");
        Self::App(AppError::Internal)
    }
}

pub async fn members<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<MemberView>, DbErr> {
    let links = provider_member::Entity::find().filter(provider_member::Column::ProviderId.eq(provider_id)).order_by_asc(provider_member::Column::CreatedAt).all(db).await?;
    let users = app_user::Entity::find().filter(app_user::Column::Id.is_in(links.iter().map(|l| l.user_id))).all(db).await?;
    Ok(links
        .into_iter()
        .filter_map(|l| {
            let u = users.iter().find(|u| u.id == l.user_id)?;
            Some(MemberView { user_id: u.id, name: u.display_name.clone(), email: u.email.clone(), role: MemberRole::parse(&l.role)?, since: l.created_at })
        })
        .collect())
}

/// Invitations neither accepted, revoked nor expired.
pub async fn pending<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<InvitationView>, DbErr> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::ProviderId.eq(provider_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .order_by_asc(invitation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvitationView { id: i.id, email: i.email, role: MemberRole::parse(&i.role).unwrap_or(MemberRole::Member), expires_at: i.expires_at })
        .collect())
}

async fn lock_provider(txn: &DatabaseTransaction, provider_id: i32) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, "SELECT id FROM provider WHERE id = $1 FOR UPDATE", [provider_id.into()])).await?;
    }
    Ok(())
}

/// Stores an invitation; returns the token for the link (only its hash is kept).
/// `letter` writes the invitation mail for the token; it is queued in the
/// invitation's transaction.
pub async fn invite(db: &DatabaseConnection, provider_id: i32, email: &str, role: MemberRole, actor: i32, letter: impl FnOnce(&str) -> crate::server::outbox::Mail) -> Result<String, Refusal> {
    let already = members(db, provider_id).await?.iter().any(|m| m.email.eq_ignore_ascii_case(email));
    if already {
        return Err(MemberError::AlreadyMember.into());
    }
    let (token, hash) = new_token();
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let i = invitation::ActiveModel {
        provider_id: Set(provider_id),
        email: Set(email.to_owned()),
        role: Set(role.as_str().to_owned()),
        token_hash: Set(hash),
        invited_by: Set(Some(actor)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(&txn, actor, "member.invite", "invitation", i.id, None, Some(json!({ "provider_id": provider_id, "email": email, "role": role.as_str() }))).await?;
    crate::server::outbox::enqueue(&txn, &letter(&token)).await?;
    txn.commit().await?;
    crate::server::outbox::queued();
    Ok(token)
}

pub async fn revoke(db: &DatabaseConnection, provider_id: i32, invitation_id: i32, actor: i32) -> Result<(), Refusal> {
    let txn = crate::db::begin_write(db).await?;
    let done = invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(invitation::Column::Id.eq(invitation_id))
        .filter(invitation::Column::ProviderId.eq(provider_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        txn.rollback().await?;
        return Err(AppError::NotFound.into());
    }
    record(&txn, actor, "member.revoke", "invitation", invitation_id, Some(json!({ "provider_id": provider_id })), None).await?;
    txn.commit().await?;
    Ok(())
}

/// The valid invitation behind a link.
pub async fn by_token<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<invitation::Model>, DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash_token(token)))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
}

/// Redeems a link once: the account becomes a member (an owner invitation
/// makes an existing member an owner). Returns the provider.
async fn inviter_still_entitled<C: ConnectionTrait>(db: &C, inv: &invitation::Model) -> Result<bool, DbErr> {
    let Some(by) = inv.invited_by else { return Ok(false) };
    // A locked account speaks for nobody.
    let Some(u) = crate::db::entities::app_user::Entity::find_by_id(by).one(db).await? else { return Ok(false) };
    if u.locked_at.is_some() {
        return Ok(false);
    }
    if crate::accounts::domain::Role::parse(&u.role) == crate::accounts::domain::Role::Admin {
        return Ok(true);
    }
    Ok(membership(db, inv.provider_id, by).await? == Some(MemberRole::Owner))
}

pub async fn accept(db: &DatabaseConnection, token: &str, who: &Account) -> Result<i32, Refusal> {
    let inv = by_token(db, token).await?.ok_or(MemberError::Token)?;
    // A forwarded or leaked link is not an invitation for its holder.
    if !who.email.eq_ignore_ascii_case(&inv.email) {
        return Err(MemberError::OtherAddress.into());
    }
    let role = MemberRole::parse(&inv.role).unwrap_or(MemberRole::Member);
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    lock_provider(&txn, inv.provider_id).await?;
    // Only as good as its sender's standing: an invitation from someone who
    // is no longer an owner (nor an administrator) lapses.
    if !inviter_still_entitled(&txn, &inv).await? {
        txn.rollback().await?;
        return Err(MemberError::Token.into());
    }
    let taken = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .col_expr(invitation::Column::AcceptedBy, Expr::value(who.id))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        txn.rollback().await?;
        return Err(MemberError::Token.into());
    }
    match provider_member::Entity::find_by_id((inv.provider_id, who.id)).one(&txn).await? {
        Some(m) if role == MemberRole::Owner && m.role != role.as_str() => {
            provider_member::Entity::update_many()
                .col_expr(provider_member::Column::Role, Expr::value(role.as_str()))
                .filter(provider_member::Column::ProviderId.eq(inv.provider_id))
                .filter(provider_member::Column::UserId.eq(who.id))
                .exec(&txn)
                .await?;
        }
        Some(_) => {}
        None => {
            provider_member::ActiveModel { provider_id: Set(inv.provider_id), user_id: Set(who.id), role: Set(role.as_str().to_owned()), created_at: Set(now) }
                .insert(&txn)
                .await?;
        }
    }
    if !who.email_verified {
        // The link came through that mailbox: that proves the address.
        crate::accounts::store::mark_verified(&txn, who.id).await?;
    }
    record(&txn, who.id, "member.accept", "invitation", inv.id, None, Some(json!({ "provider_id": inv.provider_id, "role": role.as_str() }))).await?;
    txn.commit().await?;
    Ok(inv.provider_id)
}

/// Changes a member's role (`Some`) or removes them (`None`), never the
/// last owner.
pub async fn change(db: &DatabaseConnection, provider_id: i32, user_id: i32, new_role: Option<MemberRole>, actor: i32) -> Result<(), Refusal> {
    let txn = crate::db::begin_write(db).await?;
    lock_provider(&txn, provider_id).await?;
    let links = provider_member::Entity::find().filter(provider_member::Column::ProviderId.eq(provider_id)).all(&txn).await?;
    let Some(target) = links.iter().find(|l| l.user_id == user_id) else {
        txn.rollback().await?;
        return Err(AppError::NotFound.into());
    };
    let current = MemberRole::parse(&target.role).unwrap_or(MemberRole::Member);
    let owners = links.iter().filter(|l| l.role == MemberRole::Owner.as_str()).count();
    if !keeps_an_owner(owners, current, new_role) {
        txn.rollback().await?;
        return Err(MemberError::LastOwner.into());
    }
    let by = provider_member::Entity::update_many()
        .filter(provider_member::Column::ProviderId.eq(provider_id))
        .filter(provider_member::Column::UserId.eq(user_id));
    let before = json!({ "provider_id": provider_id, "user_id": user_id, "role": current.as_str() });
    match new_role {
        Some(role) => {
            by.col_expr(provider_member::Column::Role, Expr::value(role.as_str())).exec(&txn).await?;
            let after = json!({ "provider_id": provider_id, "user_id": user_id, "role": role.as_str() });
            record(&txn, actor, "member.role", "provider", provider_id, Some(before), Some(after)).await?;
        }
        None => {
            provider_member::Entity::delete_by_id((provider_id, user_id)).exec(&txn).await?;
            record(&txn, actor, "member.remove", "provider", provider_id, Some(before), None).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
