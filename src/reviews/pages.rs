//! The review pages: write or edit a review, answer one as the provider,
//! customer codes, and the notes on the provider page.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{customer_codes, provider_reviews, reply_form, review_form, ReviewFormData};
use super::domain::ReviewViewer;
use super::rules::{ReviewError, BODY_MAX, BODY_MIN, REPLY_MAX, TITLE_MAX, TITLE_MIN};
use crate::common::error_view::ErrorView;
use crate::common::url_key::encode;
use crate::common::form::{described, error_view, need_sign_in, query};
use crate::error::AppError;
use crate::i18n::t;


fn error() -> Option<ReviewError> {
    ReviewError::from_code(&query("fehler"))
}

/// The message for one field, with the id its input points to.
fn field_error(field: &str) -> Option<(String, String)> {
    error().filter(|e| e.field() == Some(field)).map(|e| (format!("f-{field}-fehler"), e.message()))
}


/// Whole-form errors and notes after a redirect, on the provider page.
#[component]
pub fn ReviewNotes() -> impl IntoView {
    let err = error().filter(|e| e.field().is_none()).map(|e| e.message());
    let saved = (query("hinweis") == "bewertung_gespeichert").then_some(t().review_note_saved);
    view! {
        {err.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {saved.map(|n| view! { <p class="form-note" role="status">{n}</p> })}
    }
}

/// "Write a review" / "Edit your review" / sign in first; nothing for members.
#[component]
pub fn WriteReviewLink(provider_id: i32, viewer: ReviewViewer) -> impl IntoView {
    let href = format!("/anbieter/{provider_id}/bewerten");
    if viewer.member {
        return view! { <p class="muted">{t().review_members_cannot}</p> }.into_any();
    }
    let label = if viewer.own_review.is_some() { t().review_edit_yours } else { t().review_write };
    let href = if viewer.signed_in { href } else { format!("/anmelden?zurueck={}", encode(&href)) };
    view! { <p><a class="button" href=href>{label}</a></p> }.into_any()
}

#[component]
pub fn ReviewFormPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok());
    let data = Resource::new(pid, |pid| async move {
        match pid {
            Some(id) => review_form(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().review_form_title/>
        <div class="wrap narrow">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => view! { <ReviewForm data=d/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReviewForm(data: ReviewFormData) -> impl IntoView {
    let here = format!("/anbieter/{}/bewerten", data.provider_id);
    let heading = format!("{}: {}", t().review_form_title, data.provider_name);
    if !data.signed_in {
        return view! {
            <h1>{heading}</h1>
            <p><a href=format!("/anmelden?zurueck={}", encode(&here))>{t().review_sign_in_first}</a></p>
        }
        .into_any();
    }
    if data.member {
        return view! { <h1>{heading}</h1><p>{t().review_error_own_provider}</p> }.into_any();
    }
    if !data.confirmed {
        return view! { <h1>{heading}</h1><p class="form-error" role="alert">{t().review_error_unconfirmed}</p> }.into_any();
    }
    // After a refused post the typed input comes back in the URL; otherwise
    // the stored review (editing) or an empty form.
    let retry = !query("fehler").is_empty();
    let ex = data.existing.clone();
    let pick = |name: &str, stored: Option<String>| if retry { query(name) } else { stored.unwrap_or_default() };
    let stars = pick("stars", ex.as_ref().map(|e| e.stars.to_string()));
    let title = pick("title", ex.as_ref().map(|e| e.title.clone()));
    let body = pick("body", ex.as_ref().map(|e| e.body.clone()));
    let month = pick("month", ex.as_ref().map(|e| e.month.clone()));
    let offer = pick("offer", ex.as_ref().and_then(|e| e.offer_id.map(|o| o.to_string())));
    let code = if retry { query("code") } else { String::new() };
    let general = error().filter(|e| e.field().is_none());
    let (e_stars, e_title, e_body, e_month, e_offer, e_code) =
        (field_error("stars"), field_error("title"), field_error("body"), field_error("month"), field_error("offer"), field_error("code"));
    let title_hint = t().review_title_hint.replace("{min}", &TITLE_MIN.to_string()).replace("{max}", &TITLE_MAX.to_string());
    let body_hint = t().review_body_hint.replace("{min}", &BODY_MIN.to_string()).replace("{max}", &BODY_MAX.to_string());
    view! {
        <h1>{heading}</h1>
        <p><a href=data.provider_path.clone()>{t().review_back_to_provider}</a>" · "<a href="/bewertungsrichtlinien">{t().review_guidelines_link}</a></p>
        {ex.as_ref().map(|e| view! {
            <div class="card">
                <p>{t().review_editing}" "<span class="provenance">{e.provenance.label()}</span></p>
                {e.hidden.then(|| view! { <p class="form-error" role="alert">{t().review_hidden_notice}</p> })}
                {e.moderation_reason.clone().map(|r| view! { <p><strong>{t().notify_reasons}</strong>" "{r}</p> })}
            </div>
        })}
        {general.map(|e| view! {
            <div class="form-error" role="alert">
                <p>{e.message()}</p>
                {(e == ReviewError::Duplicate).then(|| view! { <p><a href=here.clone()>{t().review_edit_yours}</a></p> })}
            </div>
        })}
        <form method="post" action="/bewertungen" class="account-form review-form">
            <input type="hidden" name="provider_id" value=data.provider_id.to_string()/>
            <fieldset class="form-field stars-field" aria-describedby=described(None, &e_stars)>
                <legend>{t().review_stars_label}</legend>
                {(1..=5).rev().map(|n: i32| {
                    let id = format!("f-stars-{n}");
                    let checked = stars == n.to_string();
                    let label = if n == 1 { t().review_one_star.to_owned() } else { format!("{n} {}", t().rating_stars) };
                    view! {
                        <span class="radio"><input type="radio" id=id.clone() name="stars" value=n.to_string() checked=checked required/>
                        <label for=id>{label}</label></span>
                    }
                }).collect_view()}
                {error_view(e_stars.clone())}
            </fieldset>
            <div class="form-field">
                <label for="f-title">{t().review_title_label}</label>
                <p class="hint" id="f-title-hinweis">{title_hint}</p>
                <input id="f-title" name="title" type="text" value=title required maxlength=TITLE_MAX.to_string()
                    aria-invalid=e_title.is_some().then_some("true") aria-describedby=described(Some("f-title-hinweis"), &e_title)/>
                {error_view(e_title.clone())}
            </div>
            <div class="form-field">
                <label for="f-body">{t().review_body_label}</label>
                <p class="hint" id="f-body-hinweis">{body_hint}</p>
                <textarea id="f-body" name="body" rows="8" required maxlength=BODY_MAX.to_string()
                    aria-invalid=e_body.is_some().then_some("true") aria-describedby=described(Some("f-body-hinweis"), &e_body)>{body}</textarea>
                {error_view(e_body.clone())}
            </div>
            <div class="form-field">
                <label for="f-month">{t().review_month_label}</label>
                <p class="hint" id="f-month-hinweis">{t().review_month_hint}</p>
                <input id="f-month" name="month" type="month" value=month required max=data.this_month.clone() placeholder="2026-05"
                    aria-invalid=e_month.is_some().then_some("true") aria-describedby=described(Some("f-month-hinweis"), &e_month)/>
                {error_view(e_month.clone())}
            </div>
            {(!data.offers.is_empty()).then(|| view! {
                <div class="form-field">
                    <label for="f-offer">{t().review_offer_label}</label>
                    <select id="f-offer" name="offer" aria-invalid=e_offer.is_some().then_some("true") aria-describedby=described(None, &e_offer)>
                        <option value="" selected=offer.is_empty()>{t().review_offer_none}</option>
                        {data.offers.iter().map(|(id, title)| view! { <option value=id.to_string() selected=offer == id.to_string()>{title.clone()}</option> }).collect_view()}
                    </select>
                    {error_view(e_offer.clone())}
                </div>
            })}
            <div class="form-field">
                <label for="f-code">{t().review_code_label}</label>
                <p class="hint" id="f-code-hinweis">{t().review_code_hint}</p>
                <input id="f-code" name="code" type="text" value=code autocomplete="off"
                    aria-invalid=e_code.is_some().then_some("true") aria-describedby=described(Some("f-code-hinweis"), &e_code)/>
                {error_view(e_code.clone())}
            </div>
            <button type="submit">{if data.existing.is_some() { t().review_save_changes } else { t().review_publish }}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ReplyPage() -> impl IntoView {
    let params = use_params_map();
    let rid = move || params.read().get("rid").and_then(|p| p.parse::<i32>().ok());
    let data = Resource::new(rid, |rid| async move {
        match rid {
            Some(id) => reply_form(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().review_reply_title/>
        <div class="wrap narrow">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let here = format!("/bewertungen/{}/antwort", rid().unwrap_or_default());
                    match data.await {
                        Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => {
                            let text = if query("fehler").is_empty() { d.existing.clone().unwrap_or_default() } else { query("reply") };
                            let err = field_error("reply");
                            let hint = t().review_reply_hint.replace("{n}", &REPLY_MAX.to_string());
                            view! {
                                <h1>{format!("{} – {}", t().review_reply_title, d.provider_name)}</h1>
                                <blockquote class="card"><p><strong>{d.review_title}</strong></p><p>{d.review_body}</p></blockquote>
                                {d.hidden_reason.map(|r| view! {
                                    <div class="form-error" role="alert">
                                        <p>{t().review_reply_hidden}</p>
                                        <p><strong>{t().notify_reasons}</strong>" "{r}</p>
                                    </div>
                                })}
                                <form method="post" action=here.clone() class="account-form">
                                    <div class="form-field">
                                        <label for="f-reply">{t().review_reply_label}</label>
                                        <p class="hint" id="f-reply-hinweis">{hint}</p>
                                        <textarea id="f-reply" name="reply" rows="6" required maxlength=REPLY_MAX.to_string()
                                            aria-invalid=err.is_some().then_some("true") aria-describedby=described(Some("f-reply-hinweis"), &err)>{text}</textarea>
                                        {error_view(err.clone())}
                                    </div>
                                    <button type="submit">{t().review_reply_publish}</button>
                                </form>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn CustomerCodesPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok());
    let data = Resource::new(pid, |pid| async move {
        match pid {
            Some(id) => customer_codes(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().codes_title/>
        <div class="wrap narrow">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let here = format!("/dashboard/{}/kundencodes", pid().unwrap_or_default());
                    match data.await {
                        Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => {
                            // Only from the server-side flash: a URL could show any text as "your new code".
                            let fresh = crate::common::flash::kept("code").filter(|c| !c.is_empty());
                            let counts = t().codes_counts.replace("{unused}", &d.unused.to_string()).replace("{used}", &d.used.to_string());
                            view! {
                                <h1>{format!("{} – {}", t().codes_title, d.provider_name)}</h1>
                                <p>{t().codes_intro}</p>
                                {error().map(|e| view! { <p class="form-error" role="alert">{e.message()}</p> })}
                                {fresh.map(|c| view! {
                                    <div class="card" role="status">
                                        <p>{t().codes_fresh}</p>
                                        <p class="code-display"><strong>{c}</strong></p>
                                        <p class="muted">{t().codes_fresh_hint}</p>
                                    </div>
                                })}
                                <p>{counts}</p>
                                <form method="post" action=here.clone()>
                                    <button type="submit">{t().codes_create}</button>
                                </form>
                                <p><a href=format!("/dashboard/{}", d.provider_id)>{t().dash_title}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

/// `/bewertungsrichtlinien`: how reviews are checked (§ 5b Abs. 3 UWG),
/// what the provenance labels mean, how ratings are computed, what
/// moderation does.
#[component]
pub fn GuidelinesPage() -> impl IntoView {
    let x = t();
    let bayes = x.guide_bayes_text.replace("{n}", &(super::domain::BAYES_PRIOR_WEIGHT as u32).to_string());
    view! {
        <Title text=x.guide_title/>
        <article class="wrap narrow legal">
            <h1>{x.guide_title}</h1>
            <p class="lead">{x.guide_intro}</p>
            <h2 id="pruefung">{x.guide_check_heading}</h2>
            <p>{x.guide_check_text}</p>
            <h2 id="herkunft">{x.guide_provenance_heading}</h2>
            <dl>
                <dt>{x.provenance_unverified}</dt><dd>{x.guide_provenance_unverified}</dd>
                <dt>{x.provenance_verified_resident}</dt><dd>{x.guide_provenance_resident}</dd>
                <dt>{x.provenance_verified_customer}</dt><dd>{x.guide_provenance_customer}</dd>
                <dt>{x.provenance_quote_customer}</dt><dd>{x.guide_provenance_quote}</dd>
            </dl>
            <h2 id="berechnung">{x.guide_math_heading}</h2>
            <p>{x.guide_math_text}</p>
            <p>{bayes}</p>
            <h2 id="regeln">{x.guide_rules_heading}</h2>
            <p>{x.guide_rules_text}</p>
            <h2 id="moderation">{x.guide_moderation_heading}</h2>
            <p>{x.guide_moderation_text}</p>
        </article>
    }
}

/// `/dashboard/:pid/bewertungen`: the provider's reviews, to answer them.
#[component]
pub fn ProviderReviewsPage() -> impl IntoView {
    let params = use_params_map();
    let q = use_query_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok());
    let data = Resource::new(move || (pid(), q.read().get("seite")), |(pid, seite)| async move {
        match pid {
            Some(id) => provider_reviews(id, seite).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().dash_reviews_title/>
        <div class="wrap">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let here = format!("/dashboard/{}/bewertungen", pid().unwrap_or_default());
                    match data.await {
                        Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => {
                            let viewer = ReviewViewer { signed_in: true, member: true, ..Default::default() };
                            let open = d.reviews.iter().filter(|r| r.reply.is_none()).count();
                            let href = move |n: u64| format!("{here}?seite={n}");
                            view! {
                                <h1>{format!("{} – {}", t().dash_reviews_title, d.provider_name)}</h1>
                                <p>{t().dash_reviews_open.replace("{n}", &open.to_string())}</p>
                                <p><a href=format!("/dashboard/{}", d.provider_id)>{t().dash_title}</a></p>
                                {if d.reviews.is_empty() {
                                    view! { <p class="muted">{t().reviews_none}</p> }.into_any()
                                } else {
                                    view! {
                                        <h2 class="visually-hidden">{t().provider_reviews}</h2>
                                        <div class="review-list">
                                            {d.reviews.into_iter().map(|r| view! { <super::components::ReviewItem review=r viewer=viewer.clone()/> }).collect_view()}
                                        </div>
                                        <crate::common::ui::Pagination paging=d.paging href=href/>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
