//! Stars, rating summaries and review items.
use leptos::prelude::*;

use super::domain::{RatingSummary, ReviewView};
use crate::common::url_key;
use crate::i18n::{self, t};

/// Five stars drawn as text, with the value as the accessible name.
#[component]
pub fn StarRow(value: f64) -> impl IntoView {
    let full = value.round().clamp(0.0, 5.0) as usize;
    let label = format!("{} {}", i18n::rating(value), t().rating_out_of);
    view! {
        <span class="stars" role="img" aria-label=label>
            <span class="on" aria-hidden="true">{"★".repeat(full)}</span>
            <span class="off" aria-hidden="true">{"★".repeat(5 - full)}</span>
        </span>
    }
}

/// "★★★★☆ 4,3 (27 Bewertungen)" or "Noch keine Bewertungen".
#[component]
pub fn RatingBadge(rating: RatingSummary) -> impl IntoView {
    match rating.average() {
        None => view! { <span class="rating muted">{t().rating_none}</span> }.into_any(),
        Some(avg) => {
            let noun = if rating.count == 1 { t().rating_review_one } else { t().rating_reviews };
            view! {
                <span class="rating">
                    <StarRow value=avg/>
                    <span class="rating-value" aria-hidden="true">{i18n::rating(avg)}</span>
                    <span class="rating-count">{format!("({} {noun})", rating.count)}</span>
                </span>
            }
            .into_any()
        }
    }
}

/// Share of each star value as a bar, with the numbers as text.
#[component]
pub fn RatingBreakdown(rating: RatingSummary) -> impl IntoView {
    let shares = rating.shares();
    view! {
        <table class="breakdown">
            <caption class="visually-hidden">{t().provider_reviews}</caption>
            <tbody>
                {(1..=5usize).rev().map(|stars| {
                    let n = rating.distribution[stars - 1];
                    let share = shares[stars - 1];
                    view! {
                        <tr>
                            <th scope="row">{format!("{stars} {}", t().rating_stars)}</th>
                            <td class="bar-cell">
                                // SVG geometry rather than a `style` attribute, which the CSP forbids.
                                <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                    <rect class="fill" width=share.to_string() height="6"/>
                                </svg>
                            </td>
                            <td class="num">{n}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn ReviewItem(review: ReviewView) -> impl IntoView {
    let edited = (review.updated_at - review.created_at).num_minutes() > 1;
    view! {
        <article class="review">
            <header>
                <StarRow value=review.stars.get() as f64/>
                <h3>{review.title}</h3>
            </header>
            <p class="review-meta">
                <span class="author">{review.author_name}</span>" · "
                <time datetime=review.created_at.to_rfc3339()>{i18n::date(&review.created_at)}</time>
                {edited.then(|| format!(" · {} {}", t().review_edited, i18n::date(&review.updated_at)))}
                " · "
                <span class=format!("provenance provenance-{}", review.provenance.as_str()) title=review.provenance.hint()>
                    {review.provenance.label()}
                </span>
            </p>
            <p class="review-body">{review.body}</p>
            {review.offer.map(|(id, slug, title)| view! {
                <p class="review-offer">{t().review_about_offer}" "<a href=url_key::offer_path(id, &slug)>{title}</a></p>
            })}
        </article>
    }
}
