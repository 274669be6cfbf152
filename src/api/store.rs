//! The few queries only the API needs; everything else comes from the
//! stores the website uses, so both always show the same data.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::common::paging::Paging;
use crate::db::entities::{offer, provider};
use crate::offers::store::PUBLISHED;
use crate::providers::domain::Ownership;

/// One page of provider ids, by id so pages are stable and the same on
/// every database; optionally only one ownership, or only providers with
/// published offers in the given categories.
pub async fn provider_ids<C: ConnectionTrait>(
    db: &C,
    ownership: Option<Ownership>,
    category_ids: Option<&[i32]>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<i32>, Paging), DbErr> {
    let mut select = provider::Entity::find();
    if let Some(o) = ownership {
        select = select.filter(provider::Column::Ownership.eq(o.as_str()));
    }
    if let Some(ids) = category_ids {
        select = select.filter(
            provider::Column::Id.in_subquery(
                Query::select()
                    .column(offer::Column::ProviderId)
                    .from(offer::Entity)
                    .and_where(offer::Column::Status.eq(PUBLISHED))
                    .and_where(offer::Column::CategoryId.is_in(ids.iter().copied()))
                    .to_owned(),
            ),
        );
    }
    let total = select.clone().count(db).await?;
    let paging = Paging::new(page, per_page, total);
    let ids: Vec<i32> = select
        .select_only()
        .column(provider::Column::Id)
        .order_by_asc(provider::Column::Id)
        .offset(paging.offset())
        .limit(per_page)
        .into_tuple()
        .all(db)
        .await?;
    Ok((ids, paging))
}

pub async fn provider_exists<C: ConnectionTrait>(db: &C, id: i32) -> Result<bool, DbErr> {
    Ok(provider::Entity::find_by_id(id).count(db).await? > 0)
}
