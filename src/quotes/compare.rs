//! The quotes of one request side by side, in the comparison page's
//! table: price, what is included, validity, start, the provider's rating,
//! reviews and ownership, and for a mortgage the ESIS figures; the best
//! value of each row marked. Active quotes can be accepted or declined
//! from their column.
use leptos::prelude::*;

use super::domain::{PriceType, QuoteState};
use super::parts::{ownership_text, percent, price_text, quote_badge, rating_text};
use super::request_path;
use super::views::QuoteView;
use crate::common::compare_table::{best, row, text_cells, Better};
use crate::i18n::{self, t};

fn decide(request_id: i32, q: &QuoteView) -> AnyView {
    if !q.state.is_active() {
        return quote_badge(q.state).into_any();
    }
    let base = format!("{}/angebote/{}", request_path(request_id), q.id);
    let accept = t().quote_accept_named.replace("{provider}", &q.provider.name);
    let decline = t().quote_decline_named.replace("{provider}", &q.provider.name);
    view! {
        {quote_badge(q.state)}
        <form method="post" action=format!("{base}/annehmen") class="inline-form">
            <input type="hidden" name="version" value=q.version.to_string()/>
            <button type="submit" class="button small" aria-label=accept>{t().quote_accept}</button>
        </form>
        <form method="post" action=format!("{base}/ablehnen") class="inline-form">
            <input type="hidden" name="version" value=q.version.to_string()/>
            <button type="submit" class="button small secondary" aria-label=decline>{t().quote_decline}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn QuoteTable(quotes: Vec<QuoteView>, request_id: i32, mortgage: bool) -> impl IntoView {
    let dash = || "–".to_owned();
    // Prices compare only among quotes that state one the same way.
    let comparable: Vec<Option<i64>> = quotes.iter().map(|q| matches!(q.price_type, PriceType::Fixed | PriceType::Estimate).then_some(q.price_cents)).collect();
    let ratings: Vec<Option<f64>> = quotes.iter().map(|q| q.provider.rating).collect();
    let reviews: Vec<Option<i64>> = quotes.iter().map(|q| Some(q.provider.reviews)).collect();
    let starts: Vec<Option<chrono::NaiveDate>> = quotes.iter().map(|q| q.earliest_start).collect();
    let mut rows = Vec::new();
    if mortgage {
        let esis = |f: fn(&super::domain::Esis) -> i64| -> Vec<Option<i64>> { quotes.iter().map(|q| q.esis.as_ref().map(f)).collect() };
        let cells = |v: &[Option<i64>], show: fn(i64) -> String| text_cells(v.iter().map(|x| x.map(show).unwrap_or_else(dash)).collect());
        let (rate, effective, monthly, remaining, total) =
            (esis(|e| e.borrowing_rate_bp), esis(|e| e.effective_rate_bp), esis(|e| e.monthly_cents), esis(|e| e.remaining_cents), esis(|e| e.total_cents));
        rows.push(row(t().quote_esis_effective, cells(&effective, percent), best(&effective, Better::Lower)).into_any());
        rows.push(row(t().quote_esis_rate, cells(&rate, percent), best(&rate, Better::Lower)).into_any());
        rows.push(row(t().quote_esis_monthly, cells(&monthly, i18n::euro), Vec::new()).into_any());
        rows.push(row(t().quote_esis_remaining, cells(&remaining, i18n::euro), best(&remaining, Better::Lower)).into_any());
        rows.push(row(t().quote_esis_total, cells(&total, i18n::euro), best(&total, Better::Lower)).into_any());
        let years: Vec<String> = quotes.iter().map(|q| q.esis.map(|e| t().quote_years.replace("{n}", &e.fixed_years.to_string())).unwrap_or_else(dash)).collect();
        rows.push(row(t().quote_esis_years, text_cells(years), Vec::new()).into_any());
    } else {
        rows.push(row(t().quote_price, text_cells(quotes.iter().map(price_text).collect()), best(&comparable, Better::Lower)).into_any());
    }
    rows.push(row(t().quote_included, text_cells(quotes.iter().map(|q| q.included.clone()).collect()), Vec::new()).into_any());
    rows.push(row(t().quote_valid_until, text_cells(quotes.iter().map(|q| i18n::day(&q.valid_until)).collect()), Vec::new()).into_any());
    rows.push(row(t().quote_earliest_start, text_cells(starts.iter().map(|d| d.map(|d| i18n::day(&d)).unwrap_or_else(dash)).collect()), best(&starts, Better::Lower)).into_any());
    rows.push(row(t().compare_rating, text_cells(quotes.iter().map(|q| rating_text(&q.provider)).collect()), best(&ratings, Better::Higher)).into_any());
    rows.push(row(t().rating_reviews, text_cells(reviews.iter().map(|n| n.unwrap_or(0).to_string()).collect()), best(&reviews, Better::Higher)).into_any());
    rows.push(row(t().provider_ownership, text_cells(quotes.iter().map(|q| ownership_text(&q.provider)).collect()), Vec::new()).into_any());
    rows.push(row(t().quote_message_label, text_cells(quotes.iter().map(|q| if q.message.is_empty() { dash() } else { q.message.clone() }).collect()), Vec::new()).into_any());
    if quotes.iter().any(|q| q.pdf.is_some()) {
        let pdfs = quotes.iter().map(|q| match &q.pdf {
            Some(p) => view! { <a href=p.url.clone() download>{p.name.clone()}</a> }.into_any(),
            None => dash().into_any(),
        });
        rows.push(row(t().quote_pdf_row, pdfs.collect(), Vec::new()).into_any());
    }
    let revisions: Vec<String> = quotes
        .iter()
        .map(|q| if q.revision > 1 { t().quote_revision.replace("{n}", &q.revision.to_string()).replace("{date}", &i18n::date(&q.updated_at)) } else { i18n::date(&q.updated_at) })
        .collect();
    rows.push(row(t().quote_updated, text_cells(revisions), Vec::new()).into_any());
    rows.push(row(t().quote_decision, quotes.iter().map(|q| decide(request_id, q)).collect(), Vec::new()).into_any());
    let accepted = quotes.iter().any(|q| q.state == QuoteState::Accepted);
    view! {
        {accepted.then(|| view! { <p class="form-note">{t().quote_accepted_note}</p> })}
        <div class="table-scroll">
            <table class="compare quote-compare">
                <caption class="visually-hidden">{t().quote_compare_caption}</caption>
                <thead>
                    <tr>
                        <td></td>
                        {quotes.iter().map(|q| view! {
                            <th scope="col">
                                <a href=q.provider.path.clone()>{q.provider.name.clone()}</a>
                                // A new address, so a quote that arrived live gets its thread.
                                <span class="provider"><a href=format!("{}?faden={}#angebot-{}", request_path(request_id), q.id, q.id)>{t().quote_to_thread}</a></span>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
