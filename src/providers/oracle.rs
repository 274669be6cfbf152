//! A provider's page from the database alone: what `store::page`, which
//! takes the head from the catalogue, must give (`tests/catalog.rs`).
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::domain::ProviderDetail;
use super::store::{detail_of, summary};
use crate::db::entities::{provider, provider_district};
use crate::reference::Reference;

pub async fn detail_from_database<C: ConnectionTrait>(db: &C, r: &Reference, id: i32) -> Result<Option<ProviderDetail>, DbErr> {
    let Some(p) = provider::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let rating = crate::reviews::store::ratings(db, Some(&[id])).await?.remove(&id).unwrap_or_default();
    let logo = crate::photos::store::logos(db, &[id]).await?.remove(&id);
    let served: Vec<i32> =
        provider_district::Entity::find().filter(provider_district::Column::ProviderId.eq(id)).all(db).await?.into_iter().map(|b| b.bezirk_id).collect();
    let head = super::domain::ProviderSummary { logo, ..summary(&p, r, rating) };
    Ok(Some(detail_of(r, head, p, &served)))
}
