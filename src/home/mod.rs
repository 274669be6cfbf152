//! The start page: search, categories and districts with counts, newest
//! offers and the best-rated providers.
use leptos::prelude::*;
use crate::recommendations::components::RecentRecommendations;
use leptos_meta::{Meta, Title};
use serde::{Deserialize, Serialize};

use crate::common::error_view::ErrorView;
use crate::categories::CategoryCount;
use crate::districts::BezirkCount;
use crate::error::AppError;
use crate::map::{DistrictMap, DistrictMapData};
use crate::offers::components::OfferCardView;
use crate::offers::domain::OfferCard;
use crate::providers::components::ProviderCardView;
use crate::providers::domain::ProviderSummary;
use crate::i18n::t;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomePageData {
    pub categories: Vec<CategoryCount>,
    pub bezirke: Vec<BezirkCount>,
    pub map: DistrictMapData,
    pub newest: Vec<OfferCard>,
    pub best_rated: Vec<ProviderSummary>,
}

#[server(prefix = "/api", endpoint = "home")]
pub async fn home_data() -> Result<HomePageData, AppError> {
    async move {
        let st = crate::app::state::app_state()?;
        let r = st.reference.as_ref();
        // Every change committed before the request, and the counts and
        // both lists from one state of the catalogue.
        st.catalog.fresh().await?;
        let ((counts, bezirke), newest, best_rated) = st.catalog.with(|d| (d.counts(r), d.newest(r, 6), d.best_rated(r, 6)));
        Ok(HomePageData { categories: crate::categories::count_tree(&r.categories, &counts), bezirke, map: r.map.clone(), newest, best_rated })
    }
    .await
    .map_err(AppError::with_status)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| home_data());
    view! {
        <Title text=""/>
        <Meta name="description" content=t().home_intro/>
        <section class="hero">
            <div class="wrap">
                <h1>{t().home_title}</h1>
                <p class="lead">{t().home_intro}</p>
                <form class="search" method="get" action="/angebote" role="search">
                    <label for="home-q" class="visually-hidden">{t().search_label}</label>
                    <input id="home-q" type="search" name="q" maxlength="100" placeholder=t().search_placeholder autocomplete="off"/>
                    <button type="submit" class="button primary">{t().search_button}</button>
                </form>
                <p class="hero-ask">{t().quote_home_text}" "<a href="/anfragen/neu">{t().quote_home_link}</a></p>
            </div>
        </section>
        <Suspense fallback=|| view! { <p class="wrap">{t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(d) => view! { <HomeSections data=d/> }.into_any(),
                }
            })}
        </Suspense>
        <RecentRecommendations/>
    }
}

#[component]
fn HomeSections(data: HomePageData) -> impl IntoView {
    view! {
        <div class="wrap home">
            <section aria-labelledby="kategorien">
                <h2 id="kategorien">{t().home_categories}</h2>
                <ul class="category-grid">
                    {data.categories.into_iter().map(|c| view! {
                        <li class="card category">
                            <h3><a href=format!("/angebote?kategorie={}", c.category.slug)>{c.category.label()}</a>
                                " "<span class="count">{format!("({})", c.count)}</span></h3>
                            <ul class="sub">
                                {c.children.into_iter().map(|(child, n)| view! {
                                    <li><a href=format!("/angebote?kategorie={}", child.slug)>{child.label()}</a>" "<span class="count">{format!("({n})")}</span></li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="bezirke">
                <h2 id="bezirke">{t().home_districts}</h2>
                <div class="map-and-list">
                <DistrictMap map=data.map counts=data.bezirke.clone()/>
                <ul class="district-list">
                    {data.bezirke.into_iter().map(|b| view! {
                        <li><a href=format!("/angebote?bezirk={}", b.bezirk.slug)>{b.bezirk.name}" "<span class="count">{format!("({})", b.count)}</span></a></li>
                    }).collect_view()}
                </ul>
                </div>
            </section>
            <section aria-labelledby="neueste">
                <h2 id="neueste">{t().home_newest}</h2>
                <ul class="card-grid">
                    {data.newest.into_iter().map(|o| view! { <li><OfferCardView card=o/></li> }).collect_view()}
                </ul>
                <p><a class="button" href="/angebote">{t().home_all_offers}</a></p>
            </section>
            <section aria-labelledby="bestbewertet">
                <h2 id="bestbewertet">{t().home_best_rated}</h2>
                <ul class="card-grid">
                    {data.best_rated.into_iter().map(|p| view! { <li><ProviderCardView provider=p/></li> }).collect_view()}
                </ul>
            </section>
        </div>
    }
}
