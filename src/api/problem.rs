//! Errors as RFC 9457 problem details (`application/problem+json`), and the
//! extractors that turn every malformed request into one: a client's mistake
//! is a 400 naming the parameter, never a 500.
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::i18n::t;

pub const CONTENT_TYPE: &str = "application/problem+json";

/// The kinds of problem, each documented on the API page under its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    InvalidParameter,
    NotFound,
    MethodNotAllowed,
    Internal,
    Unavailable,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::InvalidParameter, Kind::NotFound, Kind::MethodNotAllowed, Kind::Internal, Kind::Unavailable];

    pub fn anchor(self) -> &'static str {
        match self {
            Self::InvalidParameter => "problem-invalid-parameter",
            Self::NotFound => "problem-not-found",
            Self::MethodNotAllowed => "problem-method-not-allowed",
            Self::Internal => "problem-internal",
            Self::Unavailable => "problem-unavailable",
        }
    }

    /// The problem type: a URI reference to its explanation on the API page.
    pub fn uri(self) -> String {
        format!("{}#{}", super::BASE, self.anchor())
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::InvalidParameter => "Invalid parameter",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::Internal => "Internal error",
            Self::Unavailable => "Temporarily unavailable",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            Self::InvalidParameter => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Self::InvalidParameter => "A query or path parameter is malformed or names something that does not exist; `parameter` says which. Fix the request before retrying.",
            Self::NotFound => "The provider (or path) does not exist.",
            Self::MethodNotAllowed => "The API is read-only: only GET (and HEAD) are served.",
            Self::Internal => "The server failed; the request may succeed later. No internal details are given.",
            Self::Unavailable => "The database is briefly unreachable; retry after the seconds in `Retry-After`. Offer lists are still served from memory meanwhile, marked with the header `X-Data-Stale: 1`.",
        }
    }
}

/// An RFC 9457 problem. `detail` is the message the website shows for the
/// same mistake, in German, the website's default language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// URI reference identifying the kind of problem; it resolves to its
    /// explanation on the API page.
    #[serde(rename = "type")]
    #[schema(example = "/api/v1#problem-invalid-parameter")]
    pub kind: String,
    /// Short summary of the kind of problem (English, fixed per type).
    #[schema(example = "Invalid parameter")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 400)]
    pub status: u16,
    /// What went wrong in this request (German, as on the website).
    #[schema(example = "Diese Kategorie gibt es nicht.")]
    pub detail: String,
    /// The query or path parameter at fault, for `invalid-parameter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "kategorie")]
    pub parameter: Option<String>,
}

impl Problem {
    pub fn new(kind: Kind, detail: String, parameter: Option<String>) -> Self {
        Self { kind: kind.uri(), title: kind.title().to_owned(), status: kind.status().as_u16(), detail, parameter }
    }

    pub fn invalid(parameter: &str, detail: &str) -> Self {
        Self::new(Kind::InvalidParameter, detail.to_owned(), Some(parameter.to_owned()))
    }

    pub fn not_found(detail: &str) -> Self {
        Self::new(Kind::NotFound, detail.to_owned(), None)
    }
}

impl From<AppError> for Problem {
    fn from(err: AppError) -> Self {
        let detail = err.user_message();
        match err {
            AppError::Invalid { field, .. } => Self::new(Kind::InvalidParameter, detail, Some(field)),
            AppError::NotFound => Self::new(Kind::NotFound, detail, None),
            // The read-only API calls nothing that needs a person or edits
            // anything, so these would be the server's mistake.
            AppError::Unauthenticated | AppError::Forbidden | AppError::Conflict { .. } | AppError::RateLimited => Self::new(Kind::Internal, t().error_internal.to_owned(), None),
            AppError::Internal | AppError::Transport(_) => Self::new(Kind::Internal, detail, None),
            AppError::Unavailable => Self::new(Kind::Unavailable, detail, None),
        }
    }
}

impl From<sea_orm::DbErr> for Problem {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::from(err).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut resp = (status, body).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS));
        }
        resp
    }
}

/// Unknown paths under the API.
pub async fn no_route() -> Problem {
    Problem::not_found(t().not_found_title)
}

pub async fn method_not_allowed() -> Response {
    let mut resp = Problem::new(Kind::MethodNotAllowed, t().error_bad_request.to_owned(), None).into_response();
    resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    resp
}

/// `Query` whose rejection is a problem. All parameters are strings, so
/// only a repeated parameter fails here; the handlers validate the values.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(Self(v)),
            Err(rejection) => {
                let detail = format!("{}: {}", t().error_bad_request, rejection.body_text());
                Err(Problem::new(Kind::InvalidParameter, detail, Some(repeated_field(&rejection.body_text()).unwrap_or("query").to_owned())))
            }
        }
    }
}

/// The parameter serde names in "duplicate field `seite`".
fn repeated_field(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// The `{id}` path segment: a positive 32-bit integer.
pub struct ApiId(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let bad = || Problem::invalid("id", t().error_bad_id);
        let Path(raw) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| bad())?;
        let id = raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(bad)?;
        Ok(Self(id))
    }
}

/// `pro_seite`: absent or blank means the default.
pub fn parse_per_page(raw: Option<&str>) -> Result<u64, Problem> {
    match raw.map(str::trim).filter(|p| !p.is_empty()) {
        None => Ok(super::DEFAULT_PER_PAGE),
        Some(p) => p
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=super::MAX_PER_PAGE).contains(n))
            .ok_or_else(|| Problem::invalid("pro_seite", t().error_bad_per_page)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_errors_become_problems() {
        let p = Problem::from(AppError::invalid("seite", "kaputt"));
        assert_eq!((p.status, p.parameter.as_deref(), p.detail.as_str()), (400, Some("seite"), "kaputt"));
        assert_eq!(p.kind, "/api/v1#problem-invalid-parameter");
        let internal = Problem::from(AppError::Internal);
        assert_eq!(internal.status, 500);
        assert_eq!(internal.parameter, None);
        assert_eq!(Problem::not_found("weg").status, 404);
    }

    #[test]
    fn per_page_bounds() {
        assert_eq!(parse_per_page(None), Ok(20));
        assert_eq!(parse_per_page(Some(" 100 ")), Ok(100));
        for bad in ["0", "101", "-5", "zehn", "99999999999999999999999"] {
            assert_eq!(parse_per_page(Some(bad)).unwrap_err().parameter.as_deref(), Some("pro_seite"), "{bad}");
        }
    }

    #[test]
    fn names_the_repeated_field() {
        assert_eq!(repeated_field("Failed to deserialize query string: duplicate field `seite`"), Some("seite"));
        assert_eq!(repeated_field("no field"), None);
    }
}
