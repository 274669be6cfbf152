//! The members section of the provider dashboard (owners only) and the
//! page an invitation link opens. Plain forms: they work without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{invitation, provider_members};
use super::domain::{role_label, InvitationView, MemberError, MemberView};
use crate::accounts::authz::MemberRole;
use crate::common::url_key;
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::common::ui::DataTable;

const ROLES: [MemberRole; 2] = [MemberRole::Member, MemberRole::Owner];

fn query(name: &'static str) -> Option<String> {
    crate::common::flash::kept(name).or_else(|| use_query_map().read_untracked().get(name))
}

/// Shown to owners; for everyone else it renders nothing.
#[component]
pub fn MembersSection(provider_id: i32) -> impl IntoView {
    let data = Resource::new(move || provider_id, provider_members);
    let error = query("mitglieder_fehler").and_then(|c| MemberError::parse_code(&c));
    let note = query("mitglieder");
    let email_typed = query("email").unwrap_or_default();
    view! {
        <Suspense>
            {move || {
                let email_typed = email_typed.clone();
                let note = note.clone();
                Suspend::new(async move {
                    let Ok(Some(d)) = data.await else { return ().into_any() };
                    let invite_error = error.filter(|e| matches!(e, MemberError::Email | MemberError::AlreadyMember | MemberError::Role | MemberError::RateLimited));
                    let other_error = error.filter(|e| invite_error != Some(*e));
                    view! {
                        <section class="members" id="mitglieder" aria-labelledby="mitglieder-h">
                            <h2 id="mitglieder-h">{t().member_section}</h2>
                            {note.map(|n| view! { <p class="form-ok" role="status">{if n == "eingeladen" { t().member_invited } else { t().member_saved }}</p> })}
                            {other_error.map(|e| view! { <p class="form-error" role="alert">{e.message()}</p> })}
                            <DataTable caption=t().member_list columns=vec![t().member_name, t().provider_email, t().member_role, t().dash_actions] class="member-table">{d.members.into_iter().map(|m| view! { <MemberRow provider_id member=m/> }).collect_view()}</DataTable>
                            {(!d.invitations.is_empty()).then(|| view! {
                                <DataTable caption=t().member_pending columns=vec![t().provider_email, t().member_role, t().member_expires, t().dash_actions] class="member-table">{d.invitations.into_iter().map(|i| view! { <InvitationRow provider_id invitation=i/> }).collect_view()}</DataTable>
                            })}
                            <form class="account-form" method="post" action="/mitglieder/einladen">
                                <h3>{t().member_invite}</h3>
                                <input type="hidden" name="anbieter" value=provider_id.to_string()/>
                                <div class="form-field">
                                    <label for="einladen-email">{t().member_invite_email}</label>
                                    <input id="einladen-email" type="email" name="email" required autocomplete="off" value=email_typed
                                        aria-invalid=invite_error.map(|_| "true") aria-describedby="einladen-email-fehler"/>
                                    {invite_error.map(|e| view! { <p class="field-error" id="einladen-email-fehler" role="alert">{e.message()}</p> })}
                                </div>
                                <div class="form-field">
                                    <label for="einladen-rolle">{t().member_role}</label>
                                    <select id="einladen-rolle" name="rolle">
                                        {ROLES.into_iter().map(|r| view! { <option value=r.as_str()>{role_label(r)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button primary">{t().member_invite_submit}</button>
                            </form>
                        </section>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}

#[component]
fn MemberRow(provider_id: i32, member: MemberView) -> impl IntoView {
    let uid = member.user_id.to_string();
    let select_id = format!("rolle-{}", member.user_id);
    let current = member.role;
    view! {
        <tr>
            <td>{member.name.clone()}</td>
            <td>{member.email.clone()}</td>
            <td>{role_label(member.role)}</td>
            <td class="actions">
                <form method="post" action="/mitglieder/aendern">
                    <input type="hidden" name="anbieter" value=provider_id.to_string()/>
                    <input type="hidden" name="nutzer" value=uid.clone()/>
                    <input type="hidden" name="aktion" value="rolle"/>
                    <label class="visually-hidden" for=select_id.clone()>{format!("{}: {}", t().member_role, member.name)}</label>
                    <select id=select_id name="rolle">
                        {ROLES.into_iter().map(|r| view! { <option value=r.as_str() selected=r == current>{role_label(r)}</option> }).collect_view()}
                    </select>
                    " "
                    <button type="submit" class="small" aria-label=format!("{}: {}", t().member_change_role, member.name)>{t().member_change_role}</button>
                </form>
                " "
                <form method="post" action="/mitglieder/aendern">
                    <input type="hidden" name="anbieter" value=provider_id.to_string()/>
                    <input type="hidden" name="nutzer" value=uid/>
                    <input type="hidden" name="aktion" value="entfernen"/>
                    <button type="submit" class="small danger" aria-label=format!("{}: {}", t().member_remove, member.name)>{t().member_remove}</button>
                </form>
            </td>
        </tr>
    }
}

#[component]
fn InvitationRow(provider_id: i32, invitation: InvitationView) -> impl IntoView {
    view! {
        <tr>
            <td>{invitation.email.clone()}</td>
            <td>{role_label(invitation.role)}</td>
            <td><time datetime=invitation.expires_at.to_rfc3339()>{i18n::date(&invitation.expires_at)}</time></td>
            <td class="actions">
                <form method="post" action="/mitglieder/aendern">
                    <input type="hidden" name="anbieter" value=provider_id.to_string()/>
                    <input type="hidden" name="einladung" value=invitation.id.to_string()/>
                    <input type="hidden" name="aktion" value="zurueckziehen"/>
                    <button type="submit" class="small danger" aria-label=format!("{}: {}", t().member_revoke, invitation.email)>{t().member_revoke}</button>
                </form>
            </td>
        </tr>
    }
}

/// `/einladung?token=…`: what the link offers, and accepting it.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let q = use_query_map();
    let token = move || q.read().get("token").unwrap_or_default();
    let error = q.read_untracked().get("fehler").and_then(|c| MemberError::parse_code(&c));
    let info = Resource::new(token, invitation);
    view! {
        <Title text=t().member_invitation_title/>
        <div class="wrap narrow">
            <h1>{t().member_invitation_title}</h1>
            {error.map(|e| view! { <p class="form-error" role="alert">{e.message()}</p> })}
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Err(AppError::NotFound) => view! { <p>{t().member_error_token}</p> }.into_any(),
                        Err(e) => view! { <p class="form-error">{e.user_message()}</p> }.into_any(),
                        Ok(i) => {
                            let here = format!("/einladung?token={}", url_key::encode(&token()));
                            let text = t().member_invitation_text.replace("{provider}", &i.provider_name).replace("{role}", role_label(i.role));
                            view! {
                                <p>{text}</p>
                                {if i.signed_in {
                                    view! {
                                        <form method="post" action="/einladung/annehmen">
                                            <input type="hidden" name="token" value=token()/>
                                            <button type="submit" class="button primary">{t().member_accept}</button>
                                        </form>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p>{t().member_sign_in_first}</p>
                                        <p>
                                            <a class="button primary" href=format!("/anmelden?zurueck={}", url_key::encode(&here))>{t().login_title}</a>
                                            " "
                                            <a class="button" href="/registrieren">{t().signup_title}</a>
                                        </p>
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
