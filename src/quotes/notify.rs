//! The notices of requests for quotes: in the app (`notifications`) and by
//! mail through the durable outbox, written in the transaction of the
//! change they tell of. A notice names the request, never its personal
//! details.
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::db::entities::{app_user, provider, provider_member, quote_request as request};
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

async fn tell<C: ConnectionTrait>(db: &C, base: &str, user_ids: &[i32], notice: Notice, path: &str, title: &str) -> Result<(), DbErr> {
    let x = crate::i18n::Locale::De.texts();
    let kind = notice.kind();
    let users = app_user::Entity::find().filter(app_user::Column::Id.is_in(user_ids.to_vec())).all(db).await?;
    for u in users {
        inbox::push(db, u.id, kind, path, Some(title)).await?;
        let body = x.quote_mail_body.replace("{what}", kind.text_in(crate::i18n::Locale::De)).replace("{title}", title).replace("{link}", &link(base, path));
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
    tell(db, base, &members, notice, &super::board_request_path(provider_id, r.id), &r.title).await
}

/// The resident who asked (`provider_id`: the quote's provider, unused in
/// the text: the page shows which).
pub async fn resident<C: ConnectionTrait>(db: &C, base: &str, r: &request::Model, notice: Notice, _provider_id: i32) -> Result<(), DbErr> {
    tell(db, base, &[r.user_id], notice, &super::request_path(r.id), &r.title).await
}
