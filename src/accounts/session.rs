//! Server-side sessions: the browser holds a random token in an HttpOnly
//! cookie, the database holds its SHA-256 and the expiry, so every app
//! instance sees the same sessions and a leaked table signs nobody in.
pub const COOKIE: &str = "scd_sitzung";
pub const SESSION_DAYS: i64 = 30;

pub use crate::server::token::{cookie, hash_token, new_token};

/// The one notion of "served over TLS" (the session cookie is `Secure`
/// then): the public address is `https://` (`SCD_PUBLIC_URL`), or a proxy
/// in front says the request came over TLS.
pub fn is_tls(public_url: &str, headers: &http::HeaderMap) -> bool {
    public_url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        || headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

pub fn set_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        SESSION_DAYS * 24 * 3600,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

pub fn token_from(headers: &http::HeaderMap) -> Option<String> {
    cookie(headers, COOKIE)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, hash_token(&a));
        assert_eq!(ha.len(), 64);
    }

    #[test]
    fn cookie_attributes() {
        let c = set_cookie("abc", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(set_cookie("abc", true).ends_with("; Secure"));
        let mut h = http::HeaderMap::new();
        h.insert(http::header::COOKIE, "sprache=en; scd_sitzung=tok123".parse().unwrap());
        assert_eq!(token_from(&h).as_deref(), Some("tok123"));
        assert!(!is_tls("http://127.0.0.1:3000", &h));
        assert!(is_tls("https://duisburg.example", &h), "an https public address, whatever the proxy says");
        h.insert("x-forwarded-proto", "HTTPS".parse().unwrap());
        assert!(is_tls("http://127.0.0.1:3000", &h));
    }
}
