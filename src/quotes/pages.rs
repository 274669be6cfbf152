//! The resident's request pages: "Meine Anfragen", the new request (a form
//! per category) and one request with its quotes side by side.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::api::{my_requests, new_request_form, request_page, RequestFormData};
use super::domain::{QuoteError, QuoteState, RequestState};
use super::forms::{Field, FieldType};
use super::parts::{error, notes, progress, quote_badge, state_badge, SummaryView, Thread};
use super::views::{RequestRow, RequestView};
use super::{request_path, LIST};
use crate::common::error_view::ErrorView;
use crate::common::form::{described, error_view, need_sign_in, query};
use crate::common::url_key::encode;
use crate::i18n::{self, t};
use crate::live::client::LiveRefresh;
use crate::live::Interest;

/// The input a refused post's error belongs to.
fn field_of(e: QuoteError) -> Option<String> {
    Some(match e {
        QuoteError::Title => "titel".into(),
        QuoteError::Description => "beschreibung".into(),
        QuoteError::Bezirk => "bezirk".into(),
        QuoteError::Stadtteil => "stadtteil".into(),
        QuoteError::Budget => "budget".into(),
        QuoteError::Phone => "telefon".into(),
        QuoteError::Address => "adresse".into(),
        QuoteError::AnswerMissing | QuoteError::AnswerInvalid | QuoteError::AnswerRange | QuoteError::AnswerLong => format!("a_{}", query("feld")),
        QuoteError::Invite | QuoteError::NoRecipients => "empfaenger".into(),
        _ => return None,
    })
}

/// (id of the message, message) when the refused post's error is this field's.
fn field_error(name: &str) -> Option<(String, String)> {
    error().filter(|e| field_of(*e).as_deref() == Some(name)).map(|e| (format!("f-{name}-fehler"), e.message()))
}

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_requests());
    view! {
        <Title text=t().quote_my_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap narrow">
            <h1>{t().quote_my_title}</h1>
            <p class="muted">{t().quote_intro}</p>
            <p><a class="button" href=format!("{LIST}/neu")>{t().quote_new_link}</a></p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) if need_sign_in(&e, LIST) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p>{t().quote_my_none}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="request-list">
                                {rows.into_iter().map(|r| view! { <li><RequestItem row=r href=None/></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// One request in a list; `href`: where it opens (default: the resident's page).
#[component]
pub fn RequestItem(row: RequestRow, href: Option<String>) -> impl IntoView {
    let s = row.summary;
    let href = href.unwrap_or_else(|| request_path(s.id));
    let heading = format!("anfrage-{}-titel", s.id);
    let labelled = heading.clone();
    view! {
        <article class="card request-item" aria-labelledby=labelled>
            <h2 id=heading><a href=href>{s.title.clone()}</a></h2>
            <p>
                {state_badge(s.state)}" "
                {row.invited.then(|| view! { <span class="badge">{t().quote_invited}</span>" " })}
                {row.own_quote.map(|q| view! { {quote_badge(q)}" " })}
                {s.demo.then(|| view! { <span class="badge demo">{t().quote_demo}</span>" " })}
            </p>
            <p class="muted">{format!("{} · {} · {}", s.category, s.place, progress(&s))}</p>
        </article>
    }
}

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let (kategorie, anbieter) = (query("kategorie"), query("anbieter"));
    let data = Resource::new(move || (kategorie.clone(), anbieter.clone()), |(k, a)| new_request_form(k, a));
    view! {
        <Title text=t().quote_new_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap narrow">
            <h1>{t().quote_new_title}</h1>
            <p class="muted">{t().quote_new_intro}</p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(f) => new_request_body(f).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn new_request_body(f: RequestFormData) -> impl IntoView {
    let invites: String = f.invited.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>().join(",");
    let here = format!("{LIST}/neu?kategorie={}&anbieter={}", encode(&query("kategorie")), encode(&invites));
    if !f.signed_in {
        return view! { <p><a href=format!("/anmelden?zurueck={}", encode(&here))>{t().quote_sign_in}</a></p> }.into_any();
    }
    if !f.verified {
        return view! { <p class="form-error" role="alert">{t().error_unverified}</p> }.into_any();
    }
    let Some((slug, category_name)) = f.category.clone() else {
        return view! {
            <form method="get" action=format!("{LIST}/neu") class="account-form">
                <input type="hidden" name="anbieter" value=invites/>
                <div class="form-field">
                    <label for="f-kategorie">{t().quote_category}</label>
                    <select id="f-kategorie" name="kategorie" required>
                        {f.categories.iter().map(|(s, name)| view! { <option value=s.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t().quote_continue}</button>
            </form>
        }
        .into_any();
    };
    view! {
        {notes()}
        <form method="post" action=LIST class="account-form request-form" id="anfrage-formular">
            <input type="hidden" name="kategorie" value=slug/>
            <p>{t().quote_category}": "<strong>{category_name}</strong>" · "<a href=format!("{LIST}/neu?anbieter={invites}")>{t().quote_change_category}</a></p>
            {text_input("titel", t().quote_title_label, true, "text", Some(super::domain::TITLE_MAX))}
            <div class="form-field">
                <label for="f-beschreibung">{t().quote_description_label}" *"</label>
                <p class="hint" id="f-beschreibung-hinweis">{t().quote_description_hint}</p>
                {let e = field_error("beschreibung"); view! {
                    <textarea id="f-beschreibung" name="beschreibung" rows="6" required minlength=super::domain::DESCRIPTION_MIN.to_string() maxlength=super::domain::LONG_MAX.to_string()
                        aria-invalid=e.is_some().then_some("true") aria-describedby=described(Some("f-beschreibung-hinweis"), &e)>{query("beschreibung")}</textarea>
                    {error_view(e)}
                }}
            </div>
            <PlaceFields/>
            {f.fields.into_iter().map(answer_input).collect_view()}
            {text_input("budget", t().quote_budget_label, false, "text", Some(20))}
            <fieldset class="private-fields">
                <legend>{t().quote_private_legend}</legend>
                <p class="hint">{t().quote_private_hint}</p>
                {text_input("telefon", t().quote_phone_label, false, "tel", Some(40))}
                {text_input("adresse", t().quote_address_label, false, "text", Some(200))}
            </fieldset>
            <Recipients invited=f.invited max=f.max_quotes/>
            {f.photos.then(|| view! { <p class="hint">{t().quote_photos_after_save}</p> })}
            <div class="form-actions">
                <button type="submit" class="button" name="aktion" value="senden">{t().quote_send}</button>
                " "
                <button type="submit" class="button secondary" name="aktion" value="entwurf">{t().quote_save_draft}</button>
            </div>
        </form>
    }
    .into_any()
}

fn text_input(name: &'static str, label: &'static str, required: bool, kind: &'static str, max: Option<usize>) -> impl IntoView {
    let id = format!("f-{name}");
    let e = field_error(name);
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <input id=id name=name type=kind required=required value=query(name) maxlength=max.map(|m| m.to_string())
                aria-invalid=e.is_some().then_some("true") aria-describedby=described(None, &e)/>
            {error_view(e)}
        </div>
    }
}

/// One question of the category's form.
fn answer_input(f: Field) -> impl IntoView {
    let name = format!("a_{}", f.key);
    let id = format!("f-{name}");
    let e = field_error(&name);
    let value = query(&name);
    let label = f.label().to_owned();
    let invalid = e.is_some().then_some("true");
    let by = described(None, &e);
    let input = match f.kind {
        FieldType::Choice => view! {
            <select id=id.clone() name=name.clone() required=f.required aria-invalid=invalid aria-describedby=by>
                <option value="">{t().quote_choose}</option>
                {f.options.iter().map(|o| {
                    let text = if i18n::locale() == i18n::Locale::De { o.de.clone() } else { o.en.clone() };
                    view! { <option value=o.value.clone() selected=o.value == value>{text}</option> }
                }).collect_view()}
            </select>
        }.into_any(),
        FieldType::Yesno => view! {
            <span class="checkbox">
                <input id=id.clone() name=name.clone() type="checkbox" value="1" checked=value == "1" aria-invalid=invalid aria-describedby=by/>
            </span>
        }.into_any(),
        kind => {
            let (ty, mode) = match kind {
                FieldType::Date => ("date", None),
                FieldType::Number => ("number", None),
                FieldType::Money | FieldType::Percent => ("text", Some("decimal")),
                _ => ("text", None),
            };
            view! {
                <input id=id.clone() name=name.clone() type=ty inputmode=mode required=f.required value=value
                    min=(kind == FieldType::Number).then(|| f.min.map(|m| m.to_string())).flatten()
                    max=(kind == FieldType::Number).then(|| f.max.map(|m| m.to_string())).flatten()
                    aria-invalid=invalid aria-describedby=by/>
            }.into_any()
        }
    };
    view! {
        <div class="form-field">
            <label for=id>{label}{f.required.then_some(" *")}</label>
            {input}
            {error_view(e)}
        </div>
    }
}

/// Stadtbezirk (required) and Stadtteil (optional), from the site's data.
#[component]
fn PlaceFields() -> impl IntoView {
    let site = crate::common::site::use_site();
    let (bezirk, stadtteil) = (query("bezirk"), query("stadtteil"));
    view! {
        <Suspense>
            {move || {
                let (bezirk, stadtteil) = (bezirk.clone(), stadtteil.clone());
                Suspend::new(async move {
                    let d = site.await.map(|s| s.districts).unwrap_or_default();
                    let e = field_error("bezirk");
                    let es = field_error("stadtteil");
                    view! {
                        <div class="form-field">
                            <label for="f-bezirk">{t().quote_bezirk_label}" *"</label>
                            <select id="f-bezirk" name="bezirk" required aria-invalid=e.is_some().then_some("true") aria-describedby=described(None, &e)>
                                <option value="">{t().quote_choose}</option>
                                {d.bezirke.iter().map(|b| view! { <option value=b.slug.clone() selected=b.slug == bezirk>{b.name.clone()}</option> }).collect_view()}
                            </select>
                            {error_view(e)}
                        </div>
                        <div class="form-field">
                            <label for="f-stadtteil">{t().quote_stadtteil_label}</label>
                            <select id="f-stadtteil" name="stadtteil" aria-invalid=es.is_some().then_some("true") aria-describedby=described(None, &es)>
                                <option value="">{t().quote_stadtteil_any}</option>
                                {d.stadtteile.iter().map(|s| view! { <option value=s.slug.clone() selected=s.slug == stadtteil>{d.stadtteil_label(s.id)}</option> }).collect_view()}
                            </select>
                            {error_view(es)}
                        </div>
                    }
                })
            }}
        </Suspense>
    }
}

/// Who the request goes to: the providers the link named, and/or every
/// matching provider.
#[component]
fn Recipients(invited: Vec<(i32, String)>, max: i32) -> impl IntoView {
    let e = field_error("empfaenger");
    let by = described(Some("f-empfaenger-hinweis"), &e);
    let all_checked = invited.is_empty() || query("alle") == "1";
    view! {
        <fieldset class="recipients" aria-describedby=by>
            <legend>{t().quote_recipients_legend}</legend>
            <p class="hint" id="f-empfaenger-hinweis">{t().quote_recipients_hint.replace("{n}", &max.to_string())}</p>
            {invited.into_iter().map(|(id, name)| {
                let fid = format!("f-anbieter-{id}");
                view! {
                    <span class="checkbox">
                        <input id=fid.clone() type="checkbox" name="anbieter" value=id.to_string() checked=true/>
                        <label for=fid>{name}</label>
                    </span>
                }
            }).collect_view()}
            <span class="checkbox">
                <input id="f-alle" type="checkbox" name="alle" value="1" checked=all_checked/>
                <label for="f-alle">{t().quote_open_to_all}</label>
            </span>
            {error_view(e)}
        </fieldset>
    }
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0);
    let data = Resource::new(move || id, request_page);
    let here = request_path(id);
    view! {
        <Title text=t().quote_request_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap">
            <p><a href=LIST>{t().quote_back}</a></p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                            Err(e) => view! { <ErrorView error=e/> }.into_any(),
                            Ok(v) => request_body(v).into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

fn step_form(id: i32, version: i32, step: &'static str, label: &'static str, class: &'static str) -> impl IntoView {
    view! {
        <form method="post" action=format!("{}/{step}", request_path(id)) class="inline-form">
            <input type="hidden" name="version" value=version.to_string()/>
            <button type="submit" class=class>{label}</button>
        </form>
    }
}

fn request_body(v: RequestView) -> impl IntoView {
    let s = v.summary.clone();
    let (id, version) = (s.id, s.version);
    let actions = view! {
        <div class="request-actions" id="anfrage">
            {(s.state == RequestState::Draft).then(|| step_form(id, version, "senden", t().quote_send, "button"))}
            {(s.state.after(super::domain::RequestEvent::Withdraw).is_some()).then(|| step_form(id, version, "zurueckziehen", t().quote_withdraw, "button secondary"))}
            {(s.state == RequestState::Accepted).then(|| step_form(id, version, "erledigt", t().quote_complete, "button secondary"))}
            {v.may_review.map(|pid| view! { <a class="button" href=format!("/anbieter/{pid}/bewerten")>{t().quote_write_review}</a> })}
        </div>
    };
    let asked = if v.invited.is_empty() {
        t().quote_asked_all.to_owned()
    } else {
        let names: Vec<String> = v.invited.iter().map(|p| p.name.clone()).collect();
        let mut text = t().quote_asked_named.replace("{names}", &names.join(", "));
        if s.open_to_all {
            text.push_str(&format!(" {}", t().quote_asked_and_all));
        }
        text
    };
    view! {
        <LiveRefresh interest=Interest { requests: vec![id], ..Default::default() }.granted()/>
        <header class="page-head" data-swap="request-head">
            <h1>{s.title.clone()}</h1>
            <p>{state_badge(s.state)}" "<span class="muted">{progress(&s)}</span></p>
        </header>
        {notes()}
        <div data-swap="request-actions">{actions}</div>
        <section class="card" aria-labelledby="anfrage-details">
            <h2 id="anfrage-details">{t().quote_details}</h2>
            <p class="muted">{asked}</p>
            <SummaryView s=s.clone()/>
        </section>
        {super::attachments::resident_photos(id, s.photos_wanted, s.photos.clone(), matches!(s.state, RequestState::Draft | RequestState::Open | RequestState::Full))}
        <section aria-labelledby="angebote-titel" data-swap="quotes">
            <h2 id="angebote-titel">{t().quote_quotes_heading.replace("{n}", &v.quotes.len().to_string())}</h2>
            {if v.quotes.is_empty() {
                view! { <p class="muted">{t().quote_none_yet}</p> }.into_any()
            } else {
                view! { <super::compare::QuoteTable quotes=v.quotes.clone() request_id=id mortgage=v.summary.mortgage/> }.into_any()
            }}
        </section>
        {v.quotes.into_iter().map(|q| {
            let anchor = format!("angebot-{}", q.id);
            let heading = format!("{anchor}-titel");
            let labelled = heading.clone();
            let open = !matches!(v.summary.state, RequestState::Withdrawn | RequestState::Removed);
            view! {
                <section class="card quote-thread" id=anchor aria-labelledby=labelled>
                    <h3 id=heading>{t().quote_thread_heading.replace("{provider}", &q.provider.name)}</h3>
                    {q.pdf.as_ref().map(super::attachments::pdf_link)}
                    <div data-swap=format!("thread-{}", q.id)><Thread messages=q.messages.clone() mine_from_provider=false/></div>
                    {(open && q.state != QuoteState::Withdrawn).then(|| super::parts::message_form(format!("{}/angebote/{}/nachricht", request_path(id), q.id), format!("f-nachricht-{}", q.id)))}
                    <p class="muted"><a href=format!("/melden?art=quote&id={}", q.id)>{t().quote_report_quote.replace("{provider}", &q.provider.name)}</a></p>
                </section>
            }
        }).collect_view()}
    }
}
