//! The one door for provider rows: a provider is created here, with its
//! owner and audit entry, in one transaction (from the dashboard, or from a
//! moderator's approval of a claim), and its ownership declaration is
//! verified here. The change log notes every write (triggers, see
//! `crate::changes`).
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::draft::ProviderDraft;
use crate::accounts::authz::MemberRole;
use crate::audit::store::record;
use crate::common::url_key::short_slug;
use crate::db::entities::{provider, provider_category, provider_member};

fn snapshot(d: &ProviderDraft) -> serde_json::Value {
    json!({
        "name": d.name, "street": d.street, "postal_code": d.postal_code, "stadtteil_id": d.stadtteil_id,
        "categories": d.category_ids, "phone": d.phone, "email": d.email, "website": d.website,
        "ownership": d.ownership.as_str(), "owner_name": d.owner_name, "ownership_share": d.ownership_share,
    })
}

/// Creates the profile and makes its creator the owner. The ownership
/// declaration stays "self-declared" until a moderator verifies it.
pub async fn create(db: &DatabaseConnection, d: &ProviderDraft, user_id: i32) -> Result<provider::Model, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let p = create_in(&txn, d, user_id).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(p)
}

/// `create` inside the caller's transaction (a claim's approval).
pub async fn create_in<C: ConnectionTrait>(txn: &C, d: &ProviderDraft, user_id: i32) -> Result<provider::Model, DbErr> {
    let now = Utc::now();
    let p = provider::ActiveModel {
        slug: Set(short_slug(&d.name)),
        name: Set(d.name.clone()),
        description: Set(d.description.clone()),
        street: Set(d.street.clone()),
        postal_code: Set(d.postal_code.clone()),
        stadtteil_id: Set(d.stadtteil_id),
        phone: Set(d.phone.clone()),
        email: Set(d.email.clone()),
        website: Set(d.website.clone()),
        ownership: Set(d.ownership.as_str().to_owned()),
        owner_name: Set(d.owner_name.clone()),
        ownership_share: Set(d.ownership_share),
        ownership_verified_at: Set(None),
        is_demo: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    provider_member::ActiveModel { provider_id: Set(p.id), user_id: Set(user_id), role: Set(MemberRole::Owner.as_str().into()), created_at: Set(now) }
        .insert(txn)
        .await?;
    for c in &d.category_ids {
        provider_category::ActiveModel { provider_id: Set(p.id), category_id: Set(*c) }.insert(txn).await?;
    }
    record(txn, user_id, "provider.create", "provider", p.id, None, Some(snapshot(d))).await?;
    Ok(p)
}

/// A moderator confirms the ownership declaration; false if there is no
/// such provider or it is confirmed already.
pub async fn verify_ownership(db: &DatabaseConnection, provider_id: i32, moderator: i32) -> Result<bool, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let done = provider::Entity::update_many()
        .col_expr(provider::Column::OwnershipVerifiedAt, Expr::value(Utc::now()))
        .filter(provider::Column::Id.eq(provider_id))
        .filter(provider::Column::OwnershipVerifiedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(false);
    }
    record(&txn, moderator, "provider.verify_ownership", "provider", provider_id, None, None).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(true)
}

/// Account deletion of a provider's last owner: the ownership declaration's
/// owner name may name that person, so it goes (audited without an actor).
pub async fn forget_owner_names_in<C: ConnectionTrait>(txn: &C, provider_id: i32) -> Result<(), DbErr> {
    let Some(p) = provider::Entity::find_by_id(provider_id).one(txn).await? else { return Ok(()) };
    if p.owner_name.is_none() {
        return Ok(());
    }
    provider::Entity::update_many()
        .col_expr(provider::Column::OwnerName, Expr::value(Option::<String>::None))
        .col_expr(provider::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(provider::Column::Id.eq(provider_id))
        .exec(txn)
        .await?;
    crate::audit::store::record_as(txn, None, "provider.owner_name_forgotten", "provider", provider_id, Some(json!({ "owner_name": "[gelöscht]" })), None).await
}
