//! The page side: an island that subscribes to `/live` for what the page
//! shows and, on every change, fetches the page anew and swaps its live
//! regions (`data-swap`, see `common::swap`); a short highlight tells the
//! resident something changed. On the server it renders nothing: the page
//! is already current.
use leptos::prelude::*;

use super::Interest;

#[island]
pub fn LiveRefresh(interest: Interest) -> impl IntoView {
    crate::common::hydration::island_ready();
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        if let Ok(source) = web_sys::EventSource::new(&interest.url()) {
            let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
                leptos::task::spawn_local(async {
                    use crate::common::swap;
                    swap::refresh_live().await;
                    swap::flash_regions("live-flash");
                });
            });
            let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
            // The subscription lasts as long as the page.
            on_change.forget();
            std::mem::forget(source);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = interest;
}
