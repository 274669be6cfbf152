//! What a provider's people do on plain form routes: photos, members, the
//! contact inbox, OpenImmo imports.
use smart_city_duisburg::accounts::authz::Action::*;

use crate::fields;
use crate::matrix::{cross, row, Actor, Cross, Req, Row, Rule::*};
use crate::requests::{multipart, openimmo_file, png};
use crate::world::World;

pub fn rows() -> Vec<Row> {
    vec![
        row("/fotos/hochladen", "", Authz(UploadPhoto), |cx| Box::pin(async move { upload(&cx.w, cx.w.p, cx.w.p).await })),
        row("/fotos/{id}", "alt", Authz(EditPhoto), |cx| {
            Box::pin(async move {
                let o = cx.w.offer(cx.w.p, "published").await;
                photo_change(cx.w.photo(cx.w.p, Some(o.id)).await, "alt", &format!("Neuer Text {}", cx.w.next()))
            })
        }),
        // The first of two photos moved down: a real change of order.
        row("/fotos/{id}", "runter", Authz(EditPhoto), |cx| {
            Box::pin(async move {
                let o = cx.w.offer(cx.w.p, "published").await;
                let first = cx.w.photo(cx.w.p, Some(o.id)).await;
                cx.w.photo(cx.w.p, Some(o.id)).await;
                photo_change(first, "runter", "")
            })
        }),
        row("/fotos/{id}", "loeschen", Authz(DeletePhoto), |cx| Box::pin(async move { photo_change(cx.w.photo(cx.w.p, None).await, "loeschen", "") })),
        row("/mitglieder/einladen", "", Authz(InviteMember), |cx| {
            Box::pin(async move { Req::form("/mitglieder/einladen", fields!["anbieter" => cx.w.p, "email" => format!("gast.{}@example.org", cx.w.next()), "rolle" => "member"]) })
        }),
        row("/mitglieder/aendern", "rolle", Authz(ManageMembers), |cx| {
            Box::pin(async move { member_change(cx.w.p, "rolle", cx.w.member(cx.w.p, "member").await, 0) })
        }),
        row("/mitglieder/aendern", "entfernen", Authz(ManageMembers), |cx| {
            Box::pin(async move { member_change(cx.w.p, "entfernen", cx.w.member(cx.w.p, "member").await, 0) })
        }),
        row("/mitglieder/aendern", "zurueckziehen", Authz(ManageMembers), |cx| {
            Box::pin(async move { member_change(cx.w.p, "zurueckziehen", 0, invitation_into(&cx.w, cx.w.p).await) })
        }),
        // The invitation addressed to the person asking (see the cross cell);
        // into a provider none of the actors belongs to.
        row("/einladung/annehmen", "", SignedIn, |cx| {
            Box::pin(async move {
                let email = match &cx.me {
                    Some(me) => me.email.clone(),
                    None => format!("gast.{}@example.org", cx.w.next()),
                };
                Req::form("/einladung/annehmen", fields!["token" => cx.w.invitation(cx.w.r, &email).await.1])
            })
        })
        .fresh_actor(),
        row("/dashboard/{pid}/anfragen/{id}/gelesen", "", Authz(ReadInbox), |cx| Box::pin(async move { mark_read(&cx.w, cx.w.p, cx.w.p, cx.w.p_offer).await })),
        row("/dashboard/{pid}/openimmo", "", Authz(ImportListings), |cx| {
            Box::pin(async move { Req { get: false, path: format!("/dashboard/{}/openimmo", cx.w.p), body: crate::matrix::Body::Multipart(multipart(&[], "bestand.xml", &openimmo_file())) } })
        }),
    ]
}

/// A photo upload under provider `pid` for a new offer of `owner_of_offer`.
async fn upload(w: &World, pid: i32, owner_of_offer: i32) -> Req {
    let o = w.offer(owner_of_offer, "published").await;
    let fields = [("anbieter", pid.to_string()), ("angebot", o.id.to_string()), ("alt", "Das Dach nach der Reinigung".to_owned())];
    Req { get: false, path: "/fotos/hochladen".into(), body: crate::matrix::Body::Multipart(multipart(&fields, "dach.png", &png())) }
}

fn photo_change(photo: i32, action: &str, alt: &str) -> Req {
    Req::form(format!("/fotos/{photo}"), fields!["aktion" => action, "alt" => alt])
}

fn member_change(pid: i32, action: &str, user: i32, invitation: i32) -> Req {
    Req::form("/mitglieder/aendern", fields!["anbieter" => pid, "aktion" => action, "nutzer" => user, "einladung" => invitation, "rolle" => "owner"])
}

async fn invitation_into(w: &World, pid: i32) -> i32 {
    w.invitation(pid, &format!("eingeladen.{}@example.org", w.next())).await.0
}

/// Marking read, under provider `pid`, a new request to `owner_of_request`.
async fn mark_read(w: &World, pid: i32, owner_of_request: i32, offer: i32) -> Req {
    let id = w.contact_request(owner_of_request, offer).await;
    Req::form(format!("/dashboard/{pid}/anfragen/{id}/gelesen"), vec![])
}

/// Each pair of ids both ways: P's owner (or member) with P's id and Q's
/// object, Q's owner with Q's id and P's object.
pub fn crosses() -> Vec<Cross> {
    vec![
        cross("/fotos/hochladen", "P's id, Q's offer", Actor::Owner, |cx| Box::pin(async move { upload(&cx.w, cx.w.p, cx.w.q).await })),
        cross("/fotos/hochladen", "P's id, Q's offer", Actor::Member, |cx| Box::pin(async move { upload(&cx.w, cx.w.p, cx.w.q).await })),
        cross("/fotos/hochladen", "Q's id, P's offer", Actor::OtherOwner, |cx| Box::pin(async move { upload(&cx.w, cx.w.q, cx.w.p).await })),
        // One id, the photo's: it names its provider itself.
        cross("/fotos/{id}", "Q's photo", Actor::Owner, |cx| Box::pin(async move { photo_change(cx.w.photo(cx.w.q, None).await, "alt", "Fremdes Foto") })),
        cross("/fotos/{id}", "Q's photo", Actor::Member, |cx| Box::pin(async move { photo_change(cx.w.photo(cx.w.q, None).await, "loeschen", "") })),
        cross("/mitglieder/aendern", "P's id, Q's member", Actor::Owner, |cx| {
            Box::pin(async move { member_change(cx.w.p, "entfernen", cx.w.member(cx.w.q, "member").await, 0) })
        }),
        cross("/mitglieder/aendern", "P's id, Q's member's role", Actor::Owner, |cx| {
            Box::pin(async move { member_change(cx.w.p, "rolle", cx.w.member(cx.w.q, "member").await, 0) })
        }),
        cross("/mitglieder/aendern", "P's id, Q's invitation", Actor::Owner, |cx| {
            Box::pin(async move { member_change(cx.w.p, "zurueckziehen", 0, invitation_into(&cx.w, cx.w.q).await) })
        }),
        cross("/mitglieder/aendern", "Q's id, P's member", Actor::OtherOwner, |cx| {
            Box::pin(async move { member_change(cx.w.q, "entfernen", cx.w.member(cx.w.p, "member").await, 0) })
        }),
        cross("/mitglieder/aendern", "Q's id, P's invitation", Actor::OtherOwner, |cx| {
            Box::pin(async move { member_change(cx.w.q, "zurueckziehen", 0, invitation_into(&cx.w, cx.w.p).await) })
        }),
        cross("/einladung/annehmen", "an invitation for someone else", Actor::Resident, |cx| {
            Box::pin(async move { Req::form("/einladung/annehmen", fields!["token" => cx.w.invitation(cx.w.r, &format!("jemand.{}@example.org", cx.w.next())).await.1]) })
        }),
        cross("/dashboard/{pid}/anfragen/{id}/gelesen", "P's id, Q's request", Actor::Owner, |cx| Box::pin(async move { mark_read(&cx.w, cx.w.p, cx.w.q, cx.w.q_offer).await })),
        cross("/dashboard/{pid}/anfragen/{id}/gelesen", "P's id, Q's request", Actor::Member, |cx| Box::pin(async move { mark_read(&cx.w, cx.w.p, cx.w.q, cx.w.q_offer).await })),
        cross("/dashboard/{pid}/anfragen/{id}/gelesen", "Q's id, P's request", Actor::OtherOwner, |cx| Box::pin(async move { mark_read(&cx.w, cx.w.q, cx.w.p, cx.w.p_offer).await })),
    ]
}
