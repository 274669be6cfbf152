//! Server-rendered regions refreshed in place, for the islands that make a
//! page live without shipping its view code to the browser.
//!
//! Pages mark the parts that follow the URL or live data with
//! `data-swap="name"`. [`refresh`] fetches the page anew from the server
//! and replaces the contents of each marked region with the server's, so
//! everything else (the focused search box, typed text, open details, the
//! state of islands outside the regions) stays as it is. Islands inside a
//! replaced region are hydrated afresh.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, DomParser, Element, HtmlInputElement, SupportedType};

/// The event the document receives after regions were swapped.
pub const SWAPPED: &str = "scd-swapped";

/// What happens to the browser history.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// A new entry (a chosen filter).
    Push,
    /// The current entry changes (typing a search).
    Replace,
    /// The URL is already right (back button, live update).
    Keep,
}

/// Counts refreshes, so an answer that arrives after a newer request was
/// started is dropped instead of overwriting the newer page.
static GENERATION: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Loads `url` and swaps the marked regions. If the new page lacks one of
/// them (an error page, another layout), the browser loads it in full.
/// `restore_inputs`: also set text inputs marked `data-swap-value` to the
/// server's value (going back in history), which typing never does.
pub async fn refresh(url: &str, history: History, restore_inputs: bool) {
    let generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    if history != History::Keep {
        HEADING.with_borrow_mut(|h| *h = Some((url.to_owned(), history)));
    }
    refresh_inner(url, history, restore_inputs, generation).await;
    if history != History::Keep {
        HEADING.with_borrow_mut(|h| {
            if h.as_ref().is_some_and(|(u, _)| u == url) {
                *h = None;
            }
        });
    }
}

thread_local! {
    /// Where a typed search or chosen filter is taking the page while its
    /// answer is on the way.
    static HEADING: std::cell::RefCell<Option<(String, History)>> = const { std::cell::RefCell::new(None) };
}

/// A live update's refresh: of the page being headed to if a search or
/// filter is on its way (a newer refresh drops the older one's answer, so
/// refreshing the old URL would lose what was typed), else of this page.
pub async fn refresh_live() {
    // With the pending refresh's own history mode: a chosen filter still
    // adds its entry, typing still replaces.
    match HEADING.with_borrow(|h| h.clone()) {
        Some((url, history)) => refresh(&url, history, false).await,
        None => refresh(&current_url(), History::Keep, false).await,
    }
}

async fn refresh_inner(url: &str, history: History, restore_inputs: bool, generation: u32) {
    let Ok(html) = fetch_html(url).await else {
        return navigate(url);
    };
    if GENERATION.load(std::sync::atomic::Ordering::SeqCst) != generation {
        return;
    }
    let doc = leptos::prelude::document();
    let Ok(fresh) = DomParser::new().and_then(|p| p.parse_from_string(&html, SupportedType::TextHtml)) else {
        return navigate(url);
    };
    let regions = elements(&doc, "[data-swap]");
    let pairs: Option<Vec<(Element, Element)>> = regions
        .into_iter()
        .map(|old| {
            let name = old.get_attribute("data-swap").unwrap_or_default();
            fresh.query_selector(&format!("[data-swap=\"{name}\"]")).ok().flatten().map(|new| (old, new))
        })
        .collect();
    let Some(pairs) = pairs else {
        return navigate(url);
    };
    match history {
        History::Push => push_url(url, false),
        History::Replace => push_url(url, true),
        History::Keep => {}
    }
    for (old, new) in &pairs {
        old.set_inner_html(&new.inner_html());
        hydrate_islands_in(old);
    }
    // For code that serves plain HTML in the regions (the "Merken" buttons).
    if let Ok(ev) = web_sys::Event::new(SWAPPED) {
        let _ = doc.dispatch_event(&ev);
    }
    if restore_inputs {
        for input in elements(&doc, "input[data-swap-value]") {
            let Some(id) = input.get_attribute("id") else { continue };
            let value = fresh.get_element_by_id(&id).and_then(|e| e.get_attribute("value")).unwrap_or_default();
            if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
                input.set_value(&value);
            }
        }
    }
    doc.set_title(&fresh.title());
}

/// Adds `class` to every swapped content region (not the form's selects)
/// for two seconds: "this changed".
pub fn flash_regions(class: &'static str) {
    for el in elements(&leptos::prelude::document(), "[data-swap]:not(select)") {
        let _ = el.class_list().add_1(class);
        leptos::prelude::set_timeout(
            move || {
                let _ = el.class_list().remove_1(class);
            },
            std::time::Duration::from_secs(2),
        );
    }
}

pub fn current_url() -> String {
    leptos::prelude::window().location().href().unwrap_or_default()
}

/// A full page load: the fallback whenever a region cannot be swapped.
pub fn navigate(url: &str) {
    let _ = leptos::prelude::window().location().assign(url);
}

fn push_url(url: &str, replace: bool) {
    let Ok(history) = leptos::prelude::window().history() else { return };
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(url))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(url))
    };
}

async fn fetch_html(url: &str) -> Result<String, JsValue> {
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "text/html")?;
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(url, &init)).await?.dyn_into()?;
    // An error page (400 for a bad filter) is still a page with the regions.
    if response.status() >= 500 {
        return Err(JsValue::from_str("server error"));
    }
    let text = JsFuture::from(response.text()?).await?;
    text.as_string().ok_or_else(|| JsValue::from_str("no text"))
}

fn elements(root: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

/// Islands that arrived with new server HTML: the island script hydrates
/// those present at load and exposes `__hydrateIsland` for later ones.
fn hydrate_islands_in(region: &Element) {
    let window = leptos::prelude::window();
    let Ok(hydrate) = js_sys::Reflect::get(&window, &JsValue::from_str("__hydrateIsland")) else { return };
    let Some(hydrate) = hydrate.dyn_ref::<js_sys::Function>() else { return };
    let Ok(list) = region.query_selector_all("leptos-island") else { return };
    for i in 0..list.length() {
        let Some(island) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let id = island.get_attribute("data-component").unwrap_or_default();
        let _ = hydrate.call2(&window, &island, &JsValue::from_str(&id));
    }
}
