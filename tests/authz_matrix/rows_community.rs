//! What residents do about providers: recommend, review, vote, report,
//! ask; and what moderators do about it.
use smart_city_duisburg::accounts::authz::Action::*;
use smart_city_duisburg::accounts::domain::Role;

use crate::fields;
use crate::matrix::{cross, row, Actor, Cross, Req, Row, Rule::*};
use crate::world::{World, REC_CATEGORY, TEXT};

/// Where the recommendation forms send the browser back to.
const BACK: &str = "/empfehlungen?kategorie=baufinanzierung";

pub fn rows() -> Vec<Row> {
    vec![
        row("/empfehlen", "", Authz(Recommend), |cx| {
            Box::pin(async move {
                let reason = format!("Sehr gute Beratung zur Baufinanzierung, ehrlich und schnell ({}).", cx.w.next());
                Req::form("/empfehlen", fields!["kategorie" => REC_CATEGORY, "anbieter" => cx.w.p, "begruendung" => reason])
            })
        }),
        row("/empfehlungen/{id}/unterstuetzen", "", Authz(SecondRecommendation), |cx| {
            Box::pin(async move {
                let rec = cx.w.recommendation(cx.w.p, None).await;
                Req::form(format!("/empfehlungen/{rec}/unterstuetzen"), fields!["zurueck" => BACK])
            })
        }),
        // Taking back one's own second, and deleting one's own
        // recommendation: anyone's for their own (see the cross cells).
        row("/empfehlungen/{id}/zurueckziehen", "", SignedIn, |cx| {
            Box::pin(async move {
                let rec = cx.w.recommendation(cx.w.p, None).await;
                if let Some(id) = cx.id() {
                    cx.w.second(rec, id).await;
                }
                Req::form(format!("/empfehlungen/{rec}/zurueckziehen"), fields!["zurueck" => BACK])
            })
        }),
        row("/empfehlungen/{id}/loeschen", "", SignedIn, |cx| {
            Box::pin(async move {
                let rec = cx.w.recommendation(cx.w.q, cx.id()).await;
                Req::form(format!("/empfehlungen/{rec}/loeschen"), fields!["zurueck" => BACK])
            })
        }),
        row("/bewertungen", "", Authz(WriteReview), |cx| Box::pin(async move { review(&cx.w, cx.w.p, cx.w.p_offer) })),
        row("/bewertungen/{id}/hilfreich", "", Authz(VoteReview), |cx| {
            Box::pin(async move { Req::form(format!("/bewertungen/{}/hilfreich", cx.w.review(cx.w.p).await), fields!["zurueck" => "/"]) })
        }),
        row("/bewertungen/{rid}/antwort", "", Authz(ReplyToReview), |cx| Box::pin(async move { reply(cx.w.review(cx.w.p).await) })),
        row("/dashboard/{pid}/kundencodes", "", Authz(ManageCustomerCodes), |cx| Box::pin(async move { Req::form(format!("/dashboard/{}/kundencodes", cx.w.p), vec![]) })),
        // Anyone may report, signed in or not.
        row("/melden", "", Public, |cx| {
            Box::pin(async move {
                let id = cx.w.review(cx.w.p).await;
                Req::form("/melden", fields!["art" => "review", "id" => id, "reason" => "insult", "explanation" => "Das ist eine Beleidigung.", "name" => "", "email" => "", "good_faith" => "1"])
            })
        }),
        // Both answer a refusal by sending the browser home.
        row("/moderation/meldungen/{id}", "", Authz(ModerateContent), |cx| {
            Box::pin(async move { Req::form(format!("/moderation/meldungen/{}", cx.w.report().await), fields!["decision" => "dismissed", "statement" => "Geprüft: kein Verstoß gegen die Regeln."]) })
        })
        .refused_to("/"),
        row("/moderation/bewohner", "", Authz(VerifyResident), |cx| {
            Box::pin(async move { Req::form("/moderation/bewohner", fields!["email" => cx.w.user(Role::Resident, true).await.email, "method" => "id_card"]) })
        })
        .refused_to("/"),
        // Anyone may ask a provider about a published offer.
        row("/angebote/{id}/kontakt", "", Public, |cx| {
            Box::pin(async move {
                let email = format!("frage.{}@example.org", cx.w.next());
                Req::form(format!("/angebote/{}/kontakt", cx.w.p_offer), fields!["name" => "Jörg", "email" => email, "phone" => "", "message" => "Wann hätten Sie Zeit für eine Besichtigung?", "consent" => "1"])
            })
        }),
    ]
}

/// A review of `pid` about `offer`.
fn review(w: &World, pid: i32, offer: i32) -> Req {
    let month = (chrono::Utc::now() - chrono::Duration::days(40)).format("%Y-%m").to_string();
    let body = format!("{TEXT} Bewertung {}.", w.next());
    Req::form("/bewertungen", fields!["provider_id" => pid, "stars" => "4", "title" => "Gute Arbeit", "body" => body, "month" => month, "offer" => offer, "code" => ""])
}

fn reply(review: i32) -> Req {
    Req::form(format!("/bewertungen/{review}/antwort"), fields!["reply" => "Danke für Ihre Bewertung, wir melden uns bei Ihnen."])
}

pub fn crosses() -> Vec<Cross> {
    vec![
        // P's people answer Q's reviews, and Q's owner P's.
        cross("/bewertungen/{rid}/antwort", "Q's review", Actor::Owner, |cx| Box::pin(async move { reply(cx.w.review(cx.w.q).await) })),
        cross("/bewertungen/{rid}/antwort", "Q's review", Actor::Member, |cx| Box::pin(async move { reply(cx.w.review(cx.w.q).await) })),
        cross("/bewertungen/{rid}/antwort", "P's review", Actor::OtherOwner, |cx| Box::pin(async move { reply(cx.w.review(cx.w.p).await) })),
        // A review of Q about P's offer.
        cross("/bewertungen", "Q's id, P's offer", Actor::Resident, |cx| Box::pin(async move { review(&cx.w, cx.w.q, cx.w.p_offer) })),
        // Someone else's recommendation (a second is always the actor's own).
        cross("/empfehlungen/{id}/loeschen", "someone else's", Actor::Resident, |cx| {
            Box::pin(async move { Req::form(format!("/empfehlungen/{}/loeschen", cx.w.recommendation(cx.w.q, None).await), fields!["zurueck" => BACK]) })
        }),
        cross("/empfehlungen/{id}/loeschen", "someone else's", Actor::Admin, |cx| {
            Box::pin(async move { Req::form(format!("/empfehlungen/{}/loeschen", cx.w.recommendation(cx.w.q, None).await), fields!["zurueck" => BACK]) })
        }),
    ]
}
