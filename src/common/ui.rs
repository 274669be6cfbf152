//! Small components shared by several pages.
use leptos::prelude::*;

use super::paging::Paging;
use crate::i18n::t;

/// Previous/next links and "21–40 von 312"; `href(page)` builds each link.
#[component]
pub fn Pagination(paging: Paging, href: impl Fn(u64) -> String + 'static) -> impl IntoView {
    let (first, last) = paging.range();
    let prev = paging.has_prev().then(|| href(paging.page - 1));
    let next = paging.has_next().then(|| href(paging.page + 1));
    view! {
        <nav class="pagination" aria-label=t().pagination_label>
            {prev.map(|h| view! { <a rel="prev" href=h>"← "{t().page_prev}</a> })}
            <span class="range">{format!("{first}–{last} {} {}", t().results_of, paging.total)}</span>
            <span class="page-no">{format!("{} {} / {}", t().page_label, paging.page, paging.pages())}</span>
            {next.map(|h| view! { <a rel="next" href=h>{t().page_next}" →"</a> })}
        </nav>
    }
}

/// A table of records (dashboard, moderation, audit): caption, column
/// headings and the rows given as children.
#[component]
pub fn DataTable(
    caption: &'static str,
    columns: Vec<&'static str>,
    /// A further class for page-specific styling.
    #[prop(optional)]
    class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let class = class.map_or_else(|| "dash-table".to_owned(), |c| format!("dash-table {c}"));
    view! {
        <table class=class>
            <caption>{caption}</caption>
            <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
