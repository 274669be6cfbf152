//! What a refused form post keeps of its fields for the page it returns to.
//! It travels neither in the redirect's URL (typed names, addresses, phone
//! numbers and texts would land in access logs, proxies' logs and the
//! browser history) nor in a cookie (too small for a message): the server
//! stores it (`server::flash`, table `form_flash`) and the browser holds a
//! random key in an HttpOnly, `SameSite=Strict` cookie scoped to the form
//! page. The page's request takes the row (read once, then gone) and the
//! page reads the fields while it renders.
use std::collections::HashMap;

pub const COOKIE: &str = "scd_eingabe";

/// The kept fields of this request, put into its extensions by the
/// middleware that took them.
#[derive(Debug, Clone, Default)]
pub struct Kept(pub HashMap<String, String>);

/// A field the refused post kept for this page, while it renders on the
/// server (the forms are server-rendered).
pub fn kept(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        parts.extensions.get::<Kept>()?.0.get(name).cloned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}
