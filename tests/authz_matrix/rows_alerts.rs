//! Saved searches, their mailed token links, favourites kept with an
//! account, and the operators' outbox.
use smart_city_duisburg::accounts::authz::Action::*;
use smart_city_duisburg::alerts::domain::{Frequency, SavedQuery};
use smart_city_duisburg::alerts::store::{self, Owner};
use smart_city_duisburg::i18n::Locale;

use crate::fields;
use crate::matrix::{cross, read, row, Actor, Cross, Effect, Req, Row, Rule::*};
use crate::world::World;

/// A saved search of `user` (or of a visitor's address): its id and manage token.
async fn search(w: &World, owner: Owner) -> (i32, String) {
    let q = SavedQuery { text: Some("dach".into()), ..Default::default() };
    let s = store::create(w.db(), &owner, "Dach", &q, Frequency::Daily, Locale::De).await.unwrap();
    (s.id, s.manage_token)
}

/// Someone else's saved search, for those signed out and the cross cells.
async fn strangers(w: &World) -> i32 {
    let other = w.user(smart_city_duisburg::accounts::domain::Role::Resident, true).await;
    search(w, Owner::User(other.id)).await.0
}

async fn own_or_strangers(cx: &crate::matrix::Cx) -> i32 {
    match cx.id() {
        Some(id) => search(&cx.w, Owner::User(id)).await.0,
        None => strangers(&cx.w).await,
    }
}

/// A hit not yet seen, so marking it seen changes something.
async fn with_hit(w: &World, search_id: i32) {
    use sea_orm::ConnectionTrait;
    let sql = "INSERT INTO saved_search_hit (search_id, offer_id, reason, created_at) VALUES (?, ?, 'new', ?)";
    w.db().execute_raw(smart_city_duisburg::db::stmt(w.db(), sql, vec![search_id.into(), w.p_offer.into(), chrono::Utc::now().into()])).await.unwrap();
}

async fn no_favourites(w: &World, user: Option<i32>) {
    if let Some(u) = user {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use smart_city_duisburg::db::entities::favourite;
        favourite::Entity::delete_many().filter(favourite::Column::UserId.eq(u)).exec(w.db()).await.unwrap();
    }
}

pub fn rows() -> Vec<Row> {
    vec![
        // Accounts need a confirmed address; a visitor subscribes an address
        // (confirmed by mail later).
        row("/suchauftraege", "", VisitorOrConfirmed(SaveSearch), |cx| {
            Box::pin(async move {
                let n = cx.w.next();
                Req::form("/suchauftraege", fields!["filter" => "q=dach&bezirk=mitte", "name" => format!("Dach {n}"), "frequency" => "daily", "email" => format!("besuch.{n}@example.org"), "consent" => "1"])
            })
        }),
        row("/suchauftraege/{id}/aendern", "", SignedIn, |cx| {
            Box::pin(async move {
                let id = own_or_strangers(&cx).await;
                Req::form(format!("/suchauftraege/{id}/aendern"), fields!["name" => "Neuer Name", "frequency" => "weekly"])
            })
        }),
        row("/suchauftraege/{id}/loeschen", "", SignedIn, |cx| {
            Box::pin(async move {
                let id = own_or_strangers(&cx).await;
                Req::form(format!("/suchauftraege/{id}/loeschen"), vec![])
            })
        }),
        row("/suchauftraege/{id}/gesehen", "", SignedIn, |cx| {
            Box::pin(async move {
                let id = own_or_strangers(&cx).await;
                with_hit(&cx.w, id).await;
                Req::form(format!("/suchauftraege/{id}/gesehen"), vec![])
            })
        }),
        // The mailed token is the authority, for anyone who holds it.
        row("/suchauftrag/bestaetigen", "", Public, |cx| {
            Box::pin(async move {
                let (_, token) = search(&cx.w, Owner::Email(format!("abo.{}@example.org", cx.w.next()))).await;
                Req::form("/suchauftrag/bestaetigen", fields!["token" => token])
            })
        }),
        row("/suchauftrag/abbestellen", "", Public, |cx| {
            Box::pin(async move {
                let (_, token) = search(&cx.w, Owner::Email(format!("abo.{}@example.org", cx.w.next()))).await;
                Req::form(format!("/suchauftrag/abbestellen?token={token}"), fields!["List-Unsubscribe" => "One-Click"])
            })
        }),
        row("/admin/post/wiederholen", "", Authz(ManageMail), |cx| {
            Box::pin(async move {
                use sea_orm::ConnectionTrait;
                let now = chrono::Utc::now();
                let sql = "INSERT INTO outbox (recipient, subject, body, headers, state, attempts, next_attempt_at, last_error, created_at) VALUES ('x@example.org', 'S', 'B', '[]', 'failed', 12, ?, 'refused', ?)";
                cx.w.db().execute_raw(smart_city_duisburg::db::stmt(cx.w.db(), sql, vec![now.into(), now.into()])).await.unwrap();
                Req::form("/admin/post/wiederholen", vec![])
            })
        }),
        // Signed out, the list stays in the browser: nothing is stored.
        row("/api/sync_favourites", "", Public, |cx| {
            Box::pin(async move {
                no_favourites(&cx.w, cx.id()).await;
                Req::call("sync_favourites", fields!["ids" => cx.w.p_offer, "mirrored" => 0])
            })
        })
        .effect(Effect::WritesIfSignedIn),
        row("/api/set_favourite", "", Public, |cx| {
            Box::pin(async move {
                no_favourites(&cx.w, cx.id()).await;
                Req::call("set_favourite", fields!["offer_id" => cx.w.p_offer, "keep" => "true"])
            })
        })
        .effect(Effect::WritesIfSignedIn),
        read("/api/my_saved_searches", SignedIn, |_| Box::pin(async { Req::call("my_saved_searches", vec![]) })),
        read("/api/saved_search_hits", SignedIn, |cx| {
            Box::pin(async move {
                let id = own_or_strangers(&cx).await;
                Req::call("saved_search_hits", fields!["id" => id])
            })
        }),
        read("/api/new_saved_search", Public, |_| Box::pin(async { Req::call("new_saved_search", fields!["filter" => "q=dach"]) })),
        read("/api/outbox_status", Authz(ManageMail), |_| Box::pin(async { Req::call("outbox_status", vec![]) })),
    ]
}

/// Someone else's saved search, named by its id.
pub fn crosses() -> Vec<Cross> {
    vec![
        cross("/suchauftraege/{id}/aendern", "another person's search", Actor::Resident, |cx| {
            Box::pin(async move {
                let id = strangers(&cx.w).await;
                Req::form(format!("/suchauftraege/{id}/aendern"), fields!["name" => "Meins", "frequency" => "instant"])
            })
        }),
        cross("/suchauftraege/{id}/loeschen", "another person's search", Actor::Resident, |cx| {
            Box::pin(async move { Req::form(format!("/suchauftraege/{}/loeschen", strangers(&cx.w).await), vec![]) })
        }),
        cross("/suchauftraege/{id}/gesehen", "another person's search", Actor::Resident, |cx| {
            Box::pin(async move {
                let id = strangers(&cx.w).await;
                with_hit(&cx.w, id).await;
                Req::form(format!("/suchauftraege/{id}/gesehen"), vec![])
            })
        }),
        cross("/api/saved_search_hits", "another person's search", Actor::Resident, |cx| {
            Box::pin(async move { Req::call("saved_search_hits", fields!["id" => strangers(&cx.w).await]) })
        }),
        cross("/suchauftrag/abbestellen", "a made-up token", Actor::Anonymous, |_| {
            Box::pin(async move { Req::form("/suchauftrag/abbestellen?token=erfunden", vec![]) })
        }),
    ]
}
