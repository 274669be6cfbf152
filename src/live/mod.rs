//! Live updates: a provider saves, and residents who have the offer, the
//! provider or a result list open see it within a second, without reloading.
//!
//! Every change reaches open pages the same way, whoever made it: from the
//! change log, which each instance's offer catalogue follows and, once it
//! has applied a batch, announces on its bus (`bus`); so a save on instance
//! A, or an import run from the command line, reaches residents on instance
//! B (on PostgreSQL `NOTIFY` wakes B's follower at once). Browsers subscribe with
//! server-sent events (`sse`, `GET /live?…`): one-way, plain HTTP through any
//! proxy, automatic reconnects by the browser — nothing the page needs to say
//! back, so no WebSocket.
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod bus;
pub mod client;
#[cfg(feature = "ssr")]
pub mod sse;

/// Something residents may be looking at has changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub offer_id: i32,
    pub provider_id: i32,
    /// Too much changed at once to name (a large import by many providers).
    #[serde(default)]
    pub everything: bool,
    /// A request for quotes or one of its quotes (nothing else is named).
    #[serde(default)]
    pub request_id: i32,
}

/// What one page wants to hear about (the `/live` query).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interest {
    pub offers: Vec<i32>,
    pub providers: Vec<i32>,
    /// A result list: any change may add, remove or move a result.
    pub list: bool,
    /// A resident's request pages: their requests' changes.
    pub requests: Vec<i32>,
    /// A provider's board of requests: any request's change may concern it
    /// (the page asks again and shows only what it may).
    pub request_board: bool,
    /// The request parts are private: the page that was allowed to show
    /// them signs them (`granted`), and `/live` follows them only with it.
    pub grant: String,
}

impl Interest {
    pub fn wants(&self, c: &Change) -> bool {
        if c.request_id != 0 {
            return self.request_board || self.requests.contains(&c.request_id);
        }
        c.everything || self.list || self.offers.contains(&c.offer_id) || self.providers.contains(&c.provider_id)
    }

    /// "/live?angebote=1,2&anbieter=3" or "/live?liste=1".
    pub fn url(&self) -> String {
        let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
        let mut parts = Vec::new();
        if !self.offers.is_empty() {
            parts.push(format!("angebote={}", join(&self.offers)));
        }
        if !self.providers.is_empty() {
            parts.push(format!("anbieter={}", join(&self.providers)));
        }
        if self.list {
            parts.push("liste=1".to_owned());
        }
        if !self.requests.is_empty() {
            parts.push(format!("anfragen={}", join(&self.requests)));
        }
        if self.request_board {
            parts.push("anfragen_alle=1".to_owned());
        }
        if !self.grant.is_empty() {
            parts.push(format!("frei={}", self.grant));
        }
        format!("/live?{}", parts.join("&"))
    }

    /// What a grant covers: the requests and the board. (Sealed and
    /// checked on the server only.)
    #[cfg(feature = "ssr")]
    fn request_scope(&self) -> String {
        format!("{:?}/{}", self.requests, self.request_board)
    }

    /// Signs the request parts, on the server, for a page shown only to
    /// someone who may follow them.
    pub fn granted(self) -> Self {
        #[cfg(feature = "ssr")]
        {
            let mut s = self;
            s.grant = crate::server::rate_limit::seal("live-requests", &s.request_scope());
            s
        }
        #[cfg(not(feature = "ssr"))]
        self
    }

    /// Drops request parts no page granted.
    #[cfg(feature = "ssr")]
    pub fn checked(mut self) -> Self {
        if self.grant != crate::server::rate_limit::seal("live-requests", &self.request_scope()) {
            self.requests.clear();
            self.request_board = false;
        }
        self
    }

    /// Reads the query of `/live`; at most 100 ids each, junk ignored.
    pub fn parse(angebote: Option<&str>, anbieter: Option<&str>, liste: Option<&str>) -> Self {
        let ids = |s: Option<&str>| -> Vec<i32> {
            s.unwrap_or_default().split(',').filter_map(|p| p.trim().parse().ok()).filter(|id| *id > 0).take(100).collect()
        };
        Self { offers: ids(angebote), providers: ids(anbieter), list: liste.is_some_and(|l| l == "1"), ..Default::default() }
    }

    /// `parse`, with the request pages' parts of the query and their grant.
    pub fn with_requests(mut self, anfragen: Option<&str>, alle: Option<&str>, frei: Option<&str>) -> Self {
        self.requests = anfragen.unwrap_or_default().split(',').filter_map(|p| p.trim().parse().ok()).filter(|id| *id > 0).take(100).collect();
        self.request_board = alle.is_some_and(|l| l == "1");
        self.grant = frei.unwrap_or_default().chars().take(64).collect();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interests() {
        let i = Interest::parse(Some("1, 2,x,-3"), Some("7"), None);
        assert_eq!((i.offers.as_slice(), i.providers.as_slice(), i.list), (&[1, 2][..], &[7][..], false));
        let c = |offer_id, provider_id| Change { offer_id, provider_id, ..Default::default() };
        assert!(i.wants(&c(2, 9)));
        assert!(i.wants(&c(5, 7)));
        assert!(!i.wants(&c(5, 8)));
        assert!(i.wants(&Change { everything: true, ..Default::default() }));
        assert!(Interest::parse(None, None, Some("1")).wants(&c(5, 8)));
        assert_eq!(i.url(), "/live?angebote=1,2&anbieter=7");
    }

    #[test]
    fn request_changes_reach_only_request_pages() {
        let request = Change { request_id: 4, ..Default::default() };
        assert!(!Interest::parse(None, None, Some("1")).wants(&request), "a results list");
        assert!(!Interest::parse(Some("4"), Some("4"), None).wants(&request));
        let page = Interest::default().with_requests(Some("4,x"), None, None);
        assert!(page.wants(&request));
        assert!(!page.wants(&Change { request_id: 5, ..Default::default() }));
        assert!(!page.wants(&Change { offer_id: 4, provider_id: 4, ..Default::default() }));
        let board = Interest::default().with_requests(None, Some("1"), None);
        assert!(board.wants(&request));
        assert_eq!(board.url(), "/live?anfragen_alle=1");
        assert_eq!(page.url(), "/live?anfragen=4");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn request_parts_need_the_pages_grant() {
        let granted = Interest { requests: vec![4], ..Default::default() }.granted();
        let url = granted.url();
        let frei = url.split("frei=").nth(1).unwrap();
        let back = Interest::default().with_requests(Some("4"), None, Some(frei)).checked();
        assert_eq!(back.requests, vec![4]);
        // Another request, or the board, with that grant: dropped.
        assert!(Interest::default().with_requests(Some("5"), None, Some(frei)).checked().requests.is_empty());
        assert!(!Interest::default().with_requests(Some("4"), Some("1"), Some(frei)).checked().request_board);
        assert!(Interest::default().with_requests(Some("4"), None, None).checked().requests.is_empty());
    }
}
