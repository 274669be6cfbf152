//! Reports in the database: filing one (by a person or automatically), the
//! moderation queue with the reported content in context, and decisions,
//! which hide or restore the content, notify its author and the reporters,
//! and land in the audit log — all in one transaction.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::domain::{Content, Decision, NewReport, QueueItem, Reason, Target};
use crate::common::url_key;
use crate::db::entities::{offer, provider, provider_member, recommendation, report, review, review_reply};
use crate::notifications::{store as notify, Kind};
use crate::reviews::store::PUBLISHED;
use crate::reviews::write::{set_published, HIDDEN};

pub const OPEN: &str = "open";

pub async fn file<C: ConnectionTrait>(db: &C, r: &NewReport, reporter_id: Option<i32>) -> Result<i32, DbErr> {
    Ok(report::ActiveModel {
        target_kind: Set(r.target.as_str().to_owned()),
        target_id: Set(r.target_id),
        reason: Set(r.reason.as_str().to_owned()),
        explanation: Set(r.explanation.clone()),
        reporter_name: Set(r.name.clone()),
        reporter_email: Set(r.email.clone()),
        reporter_id: Set(reporter_id),
        automatic: Set(false),
        status: Set(OPEN.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// The platform's own report: the same review text under several accounts.
pub async fn file_duplicate_text<C: ConnectionTrait>(db: &C, review_id: i32) -> Result<(), DbErr> {
    report::ActiveModel {
        target_kind: Set(Target::Review.as_str().to_owned()),
        target_id: Set(review_id),
        reason: Set(Reason::Fake.as_str().to_owned()),
        explanation: Set(crate::i18n::Locale::De.texts().report_duplicate_text.to_owned()),
        automatic: Set(true),
        status: Set(OPEN.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Whether the reported thing exists (reports of nothing are refused).
pub async fn target_exists<C: ConnectionTrait>(db: &C, target: Target, id: i32) -> Result<bool, DbErr> {
    Ok(content(db, target, id).await?.is_some())
}

/// The content of a target, for the queue and the report form.
pub async fn content<C: ConnectionTrait>(db: &C, target: Target, id: i32) -> Result<Option<Content>, DbErr> {
    Ok(match target {
        Target::Review => match review::Entity::find_by_id(id).one(db).await? {
            Some(r) => {
                let link = provider_link(db, r.provider_id).await?;
                Some(Content { heading: r.title, text: r.body, link: format!("{link}#bewertung-{id}"), visible: r.status == PUBLISHED })
            }
            None => None,
        },
        Target::Reply => match review_reply::Entity::find_by_id(id).one(db).await? {
            Some(r) => {
                let link = provider_link(db, r.provider_id).await?;
                Some(Content { heading: String::new(), text: r.body, link: format!("{link}#bewertung-{}", r.review_id), visible: r.status == PUBLISHED })
            }
            None => None,
        },
        Target::Offer => offer::Entity::find_by_id(id).one(db).await?.map(|o| Content {
            link: url_key::offer_path(o.id, &o.slug),
            heading: o.title,
            text: o.description,
            visible: o.status == PUBLISHED,
        }),
        Target::Provider => provider::Entity::find_by_id(id).one(db).await?.map(|p| Content {
            link: url_key::provider_path(p.id, &p.slug),
            heading: p.name,
            text: p.description,
            visible: true,
        }),
        Target::Recommendation => recommendation::Entity::find_by_id(id).one(db).await?.map(|r| Content {
            link: format!("/empfehlungen#empfehlung-{}", r.id),
            heading: String::new(),
            text: r.reason,
            visible: r.status == PUBLISHED,
        }),
        Target::QuoteRequest | Target::Quote => crate::quotes::store::reported(db, target == Target::Quote, id).await?.map(|(heading, text, link, visible)| Content { heading, text, link, visible }),
    })
}

/// Whether `who` may report the target: public content anyone; a request
/// for quotes only the providers' people who see it, a quote only the
/// resident it was made to (nobody else may even learn it exists).
pub async fn may_report<C: ConnectionTrait>(db: &C, who: Option<&crate::accounts::domain::Account>, target: Target, id: i32) -> Result<bool, DbErr> {
    match target {
        Target::QuoteRequest | Target::Quote => match who {
            Some(a) => crate::quotes::store::may_report(db, a.id, target == Target::Quote, id).await,
            None => Ok(false),
        },
        _ => Ok(true),
    }
}

async fn provider_link<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<String, DbErr> {
    Ok(provider::Entity::find_by_id(provider_id).one(db).await?.map(|p| url_key::provider_path(p.id, &p.slug)).unwrap_or_default())
}

/// Hides or shows a target again; returns the people responsible for it
/// (to be told why), or None if it cannot be hidden here.
async fn set_visible<C: ConnectionTrait>(db: &C, base: &str, target: Target, id: i32, visible: bool, moderator: i32, reason: &str) -> Result<Option<Vec<i32>>, DbErr> {
    let status = if visible { PUBLISHED } else { HIDDEN };
    Ok(match target {
        Target::Review => set_published(db, id, visible, reason).await?.map(|r| vec![r.author_id]),
        Target::Reply => {
            let Some(r) = review_reply::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
            review_reply::Entity::update_many()
                .col_expr(review_reply::Column::Status, Expr::value(status))
                .col_expr(review_reply::Column::ModerationReason, Expr::value(reason.to_owned()))
                .filter(review_reply::Column::Id.eq(id))
                .exec(db)
                .await?;
            Some(members(db, r.provider_id).await?)
        }
        Target::Offer => {
            // Through the offers' door: it keeps the state a hide came from
            // and lets only moderators lift it. An offer its provider deleted
            // meanwhile stays deleted; the report is still decided.
            let Some(o) = offer::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
            if visible {
                crate::offers::door::restore_in(db, id, moderator, reason).await?;
            } else {
                crate::offers::door::hide_in(db, id, moderator, reason).await?;
            }
            Some(members(db, o.provider_id).await?)
        }
        Target::Recommendation => {
            let Some(r) = recommendation::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
            recommendation::Entity::update_many()
                .col_expr(recommendation::Column::Status, Expr::value(status))
                .col_expr(recommendation::Column::ModerationReason, Expr::value(reason.to_owned()))
                .filter(recommendation::Column::Id.eq(id))
                .exec(db)
                .await?;
            Some(vec![r.author_id])
        }
        // A provider profile is not hidden by a report; moderators act on its offers.
        Target::Provider => None,
        // Removed through the requests' door, for good (no restore).
        Target::QuoteRequest if !visible => crate::quotes::upkeep::remove_in(db, base, moderator, id).await?.map(|resident| vec![resident]),
        Target::Quote if !visible => crate::quotes::upkeep::remove_quote_in(db, base, moderator, id).await?,
        Target::QuoteRequest | Target::Quote => None,
    })
}

async fn members<C: ConnectionTrait>(db: &C, provider_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(provider_member::Entity::find().filter(provider_member::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|m| m.user_id).collect())
}

/// Open reports oldest first, then the content hidden on a report (to restore).
pub async fn queue<C: ConnectionTrait>(db: &C) -> Result<Vec<QueueItem>, DbErr> {
    let rows = report::Entity::find()
        .filter(report::Column::Status.is_in([OPEN, Decision::Hide.as_str()]))
        .order_by_asc(report::Column::CreatedAt)
        .order_by_asc(report::Column::Id)
        .limit(300)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (Some(target), Some(reason)) = (Target::parse(&r.target_kind), Reason::parse(&r.reason)) else { continue };
        out.push(QueueItem {
            id: r.id,
            target,
            target_id: r.target_id,
            reason,
            explanation: r.explanation,
            automatic: r.automatic,
            reporter: r.reporter_name.or(r.reporter_email),
            status: r.status,
            created_at: r.created_at,
            content: content(db, target, r.target_id).await?,
        });
    }
    Ok(out)
}

/// The reporters' e-mail addresses to tell, and what changed (for live updates).
pub struct Decided {
    pub mails: Vec<String>,
    pub target: Target,
    pub target_id: i32,
}

#[derive(Debug)]
pub enum DecideError {
    NotFound,
    /// This kind of content cannot be hidden, or the decision does not fit the report's state.
    NotApplicable,
    Db(DbErr),
}

impl From<DbErr> for DecideError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

/// A moderator decides a report. Every open report about the same content
/// gets the same decision. Returns the reporters' e-mail addresses to tell.
/// `letter` writes the outcome mail to one reporter; the mails are queued in
/// the decision's transaction.
pub async fn decide(
    db: &DatabaseConnection,
    base: &str,
    report_id: i32,
    moderator: i32,
    decision: Decision,
    statement: &str,
    letter: impl Fn(&str) -> crate::server::outbox::Mail,
) -> Result<Decided, DecideError> {
    let txn = crate::db::begin_write(db).await?;
    let r = report::Entity::find_by_id(report_id).one(&txn).await?.ok_or(DecideError::NotFound)?;
    let target = Target::parse(&r.target_kind).ok_or(DecideError::NotFound)?;
    let fits = match decision {
        Decision::Hide | Decision::Dismiss => r.status == OPEN,
        Decision::Restore => r.status == Decision::Hide.as_str(),
    };
    if !fits {
        return Err(DecideError::NotApplicable);
    }
    let link = content(&txn, target, r.target_id).await?.map(|c| c.link).unwrap_or_else(|| "/".to_owned());
    if decision != Decision::Dismiss {
        let authors = set_visible(&txn, base, target, r.target_id, decision == Decision::Restore, moderator, statement).await?.ok_or(DecideError::NotApplicable)?;
        let kind = if decision == Decision::Hide { Kind::ContentHidden } else { Kind::ContentRestored };
        for a in authors {
            notify::push(&txn, a, kind, &link, Some(statement)).await?;
        }
    }
    let from = if decision == Decision::Restore { Decision::Hide.as_str() } else { OPEN };
    let affected = report::Entity::find()
        .filter(report::Column::TargetKind.eq(target.as_str()))
        .filter(report::Column::TargetId.eq(r.target_id))
        .filter(report::Column::Status.eq(from))
        .all(&txn)
        .await?;
    report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(decision.as_str()))
        .col_expr(report::Column::Decision, Expr::value(statement.to_owned()))
        .col_expr(report::Column::DecidedBy, Expr::value(moderator))
        .col_expr(report::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(report::Column::Id.is_in(affected.iter().map(|a| a.id)))
        .exec(&txn)
        .await?;
    let mut mails = Vec::new();
    for a in &affected {
        if let Some(u) = a.reporter_id {
            notify::push(&txn, u, Kind::ReportDecided, &link, Some(&format!("{}: {statement}", decision.label()))).await?;
        }
        mails.extend(a.reporter_email.clone());
    }
    let after = serde_json::json!({"report_id": report_id, "reports": affected.iter().map(|a| a.id).collect::<Vec<_>>(), "decision": decision.as_str(), "statement": statement});
    crate::audit::store::record(&txn, moderator, &format!("report.{}", decision.as_str()), target.as_str(), r.target_id, None, Some(after)).await?;
    mails.sort();
    mails.dedup();
    for to in &mails {
        crate::server::outbox::enqueue(&txn, &letter(to)).await?;
    }
    txn.commit().await?;
    crate::changes::committed();
    crate::server::outbox::queued();
    Ok(Decided { mails, target, target_id: r.target_id })
}

/// Account deletion: the person's reports stay (the decisions need them)
/// without their name, address or account.
pub async fn forget_reporter<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
    report::Entity::update_many()
        .col_expr(report::Column::ReporterName, Expr::value(Option::<String>::None))
        .col_expr(report::Column::ReporterEmail, Expr::value(Option::<String>::None))
        .col_expr(report::Column::ReporterId, Expr::value(Option::<i32>::None))
        .filter(report::Column::ReporterId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
