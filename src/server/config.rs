//! Configuration from the environment, with defaults that run the embedded
//! SQLite demo out of the box.
use leptos::config::LeptosOptions;

use crate::db::DEFAULT_DATABASE_URL;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default, a file under `data/`) or `postgres://…`.
    pub database_url: String,
    /// `SCD_DEMO`: fill an empty database with the demo city (default on).
    pub seed_demo: bool,
    /// `SCD_LOG_FORMAT=json` for machine-readable logs.
    pub json_logs: bool,
    /// `SCD_PUBLIC_URL`: the address residents use, e.g. `https://duisburg.example`,
    /// as `scheme://host[:port]`. Needed when a proxy in front rewrites `Host`
    /// (writes from that origin are accepted); `https://` turns on HSTS.
    pub public_origin: Option<String>,
    /// Site address, root and pkg dir: `Leptos.toml`, overridden by `LEPTOS_*`.
    pub leptos: LeptosOptions,
    /// `SMTP_URL`: outgoing mail; without it mails are written to the log.
    pub smtp_url: Option<String>,
    /// `SCD_MAIL_FROM`: the sender of outgoing mail.
    pub mail_from: String,
    /// `SCD_MAIL_DIR` (default `data/mail`): where mails are written as
    /// files when there is no `SMTP_URL`.
    pub mail_dir: std::path::PathBuf,
    /// `SCD_TRUST_PROXY`: behind a reverse proxy, trust `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// `SCD_SIGNUPS_PER_IP_HOUR` (default 10): sign-ups one address may make
    /// per hour. The browser tests, all from 127.0.0.1, raise it.
    pub signups_per_ip_hour: i64,
    /// `SCD_METRICS_TOKEN`: serves `/metrics` on the site's address to
    /// requests with `Authorization: Bearer <token>` (unset: no `/metrics` there).
    pub metrics_token: Option<String>,
    /// `SCD_METRICS_ADDR`, e.g. `127.0.0.1:9464`: `/metrics` without a token
    /// on a listener of its own, for a private network.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// `SCD_QUOTES_PER_REQUEST` (default 5, 1–20): quotes one request for
    /// quotes takes before it closes to new ones.
    pub quotes_per_request: i32,
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let database_url = std::env::var("DATABASE_URL")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err("DATABASE_URL must start with sqlite: or postgres://".into());
        }
        let public_origin = match std::env::var("SCD_PUBLIC_URL").ok().filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(url) => Some(public_origin(&url)?),
        };
        let flag = |name: &str, default: bool| match std::env::var(name).ok().as_deref().map(str::trim) {
            Some("0" | "false" | "no" | "off") => false,
            Some("1" | "true" | "yes" | "on") => true,
            _ => default,
        };
        Ok(Self {
            database_url,
            seed_demo: flag("SCD_DEMO", true),
            json_logs: std::env::var("SCD_LOG_FORMAT").is_ok_and(|v| v == "json"),
            public_origin,
            leptos: leptos_options()?,
            smtp_url: non_empty("SMTP_URL"),
            mail_from: non_empty("SCD_MAIL_FROM").unwrap_or_else(|| crate::server::mail::DEFAULT_FROM.to_owned()),
            mail_dir: non_empty("SCD_MAIL_DIR").unwrap_or_else(|| "data/mail".to_owned()).into(),
            trust_proxy: flag("SCD_TRUST_PROXY", false),
            signups_per_ip_hour: match non_empty("SCD_SIGNUPS_PER_IP_HOUR") {
                None => DEFAULT_SIGNUPS_PER_IP_HOUR,
                Some(v) => v.parse().ok().filter(|n| *n > 0).ok_or("SCD_SIGNUPS_PER_IP_HOUR must be a positive number")?,
            },
            metrics_token: match non_empty("SCD_METRICS_TOKEN") {
                Some(t) if t.len() < 16 => return Err("SCD_METRICS_TOKEN must be at least 16 characters long".into()),
                t => t,
            },
            quotes_per_request: match non_empty("SCD_QUOTES_PER_REQUEST") {
                None => crate::quotes::domain::DEFAULT_QUOTES_PER_REQUEST,
                Some(v) => v.parse().ok().filter(|n| (1..=20).contains(n)).ok_or("SCD_QUOTES_PER_REQUEST must be a number from 1 to 20")?,
            },
            metrics_addr: match non_empty("SCD_METRICS_ADDR") {
                None => None,
                Some(v) => Some(v.parse().map_err(|_| format!("SCD_METRICS_ADDR must be an IP address and port, e.g. 127.0.0.1:9464, not {v:?}"))?),
            },
        })
    }
}

pub const DEFAULT_SIGNUPS_PER_IP_HOUR: i64 = 10;

fn non_empty(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// An origin, not a page: a path other than `/` is a mistake worth reporting.
fn public_origin(url: &str) -> Result<String, String> {
    let err = || format!("SCD_PUBLIC_URL must look like https://host[:port], not {url:?}");
    let uri: http::Uri = url.trim().parse().map_err(|_| err())?;
    if !matches!(uri.path_and_query().map(|p| p.as_str()), None | Some("/")) {
        return Err(err());
    }
    super::security::normalize_origin(url).ok_or_else(err)
}

/// Under cargo-leptos the `LEPTOS_*` variables describe the build; a binary
/// started on its own reads `Leptos.toml` (or the file in `LEPTOS_CONFIG`).
fn leptos_options() -> Result<LeptosOptions, String> {
    let file = std::env::var("LEPTOS_CONFIG").ok().or_else(|| {
        std::path::Path::new("Leptos.toml").exists().then(|| "Leptos.toml".to_owned())
    });
    leptos::config::get_configuration(file.as_deref())
        .map(|c| c.leptos_options)
        .map_err(|e| format!("Leptos configuration: {e}"))
}

#[cfg(test)]
mod tests {
    use super::public_origin;

    #[test]
    fn public_url_is_an_origin() {
        assert_eq!(public_origin("https://Duisburg.example/").as_deref(), Ok("https://duisburg.example"));
        assert_eq!(public_origin("http://10.0.0.5:8080").as_deref(), Ok("http://10.0.0.5:8080"));
        assert!(public_origin("https://duisburg.example/stadt").is_err());
        assert!(public_origin("duisburg.example").is_err());
        assert!(public_origin("ftp://duisburg.example").is_err());
    }
}
