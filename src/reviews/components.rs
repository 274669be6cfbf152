//! Stars, rating summaries, the distribution chart and review items.
use leptos::prelude::*;

use super::domain::{RatingSummary, ReviewView, ReviewViewer};
use super::rules::{ReviewQuery, ReviewSort};
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

/// The star distribution as one server-rendered SVG bar chart, with a
/// table of the same numbers as its text equivalent, and the averages.
#[component]
pub fn RatingBreakdown(rating: RatingSummary, #[prop(optional)] prior: Option<f64>) -> impl IntoView {
    let shares = rating.shares();
    let max = rating.distribution.iter().copied().max().unwrap_or(0).max(1);
    const ROW: u64 = 22;
    const BAR_X: u64 = 58;
    const BAR_W: u64 = 200;
    view! {
        <figure class="distribution">
            // Geometry as SVG attributes rather than `style`, which the CSP forbids.
            <svg class="distribution-chart" viewBox=format!("0 0 300 {}", ROW * 5) role="img" aria-labelledby="verteilung-titel" aria-describedby="verteilung-tabelle" focusable="false">
                <title id="verteilung-titel">{t().review_distribution_title}</title>
                {(1..=5u64).rev().enumerate().map(|(row, stars)| {
                    let n = rating.distribution[stars as usize - 1];
                    let y = row as u64 * ROW;
                    let w = n * BAR_W / max;
                    view! {
                        <g aria-hidden="true">
                            <text x="0" y=(y + 15).to_string() class="chart-label">{format!("{stars} ★")}</text>
                            <rect class="track" x=BAR_X.to_string() y=(y + 5).to_string() width=BAR_W.to_string() height="12" rx="6"/>
                            <rect class="fill" x=BAR_X.to_string() y=(y + 5).to_string() width=w.to_string() height="12" rx="6"/>
                            <text x=(BAR_X + BAR_W + 8).to_string() y=(y + 15).to_string() class="chart-num">{n}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <table class="visually-hidden" id="verteilung-tabelle">
                <caption>{t().review_distribution_title}</caption>
                <thead><tr><th scope="col">{t().rating_stars}</th><th scope="col">{t().rating_reviews}</th><th scope="col">"%"</th></tr></thead>
                <tbody>
                    {(1..=5usize).rev().map(|s| view! {
                        <tr><th scope="row">{s}</th><td>{rating.distribution[s - 1]}</td><td>{shares[s - 1]}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <figcaption>
                <dl class="rating-facts">
                    <dt>{t().review_fact_count}</dt><dd>{rating.count}</dd>
                    {rating.average().map(|a| view! { <dt>{t().review_fact_average}</dt><dd>{i18n::rating(a)}</dd> })}
                    {prior.filter(|_| rating.count > 0).map(|p| view! {
                        <dt>{t().review_fact_bayesian}</dt><dd>{i18n::rating(rating.bayesian(p))}" "<a href="/bewertungsrichtlinien#berechnung">{t().review_fact_how}</a></dd>
                    })}
                </dl>
            </figcaption>
        </figure>
    }
}

/// Sorting and star filter as a plain GET form: the state lives in the URL.
#[component]
pub fn ReviewControls(query: ReviewQuery, action: String) -> impl IntoView {
    let stars = query.stars.map(|s| s.get());
    view! {
        <form method="get" action=action class="review-controls">
            <label for="r-sort">{t().review_sort_label}</label>
            <select id="r-sort" name="sortierung">
                {ReviewSort::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=query.sort == s>{s.label()}</option> }).collect_view()}
            </select>
            <label for="r-stars">{t().review_filter_label}</label>
            <select id="r-stars" name="sterne">
                <option value="" selected=stars.is_none()>{t().review_filter_all}</option>
                {(1..=5u8).rev().map(|n| {
                    let label = if n == 1 { t().review_one_star.to_owned() } else { format!("{n} {}", t().rating_stars) };
                    view! { <option value=n.to_string() selected=stars == Some(n)>{label}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="small">{t().review_apply}</button>
        </form>
    }
}

#[component]
pub fn ReviewItem(review: ReviewView, #[prop(optional)] viewer: ReviewViewer, #[prop(optional)] here: String) -> impl IntoView {
    let edited = (review.updated_at - review.created_at).num_minutes() > 1;
    let id = review.id;
    let own = viewer.own_review == Some(id);
    let voted = viewer.voted.contains(&id);
    let helpful = t().review_helpful_count.replace("{n}", &review.helpful.to_string());
    let vote_label = format!("{}: {}", t().review_vote, review.title);
    let report_href = format!("/melden?art=review&id={id}");
    let report_label = format!("{}: {}", t().report_this_review, review.title);
    view! {
        <article class="review" id=format!("bewertung-{id}")>
            <header>
                <StarRow value=review.stars.get() as f64/>
                <h3>{review.title.clone()}</h3>
            </header>
            <p class="review-meta">
                <span class="author">{review.author_name}</span>" · "
                <time datetime=review.created_at.to_rfc3339()>{i18n::date(&review.created_at)}</time>
                {edited.then(|| format!(" · {} {}", t().review_edited, i18n::date(&review.updated_at)))}
                {review.experience_month.map(|m| format!(" · {} {}", t().review_experience, i18n::month(&m)))}
                " · "
                <a class=format!("provenance provenance-{}", review.provenance.as_str()) href="/bewertungsrichtlinien#herkunft" title=review.provenance.hint()>
                    {review.provenance.label()}
                </a>
            </p>
            <p class="review-body">{review.body}</p>
            {review.offer.map(|(id, slug, title)| view! {
                <p class="review-offer">{t().review_about_offer}" "<a href=url_key::offer_path(id, &slug)>{title}</a></p>
            })}
            {review.reply.map(|r| {
                let reply_report = format!("/melden?art=reply&id={}", r.id);
                let changed = (r.updated_at - r.created_at).num_minutes() > 1;
                view! {
                    <div class="review-reply">
                        <p class="review-meta"><strong>{t().review_reply_heading}</strong>" · "
                            <time datetime=r.created_at.to_rfc3339()>{i18n::date(&r.created_at)}</time>
                            {changed.then(|| format!(" · {} {}", t().review_edited, i18n::date(&r.updated_at)))}
                        </p>
                        <p>{r.body}</p>
                        <p class="review-actions"><a class="muted" href=reply_report>{t().report_this_reply}</a></p>
                    </div>
                }
            })}
            <div class="review-actions">
                {(review.helpful > 0).then(|| view! { <span class="muted">{helpful.clone()}</span> })}
                {(viewer.signed_in && !own && !viewer.member).then(|| if voted {
                    view! { <span class="muted">{t().review_voted}</span> }.into_any()
                } else {
                    view! {
                        <form method="post" action=format!("/bewertungen/{id}/hilfreich") class="inline">
                            <input type="hidden" name="zurueck" value=here.clone()/>
                            <button type="submit" class="link-button" aria-label=vote_label>{t().review_vote}</button>
                        </form>
                    }.into_any()
                })}
                {own.then(|| view! { <span class="muted">{t().review_yours}</span> })}
                {viewer.member.then(|| view! { <a href=format!("/bewertungen/{id}/antwort")>{t().review_reply_action}</a> })}
                <a href=report_href aria-label=report_label>{t().report_link}</a>
            </div>
        </article>
    }
}
