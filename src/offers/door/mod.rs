//! The one door for offer writes. Every change to an offer's row and its
//! served districts — a provider's create, edit, status command and
//! duplicate, a moderator's hide and restore, an OpenImmo import, the
//! archiving that follows an account's deletion, the demo and benchmark
//! seeding — goes through this module, which owns the offer's life cycle:
//!
//! - the **state machine** (`offers::lifecycle::may_move`): who may move an
//!   offer from which state to which; a moderator's hide is lifted only by a
//!   moderator, whoever else writes;
//! - the **version check**: every update names the version it was read at
//!   and changes nothing if someone wrote in between;
//! - the **audit entry**, in the same transaction;
//! - the **search terms** of new and edited offers (`offer_search`);
//! - the **change event**: the database notes the write in `change_log` in
//!   the same transaction (triggers; see `crate::changes`), so it exists if
//!   and only if the write committed, and every follower — this instance,
//!   another one, whichever process wrote — reads it from there. After a
//!   commit the door wakes this process's follower at once
//!   (`changes::committed`).
//!
//! Pages, server functions, the import and moderation call these functions;
//! nothing else writes `offer` or `offer_district` rows.
mod bulk;
mod moderation;
mod provider;

pub use bulk::{archive_for_deleted_account_in, import_in, record_import, seed_in, ImportBatch, ImportWritten};
pub use moderation::{hide_in, restore_in};
pub use provider::{create, duplicate, edit, set_status};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::lifecycle::{may_move, Mover, OfferStatus, Refusal};
use crate::db::entities::{offer, offer_district};

/// What an offer says, as its writer has checked it: the editor's draft,
/// an imported listing. Status, version and timestamps are the door's.
pub trait Content {
    /// Writes the content's columns.
    fn apply(&self, m: &mut offer::ActiveModel);
    /// The Stadtbezirke served, or None for the whole city.
    fn bezirke(&self) -> Option<&[i32]>;
    /// The title, to check rows returned by a multi-row insert.
    fn title(&self) -> &str;
}

/// The offer as its audit entry records it.
pub(crate) fn snapshot(o: &offer::Model) -> serde_json::Value {
    json!({
        "title": o.title, "description": o.description, "category_id": o.category_id, "price_model": o.price_model,
        "price_cents": o.price_cents, "service_area": o.service_area, "stadtteil_id": o.stadtteil_id, "status": o.status,
        "version": o.version, "housing_kind": o.housing_kind, "rooms_tenths": o.rooms_tenths,
        "living_area_centi_m2": o.living_area_centi_m2, "plot_area_centi_m2": o.plot_area_centi_m2, "energy_class": o.energy_class,
        "project_id": o.project_id, "details": crate::housing::store::details_of(o),
    })
}

pub(crate) async fn set_districts<C: ConnectionTrait>(db: &C, offer_id: i32, bezirke: Option<&[i32]>) -> Result<(), DbErr> {
    offer_district::Entity::delete_many().filter(offer_district::Column::OfferId.eq(offer_id)).exec(db).await?;
    for b in bezirke.unwrap_or_default() {
        offer_district::ActiveModel { offer_id: Set(offer_id), bezirk_id: Set(*b) }.insert(db).await?;
    }
    Ok(())
}

/// The columns every offer's content sets: title (and the slug from it),
/// text, category, price, and where it is offered (`bezirke` None: the
/// whole city). For `Content::apply`.
pub(crate) fn set_basics(
    m: &mut offer::ActiveModel,
    title: &str,
    description: &str,
    category_id: i32,
    price_model: crate::offers::domain::PriceModel,
    price_cents: Option<i64>,
    bezirke: Option<&[i32]>,
) {
    m.title = Set(title.to_owned());
    m.slug = Set(crate::common::url_key::short_slug(title));
    m.description = Set(description.to_owned());
    m.category_id = Set(category_id);
    m.price_model = Set(price_model.as_str().to_owned());
    m.price_cents = Set(price_cents);
    m.service_area = Set(if bezirke.is_some() { "districts" } else { crate::offers::store::CITY_WIDE }.to_owned());
}

/// A change of state, checked and conditional on the version read.
pub(crate) struct Move<'a> {
    pub before: &'a offer::Model,
    pub to: OfferStatus,
    pub by: Mover,
    pub actor: Option<i32>,
    pub at: DateTime<Utc>,
    /// An entry of its own in the audit log (an import records one for the run).
    pub audited: bool,
}

#[derive(Debug)]
pub(crate) enum Moved {
    Done(Box<offer::Model>),
    Refused(Refusal),
    /// Someone wrote the offer since `before` was read.
    Stale,
}

impl Move<'_> {
    /// Checks the step, writes it with the version condition and the audit
    /// entry (`offer.<state>`), inside the caller's transaction.
    pub(crate) async fn run<C: ConnectionTrait>(self, txn: &C, reason: Option<&str>) -> Result<Moved, DbErr> {
        let from = OfferStatus::parse(&self.before.status);
        if let Err(refusal) = may_move(from, self.to, self.by) {
            return Ok(Moved::Refused(refusal));
        }
        let hidden_from = match (from, self.to) {
            (_, OfferStatus::Hidden) => Some(from.as_str().to_owned()),
            _ => None,
        };
        let changed = offer::Entity::update_many()
            .col_expr(offer::Column::Status, Expr::value(self.to.as_str()))
            .col_expr(offer::Column::HiddenFrom, Expr::value(hidden_from))
            .col_expr(offer::Column::Version, Expr::value(self.before.version + 1))
            .col_expr(offer::Column::UpdatedAt, Expr::value(self.at))
            .filter(offer::Column::Id.eq(self.before.id))
            .filter(offer::Column::Version.eq(self.before.version))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Ok(Moved::Stale);
        }
        let after = offer::Entity::find_by_id(self.before.id).one(txn).await?.ok_or(DbErr::RecordNotFound("offer".into()))?;
        let mut after_json = snapshot(&after);
        if let Some(reason) = reason {
            after_json["reason"] = json!(reason);
        }
        if self.audited {
            let action = format!("offer.{}", self.to.as_str());
            crate::audit::store::record_as(txn, self.actor, &action, "offer", after.id, Some(snapshot(self.before)), Some(after_json)).await?;
        }
        Ok(Moved::Done(Box::new(after)))
    }
}
