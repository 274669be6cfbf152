//! The provider dashboard's server functions, and the moderators' ones
//! about providers: profiles, offers, projects, ownership, claims.
use serde_json::{json, Value};
use smart_city_duisburg::accounts::authz::Action::*;

use crate::common::form_call;
use crate::matrix::{cross, row, Actor, Cross, Cx, Req, Row, Rule::*};
use crate::requests::{offer_form, project_form, provider_form, unit_form};
use crate::world::{claim_form, World};
use crate::fields;

pub fn rows() -> Vec<Row> {
    vec![
        row("/api/create_provider", "", Authz(CreateProvider), |cx| {
            Box::pin(async move { Req::json("create_provider", json!({"form": provider_form(&format!("Neuer Betrieb {}", cx.w.next()))})) })
        }),
        row("/api/save_provider", "profile", Authz(EditProvider), |cx| {
            Box::pin(async move {
                let (mut form, version) = profile_form(&cx.w).await;
                form["description"] = json!(format!("Bearbeitet ({}).", cx.w.next()));
                Req::json("save_provider", json!({"provider_id": cx.w.p, "version": version, "form": form}))
            })
        }),
        // Who owns the provider is the owners' declaration, not a member's.
        row("/api/save_provider", "ownership", OwnersOfP, |cx| {
            Box::pin(async move {
                let (mut form, version) = profile_form(&cx.w).await;
                form["ownership"] = json!("municipal");
                form["owner_name"] = json!(format!("Stadt Beispiel {}", cx.w.next()));
                form["ownership_share"] = json!("51");
                Req::json("save_provider", json!({"provider_id": cx.w.p, "version": version, "form": form}))
            })
        }),
        row("/api/save_offer", "create", Authz(CreateOffer), |cx| {
            Box::pin(async move {
                let form = offer_form(&format!("Neues Angebot {}", cx.w.next()));
                Req::json("save_offer", json!({"provider_id": cx.w.p, "offer_id": null, "version": 0, "form": form}))
            })
        }),
        // A unit of the provider's housing project (see the cross cells).
        row("/api/save_offer", "unit", Authz(CreateOffer), |cx| {
            Box::pin(async move { Req::json("save_offer", json!({"provider_id": cx.w.p, "offer_id": null, "version": 0, "form": unit_form("Wohnung 1", cx.w.p_project)})) })
        }),
        row("/api/save_offer", "edit", Authz(EditOffer), |cx| Box::pin(async move { edit_offer(&cx.w, cx.w.p, cx.w.p).await })),
        row("/api/run_offer_command", "Publish", Authz(ChangeOfferStatus), |cx| Box::pin(command(cx, "Publish", Mine))),
        row("/api/run_offer_command", "Unpublish", Authz(ChangeOfferStatus), |cx| Box::pin(command(cx, "Unpublish", Mine))),
        row("/api/run_offer_command", "Archive", Authz(ChangeOfferStatus), |cx| Box::pin(command(cx, "Archive", Mine))),
        row("/api/run_offer_command", "Duplicate", Authz(DuplicateOffer), |cx| Box::pin(command(cx, "Duplicate", Mine))),
        row("/api/run_offer_command", "Delete", Authz(DeleteOffer), |cx| Box::pin(command(cx, "Delete", Mine))),
        row("/api/create_project", "", Authz(ManageProjects), |cx| {
            Box::pin(async move { Req::json("create_project", json!({"provider_id": cx.w.p, "form": project_form(&format!("Quartier {}", cx.w.next()))})) })
        }),
        row("/api/confirm_ownership", "", Authz(VerifyOwnership), |cx| {
            Box::pin(async move { Req::call("confirm_ownership", fields!["provider_id" => cx.w.declared_provider().await]) })
        }),
        row("/api/claim_firm", "", Authz(ClaimUnlisted), |cx| Box::pin(async move { Req::json("claim_firm", json!({"unlisted_id": cx.w.unlisted, "form": claim_form()})) })),
        row("/api/decide_claim", "", Authz(DecideClaim), |cx| Box::pin(async move { Req::call("decide_claim", fields!["claim_id" => cx.w.claim().await, "approve" => "false"]) })),
    ]
}

/// Whose offer a command names: the provider's own, or the other one's.
#[derive(Clone, Copy)]
enum Whose {
    Mine,
    Theirs,
}
use Whose::*;

/// P's editable profile as its editor loads it: (form, version).
async fn profile_form(w: &World) -> (Value, i32) {
    let admin = w.shared(Actor::Admin).unwrap();
    let (status, loaded) = form_call(&w.app, "provider_for_edit", &[("provider_id", &w.p.to_string())], Some(&admin.cookie)).await;
    assert_eq!(status, 200, "{loaded}");
    let mut form = loaded[0].clone();
    form["categories"] = json!(["dach"]);
    form["phone"] = json!("0203 55555");
    (form, loaded[1].as_i64().unwrap() as i32)
}

/// An edit sent with provider `pid` for a new offer of `owner_of_offer`.
async fn edit_offer(w: &World, pid: i32, owner_of_offer: i32) -> Req {
    let o = w.offer(owner_of_offer, "published").await;
    let form = offer_form(&format!("Geänderter Titel {}", w.next()));
    Req::json("save_offer", json!({"provider_id": pid, "offer_id": o.id, "version": o.version, "form": form}))
}

/// The command for a new offer in a state it applies to. The provider named
/// is the actor's (P, or Q for Q's owner); `Theirs` names the other's offer.
async fn command(cx: Cx, cmd: &'static str, whose: Whose) -> Req {
    let w = &cx.w;
    let pid = if cx.actor == Actor::OtherOwner && matches!(whose, Theirs) { w.q } else { w.p };
    let of = match whose {
        Mine => pid,
        Theirs if pid == w.p => w.q,
        Theirs => w.p,
    };
    let o = w.offer(of, if cmd == "Publish" { "draft" } else { "published" }).await;
    Req::call("run_offer_command", fields!["provider_id" => pid, "offer_id" => o.id, "version" => o.version, "command" => cmd])
}

/// P's owner names Q's offers under P's id, and Q's owner P's under Q's.
pub fn crosses() -> Vec<Cross> {
    vec![
        cross("/api/save_offer", "P's id, Q's offer", Actor::Owner, |cx| Box::pin(async move { edit_offer(&cx.w, cx.w.p, cx.w.q).await })),
        cross("/api/save_offer", "Q's id, P's offer", Actor::OtherOwner, |cx| Box::pin(async move { edit_offer(&cx.w, cx.w.q, cx.w.p).await })),
        // The housing project a unit belongs to is an id too.
        cross("/api/save_offer", "P's id, Q's project", Actor::Owner, |cx| {
            Box::pin(async move { Req::json("save_offer", json!({"provider_id": cx.w.p, "offer_id": null, "version": 0, "form": unit_form("Wohnung 1", cx.w.q_project)})) })
        }),
        cross("/api/save_offer", "Q's id, P's project", Actor::OtherOwner, |cx| {
            Box::pin(async move { Req::json("save_offer", json!({"provider_id": cx.w.q, "offer_id": null, "version": 0, "form": unit_form("Wohnung 1", cx.w.p_project)})) })
        }),
        cross("/api/run_offer_command", "Publish, P's id, Q's offer", Actor::Owner, |cx| Box::pin(command(cx, "Publish", Theirs))),
        cross("/api/run_offer_command", "Unpublish, P's id, Q's offer", Actor::Owner, |cx| Box::pin(command(cx, "Unpublish", Theirs))),
        cross("/api/run_offer_command", "Archive, P's id, Q's offer", Actor::Member, |cx| Box::pin(command(cx, "Archive", Theirs))),
        cross("/api/run_offer_command", "Duplicate, P's id, Q's offer", Actor::Member, |cx| Box::pin(command(cx, "Duplicate", Theirs))),
        cross("/api/run_offer_command", "Delete, P's id, Q's offer", Actor::Owner, |cx| Box::pin(command(cx, "Delete", Theirs))),
        cross("/api/run_offer_command", "Delete, Q's id, P's offer", Actor::OtherOwner, |cx| Box::pin(command(cx, "Delete", Theirs))),
        cross("/api/run_offer_command", "Publish, Q's id, P's offer", Actor::OtherOwner, |cx| Box::pin(command(cx, "Publish", Theirs))),
    ]
}
