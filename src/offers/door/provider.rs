//! A provider's own writes, from the dashboard: create, edit, publish /
//! unpublish / archive / delete, duplicate. Each in one transaction, every
//! update conditional on the version the editor started from.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::{set_basics, set_districts, snapshot, Content, Move, Moved};
use crate::audit::store::record;
use crate::common::url_key::short_slug;
use crate::db::entities::{offer, offer_district};
use crate::error::{AppError, FieldChange};
use crate::offers::draft::{OfferDraft, OfferForm};
use crate::offers::editing::{differences, offer_of};
use crate::offers::lifecycle::{may_duplicate, may_move, Mover, OfferStatus};
use crate::reference::Reference;

impl Content for OfferDraft {
    fn apply(&self, m: &mut offer::ActiveModel) {
        set_basics(m, &self.title, &self.description, self.category_id, self.price_model, self.price_cents, self.bezirk_ids.as_deref());
        let h = self.housing.as_ref();
        m.stadtteil_id = Set(h.map(|h| h.stadtteil_id));
        m.housing_kind = Set(h.map(|h| h.kind.as_str().to_owned()));
        m.rooms_tenths = Set(h.map(|h| h.rooms_tenths));
        m.living_area_centi_m2 = Set(h.map(|h| h.living_area_centi_m2));
        m.plot_area_centi_m2 = Set(h.and_then(|h| h.plot_area_centi_m2));
        m.energy_class = Set(h.and_then(|h| h.energy_class.clone()));
        crate::housing::store::set_details(m, &h.map(|h| h.details.clone()).unwrap_or_default());
        m.project_id = Set(h.and_then(|h| h.project_id));
    }

    fn bezirke(&self) -> Option<&[i32]> {
        self.bezirk_ids.as_deref()
    }

    fn title(&self) -> &str {
        &self.title
    }
}

fn refused(r: crate::offers::lifecycle::Refusal) -> AppError {
    match r {
        crate::offers::lifecycle::Refusal::Deleted => AppError::NotFound,
        other => AppError::invalid("status", other.message()),
    }
}

/// A new offer starts as a draft, invisible to residents.
pub async fn create(db: &DatabaseConnection, r: &Reference, provider_id: i32, d: &OfferDraft, actor: i32) -> Result<offer::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let mut m = offer::ActiveModel {
        provider_id: Set(provider_id),
        status: Set(OfferStatus::Draft.as_str().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    d.apply(&mut m);
    let o = m.insert(&txn).await?;
    set_districts(&txn, o.id, d.bezirke()).await?;
    record(&txn, actor, "offer.create", "offer", o.id, None, Some(snapshot(&o))).await?;
    crate::search::store::index_offers(&txn, r, std::slice::from_ref(&o)).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(o)
}

/// Saves an edit made on `version`; refuses with what is saved now if
/// someone saved in between. A hidden offer may be edited and stays hidden.
#[allow(clippy::too_many_arguments)]
pub async fn edit(
    db: &DatabaseConnection,
    r: &Reference,
    provider_id: i32,
    offer_id: i32,
    version: i32,
    d: &OfferDraft,
    form: &OfferForm,
    actor: i32,
) -> Result<offer::Model, AppError> {
    // Read before the transaction: its first statement is then the write,
    // which SQLite queues behind another writer instead of failing with
    // "database is locked" (a read-then-write upgrade would). The version
    // condition of the update makes the early read safe.
    let before = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
    if before.version != version {
        return Err(AppError::Conflict { current_version: before.version, changes: differences(db, r, &before, form).await? });
    }
    let txn = crate::db::begin_write(db).await?;
    let mut m: offer::ActiveModel = before.clone().into();
    d.apply(&mut m);
    m.version = Set(version + 1);
    m.updated_at = Set(Utc::now());
    let changed = offer::Entity::update_many()
        .set(m)
        .filter(offer::Column::Id.eq(offer_id))
        .filter(offer::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        txn.rollback().await?;
        let now = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict { current_version: now.version, changes: differences(db, r, &now, form).await? });
    }
    let after = offer::Entity::find_by_id(offer_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    set_districts(&txn, offer_id, d.bezirke()).await?;
    record(&txn, actor, "offer.update", "offer", offer_id, Some(snapshot(&before)), Some(snapshot(&after))).await?;
    crate::search::store::index_offers(&txn, r, std::slice::from_ref(&after)).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(after)
}

/// Publish, unpublish, archive or delete, on the version the provider saw.
pub async fn set_status(db: &DatabaseConnection, provider_id: i32, offer_id: i32, version: i32, to: OfferStatus, actor: i32) -> Result<offer::Model, AppError> {
    let before = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
    let conflict = |now: &offer::Model| {
        let x = crate::i18n::t();
        let change = FieldChange { field: x.editor_status.to_owned(), saved: OfferStatus::parse(&now.status).label().to_owned(), yours: to.label().to_owned() };
        AppError::Conflict { current_version: now.version, changes: vec![change] }
    };
    // The reason a step is refused outranks a stale version: the page shows it.
    if let Err(r) = may_move(OfferStatus::parse(&before.status), to, Mover::Provider) {
        return Err(refused(r));
    }
    if before.version != version {
        return Err(conflict(&before));
    }
    let txn = crate::db::begin_write(db).await?;
    match (Move { before: &before, to, by: Mover::Provider, actor: Some(actor), at: Utc::now(), audited: true }).run(&txn, None).await? {
        Moved::Done(after) => {
            txn.commit().await?;
            crate::changes::committed();
            Ok(*after)
        }
        Moved::Refused(r) => Err(refused(r)),
        Moved::Stale => {
            txn.rollback().await?;
            Err(conflict(&offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?))
        }
    }
}

/// A copy as a new draft, for a similar offer. Copied as stored, without
/// re-checking: offers made under older rules can be duplicated too. What a
/// moderator took down is not copied.
pub async fn duplicate(db: &DatabaseConnection, r: &Reference, provider_id: i32, offer_id: i32, actor: i32) -> Result<offer::Model, AppError> {
    let o = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
    may_duplicate(OfferStatus::parse(&o.status)).map_err(refused)?;
    let bezirke: Vec<i32> = offer_district::Entity::find()
        .filter(offer_district::Column::OfferId.eq(o.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.bezirk_id)
        .collect();
    let title: String = format!("{} {}", o.title, crate::i18n::t().editor_copy_suffix).chars().take(crate::offers::draft::TITLE_CHARS.1).collect();
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let mut copy = offer::ActiveModel {
        slug: Set(short_slug(&title)),
        title: Set(title),
        status: Set(OfferStatus::Draft.as_str().to_owned()),
        hidden_from: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..offer::ActiveModel::from(o.clone())
    };
    copy.id = sea_orm::ActiveValue::NotSet;
    let copy = copy.insert(&txn).await?;
    set_districts(&txn, copy.id, (o.service_area != crate::offers::store::CITY_WIDE).then_some(bezirke.as_slice())).await?;
    record(&txn, actor, "offer.duplicate", "offer", copy.id, Some(json!({ "from": o.id })), Some(snapshot(&copy))).await?;
    crate::search::store::index_offers(&txn, r, std::slice::from_ref(&copy)).await?;
    txn.commit().await?;
    crate::changes::committed();
    Ok(copy)
}
