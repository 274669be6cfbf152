//! The one door for a person's role: who may moderate or administer.
//! Never leaves the site without an administrator; every change audited.
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};

use super::domain::Role;
use crate::db::entities::app_user;

/// Why a role was not changed.
#[derive(Debug)]
pub enum RoleError {
    NoSuchAccount,
    /// The last administrator cannot stop being one.
    LastAdmin,
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
    if before == Role::Admin {
        let admins = app_user::Entity::find().filter(app_user::Column::Role.eq(Role::Admin.as_str())).count(&txn).await?;
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
