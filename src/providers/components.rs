//! The provider page and the pieces other pages show of a provider.
use leptos::prelude::*;
use crate::recommendations::components::ProviderRecommendations;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::provider_page;
use super::domain::{Ownership, ProviderSummary};
use crate::common::site::{redirect_permanently, Canonical};
use crate::common::error_view::ErrorView;
use crate::common::ui::Pagination;
use crate::common::url_key;
use crate::error::AppError;
use crate::offers::components::OfferCardView;
use crate::reviews::components::{RatingBadge, RatingBreakdown, ReviewControls, ReviewItem};
use crate::reviews::pages::{ReviewNotes, WriteReviewLink};
use crate::seo::JsonLd;
use crate::i18n::t;
use crate::live::client::LiveRefresh;
use crate::live::Interest;

/// Who owns the provider, always visible: neutrality made visible.
#[component]
pub fn OwnershipBadge(ownership: Ownership, owner_name: Option<String>) -> impl IntoView {
    let title = owner_name.as_ref().map(|o| format!("{} {o}", t().ownership_owner));
    view! {
        <span class=format!("badge ownership ownership-{}", ownership.as_str()) title=title.clone()>
            {ownership.label()}
            {owner_name.map(|o| view! { <span class="owner">{format!(" · {o}")}</span> })}
        </span>
    }
}

/// A compact provider entry for lists (best-rated on the start page).
#[component]
pub fn ProviderCardView(provider: ProviderSummary) -> impl IntoView {
    view! {
        <article class="card provider-card">
            {provider.logo.map(|photo| view! { <crate::photos::components::Logo photo small=true/> })}
            <h3><a href=url_key::provider_path(provider.id, &provider.slug)>{provider.name}</a></h3>
            <p class="muted">{provider.location}</p>
            <RatingBadge rating=provider.rating/>
            <p><OwnershipBadge ownership=provider.ownership owner_name=provider.owner_name/></p>
        </article>
    }
}

#[component]
pub fn ProviderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let page = move || query.read().get("seite");
    let sort = move || query.read().get("sortierung");
    let stars = move || query.read().get("sterne");
    let interest = Interest { providers: url_key::parse(&key()).map(|(id, _)| vec![id]).unwrap_or_default(), ..Default::default() };
    let data = Resource::new(
        move || (key(), page(), sort(), stars()),
        |(key, page, sort, stars)| async move {
            match url_key::parse(&key) {
                Some((id, _)) => provider_page(id, page, sort, stars).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <LiveRefresh interest/>
        <Transition fallback=|| view! { <p class="wrap">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(d) => {
                        let p = d.provider;
                        let s = p.summary;
                        let canonical = url_key::provider_path(s.id, &s.slug);
                        if url_key::parse(&key()).map(|(_, slug)| slug != s.slug).unwrap_or(false) {
                            redirect_permanently(&canonical);
                        }
                        let review_q = d.review_query.to_query();
                        let page_href = {
                            let canonical = canonical.clone();
                            let review_q = review_q.clone();
                            move |n: u64| {
                                let mut parts: Vec<String> = Vec::new();
                                if !review_q.is_empty() { parts.push(review_q.clone()); }
                                if n > 1 { parts.push(format!("seite={n}")); }
                                if parts.is_empty() { format!("{canonical}#bewertungen") } else { format!("{canonical}?{}#bewertungen", parts.join("&")) }
                            }
                        };
                        // Where a vote returns to: this list, sorting and page included.
                        let here = page_href(d.review_paging.page).split('#').next().unwrap_or_default().to_owned();
                        view! {
                            <Title text=s.name.clone()/>
                            <Meta name="description" content={p.description.chars().take(160).collect::<String>()}/>
                            <Canonical path=canonical.clone()/>
                            <JsonLd json=d.json_ld/>
                            <article class="wrap provider-page" data-swap="provider">
                                <header class="page-head">
                                    {s.logo.clone().map(|photo| view! { <crate::photos::components::Logo photo/> })}
                                    <h1>{s.name.clone()}</h1>
                                    <p class="muted">{s.location.clone()}</p>
                                    <p class="badges">
                                        <OwnershipBadge ownership=s.ownership owner_name=s.owner_name.clone()/>
                                        <RatingBadge rating=s.rating/>
                                    </p>
                                    <p><a class="button secondary" href=format!("/anfragen/neu?anbieter={}", s.id)>{t().quote_ask_provider}</a></p>
                                </header>
                                <div class="two-col">
                                    <section>
                                        <p class="lead">{p.description}</p>
                                    </section>
                                    <aside class="card contact" aria-labelledby="kontakt">
                                        <h2 id="kontakt">{t().provider_contact}</h2>
                                        <dl>
                                            <dt>{t().provider_address}</dt>
                                            <dd>{format!("{}, {} {}", p.street, p.postal_code, p.town)}</dd>
                                            {p.phone.map(|v| view! { <dt>{t().provider_phone}</dt><dd><a href=format!("tel:{}", v.replace(' ', ""))>{v.clone()}</a></dd> })}
                                            {p.email.map(|v| view! { <dt>{t().provider_email}</dt><dd><a href=format!("mailto:{v}")>{v.clone()}</a></dd> })}
                                            {p.website.map(|v| view! { <dt>{t().provider_website}</dt><dd><a href=v.clone() rel="nofollow noopener">{v.clone()}</a></dd> })}
                                            {p.opening_hours.map(|v| view! { <dt>{t().provider_hours}</dt><dd class="hours">{v}</dd> })}
                                            <dt>{t().provider_serves}</dt>
                                            <dd>{if p.served.is_empty() { t().provider_serves_all.to_owned() } else { p.served.join(", ") }}</dd>
                                            <dt>{t().provider_ownership}</dt>
                                            <dd>
                                                {s.ownership.label()}{s.owner_name.map(|o| format!(" – {o}"))}
                                                {p.ownership_share.map(|n| format!(" ({n} %)"))}
                                                <br/>
                                                <span class="muted">{if p.ownership_verified { t().ownership_verified } else { t().ownership_self_declared }}</span>
                                            </dd>
                                        </dl>
                                    </aside>
                                </div>
                                <section aria-labelledby="angebote">
                                    <h2 id="angebote">{t().provider_offers}</h2>
                                    {if d.offers.is_empty() {
                                        view! { <p class="muted">{t().provider_no_offers}</p> }.into_any()
                                    } else {
                                        let more = (d.offer_count > d.offers.len()).then(|| view! {
                                            <p class="all-offers">
                                                <a class="button secondary" href=format!("/angebote?anbieter={}&sortierung=neueste", s.id)>{t().provider_all_offers.replace("{n}", &crate::i18n::decimal(d.offer_count as i64, 0))}</a>
                                            </p>
                                        });
                                        view! {
                                            <ul class="card-grid">
                                                {d.offers.into_iter().map(|o| view! { <li><OfferCardView card=o/></li> }).collect_view()}
                                            </ul>
                                            {more}
                                        }.into_any()
                                    }}
                                </section>
                                <section id="bewertungen" aria-labelledby="bewertungen-h">
                                    <h2 id="bewertungen-h">{t().provider_reviews}</h2>
                                    <ReviewNotes/>
                                    <div class="two-col reviews-block">
                                        <div>
                                            <RatingBadge rating=s.rating/>
                                            <RatingBreakdown rating=s.rating prior=d.rating_prior/>
                                            <WriteReviewLink provider_id=s.id viewer=d.viewer.clone()/>
                                            <p class="muted small"><a href="/bewertungsrichtlinien">{t().review_guidelines_link}</a></p>
                                        </div>
                                        <div>
                                            <ReviewControls query=d.review_query action=format!("{canonical}#bewertungen")/>
                                            {if d.reviews.is_empty() {
                                                view! { <p class="muted">{t().reviews_none}</p> }.into_any()
                                            } else {
                                                let viewer = d.viewer.clone();
                                                view! {
                                                    <div class="review-list">
                                                        {d.reviews.into_iter().map(|r| view! { <ReviewItem review=r viewer=viewer.clone() here=here.clone()/> }).collect_view()}
                                                    </div>
                                                    <Pagination paging=d.review_paging href=page_href/>
                                                }.into_any()
                                            }}
                                        </div>
                                    </div>
                                </section>
                                <p class="muted"><a href=format!("/melden?art=provider&id={}", s.id)>{t().report_this_provider}</a></p>
                                <ProviderRecommendations provider_id=s.id/>
                            </article>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}
