//! Provider self-service writes. Each runs in one transaction with its audit
//! entry; offer updates are conditional on the version the editor started
//! from (optimistic locking), so no save silently overwrites another.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::domain::{DashOffer, OfferStatus};
use crate::accounts::authz::MemberRole;
use crate::audit::store::record;
use crate::common::url_key::short_slug;
use crate::db::entities::{offer, offer_district, provider, provider_category, provider_member};
use crate::error::{AppError, FieldChange};
use crate::housing::details::DetailsForm;
use crate::offers::domain::{Price, PriceModel};
use crate::offers::draft::{OfferDraft, OfferForm};
use crate::providers::draft::ProviderDraft;
use crate::server::state::Reference;

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

fn provider_snapshot(d: &ProviderDraft) -> serde_json::Value {
    json!({
        "name": d.name, "street": d.street, "postal_code": d.postal_code, "stadtteil_id": d.stadtteil_id,
        "categories": d.category_ids, "phone": d.phone, "email": d.email, "website": d.website,
        "ownership": d.ownership.as_str(), "owner_name": d.owner_name, "ownership_share": d.ownership_share,
    })
}

/// Creates the profile and makes its creator the owner. The ownership
/// declaration stays "self-declared" until a moderator verifies it.
pub async fn create_provider(db: &DatabaseConnection, d: &ProviderDraft, user_id: i32) -> Result<provider::Model, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let p = insert_provider(&txn, d, user_id).await?;
    txn.commit().await?;
    Ok(p)
}

/// `create_provider` inside the caller's transaction (a claim's approval).
pub async fn insert_provider<C: ConnectionTrait>(txn: &C, d: &ProviderDraft, user_id: i32) -> Result<provider::Model, DbErr> {
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
    record(txn, user_id, "provider.create", "provider", p.id, None, Some(provider_snapshot(d))).await?;
    Ok(p)
}

pub async fn dashboard_offers<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<DashOffer>, DbErr> {
    let rows = offer::Entity::find()
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.ne(OfferStatus::Deleted.as_str()))
        .order_by_desc(offer::Column::UpdatedAt)
        .order_by_desc(offer::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|o| DashOffer {
            id: o.id,
            slug: o.slug.clone(),
            title: o.title.clone(),
            status: OfferStatus::parse(&o.status),
            version: o.version,
            price: Price { model: PriceModel::parse(&o.price_model).unwrap_or(PriceModel::OnRequest), cents: o.price_cents },
            updated_at: o.updated_at,
        })
        .collect())
}

async fn served_bezirke<C: ConnectionTrait>(db: &C, offer_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(offer_district::Entity::find().filter(offer_district::Column::OfferId.eq(offer_id)).all(db).await?.into_iter().map(|l| l.bezirk_id).collect())
}

/// The editor's fields for a stored offer.
pub async fn offer_form<C: ConnectionTrait>(db: &C, r: &Reference, o: &offer::Model) -> Result<OfferForm, DbErr> {
    let bezirke = served_bezirke(db, o.id).await?;
    let decimal = |v: Option<i64>, scale| v.map(|v| crate::i18n::decimal_in(crate::i18n::Locale::De, v, scale).replace('.', "")).unwrap_or_default();
    Ok(OfferForm {
        title: o.title.clone(),
        description: o.description.clone(),
        category: r.categories.by_id(o.category_id).map(|c| c.slug.clone()).unwrap_or_default(),
        price_model: o.price_model.clone(),
        price: decimal(o.price_cents, 2),
        city_wide: o.service_area == "city",
        bezirke: bezirke.iter().filter_map(|b| r.districts.bezirk(*b)).map(|b| b.slug.clone()).collect(),
        stadtteil: o.stadtteil_id.and_then(|s| r.districts.stadtteil(s)).map(|s| s.slug.clone()).unwrap_or_default(),
        housing_kind: o.housing_kind.clone().unwrap_or_default(),
        rooms: decimal(o.rooms_tenths.map(i64::from), 1),
        living_area: decimal(o.living_area_centi_m2.map(i64::from), 2),
        plot_area: decimal(o.plot_area_centi_m2.map(i64::from), 2),
        energy_class: o.energy_class.clone().unwrap_or_default(),
        details: DetailsForm::of(&crate::housing::store::details_of(o)),
        project: o.project_id.map(|p| p.to_string()).unwrap_or_default(),
    })
}

pub async fn offer_of<C: ConnectionTrait>(db: &C, provider_id: i32, offer_id: i32) -> Result<Option<offer::Model>, DbErr> {
    Ok(offer::Entity::find_by_id(offer_id)
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.ne(OfferStatus::Deleted.as_str()))
        .one(db)
        .await?)
}

fn apply(m: &mut offer::ActiveModel, d: &OfferDraft) {
    m.title = Set(d.title.clone());
    m.slug = Set(short_slug(&d.title));
    m.description = Set(d.description.clone());
    m.category_id = Set(d.category_id);
    m.price_model = Set(d.price_model.as_str().to_owned());
    m.price_cents = Set(d.price_cents);
    m.service_area = Set(if d.bezirk_ids.is_some() { "districts" } else { "city" }.to_owned());
    let h = d.housing.as_ref();
    m.stadtteil_id = Set(h.map(|h| h.stadtteil_id));
    m.housing_kind = Set(h.map(|h| h.kind.as_str().to_owned()));
    m.rooms_tenths = Set(h.map(|h| h.rooms_tenths));
    m.living_area_centi_m2 = Set(h.map(|h| h.living_area_centi_m2));
    m.plot_area_centi_m2 = Set(h.and_then(|h| h.plot_area_centi_m2));
    m.energy_class = Set(h.and_then(|h| h.energy_class.clone()));
    crate::housing::store::set_details(m, &h.map(|h| h.details.clone()).unwrap_or_default());
    m.project_id = Set(h.and_then(|h| h.project_id));
}

fn offer_snapshot(o: &offer::Model) -> serde_json::Value {
    json!({
        "title": o.title, "description": o.description, "category_id": o.category_id, "price_model": o.price_model,
        "price_cents": o.price_cents, "service_area": o.service_area, "stadtteil_id": o.stadtteil_id, "status": o.status,
        "version": o.version, "housing_kind": o.housing_kind, "rooms_tenths": o.rooms_tenths,
        "living_area_centi_m2": o.living_area_centi_m2, "plot_area_centi_m2": o.plot_area_centi_m2, "energy_class": o.energy_class,
        "details": crate::housing::store::details_of(o),
    })
}

async fn set_districts<C: ConnectionTrait>(db: &C, offer_id: i32, bezirke: Option<&[i32]>) -> Result<(), DbErr> {
    offer_district::Entity::delete_many().filter(offer_district::Column::OfferId.eq(offer_id)).exec(db).await?;
    for b in bezirke.unwrap_or_default() {
        offer_district::ActiveModel { offer_id: Set(offer_id), bezirk_id: Set(*b) }.insert(db).await?;
    }
    Ok(())
}

/// A new offer starts as a draft, invisible to residents.
pub async fn create_offer(db: &DatabaseConnection, r: &Reference, provider_id: i32, d: &OfferDraft, actor: i32) -> Result<offer::Model, DbErr> {
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
    apply(&mut m, d);
    let o = m.insert(&txn).await?;
    set_districts(&txn, o.id, d.bezirk_ids.as_deref()).await?;
    record(&txn, actor, "offer.create", "offer", o.id, None, Some(offer_snapshot(&o))).await?;
    crate::search::store::index_offers(&txn, r, std::slice::from_ref(&o)).await?;
    txn.commit().await?;
    Ok(o)
}

/// What differs between the saved offer and the submitted form, in words.
async fn differences<C: ConnectionTrait>(db: &C, r: &Reference, saved: &offer::Model, yours: &OfferForm) -> Result<Vec<FieldChange>, DbErr> {
    let current = offer_form(db, r, saved).await?;
    let x = crate::i18n::t();
    let area = |f: &OfferForm| if f.city_wide { x.offer_whole_city.to_owned() } else { f.bezirke.join(", ") };
    let pairs: [(&str, String, String); 8] = [
        (x.editor_title, current.title.clone(), yours.title.clone()),
        (x.offer_description, current.description.clone(), yours.description.clone()),
        (x.offer_category, current.category.clone(), yours.category.clone()),
        (x.editor_price_model, current.price_model.clone(), yours.price_model.clone()),
        (x.offer_price, current.price.clone(), yours.price.clone()),
        (x.offer_service_area, area(&current), area(yours)),
        (x.housing_rooms, current.rooms.clone(), yours.rooms.clone()),
        (x.housing_living_area, current.living_area.clone(), yours.living_area.clone()),
    ];
    Ok(pairs
        .into_iter()
        .chain(current.details.labelled().into_iter().zip(yours.details.labelled()).map(|((label, saved), (_, yours))| (label, saved, yours)))
        .filter(|(_, saved, yours)| saved.trim() != yours.trim())
        .map(|(label, saved, yours)| FieldChange { field: label.to_owned(), saved, yours })
        .collect())
}

/// Saves an edit made on `version`; refuses with what is saved now if
/// someone saved in between.
pub async fn update_offer(
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
    // check in the update makes the early read safe.
    let before = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
    if before.version != version {
        return Err(AppError::Conflict { current_version: before.version, changes: differences(db, r, &before, form).await? });
    }
    let txn = crate::db::begin_write(db).await?;
    let mut m: offer::ActiveModel = before.clone().into();
    apply(&mut m, d);
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
    set_districts(&txn, offer_id, d.bezirk_ids.as_deref()).await?;
    record(&txn, actor, "offer.update", "offer", offer_id, Some(offer_snapshot(&before)), Some(offer_snapshot(&after))).await?;
    crate::search::store::index_offers(&txn, r, std::slice::from_ref(&after)).await?;
    txn.commit().await?;
    Ok(after)
}

/// Publish, unpublish, archive or delete, on the version the provider saw.
pub async fn set_status(db: &DatabaseConnection, provider_id: i32, offer_id: i32, version: i32, status: OfferStatus, actor: i32) -> Result<offer::Model, AppError> {
    let before = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
    // Hidden by moderators on a report: only they show it again (the provider may delete it).
    let hidden = crate::reviews::write::HIDDEN;
    if before.status == hidden && status != OfferStatus::Deleted {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let changed = offer::Entity::update_many()
        .col_expr(offer::Column::Status, Expr::value(status.as_str()))
        .col_expr(offer::Column::Version, Expr::value(version + 1))
        .col_expr(offer::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(offer::Column::Id.eq(offer_id))
        .filter(offer::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        txn.rollback().await?;
        let now = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
        let x = crate::i18n::t();
        let change = FieldChange { field: x.editor_status.to_owned(), saved: OfferStatus::parse(&now.status).label().to_owned(), yours: status.label().to_owned() };
        return Err(AppError::Conflict { current_version: now.version, changes: vec![change] });
    }
    let after = offer::Entity::find_by_id(offer_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    record(&txn, actor, &format!("offer.{}", status.as_str()), "offer", offer_id, Some(offer_snapshot(&before)), Some(offer_snapshot(&after))).await?;
    txn.commit().await?;
    Ok(after)
}

/// A copy as a new draft, for a similar offer. Copied as stored, without
/// re-checking: offers made under older rules can be duplicated too.
pub async fn duplicate(db: &DatabaseConnection, r: &Reference, provider_id: i32, offer_id: i32, actor: i32) -> Result<offer::Model, AppError> {
    let o = offer_of(db, provider_id, offer_id).await?.ok_or(AppError::NotFound)?;
    let bezirke = served_bezirke(db, o.id).await?;
    let title: String = format!("{} {}", o.title, crate::i18n::t().editor_copy_suffix).chars().take(crate::offers::draft::TITLE_CHARS.1).collect();
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let copy = offer::ActiveModel {
        slug: Set(short_slug(&title)),
        title: Set(title),
        status: Set(OfferStatus::Draft.as_str().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..offer::ActiveModel::from(o.clone())
    };
    let mut copy = copy;
    copy.id = sea_orm::ActiveValue::NotSet;
    let copy = copy.insert(&txn).await?;
    set_districts(&txn, copy.id, (o.service_area != "city").then_some(bezirke.as_slice())).await?;
    record(&txn, actor, "offer.duplicate", "offer", copy.id, Some(json!({ "from": o.id })), Some(offer_snapshot(&copy))).await?;
    crate::search::store::index_offers(&txn, r, std::slice::from_ref(&copy)).await?;
    txn.commit().await?;
    Ok(copy)
}
