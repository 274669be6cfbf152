//! Contact messages in the database: stored as typed, listed for the
//! provider's members, exported and deleted with the sender's account.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::{json, Value};

use super::domain::{ContactForm, InboxItem};
use crate::db::entities::{app_user, contact_message as message, offer, provider_member};

/// A published offer's (provider id, title, slug).
pub async fn published_offer<C: ConnectionTrait>(db: &C, offer_id: i32) -> Result<Option<(i32, String, String)>, DbErr> {
    Ok(offer::Entity::find_by_id(offer_id)
        .filter(offer::Column::Status.eq("published"))
        .one(db)
        .await?
        .map(|o| (o.provider_id, o.title, o.slug)))
}

pub async fn insert<C: ConnectionTrait>(db: &C, provider_id: i32, offer_id: i32, f: &ContactForm, sender: Option<i32>) -> Result<i32, DbErr> {
    let m = message::ActiveModel {
        provider_id: Set(provider_id),
        offer_id: Set(Some(offer_id)),
        sender_name: Set(f.name().to_owned()),
        sender_email: Set(f.email().to_owned()),
        sender_phone: Set(f.phone().map(str::to_owned)),
        body: Set(f.message().to_owned()),
        sender_user_id: Set(sender),
        created_at: Set(Utc::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

/// The provider's messages, newest first.
pub async fn inbox<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<InboxItem>, DbErr> {
    let rows = message::Entity::find()
        .filter(message::Column::ProviderId.eq(provider_id))
        .order_by_desc(message::Column::CreatedAt)
        .order_by_desc(message::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let offers = offer::Entity::find().filter(offer::Column::Id.is_in(rows.iter().filter_map(|m| m.offer_id))).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|m| InboxItem {
            id: m.id,
            offer: m.offer_id.and_then(|id| offers.iter().find(|o| o.id == id)).map(|o| (o.id, o.title.clone(), o.slug.clone())),
            sender_name: m.sender_name,
            sender_email: m.sender_email,
            sender_phone: m.sender_phone,
            body: m.body,
            created_at: m.created_at,
            read: m.read_at.is_some(),
        })
        .collect())
}

pub async fn unread<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<u64, DbErr> {
    message::Entity::find().filter(message::Column::ProviderId.eq(provider_id)).filter(message::Column::ReadAt.is_null()).count(db).await
}

/// Marks one of the provider's messages read; false if it is not theirs.
pub async fn mark_read<C: ConnectionTrait>(db: &C, provider_id: i32, id: i32) -> Result<bool, DbErr> {
    let r = message::Entity::update_many()
        .col_expr(message::Column::ReadAt, Expr::value(Utc::now()))
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::ProviderId.eq(provider_id))
        .filter(message::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0 || message::Entity::find_by_id(id).filter(message::Column::ProviderId.eq(provider_id)).one(db).await?.is_some())
}

/// The addresses of everybody acting for the provider.
pub async fn member_emails<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<String>, DbErr> {
    let ids: Vec<i32> = provider_member::Entity::find()
        .filter(provider_member::Column::ProviderId.eq(provider_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    Ok(app_user::Entity::find().filter(app_user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| u.email).collect())
}

/// The messages a person sent while signed in, for their data export.
pub async fn export<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Value, DbErr> {
    let rows = message::Entity::find().filter(message::Column::SenderUserId.eq(user_id)).order_by_asc(message::Column::Id).all(db).await?;
    Ok(Value::Array(
        rows.iter()
            .map(|m| json!({
                "id": m.id, "provider_id": m.provider_id, "offer_id": m.offer_id, "name": m.sender_name, "email": m.sender_email,
                "phone": m.sender_phone, "message": m.body, "created_at": m.created_at, "read_by_provider_at": m.read_at,
            }))
            .collect(),
    ))
}

pub async fn delete_by_sender<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    message::Entity::delete_many().filter(message::Column::SenderUserId.eq(user_id)).exec(db).await?;
    Ok(())
}
