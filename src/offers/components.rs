//! Offer cards, the offer list with its filters, and the offer page.
use leptos::prelude::*;
use crate::recommendations::components::CategoryRecommendationsBox;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::api::list_offers;
use super::domain::{HousingFacts, OfferCard, Price};
use super::query::{OfferFilter, ProviderScope};
use super::filter_form::{filter_from_query, FilterForm};
use crate::search::transparency::WhyHere;
use crate::common::site::set_status;
use crate::common::error_view::ErrorView;
use crate::common::ui::Pagination;
use crate::common::url_key;
use crate::error::AppError;
use crate::favourites::FavouriteButton;
use crate::map::{district_map, DistrictMap};
use crate::providers::components::OwnershipBadge;
use crate::reviews::components::RatingBadge;
use crate::i18n::{self, t};
use crate::live::client::LiveRefresh;
use crate::live::Interest;
use crate::photos::components::{CoverImage, Logo};

#[component]
fn HousingLine(facts: HousingFacts, price: Price) -> impl IntoView {
    let mut parts = vec![facts.kind.label().to_owned()];
    if let Some(r) = facts.rooms_tenths {
        parts.push(format!("{} {}", i18n::rooms(r), t().housing_rooms));
    }
    if let Some(a) = facts.living_area_centi_m2 {
        parts.push(i18n::area_m2(a));
    }
    if let Some(ppm) = facts.price_per_m2_cents(&price) {
        parts.push(format!("{}/m²", i18n::euro(ppm)));
    }
    view! { <p class="housing-line">{parts.join(" · ")}</p> }
}

/// `comparable`: the card offers a checkbox for the list's compare form.
/// "Suchauftrag speichern" for the list's search.
#[component]
fn SaveSearchLink(filter: OfferFilter) -> impl IntoView {
    let mut f = filter;
    f.seite = None;
    f.sortierung = None;
    // A category chosen: ask its providers for quotes, too; a list narrowed
    // to one provider asks that provider (the form offers to ask all).
    let ask = match (f.kategorie.as_deref(), f.anbieter.as_deref()) {
        (k, Some(p)) => {
            let category = k.map(|k| format!("kategorie={}&", url_key::encode(k))).unwrap_or_default();
            Some((format!("/anfragen/neu?{category}anbieter={}", url_key::encode(p)), t().quote_ask_provider))
        }
        (Some(k), None) => Some((format!("/anfragen/neu?kategorie={}", url_key::encode(k)), t().quote_ask_category)),
        (None, None) => None,
    };
    view! {
        <p class="save-search">
            <a class="button secondary" href=format!("/suchauftraege/neu{}", f.to_query(None))>{t().alerts_save_link}</a>
            {ask.map(|(href, label)| view! { " "<a class="button secondary" href=href>{label}</a> })}
        </p>
    }
}

#[component]
pub fn OfferCardView(card: OfferCard, #[prop(optional)] comparable: bool) -> impl IntoView {
    let href = url_key::offer_path(card.id, &card.slug);
    let provider_href = url_key::provider_path(card.provider.id, &card.provider.slug);
    view! {
        <article class="card offer-card" data-offer-id=card.id>
            {card.cover.map(|photo| view! { <CoverImage photo/> })}
            <p class="eyebrow">{card.category}</p>
            <h3><a href=href>{card.title.clone()}</a></h3>
            <p class="price">{card.price.label()}</p>
            {card.housing.map(|h| view! { <HousingLine facts=h price=card.price/> })}
            {card.project.map(|p| view! {
                <p class="project-badge"><span class="badge">{t().project_badge}</span>" "<a href=p.path()>{p.name.clone()}</a></p>
            })}
            <p class="place">{card.place}</p>
            <p class="provider-line">
                {card.provider.logo.clone().map(|photo| view! { <Logo photo small=true/> })}
                <a href=provider_href>{card.provider.name}</a>" "
                <OwnershipBadge ownership=card.provider.ownership owner_name=card.provider.owner_name/>
            </p>
            <RatingBadge rating=card.provider.rating/>
            <div class="card-actions">
                <FavouriteButton offer_id=card.id title=card.title.clone()/>
                {comparable.then(|| view! {
                    <label class="compare-pick">
                        <input type="checkbox" name="angebote" value=card.id form="vergleich"/>
                        " "{t().compare_pick}<span class="visually-hidden">{format!(": {}", card.title)}</span>
                    </label>
                })}
            </div>
            {card.rank.map(|parts| view! { <WhyHere parts/> })}
        </article>
    }
}

#[component]
pub fn OfferListPage() -> impl IntoView {
    // Rendered on the server only: the `SearchForm` and `LiveRefresh`
    // islands swap the `data-swap` regions when the search or the offers
    // change, so the page's view code never ships to the browser.
    let filter = filter_from_query(&use_query_map().read_untracked());
    let results = OnceResource::new(list_offers(filter.clone()));
    let map = OnceResource::new(district_map());
    let filter = StoredValue::new(filter);
    view! {
        <Title text=t().offers_title/>
        <Meta name="description" content=t().offers_description/>
        <LiveRefresh interest=Interest { list: true, ..Default::default() }/>
        <section class="wrap offers-page">
            <h1>{t().offers_title}</h1>
            <FilterForm filter=filter.get_value() results/>
            <CategoryRecommendationsBox/>
            <div class="results-layout">
            <div class="results-main" data-swap="results">
            <Transition fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Err(AppError::Invalid { message, .. }) => {
                            set_status(http::StatusCode::BAD_REQUEST);
                            view! { <p class="error-text" role="alert">{message}</p> }.into_any()
                        }
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(page) if page.offers.is_empty() => view! {
                            <StaleNotice stale=page.stale/>
                            <ProviderScopeNotice filter=filter.get_value() provider=page.provider.clone()/>
                            <DidYouMean filter=filter.get_value() suggestion=page.did_you_mean.clone()/>
                            <NoResults filter=filter.get_value()/>
                            <SaveSearchLink filter=filter.get_value()/>
                        }.into_any(),
                        Ok(page) => {
                            let f = filter.get_value();
                            let stale = page.stale;
                            let did_you_mean = page.did_you_mean.clone();
                            let feed = format!("/angebote/feed.xml{}", f.to_query(None));
                            let href = move |n: u64| format!("/angebote{}", f.to_query(Some(n)));
                            let provider = page.provider.clone();
                            view! {
                                <StaleNotice stale/>
                                <ProviderScopeNotice filter=filter.get_value() provider/>
                                <DidYouMean filter=filter.get_value() suggestion=did_you_mean/>
                                <h2 class="visually-hidden">{t().results_heading}</h2>
                                <p class="result-count" role="status">{format!("{} {}", page.paging.total, if page.paging.total == 1 { t().results_offer_one } else { t().results_offers })}</p>
                                <form id="vergleich" class="compare-form" method="get" action="/vergleich">
                                    <p class="muted">{t().compare_hint}</p>
                                    <button type="submit" class="button">{t().compare_button}</button>
                                </form>
                                <ul class="card-grid results">
                                    {page.offers.into_iter().map(|o| view! { <li><OfferCardView card=o comparable=true/></li> }).collect_view()}
                                </ul>
                                <Pagination paging=page.paging href/>
                                <SaveSearchLink filter=filter.get_value()/>
                                <p class="feed-link"><a href=feed type="application/atom+xml">{t().feed_link}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            </div>
            <aside class="map-aside" aria-label=t().home_districts data-swap="map">
                <Transition>
                    {move || Suspend::new(async move {
                        let shapes = map.await.ok()?;
                        let counts = results.await.ok()?.facets.bezirke;
                        let base = filter.get_value();
                        let href = move |slug: &str| {
                            let mut f = base.clone();
                            f.bezirk = Some(slug.to_owned());
                            f.seite = None;
                            format!("/angebote{}", f.to_query(None))
                        };
                        (!counts.is_empty()).then(|| view! { <DistrictMap map=shapes counts href=Box::new(href)/> })
                    })}
                </Transition>
            </aside>
            </div>
        </section>
    }
}

/// Said above a list served while the database is unreachable.
#[component]
fn StaleNotice(stale: bool) -> impl IntoView {
    stale.then(|| {
        crate::common::site::mark_stale();
        view! { <p class="notice notice-stale" role="status">{t().list_stale}</p> }
    })
}

/// Names the provider a list is narrowed to (`anbieter`, from its page)
/// and links to the same list from every provider.
#[component]
fn ProviderScopeNotice(filter: OfferFilter, provider: Option<ProviderScope>) -> impl IntoView {
    provider.map(|p| {
        let mut all = filter;
        (all.anbieter, all.seite) = (None, None);
        view! {
            <p class="notice list-scope">
                {t().list_provider_scope}" "<a href=url_key::provider_path(p.id, &p.slug)>{p.name}</a>" · "
                <a href=format!("/angebote{}", all.to_query(None))>{t().list_provider_scope_all}</a>
            </p>
        }
    })
}

/// "Meinten Sie …?": a plain link (works without JavaScript) to the same
/// filter with the query that finds more.
#[component]
fn DidYouMean(filter: OfferFilter, suggestion: Option<String>) -> impl IntoView {
    suggestion.map(|q| {
        let mut g = filter;
        g.q = Some(q.clone());
        g.seite = None;
        view! {
            <p class="did-you-mean">{t().search_did_you_mean}" "<a href=format!("/angebote{}", g.to_query(None)) rel="nofollow">{q}</a>"?"</p>
        }
    })
}

/// Empty results say how to widen the search: each link drops one filter.
#[component]
fn NoResults(filter: OfferFilter) -> impl IntoView {
    let without = |f: fn(&mut OfferFilter)| {
        let mut g = filter.clone();
        f(&mut g);
        g.seite = None;
        format!("/angebote{}", g.to_query(None))
    };
    let mut hints: Vec<(String, &'static str)> = Vec::new();
    if filter.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
        hints.push((without(|g| g.q = None), t().widen_without_text));
    }
    if filter.kategorie.as_deref().is_some_and(|k| !k.is_empty()) {
        hints.push((without(|g| g.kategorie = None), t().widen_all_categories));
    }
    let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if set(&filter.stadtteil) && set(&filter.bezirk) {
        hints.push((without(|g| g.stadtteil = None), t().widen_whole_bezirk));
    }
    if set(&filter.bezirk) || set(&filter.stadtteil) {
        hints.push((without(|g| (g.bezirk, g.stadtteil) = (None, None)), t().widen_whole_city));
    }
    let f = &filter;
    if set(&f.projekt) {
        hints.push((without(|g| g.projekt = None), t().widen_all_projects));
    }
    if set(&f.anbieter) {
        hints.push((without(|g| g.anbieter = None), t().widen_all_providers));
    }
    if [&f.preis_von, &f.preis_bis, &f.eigentum, &f.bewertung_ab, &f.vermarktung, &f.zimmer_ab, &f.flaeche_ab].into_iter().any(set) {
        hints.push((
            without(|g| {
                (g.preis_von, g.preis_bis, g.eigentum, g.bewertung_ab) = (None, None, None, None);
                (g.vermarktung, g.zimmer_ab, g.flaeche_ab) = (None, None, None);
            }),
            t().widen_without_more,
        ));
    }
    view! {
        <div class="empty" role="status">
            <p>{t().results_none}</p>
            {(!hints.is_empty()).then(|| view! {
                <ul class="widen">
                    {hints.into_iter().map(|(href, label)| view! { <li><a href=href>{label}</a></li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}
