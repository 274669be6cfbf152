//! In-app notifications: a reply to one's review, a moderation decision on
//! one's content, the outcome of one's report. A counter in the header, a
//! page listing them with their read state.
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::common::error_view::ErrorView;
use crate::common::form::need_sign_in;
use crate::error::AppError;
use crate::i18n::{self, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// The provider answered the person's review.
    ReviewReply,
    /// Moderators hid the person's content (detail: the reasons).
    ContentHidden,
    /// Moderators showed it again (detail: the reasons).
    ContentRestored,
    /// The person's report was decided (detail: the reasons).
    ReportDecided,
    /// A saved search found offers (detail: its name).
    SearchMatches,
    /// A kept offer changed: cheaper, gone, back (detail: what).
    FavouriteChanged,
    /// Requests for quotes (detail: the request's title).
    QuoteRequestNew,
    QuoteReceived,
    QuoteRevised,
    QuoteWithdrawn,
    QuoteAccepted,
    QuoteDeclined,
    QuoteSuperseded,
    QuoteRequestWithdrawn,
    QuoteMessage,
    QuoteRequestClosesSoon,
    QuoteRequestExpired,
}

impl Kind {
    pub const ALL: [Kind; 17] = [
        Self::ReviewReply, Self::ContentHidden, Self::ContentRestored, Self::ReportDecided, Self::SearchMatches, Self::FavouriteChanged,
        Self::QuoteRequestNew, Self::QuoteReceived, Self::QuoteRevised, Self::QuoteWithdrawn, Self::QuoteAccepted, Self::QuoteDeclined,
        Self::QuoteSuperseded, Self::QuoteRequestWithdrawn, Self::QuoteMessage, Self::QuoteRequestClosesSoon, Self::QuoteRequestExpired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReviewReply => "review_reply",
            Self::ContentHidden => "content_hidden",
            Self::ContentRestored => "content_restored",
            Self::ReportDecided => "report_decided",
            Self::SearchMatches => "search_matches",
            Self::FavouriteChanged => "favourite_changed",
            Self::QuoteRequestNew => "quote_request_new",
            Self::QuoteReceived => "quote_received",
            Self::QuoteRevised => "quote_revised",
            Self::QuoteWithdrawn => "quote_withdrawn",
            Self::QuoteAccepted => "quote_accepted",
            Self::QuoteDeclined => "quote_declined",
            Self::QuoteSuperseded => "quote_superseded",
            Self::QuoteRequestWithdrawn => "quote_request_withdrawn",
            Self::QuoteMessage => "quote_message",
            Self::QuoteRequestClosesSoon => "quote_request_closes_soon",
            Self::QuoteRequestExpired => "quote_request_expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn text(self) -> &'static str {
        self.text_in(i18n::locale())
    }

    pub fn text_in(self, l: i18n::Locale) -> &'static str {
        let x = l.texts();
        match self {
            Self::ReviewReply => x.notify_review_reply,
            Self::ContentHidden => x.notify_content_hidden,
            Self::ContentRestored => x.notify_content_restored,
            Self::ReportDecided => x.notify_report_decided,
            Self::SearchMatches => x.notify_search_matches,
            Self::FavouriteChanged => x.notify_favourite_changed,
            Self::QuoteRequestNew => x.notify_quote_request_new,
            Self::QuoteReceived => x.notify_quote_received,
            Self::QuoteRevised => x.notify_quote_revised,
            Self::QuoteWithdrawn => x.notify_quote_withdrawn,
            Self::QuoteAccepted => x.notify_quote_accepted,
            Self::QuoteDeclined => x.notify_quote_declined,
            Self::QuoteSuperseded => x.notify_quote_superseded,
            Self::QuoteRequestWithdrawn => x.notify_quote_request_withdrawn,
            Self::QuoteMessage => x.notify_quote_message,
            Self::QuoteRequestClosesSoon => x.notify_quote_request_closes_soon,
            Self::QuoteRequestExpired => x.notify_quote_request_expired,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i32,
    pub kind: Kind,
    pub link: String,
    pub detail: Option<String>,
    pub read: bool,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[cfg(feature = "ssr")]
pub mod store {
    use chrono::Utc;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

    use super::{Kind, NotificationView};
    use crate::db::entities::notification;

    pub async fn push<C: ConnectionTrait>(db: &C, user_id: i32, kind: Kind, link: &str, detail: Option<&str>) -> Result<(), DbErr> {
        notification::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.as_str().to_owned()),
            link: Set(link.chars().take(300).collect()),
            detail: Set(detail.map(str::to_owned)),
            read_at: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }

    pub async fn list<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<Vec<NotificationView>, DbErr> {
        Ok(notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .order_by_desc(notification::Column::Id)
            .limit(200)
            .all(db)
            .await?
            .into_iter()
            .filter_map(|n| {
                Some(NotificationView { id: n.id, kind: Kind::parse(&n.kind)?, link: n.link, detail: n.detail, read: n.read_at.is_some(), at: n.created_at })
            })
            .collect())
    }

    pub async fn mark_all_read<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<(), DbErr> {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(db)
            .await?;
        Ok(())
    }
}

/// How many unread notifications the signed-in person has (None when signed out).
#[server(prefix = "/api", endpoint = "unread_notifications")]
pub async fn unread_notifications() -> Result<Option<u64>, AppError> {
    // Read with the session (`accounts::api::signed_in`): no query of its own.
    Ok(crate::accounts::api::signed_in().await?.map(|(_, unread)| unread))
}

#[server(prefix = "/api", endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Vec<NotificationView>, AppError> {
    let st = crate::app::state::app_state()?;
    let a = crate::accounts::api::current().await?.ok_or(AppError::Unauthenticated)?;
    Ok(store::list(&st.db, a.id).await?)
}

/// `POST /benachrichtigungen/gelesen`: marks all as read (works without JS).
#[cfg(feature = "ssr")]
pub async fn mark_read_route(
    axum::extract::State(st): axum::extract::State<crate::app::state::AppState>,
    headers: http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if let Ok(Some(a)) = crate::accounts::store::request_account(&st.db, &headers).await {
        if let Err(e) = store::mark_all_read(&st.db, a.id).await {
            tracing::error!(error = %e, "marking notifications read");
        }
    }
    (http::StatusCode::SEE_OTHER, [(http::header::LOCATION, "/benachrichtigungen")]).into_response()
}

/// The header's counter: a link to the list, with the unread count.
#[component]
pub fn NotificationBadge() -> impl IntoView {
    let count = OnceResource::new(unread_notifications());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                // The name is the visible text and more ("Benachrichtigungen 3
                // ungelesen"), so speech input can say what it sees (WCAG 2.5.3).
                count.await.ok().flatten().map(|n| {
                    let unread = if n > 0 { format!(" {}", t().notify_unread_count) } else { format!(" 0 {}", t().notify_unread_count) };
                    view! {
                        <a class="account-link notify-link" href="/benachrichtigungen">
                            {t().notify_title}
                            {(n > 0).then(|| view! { " "<span class="count-badge">{n}</span> })}
                            <span class="visually-hidden">{unread}</span>
                        </a>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_notifications());
    view! {
        <Title text=t().notify_title/>
        <div class="wrap narrow">
            <h1>{t().notify_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) if need_sign_in(&e, "/benachrichtigungen") => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p>{t().notify_none}</p> }.into_any(),
                        Ok(items) => {
                            let any_unread = items.iter().any(|n| !n.read);
                            view! {
                                {any_unread.then(|| view! {
                                    <form method="post" action="/benachrichtigungen/gelesen">
                                        <button type="submit" class="small">{t().notify_mark_read}</button>
                                    </form>
                                })}
                                <ul class="notification-list">
                                    {items.into_iter().map(|n| view! {
                                        <li class:unread=!n.read>
                                            <p>
                                                {(!n.read).then(|| view! { <strong class="badge">{t().notify_unread}</strong>" " })}
                                                <a href=n.link.clone()>{n.kind.text()}</a>
                                                " · "<time datetime=n.at.to_rfc3339()>{i18n::date(&n.at)}</time>
                                            </p>
                                            {n.detail.map(|d| {
                                                let reasons = matches!(n.kind, Kind::ContentHidden | Kind::ContentRestored | Kind::ReportDecided);
                                                view! { <p class="notification-detail">{reasons.then(|| view! { <span class="muted">{t().notify_reasons}" "</span> })}{d}</p> }
                                            })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
