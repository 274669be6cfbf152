//! The UI languages. German is the default, English the second; every text
//! comes from `locales/<lang>.toml` (compiled in by `build.rs`, which checks
//! both files have the same keys and placeholders).
//!
//! The language of a request is decided once on the server (cookie, else
//! `Accept-Language`, else German) and written into `<html lang>`; the browser
//! reads it back from there before hydrating, so both render the same texts.
mod format;
#[cfg(feature = "ssr")]
pub mod switch;

use serde::{Deserialize, Serialize};

pub use format::*;

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// The cookie that keeps a resident's choice.
pub const COOKIE: &str = "sprache";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    De,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::De, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
        }
    }

    /// "de", "de-DE", "EN-gb" … → the language; anything else → None.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::De => &DE,
            Self::En => &EN,
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Self {
        match self {
            Self::De => Self::En,
            Self::En => Self::De,
        }
    }

    /// The saved choice wins; on a first visit the browser's preference
    /// (highest q-value among the languages we have); German otherwise.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(saved) = cookie_header.and_then(cookie_value).and_then(Self::parse) {
            return saved;
        }
        accept_language.and_then(from_accept_language).unwrap_or_default()
    }

    /// The name of a category in this language, by its slug.
    pub fn category_name(self, slug: &str) -> Option<&'static str> {
        let table = match self {
            Self::De => DE_CATEGORIES,
            Self::En => EN_CATEGORIES,
        };
        table.iter().find(|(s, _)| *s == slug).map(|(_, n)| *n)
    }
}

fn cookie_value(header: &str) -> Option<&str> {
    header.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == COOKIE).map(|(_, v)| v.trim())
}

fn from_accept_language(header: &str) -> Option<Locale> {
    let mut best: Option<(Locale, f32)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let Some(locale) = parts.next().and_then(Locale::parse) else { continue };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((locale, q));
        }
    }
    best.map(|(l, _)| l)
}

/// The language of the page being rendered or the server function being run.
pub fn locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        if let Some(l) = use_context::<Locale>() {
            return l;
        }
        use_context::<http::request::Parts>().map(|p| from_headers(&p.headers)).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        client::get()
    }
}

#[cfg(feature = "ssr")]
pub fn from_headers(headers: &http::HeaderMap) -> Locale {
    let get = |name| headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
    Locale::negotiate(get(http::header::COOKIE), get(http::header::ACCEPT_LANGUAGE))
}

/// Makes the request's language known to everything rendered for it.
#[cfg(feature = "ssr")]
pub fn provide_request_locale() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(parts) = use_context::<http::request::Parts>() {
        provide_context(from_headers(&parts.headers));
    }
}

/// In the browser the page's language never changes without a reload (the
/// switch is a link through the server), so one global read from
/// `<html lang>` at start-up is enough.
#[cfg(not(feature = "ssr"))]
pub mod client {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::Locale;

    static ENGLISH: AtomicBool = AtomicBool::new(false);

    pub fn set(l: Locale) {
        ENGLISH.store(l == Locale::En, Ordering::Relaxed);
    }

    pub fn get() -> Locale {
        if ENGLISH.load(Ordering::Relaxed) { Locale::En } else { Locale::De }
    }
}

/// The texts in the current language.
pub fn t() -> &'static Texts {
    locale().texts()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page still rendering when its request goes away (the visitor
    /// left) looks up the locale up its owners while the request's root
    /// owner is dropped on another thread. reactive_graph 0.2.16 could then
    /// drop the root from inside that lookup and wait on a lock it held
    /// itself: the worker thread hung for good (seen in the bench: a
    /// server with one worker of two stuck, and no clean stop). Patched in
    /// `vendor/reactive_graph` (README, "Vendored crates").
    #[cfg(feature = "ssr")]
    #[test]
    fn a_lookup_survives_its_request_going_away() {
        use leptos::prelude::{provide_context, Owner};
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for _ in 0..1_000 {
                let root = Owner::new();
                root.with(|| provide_context(Locale::En));
                let page = root.with(Owner::new);
                let (looking, started) = std::sync::mpsc::channel();
                let render = std::thread::spawn(move || {
                    page.with(|| {
                        assert_eq!(locale(), Locale::En);
                        looking.send(()).unwrap();
                        while locale() == Locale::En {}
                    })
                });
                // Dropped while the other thread is looking it up.
                started.recv().unwrap();
                drop(root);
                render.join().unwrap();
            }
            done.send(()).unwrap();
        });
        finished.recv_timeout(std::time::Duration::from_secs(60)).expect("every lookup finished (no deadlock)");
    }

    #[test]
    fn cookie_wins_over_accept_language() {
        assert_eq!(Locale::negotiate(Some("a=1; sprache=en"), Some("de-DE")), Locale::En);
        assert_eq!(Locale::negotiate(Some("sprache=de"), Some("en-US,en;q=0.9")), Locale::De);
        assert_eq!(Locale::negotiate(Some("sprache=fr"), Some("en")), Locale::En);
    }

    #[test]
    fn accept_language_by_quality() {
        assert_eq!(Locale::negotiate(None, Some("fr-FR,fr;q=0.9,en;q=0.8,de;q=0.7")), Locale::En);
        assert_eq!(Locale::negotiate(None, Some("en;q=0.5, de-AT")), Locale::De);
        assert_eq!(Locale::negotiate(None, Some("fr, es")), Locale::De);
        assert_eq!(Locale::negotiate(None, Some("en;q=0")), Locale::De);
        assert_eq!(Locale::negotiate(None, Some(";;,,q=x")), Locale::De);
        assert_eq!(Locale::negotiate(None, None), Locale::De);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn both_languages_name_every_category() {
        for (slug, _, children) in migration::reference::CATEGORIES {
            for s in std::iter::once(*slug).chain(children.iter().map(|(c, _)| *c)) {
                assert!(Locale::De.category_name(s).is_some() && Locale::En.category_name(s).is_some(), "{s}");
            }
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn german_category_names_match_the_reference_data() {
        for (slug, name, children) in migration::reference::CATEGORIES {
            assert_eq!(Locale::De.category_name(slug), Some(*name));
            for (c, n) in children.iter() {
                assert_eq!(Locale::De.category_name(c), Some(*n));
            }
        }
    }
}
