//! Header, footer, demo banner and the error and not-found views.
use leptos::prelude::*;

use crate::common::site::use_site;
use crate::accounts::components::AccountLinks;
use crate::favourites::FavouritesCount;
use crate::notifications::NotificationBadge;
use leptos_router::hooks::use_location;

use crate::common::url_key::encode;
use crate::i18n::{locale, t};

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"DU"</span>
                    <span class="brand-text">{t().site_name}</span>
                </a>
                <nav aria-label=t().nav_main_label>
                    <ul class="nav">
                        <li><a href="/angebote">{t().nav_offers}</a></li>
                        <li><a href="/verwaltung">{t().nav_services}</a></li>
                        <li><a href="/transparenz">{t().nav_transparency}</a></li>
                    </ul>
                </nav>
                <FavouritesCount/>
                <NotificationBadge/>
                <AccountLinks/>
                <LanguageSwitch/>
            </div>
        </header>
    }
}

/// A link through the server, which keeps the choice in a cookie and sends
/// the resident back to this page (`rel="external"`: a full load, so the
/// whole page is rendered anew in the other language).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let location = use_location();
    let other = locale().other();
    let href = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let search = if search.is_empty() { String::new() } else { format!("?{search}") };
        format!("/sprache/{}?zurueck={}", other.code(), encode(&format!("{}{search}", location.pathname.get())))
    };
    view! {
        <a class="lang-switch" href=href rel="external" hreflang=other.code() lang=other.code() aria-label=t().lang_switch_label>
            {t().lang_switch}
        </a>
    }
}

#[component]
pub fn DemoBanner() -> impl IntoView {
    let site = use_site();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let demo = site.await.map(|s| s.demo).unwrap_or(false);
                demo.then(|| view! { <p class="demo-banner" role="note">{t().demo_banner}</p> })
            })}
        </Suspense>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p>{t().footer_about}</p>
                <p class="muted">{t().footer_neutral}</p>
                <nav aria-label=t().footer_legal_label>
                    <ul class="footer-links">
                        <li><a href="/impressum">{t().footer_imprint}</a></li>
                        <li><a href="/datenschutz">{t().footer_privacy}</a></li>
                        <li><a href="/bewertungsrichtlinien">{t().footer_review_guidelines}</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
