//! Sending a cell's request, reading what the answer means, and the
//! database fingerprint that shows whether a call changed anything.
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::common::TestApp;
use crate::matrix::{Body, Req};

/// What an answer means, whatever way the handler says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    SignIn,
    Refused(String),
    NotFound,
    /// Anything else: a validation error, a conflict, a 500.
    Other(String),
}

pub struct Reply {
    pub status: u16,
    pub location: String,
    pub body: String,
}

impl Reply {
    pub fn summary(&self) -> String {
        let body: String = self.body.chars().take(160).collect();
        format!("{} {} {}", self.status, self.location, body.replace('\n', " "))
    }
}

pub const MULTIPART_BOUNDARY: &str = "scd-matrix-boundary-5bq0Z";

pub async fn send(app: &TestApp, req: &Req, cookie: Option<&str>) -> Reply {
    let url = app.url(&req.path);
    let mut r = if req.get { app.client.get(url) } else { app.client.post(url).header("origin", &app.base) };
    r = match &req.body {
        Body::Empty => r,
        Body::Form(fields) => r.form(fields),
        Body::Json(v) => r.json(v),
        Body::Multipart(bytes) => r.header("content-type", format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}")).body(bytes.clone()),
    };
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let resp = r.send().await.expect("request failed");
    let status = resp.status().as_u16();
    let location = crate::common::location(&resp);
    Reply { status, location, body: resp.text().await.unwrap_or_default() }
}

/// Error codes of form redirects (`?fehler=…`) that mean "not you": not
/// allowed, not for your own provider, not with an unconfirmed address, not
/// with this token or password.
const REFUSAL_CODES: [&str; 9] =
    ["own_provider", "own_review", "unconfirmed", "unbestaetigt", "eigener-anbieter", "eigene-empfehlung", "token", "credentials", "andere_adresse"];
/// … and those that mean "no such thing (of yours)": an unknown
/// recommendation, an offer not of the reviewed provider.
const NOT_FOUND_CODES: [&str; 2] = ["unbekannt", "offer"];

pub fn classify(reply: &Reply, refused_to: Option<&str>) -> Outcome {
    let code = error_code(&reply.location);
    match reply.status {
        401 => Outcome::SignIn,
        303 if reply.location.starts_with("/anmelden?zurueck=") => Outcome::SignIn,
        403 => Outcome::Refused("403".into()),
        404 => Outcome::NotFound,
        // A server function's refusal of an unconfirmed address.
        400 if reply.body.contains("\"field\":\"account\"") => Outcome::Refused("unconfirmed".into()),
        // A housing project not of the provider the offer is saved for.
        400 if reply.body.contains("\"field\":\"project\"") => Outcome::NotFound,
        303 if Some(reply.location.as_str()) == refused_to => Outcome::Refused(format!("to {}", reply.location)),
        303 => match code {
            Some(c) if REFUSAL_CODES.contains(&c.as_str()) => Outcome::Refused(c),
            Some(c) if NOT_FOUND_CODES.contains(&c.as_str()) => Outcome::NotFound,
            Some(c) => Outcome::Other(format!("fehler={c}")),
            None => Outcome::Done,
        },
        200..=299 => Outcome::Done,
        _ => Outcome::Other(reply.summary()),
    }
}

/// The `fehler`, `foto_fehler` or `mitglieder_fehler` code of a redirect.
fn error_code(location: &str) -> Option<String> {
    let query = location.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == "fehler" || k.ends_with("_fehler")).then(|| v.to_owned())
    })
}

/// Per table: its row count and a hash of all its rows.
pub type Fingerprint = BTreeMap<String, (i64, u64)>;

/// Tables a refused request may still touch: the rate-limit counters (every
/// attempt counts) and the kept form fields (a refused form keeps what was
/// typed). Neither grants anything.
const UNGUARDED: [&str; 2] = ["rate_limit", "form_flash"];

/// One query that reads every other table whole, row by row as text.
pub async fn fingerprint_sql(db: &DatabaseConnection) -> String {
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Postgres => "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    };
    let rows = db.query_all_raw(Statement::from_string(backend, list)).await.unwrap();
    let mut parts = Vec::new();
    for t in rows.iter().map(|r| r.try_get::<String>("", "name").unwrap()) {
        // The search index's shadow tables on SQLite mirror `offer_search`.
        if UNGUARDED.contains(&t.as_str()) || t.starts_with("offer_search_") {
            continue;
        }
        parts.push(match backend {
            DbBackend::Postgres => format!("SELECT '{t}' AS t, COUNT(*) AS n, COALESCE(string_agg(x::text, '|' ORDER BY x::text), '') AS h FROM \"{t}\" x"),
            _ => {
                let cols = db.query_all_raw(Statement::from_string(backend, format!("SELECT name FROM pragma_table_info('{t}')"))).await.unwrap();
                let row: Vec<String> = cols.iter().map(|c| format!("quote(\"{}\")", c.try_get::<String>("", "name").unwrap())).collect();
                format!("SELECT '{t}' AS t, COUNT(*) AS n, COALESCE(group_concat(r, '|'), '') AS h FROM (SELECT {} AS r FROM \"{t}\" ORDER BY 1)", row.join("||','||"))
            }
        });
    }
    parts.join(" UNION ALL ")
}

pub async fn fingerprint(db: &DatabaseConnection, sql: &str) -> Fingerprint {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.expect("fingerprint");
    rows.iter()
        .map(|r| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            r.try_get::<String>("", "h").unwrap().hash(&mut h);
            (r.try_get::<String>("", "t").unwrap(), (r.try_get::<i64>("", "n").unwrap(), h.finish()))
        })
        .collect()
}

/// The tables whose rows differ.
pub fn changed(before: &Fingerprint, after: &Fingerprint) -> Vec<String> {
    after.iter().filter(|(t, v)| before.get(*t) != Some(v)).map(|(t, _)| t.clone()).collect()
}
