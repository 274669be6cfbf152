//! Photo queries. Uploads, reorders and deletions run in one transaction
//! with their audit entry. Lists never load the bytes; only the image route
//! reads one variant at a time.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Set,
};
use serde_json::json;

use super::domain::PhotoView;
use super::process::{ext_of, Variant};
use crate::audit::store::record;
use crate::db::entities::{offer, photo, photo_variant};

pub const KIND_OFFER: &str = "offer";
pub const KIND_LOGO: &str = "logo";

pub async fn by_id<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<photo::Model>, DbErr> {
    photo::Entity::find_by_id(id).one(db).await
}

/// (photo id, width, mime) of the variants of `ids`, without the bytes.
async fn variant_index<C: ConnectionTrait>(db: &C, ids: &[i32]) -> Result<Vec<(i32, i32, String)>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    photo_variant::Entity::find()
        .select_only()
        .columns([photo_variant::Column::PhotoId, photo_variant::Column::Width, photo_variant::Column::Mime])
        .filter(photo_variant::Column::PhotoId.is_in(ids.iter().copied()))
        .order_by_asc(photo_variant::Column::Width)
        .into_tuple()
        .all(db)
        .await
}

async fn views<C: ConnectionTrait>(db: &C, photos: Vec<photo::Model>) -> Result<Vec<PhotoView>, DbErr> {
    let ids: Vec<i32> = photos.iter().map(|p| p.id).collect();
    let index = variant_index(db, &ids).await?;
    Ok(photos
        .into_iter()
        .filter_map(|p| {
            let mine: Vec<&(i32, i32, String)> = index.iter().filter(|(id, _, _)| *id == p.id).collect();
            let ext = ext_of(&mine.first()?.2).to_owned();
            Some(PhotoView { id: p.id, alt: p.alt_text, width: p.width, height: p.height, widths: mine.iter().map(|v| v.1).collect(), ext })
        })
        .collect())
}

/// An offer's photos in their order; the first is the cover.
/// One query, the photos joined with their variants' widths (an offer
/// page's every statement is a round trip to a database thread).
pub async fn for_offer<C: ConnectionTrait>(db: &C, offer_id: i32) -> Result<Vec<PhotoView>, DbErr> {
    let v = photo_variant::Entity;
    let mut q = photo::Entity::find()
        .select_only()
        .columns([photo::Column::Id, photo::Column::AltText, photo::Column::Width, photo::Column::Height])
        .filter(photo::Column::OfferId.eq(offer_id))
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .into_query();
    q.expr_as(Expr::col((v, photo_variant::Column::Width)), Alias::new("variant_width"))
        .expr_as(Expr::col((v, photo_variant::Column::Mime)), Alias::new("variant_mime"))
        .inner_join(v, Expr::col((v, photo_variant::Column::PhotoId)).equals((photo::Entity, photo::Column::Id)))
        .order_by((v, photo_variant::Column::Width), Order::Asc);
    let mut out: Vec<PhotoView> = Vec::new();
    for row in db.query_all_raw(db.get_database_backend().build(&q)).await? {
        let id: i32 = row.try_get("", "id")?;
        let width: i32 = row.try_get("", "variant_width")?;
        match out.last_mut() {
            Some(last) if last.id == id => last.widths.push(width),
            _ => {
                let mime: String = row.try_get("", "variant_mime")?;
                out.push(PhotoView {
                    id,
                    alt: row.try_get("", "alt_text")?,
                    width: row.try_get("", "width")?,
                    height: row.try_get("", "height")?,
                    widths: vec![width],
                    ext: ext_of(&mime).to_owned(),
                });
            }
        }
    }
    Ok(out)
}

/// The cover photo of each offer that has one.
pub async fn covers<C: ConnectionTrait>(db: &C, offer_ids: &[i32]) -> Result<HashMap<i32, PhotoView>, DbErr> {
    if offer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let photos = photo::Entity::find()
        .filter(photo::Column::OfferId.is_in(offer_ids.iter().copied()))
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?;
    let mut first: Vec<photo::Model> = Vec::new();
    for p in photos {
        if !first.iter().any(|f| f.offer_id == p.offer_id) {
            first.push(p);
        }
    }
    let owners: Vec<i32> = first.iter().filter_map(|p| p.offer_id).collect();
    Ok(owners.into_iter().zip(views(db, first).await?).collect())
}

/// The logo of each provider that has one.
pub async fn logos<C: ConnectionTrait>(db: &C, provider_ids: &[i32]) -> Result<HashMap<i32, PhotoView>, DbErr> {
    if provider_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let photos = photo::Entity::find()
        .filter(photo::Column::ProviderId.is_in(provider_ids.iter().copied()))
        .filter(photo::Column::Kind.eq(KIND_LOGO))
        .order_by_desc(photo::Column::Id)
        .all(db)
        .await?;
    let owners: Vec<i32> = photos.iter().map(|p| p.provider_id).collect();
    Ok(owners.into_iter().zip(views(db, photos).await?).collect())
}

/// Every offer's cover and every provider's logo (the offer catalogue's
/// full load): two queries without id lists, whatever the number.
pub async fn all_covers_and_logos<C: ConnectionTrait>(db: &C) -> Result<(HashMap<i32, PhotoView>, HashMap<i32, PhotoView>), DbErr> {
    let photos = photo::Entity::find().order_by_asc(photo::Column::Position).order_by_asc(photo::Column::Id).all(db).await?;
    let variants: Vec<(i32, i32, String)> = photo_variant::Entity::find()
        .select_only()
        .columns([photo_variant::Column::PhotoId, photo_variant::Column::Width, photo_variant::Column::Mime])
        .order_by_asc(photo_variant::Column::Width)
        .into_tuple()
        .all(db)
        .await?;
    let mut widths: HashMap<i32, (Vec<i32>, String)> = HashMap::new();
    for (id, width, mime) in variants {
        let e = widths.entry(id).or_insert_with(|| (Vec::new(), ext_of(&mime).to_owned()));
        e.0.push(width);
    }
    let (mut covers, mut logos, mut seen) = (HashMap::new(), HashMap::new(), std::collections::HashSet::new());
    for p in photos {
        // As `covers`: the first photo is the cover, shown if it has variants.
        if p.offer_id.is_some_and(|o| !seen.insert(o)) {
            continue;
        }
        let Some((w, ext)) = widths.get(&p.id) else { continue };
        let view = PhotoView { id: p.id, alt: p.alt_text, width: p.width, height: p.height, widths: w.clone(), ext: ext.clone() };
        match p.offer_id {
            Some(o) => {
                covers.insert(o, view);
            }
            None if p.kind == KIND_LOGO => {
                logos.insert(p.provider_id, view);
            }
            None => {}
        }
    }
    Ok((covers, logos))
}

pub async fn count_for_offer<C: ConnectionTrait>(db: &C, offer_id: i32) -> Result<usize, DbErr> {
    Ok(photo::Entity::find().filter(photo::Column::OfferId.eq(offer_id)).all(db).await?.len())
}

fn snapshot(p: &photo::Model) -> serde_json::Value {
    json!({ "provider_id": p.provider_id, "offer_id": p.offer_id, "kind": p.kind, "position": p.position, "alt": p.alt_text, "width": p.width, "height": p.height })
}

/// Stores an upload's variants: an offer photo at the end of its list, or
/// the provider's logo (replacing the previous one).
pub async fn insert(db: &DatabaseConnection, provider_id: i32, offer_id: Option<i32>, alt: &str, variants: Vec<Variant>, actor: i32) -> Result<photo::Model, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let p = insert_in(&txn, provider_id, offer_id, alt, variants, Some(actor)).await?;
    txn.commit().await?;
    Ok(p)
}

/// `insert` inside a transaction; `actor` None for generated demo pictures
/// (no audit entry: nobody did it).
pub async fn insert_in(txn: &DatabaseTransaction, provider_id: i32, offer_id: Option<i32>, alt: &str, variants: Vec<Variant>, actor: Option<i32>) -> Result<photo::Model, DbErr> {
    let position = match offer_id {
        Some(o) => photo::Entity::find().filter(photo::Column::OfferId.eq(o)).all(txn).await?.iter().map(|p| p.position + 1).max().unwrap_or(0),
        None => {
            let old = photo::Entity::find().filter(photo::Column::ProviderId.eq(provider_id)).filter(photo::Column::Kind.eq(KIND_LOGO)).all(txn).await?;
            for p in old {
                photo::Entity::delete_by_id(p.id).exec(txn).await?;
                if let Some(actor) = actor {
                    record(txn, actor, "photo.delete", "photo", p.id, Some(snapshot(&p)), None).await?;
                }
            }
            0
        }
    };
    let largest = variants.last().map(|v| (v.width, v.height)).unwrap_or_default();
    let p = photo::ActiveModel {
        provider_id: Set(provider_id),
        offer_id: Set(offer_id),
        kind: Set(if offer_id.is_some() { KIND_OFFER } else { KIND_LOGO }.to_owned()),
        position: Set(position),
        alt_text: Set(alt.to_owned()),
        width: Set(largest.0 as i32),
        height: Set(largest.1 as i32),
        uploaded_by: Set(actor),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    for v in variants {
        photo_variant::ActiveModel { photo_id: Set(p.id), width: Set(v.width as i32), height: Set(v.height as i32), mime: Set(v.mime.to_owned()), bytes: Set(v.bytes) }
            .insert(txn)
            .await?;
    }
    if let Some(actor) = actor {
        record(txn, actor, "photo.upload", "photo", p.id, None, Some(snapshot(&p))).await?;
    }
    Ok(p)
}

pub async fn delete(db: &DatabaseConnection, p: &photo::Model, actor: i32) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    photo::Entity::delete_by_id(p.id).exec(&txn).await?;
    record(&txn, actor, "photo.delete", "photo", p.id, Some(snapshot(p)), None).await?;
    txn.commit().await
}

pub async fn set_alt(db: &DatabaseConnection, p: &photo::Model, alt: &str, actor: i32) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    photo::Entity::update_many().col_expr(photo::Column::AltText, Expr::value(alt)).filter(photo::Column::Id.eq(p.id)).exec(&txn).await?;
    let after = photo::Model { alt_text: alt.to_owned(), ..p.clone() };
    record(&txn, actor, "photo.alt", "photo", p.id, Some(snapshot(p)), Some(snapshot(&after))).await?;
    txn.commit().await
}

/// Moves an offer photo one place up (towards the cover) or down.
pub async fn shift(db: &DatabaseConnection, p: &photo::Model, up: bool, actor: i32) -> Result<(), DbErr> {
    let Some(offer_id) = p.offer_id else { return Ok(()) };
    let txn = crate::db::begin_write(db).await?;
    let mut list = photo::Entity::find()
        .filter(photo::Column::OfferId.eq(offer_id))
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .all(&txn)
        .await?;
    let Some(at) = list.iter().position(|x| x.id == p.id) else { return txn.commit().await };
    let to = if up { at.checked_sub(1) } else { Some(at + 1).filter(|t| *t < list.len()) };
    if let Some(to) = to {
        list.swap(at, to);
        // Renumber the whole list: positions stay dense and unique.
        for (i, x) in list.iter().enumerate() {
            photo::Entity::update_many().col_expr(photo::Column::Position, Expr::value(i as i32)).filter(photo::Column::Id.eq(x.id)).exec(&txn).await?;
        }
        let after = photo::Model { position: to as i32, ..p.clone() };
        record(&txn, actor, "photo.move", "photo", p.id, Some(snapshot(p)), Some(snapshot(&after))).await?;
    }
    txn.commit().await
}

/// One variant's bytes, with whether residents may see it (logos always,
/// offer photos only while the offer is published).
pub async fn variant<C: ConnectionTrait>(db: &C, id: i32, width: i32) -> Result<Option<(photo::Model, photo_variant::Model, bool)>, DbErr> {
    let Some(p) = by_id(db, id).await? else { return Ok(None) };
    let Some(v) = photo_variant::Entity::find_by_id((id, width)).one(db).await? else { return Ok(None) };
    let public = match p.offer_id {
        None => true,
        Some(o) => offer::Entity::find_by_id(o).one(db).await?.is_some_and(|o| o.status == "published"),
    };
    Ok(Some((p, v, public)))
}
