//! An Atom feed of the newest offers for any list URL:
//! `/angebote/feed.xml?kategorie=…&bezirk=…&q=…` takes the list's filters.
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::domain::OfferCard;
use super::query::{OfferFilter, OfferQuery, Sort};
use leptos::prelude::provide_context;
use leptos::reactive::{computed::ScopedFuture, owner::Owner};

use crate::common::url_key;
use crate::app::state::AppState;
use crate::i18n::t;

const ENTRIES: u64 = 50;

pub async fn feed(State(st): State<AppState>, headers: HeaderMap, Query(filter): Query<OfferFilter>) -> Response {
    // Texts and category names follow the reader's language, as on the pages.
    let owner = Owner::new();
    let locale = crate::i18n::from_headers(&headers);
    owner.with(|| {
        provide_context(locale);
        ScopedFuture::new(respond(st, filter))
    })
    .await
}

async fn respond(st: AppState, mut filter: OfferFilter) -> Response {
    filter.seite = None;
    let mut q = match OfferQuery::from_filter(&filter, &st.reference.categories, &st.reference.districts) {
        Ok(q) => q,
        Err(e) => return (StatusCode::BAD_REQUEST, e.user_message()).into_response(),
    };
    q.sort = Sort::Newest;
    let page = match super::store::list(&st.catalog, &st.reference, &q, ENTRIES).await {
        Ok(p) => p,
        Err(e) => return (e.status(), e.user_message()).into_response(),
    };
    // The configured address, never the request's Host: a feed reader
    // keeps these links, and a forged Host would make them point elsewhere.
    let body = atom(st.public_url.trim_end_matches('/'), &filter, &page.offers);
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// The feed document; pure, so it is tested without a server.
pub fn atom(base: &str, filter: &OfferFilter, offers: &[OfferCard]) -> String {
    let query = filter.to_query(None);
    let list_url = format!("{base}/angebote{query}");
    let updated = offers.iter().map(|o| o.updated_at).max().unwrap_or_else(chrono::Utc::now);
    let mut xml = String::with_capacity(1024 + offers.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    xml.push_str(crate::i18n::locale().code());
    xml.push_str("\">\n");
    xml.push_str(&format!("<id>{}</id>\n", esc(&list_url)));
    xml.push_str(&format!("<title>{} – {}</title>\n", esc(t().site_name), esc(t().offers_title)));
    xml.push_str(&format!("<updated>{}</updated>\n", updated.to_rfc3339()));
    xml.push_str(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&list_url)));
    xml.push_str(&format!("<link rel=\"self\" href=\"{}\"/>\n", esc(&format!("{base}/angebote/feed.xml{query}"))));
    for o in offers {
        let url = format!("{base}{}", url_key::offer_path(o.id, &o.slug));
        xml.push_str("<entry>\n");
        xml.push_str(&format!("  <id>{}</id>\n  <title>{}</title>\n", esc(&url), esc(&o.title)));
        xml.push_str(&format!("  <updated>{}</updated>\n", o.updated_at.to_rfc3339()));
        xml.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&url)));
        xml.push_str(&format!("  <author><name>{}</name></author>\n", esc(&o.provider.name)));
        xml.push_str(&format!("  <category term=\"{}\"/>\n", esc(&o.category)));
        xml.push_str(&format!("  <summary>{}</summary>\n", esc(&format!("{} · {} · {}", o.price.label(), o.place, o.provider.ownership.label()))));
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_and_links_the_list() {
        let f = OfferFilter { q: Some("<Dach & Fach>".into()), ..Default::default() };
        let xml = atom("http://x", &f, &[]);
        assert!(xml.contains("<id>http://x/angebote?q=%3CDach+%26+Fach%3E</id>"));
        assert!(xml.contains("rel=\"self\" href=\"http://x/angebote/feed.xml?q=%3CDach+%26+Fach%3E\""));
        assert!(!xml.contains("<Dach"));
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
