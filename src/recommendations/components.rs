//! Recommendation pages and boxes: the ranked list of a category (beside the
//! offers and on its own page), the newest on the start page, and the
//! ranking's section of `/transparenz`. The form and the claim pages live in
//! `form` and `claim_page`.
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use leptos_meta::Title;

use super::api::{category_recommendations, provider_recommendations, recent_recommendations};
use super::domain::{ProviderRef, RecommendationView, Refusal};
pub use super::claim_page::{ClaimPage, ClaimQueue};
pub use super::form::RecommendPage;
use crate::common::site::use_site;
use crate::common::error_view::ErrorView;
use crate::common::url_key;
use crate::i18n::{self, t};
use crate::live::client::LiveRefresh;
use crate::live::Interest;

/// The page being shown, to come back to after a second.
fn here() -> String {
    let loc = use_location();
    let search = loc.search.get_untracked();
    let path = loc.pathname.get_untracked();
    if search.is_empty() { path } else { format!("{path}?{}", search.trim_start_matches('?')) }
}

#[component]
fn ProviderLine(provider: ProviderRef) -> impl IntoView {
    match provider {
        ProviderRef::Listed { id, slug, name } => view! {
            <h3 class="rec-provider"><a href=url_key::provider_path(id, &slug)><bdi>{name}</bdi></a></h3>
        }
        .into_any(),
        ProviderRef::Unlisted { id, name, town, website } => view! {
            <h3 class="rec-provider"><bdi>{name}</bdi>" "<span class="badge warn">{t().rec_unlisted_badge}</span></h3>
            <p class="rec-unlisted">
                <bdi>{town}</bdi>
                {website.map(|w| view! { " · "<a href=w.clone() rel="nofollow ugc noopener">{w.clone()}</a> })}
                " · "<a href=format!("/empfehlungen/firma/{id}/beanspruchen")>{t().rec_claim_link}</a>
            </p>
        }
        .into_any(),
    }
}

/// One recommendation with its seconds and the buttons to second or withdraw.
#[component]
pub fn RecommendationItem(rec: RecommendationView, signed_in: bool, back: String) -> impl IntoView {
    let id = rec.id;
    let count = format!("{} {}", rec.seconds, if rec.seconds == 1 { t().rec_second_one } else { t().rec_seconds });
    let vote = signed_in.then(|| {
        let (action, label) = match (rec.mine, rec.seconded) {
            (true, _) => ("loeschen", t().rec_delete),
            (false, true) => ("zurueckziehen", t().rec_withdraw),
            (false, false) => ("unterstuetzen", t().rec_second_button),
        };
        view! {
            <form method="post" action=format!("/empfehlungen/{id}/{action}") class="rec-vote">
                <input type="hidden" name="zurueck" value=back.clone()/>
                <button type="submit" class="button small">{label}<span class="visually-hidden">{format!(" ({})", t().rec_of_author.replace("{name}", &rec.author_name))}</span></button>
            </form>
        }
    });
    view! {
        <article class="card recommendation" id=format!("empfehlung-{id}")>
            <ProviderLine provider=rec.provider/>
            <p class="rec-reason">{rec.reason}</p>
            <p class="rec-meta muted">
                {t().rec_by}" "<bdi class="author">{rec.author_name.clone()}</bdi>" · "
                <time datetime=rec.created_at.to_rfc3339()>{i18n::date(&rec.created_at)}</time>" · "
                {(!rec.category.is_empty()).then(|| format!("{} · ", rec.category))}
                <span class="rec-seconds">{count}</span>
            </p>
            {vote}
            <p class="rec-report"><a href=format!("/melden?art=recommendation&id={id}")>{t().report_this_recommendation}</a></p>
        </article>
    }
}

#[component]
fn RecommendationList(items: Vec<RecommendationView>, signed_in: bool) -> impl IntoView {
    let back = here();
    view! {
        <ul class="rec-list">
            {items.into_iter().map(|r| view! { <li><RecommendationItem rec=r signed_in back=back.clone()/></li> }).collect_view()}
        </ul>
    }
}

/// Beside the offers of a category (`/angebote?kategorie=…`): its best
/// recommendations, children included.
#[component]
pub fn CategoryRecommendationsBox() -> impl IntoView {
    let query = use_query_map();
    let slug = Memo::new(move |_| query.read().get("kategorie").filter(|k| !k.is_empty()));
    let data = Resource::new(move || slug.get(), |s| async move {
        match s {
            Some(s) => category_recommendations(s, 3).await,
            None => Ok(None),
        }
    });
    // A region of its own: the list swaps it when the category changes.
    view! {
        <div data-swap="recommendations">
        <Suspense>
            {move || Suspend::new(async move {
                let d = data.await.ok().flatten()?;
                let all = format!("/empfehlungen?kategorie={}", url_key::encode(&d.slug));
                let new = format!("/empfehlen?kategorie={}", url_key::encode(&d.slug));
                Some(view! {
                    <section class="recommendations-box" aria-labelledby="empfehlungen">
                        <h2 id="empfehlungen">{t().rec_box_title}</h2>
                        {if d.items.is_empty() {
                            view! { <p class="muted">{t().rec_none}</p> }.into_any()
                        } else {
                            view! { <RecommendationList items=d.items signed_in=d.signed_in/> }.into_any()
                        }}
                        <p>
                            <a href=all>{format!("{} ({})", t().rec_all, d.total)}</a>" · "
                            <a href=new>{t().rec_new}</a>
                        </p>
                    </section>
                })
            })}
        </Suspense>
        </div>
    }
}

/// The newest recommendations, on the start page.
#[component]
pub fn RecentRecommendations() -> impl IntoView {
    let data = Resource::new(|| (), |_| recent_recommendations());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let (items, signed_in) = data.await.ok()?;
                Some(view! {
                    <section class="wrap" aria-labelledby="empfehlungen-neu">
                        <h2 id="empfehlungen-neu">{t().rec_recent_title}</h2>
                        {if items.is_empty() {
                            view! { <p class="muted">{t().rec_none_recent}</p> }.into_any()
                        } else {
                            view! { <RecommendationList items signed_in/> }.into_any()
                        }}
                        <p><a class="button" href="/empfehlen">{t().rec_new}</a></p>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// `/empfehlungen?kategorie=…`: all recommendations of a category, ranked.
#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let query = use_query_map();
    let slug = Memo::new(move |_| query.read().get("kategorie").unwrap_or_default());
    let refusal = move || query.read().get("fehler").and_then(|c| Refusal::parse(&c));
    let data = Resource::new(move || slug.get(), |s| category_recommendations(s, 1_000));
    let site = use_site();
    view! {
        <Title text=t().rec_page_title/>
        // New recommendations and seconds elsewhere refresh the list while it is open.
        <LiveRefresh interest=Interest { list: true, ..Default::default() }/>
        <div class="wrap">
            <h1>{t().rec_page_title}</h1>
            <p>{t().rec_page_intro}" "<a href="/transparenz#empfehlungen">{t().rec_ranking_link}</a></p>
            {move || refusal().map(|r| view! { <p class="form-error" role="alert">{r.message()}</p> })}
            <div data-swap="recommendations">
            <Transition fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(Some(d)) => {
                            let new = format!("/empfehlen?kategorie={}", url_key::encode(&d.slug));
                            view! {
                                <h2>{d.label}</h2>
                                <p><a class="button primary" href=new>{t().rec_new}</a></p>
                                {if d.items.is_empty() {
                                    view! { <p class="muted">{t().rec_none}</p> }.into_any()
                                } else {
                                    view! { <RecommendationList items=d.items signed_in=d.signed_in/> }.into_any()
                                }}
                            }.into_any()
                        }
                        // No or an unknown category: the list of categories to choose from.
                        Ok(None) => {
                            let info = site.await.unwrap_or_default();
                            view! {
                                <h2>{t().rec_choose_category}</h2>
                                <ul class="rec-categories">
                                    {info.categories.all.iter().map(|c| view! {
                                        <li><a href=format!("/empfehlungen?kategorie={}", c.slug)>{info.categories.path_name(c.id)}</a></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            </div>
        </div>
    }
}

/// The recommendations' ranking formula, a section of `/transparenz`.
#[component]
pub fn RecommendationRanking() -> impl IntoView {
    let days = format!("{:.0}", super::domain::HALF_LIFE_DAYS);
    view! {
        <section id="empfehlungen" aria-labelledby="empfehlungen-sortierung">
            <h2 id="empfehlungen-sortierung">{t().rec_transp_title}</h2>
            <p><code>{t().rec_transp_formula.replace("{days}", &days)}</code></p>
            <p>{t().rec_transp_text.replace("{days}", &days)}</p>
        </section>
    }
}

/// On a provider's page: what residents recommend it for.
#[component]
pub fn ProviderRecommendations(provider_id: i32) -> impl IntoView {
    let data = Resource::new(move || provider_id, provider_recommendations);
    view! {
        <section id="empfehlungen" aria-labelledby="empfehlungen-h">
            <h2 id="empfehlungen-h">{t().rec_box_title}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    let (items, signed_in) = data.await.ok()?;
                    Some(if items.is_empty() {
                        view! { <p class="muted">{t().rec_none_provider}</p> }.into_any()
                    } else {
                        view! { <RecommendationList items signed_in/> }.into_any()
                    })
                })}
            </Suspense>
            <p><a href=format!("/empfehlen?anbieter={provider_id}")>{t().rec_this_provider}</a></p>
        </section>
    }
}
