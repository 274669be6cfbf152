//! The recommendation form (`/empfehlen`): a plain HTML form posted to
//! `POST /empfehlen`; a refused form comes back with everything typed, and
//! the same rules as on the server explain each field.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::recommend_form_data;
use super::domain::{RecommendDraft, RecommendForm, Refusal, REASON_CHARS};
use crate::common::site::use_site;
use crate::common::error_view::ErrorView;
use crate::common::url_key;
use crate::i18n::t;
use crate::offers::draft::FieldErrors;

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
    let get = move |k: &str| crate::common::flash::kept(k).or_else(|| query.read_untracked().get(k)).unwrap_or_default();
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
    let data = Resource::new(
        move || (query.read().get("suche").unwrap_or_default(), query.read().get("anbieter").and_then(|a| a.parse::<i32>().ok())),
        |(suche, anbieter)| recommend_form_data(suche, anbieter),
    );
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
        {refusal.map(|r| view! { <p class="form-error" role="alert">{r.message()}</p> })}
        // Searching providers by name reloads this page (a GET form of its own).
        <form method="get" action="/empfehlen" class="rec-search" role="search">
            <input type="hidden" name="kategorie" value=form.kategorie.clone()/>
            {(form.anbieter != "extern" && !form.anbieter.is_empty()).then(|| view! { <input type="hidden" name="anbieter" value=form.anbieter.clone()/> })}
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
