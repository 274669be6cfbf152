//! The one door for a person's role and lock: who may moderate or
//! administer, and whose account is locked. Never leaves the site without
//! an administrator; every change audited.
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};

use super::domain::Role;
use super::people::Person;
use crate::db::entities::app_user;

/// Why a role was not changed.
#[derive(Debug)]
pub enum RoleError {
    NoSuchAccount,
    /// The last administrator cannot stop being one.
    LastAdmin,
    /// Administrators do not lock themselves out.
    OwnAccount,
    Db(DbErr),
}

impl From<DbErr> for RoleError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

impl std::fmt::Display for RoleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoSuchAccount => f.write_str("no account with that address"),
            Self::LastAdmin => f.write_str("the last administrator cannot give up the role"),
            Self::OwnAccount => f.write_str("administrators cannot lock their own account"),
            Self::Db(e) => write!(f, "{e}"),
        }
    }
}

/// Parses "resident" / "moderator" / "admin" (what the command line takes).
pub fn parse_role(s: &str) -> Option<Role> {
    match s.trim().to_ascii_lowercase().as_str() {
        "resident" => Some(Role::Resident),
        "moderator" => Some(Role::Moderator),
        "admin" | "administrator" => Some(Role::Admin),
        _ => None,
    }
}

/// Sets `user_id`'s role; `actor` is who did it (`None`: the command line).
/// Returns whether anything changed.
pub async fn set_role(db: &DatabaseConnection, actor: Option<i32>, user_id: i32, role: Role) -> Result<bool, RoleError> {
    let txn = crate::db::begin_write(db).await?;
    // Administrators counted under the lock of this write: two demotions at
    // once cannot both pass the check.
    crate::db::lock_for_transaction(&txn, crate::db::ROLE_LOCK).await?;
    let Some(user) = app_user::Entity::find_by_id(user_id).one(&txn).await? else {
        txn.rollback().await?;
        return Err(RoleError::NoSuchAccount);
    };
    let before = Role::parse(&user.role);
    if before == role {
        txn.rollback().await?;
        return Ok(false);
    }
    if before == Role::Admin && user.locked_at.is_none() {
        // Administrators who can sign in: a locked one does not count.
        let admins = app_user::Entity::find()
            .filter(app_user::Column::Role.eq(Role::Admin.as_str()))
            .filter(app_user::Column::LockedAt.is_null())
            .count(&txn)
            .await?;
        if admins <= 1 {
            txn.rollback().await?;
            return Err(RoleError::LastAdmin);
        }
    }
    let mut m = user.into_active_model();
    m.role = Set(role.as_str().to_owned());
    m.update(&txn).await?;
    crate::audit::store::record_as(
        &txn,
        actor,
        "account.role",
        "app_user",
        user_id,
        Some(serde_json::json!({ "role": before.as_str() })),
        Some(serde_json::json!({ "role": role.as_str() })),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Locks (`true`) or unlocks `user_id`; a lock ends every session of the
/// account. An administrator cannot lock the site's last administrator nor
/// themselves. Returns whether anything changed.
pub async fn set_locked(db: &DatabaseConnection, actor: i32, user_id: i32, locked: bool) -> Result<bool, RoleError> {
    if locked && actor == user_id {
        return Err(RoleError::OwnAccount);
    }
    let txn = crate::db::begin_write(db).await?;
    crate::db::lock_for_transaction(&txn, crate::db::ROLE_LOCK).await?;
    let Some(user) = app_user::Entity::find_by_id(user_id).one(&txn).await? else {
        txn.rollback().await?;
        return Err(RoleError::NoSuchAccount);
    };
    if user.locked_at.is_some() == locked {
        txn.rollback().await?;
        return Ok(false);
    }
    if locked && Role::parse(&user.role) == Role::Admin {
        let active_admins = app_user::Entity::find()
            .filter(app_user::Column::Role.eq(Role::Admin.as_str()))
            .filter(app_user::Column::LockedAt.is_null())
            .count(&txn)
            .await?;
        if active_admins <= 1 {
            txn.rollback().await?;
            return Err(RoleError::LastAdmin);
        }
    }
    let mut m = user.into_active_model();
    m.locked_at = Set(locked.then(chrono::Utc::now));
    m.update(&txn).await?;
    if locked {
        super::store::end_all_sessions(&txn, user_id).await?;
    }
    let action = if locked { "account.lock" } else { "account.unlock" };
    crate::audit::store::record(&txn, actor, action, "app_user", user_id, None, None).await?;
    txn.commit().await?;
    Ok(true)
}

/// Accounts whose name or address contains `q` (all when empty), newest
/// first; demo authors (who never sign in) left out. `(page, total)`.
pub async fn search(db: &DatabaseConnection, q: &str, page: u64, per_page: u64) -> Result<(Vec<Person>, u64), DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    use sea_orm::{Condition, QueryOrder};
    let mut find = app_user::Entity::find().filter(app_user::Column::IsDemo.eq(false));
    let q = q.trim().to_lowercase();
    if !q.is_empty() {
        // Escaped, so % and _ typed by the administrator match themselves.
        let pattern = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let like = |col: app_user::Column| Expr::expr(Func::lower(Expr::col(col))).like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'));
        find = find.filter(Condition::any().add(like(app_user::Column::Email)).add(like(app_user::Column::DisplayName)));
    }
    let pages = find.order_by_desc(app_user::Column::CreatedAt).order_by_desc(app_user::Column::Id).paginate(db, per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(page.saturating_sub(1)).await?;
    let people = rows
        .into_iter()
        .map(|u| Person {
            id: u.id,
            role: Role::parse(&u.role),
            verified: u.email_verified_at.is_some(),
            locked: u.locked_at.is_some(),
            display_name: u.display_name,
            email: u.email,
            created_at: u.created_at,
        })
        .collect();
    Ok((people, total))
}
