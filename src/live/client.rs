//! The page side: subscribe to `/live` for what the page shows and bump a
//! counter on every change, which the page's resources depend on; a short
//! highlight tells the resident something changed. On the server this does
//! nothing: the rendered page is already current.
use leptos::prelude::*;

use super::Interest;

/// Subscribes while the page is shown. Returns (tick, flash): `tick` grows
/// with every change (put it into resource sources), `flash` is true for two
/// seconds after one.
pub fn use_live(interest: impl Fn() -> Interest + Send + Sync + 'static) -> (ReadSignal<u32>, ReadSignal<bool>) {
    let (tick, set_tick) = signal(0u32);
    let (flash, set_flash) = signal(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let url = interest().url();
        let Ok(source) = web_sys::EventSource::new(&url) else { return };
        let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            set_tick.update(|t| *t += 1);
            set_flash.set(true);
            set_timeout(move || set_flash.set(false), std::time::Duration::from_secs(2));
        });
        let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        let keep = send_wrapper::SendWrapper::new((source, on_change));
        on_cleanup(move || keep.0.close());
    });
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (interest, set_tick, set_flash);
    }
    (tick, flash)
}
