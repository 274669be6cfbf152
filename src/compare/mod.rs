//! Side-by-side comparison of 2–4 offers of one category:
//! `/vergleich?angebote=12,45,78`, shareable and usable without JavaScript.
pub mod domain;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::common::error_view::ErrorView;
use crate::common::url_key;
use crate::error::AppError;
use crate::offers::domain::OfferDetail;
use crate::providers::components::OwnershipBadge;
use crate::reviews::components::RatingBadge;
use crate::i18n::{self, t};
use crate::common::compare_table::{row, text_cells};
use domain::{best, energy_rank, Better};

#[server(prefix = "/api", endpoint = "compare")]
// No offer picked is sent as an empty body: decoded as an empty list, so
// the resident reads the comparison's own message.
pub async fn compare_offers(#[server(default)] angebote: Vec<String>) -> Result<Vec<OfferDetail>, AppError> {
    async move {
        let ids = domain::parse_ids(&angebote)?;
        let st = crate::app::state::app_state()?;
        let offers = crate::offers::store::details(&st.catalog, &st.db, &st.reference, &ids)
            .await?
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or(AppError::NotFound)?;
        domain::check_same_category(&offers)?;
        Ok(offers)
    }
    .await
    .map_err(AppError::with_status)
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let ids = move || query.read().get_all("angebote").unwrap_or_default();
    let data = Resource::new(ids, compare_offers);
    view! {
        <Title text=t().compare_title/>
        <Meta name="robots" content="noindex"/>
        <section class="wrap compare-page">
            <h1>{t().compare_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(offers) => view! { <CompareTable offers/> }.into_any(),
                        Err(AppError::Invalid { message, .. }) => view! {
                            <p class="error-text" role="alert">{message}</p>
                            <p><a href="/angebote">{t().nav_offers}</a></p>
                        }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CompareTable(offers: Vec<OfferDetail>) -> impl IntoView {
    let cards: Vec<_> = offers.iter().map(|o| o.card.clone()).collect();
    let prices: Vec<Option<i64>> = cards.iter().map(|c| c.price.cents.filter(|_| c.price.model != crate::offers::domain::PriceModel::OnRequest)).collect();
    let housing = cards.iter().any(|c| c.housing.is_some());
    let h = |f: &dyn Fn(&crate::offers::domain::HousingFacts) -> Option<i64>| -> Vec<Option<i64>> {
        cards.iter().map(|c| c.housing.as_ref().and_then(f)).collect()
    };
    let rooms = h(&|x| x.rooms_tenths.map(i64::from));
    let area = h(&|x| x.living_area_centi_m2.map(i64::from));
    let per_m2: Vec<Option<i64>> = cards.iter().map(|c| c.housing.as_ref().and_then(|x| x.price_per_m2_cents(&c.price))).collect();
    let energy: Vec<Option<u8>> = cards.iter().map(|c| c.housing.as_ref().and_then(|x| x.energy_class.as_deref()).and_then(energy_rank)).collect();
    let ratings: Vec<Option<f64>> = cards.iter().map(|c| c.provider.rating.average()).collect();
    let counts: Vec<Option<u64>> = cards.iter().map(|c| Some(c.provider.rating.count)).collect();
    let dash = || "–".to_owned();
    // Ask exactly these providers for quotes (a request in the category).
    let mut providers: Vec<String> = cards.iter().map(|c| c.provider.id.to_string()).collect();
    providers.dedup();
    let ask = format!("/anfragen/neu?kategorie={}&anbieter={}", offers.first().map(|o| url_key::encode(&o.category_slug)).unwrap_or_default(), providers.join(","));

    let mut rows = vec![
        row(t().offer_price, text_cells(cards.iter().map(|c| c.price.label()).collect()), best(&prices, Better::Lower)).into_any(),
    ];
    if housing {
        rows.push(row(t().housing_rooms, text_cells(rooms.iter().map(|v| v.map(|r| i18n::rooms(r as i32)).unwrap_or_else(dash)).collect()), best(&rooms, Better::Higher)).into_any());
        rows.push(row(t().housing_living_area, text_cells(area.iter().map(|v| v.map(|a| i18n::area_m2(a as i32)).unwrap_or_else(dash)).collect()), best(&area, Better::Higher)).into_any());
        rows.push(row(t().housing_price_per_m2, text_cells(per_m2.iter().map(|v| v.map(i18n::euro).unwrap_or_else(dash)).collect()), best(&per_m2, Better::Lower)).into_any());
        rows.push(row(t().housing_energy_class, text_cells(cards.iter().map(|c| c.housing.as_ref().and_then(|x| x.energy_class.clone()).unwrap_or_else(dash)).collect()), best(&energy, Better::Lower)).into_any());
    }
    rows.push(row(t().compare_rating, cards.iter().map(|c| view! { <RatingBadge rating=c.provider.rating/> }.into_any()).collect(), best(&ratings, Better::Higher)).into_any());
    rows.push(row(t().rating_reviews, text_cells(counts.iter().map(|n| n.unwrap_or(0).to_string()).collect()), best(&counts, Better::Higher)).into_any());
    rows.push(row(t().provider_ownership, cards.iter().map(|c| view! { <OwnershipBadge ownership=c.provider.ownership owner_name=c.provider.owner_name.clone()/> }.into_any()).collect(), Vec::new()).into_any());
    rows.push(row(t().offer_service_area, text_cells(offers.iter().map(|o| if o.card.housing.is_some() { o.card.place.clone() } else if o.service_area.is_empty() { t().offer_whole_city.to_owned() } else { o.service_area.join(", ") }).collect()), Vec::new()).into_any());

    view! {
        <p class="muted">{cards.first().map(|c| c.category.clone())}</p>
        <div class="table-scroll">
            <table class="compare">
                <caption class="visually-hidden">{t().compare_title}</caption>
                <thead>
                    <tr>
                        <td></td>
                        {cards.iter().map(|c| view! {
                            <th scope="col">
                                <a href=url_key::offer_path(c.id, &c.slug)>{c.title.clone()}</a>
                                <span class="provider">{c.provider.name.clone()}</span>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p><a class="button secondary" href=ask>{t().quote_ask_compared}</a></p>
    }
}
