//! The saved-search pages: "Meine Suchaufträge", one search's hits, the
//! save form, and the two pages of the mailed links (confirm, unsubscribe),
//! which show a button and act only on its post.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{my_saved_searches, new_saved_search, saved_search_hits, SavedSearchView};
use super::domain::Frequency;
use super::domain::{SaveError, LIST};
use crate::common::error_view::ErrorView;
use crate::common::flash::kept;
use crate::common::form::need_sign_in;
use crate::i18n::{self, t};
use crate::offers::components::OfferCardView;

fn query_param(name: &str) -> Option<String> {
    use_query_map().read_untracked().get(name)
}

fn frequency_select(id: String, chosen: Frequency) -> impl IntoView {
    view! {
        <label for=id.clone()>{t().alerts_frequency}</label>
        <select id=id name="frequency">
            {Frequency::ALL.into_iter().map(|f| view! { <option value=f.as_str() selected=f == chosen>{f.label()}</option> }).collect_view()}
        </select>
    }
}

fn list_notice() -> Option<&'static str> {
    match (query_param("hinweis").as_deref(), query_param("fehler").as_deref()) {
        (_, Some(_)) => Some(t().alerts_error_name),
        (Some("gespeichert"), _) => Some(t().alerts_saved),
        (Some("geaendert"), _) => Some(t().alerts_changed),
        (Some("geloescht"), _) => Some(t().alerts_deleted),
        _ => None,
    }
}

#[component]
pub fn MySearchesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_saved_searches());
    view! {
        <Title text=t().alerts_title/>
        <div class="wrap narrow">
            <h1>{t().alerts_title}</h1>
            {list_notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <p class="muted">{t().alerts_intro}</p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) if need_sign_in(&e, LIST) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p>{t().alerts_none}</p> <p><a href="/angebote">{t().alerts_go_search}</a></p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="saved-searches">
                                {items.into_iter().map(|s| view! { <li><SearchItem s/></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SearchItem(s: SavedSearchView) -> impl IntoView {
    let id = s.id;
    let anchor = format!("suchauftrag-{id}");
    let heading = format!("{anchor}-name");
    let hits = super::search_path(id);
    view! {
        <article class="saved-search" id=anchor aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{s.name.clone()}</h2>
            <p>{s.summary.clone()}</p>
            <p>
                <a href=hits>{t().alerts_hits_link.replace("{n}", &s.hits.to_string())}</a>
                {(s.unseen > 0).then(|| view! { " " <strong class="badge">{t().alerts_unseen.replace("{n}", &s.unseen.to_string())}</strong> })}
                " · " <a href=s.results.clone()>{t().alerts_open_results}</a>
                " · " <a href=s.feed.clone() type="application/atom+xml">{t().alerts_feed}</a>
            </p>
            <form method="post" action=format!("/suchauftraege/{id}/aendern") class="inline-form">
                <label for=format!("name-{id}")>{t().alerts_name}</label>
                <input id=format!("name-{id}") name="name" required maxlength="80" value=s.name.clone()/>
                {frequency_select(format!("frequency-{id}"), s.frequency)}
                <button type="submit" class="small">{t().alerts_save_changes}</button>
            </form>
            <form method="post" action=format!("/suchauftraege/{id}/loeschen") class="inline-form">
                <button type="submit" class="small danger">{t().alerts_delete}</button>
            </form>
        </article>
    }
}

#[component]
pub fn SearchHitsPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0);
    let data = Resource::new(move || id, saved_search_hits);
    let here = super::search_path(id);
    view! {
        <Title text=t().alerts_hits_title/>
        <div class="wrap">
            <p><a href=LIST>{t().alerts_back}</a></p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                            Err(e) => view! { <ErrorView error=e/> }.into_any(),
                            Ok(d) => {
                                let unseen = d.hits.iter().any(|h| !h.seen);
                                view! {
                                    <h1>{d.search.name.clone()}</h1>
                                    <p>{d.search.summary.clone()}</p>
                                    {(query_param("hinweis").as_deref() == Some("gesehen")).then(|| view! { <p class="notice" role="status">{t().alerts_marked_seen}</p> })}
                                    {unseen.then(|| view! {
                                        <form method="post" action=format!("{here}/gesehen")>
                                            <button type="submit" class="small">{t().alerts_mark_seen}</button>
                                        </form>
                                    })}
                                    {if d.hits.is_empty() {
                                        view! { <p>{t().alerts_no_hits}</p> }.into_any()
                                    } else {
                                        view! {
                                            <h2 class="visually-hidden">{t().alerts_hits_heading}</h2>
                                            <ul class="card-grid results">
                                                {d.hits.into_iter().map(|h| view! {
                                                    <li class:unseen=!h.seen>
                                                        <p class="hit-note">
                                                            {(!h.seen).then(|| view! { <strong class="badge">{t().alerts_new}</strong>" " })}
                                                            {h.cheaper.then(|| view! { <strong class="badge">{t().alerts_reason_price}</strong>" " })}
                                                            <time datetime=h.at.to_rfc3339()>{i18n::date(&h.at)}</time>
                                                        </p>
                                                        <OfferCardView card=h.card/>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                }.into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
pub fn NewSearchPage() -> impl IntoView {
    // The list's filter is everything in the query but our own notes.
    let filter = {
        let q = use_query_map().read_untracked();
        let pairs: Vec<String> = (&*q)
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_ref(), "hinweis" | "fehler" | "seite"))
            .map(|(k, v)| format!("{k}={}", crate::common::url_key::encode(&v)))
            .collect();
        pairs.join("&")
    };
    let data = Resource::new(move || filter.clone(), new_saved_search);
    let error = query_param("fehler").as_deref().and_then(SaveError::parse);
    let confirm_sent = query_param("hinweis").as_deref() == Some("bestaetigen");
    view! {
        <Title text=t().alerts_new_title/>
        <div class="wrap narrow">
            <h1>{t().alerts_new_title}</h1>
            {confirm_sent.then(|| view! { <p class="notice" role="status">{t().alerts_confirm_sent}</p> })}
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => view! { <SaveForm d error/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SaveForm(d: super::api::NewSearch, error: Option<SaveError>) -> impl IntoView {
    let field_error = move |field: &'static str| {
        let ours = match error? {
            SaveError::Name => "name",
            SaveError::Email => "email",
            SaveError::Consent => "consent",
            SaveError::Frequency => "frequency",
            _ => "",
        };
        (ours == field).then(|| error.map(|e| e.message())).flatten()
    };
    let general = error.filter(|e| matches!(e, SaveError::Filter | SaveError::Unverified | SaveError::TooMany | SaveError::RateLimited)).map(|e| e.message());
    let chosen = kept("frequency").as_deref().and_then(Frequency::parse).unwrap_or(Frequency::Daily);
    let email_field = (!d.signed_in).then(|| {
        let e = field_error("email");
        let c = field_error("consent");
        view! {
            <p class="muted">{t().alerts_without_account}</p>
            <label for="alert-email">{t().account_email}</label>
            <input id="alert-email" name="email" type="email" autocomplete="email" required value=kept("email").unwrap_or_default()
                aria-invalid=e.map(|_| "true") aria-describedby=e.map(|_| "alert-email-error")/>
            {e.map(|m| view! { <p id="alert-email-error" class="error-text">{m}</p> })}
            <p class="checkbox">
                <input id="alert-consent" name="consent" type="checkbox" value="1" required aria-invalid=c.map(|_| "true") aria-describedby="alert-consent-text"/>
                <label for="alert-consent" id="alert-consent-text">{t().alerts_consent}</label>
            </p>
            {c.map(|m| view! { <p class="error-text">{m}</p> })}
        }
    });
    let name_error = field_error("name");
    view! {
        {general.map(|m| view! { <p class="error-text" role="alert">{m}</p> })}
        <p>{t().alerts_new_summary}" "<strong>{d.summary.clone()}</strong></p>
        <form method="post" action="/suchauftraege" id="suchauftrag" class="stacked-form">
            <input type="hidden" name="filter" value=d.filter.clone()/>
            <label for="alert-name">{t().alerts_name}</label>
            <input id="alert-name" name="name" maxlength="80" value=kept("name").unwrap_or_else(|| d.summary.chars().take(80).collect())
                aria-invalid=name_error.map(|_| "true") aria-describedby=name_error.map(|_| "alert-name-error")/>
            {name_error.map(|m| view! { <p id="alert-name-error" class="error-text">{m}</p> })}
            {frequency_select("alert-frequency".to_owned(), chosen)}
            {email_field}
            <p class="muted">{t().alerts_consent_note}</p>
            <button type="submit" class="button">{t().alerts_save}</button>
        </form>
    }
}

/// The page of a mailed link: a button that posts the token.
#[component]
fn TokenPage(title: &'static str, action: &'static str, button: &'static str, done: &'static str, done_note: &'static str) -> impl IntoView {
    let token = query_param("token").unwrap_or_default();
    let note = query_param("hinweis");
    let unknown = query_param("fehler").as_deref() == Some("unbekannt") || note.as_deref() == Some("unbekannt");
    view! {
        <Title text=title/>
        <div class="wrap narrow">
            <h1>{title}</h1>
            {if note.as_deref() == Some(done) {
                view! { <p class="notice" role="status">{done_note}</p> }.into_any()
            } else if unknown || token.is_empty() {
                view! { <p class="error-text" role="alert">{t().alerts_unknown_link}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=action>
                        <input type="hidden" name="token" value=token/>
                        <button type="submit" class="button">{button}</button>
                    </form>
                }.into_any()
            }}
        </div>
    }
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! { <TokenPage title=t().alerts_confirm_title action="/suchauftrag/bestaetigen" button=t().alerts_confirm_button done="bestaetigt" done_note=t().alerts_confirmed/> }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    view! { <TokenPage title=t().alerts_unsubscribe_title action="/suchauftrag/abbestellen" button=t().alerts_unsubscribe_button done="abbestellt" done_note=t().alerts_unsubscribed/> }
}
