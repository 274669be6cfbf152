//! What the offer editor reads: a provider's offers, one offer as the
//! editor's fields, and — after an edit conflict — what differs between
//! what is saved and what the provider typed. Writes go through `door`.
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::draft::OfferForm;
use super::lifecycle::OfferStatus;
use crate::db::entities::{offer, offer_district};
use crate::error::FieldChange;
use crate::housing::details::DetailsForm;
use crate::reference::Reference;

/// One of the provider's offers, unless deleted.
pub async fn offer_of<C: ConnectionTrait>(db: &C, provider_id: i32, offer_id: i32) -> Result<Option<offer::Model>, DbErr> {
    offer::Entity::find_by_id(offer_id)
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.ne(OfferStatus::Deleted.as_str()))
        .one(db)
        .await
}

/// The provider's offers but the deleted ones, last changed first.
pub async fn offers_of_provider<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<offer::Model>, DbErr> {
    offer::Entity::find()
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.ne(OfferStatus::Deleted.as_str()))
        .order_by_desc(offer::Column::UpdatedAt)
        .order_by_desc(offer::Column::Id)
        .all(db)
        .await
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
        city_wide: o.service_area == super::store::CITY_WIDE,
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

/// What differs between the saved offer and the submitted form, in words.
pub async fn differences<C: ConnectionTrait>(db: &C, r: &Reference, saved: &offer::Model, yours: &OfferForm) -> Result<Vec<FieldChange>, DbErr> {
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
