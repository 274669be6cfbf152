//! Claims of firms that are not on the platform: "Das ist mein Unternehmen".
//! The claimant fills in the full provider form; a moderator approves (the
//! provider is created with the claimant as owner and the firm's
//! recommendations move to it) or rejects. Both decisions are audit-logged.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

use super::domain::{ClaimView, CLAIM_APPROVED, CLAIM_PENDING, CLAIM_REJECTED};
use crate::accounts::domain::Account;
use crate::db::entities::{app_user, recommendation as rec, recommendation_second as second, unlisted_claim as claim, unlisted_provider as unlisted};
use crate::error::AppError;
use crate::providers::draft::{ProviderDraft, ProviderForm};
use crate::reference::Reference;

/// Files a claim; one pending claim per person and firm.
pub async fn create(db: &DatabaseConnection, r: &Reference, actor: &Account, unlisted_id: i32, form: &ProviderForm) -> Result<i32, AppError> {
    ProviderDraft::parse(form, &r.categories, &r.districts).map_err(|e| {
        let (field, message) = e.into_iter().next().unwrap_or(("name", String::new()));
        AppError::invalid(field, message)
    })?;
    let txn = crate::db::begin_write(db).await?;
    let firm = unlisted::Entity::find_by_id(unlisted_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if firm.claimed_provider_id.is_some() {
        return Err(AppError::invalid("claim", crate::i18n::t().claim_error_done));
    }
    let open = claim::Entity::find()
        .filter(claim::Column::UnlistedId.eq(unlisted_id))
        .filter(claim::Column::ClaimantId.eq(actor.id))
        .filter(claim::Column::Status.eq(CLAIM_PENDING))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(AppError::invalid("claim", crate::i18n::t().claim_error_pending));
    }
    let c = claim::ActiveModel {
        unlisted_id: Set(unlisted_id),
        claimant_id: Set(actor.id),
        form: Set(serde_json::to_string(form).map_err(|_| AppError::Internal)?),
        status: Set(CLAIM_PENDING.into()),
        provider_id: Set(None),
        decided_by: Set(None),
        created_at: Set(Utc::now()),
        decided_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(c.id)
}

/// Pending claims, oldest first.
pub async fn pending(db: &DatabaseConnection) -> Result<Vec<ClaimView>, AppError> {
    let rows = claim::Entity::find().filter(claim::Column::Status.eq(CLAIM_PENDING)).order_by_asc(claim::Column::CreatedAt).limit(200).all(db).await?;
    let firms = unlisted::Entity::find().filter(unlisted::Column::Id.is_in(rows.iter().map(|c| c.unlisted_id))).all(db).await?;
    let people = app_user::Entity::find().filter(app_user::Column::Id.is_in(rows.iter().map(|c| c.claimant_id))).all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|c| {
            let firm = firms.iter().find(|f| f.id == c.unlisted_id)?;
            let form: ProviderForm = serde_json::from_str(&c.form).ok()?;
            Some(ClaimView {
                id: c.id,
                unlisted_name: firm.name.clone(),
                unlisted_town: firm.town.clone(),
                claimant: people.iter().find(|p| p.id == c.claimant_id).map(|p| p.display_name.clone()).unwrap_or_default(),
                provider_name: form.name,
                created_at: c.created_at,
            })
        })
        .collect())
}

/// Approves (creates the provider, moves the recommendations) or rejects a
/// pending claim, in one transaction with its audit entry. Returns the new
/// provider's id on approval.
pub async fn decide(db: &DatabaseConnection, r: &Reference, moderator: &Account, claim_id: i32, approve: bool) -> Result<Option<i32>, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let c = claim::Entity::find_by_id(claim_id).filter(claim::Column::Status.eq(CLAIM_PENDING)).one(&txn).await?.ok_or(AppError::NotFound)?;
    let firm = unlisted::Entity::find_by_id(c.unlisted_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let before = json!({"status": c.status, "unlisted": {"id": firm.id, "name": firm.name, "town": firm.town}});
    let now = Utc::now();
    let mut m: claim::ActiveModel = c.clone().into();
    m.decided_by = Set(Some(moderator.id));
    m.decided_at = Set(Some(now));
    let provider_id = if approve {
        let form: ProviderForm = serde_json::from_str(&c.form).map_err(|_| AppError::Internal)?;
        // Checked again: the reference data may have changed since the claim.
        let draft = ProviderDraft::parse(&form, &r.categories, &r.districts).map_err(|e| {
            let (field, message) = e.into_iter().next().unwrap_or(("name", String::new()));
            AppError::invalid(field, message)
        })?;
        let p = crate::providers::door::create_in(&txn, &draft, c.claimant_id).await?;
        // The new owner's own recommendations and seconds of the firm would
        // now be for their own provider, which nobody may do: they go.
        let of_firm: Vec<i32> = rec::Entity::find().select_only().column(rec::Column::Id).filter(rec::Column::UnlistedId.eq(firm.id)).into_tuple().all(&txn).await?;
        second::Entity::delete_many()
            .filter(second::Column::UserId.eq(c.claimant_id))
            .filter(second::Column::RecommendationId.is_in(of_firm))
            .exec(&txn)
            .await?;
        let own: Vec<i32> =
            rec::Entity::find().select_only().column(rec::Column::Id).filter(rec::Column::UnlistedId.eq(firm.id)).filter(rec::Column::AuthorId.eq(c.claimant_id)).into_tuple().all(&txn).await?;
        second::Entity::delete_many().filter(second::Column::RecommendationId.is_in(own.clone())).exec(&txn).await?;
        rec::Entity::delete_many().filter(rec::Column::Id.is_in(own)).exec(&txn).await?;
        rec::Entity::update_many()
            .col_expr(rec::Column::ProviderId, Expr::value(p.id))
            .col_expr(rec::Column::UnlistedId, Expr::value(Option::<i32>::None))
            .filter(rec::Column::UnlistedId.eq(firm.id))
            .exec(&txn)
            .await?;
        let mut f: unlisted::ActiveModel = firm.into();
        f.claimed_provider_id = Set(Some(p.id));
        f.update(&txn).await?;
        // Other people's claims of the same firm are settled with it.
        claim::Entity::update_many()
            .col_expr(claim::Column::Status, Expr::value(CLAIM_REJECTED))
            .col_expr(claim::Column::DecidedBy, Expr::value(moderator.id))
            .col_expr(claim::Column::DecidedAt, Expr::value(now))
            .filter(claim::Column::UnlistedId.eq(c.unlisted_id))
            .filter(claim::Column::Status.eq(CLAIM_PENDING))
            .filter(claim::Column::Id.ne(claim_id))
            .exec(&txn)
            .await?;
        m.status = Set(CLAIM_APPROVED.into());
        m.provider_id = Set(Some(p.id));
        Some(p.id)
    } else {
        m.status = Set(CLAIM_REJECTED.into());
        None
    };
    m.update(&txn).await?;
    let action = if approve { "unlisted.claim_approve" } else { "unlisted.claim_reject" };
    let after = json!({"status": if approve { CLAIM_APPROVED } else { CLAIM_REJECTED }, "provider_id": provider_id, "claimant_id": c.claimant_id});
    crate::audit::store::record(&txn, moderator.id, action, "unlisted_claim", claim_id, Some(before), Some(after)).await?;
    txn.commit().await?;
    Ok(provider_id)
}
