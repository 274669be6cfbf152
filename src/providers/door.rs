//! The one door for provider rows: a provider is created here, with its
//! owner and audit entry, in one transaction (from the dashboard, or from a
//! moderator's approval of a claim), and its ownership declaration is
//! verified here, and its profile is edited here (version-checked; a
//! changed ownership declaration goes back to "self-declared"). The change
//! log notes every write (triggers, see `crate::changes`), which is how
//! the catalogue and open pages follow.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::draft::ProviderDraft;
use crate::accounts::authz::MemberRole;
use crate::audit::store::record;
use crate::common::url_key::short_slug;
use crate::db::entities::{offer, provider, provider_category, provider_district, provider_member};
use crate::error::AppError;
use crate::reference::Reference;

fn snapshot(d: &ProviderDraft) -> serde_json::Value {
    json!({
        "name": d.name, "street": d.street, "postal_code": d.postal_code, "stadtteil_id": d.seat.stadtteil_id(),
        "town": d.seat.outside_town(),
        "categories": d.category_ids, "phone": d.phone, "email": d.email, "website": d.website,
        "ownership": d.ownership.as_str(), "owner_name": d.owner_name, "ownership_share": d.ownership_share,
        "description": d.description, "opening_hours": d.opening_hours, "bezirke": d.bezirk_ids,
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
        stadtteil_id: Set(d.seat.stadtteil_id()),
        town: Set(d.seat.outside_town().map(str::to_owned)),
        phone: Set(d.phone.clone()),
        email: Set(d.email.clone()),
        website: Set(d.website.clone()),
        ownership: Set(d.ownership.as_str().to_owned()),
        owner_name: Set(d.owner_name.clone()),
        ownership_share: Set(d.ownership_share),
        ownership_verified_at: Set(None),
        opening_hours: Set(d.opening_hours.clone()),
        version: Set(1),
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
    set_links(txn, p.id, d).await?;
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

/// The categories and served Stadtbezirke, replaced by the draft's.
async fn set_links<C: ConnectionTrait>(txn: &C, provider_id: i32, d: &ProviderDraft) -> Result<(), DbErr> {
    provider_category::Entity::delete_many().filter(provider_category::Column::ProviderId.eq(provider_id)).exec(txn).await?;
    for c in &d.category_ids {
        provider_category::ActiveModel { provider_id: Set(provider_id), category_id: Set(*c) }.insert(txn).await?;
    }
    provider_district::Entity::delete_many().filter(provider_district::Column::ProviderId.eq(provider_id)).exec(txn).await?;
    for b in &d.bezirk_ids {
        provider_district::ActiveModel { provider_id: Set(provider_id), bezirk_id: Set(*b) }.insert(txn).await?;
    }
    Ok(())
}

/// The profile as stored, as a draft: what the edit form starts from and
/// what an edit is compared with.
pub async fn stored<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Option<(provider::Model, ProviderDraft)>, DbErr> {
    let Some(p) = provider::Entity::find_by_id(provider_id).one(db).await? else { return Ok(None) };
    let mut category_ids: Vec<i32> = provider_category::Entity::find()
        .filter(provider_category::Column::ProviderId.eq(provider_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category_id)
        .collect();
    category_ids.sort_unstable();
    let mut bezirk_ids: Vec<i32> = provider_district::Entity::find()
        .filter(provider_district::Column::ProviderId.eq(provider_id))
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.bezirk_id)
        .collect();
    bezirk_ids.sort_unstable();
    let d = ProviderDraft {
        name: p.name.clone(),
        description: p.description.clone(),
        street: p.street.clone(),
        postal_code: p.postal_code.clone(),
        seat: super::domain::Seat::from_columns(p.stadtteil_id, p.town.as_deref()),
        category_ids,
        phone: p.phone.clone(),
        email: p.email.clone(),
        website: p.website.clone(),
        ownership: super::domain::Ownership::parse(&p.ownership).unwrap_or(super::domain::Ownership::Private),
        owner_name: p.owner_name.clone(),
        ownership_share: p.ownership_share,
        opening_hours: p.opening_hours.clone(),
        bezirk_ids,
    };
    Ok(Some((p, d)))
}

/// What an edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edited {
    pub version: i32,
    /// The ownership declaration changed, so a moderator's verification
    /// was withdrawn.
    pub verification_withdrawn: bool,
}

/// A member's edit of the profile, from the form loaded at `version`. The
/// name and slug of the offers' search terms follow a new name. Only an
/// owner or administrator (`may_declare`) may change who owns the provider.
pub async fn update(
    db: &DatabaseConnection,
    r: &Reference,
    provider_id: i32,
    version: i32,
    d: &ProviderDraft,
    actor: i32,
    may_declare: bool,
) -> Result<Edited, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (p, before) = stored(&txn, provider_id).await?.ok_or(AppError::NotFound)?;
    if p.version != version {
        return Err(AppError::Conflict { current_version: p.version, changes: vec![] });
    }
    if before == *d {
        return Ok(Edited { version, verification_withdrawn: false });
    }
    let other_ownership = d.declares_other_ownership(&p.ownership, p.owner_name.as_deref(), p.ownership_share);
    if other_ownership && !may_declare {
        return Err(AppError::Forbidden);
    }
    let withdrawn = other_ownership && p.ownership_verified_at.is_some();
    let mut m: provider::ActiveModel = p.clone().into();
    if d.name != before.name {
        // The old address still leads here: pages redirect by id.
        m.slug = Set(short_slug(&d.name));
    }
    m.name = Set(d.name.clone());
    m.description = Set(d.description.clone());
    m.street = Set(d.street.clone());
    m.postal_code = Set(d.postal_code.clone());
    m.stadtteil_id = Set(d.seat.stadtteil_id());
    m.town = Set(d.seat.outside_town().map(str::to_owned));
    m.phone = Set(d.phone.clone());
    m.email = Set(d.email.clone());
    m.website = Set(d.website.clone());
    m.ownership = Set(d.ownership.as_str().to_owned());
    m.owner_name = Set(d.owner_name.clone());
    m.ownership_share = Set(d.ownership_share);
    m.opening_hours = Set(d.opening_hours.clone());
    if other_ownership {
        m.ownership_verified_at = Set(None);
    }
    m.version = Set(version + 1);
    m.updated_at = Set(Utc::now());
    // Conditional on the version read, so two simultaneous edits cannot
    // both pass the check above on PostgreSQL's read committed.
    let done = provider::Entity::update_many()
        .set(m)
        .filter(provider::Column::Id.eq(provider_id))
        .filter(provider::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        // Another edit won the race; the form must start from what it stored.
        txn.rollback().await?;
        let current = provider::Entity::find_by_id(provider_id).one(db).await?.ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict { current_version: current.version, changes: vec![] });
    }
    set_links(&txn, provider_id, d).await?;
    if d.name != before.name {
        let offers = offer::Entity::find().filter(offer::Column::ProviderId.eq(provider_id)).all(&txn).await?;
        for chunk in offers.chunks(500) {
            crate::search::store::index_offers(&txn, r, chunk).await?;
        }
    }
    let action = if withdrawn { "provider.update.verification_withdrawn" } else { "provider.update" };
    record(&txn, actor, action, "provider", provider_id, Some(snapshot(&before)), Some(snapshot(d))).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(Edited { version: version + 1, verification_withdrawn: withdrawn })
}
