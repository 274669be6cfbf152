//! Sign-up, sign-in, password reset and the account page, and the header's
//! account links. The forms are plain HTML posts (see `routes`); the browser
//! checks lengths and formats for speed, the server decides.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::current_account;
use super::domain::{Account, FormError, NAME_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use crate::common::site::redirect_temporarily;
use crate::common::url_key::encode;
use crate::error::AppError;
use crate::i18n::t;

#[derive(Clone, Copy)]
pub struct CurrentAccount(pub OnceResource<Result<Option<Account>, AppError>>);

pub fn provide_account() {
    provide_context(CurrentAccount(OnceResource::new(current_account())));
}

fn use_account() -> OnceResource<Result<Option<Account>, AppError>> {
    expect_context::<CurrentAccount>().0
}

/// The header's links: sign in and up, or the account and sign out.
#[component]
pub fn AccountLinks() -> impl IntoView {
    let account = use_account();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match account.await.ok().flatten() {
                    Some(a) => view! {
                        {a.role.can_moderate().then(|| view! { <a class="account-link" href="/moderation">{t().moderation_title}</a> })}
                        {(a.role == super::domain::Role::Admin).then(|| view! {
                            <a class="account-link" href="/admin/protokoll">{t().audit_title}</a>
                            <a class="account-link" href="/admin/suche">{t().search_admin_title}</a>
                            <a class="account-link" href="/admin/personen">{t().people_title}</a>
                        })}
                        <a class="account-link" href="/dashboard">{t().dash_title}</a>
                        <a class="account-link" href="/konto">{a.display_name}</a>
                        <form method="post" action="/abmelden" class="inline">
                            <button type="submit" class="link-button">{t().logout}</button>
                        </form>
                    }
                    .into_any(),
                    None => view! {
                        <a class="account-link" href="/anmelden">{t().login_title}</a>
                        <a class="account-link" href="/registrieren">{t().signup_link}</a>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

fn query(name: &'static str) -> String {
    crate::common::flash::kept(name).or_else(|| use_query_map().read_untracked().get(name)).unwrap_or_default()
}

fn form_error() -> Option<FormError> {
    FormError::from_code(&query("fehler"))
}

/// One labelled input with its error message, tied together for screen readers.
#[component]
fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] value: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] minlength: Option<usize>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let error = form_error().filter(|e| e.field() == Some(name)).map(|e| e.message());
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hinweis");
    let err_id = format!("{id}-fehler");
    let described = [hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| err_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input id=id name=name type=kind autocomplete=autocomplete value=value required
                minlength=minlength.map(|n| n.to_string()) maxlength=maxlength.map(|n| n.to_string())
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=(!described.is_empty()).then_some(described)/>
            {error.map(|e| view! { <p class="field-error" id=err_id>{e}</p> })}
        </div>
    }
}

/// Errors that belong to the whole form, and the notes after a redirect.
#[component]
fn FormNotes() -> impl IntoView {
    // The page after the redirect is a normal page (200): the refused post
    // was answered with the redirect itself.
    let error = form_error().filter(|e| e.field().is_none()).map(|e| e.message());
    let note = match query("hinweis").as_str() {
        "registriert" => Some(t().account_note_signed_up),
        "reset_gesendet" => Some(t().account_note_reset_sent),
        "passwort_neu" => Some(t().account_note_password_changed),
        "bestaetigt" => Some(t().account_note_verified),
        _ => None,
    };
    view! {
        {error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {note.map(|n| view! { <p class="form-note" role="status">{n}</p> })}
    }
}

fn password_hint() -> String {
    t().account_password_hint.replace("{n}", &PASSWORD_MIN_CHARS.to_string())
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <Title text=t().signup_title/>
        <div class="wrap narrow">
            <h1>{t().signup_title}</h1>
            <p>{t().signup_intro}</p>
            <FormNotes/>
            <form method="post" action="/registrieren" class="account-form">
                <Field name="name" label=t().account_name autocomplete="name" value=query("name") maxlength=NAME_MAX_CHARS hint=t().account_name_hint.to_owned()/>
                <Field name="email" label=t().account_email kind="email" autocomplete="email" value=query("email") maxlength=254/>
                <Field name="password" label=t().account_password kind="password" autocomplete="new-password" hint=password_hint() minlength=PASSWORD_MIN_CHARS maxlength=PASSWORD_MAX_CHARS/>
                <Field name="password_repeat" label=t().account_password_repeat kind="password" autocomplete="new-password" minlength=PASSWORD_MIN_CHARS maxlength=PASSWORD_MAX_CHARS/>
                <button type="submit" class="button">{t().signup_submit}</button>
            </form>
            <p>{t().signup_have_account}" "<a href="/anmelden">{t().login_title}</a></p>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let back = query("zurueck");
    view! {
        <Title text=t().login_title/>
        <div class="wrap narrow">
            <h1>{t().login_title}</h1>
            <FormNotes/>
            <form method="post" action="/anmelden" class="account-form">
                <input type="hidden" name="zurueck" value=back/>
                <Field name="email" label=t().account_email kind="email" autocomplete="username" value=query("email") maxlength=254/>
                <Field name="password" label=t().account_password kind="password" autocomplete="current-password" maxlength=PASSWORD_MAX_CHARS/>
                <button type="submit" class="button">{t().login_submit}</button>
            </form>
            <p><a href="/passwort-vergessen">{t().forgot_link}</a></p>
            <p>{t().login_no_account}" "<a href="/registrieren">{t().signup_link}</a></p>
        </div>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    view! {
        <Title text=t().forgot_title/>
        <div class="wrap narrow">
            <h1>{t().forgot_title}</h1>
            <p>{t().forgot_intro}</p>
            <FormNotes/>
            <form method="post" action="/passwort-vergessen" class="account-form">
                <Field name="email" label=t().account_email kind="email" autocomplete="email" value=query("email") maxlength=254/>
                <button type="submit" class="button">{t().forgot_submit}</button>
            </form>
        </div>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    view! {
        <Title text=t().reset_title/>
        <div class="wrap narrow">
            <h1>{t().reset_title}</h1>
            <FormNotes/>
            <form method="post" action="/passwort-neu" class="account-form">
                <input type="hidden" name="token" value=query("token")/>
                <Field name="password" label=t().account_password_new kind="password" autocomplete="new-password" hint=password_hint() minlength=PASSWORD_MIN_CHARS maxlength=PASSWORD_MAX_CHARS/>
                <Field name="password_repeat" label=t().account_password_repeat kind="password" autocomplete="new-password" minlength=PASSWORD_MIN_CHARS maxlength=PASSWORD_MAX_CHARS/>
                <button type="submit" class="button">{t().reset_submit}</button>
            </form>
        </div>
    }
}

/// The signed-in person's account; anyone else is sent to sign in first.
#[component]
pub fn AccountPage() -> impl IntoView {
    let account = use_account();
    view! {
        <Title text=t().account_title/>
        <div class="wrap narrow">
            <h1>{t().account_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(a)) => view! { <AccountDetails account=a/> }.into_any(),
                        Ok(None) => {
                            send_to_login("/konto");
                            view! { <p><a href="/anmelden?zurueck=%2Fkonto">{t().login_title}</a></p> }.into_any()
                        }
                        Err(e) => view! { <p class="form-error" role="alert">{e.user_message()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn AccountDetails(account: Account) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>{t().account_name}</dt><dd>{account.display_name.clone()}</dd>
            <dt>{t().account_email}</dt>
            <dd>
                {account.email.clone()}" "
                {if account.email_verified {
                    view! { <span class="badge ok">{t().account_verified}</span> }.into_any()
                } else {
                    view! { <span class="badge warn">{t().account_unverified}</span> }.into_any()
                }}
            </dd>
            <dt>{t().account_role}</dt><dd>{account.role.label()}</dd>
        </dl>
        {(!account.email_verified).then(|| view! { <p class="form-note">{t().account_unverified_hint}</p> })}
        <p><a href="/suchauftraege">{t().alerts_title}</a>" · "<a href="/anfragen">{t().quote_my_title}</a>" · "<a href="/benachrichtigungen">{t().notify_title}</a></p>
        <form method="post" action="/abmelden">
            <button type="submit" class="button secondary">{t().logout}</button>
        </form>
        <section aria-labelledby="meine-daten">
            <h2 id="meine-daten">{t().gdpr_title}</h2>
            <p>{t().gdpr_export_text}</p>
            <p><a class="button" href="/konto/daten.json" download rel="external">{t().gdpr_export}</a></p>
            <h3>{t().gdpr_delete_title}</h3>
            <p>{t().gdpr_delete_text}</p>
            <p>{t().rec_delete_text}</p>
            <FormNotes/>
            <form method="post" action="/konto/loeschen" class="account-form">
                <Field name="password" label=t().gdpr_delete_password kind="password" autocomplete="current-password" maxlength=PASSWORD_MAX_CHARS/>
                <button type="submit" class="button danger">{t().gdpr_delete_submit}</button>
            </form>
        </section>
    }
}

/// A page for signed-in people only: 303 to the sign-in page, which comes
/// back here afterwards.
fn send_to_login(here: &str) {
    redirect_temporarily(&format!("/anmelden?zurueck={}", encode(here)));
}
