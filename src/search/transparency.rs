//! Neutrality made visible: the `/transparenz` page and each result's
//! "Warum an dieser Stelle?", both drawn from the ranking's own constants.
use leptos::prelude::*;
use leptos_meta::Title;
use crate::recommendations::components::RecommendationRanking;

use super::ranking::{ScoreParts, FRESHNESS_HALF_LIFE_DAYS, REVIEWS_FULL_AT, W_DISTRICT, W_FRESHNESS, W_RATING, W_RELEVANCE, W_REVIEWS};
use crate::reviews::domain::BAYES_PRIOR_WEIGHT;
use crate::i18n::t;

fn pct(x: f32) -> String {
    format!("{:.0}\u{a0}%", x * 100.0)
}

#[component]
pub fn WhyHere(parts: ScoreParts) -> impl IntoView {
    view! {
        <details class="why">
            <summary>{t().rank_why}</summary>
            <table>
                <thead><tr><th scope="col"></th><th scope="col">{t().rank_part}</th><th scope="col">{t().rank_weight}</th></tr></thead>
                <tbody>
                    {parts.rows().into_iter().map(|(label, part, weight)| view! {
                        <tr><th scope="row">{label}</th><td>{pct(part)}</td><td>{pct(weight)}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th scope="row">{t().rank_total}</th><td colspan="2">{pct(parts.total())}</td></tr></tfoot>
            </table>
            <p><a href="/transparenz">{t().nav_transparency}</a></p>
        </details>
    }
}

#[component]
pub fn TransparencyPage() -> impl IntoView {
    let n = |template: &str, value: String| template.replace("{n}", &value);
    let rows = [
        (t().rank_relevance, W_RELEVANCE, t().transp_relevance.to_owned()),
        (t().rank_rating, W_RATING, n(t().transp_rating, format!("{BAYES_PRIOR_WEIGHT:.0}"))),
        (t().rank_reviews, W_REVIEWS, n(t().transp_reviews, REVIEWS_FULL_AT.to_string())),
        (t().rank_freshness, W_FRESHNESS, n(t().transp_freshness, format!("{FRESHNESS_HALF_LIFE_DAYS:.0}"))),
        (t().rank_district, W_DISTRICT, t().transp_district.to_owned()),
    ];
    view! {
        <Title text=t().nav_transparency/>
        <article class="wrap narrow transparency">
            <h1>{t().transp_title}</h1>
            <p class="lead">{t().transp_lead}</p>
            <h2>{t().transp_parts}</h2>
            <p>{t().transp_parts_text}</p>
            <table class="weights">
                <thead><tr><th scope="col">{t().transp_col_part}</th><th scope="col">{t().rank_weight}</th><th scope="col">{t().transp_col_measures}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, weight, text)| view! {
                        <tr><th scope="row">{label}</th><td>{pct(weight)}</td><td>{text}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{t().transp_tiers}</p>
            <h2>{t().transp_never}</h2>
            <ul>
                <li>{t().transp_never_payment}</li>
                <li>{t().transp_never_ownership}</li>
                <li>{t().transp_ties}</li>
            </ul>
            <p>{t().transp_other_sorts}</p>
            <p>{t().transp_cap}</p>
            <RecommendationRanking/>
        </article>
    }
}
