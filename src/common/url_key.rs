//! German, readable URLs carry `{id}-{slug}`. The id decides; a stale or
//! missing slug redirects to the canonical URL.

/// Splits "42-dachdeckerei-kraemer" into (42, "dachdeckerei-kraemer").
pub fn parse(key: &str) -> Option<(i32, &str)> {
    let (id, slug) = match key.split_once('-') {
        Some((id, slug)) => (id, slug),
        None => (key, ""),
    };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let id: i32 = id.parse().ok()?;
    (id > 0).then_some((id, slug))
}

pub fn key(id: i32, slug: &str) -> String {
    if slug.is_empty() { id.to_string() } else { format!("{id}-{slug}") }
}

pub fn offer_path(id: i32, slug: &str) -> String {
    format!("/angebote/{}", key(id, slug))
}

pub fn provider_path(id: i32, slug: &str) -> String {
    format!("/anbieter/{}", key(id, slug))
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// URL slug, short enough for a readable link.
#[cfg(feature = "ssr")]
pub fn short_slug(s: &str) -> String {
    let full = migration::reference::slugify(s);
    let mut out = String::new();
    for part in full.split('-') {
        if !out.is_empty() && out.len() + part.len() + 1 > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys() {
        assert_eq!(parse("42-dach-und-fach"), Some((42, "dach-und-fach")));
        assert_eq!(parse("42"), Some((42, "")));
        assert_eq!(parse("0-x"), None);
        assert_eq!(parse("abc-x"), None);
        assert_eq!(parse("-5"), None);
        assert_eq!(parse("99999999999-x"), None);
        assert_eq!(offer_path(7, "wohnung"), "/angebote/7-wohnung");
        assert_eq!(provider_path(7, ""), "/anbieter/7");
    }
}
