//! The list's filter form: search, category, Stadtbezirk, sort and the
//! further filters, with facet counts. A plain GET form without JavaScript.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::domain::{OfferFilter, OfferListPage, Sort};
use crate::app::site::use_site;
use crate::error::AppError;
use crate::i18n::t;

pub fn filter_from_query(q: &leptos_router::params::ParamsMap) -> OfferFilter {
    OfferFilter {
        kategorie: q.get("kategorie"),
        bezirk: q.get("bezirk"),
        q: q.get("q"),
        preis_von: q.get("preis_von"),
        preis_bis: q.get("preis_bis"),
        eigentum: q.get("eigentum"),
        bewertung_ab: q.get("bewertung_ab"),
        vermarktung: q.get("vermarktung"),
        zimmer_ab: q.get("zimmer_ab"),
        flaeche_ab: q.get("flaeche_ab"),
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
            "bezirk" => f.bezirk = Some(value),
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
                        let cur_bez = filter.read_untracked().bezirk.clone().unwrap_or_default();
                        let roots: Vec<_> = info.categories.roots().cloned().collect();
                        let apply2 = apply.clone();
                        let apply3 = apply.clone();
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
                                prop:value=move || filter.read().bezirk.clone().unwrap_or_default()
                                on:change=move |ev| apply2("bezirk", event_target_value(&ev))>
                                <option value="" selected=cur_bez.is_empty()>{t().filter_all_districts}</option>
                                {info.districts.bezirke.into_iter().map(|b| {
                                    let sel = cur_bez == b.slug;
                                    view! { <option value=b.slug.clone() selected=sel>{counted(&b.name, facets.bezirk(&b.slug))}</option> }
                                }).collect_view()}
                            </select>
                            </div>
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
            <MoreFilters filter apply=apply_more/>
            <button type="submit" class="button">{t().filter_apply}</button>
            <a class="reset" href="/angebote">{t().filter_reset}</a>
        </form>
    }
}

/// Price, ownership, rating and housing filters, folded away until needed.
#[component]
fn MoreFilters(filter: Memo<OfferFilter>, apply: impl Fn(&'static str, String) + Clone + Send + Sync + 'static) -> impl IntoView {
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
    let select = |name: &'static str, label: &'static str, current: Option<String>, options: Vec<(&'static str, &'static str)>| {
        let apply = apply.clone();
        let current = current.unwrap_or_default();
        view! {
            <div class="field small">
                <label for=format!("f-{name}")>{label}</label>
                <select id=format!("f-{name}") name=name on:change=move |ev| apply(name, event_target_value(&ev))>
                    <option value="" selected=current.is_empty()>{t().filter_any}</option>
                    {options.into_iter().map(|(v, l)| view! { <option value=v selected=current == v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <details class="more-filters" open=open>
            <summary>{t().more_filters}</summary>
            <div class="more-grid">
                {text_input("preis_von", t().filter_price_from, f.preis_von.clone())}
                {text_input("preis_bis", t().filter_price_to, f.preis_bis.clone())}
                {select("eigentum", t().filter_ownership, f.eigentum.clone(), vec![
                    ("private", t().ownership_private), ("cooperative", t().ownership_cooperative), ("municipal", t().ownership_municipal),
                ])}
                {select("bewertung_ab", t().filter_min_rating, f.bewertung_ab.clone(), vec![
                    ("3", "3+ ★"), ("4", "4+ ★"), ("4,5", "4,5+ ★"),
                ])}
                {select("vermarktung", t().filter_housing_kind, f.vermarktung.clone(), vec![("kaufen", t().filter_buy), ("mieten", t().filter_rent)])}
                {text_input("zimmer_ab", t().filter_min_rooms, f.zimmer_ab.clone())}
                {text_input("flaeche_ab", t().filter_min_area, f.flaeche_ab.clone())}
            </div>
        </details>
    }
}

/// "Handwerk (513)": a filter value with the number of offers it gives.
fn counted(label: &str, count: Option<u64>) -> String {
    match count {
        Some(n) => format!("{label} ({n})"),
        None => label.to_owned(),
    }
}
