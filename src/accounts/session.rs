//! Server-side sessions: the browser holds a random token in an HttpOnly
//! cookie, the database holds its SHA-256 and the expiry, so every app
//! instance sees the same sessions and a leaked table signs nobody in.
use base64::Engine;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "scd_sitzung";
pub const SESSION_DAYS: i64 = 30;

/// 32 random bytes, URL-safe: (token for the cookie or link, hash to store).
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

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
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, v)| *k == COOKIE && !v.is_empty())
        .map(|(_, v)| v.to_owned())
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
