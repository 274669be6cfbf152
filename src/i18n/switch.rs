//! `GET /sprache/{code}?zurueck=/path`: keeps the choice in a cookie and sends
//! the resident back to the page they were on. A plain link, so it works
//! without JavaScript; the reload renders the page in the new language.
use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Locale, COOKIE};

#[derive(Deserialize)]
pub struct Back {
    zurueck: Option<String>,
}

/// Only paths on this site: "//evil.example" or "/\evil" would leave it.
pub fn safe_return_path(raw: Option<&str>) -> &str {
    match raw {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") && !p.chars().any(char::is_control) => p,
        _ => "/",
    }
}

pub async fn switch(Path(code): Path<String>, Query(back): Query<Back>, headers: HeaderMap) -> Response {
    let Some(locale) = Locale::parse(&code).filter(|l| l.code() == code) else {
        return (StatusCode::NOT_FOUND, super::from_headers(&headers).texts().not_found_title).into_response();
    };
    let secure = headers.get("x-forwarded-proto").is_some_and(|v| v == "https");
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{}",
        locale.code(),
        if secure { "; Secure" } else { "" }
    );
    let target = safe_return_path(back.zurueck.as_deref()).to_owned();
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, target)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths() {
        assert_eq!(safe_return_path(Some("/angebote?q=dach&bezirk=mitte")), "/angebote?q=dach&bezirk=mitte");
        assert_eq!(safe_return_path(Some("//evil.example/")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("/a\r\nSet-Cookie: x=1")), "/");
        assert_eq!(safe_return_path(None), "/");
    }
}
