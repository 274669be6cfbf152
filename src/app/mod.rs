//! The composition of the site: the HTML shell, the layout every page
//! shares and the routes; on the server also the shared state (`state`),
//! the axum router around the pages and routes (`router`), the rendered
//! page cache (`page_cache`) and `/metrics` (`metrics`).
//!
//! Islands architecture: pages render on the server only; the browser
//! hydrates just the `#[island]` components (search as you type, live
//! updates, "Merken", the gallery, calculators and the dashboard's forms),
//! so the wasm bundle holds their code and nothing else.
mod layout;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod page_cache;
#[cfg(feature = "ssr")]
pub mod router;
#[cfg(feature = "ssr")]
pub mod state;

#[cfg(feature = "ssr")]
pub use state::{app_state, AppState};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::accounts::components::{AccountPage, ForgotPage, LoginPage, ResetPage, SignUpPage};
use crate::compare::ComparePage;
use crate::dashboard::components::{CreateProviderPage, DashboardHome, ProviderDashboard};
use crate::dashboard::editor::OfferEditorPage;
use crate::home::HomePage;
use crate::moderation::{AuditLogPage, ModerationPage};
use crate::legal::{ImprintPage, PrivacyPage};
use crate::offers::components::OfferListPage;
use crate::offers::offer_page::OfferPage;
use crate::providers::components::ProviderPage;
use crate::search::transparency::TransparencyPage;
use crate::services::components::{ServiceEditPage, ServicePage, ServicesPage};
use crate::common::error_view::NotFound;
use crate::i18n::t;
use layout::{DemoBanner, Footer, Header};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=crate::i18n::locale().code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // The island script loads the code when the browser is idle, but
                // leptos also emits preload hints for it in the head, which start
                // the ~200 KB download before the first paint and put it on the
                // path to the largest paint (Lighthouse: 2.0 s instead of 0.9 s
                // on a phone). A media query that never matches turns the hints
                // off (browsers ignore `media` on the script itself).
                <HydrationScripts options=options.clone() islands=true attr:media="not all"/>
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
                <crate::dashboard::import_progress::NoScriptRefresh/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::accounts::components::provide_account();
    crate::common::site::provide_site_info();
    // Pages wait for their data before the first byte (SsrMode::Async): the
    // HTML is complete without JavaScript and carries the right status code.
    view! {
        <Title formatter=|title: String| if title.is_empty() { t().site_name.to_owned() } else { format!("{title} – {}", t().site_name) }/>
        <Router>
            <a class="skip-link" href="#inhalt">{t().skip_to_content}</a>
            <DemoBanner/>
            <Header/>
            <main id="inhalt" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/angebote") view=OfferListPage ssr=SsrMode::Async/>
                    <Route path=path!("/angebote/:key") view=OfferPage ssr=SsrMode::Async/>
                    <Route path=path!("/anbieter/:key") view=ProviderPage ssr=SsrMode::Async/>
                    <Route path=path!("/transparenz") view=TransparencyPage/>
                    <Route path=path!("/vergleich") view=ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/registrieren") view=SignUpPage/>
                    <Route path=path!("/anmelden") view=LoginPage/>
                    <Route path=path!("/passwort-vergessen") view=ForgotPage/>
                    <Route path=path!("/passwort-neu") view=ResetPage/>
                    <Route path=path!("/konto") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard") view=DashboardHome ssr=SsrMode::Async/>
                    <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/protokoll") view=AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/personen") view=crate::accounts::people::PeoplePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/suche") view=crate::search::admin::SearchAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/anbieter-werden") view=CreateProviderPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid") view=ProviderDashboard ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/profil") view=crate::dashboard::profile::ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/neues-angebot") view=OfferEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/angebote/:oid") view=OfferEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/verwaltung") view=ServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("/verwaltung/:slug") view=ServicePage ssr=SsrMode::Async/>
                    <Route path=path!("/verwaltung/:slug/bearbeiten") view=ServiceEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/einladung") view=crate::members::components::InvitationPage ssr=SsrMode::Async/>
                    <Route path=path!("/impressum") view=ImprintPage/>
                    <Route path=path!("/datenschutz") view=PrivacyPage/>
                    <Route path=path!("/empfehlungen") view=crate::recommendations::components::RecommendationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/empfehlen") view=crate::recommendations::components::RecommendPage ssr=SsrMode::Async/>
                    <Route path=path!("/empfehlungen/firma/:id/beanspruchen") view=crate::recommendations::components::ClaimPage ssr=SsrMode::Async/>
                    <Route path=path!("/anbieter/:pid/bewerten") view=crate::reviews::pages::ReviewFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/bewertungen/:rid/antwort") view=crate::reviews::pages::ReplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/kundencodes") view=crate::reviews::pages::CustomerCodesPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/bewertungen") view=crate::reviews::pages::ProviderReviewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/bewertungsrichtlinien") view=crate::reviews::pages::GuidelinesPage/>
                    <Route path=path!("/melden") view=crate::reports::components::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/moderation/meldungen") view=crate::reports::components::ReportQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/benachrichtigungen") view=crate::notifications::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/suchauftraege") view=crate::alerts::pages::MySearchesPage ssr=SsrMode::Async/>
                    <Route path=path!("/suchauftraege/neu") view=crate::alerts::pages::NewSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/suchauftraege/:id") view=crate::alerts::pages::SearchHitsPage ssr=SsrMode::Async/>
                    <Route path=path!("/suchauftrag/bestaetigen") view=crate::alerts::pages::ConfirmPage/>
                    <Route path=path!("/suchauftrag/abbestellen") view=crate::alerts::pages::UnsubscribePage/>
                    <Route path=path!("/admin/post") view=crate::outbox_admin::OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/openimmo") view=crate::dashboard::openimmo::OpenImmoPage ssr=SsrMode::Async/>
                    <Route path=path!("/projekte/:key") view=crate::projects::components::ProjectPageView ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/projekte") view=crate::projects::components::DashboardProjectsPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/anfragen") view=crate::contact::components::InboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/anfragen") view=crate::quotes::pages::MyRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/anfragen/neu") view=crate::quotes::pages::NewRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/anfragen/:id") view=crate::quotes::pages::RequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/angebotsanfragen") view=crate::quotes::board::BoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/dashboard/:pid/angebotsanfragen/:id") view=crate::quotes::board::BoardRequestPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
