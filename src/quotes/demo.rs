//! Example requests for quotes in the demo city, so the feature is visible
//! on the first `make run`: an open mortgage request with two quotes, an
//! answered roofing request, an open catering request without quotes yet.
//! All fictitious and marked as demo (`quote_request.demo`).
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::domain::{remaining_debt, Esis, OPEN_DAYS};
use crate::db::entities::{app_user, offer, provider_member, quote, quote_request as request};

struct Demo<'a> {
    user: i32,
    category: i32,
    bezirk: i32,
    title: &'a str,
    description: &'a str,
    answers: &'a [(&'a str, &'a str)],
    state: &'a str,
    days_ago: i64,
}

async fn request_row<C: ConnectionTrait>(db: &C, d: Demo<'_>, now: DateTime<Utc>) -> Result<request::Model, DbErr> {
    let sent = now - Duration::days(d.days_ago);
    let answers: BTreeMap<&str, &str> = d.answers.iter().copied().collect();
    request::ActiveModel {
        user_id: Set(d.user),
        category_id: Set(d.category),
        bezirk_id: Set(d.bezirk),
        title: Set(d.title.into()),
        description: Set(d.description.into()),
        details: Set(serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into())),
        open_to_all: Set(true),
        state: Set(d.state.into()),
        max_quotes: Set(super::domain::DEFAULT_QUOTES_PER_REQUEST),
        version: Set(1),
        demo: Set(true),
        created_at: Set(sent),
        updated_at: Set(sent),
        sent_at: Set(Some(sent)),
        closes_at: Set(Some(sent + Duration::days(OPEN_DAYS))),
        ..Default::default()
    }
    .insert(db)
    .await
}

struct Offer<'a> {
    provider: i32,
    price_cents: i64,
    included: &'a str,
    message: &'a str,
    esis: Option<Esis>,
    state: &'a str,
    hours_after: i64,
}

async fn quote_row<C: ConnectionTrait>(db: &C, r: &request::Model, o: Offer<'_>) -> Result<quote::Model, DbErr> {
    let at = r.sent_at.unwrap_or(r.created_at) + Duration::hours(o.hours_after);
    quote::ActiveModel {
        request_id: Set(r.id),
        provider_id: Set(o.provider),
        state: Set(o.state.into()),
        price_cents: Set(o.price_cents),
        price_type: Set("fixed".into()),
        included: Set(o.included.into()),
        valid_until: Set((r.closes_at.unwrap_or(at) + Duration::days(14)).date_naive()),
        message: Set(o.message.into()),
        esis: Set(o.esis.and_then(|e| serde_json::to_string(&e).ok())),
        revision: Set(1),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A mortgage quote's figures for 270,000 € over ten years.
fn esis(rate_bp: i64) -> Esis {
    let loan = 27_000_000;
    let monthly = loan * (rate_bp + 200) / 10_000 / 12;
    Esis {
        borrowing_rate_bp: rate_bp,
        effective_rate_bp: rate_bp + 7,
        monthly_cents: monthly,
        remaining_cents: remaining_debt(loan, rate_bp, monthly, 10),
        total_cents: monthly * 12 * 27,
        fixed_years: 10,
    }
}

/// Providers with a published offer in the category.
async fn providers_of<C: ConnectionTrait>(db: &C, category: Option<&i32>, n: u64) -> Result<Vec<i32>, DbErr> {
    let Some(c) = category else { return Ok(Vec::new()) };
    offer::Entity::find()
        .select_only()
        .column(offer::Column::ProviderId)
        .distinct()
        .filter(offer::Column::CategoryId.eq(*c))
        .filter(offer::Column::Status.eq("published"))
        .order_by_asc(offer::Column::ProviderId)
        .limit(n)
        .into_tuple::<i32>()
        .all(db)
        .await
}

pub async fn insert<C: ConnectionTrait>(db: &C, categories: &HashMap<String, i32>, bezirke: &[i32], now: DateTime<Utc>) -> Result<(), DbErr> {
    let members: Vec<i32> = provider_member::Entity::find().all(db).await?.into_iter().map(|m| m.user_id).collect();
    let users: Vec<i32> = app_user::Entity::find()
        .filter(app_user::Column::IsDemo.eq(true))
        .filter(app_user::Column::Id.is_not_in(members))
        .order_by_desc(app_user::Column::Id)
        .limit(3)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let (Some(&bezirk), true) = (bezirke.first(), users.len() == 3) else { return Ok(()) };
    let banks = providers_of(db, categories.get("baufinanzierung"), 3).await?;
    if let (Some(&category), [first, second, ..]) = (categories.get("baufinanzierung"), banks.as_slice()) {
        let start = (now + Duration::days(90)).date_naive().to_string();
        let answers = [
            ("purchase_price", "34000000"), ("equity", "7000000"), ("loan_amount", "27000000"), ("fixed_years", "10"),
            ("repayment", "200"), ("usage", "owner"), ("start", start.as_str()),
        ];
        let r = request_row(db, Demo {
            user: users[0], category, bezirk, title: "Finanzierung für eine Eigentumswohnung (Demo)",
            description: "Wir möchten eine Dreizimmerwohnung kaufen und suchen eine Finanzierung mit zehn Jahren Zinsbindung. (Demo-Anfrage, frei erfunden.)",
            answers: &answers, state: "open", days_ago: 2,
        }, now).await?;
        for (provider, rate, hours, message) in [(*first, 352, 5, "Gern erläutern wir Ihnen die Sondertilgungsoptionen im Gespräch."), (*second, 339, 20, "Bereitstellungszinsfrei für zwölf Monate.")] {
            let e = esis(rate);
            quote_row(db, &r, Offer { provider, price_cents: e.monthly_cents, included: "Annuitätendarlehen, 5 % Sondertilgung im Jahr kostenfrei", message, esis: Some(e), state: "submitted", hours_after: hours }).await?;
        }
    }
    let roofers = providers_of(db, categories.get("dach"), 2).await?;
    if let (Some(&category), [first, second]) = (categories.get("dach"), roofers.as_slice()) {
        let answers = [("period", "month"), ("tenure", "owner"), ("building_year", "1962")];
        let r = request_row(db, Demo {
            user: users[1], category, bezirk, title: "Sturmschaden am Satteldach (Demo)",
            description: "Nach dem letzten Sturm fehlen etwa zwanzig Ziegel, die Dachrinne hängt durch. (Demo-Anfrage, frei erfunden.)",
            answers: &answers, state: "accepted", days_ago: 20,
        }, now).await?;
        let won = quote_row(db, &r, Offer { provider: *first, price_cents: 148_000, included: "Ziegel ersetzen, Rinne richten, Kleinmaterial", message: "Termin innerhalb von zwei Wochen möglich.", esis: None, state: "accepted", hours_after: 6 }).await?;
        quote_row(db, &r, Offer { provider: *second, price_cents: 175_000, included: "Ziegel ersetzen, Rinne erneuern, Gerüst", message: "", esis: None, state: "superseded", hours_after: 30 }).await?;
        let mut m: request::ActiveModel = r.into();
        m.accepted_quote_id = Set(Some(won.id));
        m.update(db).await?;
    }
    if let Some(&category) = categories.get("catering") {
        let date = (now + Duration::days(45)).date_naive().to_string();
        let answers = [("event_date", date.as_str()), ("guests", "60"), ("service", "buffet"), ("dietary", "ein Drittel vegetarisch")];
        request_row(db, Demo {
            user: users[2], category, bezirk, title: "Buffet für ein Vereinsjubiläum (Demo)",
            description: "Unser Sportverein feiert sein Jubiläum im Vereinsheim und sucht ein warmes Buffet. (Demo-Anfrage, frei erfunden.)",
            answers: &answers, state: "open", days_ago: 1,
        }, now).await?;
    }
    Ok(())
}
