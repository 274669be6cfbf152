//! Accounts, administration, the city-service directory, notifications.
use smart_city_duisburg::accounts::authz::Action::*;
use smart_city_duisburg::accounts::domain::Role;
use smart_city_duisburg::accounts::store::TokenPurpose;

use crate::fields;
use crate::matrix::{cross, row, Actor, Cross, Effect, Req, Row, Rule::*};
use crate::world::{PASSWORD, SERVICE};

pub fn rows() -> Vec<Row> {
    vec![
        // The sign-up and sign-in forms take anyone; what they do depends on
        // what is typed, not on who is signed in.
        row("/registrieren", "", Public, |cx| {
            Box::pin(async move {
                let n = cx.w.next();
                Req::form("/registrieren", fields!["name" => format!("Neu {n}"), "email" => format!("neu.{n}@example.org"), "password" => PASSWORD, "password_repeat" => PASSWORD])
            })
        }),
        row("/anmelden", "", Public, |cx| Box::pin(async move { Req::form("/anmelden", fields!["email" => cx.w.login_email, "password" => PASSWORD]) })),
        row("/abmelden", "", Public, |_| Box::pin(async move { Req::form("/abmelden", vec![]) })).effect(Effect::WritesIfSignedIn).fresh_actor(),
        // For an address without an account nothing is stored (nor sent).
        row("/passwort-vergessen", "", Public, |cx| {
            Box::pin(async move { Req::form("/passwort-vergessen", fields!["email" => format!("niemand.{}@example.org", cx.w.next())]) })
        })
        .effect(Effect::Nothing),
        // The token mailed is the authority, for anyone who holds it.
        row("/passwort-neu", "", Public, |cx| {
            Box::pin(async move {
                let target = cx.w.user(Role::Resident, true).await;
                let token = cx.w.token(target.id, TokenPurpose::Reset).await;
                Req::form("/passwort-neu", fields!["token" => token, "password" => PASSWORD, "password_repeat" => PASSWORD])
            })
        }),
        row("/konto/bestaetigen", "", Public, |cx| {
            Box::pin(async move {
                let target = cx.w.user(Role::Resident, false).await;
                Req::get(format!("/konto/bestaetigen?token={}", cx.w.token(target.id, TokenPurpose::Verify).await))
            })
        }),
        row("/konto/loeschen", "", SignedIn, |cx| {
            Box::pin(async move {
                if let Some(id) = cx.id() {
                    smart_city_duisburg::accounts::store::set_password(cx.w.db(), id, cx.w.password_hash.clone()).await.unwrap();
                }
                Req::form("/konto/loeschen", fields!["password" => PASSWORD])
            })
        })
        .fresh_actor(),
        row("/verwaltung/{slug}/bewerten", "", Authz(RateCityService), |_| {
            Box::pin(async move { Req::form(format!("/verwaltung/{SERVICE}/bewerten"), fields!["stars" => "4", "outcome" => "online", "tip" => "Termin vorher buchen."]) })
        }),
        row("/verwaltung/{slug}/bewertung-loeschen", "", Authz(RateCityService), |cx| {
            Box::pin(async move {
                if let Some(id) = cx.id() {
                    cx.w.service_rating(id).await;
                }
                Req::form(format!("/verwaltung/{SERVICE}/bewertung-loeschen"), vec![])
            })
        }),
        row("/verwaltung/{slug}/bearbeiten", "", Authz(EditCityService), |cx| {
            Box::pin(async move {
                let n = cx.w.next();
                let text = format!("Den Ausweis beantragen Sie im Bürgerbüro ({n}).");
                Req::form(
                    format!("/verwaltung/{SERVICE}/bearbeiten"),
                    fields!["url" => format!("https://www.duisburg.de/ausweis-{n}"), "availability" => "in_person", "description" => text, "description_en" => "Apply at the citizens' office.", "bring" => "Passfoto", "bring_en" => "Photo"],
                )
            })
        }),
        row("/admin/suche/synonyme", "", Authz(ManageSearch), |cx| {
            Box::pin(async move {
                let version = cx.w.synonyms_version().await;
                Req::form("/admin/suche/synonyme", fields!["text" => "sanitaer-heizung: rohrbruch, wasserschaden", "version" => version])
            })
        }),
        row("/admin/suche/erledigt", "", Authz(ManageSearch), |cx| Box::pin(async move { Req::form("/admin/suche/erledigt", fields!["query" => cx.w.search_miss().await]) })),
        row("/admin/personen/rolle", "", Authz(ManagePeople), |cx| {
            Box::pin(async move {
                let target = cx.w.user(Role::Resident, true).await;
                Req::form("/admin/personen/rolle", fields!["user_id" => target.id, "role" => "moderator", "q" => ""])
            })
        }),
        row("/admin/personen/sperre", "", Authz(ManagePeople), |cx| {
            Box::pin(async move {
                let target = cx.w.user(Role::Resident, true).await;
                Req::form("/admin/personen/sperre", fields!["user_id" => target.id, "locked" => "true", "q" => ""])
            })
        }),
        // Marks the person's own notifications read; for anonymous visitors
        // a harmless redirect that does nothing.
        row("/benachrichtigungen/gelesen", "", Public, |cx| {
            Box::pin(async move {
                if let Some(id) = cx.id() {
                    cx.w.notification(id).await;
                }
                Req::form("/benachrichtigungen/gelesen", vec![])
            })
        })
        .effect(Effect::WritesIfSignedIn),
    ]
}

/// Tokens of the wrong purpose: a confirmation link is no password reset,
/// and the other way round.
pub fn crosses() -> Vec<Cross> {
    vec![
        cross("/passwort-neu", "a confirmation token", Actor::Resident, |cx| {
            Box::pin(async move {
                let target = cx.w.user(Role::Resident, false).await;
                let token = cx.w.token(target.id, TokenPurpose::Verify).await;
                Req::form("/passwort-neu", fields!["token" => token, "password" => PASSWORD, "password_repeat" => PASSWORD])
            })
        }),
        cross("/konto/bestaetigen", "a reset token", Actor::Anonymous, |cx| {
            Box::pin(async move {
                let target = cx.w.user(Role::Resident, false).await;
                Req::get(format!("/konto/bestaetigen?token={}", cx.w.token(target.id, TokenPurpose::Reset).await))
            })
        }),
    ]
}
