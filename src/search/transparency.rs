//! Neutrality made visible: the `/transparenz` page and each result's
//! "Warum an dieser Stelle?", both drawn from the ranking's own constants.
use leptos::prelude::*;
use leptos_meta::Title;

use super::ranking::{ScoreParts, FRESHNESS_HALF_LIFE_DAYS, REVIEWS_FULL_AT, W_DISTRICT, W_FRESHNESS, W_RATING, W_RELEVANCE, W_REVIEWS};
use crate::reviews::domain::BAYES_PRIOR_WEIGHT;
use crate::texts::t;

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
    let rows = [
        (t().rank_relevance, W_RELEVANCE, "Wie viele Ihrer Suchwörter im Titel des Angebots stehen. Wörter, die nur in der Beschreibung, beim Anbieter oder in der Kategorie vorkommen, zählen halb. Ohne Suchbegriff ist dieser Teil für alle gleich.".to_owned()),
        (t().rank_rating, W_RATING, format!("Die Durchschnittsbewertung des Anbieters als Bayes-Mittel: Jeder Anbieter startet mit {BAYES_PRIOR_WEIGHT:.0} gedachten Bewertungen zum stadtweiten Durchschnitt. So schlägt eine einzelne 5-Sterne-Bewertung nicht zweihundert Bewertungen mit 4,7 Sternen.")),
        (t().rank_reviews, W_REVIEWS, format!("Wie viele veröffentlichte Bewertungen der Anbieter hat, logarithmisch: die ersten zählen am meisten, ab {REVIEWS_FULL_AT} ist der Teil voll.")),
        (t().rank_freshness, W_FRESHNESS, format!("Wann das Angebot zuletzt aktualisiert wurde. Nach {FRESHNESS_HALF_LIFE_DAYS:.0} Tagen zählt dieser Teil noch die Hälfte.")),
        (t().rank_district, W_DISTRICT, "Wenn Sie einen Stadtbezirk wählen: Angebote, die dort liegen oder gezielt dort angeboten werden, zählen voll, stadtweite Angebote halb. Ohne gewählten Stadtbezirk ist dieser Teil für alle gleich.".to_owned()),
    ];
    view! {
        <Title text=t().nav_transparency/>
        <article class="wrap narrow transparency">
            <h1>"Wie die Reihenfolge entsteht"</h1>
            <p class="lead">"Smart City Duisburg ist neutral: Kein Anbieter kann eine bessere Platzierung kaufen, und wem ein Anbieter gehört – privat, genossenschaftlich oder kommunal – spielt für die Reihenfolge keine Rolle. Die Eigentümer zeigen wir trotzdem bei jedem Anbieter an, damit Sie es wissen."</p>
            <h2>"Die Bestandteile"</h2>
            <p>"Bei der Sortierung „Relevanz“ erhält jedes Angebot einen Gesamtwert aus fünf Teilen. Jeder Teil liegt zwischen 0 und 100 %; gewichtet und addiert ergibt sich der Gesamtwert. Bei jedem Suchergebnis zeigt „Warum an dieser Stelle?“ die Werte dieses Angebots."</p>
            <table class="weights">
                <thead><tr><th scope="col">"Bestandteil"</th><th scope="col">{t().rank_weight}</th><th scope="col">"Was er misst"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, weight, text)| view! {
                        <tr><th scope="row">{label}</th><td>{pct(weight)}</td><td>{text}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"Was nie zählt"</h2>
            <ul>
                <li>"Zahlungen an die Plattform: Es gibt keine bezahlten Platzierungen."</li>
                <li>"Die Eigentümerschaft des Anbieters, auch nicht, wenn er der Stadt gehört."</li>
                <li>"Gleich gute Angebote stehen in der Reihenfolge, in der sie zuletzt veröffentlicht wurden."</li>
            </ul>
            <p>"Andere Sortierungen (Preis, Neueste, Beste Bewertung) ordnen nur nach dem jeweiligen Merkmal."</p>
        </article>
    }
}
