//! Suggestions while typing in the search box, as an ARIA combobox (input +
//! listbox, `aria-activedescendant`): arrow keys move through the
//! suggestions, Enter opens the chosen one, Escape closes the list.
//!
//! The server renders the plain search field and an empty, hidden listbox;
//! without JavaScript the GET form is all there is. Once the search form's
//! island has hydrated, [`client::init`] turns the field into a combobox and
//! the island's own event handlers drive it. It is deliberately not an
//! island of its own: a second island nested in the form's raced the
//! form's search-as-you-type under load.
use leptos::prelude::*;

use super::query::SuggestionKind;
use crate::i18n::t;

pub const INPUT_ID: &str = "f-q";
const LIST_ID: &str = "f-q-list";
const STATUS_ID: &str = "f-q-status";

pub fn kind_label(k: SuggestionKind) -> &'static str {
    match k {
        SuggestionKind::Category => t().search_suggest_category,
        SuggestionKind::Term => t().search_suggest_term,
        SuggestionKind::Provider => t().search_suggest_provider,
    }
}

/// The listbox and its announcement, empty until the resident types.
#[component]
pub fn SuggestList() -> impl IntoView {
    view! {
        <ul id=LIST_ID class="suggest-list" role="listbox" aria-label=t().search_suggestions hidden></ul>
        <p id=STATUS_ID class="visually-hidden" role="status"></p>
    }
}

/// Which option the arrow key moves to among `n`, from `active`.
pub fn step(active: Option<usize>, n: usize, down: bool) -> Option<usize> {
    if n == 0 {
        return None;
    }
    Some(match (active, down) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    })
}

#[cfg(feature = "hydrate")]
pub mod client {
    use std::cell::RefCell;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::Element;

    use super::{kind_label, step, INPUT_ID, LIST_ID, STATUS_ID};
    use crate::i18n::t;
    use crate::offers::query::Suggestion;

    /// Milliseconds of typing pause before suggestions are fetched.
    const PAUSE_MS: u64 = 150;

    #[derive(Default)]
    struct State {
        items: Vec<Suggestion>,
        active: Option<usize>,
        open: bool,
        /// Counts keystrokes: only the answer to the newest one is shown.
        asked: u64,
        pending: Option<TimeoutHandle>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
    }

    fn by_id(id: &str) -> Option<Element> {
        document().get_element_by_id(id)
    }

    fn option_id(i: usize) -> String {
        format!("{INPUT_ID}-opt-{i}")
    }

    /// Makes the plain field a combobox; called once the island hydrated.
    pub fn init() {
        let Some(input) = by_id(INPUT_ID) else { return };
        for (name, value) in [("role", "combobox"), ("aria-autocomplete", "list"), ("aria-controls", LIST_ID), ("aria-expanded", "false")] {
            let _ = input.set_attribute(name, value);
        }
    }

    /// The list as the state says: options, the active one, open or not.
    fn render(s: &State) {
        let (Some(input), Some(list)) = (by_id(INPUT_ID), by_id(LIST_ID)) else { return };
        list.set_inner_html("");
        let doc = document();
        for (i, item) in s.items.iter().enumerate() {
            let Ok(li) = doc.create_element("li") else { continue };
            let _ = li.set_attribute("id", &option_id(i));
            let _ = li.set_attribute("role", "option");
            let _ = li.set_attribute("class", "suggest-option");
            let _ = li.set_attribute("data-href", &item.href);
            let _ = li.set_attribute("aria-selected", if s.active == Some(i) { "true" } else { "false" });
            if let Ok(kind) = doc.create_element("span") {
                let _ = kind.set_attribute("class", "suggest-kind");
                kind.set_text_content(Some(kind_label(item.kind)));
                let _ = li.append_child(&kind);
            }
            let _ = li.append_with_str_1(&format!(" {}", item.label));
            let _ = list.append_child(&li);
        }
        let open = s.open && !s.items.is_empty();
        let _ = if open { list.remove_attribute("hidden") } else { list.set_attribute("hidden", "") };
        let _ = input.set_attribute("aria-expanded", if open { "true" } else { "false" });
        let _ = match s.active.filter(|_| open) {
            Some(i) => input.set_attribute("aria-activedescendant", &option_id(i)),
            None => input.remove_attribute("aria-activedescendant"),
        };
        if let Some(status) = by_id(STATUS_ID) {
            let text = open.then(|| t().search_suggestions_count.replace("{n}", &s.items.len().to_string()));
            status.set_text_content(text.as_deref());
        }
    }

    fn update(f: impl FnOnce(&mut State)) {
        STATE.with_borrow_mut(|s| {
            f(s);
            render(s);
        });
    }

    /// Makes answers still on their way stale, so none reopens the list.
    fn forget_pending(s: &mut State) {
        s.asked += 1;
        if let Some(h) = s.pending.take() {
            h.clear();
        }
    }

    pub fn close() {
        STATE.with_borrow_mut(|s| {
            forget_pending(s);
            if s.open {
                s.open = false;
                s.active = None;
                render(s);
            }
        });
    }

    /// The resident typed: suggestions for the new text after a pause.
    pub fn on_input(value: String) {
        let n = STATE.with_borrow_mut(|s| {
            forget_pending(s);
            // The options shown are for the old text: none is chosen by Enter.
            if s.active.take().is_some() {
                render(s);
            }
            s.asked
        });
        let fetch = move || {
            leptos::task::spawn_local(async move {
                let list = if value.trim().is_empty() { Vec::new() } else { crate::offers::api::suggest(value).await.unwrap_or_default() };
                // Not after a newer keystroke, nor once the box was left.
                let focused = document().active_element().is_some_and(|e| e.id() == INPUT_ID);
                update(|s| {
                    if s.asked == n && focused {
                        s.open = !list.is_empty();
                        s.active = None;
                        s.items = list;
                    }
                });
            });
        };
        let handle = set_timeout_with_handle(fetch, std::time::Duration::from_millis(PAUSE_MS)).ok();
        STATE.with_borrow_mut(|s| s.pending = handle);
    }

    /// A key in the search box; true when the combobox consumed it.
    pub fn on_keydown(ev: &web_sys::KeyboardEvent) -> bool {
        // Keys that compose a character (an input method) are not ours.
        if ev.is_composing() {
            return false;
        }
        let key = ev.key();
        let mut go = None;
        let consumed = STATE.with_borrow_mut(|s| {
            let consumed = match key.as_str() {
                "ArrowDown" | "ArrowUp" if !s.items.is_empty() => {
                    s.open = true;
                    s.active = step(s.active, s.items.len(), key == "ArrowDown");
                    true
                }
                "Enter" if s.open => {
                    go = s.active.and_then(|i| s.items.get(i)).map(|it| it.href.clone());
                    s.open = false;
                    forget_pending(s);
                    go.is_some()
                }
                "Escape" if s.open => {
                    s.open = false;
                    s.active = None;
                    forget_pending(s);
                    true
                }
                _ => false,
            };
            render(s);
            consumed
        });
        if let Some(href) = go {
            let _ = window().location().assign(&href);
        }
        consumed
    }

    /// A press on an option opens it; before the field's blur closes the
    /// list, so the press is not lost.
    pub fn on_mousedown(ev: &web_sys::MouseEvent) {
        let option = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|e| e.closest("[role=option]").ok().flatten());
        if let Some(href) = option.and_then(|o| o.get_attribute("data-href")) {
            ev.prevent_default();
            let _ = window().location().assign(&href);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn arrow_keys_wrap_around() {
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(None, 3, false), Some(2));
        assert_eq!(step(Some(2), 3, true), Some(0));
        assert_eq!(step(Some(0), 3, false), Some(2));
        assert_eq!(step(Some(1), 3, true), Some(2));
        assert_eq!(step(None, 0, true), None);
    }
}
