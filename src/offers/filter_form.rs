//! The list's filter form: search, category, Stadtbezirk, sort and the
//! further filters, with facet counts. A plain GET form without JavaScript.
use leptos::prelude::*;

use super::domain::HousingKind;
use super::query::{Facets, OfferFilter, OfferListPage, Sort};
use super::filters::MIN_RATING_CHOICES;
use crate::common::site::use_site;
use crate::error::AppError;
use crate::districts::Districts;
use crate::i18n::{self, t};
use crate::providers::domain::Ownership;

pub fn filter_from_query(q: &leptos_router::params::ParamsMap) -> OfferFilter {
    OfferFilter::from_fields(|name| q.get(name))
}

impl OfferFilter {
    /// The filter from named values: the URL's query or the form's fields.
    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> Self {
        OfferFilter {
            kategorie: get("kategorie"),
            bezirk: get("bezirk"),
            stadtteil: get("stadtteil"),
            q: get("q"),
            preis_von: get("preis_von"),
            preis_bis: get("preis_bis"),
            eigentum: get("eigentum"),
            bewertung_ab: get("bewertung_ab"),
            vermarktung: get("vermarktung"),
            zimmer_ab: get("zimmer_ab"),
            flaeche_ab: get("flaeche_ab"),
            projekt: get("projekt"),
            anbieter: get("anbieter"),
            sortierung: get("sortierung"),
            seite: get("seite"),
        }
    }

    /// The list's URL after the resident changed `field` in the form: back
    /// to the first page, the default order left out, and a Stadtteil
    /// dropped when another Stadtbezirk is chosen.
    pub fn after_change(mut self, field: &str) -> String {
        if field == "bezirk" {
            self.stadtteil = None;
        }
        if self.sortierung.as_deref() == Some(Sort::default().slug()) {
            self.sortierung = None;
        }
        self.seite = None;
        format!("/angebote{}", self.to_query(None))
    }
}

/// Makes the filter form live once hydrated: a change applies at once,
/// typing searches after a short pause, and the back button restores the
/// previous search, each by swapping the server's new results in place.
#[island]
fn SearchForm(children: Children) -> impl IntoView {
    crate::common::hydration::island_ready();
    #[cfg(feature = "hydrate")]
    {
        use super::suggest_box;
        use crate::common::swap;
        use leptos::ev::popstate;
        use wasm_bindgen::JsCast;

        fn apply(target: Option<web_sys::EventTarget>, field: String, history: swap::History) {
            let form = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("form").ok().flatten());
            let Some(form) = form.and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            let url = OfferFilter::from_fields(|name| data.get(name).as_string()).after_change(&field);
            leptos::task::spawn_local(async move { swap::refresh(&url, history, false).await });
        }
        let field_of = |ev: &web_sys::Event| {
            ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.get_attribute("name")).unwrap_or_default()
        };
        let pending = StoredValue::new(None::<TimeoutHandle>);
        let on_input = move |ev: web_sys::Event| {
            if field_of(&ev) != "q" {
                return;
            }
            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                suggest_box::client::on_input(input.value());
            }
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let target = ev.target();
            let go = move || apply(target, "q".to_owned(), swap::History::Replace);
            pending.set_value(set_timeout_with_handle(go, std::time::Duration::from_millis(300)).ok());
        };
        let on_change = move |ev: web_sys::Event| {
            let field = field_of(&ev);
            if field != "q" {
                apply(ev.target(), field, swap::History::Push);
            }
        };
        let on_submit = move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            suggest_box::client::close();
            apply(ev.target(), String::new(), swap::History::Push);
        };
        let _ = window_event_listener(popstate, |_| {
            leptos::task::spawn_local(async { swap::refresh(&swap::current_url(), swap::History::Keep, true).await });
        });
        let in_box = move |ev: &web_sys::Event| field_of(ev) == "q";
        let on_keydown = move |ev: web_sys::KeyboardEvent| {
            if in_box(&ev) && suggest_box::client::on_keydown(&ev) {
                ev.prevent_default();
            }
        };
        let on_focusout = move |ev: web_sys::FocusEvent| {
            if in_box(&ev) {
                suggest_box::client::close();
            }
        };
        let on_mousedown = move |ev: web_sys::MouseEvent| suggest_box::client::on_mousedown(&ev);
        // After this island's DOM is hydrated, which follows its body.
        request_animation_frame(suggest_box::client::init);
        view! {
            <div on:input=on_input on:change=on_change on:submit=on_submit on:keydown=on_keydown
                on:focusout=on_focusout on:mousedown=on_mousedown>{children()}</div>
        }
    }
    #[cfg(not(feature = "hydrate"))]
    view! { <div>{children()}</div> }
}

/// The filter form: a plain GET form without JavaScript. The `SearchForm`
/// island around it applies a change at once and searches as the resident
/// types (debounced), swapping the results without a full page load; the
/// selects carry `data-swap` so their facet counts follow.
#[component]
pub fn FilterForm(filter: OfferFilter, results: OnceResource<Result<OfferListPage, AppError>>) -> impl IntoView {
    let site = use_site();
    let initial_q = filter.q.clone().unwrap_or_default();
    let more = filter.clone();
    view! {
        <SearchForm>
        <form class="filters" method="get" action="/angebote" role="search" aria-label=t().filter_legend>
            // A project's units stay a project's units while filtering further.
            {filter.projekt.clone().filter(|p| !p.trim().is_empty()).map(|p| view! { <input type="hidden" name="projekt" value=p/> })}
            {filter.anbieter.clone().filter(|p| !p.trim().is_empty()).map(|p| view! { <input type="hidden" name="anbieter" value=p/> })}
            <div class="field grow suggest">
                <label for="f-q">{t().search_label}</label>
                <input id="f-q" type="search" name="q" maxlength="100" autocomplete="off" data-swap-value=""
                    placeholder=t().search_placeholder value=initial_q/>
                <super::suggest_box::SuggestList/>
            </div>
            <Transition>
                {move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                        let info = site.await.unwrap_or_default();
                        let facets = results.await.map(|p| p.facets).unwrap_or_default();
                        let cur_cat = filter.kategorie.clone().unwrap_or_default();
                        let cur_bez = effective_bezirk(&filter, &info.districts);
                        let cur_st = filter.stadtteil.clone().unwrap_or_default();
                        let roots: Vec<_> = info.categories.roots().cloned().collect();
                        let cur_sort = filter.sortierung.clone().unwrap_or_default();
                        view! {
                            <div class="field">
                            <label for="f-kategorie">{t().filter_category}</label>
                            <select id="f-kategorie" name="kategorie" data-swap="f-kategorie">
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
                            <select id="f-bezirk" name="bezirk" data-swap="f-bezirk">
                                <option value="" selected=cur_bez.is_empty()>{t().filter_all_districts}</option>
                                {info.districts.bezirke.iter().cloned().map(|b| {
                                    let sel = cur_bez == b.slug;
                                    view! { <option value=b.slug.clone() selected=sel>{counted(&b.name, facets.bezirk(&b.slug))}</option> }
                                }).collect_view()}
                            </select>
                            </div>
                            <StadtteilSelect districts=info.districts.clone() bezirk=cur_bez.clone() current=cur_st facets=facets.clone()/>
                            <div class="field">
                            <label for="f-sortierung">{t().sort_label}</label>
                            <select id="f-sortierung" name="sortierung" data-swap="f-sortierung">
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
            <MoreFilters filter=more results/>
            <button type="submit" class="button">{t().filter_apply}</button>
            <a class="reset" href="/angebote">{t().filter_reset}</a>
        </form>
        </SearchForm>
    }
}

/// Price, ownership, rating and housing filters, folded away until needed.
/// The choices show their facet counts; the typed fields are never swapped,
/// so typing is never interrupted.
#[component]
fn MoreFilters(filter: OfferFilter, results: OnceResource<Result<OfferListPage, AppError>>) -> impl IntoView {
    let f = filter;
    let open = [&f.preis_von, &f.preis_bis, &f.eigentum, &f.bewertung_ab, &f.vermarktung, &f.zimmer_ab, &f.flaeche_ab]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    let text_input = |name: &'static str, label: &'static str, value: Option<String>| {
        view! {
            <div class="field small">
                <label for=format!("f-{name}")>{label}</label>
                <input id=format!("f-{name}") name=name type="text" inputmode="decimal" maxlength="12" value=value.unwrap_or_default() data-swap-value=""/>
            </div>
        }
    };
    let chosen = f.clone();
    let choices = move || {
        let f = chosen.clone();
        Suspend::new(async move {
            let facets = results.await.map(|p| p.facets).unwrap_or_default();
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
                {facet_select("eigentum", t().filter_ownership, f.eigentum, ownership)}
                {facet_select("bewertung_ab", t().filter_min_rating, f.bewertung_ab, ratings)}
                {facet_select("vermarktung", t().filter_housing_kind, f.vermarktung, kinds)}
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
) -> impl IntoView {
    let current = current.unwrap_or_default();
    // "4.5" and "4,5" are the same choice.
    let same = move |v: &str| v == current || v.replace('.', ",") == current.replace('.', ",");
    let none = same("");
    view! {
        <div class="field small">
            <label for=format!("f-{name}")>{label}</label>
            <select id=format!("f-{name}") name=name data-swap=format!("f-{name}")>
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
            <select id="f-stadtteil" name="stadtteil" data-swap="f-stadtteil">
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form(fields: &[(&str, &str)]) -> OfferFilter {
        OfferFilter::from_fields(|name| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn a_change_in_the_form_gives_the_lists_canonical_url() {
        let f = || form(&[("q", "Dach"), ("bezirk", "mitte"), ("stadtteil", "hochfeld"), ("sortierung", Sort::default().slug()), ("seite", "3")]);
        // Another Stadtbezirk drops the Stadtteil; the default order and the page are left out.
        assert_eq!(f().after_change("bezirk"), "/angebote?q=Dach&bezirk=mitte");
        assert_eq!(f().after_change("q"), "/angebote?q=Dach&bezirk=mitte&stadtteil=hochfeld");
        let sorted = form(&[("kategorie", "handwerk"), ("sortierung", "preis-aufsteigend"), ("preis_von", " ")]);
        assert_eq!(sorted.after_change("sortierung"), "/angebote?kategorie=handwerk&sortierung=preis-aufsteigend");
        assert_eq!(form(&[]).after_change(""), "/angebote");
    }
}
