//! The two pages. What the privacy page says must stay true of the app:
//! changing a cookie, a log line or a request to a third party means
//! changing its text in `locales/*.toml` in the same commit.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;

/// Fictitious: `.invalid` can never be a real address (RFC 2606).
pub const DEMO_EMAIL: &str = "kontakt@smart-city-duisburg.invalid";

/// The supervisory authority for a Duisburg operator.
const LDI_NRW_URL: &str = "https://www.ldi.nrw.de";

#[component]
pub fn ImprintPage() -> impl IntoView {
    view! {
        <Title text=t().imprint_title/>
        <article class="wrap narrow legal">
            <h1>{t().imprint_title}</h1>
            <p class="demo-note" role="note">{t().imprint_demo_note}</p>
            <h2>{t().imprint_operator_heading}</h2>
            <address>
                {t().imprint_operator_name}<br/>
                {t().imprint_operator_street}<br/>
                {t().imprint_operator_city}
            </address>
            <h2>{t().imprint_contact_heading}</h2>
            <p>{t().imprint_email_label}": "<a href=format!("mailto:{DEMO_EMAIL}")>{DEMO_EMAIL}</a></p>
            <h2>{t().imprint_responsible_heading}</h2>
            <p>{t().imprint_responsible_text}</p>
            <h2>{t().imprint_content_heading}</h2>
            <p>{t().imprint_content_text}</p>
        </article>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let sections = [
        (t().privacy_controller_heading, t().privacy_controller_text),
        (t().privacy_third_party_heading, t().privacy_third_party_text),
        (t().privacy_cookie_heading, t().privacy_cookie_text),
        (t().privacy_favourites_heading, t().privacy_favourites_text),
        (t().privacy_accounts_heading, t().privacy_accounts_text),
        (t().privacy_logs_heading, t().privacy_logs_text),
        (t().privacy_content_heading, t().privacy_content_text),
        (t().rec_privacy_heading, t().rec_privacy_text),
        (t().privacy_contact_heading, t().privacy_contact_text),
    ];
    view! {
        <Title text=t().privacy_title/>
        <article class="wrap narrow legal">
            <h1>{t().privacy_title}</h1>
            <p class="lead">{t().privacy_intro}</p>
            {sections.into_iter().map(|(heading, text)| view! {
                <section>
                    <h2>{heading}</h2>
                    <p>{text}</p>
                </section>
            }).collect_view()}
            <section>
                <h2>{t().privacy_rights_heading}</h2>
                <p>{t().privacy_rights_text}</p>
                <p>{t().privacy_complaint_text}" "<a href=LDI_NRW_URL>"www.ldi.nrw.de"</a></p>
            </section>
        </article>
    }
}
