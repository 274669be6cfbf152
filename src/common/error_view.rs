//! The pages of a failed load: not found, and any other error with its
//! status and a localized message (never internals).
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::site::set_status;
use crate::error::AppError;
use crate::i18n::t;

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text=t().not_found_title/>
        <Meta name="robots" content="noindex"/>
        <section class="wrap narrow message-page">
            <h1>{t().not_found_title}</h1>
            <p>{t().not_found_text}</p>
            <p><a class="button" href="/">{t().not_found_home}</a></p>
        </section>
    }
}

/// A failed page load: the right status, a German message, no internals.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    set_status(error.status());
    view! {
        <Title text=t().error_title/>
        <section class="wrap narrow message-page">
            <h1>{t().error_title}</h1>
            <p class="error-text" role="alert">{error.user_message()}</p>
            <p><a class="button" href="/">{t().not_found_home}</a></p>
        </section>
    }
    .into_any()
}
