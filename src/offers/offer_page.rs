//! The offer page: one offer in full, its provider box and the way to
//! ask several providers for quotes.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::api::offer_page;
use super::domain::{HousingFacts, HousingKind, Price};
use crate::seo::JsonLd;
use crate::common::site::{redirect_permanently, Canonical};
use crate::common::error_view::ErrorView;
use crate::common::url_key;
use crate::error::AppError;
use crate::favourites::FavouriteButton;
use crate::housing::components::FinanceCalculator;
use crate::housing::expose::{ExposeFacts, ExposeSections};
use crate::providers::components::OwnershipBadge;
use crate::reviews::components::{RatingBadge, ReviewItem};
use crate::i18n::{self, t};
use crate::live::client::LiveRefresh;
use crate::live::Interest;
use crate::photos::components::Gallery;

#[component]
pub fn OfferPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let interest = Interest { offers: url_key::parse(&key()).map(|(id, _)| vec![id]).unwrap_or_default(), ..Default::default() };
    let data = Resource::new(key, |key| async move {
        match url_key::parse(&key) {
            Some((id, _)) => offer_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    // A provider's save swaps the marked parts; the gallery, the finance
    // calculator and the contact form keep what the resident did there.
    view! {
        <LiveRefresh interest/>
        <Transition fallback=|| view! { <p class="wrap">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(d) => {
                        let o = d.offer;
                        let c = o.card;
                        let canonical = url_key::offer_path(c.id, &c.slug);
                        let finance_here = canonical.clone();
                        if url_key::parse(&key()).map(|(_, slug)| slug != c.slug).unwrap_or(false) {
                            redirect_permanently(&canonical);
                        }
                        let provider_href = url_key::provider_path(c.provider.id, &c.provider.slug);
                        let area = if o.service_area.is_empty() { t().offer_whole_city.to_owned() } else { o.service_area.join(", ") };
                        view! {
                            <Title text=c.title.clone()/>
                            <Meta name="description" content={o.description.chars().take(160).collect::<String>()}/>
                            <Canonical path=canonical/>
                            <JsonLd json=d.json_ld/>
                            <article class="wrap offer-page">
                                <nav aria-label=t().breadcrumb_label class="breadcrumb">
                                    <a href="/">{t().home}</a>" › "
                                    <a href=format!("/angebote?kategorie={}", o.category_slug)>{c.category.clone()}</a>
                                </nav>
                                <header class="page-head" data-swap="offer-head">
                                    <h1>{c.title.clone()}</h1>
                                    <p class="price big">{c.price.label()}</p>
                                    <FavouriteButton offer_id=c.id title=c.title.clone()/>
                                </header>
                                {c.project.clone().map(|p| view! {
                                    <p class="project-note">{t().project_part_of}" "<a href=p.path()>{p.name.clone()}</a></p>
                                })}
                                <Gallery photos=d.photos/>
                                <div class="two-col" data-swap="offer-body">
                                    <div class="expose-texts">
                                        <section aria-labelledby="beschreibung">
                                            <h2 id="beschreibung">{if o.expose.is_some() { t().expose_section_object } else { t().offer_description }}</h2>
                                            {o.description.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}
                                        </section>
                                        {o.expose.clone().map(|details| view! { <ExposeSections details/> })}
                                    </div>
                                    <aside class="card" aria-labelledby="eckdaten">
                                        <h2 id="eckdaten">{t().offer_facts}</h2>
                                        <dl>
                                            <dt>{t().offer_price}</dt><dd>{c.price.label()}</dd>
                                            <dt>{t().offer_category}</dt><dd>{c.category}</dd>
                                            {c.housing.clone().map(|h| housing_facts(h, c.price))}
                                            <dt>{if c.housing.is_some() { t().offer_location } else { t().offer_service_area }}</dt>
                                            <dd>{if c.housing.is_some() { c.place.clone() } else { area }}</dd>
                                            <dt>{t().offer_updated}</dt>
                                            <dd><time datetime=c.updated_at.to_rfc3339()>{i18n::date(&c.updated_at)}</time></dd>
                                        </dl>
                                    </aside>
                                </div>
                                {o.expose.clone().zip(c.housing.as_ref().map(|h| h.kind)).map(|(details, kind)| view! {
                                    <ExposeFacts details kind price=c.price/>
                                })}
                                {c.housing.as_ref().filter(|h| h.kind == HousingKind::Buy).and(c.price.cents).map(|cents| view! {
                                    <FinanceCalculator price_cents=cents here=finance_here.clone()/>
                                })}
                                <section class="card provider-box" aria-labelledby="anbieter" data-swap="offer-provider">
                                    <h2 id="anbieter">{t().offer_provider}</h2>
                                    <p class="provider-name"><a href=provider_href.clone()>{c.provider.name.clone()}</a></p>
                                    <p><OwnershipBadge ownership=c.provider.ownership owner_name=c.provider.owner_name.clone()/></p>
                                    <p class="muted">{c.provider.location.clone()}</p>
                                    <RatingBadge rating=c.provider.rating/>
                                    <div class="review-list">
                                        {d.reviews.into_iter().map(|r| view! { <ReviewItem review=r/> }).collect_view()}
                                    </div>
                                    <p><a class="button" href=provider_href>{t().provider_to_page}</a></p>
                                </section>
                                <crate::contact::components::ContactBox offer_id=c.id/>
                                <AskSeveral category=o.category_slug.clone() provider_id=c.provider.id buy=c.housing.as_ref().is_some_and(|h| h.kind == HousingKind::Buy)/>
                                <p class="muted"><a href=format!("/melden?art=offer&id={}", c.id)>{t().report_this_offer}</a></p>
                            </article>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// "Ähnliche Anbieter auch fragen": a request for quotes in the offer's
/// category that invites its provider; for a flat to buy, its financing.
#[component]
fn AskSeveral(category: String, provider_id: i32, buy: bool) -> impl IntoView {
    view! {
        <section class="card ask-several" aria-labelledby="mehrere-fragen">
            <h2 id="mehrere-fragen">{t().quote_ask_heading}</h2>
            <p>{t().quote_ask_text}</p>
            <p>
                <a class="button secondary" href=format!("/anfragen/neu?kategorie={}&anbieter={provider_id}", url_key::encode(&category))>{t().quote_ask_link}</a>
                {buy.then(|| view! { " "<a class="button secondary" href="/anfragen/neu?kategorie=baufinanzierung">{t().quote_ask_mortgage}</a> })}
            </p>
        </section>
    }
}

fn housing_facts(h: HousingFacts, price: Price) -> impl IntoView {
    let ppm = h.price_per_m2_cents(&price);
    view! {
        <dt>{t().housing_kind}</dt><dd>{h.kind.label()}</dd>
        {h.rooms_tenths.map(|r| view! { <dt>{t().housing_rooms}</dt><dd>{i18n::rooms(r)}</dd> })}
        {h.living_area_centi_m2.map(|a| view! { <dt>{t().housing_living_area}</dt><dd>{i18n::area_m2(a)}</dd> })}
        {h.plot_area_centi_m2.map(|a| view! { <dt>{t().housing_plot_area}</dt><dd>{i18n::area_m2(a)}</dd> })}
        {ppm.map(|p| view! { <dt>{t().housing_price_per_m2}</dt><dd>{i18n::euro(p)}</dd> })}
        {h.energy_class.map(|e| view! { <dt>{t().housing_energy_class}</dt><dd>{e}</dd> })}
    }
}
