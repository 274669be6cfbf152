//! The list's filter form: search, category, Stadtbezirk, sort and the
//! further filters, with facet counts. A plain GET form without JavaScript.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::domain::{Facets, HousingKind, OfferFilter, OfferListPage, Sort};
use super::filters::MIN_RATING_CHOICES;
use crate::app::site::use_site;
use crate::error::AppError;
use crate::districts::Districts;
use crate::i18n::{self, t};
use crate::providers::domain::Ownership;

pub fn filter_from_query(q: &leptos_router::params::ParamsMap) -> OfferFilter {
    OfferFilter {
        kategorie: q.get("kategorie"),
        bezirk: q.get("bezirk"),
        stadtteil: q.get("stadtteil"),
        q: q.get("q"),
        preis_von: q.get("preis_von"),
        preis_bis: q.get("preis_bis"),
        eigentum: q.get("eigentum"),
        bewertung_ab: q.get("bewertung_ab"),
        vermarktung: q.get("vermarktung"),
        zimmer_ab: q.get("zimmer_ab"),
        flaeche_ab: q.get("flaeche_ab"),
        projekt: q.get("projekt"),
        sortierung: q.get("sortierung"),
        seite: q.get("seite"),
    }
}

/// The filter form: a plain GET form without JavaScript; once hydrated a
/// change applies at once and typing searches (debounced), without a full
/// page load.
#[component]
pub fn FilterForm(filter: Memo<OfferFilter>, results: Resource<Result<OfferListPage, AppError>>) -> impl IntoView {
    let site = use_site();
    let navigate = use_navigate();
    let apply = move |field: &'static str, value: String| {
        let mut f = filter.get_untracked();
        match field {
            "kategorie" => f.kategorie = Some(value),
            // A Stadtteil belongs to one Bezirk: choosing another Bezirk drops it.
            "bezirk" => {
                f.bezirk = Some(value);
                f.stadtteil = None;
            }
            "stadtteil" => f.stadtteil = Some(value),
            "sortierung" => f.sortierung = Some(value),
            "preis_von" => f.preis_von = Some(value),
            "preis_bis" => f.preis_bis = Some(value),
            "eigentum" => f.eigentum = Some(value),
            "bewertung_ab" => f.bewertung_ab = Some(value),
            "vermarktung" => f.vermarktung = Some(value),
            "zimmer_ab" => f.zimmer_ab = Some(value),
            "flaeche_ab" => f.flaeche_ab = Some(value),
            _ => f.q = Some(value),
        }
        f.seite = None;
        // Typing replaces the history entry; a chosen filter adds one.
        let replace = field == "q";
        navigate(&format!("/angebote{}", f.to_query(None)), NavigateOptions { replace, ..Default::default() });
    };
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let type_search = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let apply = apply.clone();
            let handle = set_timeout_with_handle(move || apply("q", value), std::time::Duration::from_millis(300)).ok();
            pending.set_value(handle);
        }
    };
    let initial_q = filter.get_untracked().q.unwrap_or_default();
    let apply_more = apply.clone();
    view! {
        <form class="filters" method="get" action="/angebote" role="search" aria-label=t().filter_legend>
            // A project's units stay a project's units while filtering further.
            {filter.get_untracked().projekt.filter(|p| !p.trim().is_empty()).map(|p| view! { <input type="hidden" name="projekt" value=p/> })}
            <div class="field grow">
                <label for="f-q">{t().search_label}</label>
                <input id="f-q" type="search" name="q" maxlength="100" autocomplete="off"
                    placeholder=t().search_placeholder value=initial_q
                    prop:value=move || filter.read().q.clone().unwrap_or_default()
                    on:input=type_search/>
            </div>
            <Transition>
                {move || {
                    let apply = apply.clone();
                    Suspend::new(async move {
                        let info = site.await.unwrap_or_default();
                        let facets = results.await.map(|p| p.facets).unwrap_or_default();
                        let cur_cat = filter.read_untracked().kategorie.clone().unwrap_or_default();
                        let cur_bez = effective_bezirk(&filter.read_untracked(), &info.districts);
                        let cur_st = filter.read_untracked().stadtteil.clone().unwrap_or_default();
                        let districts = info.districts.clone();
                        let roots: Vec<_> = info.categories.roots().cloned().collect();
                        let apply2 = apply.clone();
                        let apply3 = apply.clone();
                        let apply_st = apply.clone();
                        let cur_sort = filter.read_untracked().sortierung.clone().unwrap_or_default();
                        view! {
                            <div class="field">
                            <label for="f-kategorie">{t().filter_category}</label>
                            <select id="f-kategorie" name="kategorie"
                                prop:value=move || filter.read().kategorie.clone().unwrap_or_default()
                                on:change=move |ev| apply("kategorie", event_target_value(&ev))>
                                <option value="" selected=cur_cat.is_empty()>{t().filter_all_categories}</option>
                                {roots.into_iter().map(|root| {
                                    let children: Vec<_> = info.categories.children(root.id).cloned().collect();
                                    let sel = cur_cat == root.slug;
                                    let cur_cat = cur_cat.clone();
                                    view! {
                                        <option value=root.slug.clone() selected=sel>{counted(&root.label(), facets.category(&root.slug))}</option>
                                        {children.into_iter().map(|c| {
                                            let sel = cur_cat == c.slug;
                                            view! { <option value=c.slug.clone() selected=sel>{counted(&format!("– {}", c.label()), facets.category(&c.slug))}</option> }
                                        }).collect_view()}
                                    }
                                }).collect_view()}
                            </select>
                            </div>
                            <div class="field">
                            <label for="f-bezirk">{t().filter_district}</label>
                            <select id="f-bezirk" name="bezirk"
                                prop:value=move || effective_bezirk(&filter.read(), &districts)
                                on:change=move |ev| apply2("bezirk", event_target_value(&ev))>
                                <option value="" selected=cur_bez.is_empty()>{t().filter_all_districts}</option>
                                {info.districts.bezirke.iter().cloned().map(|b| {
                                    let sel = cur_bez == b.slug;
                                    view! { <option value=b.slug.clone() selected=sel>{counted(&b.name, facets.bezirk(&b.slug))}</option> }
                                }).collect_view()}
                            </select>
                            </div>
                            <StadtteilSelect districts=info.districts.clone() bezirk=cur_bez.clone() current=cur_st facets=facets.clone() apply=apply_st/>
                            <div class="field">
                            <label for="f-sortierung">{t().sort_label}</label>
                            <select id="f-sortierung" name="sortierung"
                                prop:value=move || filter.read().sortierung.clone().unwrap_or_else(|| Sort::default().slug().to_owned())
                                on:change=move |ev| apply3("sortierung", event_target_value(&ev))>
                                {Sort::ALL.into_iter().map(|s| {
                                    let sel = cur_sort == s.slug() || (cur_sort.is_empty() && s == Sort::default());
                                    view! { <option value=s.slug() selected=sel>{s.label()}</option> }
                                }).collect_view()}
                            </select>
                            </div>
                        }
                    })
                }}
            </Transition>
            <MoreFilters filter results apply=apply_more/>
            <button type="submit" class="button">{t().filter_apply}</button>
            <a class="reset" href="/angebote">{t().filter_reset}</a>
        </form>
    }
}

/// Price, ownership, rating and housing filters, folded away until needed.
/// The choices show their facet counts; the typed fields stay outside the
/// re-rendered part so typing is never interrupted.
#[component]
fn MoreFilters(
    filter: Memo<OfferFilter>,
    results: Resource<Result<OfferListPage, AppError>>,
    apply: impl Fn(&'static str, String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let f = filter.get_untracked();
    let open = [&f.preis_von, &f.preis_bis, &f.eigentum, &f.bewertung_ab, &f.vermarktung, &f.zimmer_ab, &f.flaeche_ab]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    let text_input = |name: &'static str, label: &'static str, value: Option<String>| {
        let apply = apply.clone();
        view! {
            <div class="field small">
                <label for=format!("f-{name}")>{label}</label>
                <input id=format!("f-{name}") name=name type="text" inputmode="decimal" maxlength="12" value=value.unwrap_or_default()
                    on:change=move |ev| apply(name, event_target_value(&ev))/>
            </div>
        }
    };
    let apply_choice = apply.clone();
    let choices = move || {
        let apply = apply_choice.clone();
        Suspend::new(async move {
            let facets = results.await.map(|p| p.facets).unwrap_or_default();
            let f = filter.get_untracked();
            let ownership = Ownership::ALL.iter().map(|o| (o.as_str().to_owned(), o.label().to_owned(), facets.ownership(*o))).collect();
            let ratings = MIN_RATING_CHOICES
                .iter()
                .map(|t| (i18n::decimal(*t, 1), format!("{}+ ★", i18n::decimal(*t, 1)), facets.min_rating(*t)))
                .collect();
            let kinds = [(HousingKind::Buy, "kaufen", t().filter_buy), (HousingKind::Rent, "mieten", t().filter_rent)]
                .iter()
                .map(|(k, v, l)| (v.to_string(), l.to_string(), facets.housing_kind(*k)))
                .collect();
            view! {
                {facet_select("eigentum", t().filter_ownership, f.eigentum, ownership, apply.clone())}
                {facet_select("bewertung_ab", t().filter_min_rating, f.bewertung_ab, ratings, apply.clone())}
                {facet_select("vermarktung", t().filter_housing_kind, f.vermarktung, kinds, apply)}
            }
        })
    };
    view! {
        <details class="more-filters" open=open>
            <summary>{t().more_filters}</summary>
            <div class="more-grid">
                {text_input("preis_von", t().filter_price_from, f.preis_von.clone())}
                {text_input("preis_bis", t().filter_price_to, f.preis_bis.clone())}
                <Transition>{choices}</Transition>
                {text_input("zimmer_ab", t().filter_min_rooms, f.zimmer_ab.clone())}
                {text_input("flaeche_ab", t().filter_min_area, f.flaeche_ab.clone())}
            </div>
        </details>
    }
}

/// A choice with "any" first and each value's facet count.
fn facet_select(
    name: &'static str,
    label: &'static str,
    current: Option<String>,
    options: Vec<(String, String, Option<u64>)>,
    apply: impl Fn(&'static str, String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let current = current.unwrap_or_default();
    // "4.5" and "4,5" are the same choice.
    let same = move |v: &str| v == current || v.replace('.', ",") == current.replace('.', ",");
    let none = same("");
    view! {
        <div class="field small">
            <label for=format!("f-{name}")>{label}</label>
            <select id=format!("f-{name}") name=name on:change=move |ev| apply(name, event_target_value(&ev))>
                <option value="" selected=none>{t().filter_any}</option>
                {options.into_iter().map(|(v, l, n)| {
                    let sel = same(&v);
                    view! { <option value=v selected=sel>{counted(&l, n)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Stadtteile of the chosen Stadtbezirk, or all of them grouped by Bezirk.
#[component]
fn StadtteilSelect(
    districts: Districts,
    bezirk: String,
    current: String,
    facets: Facets,
    apply: impl Fn(&'static str, String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let groups: Vec<(String, Vec<(String, String)>)> = districts
        .bezirke
        .iter()
        .filter(|b| bezirk.is_empty() || b.slug == bezirk)
        .map(|b| (b.name.clone(), districts.stadtteile_of(b.id).map(|s| (s.slug.clone(), s.name.clone())).collect()))
        .collect();
    let none = current.is_empty();
    view! {
        <div class="field">
            <label for="f-stadtteil">{t().filter_stadtteil}</label>
            <select id="f-stadtteil" name="stadtteil" on:change=move |ev| apply("stadtteil", event_target_value(&ev))>
                <option value="" selected=none>{t().filter_all_stadtteile}</option>
                {groups.into_iter().map(|(name, list)| {
                    let current = current.clone();
                    let facets = facets.clone();
                    view! {
                        <optgroup label=name>
                            {list.into_iter().map(|(slug, label)| {
                                let sel = slug == current;
                                let text = counted(&label, facets.stadtteil(&slug));
                                view! { <option value=slug selected=sel>{text}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The Bezirk the list is narrowed to: the chosen one, or the chosen
/// Stadtteil's.
fn effective_bezirk(f: &OfferFilter, d: &Districts) -> String {
    match f.bezirk.as_deref().filter(|b| !b.is_empty()) {
        Some(b) => b.to_owned(),
        None => f
            .stadtteil
            .as_deref()
            .and_then(|s| d.stadtteil_by_slug(s))
            .and_then(|s| d.bezirk(s.bezirk_id))
            .map(|b| b.slug.clone())
            .unwrap_or_default(),
    }
}

/// "Handwerk (513)": a filter value with the number of offers it gives.
fn counted(label: &str, count: Option<u64>) -> String {
    match count {
        Some(n) => format!("{label} ({n})"),
        None => label.to_owned(),
    }
}
