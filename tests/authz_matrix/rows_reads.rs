//! The read-only server functions: the public ones answer everybody, the
//! ones with the dashboard's, the moderators' or the administrators' data
//! only those allowed. None may change anything.
use smart_city_duisburg::accounts::authz::Action::*;

use crate::fields;
use crate::matrix::{cross, read, Actor, Cross, Req, Row, Rule::*};
use crate::world::{World, REC_CATEGORY, SERVICE};

pub fn rows() -> Vec<Row> {
    vec![
        // Public pages' data.
        read("/api/site", Public, |_| Box::pin(async { Req::call("site", vec![]) })),
        read("/api/account", Public, |_| Box::pin(async { Req::call("account", vec![]) })),
        read("/api/unread_notifications", Public, |_| Box::pin(async { Req::call("unread_notifications", vec![]) })),
        read("/api/home", Public, |_| Box::pin(async { Req::call("home", vec![]) })),
        read("/api/map", Public, |_| Box::pin(async { Req::call("map", vec![]) })),
        read("/api/offers", Public, |_| Box::pin(async { Req::call("offers", vec![]) })),
        read("/api/suggest", Public, |_| Box::pin(async { Req::call("suggest", fields!["q" => "dach"]) })),
        read("/api/offer", Public, |cx| Box::pin(async move { Req::call("offer", fields!["id" => cx.w.p_offer]) })),
        read("/api/compare", Public, |cx| Box::pin(async move { Req::call("compare", fields!["angebote[0]" => cx.w.p_offer, "angebote[1]" => cx.w.q_offer]) })),
        read("/api/provider", Public, |cx| Box::pin(async move { Req::call("provider", fields!["id" => cx.w.p]) })),
        read("/api/load_project", Public, |cx| Box::pin(async move { Req::call("load_project", fields!["id" => cx.w.p_project]) })),
        read("/api/city_services", Public, |_| Box::pin(async { Req::call("city_services", vec![]) })),
        read("/api/city_service", Public, |_| Box::pin(async { Req::call("city_service", fields!["slug" => SERVICE]) })),
        read("/api/review_form", Public, |cx| Box::pin(async move { Req::call("review_form", fields!["provider_id" => cx.w.p]) })),
        read("/api/report_target", Public, |cx| Box::pin(async move { Req::call("report_target", fields!["art" => "review", "id" => cx.w.p_review]) })),
        read("/api/invitation", Public, |cx| Box::pin(async move { Req::call("invitation", fields!["token" => cx.w.invitation_token]) })),
        read("/api/category_recommendations", Public, |_| Box::pin(async { Req::call("category_recommendations", fields!["kategorie" => REC_CATEGORY, "limit" => 10]) })),
        read("/api/recent_recommendations", Public, |_| Box::pin(async { Req::call("recent_recommendations", vec![]) })),
        read("/api/recommend_form_data", Public, |_| Box::pin(async { Req::call("recommend_form_data", fields!["suche" => "Matrix"]) })),
        read("/api/provider_recommendations", Public, |cx| Box::pin(async move { Req::call("provider_recommendations", fields!["provider_id" => cx.w.p]) })),
        read("/api/unlisted_firm", Public, |cx| Box::pin(async move { Req::call("unlisted_firm", fields!["id" => cx.w.unlisted]) })),
        // The person's own.
        read("/api/my_notifications", SignedIn, |_| Box::pin(async { Req::call("my_notifications", vec![]) })),
        read("/api/my_providers", SignedIn, |_| Box::pin(async { Req::call("my_providers", vec![]) })),
        // P's dashboard.
        read("/api/load_dashboard", Authz(ViewDashboard), |cx| Box::pin(async move { of_p(&cx.w, "load_dashboard") })),
        read("/api/my_projects", Authz(ViewDashboard), |cx| Box::pin(async move { of_p(&cx.w, "my_projects") })),
        // Members get no list, only owners and administrators (answered 200
        // with nothing for a member: see `members_see_no_member_list`).
        read("/api/provider_members", Authz(ViewDashboard), |cx| Box::pin(async move { of_p(&cx.w, "provider_members") })),
        read("/api/provider_for_edit", Authz(EditProvider), |cx| Box::pin(async move { of_p(&cx.w, "provider_for_edit") })),
        read("/api/customer_codes", Authz(ManageCustomerCodes), |cx| Box::pin(async move { of_p(&cx.w, "customer_codes") })),
        read("/api/provider_reviews", Authz(ReplyToReview), |cx| Box::pin(async move { of_p(&cx.w, "provider_reviews") })),
        read("/api/reply_form", Authz(ReplyToReview), |cx| Box::pin(async move { Req::call("reply_form", fields!["review_id" => cx.w.p_review]) })),
        read("/api/contact_inbox", Authz(ReadInbox), |cx| Box::pin(async move { of_p(&cx.w, "contact_inbox") })),
        read("/api/contact_unread", Authz(ReadInbox), |cx| Box::pin(async move { of_p(&cx.w, "contact_unread") })),
        read("/api/openimmo_runs", Authz(ImportListings), |cx| Box::pin(async move { of_p(&cx.w, "openimmo_runs") })),
        read("/api/openimmo_run_state", Authz(ImportListings), |cx| Box::pin(async move { run_state(cx.w.p, cx.w.p_run) })),
        read("/api/offer_for_edit", Authz(EditOffer), |cx| Box::pin(async move { with_offer("offer_for_edit", cx.w.p, cx.w.p_offer) })),
        read("/api/photo_manager", Authz(ViewDashboard), |cx| Box::pin(async move { with_offer("photo_manager", cx.w.p, cx.w.p_offer) })),
        // Moderators' and administrators' pages.
        read("/api/pending_ownership", Authz(VerifyOwnership), |_| Box::pin(async { Req::call("pending_ownership", vec![]) })),
        read("/api/report_queue", Authz(ModerateContent), |_| Box::pin(async { Req::call("report_queue", vec![]) })),
        read("/api/pending_claims", Authz(DecideClaim), |_| Box::pin(async { Req::call("pending_claims", vec![]) })),
        read("/api/audit_entries", Authz(ViewAuditLog), |_| Box::pin(async { Req::call("audit_entries", vec![]) })),
        read("/api/people", Authz(ManagePeople), |_| Box::pin(async { Req::call("people", vec![]) })),
        read("/api/search_settings", Authz(ManageSearch), |_| Box::pin(async { Req::call("search_settings", vec![]) })),
        read("/api/city_service_edit", Authz(EditCityService), |_| Box::pin(async { Req::call("city_service_edit", fields!["slug" => SERVICE]) })),
    ]
}

fn of_p(w: &World, name: &str) -> Req {
    Req::call(name, fields!["provider_id" => w.p])
}

fn with_offer(name: &str, pid: i32, offer: i32) -> Req {
    Req::call(name, fields!["provider_id" => pid, "offer_id" => offer])
}

fn run_state(pid: i32, run: i32) -> Req {
    Req::call("openimmo_run_state", fields!["provider_id" => pid, "run_id" => run])
}

pub fn crosses() -> Vec<Cross> {
    vec![
        cross("/api/offer_for_edit", "P's id, Q's offer", Actor::Owner, |cx| Box::pin(async move { with_offer("offer_for_edit", cx.w.p, cx.w.q_offer) })),
        cross("/api/offer_for_edit", "Q's id, P's offer", Actor::OtherOwner, |cx| Box::pin(async move { with_offer("offer_for_edit", cx.w.q, cx.w.p_offer) })),
        cross("/api/photo_manager", "P's id, Q's offer", Actor::Member, |cx| Box::pin(async move { with_offer("photo_manager", cx.w.p, cx.w.q_offer) })),
        cross("/api/photo_manager", "Q's id, P's offer", Actor::OtherOwner, |cx| Box::pin(async move { with_offer("photo_manager", cx.w.q, cx.w.p_offer) })),
        cross("/api/openimmo_run_state", "P's id, Q's run", Actor::Owner, |cx| Box::pin(async move { run_state(cx.w.p, cx.w.q_run) })),
        cross("/api/openimmo_run_state", "Q's id, P's run", Actor::OtherOwner, |cx| Box::pin(async move { run_state(cx.w.q, cx.w.p_run) })),
    ]
}
