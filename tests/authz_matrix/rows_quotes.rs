//! Requests for quotes: the resident's own requests and decisions, a
//! provider's quotes (its people only, for requests it may see), and
//! moderation. Requests and quotes the cells act on are arranged in the
//! database for each cell, so every allowed call has something to change.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use smart_city_duisburg::accounts::authz::Action::*;
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{quote, quote_request, quote_request_invite};

use crate::fields;
use crate::matrix::{cross, read, row, Actor, Body, Cross, Req, Row, Rule::*};
use crate::requests::{multipart, png};
use crate::world::World;

/// A request of `user` in `state`, inviting `invite`: its id.
async fn request(w: &World, user: i32, state: &str, invite: Option<i32>) -> i32 {
    let r = &w.app.state.reference;
    let now = Utc::now();
    let row = quote_request::ActiveModel {
        user_id: Set(user),
        category_id: Set(r.categories.by_slug("dach").unwrap().id),
        bezirk_id: Set(r.districts.bezirke[0].id),
        title: Set(format!("Dach neu decken {}", w.next())),
        description: Set("Das Dach eines Reihenhauses soll neu gedeckt werden, etwa 80 Quadratmeter.".into()),
        details: Set(r#"{"period":"asap","tenure":"owner"}"#.into()),
        open_to_all: Set(invite.is_none()),
        state: Set(state.into()),
        max_quotes: Set(5),
        version: Set(1),
        demo: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        sent_at: Set((state != "draft").then_some(now)),
        closes_at: Set((state != "draft").then(|| now + chrono::Duration::days(14))),
        ..Default::default()
    }
    .insert(w.db())
    .await
    .unwrap();
    if let Some(p) = invite {
        quote_request_invite::ActiveModel { request_id: Set(row.id), provider_id: Set(p), created_at: Set(now) }.insert(w.db()).await.unwrap();
    }
    row.id
}

/// A submitted quote of `provider` to `request`: its id.
async fn quote_of(w: &World, request: i32, provider: i32) -> i32 {
    let now = Utc::now();
    quote::ActiveModel {
        request_id: Set(request),
        provider_id: Set(provider),
        state: Set("submitted".into()),
        price_cents: Set(480_000),
        price_type: Set("fixed".into()),
        included: Set("Material und Gerüst".into()),
        valid_until: Set(now.date_naive() + chrono::Days::new(20)),
        message: Set(String::new()),
        revision: Set(1),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(w.db())
    .await
    .unwrap()
    .id
}

/// The actor's own request, or (signed out) someone else's.
async fn own(cx: &crate::matrix::Cx, state: &str, invite: Option<i32>) -> i32 {
    let user = match cx.id() {
        Some(id) => id,
        None => cx.w.user(Role::Resident, true).await.id,
    };
    request(&cx.w, user, state, invite).await
}

/// Someone else's request that invited P.
async fn asking_p(w: &World) -> i32 {
    let asker = w.user(Role::Resident, true).await;
    request(w, asker.id, "open", Some(w.p)).await
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";

/// A photo for request `id`.
fn photo_upload(id: i32) -> Req {
    Req { get: false, path: format!("/anfragen/{id}/fotos"), body: Body::Multipart(multipart(&[("alt", "Die Dachrinne von unten".to_owned())], "rinne.png", &png())) }
}

/// A PDF for provider `pid`'s quote on request `id`.
fn pdf_upload(pid: i32, id: i32) -> Req {
    Req { get: false, path: format!("/dashboard/{pid}/angebotsanfragen/{id}/unterlagen"), body: Body::Multipart(multipart(&[], "angebot.pdf", PDF)) }
}

fn quote_fields() -> Vec<(&'static str, String)> {
    let until = (Utc::now().date_naive() + chrono::Days::new(20)).to_string();
    fields!["preis" => "4.800", "preisart" => "fixed", "leistungen" => "Material, Gerüst, Entsorgung", "gueltig_bis" => until, "nachricht" => "Gern."]
}

pub fn rows() -> Vec<Row> {
    vec![
        row("/anfragen", "", Authz(RequestQuotes), |_| {
            Box::pin(async {
                Req::form(
                    "/anfragen",
                    fields!["kategorie" => "dach", "bezirk" => "mitte", "titel" => "Dach reparieren", "beschreibung" => "Nach dem Sturm fehlen einige Ziegel auf dem Dach.", "alle" => "1", "a_period" => "asap", "a_tenure" => "owner", "aktion" => "senden"],
                )
            })
        }),
        row("/anfragen/{id}/{step}", "withdraw one's own", Authz(RequestQuotes), |cx| {
            Box::pin(async move {
                let id = own(&cx, "draft", None).await;
                Req::form(format!("/anfragen/{id}/zurueckziehen"), fields!["version" => 1])
            })
        }),
        row("/anfragen/{id}/angebote/{qid}/{step}", "decline a quote to one's own", Authz(RequestQuotes), |cx| {
            Box::pin(async move {
                let id = own(&cx, "open", None).await;
                let q = quote_of(&cx.w, id, cx.w.r).await;
                Req::form(format!("/anfragen/{id}/angebote/{q}/ablehnen"), fields!["version" => 1])
            })
        }),
        row("/dashboard/{pid}/angebotsanfragen/{id}/{step}", "quote for P", Authz(AnswerQuoteRequest), |cx| {
            Box::pin(async move {
                let (p, id) = (cx.w.p, asking_p(&cx.w).await);
                Req::form(format!("/dashboard/{p}/angebotsanfragen/{id}/angebot"), quote_fields())
            })
        }),
        row("/anfragen/{id}/fotos", "photo of one's own draft", Authz(RequestQuotes), |cx| Box::pin(async move { photo_upload(own(&cx, "draft", None).await) })),
        row("/dashboard/{pid}/angebotsanfragen/{id}/unterlagen", "PDF of P's quote", Authz(AnswerQuoteRequest), |cx| {
            Box::pin(async move {
                let id = asking_p(&cx.w).await;
                quote_of(&cx.w, id, cx.w.p).await;
                pdf_upload(cx.w.p, id)
            })
        }),
        row("/dashboard/{pid}/angebotsanfragen/benachrichtigung", "daily mail for P", Authz(AnswerQuoteRequest), |cx| {
            Box::pin(async move { Req::form(format!("/dashboard/{}/angebotsanfragen/benachrichtigung", cx.w.p), fields!["taeglich" => 1]) })
        }),
        row("/moderation/anfragen/{id}/entfernen", "", Authz(ModerateContent), |cx| {
            Box::pin(async move { Req::form(format!("/moderation/anfragen/{}/entfernen", asking_p(&cx.w).await), vec![]) })
        }),
        read("/api/new_quote_request_form", Public, |cx| Box::pin(async move { Req::call("new_quote_request_form", fields!["kategorie" => "dach", "anbieter" => cx.w.p]) })),
        read("/api/my_quote_requests", SignedIn, |_| Box::pin(async { Req::call("my_quote_requests", vec![]) })),
        read("/api/quote_request", SignedIn, |cx| Box::pin(async move { Req::call("quote_request", fields!["id" => own(&cx, "open", None).await]) })),
        read("/api/quote_board", Authz(ViewDashboard), |cx| Box::pin(async move { Req::call("quote_board", fields!["provider_id" => cx.w.p]) })),
        read("/api/quote_board_request", Authz(ViewDashboard), |cx| {
            Box::pin(async move { Req::call("quote_board_request", fields!["provider_id" => cx.w.p, "id" => asking_p(&cx.w).await]) })
        }),
    ]
}

pub fn crosses() -> Vec<Cross> {
    vec![
        cross("/anfragen/{id}/{step}", "another person's request", Actor::Resident, |cx| {
            Box::pin(async move {
                let id = asking_p(&cx.w).await;
                Req::form(format!("/anfragen/{id}/zurueckziehen"), fields!["version" => 1])
            })
        }),
        cross("/anfragen/{id}/angebote/{qid}/{step}", "a quote to another person's request", Actor::Resident, |cx| {
            Box::pin(async move {
                let id = asking_p(&cx.w).await;
                let q = quote_of(&cx.w, id, cx.w.p).await;
                Req::form(format!("/anfragen/{id}/angebote/{q}/annehmen"), fields!["version" => 1])
            })
        }),
        // Q's owner quotes for Q on a request only P was invited to.
        cross("/dashboard/{pid}/angebotsanfragen/{id}/{step}", "a request Q may not see", Actor::OtherOwner, |cx| {
            Box::pin(async move {
                let (q, id) = (cx.w.q, asking_p(&cx.w).await);
                Req::form(format!("/dashboard/{q}/angebotsanfragen/{id}/angebot"), quote_fields())
            })
        }),
        // … or withdraws P's quote through Q.
        cross("/dashboard/{pid}/angebotsanfragen/{id}/{step}", "P's quote through Q", Actor::OtherOwner, |cx| {
            Box::pin(async move {
                let id = asking_p(&cx.w).await;
                quote_of(&cx.w, id, cx.w.p).await;
                Req::form(format!("/dashboard/{}/angebotsanfragen/{id}/zuruecknehmen", cx.w.q), vec![])
            })
        }),
        cross("/anfragen/{id}/fotos", "another person's request", Actor::Resident, |cx| Box::pin(async move { photo_upload(asking_p(&cx.w).await) })),
        // Q's owner attaches a PDF through Q to a request only P quoted on.
        cross("/dashboard/{pid}/angebotsanfragen/{id}/unterlagen", "P's quote through Q", Actor::OtherOwner, |cx| {
            Box::pin(async move {
                let id = asking_p(&cx.w).await;
                quote_of(&cx.w, id, cx.w.p).await;
                pdf_upload(cx.w.q, id)
            })
        }),
        cross("/api/quote_request", "another person's request", Actor::Resident, |cx| {
            Box::pin(async move { Req::call("quote_request", fields!["id" => asking_p(&cx.w).await]) })
        }),
        cross("/api/quote_board_request", "a request Q may not see", Actor::OtherOwner, |cx| {
            Box::pin(async move { Req::call("quote_board_request", fields!["provider_id" => cx.w.q, "id" => asking_p(&cx.w).await]) })
        }),
    ]
}
