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
    /// Site address, root and pkg dir: `Leptos.toml`, overridden by `LEPTOS_*`.
    pub leptos: LeptosOptions,
    /// `SMTP_URL`: outgoing mail; without it mails are written to the log.
    pub smtp_url: Option<String>,
    /// `SCD_MAIL_FROM`: the sender of outgoing mail.
    pub mail_from: String,
    /// `SCD_PUBLIC_URL`: the site's address as visitors reach it (links in mails).
    pub public_url: Option<String>,
    /// `SCD_TRUST_PROXY`: behind a reverse proxy, trust `X-Forwarded-For`.
    pub trust_proxy: bool,
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
        let flag = |name: &str, default: bool| match std::env::var(name).ok().as_deref().map(str::trim) {
            Some("0" | "false" | "no" | "off") => false,
            Some("1" | "true" | "yes" | "on") => true,
            _ => default,
        };
        Ok(Self {
            database_url,
            seed_demo: flag("SCD_DEMO", true),
            json_logs: std::env::var("SCD_LOG_FORMAT").is_ok_and(|v| v == "json"),
            leptos: leptos_options()?,
            smtp_url: non_empty("SMTP_URL"),
            mail_from: non_empty("SCD_MAIL_FROM").unwrap_or_else(|| crate::server::mail::DEFAULT_FROM.to_owned()),
            public_url: match non_empty("SCD_PUBLIC_URL") {
                Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => {
                    return Err("SCD_PUBLIC_URL must start with http:// or https://".into())
                }
                other => other,
            },
            trust_proxy: flag("SCD_TRUST_PROXY", false),
        })
    }
}

fn non_empty(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
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
