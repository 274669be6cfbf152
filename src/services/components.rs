//! "Verwaltung online": the directory page, a service's page with the
//! residents' ratings, and the admins' edit form. Separate from the
//! commercial offers by design: no providers, no prices, no ranking.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{city_service, city_service_edit, city_services};
use super::domain::{group_by_themenfeld, Availability, Outcome, ServiceDetail, ServiceEdit, ServiceFormError, ServiceSummary, Tip, TEXT_MAX_CHARS, TIP_MAX_CHARS, URL_MAX_CHARS};
use crate::common::error_view::ErrorView;
use crate::common::url_key::encode;
use crate::common::form::need_sign_in;
use crate::i18n::{self, t};
use crate::reviews::components::StarRow;

fn query(name: &'static str) -> Option<String> {
    crate::common::flash::kept(name).or_else(|| use_query_map().read_untracked().get(name)).filter(|v| !v.is_empty())
}

fn form_error() -> Option<ServiceFormError> {
    query("fehler").and_then(|c| ServiceFormError::from_code(&c))
}

fn slug() -> String {
    use_params_map().read_untracked().get("slug").unwrap_or_default()
}

#[component]
fn AvailabilityBadge(a: Availability) -> impl IntoView {
    let class = format!("badge availability-{}", a.as_str());
    view! { <span class=class>{a.label()}</span> }
}

/// "★★★★☆ 4,2 · 12 Bewertungen · online geklappt: 9 von 11".
#[component]
fn CitizensView(s: ServiceSummary) -> impl IntoView {
    let verdict = s.verdict();
    let tried = s.worked_online + s.not_online;
    view! {
        <p class="citizens-view">
            {match s.average {
                Some(avg) => view! {
                    <StarRow value=avg/>
                    " "<span>{i18n::rating(avg)}</span>
                    " · "<span>{t().services_ratings_count.replace("{n}", &s.ratings.to_string())}</span>
                }.into_any(),
                None => view! { <span class="muted">{t().services_no_ratings}</span> }.into_any(),
            }}
            {(tried > 0).then(|| view! {
                " · "<span>{t().services_worked_of.replace("{ok}", &s.worked_online.to_string()).replace("{n}", &tried.to_string())}</span>
            })}
            " "<span class=verdict.css()>{verdict.label()}</span>
        </p>
    }
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| city_services());
    view! {
        <Title text=t().services_title/>
        <Meta name="description" content=t().services_intro/>
        <div class="wrap services">
            <h1>{t().services_title}</h1>
            <p class="lead">{t().services_intro}</p>
            <aside class="services-separation" role="note">
                <p>{t().services_separation}</p>
            </aside>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) => view! { <Directory list/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Directory(list: Vec<ServiceSummary>) -> impl IntoView {
    let count = |a: Availability| list.iter().filter(|s| s.availability == a).count().to_string();
    let works = list.iter().filter(|s| s.verdict() == super::domain::Verdict::Works).count();
    let fails = list.iter().filter(|s| s.verdict() == super::domain::Verdict::DoesNotWork).count();
    let summary = t()
        .services_summary
        .replace("{total}", &list.len().to_string())
        .replace("{online}", &count(Availability::Online))
        .replace("{partial}", &count(Availability::Partial))
        .replace("{in_person}", &count(Availability::InPerson));
    let citizens = t().services_summary_citizens.replace("{works}", &works.to_string()).replace("{fails}", &fails.to_string());
    view! {
        <p class="services-summary">{summary}" "{citizens}</p>
        {group_by_themenfeld(list).into_iter().map(|(themenfeld, services)| view! {
            <section class="themenfeld" aria-label=themenfeld.clone()>
                <h2>{themenfeld.clone()}</h2>
                <ul class="service-list">
                    {services.into_iter().map(|s| view! {
                        <li class="service-item">
                            <a class="service-name" href=format!("/verwaltung/{}", s.slug)>{s.name.clone()}</a>
                            " "<AvailabilityBadge a=s.availability/>
                            <CitizensView s/>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }).collect_view()}
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let slug = slug();
    let here = format!("/verwaltung/{slug}");
    let detail = Resource::new(move || slug.clone(), city_service);
    view! {
        <div class="wrap services">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match detail.await {
                            Err(e) => view! { <ErrorView error=e/> }.into_any(),
                            Ok(d) => view! { <ServiceView d here/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn ServiceView(d: ServiceDetail, here: String) -> impl IntoView {
    let s = d.summary.clone();
    let note = match query("hinweis").as_deref() {
        Some("gespeichert") => Some(t().services_saved),
        Some("geloescht") => Some(t().services_deleted),
        Some("aktualisiert") => Some(t().services_updated),
        _ => None,
    };
    view! {
        <Title text=s.name.clone()/>
        <Meta name="description" content={d.description.chars().take(160).collect::<String>()}/>
        <nav aria-label=t().breadcrumb_label class="breadcrumbs">
            <a href="/verwaltung">{t().services_title}</a>" › "<span>{s.themenfeld.clone()}</span>
        </nav>
        <h1>{s.name.clone()}</h1>
        {note.map(|n| view! { <p class="form-note" role="status">{n}</p> })}
        <p><AvailabilityBadge a=s.availability/>" "<span class="muted">{t().services_editorial_note}</span></p>
        <p>{d.description.clone()}</p>
        <h2>{t().services_bring}</h2>
        <ul class="bring-list">{d.bring.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
        <p>
            <a class="button" href=d.official_url.clone() rel="external noopener" target="_blank">
                {t().services_official_link}<span class="visually-hidden">{format!(" ({})", t().services_opens_new_window)}</span>
            </a>
        </p>
        <p class="muted">{t().services_no_processing}</p>
        {d.can_edit.then(|| view! { <p><a href=format!("{here}/bearbeiten")>{t().services_edit}</a></p> })}
        <section aria-labelledby="buerger">
            <h2 id="buerger">{t().services_citizens_heading}</h2>
            <CitizensView s=s.clone()/>
            <RatingForm d=d.clone() here=here.clone()/>
            <Tips tips=d.tips.clone()/>
        </section>
    }
}

#[component]
fn Tips(tips: Vec<Tip>) -> impl IntoView {
    if tips.is_empty() {
        return view! { <p class="muted">{t().services_no_tips}</p> }.into_any();
    }
    view! {
        <h3>{t().services_tips_heading}</h3>
        <ul class="tips">
            {tips.into_iter().map(|tip| view! {
                <li class="tip">
                    <p class="tip-meta">
                        <StarRow value=f64::from(tip.stars)/>" "
                        <strong>{tip.author}</strong>" · "{tip.outcome.label()}" · "
                        <time datetime=tip.updated_at.to_rfc3339()>{i18n::date(&tip.updated_at)}</time>
                    </p>
                    {tip.text.map(|text| view! { <p class="tip-text">{text}</p> })}
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn RatingForm(d: ServiceDetail, here: String) -> impl IntoView {
    if !d.signed_in {
        let href = format!("/anmelden?zurueck={}", encode(&here));
        return view! { <p id="bewerten"><a href=href>{t().services_sign_in_to_rate}</a></p> }.into_any();
    }
    let error = form_error();
    let field_error = |codes: &[ServiceFormError]| error.filter(|e| codes.contains(e)).map(|e| view! { <p class="field-error" role="alert">{e.message()}</p> });
    let general = error
        .filter(|e| matches!(e, ServiceFormError::RateLimited | ServiceFormError::Unconfirmed | ServiceFormError::Internal))
        .map(|e| view! { <p class="form-error" role="alert">{e.message()}</p> });
    // Typed values win over the saved rating after an error, so nothing is lost.
    let stars = query("sterne").or_else(|| d.mine.as_ref().map(|m| m.stars.to_string())).unwrap_or_default();
    let outcome = query("ergebnis").or_else(|| d.mine.as_ref().map(|m| m.outcome.as_str().to_owned())).unwrap_or_default();
    let tip = query("tipp").or_else(|| d.mine.as_ref().and_then(|m| m.text.clone())).unwrap_or_default();
    let heading = if d.mine.is_some() { t().services_rate_edit } else { t().services_rate_heading };
    view! {
        <form method="post" action=format!("{here}/bewerten") class="rating-form" id="bewerten">
            <h3>{heading}</h3>
            {general}
            <fieldset>
                <legend>{t().services_rate_stars}</legend>
                {(1..=5).map(|n| {
                    let v = n.to_string();
                    let checked = stars == v;
                    view! {
                        <label class="inline-choice">
                            <input type="radio" name="stars" value=v.clone() checked=checked required=true/>
                            {t().services_stars_n.replace("{n}", &v)}
                        </label>
                    }
                }).collect_view()}
                {field_error(&[ServiceFormError::Stars])}
            </fieldset>
            <fieldset>
                <legend>{t().services_rate_outcome}</legend>
                {Outcome::ALL.into_iter().map(|o| view! {
                    <label class="inline-choice">
                        <input type="radio" name="outcome" value=o.as_str() checked=outcome == o.as_str() required=true/>
                        {o.label()}
                    </label>
                }).collect_view()}
                {field_error(&[ServiceFormError::Outcome])}
            </fieldset>
            <div class="form-field">
                <label for="f-tip">{t().services_tip_label}</label>
                <p class="hint" id="f-tip-hinweis">{t().services_tip_hint.replace("{max}", &TIP_MAX_CHARS.to_string())}</p>
                <textarea id="f-tip" name="tip" rows="4" maxlength=TIP_MAX_CHARS aria-describedby="f-tip-hinweis">{tip}</textarea>
                {field_error(&[ServiceFormError::TipLong])}
            </div>
            <button type="submit" class="button">{t().services_rate_submit}</button>
        </form>
        {d.mine.is_some().then(|| view! {
            <form method="post" action=format!("{here}/bewertung-loeschen") class="inline">
                <button type="submit" class="link-button">{t().services_rate_delete}</button>
            </form>
        })}
    }
    .into_any()
}

#[component]
pub fn ServiceEditPage() -> impl IntoView {
    let slug = slug();
    let here = format!("/verwaltung/{slug}/bearbeiten");
    let edit = Resource::new(move || slug.clone(), city_service_edit);
    view! {
        <Title text=t().services_edit/>
        <div class="wrap narrow">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let here = here.clone();
                    Suspend::new(async move {
                        match edit.await {
                            Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                            Err(e) => view! { <ErrorView error=e/> }.into_any(),
                            Ok(e) => view! { <EditForm e here/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn EditForm(e: ServiceEdit, here: String) -> impl IntoView {
    let error = form_error();
    let kept = |name: &'static str, saved: &str| query(name).unwrap_or_else(|| saved.to_owned());
    let availability = kept("availability", e.availability.as_str());
    let text_field = move |name: &'static str, label: &'static str, saved: &str| {
        let value = kept(name, saved);
        let id = format!("f-{name}");
        view! {
            <div class="form-field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=name rows="5" maxlength=TEXT_MAX_CHARS required=true>{value}</textarea>
            </div>
        }
    };
    view! {
        <h1>{e.name.clone()}</h1>
        <p><a href=format!("/verwaltung/{}", e.slug)>{t().services_back}</a></p>
        {error.map(|err| view! { <p class="form-error" role="alert" id="bearbeiten">{err.message()}</p> })}
        <form method="post" action=here class="account-form">
            <div class="form-field">
                <label for="f-url">{t().services_edit_url}</label>
                <input id="f-url" name="url" type="url" required=true maxlength=URL_MAX_CHARS value=kept("url", &e.official_url)/>
            </div>
            <div class="form-field">
                <label for="f-availability">{t().services_edit_availability}</label>
                <select id="f-availability" name="availability">
                    {Availability::ALL.into_iter().map(|a| view! {
                        <option value=a.as_str() selected=availability == a.as_str()>{a.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            {text_field("description", t().services_edit_description, &e.description)}
            {text_field("description_en", t().services_edit_description_en, &e.description_en)}
            {text_field("bring", t().services_edit_bring, &e.bring)}
            {text_field("bring_en", t().services_edit_bring_en, &e.bring_en)}
            <button type="submit" class="button">{t().services_edit_submit}</button>
        </form>
    }
}
