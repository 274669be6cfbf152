//! The search box with suggestions while typing, as an ARIA combobox
//! (input + listbox, `aria-activedescendant`): arrow keys move through the
//! suggestions, Enter opens the chosen one, Escape closes the list. Without
//! JavaScript it is the plain search field of the GET form.
use leptos::prelude::*;

use super::query::{Suggestion, SuggestionKind};
use crate::i18n::t;

/// Milliseconds of typing pause before suggestions are fetched.
#[cfg(feature = "hydrate")]
const PAUSE_MS: u64 = 150;

fn kind_label(k: SuggestionKind) -> &'static str {
    match k {
        SuggestionKind::Category => t().search_suggest_category,
        SuggestionKind::Term => t().search_suggest_term,
        SuggestionKind::Provider => t().search_suggest_provider,
    }
}

#[island]
pub fn SuggestBox(initial: String) -> impl IntoView {
    crate::common::hydration::island_ready();
    let items = RwSignal::new(Vec::<Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    let close = move || {
        open.set(false);
        active.set(None);
    };
    #[cfg(feature = "hydrate")]
    let (on_input, on_keydown, go) = {
        let pending = StoredValue::new(None::<TimeoutHandle>);
        // Only the newest answer counts: a slow one for an earlier prefix
        // must not replace it.
        let asked = StoredValue::new(0u64);
        let go = move |href: String| {
            let _ = window().location().set_href(&href);
        };
        let on_input = move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            // Every keystroke makes answers to earlier text stale.
            let n = asked.get_value() + 1;
            asked.set_value(n);
            let fetch = move || {
                leptos::task::spawn_local(async move {
                    let list = super::api::suggest(value).await.unwrap_or_default();
                    // Not after a newer keystroke, nor once the box was left.
                    let focused = document().active_element().is_some_and(|e| e.id() == "f-q");
                    if asked.get_value() == n && focused {
                        open.set(!list.is_empty());
                        active.set(None);
                        items.set(list);
                    }
                });
            };
            pending.set_value(set_timeout_with_handle(fetch, std::time::Duration::from_millis(PAUSE_MS)).ok());
        };
        let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
            let n = items.with_untracked(Vec::len);
            match ev.key().as_str() {
                "ArrowDown" | "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    open.set(true);
                    let down = ev.key() == "ArrowDown";
                    active.update(|a| {
                        *a = Some(match (*a, down) {
                            (None, true) => 0,
                            (None, false) => n - 1,
                            (Some(i), true) => (i + 1) % n,
                            (Some(i), false) => (i + n - 1) % n,
                        })
                    });
                }
                "Enter" => {
                    if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                        if let Some(s) = items.with_untracked(|l| l.get(i).cloned()) {
                            ev.prevent_default();
                            go(s.href);
                        }
                    }
                }
                "Escape" if open.get_untracked() => {
                    ev.prevent_default();
                    close();
                }
                _ => {}
            }
        };
        (on_input, on_keydown, go)
    };
    #[cfg(not(feature = "hydrate"))]
    let (on_input, on_keydown, go) = (|_: leptos::ev::Event| {}, |_: leptos::ev::KeyboardEvent| {}, |_: String| {});
    let option_id = |i: usize| format!("f-q-opt-{i}");
    view! {
        <div class="suggest">
            <input id="f-q" type="search" name="q" maxlength="100" autocomplete="off" data-swap-value=""
                placeholder=t().search_placeholder value=initial
                role="combobox" aria-autocomplete="list" aria-controls="f-q-list"
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || active.get().filter(|_| open.get()).map(option_id)
                on:input=on_input on:keydown=on_keydown on:blur=move |_| close()/>
            <ul id="f-q-list" class="suggest-list" role="listbox" aria-label=t().search_suggestions hidden=move || !open.get()>
                {move || items.get().into_iter().enumerate().map(|(i, s)| {
                    let href = s.href.clone();
                    view! {
                        <li id=option_id(i) role="option" class="suggest-option" aria-selected=move || (active.get() == Some(i)).to_string()
                            // Chosen before the input's blur closes the list.
                            on:mousedown=move |ev| { ev.prevent_default(); go(href.clone()); }>
                            <span class="suggest-kind">{kind_label(s.kind)}</span>" "{s.label}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="visually-hidden" role="status">
                {move || open.get().then(|| t().search_suggestions_count.replace("{n}", &items.with(Vec::len).to_string()))}
            </p>
        </div>
    }
}
