//! The notices of requests for quotes: in the app (`notifications`) and by
//! mail through the durable outbox, written in the transaction of the
//! change they tell of. A notice names the request, never its personal
//! details.
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::db::entities::{app_user, provider, provider_member, quote_notice, quote_request as request};
use crate::notifications::{store as inbox, Kind};
use crate::server::outbox::{enqueue, Mail};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// To providers: a request they may answer.
    NewRequest,
    /// To the resident: a quote arrived.
    NewQuote,
    Revised,
    QuoteWithdrawn,
    /// To providers: their quote was accepted, declined, or another was.
    Accepted,
    Declined,
    Superseded,
    /// To providers: the request was withdrawn or removed.
    Withdrawn,
    /// A message in a quote's thread.
    Message,
    /// To the resident: the quoting period ends within 24 hours, or ended.
    ClosesSoon,
    Expired,
}

impl Notice {
    fn kind(self) -> Kind {
        match self {
            Self::NewRequest => Kind::QuoteRequestNew,
            Self::NewQuote => Kind::QuoteReceived,
            Self::Revised => Kind::QuoteRevised,
            Self::QuoteWithdrawn => Kind::QuoteWithdrawn,
            Self::Accepted => Kind::QuoteAccepted,
            Self::Declined => Kind::QuoteDeclined,
            Self::Superseded => Kind::QuoteSuperseded,
            Self::Withdrawn => Kind::QuoteRequestWithdrawn,
            Self::Message => Kind::QuoteMessage,
            Self::ClosesSoon => Kind::QuoteRequestClosesSoon,
            Self::Expired => Kind::QuoteRequestExpired,
        }
    }
}

fn link(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// In the app for everyone; by mail to everyone but `no_mail` (those who
/// take new requests in the daily mail, `digests`).
async fn tell<C: ConnectionTrait>(db: &C, base: &str, user_ids: &[i32], no_mail: &[i32], notice: Notice, path: &str, title: &str) -> Result<(), DbErr> {
    let x = crate::i18n::Locale::De.texts();
    let kind = notice.kind();
    let users = app_user::Entity::find().filter(app_user::Column::Id.is_in(user_ids.to_vec())).all(db).await?;
    for u in users {
        inbox::push(db, u.id, kind, path, Some(title)).await?;
        if no_mail.contains(&u.id) {
            continue;
        }
        let body = crate::i18n::fill(x.quote_mail_body, &[("what", kind.text_in(crate::i18n::Locale::De)), ("title", title), ("link", &link(base, path))]);
        enqueue(db, &Mail::new(&u.email, x.quote_mail_subject, body)).await?;
    }
    Ok(())
}

/// Every member of the provider.
pub async fn providers<C: ConnectionTrait>(db: &C, base: &str, provider_id: i32, notice: Notice, r: &request::Model) -> Result<(), DbErr> {
    if provider::Entity::find_by_id(provider_id).one(db).await?.is_none() {
        return Ok(());
    }
    let members: Vec<i32> =
        provider_member::Entity::find().filter(provider_member::Column::ProviderId.eq(provider_id)).all(db).await?.into_iter().map(|m| m.user_id).collect();
    let daily: Vec<i32> = if notice == Notice::NewRequest {
        quote_notice::Entity::find()
            .filter(quote_notice::Column::ProviderId.eq(provider_id))
            .filter(quote_notice::Column::Daily.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|n| n.user_id)
            .collect()
    } else {
        Vec::new()
    };
    tell(db, base, &members, &daily, notice, &super::board_request_path(provider_id, r.id), &r.title).await
}

/// The daily mail of new requests, for everyone who chose it and has not
/// had one for 24 hours: the new-request notices since the last one. Each
/// person's row is claimed by its `digest_at`, so two instances never send
/// the same digest. Returns how many mails were queued.
pub async fn digests(db: &sea_orm::DatabaseConnection, base: &str, now: chrono::DateTime<chrono::Utc>) -> Result<usize, DbErr> {
    use sea_orm::sea_query::Expr;
    use sea_orm::QueryOrder;
    use crate::db::entities::notification;
    let day_ago = now - chrono::Duration::hours(24);
    let due = quote_notice::Entity::find()
        .filter(quote_notice::Column::Daily.eq(true))
        .filter(sea_orm::Condition::any().add(quote_notice::Column::DigestAt.is_null()).add(quote_notice::Column::DigestAt.lte(day_ago)))
        .all(db)
        .await?;
    let x = crate::i18n::Locale::De.texts();
    let mut sent = 0;
    for n in due {
        let txn = crate::db::begin_write(db).await?;
        let mut claim = quote_notice::Entity::update_many()
            .col_expr(quote_notice::Column::DigestAt, Expr::value(now))
            .filter(quote_notice::Column::ProviderId.eq(n.provider_id))
            .filter(quote_notice::Column::UserId.eq(n.user_id));
        claim = match n.digest_at {
            Some(at) => claim.filter(quote_notice::Column::DigestAt.eq(at)),
            None => claim.filter(quote_notice::Column::DigestAt.is_null()),
        };
        if claim.exec(&txn).await?.rows_affected != 1 {
            continue;
        }
        let since = n.digest_at.unwrap_or(day_ago);
        let news = notification::Entity::find()
            .filter(notification::Column::UserId.eq(n.user_id))
            .filter(notification::Column::Kind.eq(Kind::QuoteRequestNew.as_str()))
            .filter(notification::Column::Link.starts_with(format!("{}/", super::board_path(n.provider_id))))
            .filter(notification::Column::CreatedAt.gt(since))
            .order_by_asc(notification::Column::Id)
            .all(&txn)
            .await?;
        let to = app_user::Entity::find_by_id(n.user_id).one(&txn).await?;
        if let (false, Some(u)) = (news.is_empty(), to) {
            let lines: Vec<String> = news.iter().map(|m| format!("- {}: {}", m.detail.clone().unwrap_or_default(), link(base, &m.link))).collect();
            let body = crate::i18n::fill(x.quote_digest_body, &[("n", &news.len().to_string()), ("list", &lines.join("\n"))]);
            enqueue(&txn, &Mail::new(&u.email, x.quote_digest_subject, body)).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    if sent > 0 {
        crate::server::outbox::queued();
    }
    Ok(sent)
}

/// The resident who asked (`provider_id`: the quote's provider, unused in
/// the text: the page shows which).
pub async fn resident<C: ConnectionTrait>(db: &C, base: &str, r: &request::Model, notice: Notice, _provider_id: i32) -> Result<(), DbErr> {
    tell(db, base, &[r.user_id], &[], notice, &super::request_path(r.id), &r.title).await
}
