//! The one application error. Server functions return it; it maps to an HTTP
//! status and a German message for the user, and never carries internal
//! error text to the browser.
use http::StatusCode;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::t;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input: {field}")]
    Invalid { field: String, message: String },
    /// Only for signed-in people.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// Someone else saved first (optimistic locking): what the record holds now.
    #[error("edit conflict")]
    Conflict { current_version: i32, changes: Vec<FieldChange> },
    #[error("internal error")]
    Internal,
    /// Too many of this action in a while (a rate limit).
    #[error("rate limited")]
    RateLimited,
    /// The database is unreachable for the moment: try again shortly
    /// (503 with `Retry-After`; nothing the person typed is lost).
    #[error("database unavailable")]
    Unavailable,
    /// The request never reached the server function or its answer was unreadable.
    #[error("transport: {0}")]
    Transport(String),
}

pub type AppResult<T> = Result<T, AppError>;

/// One field that differs between what someone submitted and what is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub saved: String,
    pub yours: String,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.to_owned(), message: message.into() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Invalid { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Transport(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// What the resident reads; localized, never internal details.
    pub fn user_message(&self) -> String {
        match self {
            Self::NotFound => t().not_found_text.to_owned(),
            Self::Invalid { message, .. } => message.clone(),
            Self::Unauthenticated => t().error_unauthenticated.to_owned(),
            Self::Forbidden => t().error_forbidden.to_owned(),
            Self::Conflict { .. } => t().error_conflict.to_owned(),
            Self::Internal => t().error_internal.to_owned(),
            Self::RateLimited => t().error_rate_limited.to_owned(),
            Self::Unavailable => t().error_unavailable.to_owned(),
            Self::Transport(_) => t().error_transport.to_owned(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// The framework's wording names our types and fields: on the server it
    /// goes to the log, and the browser gets our text only.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        tracing::info!(error = %value, "server function call failed before it ran");
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => Self::invalid("request", t().error_bad_request),
            // The browser keeps the detail of its own transport failures for the console.
            other => Self::Transport(if cfg!(feature = "ssr") { String::new() } else { other.to_string() }),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Puts the error's status on the HTTP response being built, for a
    /// server function called over HTTP as for a page rendered on the server.
    pub fn with_status(self) -> Self {
        // Refusals are part of normal use, but a reason in the log explains a 4xx.
        if let Self::Invalid { field, message } = &self {
            tracing::info!(%field, %message, "request refused");
        }
        if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(self.status());
            if self == Self::Unavailable {
                resp.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from_static(RETRY_AFTER_SECONDS));
            }
        }
        self
    }
}

/// `Retry-After` of a 503: the database is usually back within seconds.
pub const RETRY_AFTER_SECONDS: &str = "5";

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if crate::db::unreachable(&err) {
            tracing::warn!(error = %err, "database unreachable");
            return Self::Unavailable;
        }
        tracing::error!(error = %err, "database error");
        Self::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_messages() {
        assert_eq!(AppError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(AppError::invalid("seite", "x").status(), StatusCode::BAD_REQUEST);
        assert_eq!(AppError::Internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(AppError::Unauthenticated.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(AppError::Forbidden.status(), StatusCode::FORBIDDEN);
        assert_eq!(AppError::Conflict { current_version: 2, changes: vec![] }.status(), StatusCode::CONFLICT);
        assert_eq!(AppError::Unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(!AppError::Unavailable.user_message().is_empty());
        // Internal errors never leak details to the user.
        assert!(!AppError::Internal.user_message().contains("database"));
    }
}
