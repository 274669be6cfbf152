//! Writes of many offers at once: an OpenImmo import, the archiving of the
//! offers of a provider whose only owner deleted their account, and the
//! generated demo and benchmark cities. Each inside the caller's
//! transaction; the caller commits and then calls `changes::committed`.
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::{set_districts, Content, Move, Moved};
use crate::db::entities::{offer, offer_district};
use crate::offers::lifecycle::{may_move, Mover, OfferStatus, Refusal};
use crate::reference::Reference;

/// Rows per multi-row INSERT (well below SQLite's and PostgreSQL's parameter limits).
const CHUNK: usize = 500;

/// What an import writes, planned from the offers as it read them.
pub struct ImportBatch<V> {
    pub creates: Vec<V>,
    /// (the offer as read, its new content): published, if the version read is still current.
    pub updates: Vec<(offer::Model, V)>,
    /// Offers as read, to archive (a DELETE, or missing from a full transfer).
    pub archives: Vec<offer::Model>,
}

#[derive(Debug, Default)]
pub struct ImportWritten {
    /// In the order of `creates`.
    pub created: Vec<offer::Model>,
    pub updated: Vec<i32>,
    pub archived: Vec<i32>,
    /// Offers whose state the import may not change (hidden by a moderator).
    pub refused: Vec<(i32, Refusal)>,
    /// Offers someone changed since the import read them: left as they are.
    pub stale: Vec<i32>,
}

/// Writes (part of) an import's batch for `provider_id` and indexes what it
/// wrote. The run's audit entry is [`record_import`], in the transaction of
/// its last part.
pub async fn import_in<C: ConnectionTrait, V: Content>(
    txn: &C,
    r: &Reference,
    provider_id: i32,
    batch: ImportBatch<V>,
    actor: Option<i32>,
) -> Result<ImportWritten, DbErr> {
    let now = Utc::now();
    let mut out = ImportWritten::default();
    let mut touched: Vec<i32> = Vec::new();
    for (before, v) in &batch.updates {
        if let Err(refusal) = may_move(OfferStatus::parse(&before.status), OfferStatus::Published, Mover::Import) {
            out.refused.push((before.id, refusal));
            continue;
        }
        let mut m: offer::ActiveModel = before.clone().into();
        v.apply(&mut m);
        m.status = Set(OfferStatus::Published.as_str().to_owned());
        m.hidden_from = Set(None);
        m.version = Set(before.version + 1);
        m.updated_at = Set(now);
        let changed = offer::Entity::update_many()
            .set(m)
            .filter(offer::Column::Id.eq(before.id))
            .filter(offer::Column::Version.eq(before.version))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            out.stale.push(before.id);
            continue;
        }
        if before.service_area != crate::offers::store::CITY_WIDE || v.bezirke().is_some() {
            set_districts(txn, before.id, v.bezirke()).await?;
        }
        out.updated.push(before.id);
        touched.push(before.id);
    }
    for before in &batch.archives {
        let step = Move { before, to: OfferStatus::Archived, by: Mover::Import, actor, at: now, audited: false };
        match step.run(txn, None).await? {
            Moved::Done(_) => out.archived.push(before.id),
            Moved::Refused(refusal) => out.refused.push((before.id, refusal)),
            Moved::Stale => out.stale.push(before.id),
        }
    }
    for chunk in batch.creates.chunks(CHUNK) {
        let rows: Vec<offer::ActiveModel> = chunk
            .iter()
            .map(|v| {
                let mut m = offer::ActiveModel {
                    provider_id: Set(provider_id),
                    status: Set(OfferStatus::Published.as_str().to_owned()),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                v.apply(&mut m);
                m
            })
            .collect();
        let inserted = offer::Entity::insert_many(rows).exec_with_returning(txn).await?;
        // RETURNING gives the rows in VALUES order; check rather than trust.
        if inserted.len() != chunk.len() || inserted.iter().zip(chunk).any(|(o, v)| o.title != v.title()) {
            return Err(DbErr::Custom("inserted offers came back in another order".into()));
        }
        for (o, v) in inserted.iter().zip(chunk) {
            if let Some(b) = v.bezirke() {
                set_districts(txn, o.id, Some(b)).await?;
            }
        }
        crate::search::store::index_offers(txn, r, &inserted).await?;
        out.created.extend(inserted);
    }
    for ids in touched.chunks(CHUNK) {
        let rows = offer::Entity::find().filter(offer::Column::Id.is_in(ids.iter().copied())).all(txn).await?;
        crate::search::store::index_offers(txn, r, &rows).await?;
    }
    Ok(out)
}

impl ImportWritten {
    /// Adds a later part's outcome.
    pub fn extend(&mut self, part: ImportWritten) {
        self.created.extend(part.created);
        self.updated.extend(part.updated);
        self.archived.extend(part.archived);
        self.refused.extend(part.refused);
        self.stale.extend(part.stale);
    }
}

/// One audit entry for an import run that wrote something: `summary` plus
/// the counts of the whole run (the outcomes of its parts).
pub async fn record_import<C: ConnectionTrait>(txn: &C, provider_id: i32, actor: Option<i32>, mut summary: serde_json::Value, parts: &[&ImportWritten]) -> Result<(), DbErr> {
    let sum = |f: fn(&ImportWritten) -> usize| parts.iter().map(|p| f(p)).sum::<usize>();
    let (created, updated, archived) = (sum(|p| p.created.len()), sum(|p| p.updated.len()), sum(|p| p.archived.len()));
    if created + updated + archived == 0 {
        return Ok(());
    }
    summary["created"] = json!(created);
    summary["updated"] = json!(updated);
    summary["archived"] = json!(archived);
    summary["left_hidden"] = json!(sum(|p| p.refused.len()));
    summary["changed_meanwhile"] = json!(sum(|p| p.stale.len()));
    crate::audit::store::record_as(txn, actor, "openimmo.import", "provider", provider_id, None, Some(summary)).await
}

/// The provider lost its only owner: its published offers are archived
/// (residents cannot reach anyone about them). Returns how many.
pub async fn archive_for_deleted_account_in<C: ConnectionTrait>(txn: &C, provider_id: i32) -> Result<u64, DbErr> {
    let published = offer::Entity::find()
        .filter(offer::Column::ProviderId.eq(provider_id))
        .filter(offer::Column::Status.eq(OfferStatus::Published.as_str()))
        .all(txn)
        .await?;
    let now = Utc::now();
    let mut n = 0;
    for before in &published {
        let step = Move { before, to: OfferStatus::Archived, by: Mover::AccountDeletion, actor: None, at: now, audited: true };
        if let Moved::Done(_) = step.run(txn, Some("account deleted")).await? {
            n += 1;
        }
    }
    Ok(n)
}

/// Inserts generated offers (demo city, benchmark city) and their served
/// districts as they are; the search index follows at the next start
/// (`search::store::ensure_index`), the catalogue from the change log.
pub async fn seed_in<C: ConnectionTrait>(txn: &C, offers: Vec<offer::ActiveModel>, links: Vec<offer_district::ActiveModel>) -> Result<(), DbErr> {
    let mut offers = offers.into_iter().peekable();
    while offers.peek().is_some() {
        offer::Entity::insert_many(offers.by_ref().take(CHUNK).collect::<Vec<_>>()).exec_without_returning(txn).await?;
    }
    let mut links = links.into_iter().peekable();
    while links.peek().is_some() {
        offer_district::Entity::insert_many(links.by_ref().take(CHUNK).collect::<Vec<_>>()).exec_without_returning(txn).await?;
    }
    Ok(())
}
