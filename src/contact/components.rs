//! The contact form on offer pages and the provider's inbox.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::domain::{ContactError, Inbox, InboxItem, MESSAGE_MAX, MESSAGE_MIN, NAME_MAX, PHONE_MAX};
use crate::accounts::components::CurrentAccount;
use crate::common::error_view::ErrorView;
use crate::common::url_key;
use crate::common::form::need_sign_in;
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::common::form::{described, error_view, query};

/// The app state, once the visitor may read `provider_id`'s inbox.
#[cfg(feature = "ssr")]
async fn inbox_reader(provider_id: i32) -> Result<crate::app::state::AppState, AppError> {
    let st = crate::app::state::app_state()?;
    let actor = crate::accounts::api::current().await?;
    crate::members::store::check_for(&st.db, actor.as_ref(), provider_id, crate::accounts::authz::Action::ReadInbox).await?;
    Ok(st)
}

/// A provider's contact requests, newest first (its members and admins).
#[server(prefix = "/api", endpoint = "contact_inbox")]
pub async fn contact_inbox(provider_id: i32) -> Result<Inbox, AppError> {
    use crate::db::entities::provider;
    use sea_orm::EntityTrait;
    async move {
        let st = inbox_reader(provider_id).await?;
        let p = provider::Entity::find_by_id(provider_id).one(&st.db).await?.ok_or(AppError::NotFound)?;
        let messages = super::store::inbox(&st.db, provider_id).await?;
        Ok(Inbox { provider_id, provider_name: p.name, messages })
    }
    .await
    .map_err(AppError::with_status)
}

/// How many of the provider's requests nobody has marked read yet.
#[server(prefix = "/api", endpoint = "contact_unread")]
pub async fn contact_unread(provider_id: i32) -> Result<u64, AppError> {
    async move {
        let st = inbox_reader(provider_id).await?;
        Ok(super::store::unread(&st.db, provider_id).await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// The dashboard's link to the inbox, with the number of unread requests.
#[component]
pub fn InboxLink(pid: i32) -> impl IntoView {
    let unread = Resource::new(move || pid, contact_unread);
    view! {
        <Suspense fallback=move || view! { <a href=super::inbox_path(pid)>{t().inbox_title}</a> }>
            {move || Suspend::new(async move {
                let label = match unread.await {
                    Ok(n) if n > 0 => t().inbox_link_unread.replace("{n}", &n.to_string()),
                    _ => t().inbox_title.to_owned(),
                };
                view! { <a href=super::inbox_path(pid)>{label}</a> }
            })}
        </Suspense>
    }
}

fn error() -> Option<ContactError> {
    ContactError::from_code(&query("fehler"))
}

fn field_error(field: &str) -> Option<(String, String)> {
    error().filter(|e| e.field() == Some(field)).map(|e| (format!("f-contact-{field}-fehler"), e.message()))
}

/// "Anbieter kontaktieren" on an offer page; a plain form post.
#[component]
pub fn ContactBox(offer_id: i32) -> impl IntoView {
    let account = expect_context::<CurrentAccount>().0;
    view! {
        <section class="card contact-box" id="kontakt" aria-labelledby="kontakt-titel">
            <h2 id="kontakt-titel">{t().contact_heading}</h2>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let me = account.await.ok().flatten();
                    let (name, email) = me.map(|a| (a.display_name, a.email)).unwrap_or_default();
                    view! { <ContactFields offer_id name email/> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ContactFields(offer_id: i32, name: String, email: String) -> impl IntoView {
    if query("hinweis") == "kontakt_gesendet" {
        return view! { <p class="form-note" role="status">{t().contact_sent}</p> }.into_any();
    }
    let typed = |k: &str, default: String| if error().is_some() { query(k) } else { default };
    let (e_name, e_email, e_phone, e_msg, e_consent) =
        (field_error("name"), field_error("email"), field_error("phone"), field_error("message"), field_error("consent"));
    let general = error().filter(|e| e.field().is_none()).map(|e| e.message());
    let hint = t().contact_message_hint.replace("{min}", &MESSAGE_MIN.to_string()).replace("{n}", &MESSAGE_MAX.to_string());
    view! {
        <p>{t().contact_intro}</p>
        {general.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <p class="hint">{t().contact_required_note}</p>
        <form method="post" action=format!("/angebote/{offer_id}/kontakt") class="account-form contact-form">
            <div class="form-field">
                <label for="f-contact-name">{t().contact_name_label}" *"</label>
                <input id="f-contact-name" name="name" type="text" autocomplete="name" required value=typed("name", name) maxlength=NAME_MAX.to_string()
                    aria-invalid=e_name.is_some().then_some("true") aria-describedby=described(None, &e_name)/>
                {error_view(e_name.clone())}
            </div>
            <div class="form-field">
                <label for="f-contact-email">{t().contact_email_label}" *"</label>
                <input id="f-contact-email" name="email" type="email" autocomplete="email" required value=typed("email", email)
                    aria-invalid=e_email.is_some().then_some("true") aria-describedby=described(None, &e_email)/>
                {error_view(e_email.clone())}
            </div>
            <div class="form-field">
                <label for="f-contact-phone">{t().contact_phone_label}</label>
                <input id="f-contact-phone" name="phone" type="tel" autocomplete="tel" value=query("phone") maxlength=PHONE_MAX.to_string()
                    aria-invalid=e_phone.is_some().then_some("true") aria-describedby=described(None, &e_phone)/>
                {error_view(e_phone.clone())}
            </div>
            <div class="form-field">
                <label for="f-contact-message">{t().contact_message_label}" *"</label>
                <p class="hint" id="f-contact-message-hinweis">{hint}</p>
                <textarea id="f-contact-message" name="message" rows="6" required minlength=MESSAGE_MIN.to_string() maxlength=MESSAGE_MAX.to_string()
                    aria-invalid=e_msg.is_some().then_some("true") aria-describedby=described(Some("f-contact-message-hinweis"), &e_msg)>{query("message")}</textarea>
                {error_view(e_msg.clone())}
            </div>
            <div class="form-field">
                <span class="checkbox">
                    <input id="f-contact-consent" name="consent" type="checkbox" value="1" required checked=query("consent") == "1"
                        aria-invalid=e_consent.is_some().then_some("true") aria-describedby=described(None, &e_consent)/>
                    <label for="f-contact-consent">{t().contact_consent_label}" *"</label>
                </span>
                <p class="hint"><a href="/datenschutz">{t().contact_consent_privacy}</a></p>
                {error_view(e_consent.clone())}
            </div>
            <button type="submit" class="button">{t().contact_send}</button>
        </form>
    }
    .into_any()
}

/// `/dashboard/:pid/anfragen`
#[component]
pub fn InboxPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.read().get("pid").and_then(|p| p.parse::<i32>().ok());
    let data = Resource::new(pid, |pid| async move {
        match pid {
            Some(id) => contact_inbox(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t().inbox_title/>
        <Meta name="robots" content="noindex"/>
        <div class="wrap">
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    let here = super::inbox_path(pid().unwrap_or_default());
                    match data.await {
                        Err(e) if need_sign_in(&e, &here) => view! { <p>{t().error_unauthenticated}</p> }.into_any(),
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(d) => {
                            let unread = d.messages.iter().filter(|m| !m.read).count();
                            let pid = d.provider_id;
                            view! {
                                <h1>{format!("{} – {}", t().inbox_title, d.provider_name)}</h1>
                                <p>{t().inbox_unread_count.replace("{n}", &unread.to_string())}</p>
                                <p><a href=format!("/dashboard/{pid}")>{t().dash_title}</a></p>
                                {if d.messages.is_empty() {
                                    view! { <p class="muted">{t().inbox_none}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="inbox-list">
                                            {d.messages.into_iter().map(|m| view! { <InboxEntry pid m/> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn InboxEntry(pid: i32, m: InboxItem) -> impl IntoView {
    let id = m.id;
    view! {
        <li class="card inbox-item" class:unread=!m.read id=format!("anfrage-{id}") data-read=if m.read { "true" } else { "false" }>
            {(!m.read).then(|| view! { <p class="badge unread-badge">{t().inbox_unread}</p> })}
            <p>
                {t().inbox_from}" "<strong>{m.sender_name}</strong>" · "
                <a href=format!("mailto:{}", m.sender_email)>{m.sender_email.clone()}</a>
                {m.sender_phone.map(|p| view! { " · "<a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a> })}
                " · "<time datetime=m.created_at.to_rfc3339()>{i18n::date(&m.created_at)}</time>
            </p>
            <p>
                {t().inbox_offer}" "
                {match m.offer {
                    Some((oid, title, slug)) => view! { <a href=url_key::offer_path(oid, &slug)>{title}</a> }.into_any(),
                    None => view! { <span class="muted">{t().inbox_offer_gone}</span> }.into_any(),
                }}
            </p>
            <div class="inbox-body">{m.body.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}</div>
            {(!m.read).then(|| view! {
                <form method="post" action=format!("/dashboard/{pid}/anfragen/{id}/gelesen")>
                    <button type="submit" class="button secondary">{t().inbox_mark_read}</button>
                </form>
            })}
        </li>
    }
}
