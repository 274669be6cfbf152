//! Requests for quotes through their door, on SQLite and PostgreSQL: who a
//! request reaches, the two state machines (invalid steps refused), the
//! quote limit per request, privacy (contact details only for the accepted
//! provider, a quote only for the resident who asked), the limits per
//! resident, authorization, expiry, the review as customer and the data
//! export and deletion.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::mail::MailSink;
use common::{fixtures, spawn_app, spawn_app_with_smtp, Seed, TestApp};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use smart_city_duisburg::accounts::domain::{Account, Role};
use smart_city_duisburg::db::entities::{notification, provider_category, provider_district, quote, quote_request};
use smart_city_duisburg::error::AppError;
use smart_city_duisburg::quotes::domain::{remaining_debt, QuoteDraft, QuoteError, QuoteInput, QuoteState, RequestState};
use smart_city_duisburg::quotes::door::{self, Ctx, Refusal};
use smart_city_duisburg::quotes::request::{RequestDraft, RequestInput};
use smart_city_duisburg::quotes::{forms::forms, store};

fn cx(app: &TestApp) -> Ctx<'_> {
    Ctx { db: &app.db, public_url: "http://test.example", max_quotes: 5 }
}

async fn person(app: &TestApp, name: &str, verified: bool) -> Account {
    let (id, _) = fixtures::account(&app.db, name, Role::Resident, verified).await;
    Account { id, display_name: name.into(), email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")), role: Role::Resident, email_verified: verified }
}

/// A provider offering `category` in the Stadtbezirke `serves` (empty: the
/// whole city), with one owner: (provider id, owner).
async fn provider(app: &TestApp, name: &str, category: &str, serves: &[&str]) -> (i32, Account) {
    let r = &app.state.reference;
    let pid = fixtures::provider(&app.db, name, "private", Utc::now()).await;
    let cat = r.categories.by_slug(category).unwrap().id;
    provider_category::ActiveModel { provider_id: Set(pid), category_id: Set(cat) }.insert(&app.db).await.unwrap();
    for b in serves {
        provider_district::ActiveModel { provider_id: Set(pid), bezirk_id: Set(r.districts.bezirk_by_slug(b).unwrap().id) }.insert(&app.db).await.unwrap();
    }
    let owner = person(app, &format!("Inhaber {name}"), true).await;
    fixtures::member(&app.db, pid, owner.id, "owner").await;
    (pid, owner)
}

fn mortgage(bezirk: &str, open_to_all: bool, invites: &[i32]) -> RequestInput {
    let answers = [
        ("purchase_price", "350.000"),
        ("equity", "70.000"),
        ("loan_amount", "280.000"),
        ("fixed_years", "10"),
        ("repayment", "2"),
        ("usage", "owner"),
        ("start", "2027-06-01"),
    ];
    RequestInput {
        category: "baufinanzierung".into(),
        bezirk: bezirk.into(),
        title: "Finanzierung Eigentumswohnung".into(),
        description: "Wir kaufen eine Eigentumswohnung und suchen eine Finanzierung mit zehn Jahren Zinsbindung.".into(),
        phone: "0203 555123".into(),
        address: "Musterweg 7, 47051 Duisburg".into(),
        open_to_all,
        invites: invites.iter().map(|i| i.to_string()).collect(),
        answers: answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        ..Default::default()
    }
}

fn draft(app: &TestApp, i: &RequestInput) -> RequestDraft {
    RequestDraft::parse(i, forms(), &app.state.reference).unwrap()
}

/// A mortgage quote at `rate_bp` with 2 % initial repayment on 280,000 €.
fn offer_at(rate_bp: i64) -> QuoteDraft {
    let loan = 28_000_000;
    let monthly = loan * (rate_bp + 200) / 10_000 / 12;
    let left = remaining_debt(loan, rate_bp, monthly, 10);
    let cents = |c: i64| format!("{},{:02}", c / 100, c % 100);
    let i = QuoteInput {
        price: cents(monthly),
        price_type: "fixed".into(),
        included: "Annuitätendarlehen, Sondertilgung 5 % p. a. kostenfrei".into(),
        valid_until: (Utc::now().date_naive() + chrono::Days::new(20)).to_string(),
        message: "Gern besprechen wir die Details.".into(),
        borrowing_rate: format!("{},{:02}", rate_bp / 100, rate_bp % 100),
        effective_rate: format!("{},{:02}", (rate_bp + 6) / 100, (rate_bp + 6) % 100),
        monthly: cents(monthly),
        remaining: cents(left),
        total: "420.000".into(),
        ..Default::default()
    };
    QuoteDraft::parse(&i, Some(smart_city_duisburg::quotes::domain::MortgageTerms { loan_cents: loan, fixed_years: 10 }), Utc::now().date_naive()).unwrap()
}

async fn request_row(app: &TestApp, id: i32) -> quote_request::Model {
    quote_request::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn quote_row(app: &TestApp, id: i32) -> quote::Model {
    quote::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn kinds_for(app: &TestApp, user_id: i32) -> Vec<String> {
    notification::Entity::find().filter(notification::Column::UserId.eq(user_id)).all(&app.db).await.unwrap().into_iter().map(|n| n.kind).collect()
}

fn rule(r: Result<impl std::fmt::Debug, Refusal>) -> QuoteError {
    match r {
        Err(Refusal::Rule(e)) => e,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_reaches_the_invited_and_the_matching_providers_only() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (city_bank, city_owner) = provider(&app, "Stadtbank Test", "baufinanzierung", &[]).await;
    let (north_bank, north_owner) = provider(&app, "Nordbank Test", "finanzen", &["walsum"]).await;
    let (south_bank, south_owner) = provider(&app, "Südbank Test", "baufinanzierung", &["sued"]).await;
    let (roofer, roofer_owner) = provider(&app, "Dach Test", "dach", &[]).await;
    let (invited, invited_owner) = provider(&app, "Makler Test", "wohnen-kaufen", &["walsum"]).await;
    // A provider of the parent category (Finanzen) for the whole city.
    let (finance, _) = provider(&app, "Finanzhaus Test", "finanzen", &[]).await;
    // Offering a category may also mean publishing an offer in it.
    let lender = fixtures::provider(&app.db, "Kreditbüro Test", "private", Utc::now()).await;
    fixtures::offer(&app.db, lender, app.state.reference.categories.by_slug("baufinanzierung").unwrap().id, "Baukredit", None, Utc::now()).await;
    let resident = person(&app, "Rita Resident", true).await;

    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("sued", true, &[invited])), true).await.unwrap();
    let r = request_row(&app, id).await;
    assert_eq!(r.state, "open");
    assert!(r.closes_at.unwrap() > Utc::now() + chrono::Duration::days(13));
    let mut want = vec![city_bank, south_bank, invited, lender, finance];
    want.sort_unstable();
    assert_eq!(store::recipients(&app.db, &r).await.unwrap(), want, "a parent category (Finanzen) in Walsum does not serve Süd; a roofer does not finance");

    for (pid, owner, sees) in [(city_bank, &city_owner, true), (south_bank, &south_owner, true), (invited, &invited_owner, true), (north_bank, &north_owner, false), (roofer, &roofer_owner, false)] {
        let board = store::board(&app.db, &app.state.reference, pid).await.unwrap();
        assert_eq!(board.iter().any(|row| row.summary.id == id), sees, "board of {pid}");
        assert_eq!(store::board_request(&app.db, &app.state.reference, pid, id).await.unwrap().is_some(), sees, "page of {pid}");
        assert_eq!(kinds_for(&app, owner.id).await.contains(&"quote_request_new".to_owned()), sees, "notice to {pid}");
    }
    // Mail went through the outbox to the providers' people, with a link.
    let mail = sink.nth_to(&city_owner.email, 1).await;
    assert!(mail.contains(&format!("http://test.example/dashboard/{city_bank}/angebotsanfragen/{id}")), "{mail}");
    assert!(!mail.contains("Musterweg") && !mail.contains("555123"), "no personal details in the notice");
    let _ = sink.nth_to(&invited_owner.email, 1).await;
    assert!(sink.to(&north_owner.email).is_empty() && sink.to(&roofer_owner.email).is_empty());

    // Before acceptance a provider sees the need, never who or where exactly.
    let seen = store::board_request(&app.db, &app.state.reference, city_bank, id).await.unwrap().unwrap();
    assert!(seen.contact.is_none());
    let shown = format!("{seen:?}");
    assert!(!shown.contains("Musterweg") && !shown.contains("555123") && !shown.contains(&resident.email) && !shown.contains("Rita"), "{shown}");
    assert!(seen.summary.answers.iter().any(|(k, v)| k == "Darlehensbetrag" && v.starts_with("280.000")), "{:?}", seen.summary.answers);

    // A request is for a subcategory: all of "Finanzen" would reach no bank in particular.
    let mut parent = mortgage("sued", true, &[]);
    parent.category = "finanzen".into();
    assert_eq!(RequestDraft::parse(&parent, forms(), &app.state.reference).map_err(|r| r.error), Err(QuoteError::Category));

    // A draft reaches nobody.
    let quiet = door::create(&cx(&app), &resident, &draft(&app, &mortgage("sued", true, &[])), false).await.unwrap();
    assert_eq!(request_row(&app, quiet).await.state, "draft");
    assert!(!store::board(&app.db, &app.state.reference, city_bank).await.unwrap().iter().any(|row| row.summary.id == quiet));
}

#[tokio::test]
async fn accepting_one_quote_supersedes_the_others_and_shows_the_contact_to_that_provider_only() {
    let app = spawn_app(Seed::Empty).await;
    let banks = [
        provider(&app, "Erste Testbank", "baufinanzierung", &[]).await,
        provider(&app, "Zweite Testbank", "baufinanzierung", &[]).await,
        provider(&app, "Dritte Testbank", "baufinanzierung", &[]).await,
    ];
    let resident = person(&app, "Rolf Resident", true).await;
    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", false, &[banks[0].0, banks[1].0, banks[2].0])), true).await.unwrap();
    let mut quotes = Vec::new();
    for (n, (pid, owner)) in banks.iter().enumerate() {
        quotes.push(door::submit(&cx(&app), owner, *pid, id, &offer_at(340 + 10 * n as i64)).await.unwrap());
    }
    assert_eq!(kinds_for(&app, resident.id).await.iter().filter(|k| *k == "quote_received").count(), 3);
    // Another provider's quote is not for the second bank's eyes.
    let second = store::board_request(&app.db, &app.state.reference, banks[1].0, id).await.unwrap().unwrap();
    assert_eq!(second.own_quote.as_ref().map(|q| q.id), Some(quotes[1]));
    assert!(!format!("{second:?}").contains("Erste Testbank"));
    // The resident compares all three.
    let view = store::own_request(&app.db, &app.state.reference, resident.id, id).await.unwrap().unwrap();
    assert_eq!(view.quotes.len(), 3);
    assert!(view.quotes.iter().all(|q| q.esis.is_some_and(|e| e.fixed_years == 10)));
    // Someone else's request is nobody else's business.
    let stranger = person(&app, "Sven Stranger", true).await;
    assert!(store::own_request(&app.db, &app.state.reference, stranger.id, id).await.unwrap().is_none());
    let q1 = quote_row(&app, quotes[1]).await;
    assert_eq!(door::accept(&cx(&app), &stranger, q1.id, q1.version).await, Err(Refusal::App(AppError::NotFound)));

    // A revision must be accepted again: the version the page showed is stale.
    door::revise(&cx(&app), &banks[1].1, banks[1].0, q1.id, q1.version, &offer_at(335)).await.unwrap();
    assert_eq!(rule(door::accept(&cx(&app), &resident, q1.id, q1.version).await), QuoteError::Version);
    let q1 = quote_row(&app, quotes[1]).await;
    assert_eq!((q1.state.as_str(), q1.revision), ("revised", 2));
    door::accept(&cx(&app), &resident, q1.id, q1.version).await.unwrap();

    let r = request_row(&app, id).await;
    assert_eq!((r.state.as_str(), r.accepted_quote_id), ("accepted", Some(q1.id)));
    assert_eq!(quote_row(&app, quotes[0]).await.state, "superseded");
    assert_eq!(quote_row(&app, quotes[2]).await.state, "superseded");
    assert!(kinds_for(&app, banks[0].1.id).await.contains(&"quote_superseded".to_owned()));
    assert!(kinds_for(&app, banks[1].1.id).await.contains(&"quote_accepted".to_owned()));
    // Only the accepted provider now sees who asked.
    let accepted = store::board_request(&app.db, &app.state.reference, banks[1].0, id).await.unwrap().unwrap();
    let contact = accepted.contact.expect("contact for the accepted provider");
    assert_eq!((contact.email.as_str(), contact.phone.as_deref(), contact.address.as_deref()), (resident.email.as_str(), Some("0203 555123"), Some("Musterweg 7, 47051 Duisburg")));
    assert!(store::board_request(&app.db, &app.state.reference, banks[0].0, id).await.unwrap().unwrap().contact.is_none());

    // Nothing moves after the decision.
    let q0 = quote_row(&app, quotes[0]).await;
    assert_eq!(rule(door::accept(&cx(&app), &resident, q0.id, q0.version).await), QuoteError::State);
    let q1 = quote_row(&app, quotes[1]).await;
    assert_eq!(rule(door::revise(&cx(&app), &banks[1].1, banks[1].0, q1.id, q1.version, &offer_at(300)).await), QuoteError::State);
    assert_eq!(rule(door::withdraw(&cx(&app), &resident, id, r.version).await), QuoteError::State);
    door::complete(&cx(&app), &resident, id, r.version).await.unwrap();
    assert_eq!(request_row(&app, id).await.state, "completed");

    // The review afterwards is marked as a customer's through the request.
    let view = store::own_request(&app.db, &app.state.reference, resident.id, id).await.unwrap().unwrap();
    assert_eq!(view.may_review, Some(banks[1].0));
    use smart_city_duisburg::reviews::rules::ReviewInput;
    use smart_city_duisburg::reviews::write::{self, ReviewWrite};
    let month = (Utc::now() - chrono::Duration::days(10)).format("%Y-%m").to_string();
    let input = ReviewInput::parse("5", "Sehr gute Beratung", "Die Finanzierung kam schnell und genau wie angeboten zustande, danke.", &month, Utc::now().date_naive()).unwrap();
    let (rid, _) = write::create(&app.db, ReviewWrite { author_id: resident.id, provider_id: banks[1].0, offer_id: None, input, code: None }).await.unwrap();
    let review = smart_city_duisburg::db::entities::review::Entity::find_by_id(rid).one(&app.db).await.unwrap().unwrap();
    assert_eq!((review.provenance.as_str(), review.quote_id), ("quote_customer", Some(q1.id)));
    assert_eq!(store::own_request(&app.db, &app.state.reference, resident.id, id).await.unwrap().unwrap().may_review, None, "once");
    // A provider not chosen gets no such review.
    assert_eq!(store::accepted_quote_of(&app.db, resident.id, banks[0].0).await.unwrap(), None);
}

#[tokio::test]
async fn a_full_request_takes_no_more_quotes_until_one_leaves() {
    let app = spawn_app(Seed::Empty).await;
    let small = Ctx { max_quotes: 2, ..cx(&app) };
    let a = provider(&app, "Alpha Testbank", "baufinanzierung", &[]).await;
    let b = provider(&app, "Beta Testbank", "baufinanzierung", &[]).await;
    let c = provider(&app, "Gamma Testbank", "baufinanzierung", &[]).await;
    let resident = person(&app, "Fiona Full", true).await;
    let id = door::create(&small, &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    let qa = door::submit(&small, &a.1, a.0, id, &offer_at(350)).await.unwrap();
    assert_eq!(rule(door::submit(&small, &a.1, a.0, id, &offer_at(349)).await), QuoteError::Duplicate);
    door::submit(&small, &b.1, b.0, id, &offer_at(351)).await.unwrap();
    assert_eq!(request_row(&app, id).await.state, "full");
    assert_eq!(rule(door::submit(&small, &c.1, c.0, id, &offer_at(300)).await), QuoteError::Closed);
    assert!(store::board_request(&app.db, &app.state.reference, c.0, id).await.unwrap().is_some_and(|v| !v.may_quote));
    door::withdraw_quote(&small, &a.1, a.0, qa).await.unwrap();
    assert_eq!(request_row(&app, id).await.state, "open");
    door::submit(&small, &c.1, c.0, id, &offer_at(300)).await.unwrap();
    assert_eq!(request_row(&app, id).await.state, "full");
    // A withdrawn quote stays withdrawn.
    let q = quote_row(&app, qa).await;
    assert_eq!(rule(door::revise(&small, &a.1, a.0, q.id, q.version, &offer_at(340)).await), QuoteError::State);
    // Declining one opens the request again.
    let qc = quote::Entity::find().filter(quote::Column::ProviderId.eq(c.0)).one(&app.db).await.unwrap().unwrap();
    door::decline(&small, &resident, qc.id, qc.version).await.unwrap();
    assert_eq!(request_row(&app, id).await.state, "open");
    assert!(kinds_for(&app, c.1.id).await.contains(&"quote_declined".to_owned()));
}

#[tokio::test]
async fn invalid_steps_wrong_terms_and_stale_pages_are_refused() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, owner) = provider(&app, "Testbank Regeln", "baufinanzierung", &[]).await;
    let resident = person(&app, "Paula Pruef", true).await;
    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), false).await.unwrap();
    // A draft is no provider's business and cannot be completed.
    assert_eq!(door::submit(&cx(&app), &owner, pid, id, &offer_at(350)).await, Err(Refusal::App(AppError::NotFound)));
    let r = request_row(&app, id).await;
    assert_eq!(rule(door::complete(&cx(&app), &resident, id, r.version).await), QuoteError::State);
    assert_eq!(rule(door::send(&cx(&app), &resident, id, r.version + 7).await), QuoteError::Version);
    door::send(&cx(&app), &resident, id, r.version).await.unwrap();
    let r = request_row(&app, id).await;
    assert_eq!(rule(door::send(&cx(&app), &resident, id, r.version).await), QuoteError::State, "sent twice");
    // Every bank quotes the Zinsbindung the resident chose.
    let mut other_term = offer_at(350);
    other_term.esis.as_mut().unwrap().fixed_years = 15;
    assert_eq!(rule(door::submit(&cx(&app), &owner, pid, id, &other_term).await), QuoteError::EsisYears);
    let q = door::submit(&cx(&app), &owner, pid, id, &offer_at(350)).await.unwrap();
    door::withdraw(&cx(&app), &resident, id, r.version).await.unwrap();
    assert_eq!(quote_row(&app, q).await.state, "expired");
    assert!(kinds_for(&app, owner.id).await.contains(&"quote_request_withdrawn".to_owned()));
    let q = quote_row(&app, q).await;
    assert_eq!(rule(door::accept(&cx(&app), &resident, q.id, q.version).await), QuoteError::State);
    assert_eq!(rule(door::post_message(&cx(&app), &resident, q.id, None, "Noch da?").await), QuoteError::State);
    // A withdrawn request leaves every board.
    assert!(store::board_request(&app.db, &app.state.reference, pid, id).await.unwrap().is_none());
    // Audit: every transition is recorded.
    use smart_city_duisburg::db::entities::audit_log;
    let actions: Vec<String> = audit_log::Entity::find().filter(audit_log::Column::Entity.is_in(["quote_request", "quote"])).all(&app.db).await.unwrap().into_iter().map(|a| a.action).collect();
    for a in ["quote_request.create", "quote_request.send", "quote.submit", "quote_request.withdraw", "quote.expire"] {
        assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn who_may_ask_and_who_may_answer() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, owner) = provider(&app, "Testbank Rechte", "baufinanzierung", &[]).await;
    let unconfirmed = person(&app, "Ulla Unbestaetigt", false).await;
    assert!(matches!(door::create(&cx(&app), &unconfirmed, &draft(&app, &mortgage("mitte", true, &[])), true).await, Err(Refusal::App(AppError::Invalid { .. }))));
    // Asking one's own provider is refused; open requests skip it.
    assert_eq!(rule(door::create(&cx(&app), &owner, &draft(&app, &mortgage("mitte", false, &[pid])), true).await), QuoteError::OwnProvider);
    let own = door::create(&cx(&app), &owner, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    assert!(!store::recipients(&app.db, &request_row(&app, own).await).await.unwrap().contains(&pid));
    assert!(store::board_request(&app.db, &app.state.reference, pid, own).await.unwrap().is_none());
    // An unknown provider cannot be invited.
    let resident = person(&app, "Rainer Recht", true).await;
    assert_eq!(rule(door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", false, &[pid + 1000])), true).await), QuoteError::Invite);
    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    // Only the provider's people answer for it, with a confirmed address.
    let outsider = person(&app, "Otto Aussen", true).await;
    assert_eq!(door::submit(&cx(&app), &outsider, pid, id, &offer_at(350)).await, Err(Refusal::App(AppError::Forbidden)));
    let admin = Account { role: Role::Admin, ..person(&app, "Ada Admin", true).await };
    assert_eq!(door::submit(&cx(&app), &admin, pid, id, &offer_at(350)).await, Err(Refusal::App(AppError::Forbidden)), "not even administrators quote for a provider");
    // A provider that neither matches nor was invited cannot quote.
    let (roofer, roofer_owner) = provider(&app, "Dach Rechte", "dach", &[]).await;
    assert_eq!(door::submit(&cx(&app), &roofer_owner, roofer, id, &offer_at(350)).await, Err(Refusal::App(AppError::NotFound)));
    let q = door::submit(&cx(&app), &owner, pid, id, &offer_at(350)).await.unwrap();
    // The provider's people cannot decide on the resident's behalf, nor
    // another provider withdraw its quote.
    let qm = quote_row(&app, q).await;
    assert_eq!(door::accept(&cx(&app), &owner, q, qm.version).await, Err(Refusal::App(AppError::NotFound)));
    assert_eq!(door::withdraw_quote(&cx(&app), &roofer_owner, roofer, q).await, Err(Refusal::App(AppError::NotFound)));
    // Threads: the resident and the quoting provider, nobody else.
    door::post_message(&cx(&app), &resident, q, None, "Ist eine Sondertilgung möglich?").await.unwrap();
    door::post_message(&cx(&app), &owner, q, Some(pid), "Ja, 5 % im Jahr kostenfrei.").await.unwrap();
    assert_eq!(door::post_message(&cx(&app), &roofer_owner, q, Some(roofer), "Hallo").await, Err(Refusal::App(AppError::NotFound)));
    assert_eq!(door::post_message(&cx(&app), &outsider, q, None, "Hallo").await, Err(Refusal::App(AppError::NotFound)));
    let view = store::own_request(&app.db, &app.state.reference, resident.id, id).await.unwrap().unwrap();
    assert_eq!(view.quotes[0].messages.iter().map(|m| m.from_provider).collect::<Vec<_>>(), vec![false, true]);
}

#[tokio::test]
async fn residents_have_limits_per_category_and_per_day() {
    let app = spawn_app(Seed::Empty).await;
    provider(&app, "Testbank Grenzen", "baufinanzierung", &[]).await;
    let resident = person(&app, "Lena Limit", true).await;
    for _ in 0..3 {
        door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    }
    let fourth = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await;
    assert_eq!(rule(fourth), QuoteError::LimitCategory);
    // Nothing of a refused request is kept.
    assert_eq!(quote_request::Entity::find().all(&app.db).await.unwrap().len(), 3);
    // Other categories, up to five sent a day.
    for slug in ["maler", "elektro"] {
        let mut i = mortgage("mitte", true, &[]);
        i.category = slug.into();
        i.answers = [("period", "asap"), ("tenure", "owner")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        door::create(&cx(&app), &resident, &draft(&app, &i), true).await.unwrap();
    }
    let mut i = mortgage("mitte", true, &[]);
    i.category = "reinigung".into();
    i.answers = [("kind", "once"), ("area", "80")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(rule(door::create(&cx(&app), &resident, &draft(&app, &i), true).await), QuoteError::LimitDay);
    // A draft is not sent, so it does not count.
    door::create(&cx(&app), &resident, &draft(&app, &i), false).await.unwrap();
}

#[tokio::test]
async fn the_quoting_period_ends_but_a_valid_quote_may_still_be_accepted() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, owner) = provider(&app, "Testbank Frist", "baufinanzierung", &[]).await;
    let (late, late_owner) = provider(&app, "Testbank Spaet", "baufinanzierung", &[]).await;
    let resident = person(&app, "Erik Ende", true).await;
    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    let q = door::submit(&cx(&app), &owner, pid, id, &offer_at(350)).await.unwrap();
    // 23 hours before the end: a reminder, once.
    let soon = Utc::now() + chrono::Duration::days(13) + chrono::Duration::hours(1);
    let mut r: quote_request::ActiveModel = request_row(&app, id).await.into();
    r.closes_at = Set(Some(soon));
    r.update(&app.db).await.unwrap();
    smart_city_duisburg::quotes::upkeep::expire_due(&cx(&app), Utc::now() + chrono::Duration::days(13)).await.unwrap();
    smart_city_duisburg::quotes::upkeep::expire_due(&cx(&app), Utc::now() + chrono::Duration::days(13)).await.unwrap();
    assert_eq!(kinds_for(&app, resident.id).await.iter().filter(|k| *k == "quote_request_closes_soon").count(), 1);
    assert_eq!(request_row(&app, id).await.state, "open");
    // The period ends.
    let mut r: quote_request::ActiveModel = request_row(&app, id).await.into();
    r.closes_at = Set(Some(Utc::now() - chrono::Duration::minutes(1)));
    r.update(&app.db).await.unwrap();
    assert_eq!(smart_city_duisburg::quotes::upkeep::expire_due(&cx(&app), Utc::now()).await.unwrap(), 1);
    assert_eq!(request_row(&app, id).await.state, "expired");
    assert_eq!(rule(door::submit(&cx(&app), &late_owner, late, id, &offer_at(340)).await), QuoteError::Closed);
    let qm = quote_row(&app, q).await;
    assert_eq!(QuoteState::parse(&qm.state), Some(QuoteState::Submitted));
    door::accept(&cx(&app), &resident, q, qm.version).await.unwrap();
    assert_eq!(smart_city_duisburg::quotes::domain::RequestState::parse(&request_row(&app, id).await.state), Some(RequestState::Accepted));

    // A quote past its validity expires and can no longer be accepted.
    let id2 = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    let q2 = door::submit(&cx(&app), &owner, pid, id2, &offer_at(350)).await.unwrap();
    let mut m: quote::ActiveModel = quote_row(&app, q2).await.into();
    m.valid_until = Set(Utc::now().date_naive() - chrono::Days::new(1));
    m.update(&app.db).await.unwrap();
    let qm = quote_row(&app, q2).await;
    assert_eq!(rule(door::accept(&cx(&app), &resident, q2, qm.version).await), QuoteError::QuoteExpired);
    smart_city_duisburg::quotes::upkeep::expire_due(&cx(&app), Utc::now()).await.unwrap();
    assert_eq!(quote_row(&app, q2).await.state, "expired");
}

#[tokio::test]
async fn the_export_holds_a_residents_requests_and_deletion_tells_the_providers() {
    let app = spawn_app(Seed::Empty).await;
    let (pid, owner) = provider(&app, "Testbank Daten", "baufinanzierung", &[]).await;
    let resident = person(&app, "Dora Daten", true).await;
    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    let q = door::submit(&cx(&app), &owner, pid, id, &offer_at(350)).await.unwrap();
    door::post_message(&cx(&app), &resident, q, None, "Wie lange gilt das Angebot?").await.unwrap();
    let export = smart_city_duisburg::accounts::gdpr::export(&app.db, resident.id).await.unwrap().unwrap();
    let requests = &export["quote_requests"]["requests"];
    assert_eq!(requests[0]["title"], "Finanzierung Eigentumswohnung");
    assert_eq!(requests[0]["address"], "Musterweg 7, 47051 Duisburg");
    assert_eq!(requests[0]["quotes"][0]["messages"][0]["text"], "Wie lange gilt das Angebot?");
    smart_city_duisburg::accounts::gdpr::delete_account(&app.db, &app.state.public_url, resident.id).await.unwrap();
    assert!(quote_request::Entity::find_by_id(id).one(&app.db).await.unwrap().is_none());
    assert!(quote::Entity::find_by_id(q).one(&app.db).await.unwrap().is_none());
    assert!(kinds_for(&app, owner.id).await.contains(&"quote_request_withdrawn".to_owned()));
}

#[tokio::test]
async fn concurrent_quotes_never_overfill_a_request_and_only_one_is_accepted() {
    let app = spawn_app(Seed::Empty).await;
    let one = Ctx { max_quotes: 1, ..cx(&app) };
    let a = provider(&app, "Parallel Eins", "baufinanzierung", &[]).await;
    let b = provider(&app, "Parallel Zwei", "baufinanzierung", &[]).await;
    let resident = person(&app, "Clara Concurrent", true).await;
    let id = door::create(&one, &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    let (qa, qb) = (offer_at(350), offer_at(351));
    let (ra, rb) = tokio::join!(door::submit(&one, &a.1, a.0, id, &qa), door::submit(&one, &b.1, b.0, id, &qb));
    assert_eq!([ra.is_ok(), rb.is_ok()].iter().filter(|ok| **ok).count(), 1, "{ra:?} {rb:?}");
    assert_eq!(quote::Entity::find().filter(quote::Column::RequestId.eq(id)).all(&app.db).await.unwrap().len(), 1);

    let wide = cx(&app);
    let id = door::create(&wide, &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    let q1 = quote_row(&app, door::submit(&wide, &a.1, a.0, id, &qa).await.unwrap()).await;
    let q2 = quote_row(&app, door::submit(&wide, &b.1, b.0, id, &qb).await.unwrap()).await;
    let (r1, r2) = tokio::join!(door::accept(&wide, &resident, q1.id, q1.version), door::accept(&wide, &resident, q2.id, q2.version));
    assert_eq!([r1.is_ok(), r2.is_ok()].iter().filter(|ok| **ok).count(), 1, "{r1:?} {r2:?}");
    let states: Vec<String> = quote::Entity::find().filter(quote::Column::RequestId.eq(id)).all(&app.db).await.unwrap().into_iter().map(|q| q.state).collect();
    assert_eq!(states.iter().filter(|s| *s == "accepted").count(), 1, "{states:?}");
}

#[tokio::test]
async fn the_demo_city_has_open_and_answered_requests_marked_as_demo() {
    let app = spawn_app(Seed::Demo).await;
    let rows = quote_request::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.demo && r.title.contains("(Demo)")));
    let states: Vec<&str> = rows.iter().map(|r| r.state.as_str()).collect();
    assert!(states.contains(&"open") && states.contains(&"accepted"), "{states:?}");
    // The mortgage quotes hold up to the door's own check of the figures.
    let mortgage = rows.iter().find(|r| r.title.starts_with("Finanzierung")).unwrap();
    let view = store::own_request(&app.db, &app.state.reference, mortgage.user_id, mortgage.id).await.unwrap().unwrap();
    assert_eq!(view.quotes.len(), 2);
    for q in &view.quotes {
        let e = q.esis.unwrap();
        assert!((remaining_debt(27_000_000, e.borrowing_rate_bp, e.monthly_cents, 10) - e.remaining_cents).abs() <= 100);
    }
    // Each quoting bank finds the request on its board.
    for q in &view.quotes {
        assert!(store::board(&app.db, &app.state.reference, q.provider.id).await.unwrap().iter().any(|r| r.summary.id == mortgage.id && r.summary.demo));
    }
    let answered = rows.iter().find(|r| r.state == "accepted").unwrap();
    assert!(answered.accepted_quote_id.is_some());
}

#[tokio::test]
async fn a_provider_person_may_take_new_requests_in_one_daily_mail() {
    let sink = MailSink::start();
    let app = spawn_app_with_smtp(Seed::Empty, &sink.url).await;
    let (pid, owner) = provider(&app, "Tagesbank Test", "baufinanzierung", &[]).await;
    let colleague = person(&app, "Kai Kollege", true).await;
    fixtures::member(&app.db, pid, colleague.id, "member").await;
    door::set_notices(&cx(&app), &colleague, pid, true).await.unwrap();
    assert!(store::daily_notices(&app.db, pid, colleague.id).await.unwrap());
    // Only the provider's people choose, each for themselves.
    let outsider = person(&app, "Olli Outsider", true).await;
    assert_eq!(door::set_notices(&cx(&app), &outsider, pid, true).await, Err(Refusal::App(AppError::Forbidden)));

    let resident = person(&app, "Tara Taeglich", true).await;
    let id = door::create(&cx(&app), &resident, &draft(&app, &mortgage("mitte", true, &[])), true).await.unwrap();
    // The owner hears at once; both see it in the app.
    assert!(sink.nth_to(&owner.email, 1).await.contains(&format!("/angebotsanfragen/{id}")));
    assert!(kinds_for(&app, colleague.id).await.contains(&"quote_request_new".to_owned()));
    // Not before a day has passed since the choice; then the daily mail lists it, once.
    let digests = |at| smart_city_duisburg::quotes::notify::digests(&app.db, "http://test.example", at);
    assert_eq!(digests(Utc::now()).await.unwrap(), 0, "the day counts from the choice");
    let tomorrow = Utc::now() + chrono::Duration::hours(25);
    assert_eq!(digests(tomorrow).await.unwrap(), 1);
    let digest = sink.nth_to(&colleague.email, 1).await;
    assert!(digest.contains("Finanzierung Eigentumswohnung") && digest.contains(&format!("http://test.example/dashboard/{pid}/angebotsanfragen/{id}")), "{digest}");
    assert_eq!(digests(tomorrow).await.unwrap(), 0, "not again within a day");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.to(&colleague.email).len(), 1, "no instant mail besides the daily one");
    // Back to at once.
    door::set_notices(&cx(&app), &colleague, pid, false).await.unwrap();
    assert!(!store::daily_notices(&app.db, pid, colleague.id).await.unwrap());
}
