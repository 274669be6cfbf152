//! When the page counts as hydrated. The island script hydrates islands one
//! by one, and the lazy ones only after their code has arrived, so the page
//! is marked (`<body data-hydrated>`, for tests and for styles that need
//! JavaScript) once every island present at load has run. Each island calls
//! [`island_ready`] first thing.
#[cfg(feature = "hydrate")]
use std::sync::atomic::{AtomicUsize, Ordering};

#[cfg(feature = "hydrate")]
static EXPECTED: AtomicUsize = AtomicUsize::new(usize::MAX);
#[cfg(feature = "hydrate")]
static READY: AtomicUsize = AtomicUsize::new(0);

/// Counts the islands on the page; called once before any island hydrates.
#[cfg(feature = "hydrate")]
pub fn start() {
    let doc = leptos::prelude::document();
    let expected = doc.query_selector_all("leptos-island").map(|l| l.length() as usize).unwrap_or(0);
    EXPECTED.store(expected, Ordering::SeqCst);
    if expected == 0 {
        mark();
    }
}

pub fn island_ready() {
    #[cfg(feature = "hydrate")]
    if READY.fetch_add(1, Ordering::SeqCst) + 1 == EXPECTED.load(Ordering::SeqCst) {
        // After this island's own DOM is hydrated, which follows its body.
        leptos::prelude::request_animation_frame(mark);
    }
}

#[cfg(feature = "hydrate")]
fn mark() {
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
