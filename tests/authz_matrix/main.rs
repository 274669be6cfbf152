//! The authorization matrix, on SQLite and PostgreSQL: every route that
//! changes state (`app::router::{mutating_routes, upload_routes}`) and every
//! server function Leptos registers, each called by every kind of actor,
//! plus cells where one provider's people name another provider's objects.
//! What each actor may do comes from `accounts::authz::check` (or the row
//! says why not: public forms, one's own things). A refused call must leave
//! every table as it was; an allowed one must change something (unless the
//! endpoint only reads).
#![cfg(feature = "ssr")]
#[path = "../common/mod.rs"]
mod common;
mod matrix;
mod outcome;
mod requests;
mod rows_accounts;
mod rows_alerts;
mod rows_community;
mod rows_dashboard;
mod rows_quotes;
mod rows_reads;
mod rows_team;
mod world;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::{form_call, spawn_app_quiet, Seed};
use matrix::{Actor, Cross, Cx, Effect, Expect, Row};
use outcome::{changed, classify, send, Outcome};
use world::World;

#[tokio::test]
async fn every_mutation_and_server_function_checks_who_asks() {
    let started = std::time::Instant::now();
    let w = Arc::new(World::new(spawn_app_quiet(Seed::Empty).await).await);
    let rows: Vec<Row> = [rows_accounts::rows(), rows_alerts::rows(), rows_community::rows(), rows_dashboard::rows(), rows_team::rows(), rows_reads::rows(), rows_quotes::rows()].into_iter().flatten().collect();
    let crosses: Vec<Cross> =
        [rows_accounts::crosses(), rows_alerts::crosses(), rows_community::crosses(), rows_dashboard::crosses(), rows_team::crosses(), rows_reads::crosses(), rows_quotes::crosses()].into_iter().flatten().collect();
    let endpoints = every_endpoint_has_a_row(&rows, &crosses);

    let mut failures = Vec::new();
    for r in &rows {
        for actor in Actor::ALL {
            if let Err(e) = cell(&w, r, actor).await {
                failures.push(format!("{} [{}] as {}: {e}", r.endpoint, r.case, actor.label()));
            }
        }
    }
    for c in &crosses {
        if let Err(e) = cross_cell(&w, c).await {
            failures.push(format!("{} [{}] as {}: {e}", c.endpoint, c.case, c.actor.label()));
        }
    }
    members_see_no_member_list(&w).await;
    print_table(&rows);
    println!("{endpoints} endpoints, {} rows × {} actors + {} cross-id cells in {:.1?}", rows.len(), Actor::ALL.len(), crosses.len(), started.elapsed());
    assert!(failures.is_empty(), "{} cells failed:\n{}", failures.len(), failures.join("\n"));
}

/// The endpoints enumerated from the router and the server-function
/// registry are exactly those with a row: a new one without a row fails
/// here, and so does a row whose endpoint is gone.
fn every_endpoint_has_a_row(rows: &[Row], crosses: &[Cross]) -> usize {
    use smart_city_duisburg::app::router::{mutating_routes, upload_routes};
    let mut enumerated: BTreeSet<String> = mutating_routes().into_iter().chain(upload_routes()).map(|(path, _)| path.to_owned()).collect();
    enumerated.extend(leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()));
    let covered: BTreeSet<String> = rows.iter().map(|r| r.endpoint.to_owned()).collect();
    let missing: Vec<&String> = enumerated.difference(&covered).collect();
    let stale: Vec<&String> = covered.difference(&enumerated).collect();
    assert!(missing.is_empty() && stale.is_empty(), "endpoints without a row: {missing:?}; rows of no endpoint: {stale:?}");
    for c in crosses {
        assert!(enumerated.contains(c.endpoint), "cross cell of no endpoint: {}", c.endpoint);
    }
    enumerated.len()
}

/// One actor × one row: the answer the rule expects, and a database that
/// changed exactly when it should.
async fn cell(w: &Arc<World>, r: &Row, actor: Actor) -> Result<(), String> {
    let me = if r.fresh_actor { w.fresh(actor).await } else { w.shared(actor) };
    let cookie = me.as_ref().map(|m| m.cookie.clone());
    let req = (r.build)(Cx { w: w.clone(), actor, me }).await;
    let before = w.fingerprint().await;
    let reply = send(&w.app, &req, cookie.as_deref()).await;
    let diff = changed(&before, &w.fingerprint().await);
    let expect = r.rule.expect(actor);
    let got = classify(&reply, r.refused_to);
    let as_expected = matches!((expect, &got), (Expect::Done, Outcome::Done) | (Expect::SignIn, Outcome::SignIn) | (Expect::Refused, Outcome::Refused(_)));
    if !as_expected {
        return Err(format!("expected {expect:?}, got {got:?}: {}", reply.summary()));
    }
    let must_change = expect == Expect::Done
        && match r.effect {
            Effect::Writes => true,
            Effect::WritesIfSignedIn => actor != Actor::Anonymous,
            Effect::Nothing => false,
        };
    match (must_change, diff.is_empty()) {
        (true, true) => Err(format!("allowed, but nothing changed: {}", reply.summary())),
        (false, false) => Err(format!("{expect:?}, yet changed {diff:?}: {}", reply.summary())),
        _ => Ok(()),
    }
}

/// Someone names an object that is not theirs: refused or not found, and
/// nothing changed.
async fn cross_cell(w: &Arc<World>, c: &Cross) -> Result<(), String> {
    let me = w.shared(c.actor);
    let cookie = me.as_ref().map(|m| m.cookie.clone());
    let req = (c.build)(Cx { w: w.clone(), actor: c.actor, me }).await;
    let before = w.fingerprint().await;
    let reply = send(&w.app, &req, cookie.as_deref()).await;
    let diff = changed(&before, &w.fingerprint().await);
    match classify(&reply, None) {
        Outcome::Refused(_) | Outcome::NotFound if diff.is_empty() => Ok(()),
        Outcome::Refused(_) | Outcome::NotFound => Err(format!("refused, yet changed {diff:?}")),
        got => Err(format!("expected a refusal, got {got:?}: {}", reply.summary())),
    }
}

/// `provider_members` answers a member of P, but with no list: members and
/// invitations are the owners' business.
async fn members_see_no_member_list(w: &World) {
    let p = w.p.to_string();
    for (actor, listed) in [(Actor::Member, false), (Actor::Owner, true), (Actor::Admin, true)] {
        let cookie = w.shared(actor).unwrap().cookie;
        let (status, body) = form_call(&w.app, "provider_members", &[("provider_id", &p)], Some(&cookie)).await;
        assert_eq!((status, body["members"].is_array()), (200, listed), "provider_members for {}: {body}", actor.label());
    }
}

/// Who may do what, as the matrix checked it (with `--nocapture`).
fn print_table(rows: &[Row]) {
    let header: Vec<&str> = Actor::ALL.iter().map(|a| a.label()).collect();
    println!("{:<42} {:<14} {}", "endpoint", "case", header.join(" | "));
    for r in rows {
        let cells: Vec<String> = Actor::ALL
            .iter()
            .map(|a| {
                let mark = match r.rule.expect(*a) {
                    Expect::Done => "yes",
                    Expect::SignIn => "401",
                    Expect::Refused => "no",
                };
                format!("{mark:^width$}", width = a.label().len())
            })
            .collect();
        println!("{:<42} {:<14} {}   ({})", r.endpoint, r.case, cells.join(" | "), r.rule.describe());
    }
}
