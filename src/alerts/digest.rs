//! The alert mails: per saved search, the offers found since its last mail,
//! each once, when its frequency says a mail may go — and none when there
//! is nothing new. Every mail carries `List-Unsubscribe` with one-click
//! (RFC 8058) for that one search.
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};

use super::domain::Frequency;
use crate::db::entities::{app_user, saved_search};
use crate::db::stmt;
use crate::i18n::{fill, Locale};
use crate::reference::Reference;
use crate::server::outbox::{self, Mail};

/// Offers listed in one mail at most (the rest: "and N more" with the link).
const LISTED: usize = 20;

/// Sends every digest that is due; returns how many mails were queued.
pub async fn send_due(db: &DatabaseConnection, r: &Reference, public_url: &str) -> Result<u64, DbErr> {
    let sql = "SELECT DISTINCT s.id AS id FROM saved_search s JOIN saved_search_hit h ON h.search_id = s.id \
               WHERE h.mailed_at IS NULL AND s.confirmed_at IS NOT NULL AND s.frequency <> 'app'";
    let ids: Vec<i32> = db.query_all_raw(stmt(db, sql, vec![])).await?.into_iter().filter_map(|r| r.try_get("", "id").ok()).collect();
    let mut sent = 0;
    for id in ids {
        if send_one(db, r, public_url, id).await? {
            sent += 1;
        }
    }
    if sent > 0 {
        outbox::queued();
    }
    Ok(sent)
}

/// One found offer as the mail lists it.
struct Listed {
    title: String,
    path: String,
    price: Option<i64>,
    price_model: String,
    reason: String,
}

async fn send_one(db: &DatabaseConnection, r: &Reference, public_url: &str, id: i32) -> Result<bool, DbErr> {
    let Some(s) = saved_search::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
    let Some(freq) = Frequency::parse(&s.frequency) else { return Ok(false) };
    let now = Utc::now();
    // A digest's first mail comes a period after the search was saved.
    let last = s.last_mailed_at.or((freq != Frequency::Instant).then_some(s.created_at));
    if !freq.due(last, now) {
        return Ok(false);
    }
    let Some(interval) = freq.interval() else { return Ok(false) };
    let txn = crate::db::begin_write(db).await?;
    // The claim: of several instances, one moves the mark and mails.
    let claim = "UPDATE saved_search SET last_mailed_at = ?, more_hits = 0 WHERE id = ? AND (last_mailed_at IS NULL OR last_mailed_at <= ?)";
    if txn.execute_raw(stmt(&txn, claim, vec![now.into(), id.into(), (now - interval).into()])).await?.rows_affected() != 1 {
        txn.rollback().await?;
        return Ok(false);
    }
    let sql = "SELECT h.id AS hit, o.id, o.slug, o.title, o.status, o.price_cents, o.price_model, h.reason FROM saved_search_hit h JOIN offer o ON o.id = h.offer_id \
               WHERE h.search_id = ? AND h.mailed_at IS NULL ORDER BY h.id";
    let rows = txn.query_all_raw(stmt(&txn, sql, vec![id.into()])).await?;
    // Exactly the hits read are marked: one another instance commits
    // meanwhile waits for the next mail.
    let mut read = Vec::with_capacity(rows.len());
    let mut listed = Vec::new();
    for row in rows {
        read.push(row.try_get::<i32>("", "hit")?);
        // An offer withdrawn since it was found is not news any more.
        if row.try_get::<String>("", "status")? != super::domain::PUBLISHED {
            continue;
        }
        let (oid, slug): (i32, String) = (row.try_get("", "id")?, row.try_get("", "slug")?);
        listed.push(Listed {
            title: row.try_get("", "title")?,
            path: crate::common::url_key::offer_path(oid, &slug),
            price: row.try_get("", "price_cents")?,
            price_model: row.try_get("", "price_model")?,
            reason: row.try_get("", "reason")?,
        });
    }
    for chunk in read.chunks(500) {
        let ids = chunk.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
        txn.execute_raw(stmt(&txn, &format!("UPDATE saved_search_hit SET mailed_at = ? WHERE id IN ({ids})"), vec![now.into()])).await?;
    }
    let to = match (s.user_id, &s.email) {
        (Some(u), _) => app_user::Entity::find_by_id(u).one(&txn).await?.filter(|u| u.email_verified_at.is_some()).map(|u| u.email),
        (None, Some(e)) => Some(e.clone()),
        _ => None,
    };
    let queued = match to {
        Some(to) if !listed.is_empty() => {
            let summary = super::store::summary_of(&txn, &super::store::query_of(&s), r, Locale::parse(&s.lang).unwrap_or_default()).await?;
            outbox::enqueue(&txn, &letter(&s, &summary, r, public_url, &to, &listed, s.more_hits.max(0) as usize)).await?;
            true
        }
        _ => false,
    };
    txn.commit().await?;
    Ok(queued)
}

/// `more`: matches past the matcher's cap, named only as a number.
fn letter(s: &saved_search::Model, summary: &str, r: &Reference, public_url: &str, to: &str, listed: &[Listed], more: usize) -> Mail {
    let l = Locale::parse(&s.lang).unwrap_or_default();
    let x = l.texts();
    let base = public_url.trim_end_matches('/');
    let query = super::store::query_of(s);
    let results = format!("{base}/angebote{}", query.to_filter(r).to_query(None));
    let unsubscribe = format!("{base}/suchauftrag/abbestellen?token={}", s.manage_token);
    let mut lines = String::new();
    for o in listed.iter().take(LISTED) {
        let price = o.price.filter(|_| o.price_model != "on_request").map(|c| crate::i18n::euro_in(l, c)).unwrap_or_else(|| x.price_on_request.to_owned());
        let mark = if o.reason == "price" { format!(" ({})", x.alerts_reason_price) } else { String::new() };
        lines.push_str(&format!("- {}{mark}\n  {price}\n  {base}{}\n\n", o.title, o.path));
    }
    let rest = listed.len().saturating_sub(LISTED) + more;
    if rest > 0 {
        lines.push_str(&x.alerts_mail_more.replace("{n}", &rest.to_string()));
        lines.push('\n');
    }
    let (manage, feed, total) = (format!("{base}/suchauftraege"), format!("{base}/suchauftraege/feed/{}", s.feed_token), (listed.len() + more).to_string());
    let body = fill(
        x.alerts_mail_body,
        &[("name", &s.name), ("summary", summary), ("offers", &lines), ("results", &results), ("manage", &manage), ("unsubscribe", &unsubscribe), ("feed", &feed)],
    );
    let subject = fill(x.alerts_mail_subject, &[("n", &total), ("name", &s.name)]);
    let mut mail = Mail::new(to, &subject, body);
    mail.headers = vec![
        ("List-Unsubscribe".to_owned(), format!("<{unsubscribe}>")),
        ("List-Unsubscribe-Post".to_owned(), "List-Unsubscribe=One-Click".to_owned()),
    ];
    mail
}
