//! Recommendation pages and boxes: the ranked list of a category (beside the
//! offers and on its own page), the newest on the start page, the form, the
//! claim of a firm that is not on the platform, and the moderators' queue.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::api::{category_recommendations, recent_recommendations, recommend_form_data, unlisted_firm, ClaimFirm, DecideClaim};
use super::domain::{ProviderRef, RecommendDraft, RecommendForm, RecommendationView, Refusal, REASON_CHARS};
use crate::app::site::use_site;
use crate::app::ErrorView;
use crate::common::url_key;
use crate::dashboard::components::{need_sign_in, provider_field, provider_form_ok, ProviderFields};
use crate::error::AppError;
use crate::i18n::{self, t};
use crate::live::client::use_live;
use crate::live::Interest;
use crate::offers::draft::FieldErrors;
use crate::providers::draft::ProviderForm;

/// The page being shown, to come back to after a second.
fn here() -> String {
    let loc = use_location();
    let search = loc.search.get_untracked();
    let path = loc.pathname.get_untracked();
    if search.is_empty() { path } else { format!("{path}?{}", search.trim_start_matches('?')) }
}

#[component]
fn ProviderLine(provider: ProviderRef) -> impl IntoView {
    match provider {
        ProviderRef::Listed { id, slug, name } => view! {
            <h3 class="rec-provider"><a href=url_key::provider_path(id, &slug)><bdi>{name}</bdi></a></h3>
        }
        .into_any(),
        ProviderRef::Unlisted { id, name, town, website } => view! {
            <h3 class="rec-provider"><bdi>{name}</bdi>" "<span class="badge warn">{t().rec_unlisted_badge}</span></h3>
            <p class="rec-unlisted">
                <bdi>{town}</bdi>
                {website.map(|w| view! { " · "<a href=w.clone() rel="nofollow ugc noopener">{w.clone()}</a> })}
                " · "<a href=format!("/empfehlungen/firma/{id}/beanspruchen")>{t().rec_claim_link}</a>
            </p>
        }
        .into_any(),
    }
}

/// One recommendation with its seconds and the buttons to second or withdraw.
#[component]
pub fn RecommendationItem(rec: RecommendationView, signed_in: bool, back: String) -> impl IntoView {
    let id = rec.id;
    let count = format!("{} {}", rec.seconds, if rec.seconds == 1 { t().rec_second_one } else { t().rec_seconds });
    let vote = (signed_in && !rec.mine).then(|| {
        let (action, label) = if rec.seconded { ("zurueckziehen", t().rec_withdraw) } else { ("unterstuetzen", t().rec_second_button) };
        view! {
            <form method="post" action=format!("/empfehlungen/{id}/{action}") class="rec-vote">
                <input type="hidden" name="zurueck" value=back.clone()/>
                <button type="submit" class="button small">{label}<span class="visually-hidden">{format!(" ({})", t().rec_of_author.replace("{name}", &rec.author_name))}</span></button>
            </form>
        }
    });
    view! {
        <article class="card recommendation" id=format!("empfehlung-{id}")>
            <ProviderLine provider=rec.provider/>
            <p class="rec-reason">{rec.reason}</p>
            <p class="rec-meta muted">
                {t().rec_by}" "<bdi class="author">{rec.author_name.clone()}</bdi>" · "
                <time datetime=rec.created_at.to_rfc3339()>{i18n::date(&rec.created_at)}</time>" · "
                <span class="rec-seconds">{count}</span>
            </p>
            {vote}
        </article>
    }
}

#[component]
fn RecommendationList(items: Vec<RecommendationView>, signed_in: bool) -> impl IntoView {
    let back = here();
    view! {
        <ul class="rec-list">
            {items.into_iter().map(|r| view! { <li><RecommendationItem rec=r signed_in back=back.clone()/></li> }).collect_view()}
        </ul>
    }
}

/// Beside the offers of a category (`/angebote?kategorie=…`): its best
/// recommendations, children included.
#[component]
pub fn CategoryRecommendationsBox() -> impl IntoView {
    let query = use_query_map();
    let slug = Memo::new(move |_| query.read().get("kategorie").filter(|k| !k.is_empty()));
    let data = Resource::new(move || slug.get(), |s| async move {
        match s {
            Some(s) => category_recommendations(s, 3).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let d = data.await.ok().flatten()?;
                let all = format!("/empfehlungen?kategorie={}", url_key::encode(&d.slug));
                let new = format!("/empfehlen?kategorie={}", url_key::encode(&d.slug));
                Some(view! {
                    <section class="recommendations-box" aria-labelledby="empfehlungen">
                        <h2 id="empfehlungen">{t().rec_box_title}</h2>
                        {if d.items.is_empty() {
                            view! { <p class="muted">{t().rec_none}</p> }.into_any()
                        } else {
                            view! { <RecommendationList items=d.items signed_in=d.signed_in/> }.into_any()
                        }}
                        <p>
                            <a href=all>{format!("{} ({})", t().rec_all, d.total)}</a>" · "
                            <a href=new>{t().rec_new}</a>
                        </p>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// The newest recommendations, on the start page.
#[component]
pub fn RecentRecommendations() -> impl IntoView {
    let data = Resource::new(|| (), |_| recent_recommendations());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let (items, signed_in) = data.await.ok()?;
                Some(view! {
                    <section class="wrap" aria-labelledby="empfehlungen-neu">
                        <h2 id="empfehlungen-neu">{t().rec_recent_title}</h2>
                        {if items.is_empty() {
                            view! { <p class="muted">{t().rec_none}</p> }.into_any()
                        } else {
                            view! { <RecommendationList items signed_in/> }.into_any()
                        }}
                        <p><a class="button" href="/empfehlen">{t().rec_new}</a></p>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// `/empfehlungen?kategorie=…`: all recommendations of a category, ranked.
#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let query = use_query_map();
    let slug = Memo::new(move |_| query.read().get("kategorie").unwrap_or_default());
    let refusal = move || query.read().get("fehler").and_then(|c| Refusal::parse(&c));
    // New recommendations and seconds elsewhere refresh the list while it is open.
    let (live, flash) = use_live(|| Interest { list: true, ..Default::default() });
    let data = Resource::new(move || (slug.get(), live.get()), |(s, _)| category_recommendations(s, 1_000));
    let site = use_site();
    view! {
        <Title text=t().rec_page_title/>
        <div class="wrap">
            <h1>{t().rec_page_title}</h1>
            <p>{t().rec_page_intro}" "<a href="/transparenz#empfehlungen">{t().rec_ranking_link}</a></p>
            {move || refusal().map(|r| view! { <p class="form-error" role="alert">{r.message()}</p> })}
            <div class:live-flash=move || flash.get()>
            <Transition fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(Some(d)) => {
                            let new = format!("/empfehlen?kategorie={}", url_key::encode(&d.slug));
                            view! {
                                <h2>{d.label}</h2>
                                <p><a class="button primary" href=new>{t().rec_new}</a></p>
                                {if d.items.is_empty() {
                                    view! { <p class="muted">{t().rec_none}</p> }.into_any()
                                } else {
                                    view! { <RecommendationList items=d.items signed_in=d.signed_in/> }.into_any()
                                }}
                            }.into_any()
                        }
                        // No or an unknown category: the list of categories to choose from.
                        Ok(None) => {
                            let info = site.await.unwrap_or_default();
                            view! {
                                <h2>{t().rec_choose_category}</h2>
                                <ul class="rec-categories">
                                    {info.categories.all.iter().map(|c| view! {
                                        <li><a href=format!("/empfehlungen?kategorie={}", c.slug)>{info.categories.path_name(c.id)}</a></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
            </div>
        </div>
    }
}

fn field_message(errors: &FieldErrors, field: &'static str) -> Option<String> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone())
}

/// A labelled text input of the plain recommendation form, with its message.
fn input(id: &'static str, label: &'static str, value: String, errors: &FieldErrors, hint: Option<String>) -> impl IntoView {
    let error = field_message(errors, id);
    let described = match (&hint, &error) {
        (Some(_), Some(_)) => Some(format!("h-{id} e-{id}")),
        (Some(_), None) => Some(format!("h-{id}")),
        (None, Some(_)) => Some(format!("e-{id}")),
        (None, None) => None,
    };
    view! {
        <div class="form-field">
            <label for=format!("r-{id}")>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("h-{id}")>{h}</p> })}
            <input id=format!("r-{id}") type="text" name=id value=value aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
            {error.map(|m| view! { <p class="field-error" id=format!("e-{id}")>{m}</p> })}
        </div>
    }
}

/// `/empfehlen`: the form. Posts to `POST /empfehlen`; a refused form comes
/// back here with everything typed and the reasons.
#[component]
pub fn RecommendPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let form = RecommendForm {
        kategorie: get("kategorie"),
        anbieter: get("anbieter"),
        name: get("name"),
        ort: get("ort"),
        website: get("website"),
        begruendung: get("begruendung"),
    };
    let suche = get("suche");
    let refusal = Refusal::parse(&get("fehler"));
    let data = Resource::new(move || query.read().get("suche").unwrap_or_default(), recommend_form_data);
    let site = use_site();
    view! {
        <Title text=t().rec_form_title/>
        <div class="wrap narrow">
            <h1>{t().rec_form_title}</h1>
            <p>{t().rec_form_intro}</p>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || {
                    let form = form.clone();
                    let suche = suche.clone();
                    Suspend::new(async move {
                        let info = site.await.unwrap_or_default();
                        let d = match data.await {
                            Ok(d) => d,
                            Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                        };
                        if !d.signed_in {
                            let back = format!("/anmelden?zurueck={}", url_key::encode("/empfehlen"));
                            return view! { <p>{t().rec_sign_in}" "<a href=back>{t().rec_sign_in_link}</a></p> }.into_any();
                        }
                        // A refused form: the same rules as on the server say why.
                        let errors = if refusal == Some(Refusal::Input) { RecommendDraft::parse(&form, &info.categories).err().unwrap_or_default() } else { vec![] };
                        view! { <RecommendFormView form errors refusal suche providers=d.providers categories=info.categories/> }.into_any()
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn RecommendFormView(
    form: RecommendForm,
    errors: FieldErrors,
    refusal: Option<Refusal>,
    suche: String,
    providers: Vec<(i32, String)>,
    categories: crate::categories::CategoryTree,
) -> impl IntoView {
    let reason_hint = t().rec_reason_hint.replace("{min}", &REASON_CHARS.0.to_string()).replace("{max}", &REASON_CHARS.1.to_string());
    let reason_error = field_message(&errors, "begruendung");
    let external = form.anbieter == "extern" || providers.is_empty();
    let chosen = form.anbieter.clone();
    let cat_error = field_message(&errors, "kategorie");
    let provider_error = field_message(&errors, "anbieter");
    view! {
        {refusal.filter(|r| *r != Refusal::Input).map(|r| view! { <p class="form-error" role="alert">{r.message()}</p> })}
        {(!errors.is_empty()).then(|| view! { <p class="form-error" role="alert">{Refusal::Input.message()}</p> })}
        // Searching providers by name reloads this page (a GET form of its own).
        <form method="get" action="/empfehlen" class="rec-search" role="search">
            <input type="hidden" name="kategorie" value=form.kategorie.clone()/>
            <input type="hidden" name="begruendung" value=form.begruendung.clone()/>
            <label for="r-suche">{t().rec_search_label}</label>
            <input id="r-suche" type="search" name="suche" maxlength="100" value=suche/>
            <button type="submit" class="button">{t().search_button}</button>
        </form>
        <form method="post" action="/empfehlen" class="account-form">
            <div class="form-field">
                <label for="r-kategorie">{t().offer_category}</label>
                <select id="r-kategorie" name="kategorie" aria-invalid=cat_error.is_some().then_some("true") aria-describedby=cat_error.is_some().then_some("e-kategorie")>
                    <option value="">"–"</option>
                    {categories.roots().map(|root| {
                        let children: Vec<_> = categories.children(root.id).cloned().collect();
                        let root_sel = root.slug == form.kategorie;
                        view! {
                            <optgroup label=root.label()>
                                <option value=root.slug.clone() selected=root_sel>{format!("{} ({})", root.label(), t().rec_whole_category)}</option>
                                {children.into_iter().map(|c| {
                                    let sel = c.slug == form.kategorie;
                                    view! { <option value=c.slug.clone() selected=sel>{c.label()}</option> }
                                }).collect_view()}
                            </optgroup>
                        }
                    }).collect_view()}
                </select>
                {cat_error.map(|m| view! { <p class="field-error" id="e-kategorie">{m}</p> })}
            </div>
            <fieldset class="form-field">
                <legend>{t().rec_target_legend}</legend>
                {provider_error.map(|m| view! { <p class="field-error" id="e-anbieter">{m}</p> })}
                {providers.is_empty().then(|| view! { <p class="hint">{t().rec_search_hint}</p> })}
                {providers.into_iter().map(|(id, name)| {
                    let sel = !external && chosen == id.to_string();
                    view! {
                        <label class="choice">
                            <input type="radio" name="anbieter" value=id.to_string() checked=sel/>
                            <bdi>{name}</bdi>
                        </label>
                    }
                }).collect_view()}
                <label class="choice">
                    <input type="radio" name="anbieter" value="extern" checked=external/>
                    {t().rec_target_unlisted}
                </label>
            </fieldset>
            <fieldset class="form-field">
                <legend>{t().rec_unlisted_legend}</legend>
                <p class="hint">{t().rec_unlisted_hint}</p>
                {input("name", t().rec_name, form.name.clone(), &errors, None)}
                {input("ort", t().rec_town, form.ort.clone(), &errors, None)}
                {input("website", t().rec_website, form.website.clone(), &errors, Some(t().rec_website_hint.to_owned()))}
            </fieldset>
            <div class="form-field">
                <label for="r-begruendung">{t().rec_reason}</label>
                <p class="hint" id="h-begruendung">{reason_hint}</p>
                <textarea id="r-begruendung" name="begruendung" rows="4" aria-invalid=reason_error.is_some().then_some("true")
                    aria-describedby=if reason_error.is_some() { "h-begruendung e-begruendung" } else { "h-begruendung" }>{form.begruendung.clone()}</textarea>
                {reason_error.map(|m| view! { <p class="field-error" id="e-begruendung">{m}</p> })}
            </div>
            <button type="submit" class="button primary">{t().rec_submit}</button>
        </form>
    }
}

/// `/empfehlungen/firma/:id/beanspruchen`: "Das ist mein Unternehmen".
#[component]
pub fn ClaimPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|p| p.parse::<i32>().ok()).unwrap_or_default();
    let firm = Resource::new(id, unlisted_firm);
    view! {
        <Title text=t().claim_title/>
        <div class="wrap narrow">
            <h1>{t().claim_title}</h1>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match firm.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(f) if f.claimed_provider_id.is_some() => view! { <p>{t().claim_error_done}</p> }.into_any(),
                        Ok(f) => view! {
                            <p><bdi>{f.name.clone()}</bdi>", "<bdi>{f.town.clone()}</bdi>" "<span class="badge warn">{t().rec_unlisted_badge}</span></p>
                            <p>{t().claim_intro}</p>
                            <ClaimForm id=f.id name=f.name website=f.website.unwrap_or_default()/>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ClaimForm(id: i32, name: String, website: String) -> impl IntoView {
    let site = use_site();
    let form = RwSignal::new(ProviderForm { name, website, ownership: "private".into(), ..Default::default() });
    let errors = RwSignal::new(FieldErrors::new());
    let claim = ServerAction::<ClaimFirm>::new();
    let here = format!("/empfehlungen/firma/{id}/beanspruchen");
    let outcome = move || match claim.value().get() {
        Some(Ok(_)) => Some(view! { <p class="form-note" role="status">{t().claim_sent}</p> }.into_any()),
        Some(Err(AppError::Invalid { field, message })) if field != "account" && field != "claim" => {
            errors.set(vec![(provider_field(&field), message)]);
            None
        }
        Some(Err(e)) => {
            need_sign_in(&e, &here);
            Some(view! { <p class="form-error" role="alert">{e.user_message()}</p> }.into_any())
        }
        None => None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if provider_form_ok(site, form, errors) {
            claim.dispatch(ClaimFirm { unlisted_id: id, form: form.get_untracked() });
        }
    };
    view! {
        {outcome}
        <form class="account-form" on:submit=submit novalidate>
            <ProviderFields form errors/>
            <button type="submit" class="button primary" disabled=move || claim.pending().get()>{t().claim_submit}</button>
        </form>
    }
}

/// The moderators' queue of claims, a section of `/moderation`.
#[component]
pub fn ClaimQueue() -> impl IntoView {
    let decide = ServerAction::<DecideClaim>::new();
    let claims = Resource::new(move || decide.version().get(), |_| super::api::pending_claims());
    view! {
        <section aria-labelledby="anspruch">
            <h2 id="anspruch">{t().claim_queue_title}</h2>
            <Suspense fallback=|| view! { <p>{t().loading}</p> }>
                {move || Suspend::new(async move {
                    match claims.await {
                        Err(e) => view! { <ErrorView error=e/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t().claim_queue_none}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="dash-table">
                                <caption>{t().claim_queue_title}</caption>
                                <thead><tr>
                                    <th scope="col">{t().rec_unlisted_badge}</th>
                                    <th scope="col">{t().claim_claimant}</th>
                                    <th scope="col">{t().provider_form_name}</th>
                                    <th scope="col">{t().dash_actions}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|c| {
                                        let id = c.id;
                                        let yes = format!("{}: {}", t().claim_approve, c.unlisted_name);
                                        let no = format!("{}: {}", t().claim_reject, c.unlisted_name);
                                        view! {
                                            <tr>
                                                <td><bdi>{c.unlisted_name.clone()}</bdi>", "<bdi>{c.unlisted_town}</bdi></td>
                                                <td><bdi>{c.claimant}</bdi>" · "<time datetime=c.created_at.to_rfc3339()>{i18n::date(&c.created_at)}</time></td>
                                                <td><bdi>{c.provider_name}</bdi></td>
                                                <td>
                                                    <button type="button" class="small" aria-label=yes on:click=move |_| { decide.dispatch(DecideClaim { claim_id: id, approve: true }); }>{t().claim_approve}</button>" "
                                                    <button type="button" class="small" aria-label=no on:click=move |_| { decide.dispatch(DecideClaim { claim_id: id, approve: false }); }>{t().claim_reject}</button>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The recommendations' ranking formula, a section of `/transparenz`.
#[component]
pub fn RecommendationRanking() -> impl IntoView {
    let days = format!("{:.0}", super::domain::HALF_LIFE_DAYS);
    view! {
        <section id="empfehlungen" aria-labelledby="empfehlungen-sortierung">
            <h2 id="empfehlungen-sortierung">{t().rec_transp_title}</h2>
            <p><code>{t().rec_transp_formula.replace("{days}", &days)}</code></p>
            <p>{t().rec_transp_text.replace("{days}", &days)}</p>
        </section>
    }
}
