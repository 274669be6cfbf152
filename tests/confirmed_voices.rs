//! Everything that counts as a resident's voice needs a confirmed e-mail
//! address, on SQLite and PostgreSQL: recommending, seconding, marking a
//! review helpful and rating a city service are refused to unconfirmed
//! accounts with a message saying why, and nothing is stored.
#![cfg(feature = "ssr")]
mod common;

use chrono::Utc;
use common::recommendations::{only_rec, recommend_listed, seconds_of, vote, REASON};
use common::{fixtures, location, spawn_app, Seed};
use sea_orm::{EntityTrait, PaginatorTrait, Set};
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::db::entities::{app_user, city_service_rating, recommendation as rec, review, review_vote};

#[tokio::test]
async fn unconfirmed_accounts_cannot_recommend_second_vote_or_rate() {
    let app = spawn_app(Seed::Empty).await;
    let pid = fixtures::provider(&app.db, "Beispielbank Probe", "private", Utc::now()).await;
    fixtures::reviews(&app.db, pid, &[5], Utc::now()).await;
    let rid = review::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let (anna, anna_cookie) = fixtures::signed_in(&app.db, "Anna", Role::Resident).await;
    recommend_listed(&app, &anna_cookie, "baufinanzierung", pid, REASON).await;
    let rec_id = only_rec(&app, anna).await.id;
    let (udo, udo_cookie) = fixtures::account(&app.db, "Udo", Role::Resident, false).await;

    let to = recommend_listed(&app, &udo_cookie, "baufinanzierung", pid, "Auch ich empfehle diese Bank, sehr fair beraten.").await;
    assert!(to.contains("fehler=unbestaetigt"), "{to}");
    assert_eq!(rec::Entity::find().count(&app.db).await.unwrap(), 1);
    let (_, page) = app.page_with_cookie(&to, &udo_cookie).await;
    assert!(page.contains("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse"), "the page says why");

    assert!(vote(&app, &udo_cookie, rec_id, "unterstuetzen").await.contains("fehler=unbestaetigt"));
    assert_eq!(seconds_of(&app, rec_id).await, 0);

    let back = format!("/anbieter/{pid}-beispielbank-probe");
    let resp = app.post_form(&format!("/bewertungen/{rid}/hilfreich"), &[("zurueck", &back)], Some(&udo_cookie)).await;
    assert!(location(&resp).contains("fehler=unconfirmed"), "{}", location(&resp));
    assert_eq!(review_vote::Entity::find().count(&app.db).await.unwrap(), 0);

    let resp = app.post_form("/verwaltung/personalausweis-beantragen/bewerten", &[("stars", "4"), ("outcome", "online")], Some(&udo_cookie)).await;
    assert_eq!(location(&resp), "/verwaltung/personalausweis-beantragen?fehler=unbestaetigt#bewerten");
    assert_eq!(city_service_rating::Entity::find().count(&app.db).await.unwrap(), 0);
    let (_, page) = app.page_with_cookie(&location(&resp), &udo_cookie).await;
    assert!(page.contains("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse"));

    // Once confirmed, the same requests count.
    app_user::Entity::update(app_user::ActiveModel { id: Set(udo), email_verified_at: Set(Some(Utc::now())), ..Default::default() }).exec(&app.db).await.unwrap();
    assert!(!vote(&app, &udo_cookie, rec_id, "unterstuetzen").await.contains("fehler="));
    assert_eq!(seconds_of(&app, rec_id).await, 1);
    app.post_form("/verwaltung/personalausweis-beantragen/bewerten", &[("stars", "4"), ("outcome", "online")], Some(&udo_cookie)).await;
    assert_eq!(city_service_rating::Entity::find().count(&app.db).await.unwrap(), 1);
}
