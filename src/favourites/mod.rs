//! "Merken": residents keep a list of offers. Signed out, it lives in the
//! browser only; signed in, the browser's list is merged into the
//! account's on the first page (`sync_favourites`) and every change is
//! kept there too, so it follows the person to other devices and the
//! alerts (price drop, gone, back) can reach them. It works once the page
//! is hydrated.
use leptos::prelude::*;

use crate::i18n::t;

const STORAGE_KEY: &str = "scd-merkliste";
/// Whose account the browser's list mirrors (absent: the browser's own).
const MIRROR_KEY: &str = "scd-merkliste-konto";

/// "1,5,9" -> [1, 5, 9]; junk is dropped, duplicates removed.
pub fn parse_list(s: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = s.split(',').filter_map(|p| p.trim().parse().ok()).filter(|id| *id > 0).collect();
    ids.dedup();
    ids
}

pub fn toggle(list: &mut Vec<i32>, id: i32) {
    match list.iter().position(|x| *x == id) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(id),
    }
}

thread_local! {
    /// The list, shared by the islands of the page that show it.
    static LIST: (ArcRwSignal<Vec<i32>>, std::cell::Cell<bool>) = (ArcRwSignal::new(Vec::new()), std::cell::Cell::new(false));
    /// The account keeps the list too (the merge answered for a signed-in person).
    static KEPT_BY_ACCOUNT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn save_locally(list: &[i32]) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &list.iter().map(i32::to_string).collect::<Vec<_>>().join(","));
    }
}

/// Signed in, the account's list is the truth: the browser's own list is
/// merged into it once (the first page after signing in) and the browser
/// mirrors it from then on. Signed out again, the mirror is cleared, so
/// the next person at a shared computer does not see or inherit it.
fn merge_with_account() {
    let local = LIST.with(|(list, _)| list.get_untracked());
    let mirrored: i32 = storage().and_then(|s| s.get_item(MIRROR_KEY).ok().flatten()).and_then(|v| v.parse().ok()).unwrap_or(0);
    leptos::task::spawn_local(async move {
        let joined = local.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
        match sync_favourites(joined, mirrored).await {
            Ok(Some((account, kept))) => {
                KEPT_BY_ACCOUNT.with(|k| k.set(true));
                LIST.with(|(list, _)| list.set(kept.clone()));
                save_locally(&kept);
                if let Some(s) = storage() {
                    let _ = s.set_item(MIRROR_KEY, &account.to_string());
                }
            }
            Ok(None) if mirrored != 0 => {
                LIST.with(|(list, _)| list.set(Vec::new()));
                save_locally(&[]);
                if let Some(s) = storage() {
                    let _ = s.remove_item(MIRROR_KEY);
                }
            }
            _ => {}
        }
    });
}

/// The account's list, after merging in the browser's own list ("1,5,9")
/// unless the browser mirrors an account already (`mirrored`, its id; 0:
/// the browser's own list): (account id, list). None when nobody is
/// signed in (the list stays in the browser only).
#[server(prefix = "/api", endpoint = "sync_favourites")]
pub async fn sync_favourites(ids: String, mirrored: i32) -> Result<Option<(i32, Vec<i32>)>, crate::error::AppError> {
    use crate::error::AppError;
    async move {
        let st = crate::app::state::app_state()?;
        let Some(a) = crate::accounts::api::current().await? else { return Ok(None) };
        crate::accounts::authz::check(Some(&a), None, crate::accounts::authz::Action::KeepFavourites)?;
        // Another account's mirror is never merged into this one.
        if mirrored == 0 {
            crate::alerts::store::add_favourites(&st.db, a.id, &parse_list(&ids)).await?;
        }
        Ok(Some((a.id, crate::alerts::store::favourites(&st.db, a.id).await?)))
    }
    .await
    .map_err(AppError::with_status)
}

/// Keeps or drops one offer in the account's list; false when nobody is
/// signed in.
#[server(prefix = "/api", endpoint = "set_favourite")]
pub async fn set_favourite(offer_id: i32, keep: bool) -> Result<bool, crate::error::AppError> {
    use crate::error::AppError;
    async move {
        let st = crate::app::state::app_state()?;
        let Some(a) = crate::accounts::api::current().await? else { return Ok(false) };
        crate::accounts::authz::check(Some(&a), None, crate::accounts::authz::Action::KeepFavourites)?;
        if keep {
            crate::alerts::store::add_favourites(&st.db, a.id, &[offer_id]).await?;
        } else {
            crate::alerts::store::remove_favourite(&st.db, a.id, offer_id).await?;
        }
        Ok(true)
    }
    .await
    .map_err(AppError::with_status)
}

/// The page's list and its view for this island. The view starts empty,
/// as on the server, and shows the list only after the island hydrated:
/// the browser's saved list may already be loaded by an island hydrated
/// before, and hydration keeps the server's HTML as it is.
fn favourites() -> (ArcRwSignal<Vec<i32>>, Signal<Vec<i32>>) {
    let list = LIST.with(|(list, _)| list.clone());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        let first = LIST.with(|(_, loaded)| !loaded.replace(true));
        if first {
            if let Some(stored) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
                LIST.with(|(list, _)| list.set(parse_list(&stored)));
            }
            merge_with_account();
        }
        hydrated.set(true);
    });
    let shown = {
        let list = list.clone();
        Signal::derive(move || if hydrated.get() { list.get() } else { Vec::new() })
    };
    (list, shown)
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(not(feature = "hydrate"))]
fn storage() -> Option<NoStorage> {
    None
}

#[cfg(not(feature = "hydrate"))]
struct NoStorage;

#[cfg(not(feature = "hydrate"))]
impl NoStorage {
    fn get_item(&self, _: &str) -> Result<Option<String>, ()> {
        Ok(None)
    }
    fn set_item(&self, _: &str, _: &str) -> Result<(), ()> {
        Ok(())
    }
    fn remove_item(&self, _: &str) -> Result<(), ()> {
        Ok(())
    }
}

/// "Merken" on a card or an offer page: plain HTML, so a list of twenty
/// cards is not twenty islands to render, ship and hydrate. The header's
/// [`FavouritesCount`] island serves every such button on the page.
#[component]
pub fn FavouriteButton(offer_id: i32, title: String) -> impl IntoView {
    view! {
        <button type="button" class="fav-button" data-fav=offer_id aria-pressed="false" aria-label=format!("{}: {title}", t().fav_add)>
            <span aria-hidden="true">"☆ "</span>
            {t().fav_add}
        </button>
    }
}

/// The header's count of kept offers. Being on every page, it also drives
/// the page's "Merken" buttons: one click listener on the document and one
/// effect that marks the buttons whenever the list changes or a swap
/// brought new ones.
#[island]
pub fn FavouritesCount() -> impl IntoView {
    crate::common::hydration::island_ready();
    let (list, shown) = favourites();
    #[cfg(feature = "hydrate")]
    buttons::drive(list, shown);
    #[cfg(not(feature = "hydrate"))]
    let _ = list;
    view! {
        <p class="fav-count" aria-live="polite">
            <span aria-hidden="true">"★ "</span>
            {t().fav_count}": "
            <span data-testid="fav-count">{move || shown.with(Vec::len)}</span>
        </p>
    }
}

/// Keeps or drops one offer, in the browser and, signed in, in the account.
#[cfg(feature = "hydrate")]
fn press(list: &ArcRwSignal<Vec<i32>>, offer_id: i32) {
    list.update(|l| toggle(l, offer_id));
    let keep = list.with_untracked(|l| {
        save_locally(l);
        l.contains(&offer_id)
    });
    if KEPT_BY_ACCOUNT.with(|k| k.get()) {
        leptos::task::spawn_local(async move {
            let _ = set_favourite(offer_id, keep).await;
        });
    }
}

#[cfg(feature = "hydrate")]
mod buttons {
    use leptos::prelude::*;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::Element;

    const BUTTON: &str = "button.fav-button[data-fav]";

    pub(super) fn drive(list: ArcRwSignal<Vec<i32>>, shown: Signal<Vec<i32>>) {
        let doc = document();
        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            let button = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|e| e.closest(BUTTON).ok().flatten());
            if let Some(id) = button.and_then(|b| b.get_attribute("data-fav")).and_then(|v| v.parse().ok()) {
                super::press(&list, id);
            }
        });
        let on_swap = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| shown.with_untracked(|l| mark(l)));
        let _ = doc.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        let _ = doc.add_event_listener_with_callback(crate::common::swap::SWAPPED, on_swap.as_ref().unchecked_ref());
        // The header's island lives as long as the page.
        on_click.forget();
        on_swap.forget();
        Effect::new(move |_| shown.with(|l| mark(l)));
    }

    fn mark(list: &[i32]) {
        let Ok(nodes) = document().query_selector_all(BUTTON) else { return };
        for i in 0..nodes.length() {
            let Some(button) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let kept = button.get_attribute("data-fav").and_then(|v| v.parse().ok()).is_some_and(|id: i32| list.contains(&id));
            let _ = button.set_attribute("aria-pressed", if kept { "true" } else { "false" });
            if let Some(star) = button.first_element_child() {
                star.set_text_content(Some(if kept { "★ " } else { "☆ " }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_parsing_and_toggling() {
        assert_eq!(parse_list("1, 5,x,,9,-3"), vec![1, 5, 9]);
        let mut l = vec![1, 5];
        toggle(&mut l, 5);
        assert_eq!(l, vec![1]);
        toggle(&mut l, 7);
        assert_eq!(l, vec![1, 7]);
    }
}
