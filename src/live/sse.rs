//! `GET /live?angebote=…&anbieter=…&liste=1`: server-sent events for one page.
//! Each stream holds a slot for as long as it is open: at most
//! [`PER_CLIENT`] per client address (a browser with many tabs; behind a
//! proxy the address comes from `X-Forwarded-For` only with
//! `SCD_TRUST_PROXY=1`) and [`PER_INSTANCE`] in all, so open connections
//! cannot exhaust the server.
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use futures::stream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::Interest;
use crate::app::state::AppState;

#[derive(Deserialize)]
pub struct LiveQuery {
    angebote: Option<String>,
    anbieter: Option<String>,
    liste: Option<String>,
    anfragen: Option<String>,
    anfragen_alle: Option<String>,
    frei: Option<String>,
}

pub const PER_CLIENT: usize = 32;
pub const PER_INSTANCE: usize = 10_000;

/// Open streams of this instance, by client address.
#[derive(Debug, Default)]
pub struct Slots(Mutex<(usize, HashMap<String, usize>)>);

/// An open stream's slot, given back when the stream ends.
pub struct Slot(Arc<Slots>, String);

impl Slots {
    /// Streams open now.
    pub fn open(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).0
    }

    /// A slot for `client`, or which limit refused it.
    pub fn take(self: &Arc<Self>, client: &str) -> Result<Slot, StatusCode> {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if g.0 >= PER_INSTANCE {
            return Err(StatusCode::SERVICE_UNAVAILABLE);
        }
        let n = g.1.entry(client.to_owned()).or_default();
        if *n >= PER_CLIENT {
            return Err(StatusCode::TOO_MANY_REQUESTS);
        }
        *n += 1;
        g.0 += 1;
        Ok(Slot(self.clone(), client.to_owned()))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut g = self.0 .0.lock().unwrap_or_else(|e| e.into_inner());
        g.0 -= 1;
        if let Some(n) = g.1.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                g.1.remove(&self.1);
            }
        }
    }
}

pub async fn live(State(st): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, Query(q): Query<LiveQuery>) -> axum::response::Response {
    let client = crate::accounts::routes::client_ip(&st, peer, &headers);
    let slot = match st.live_slots.take(&client) {
        Ok(s) => s,
        // An EventSource gives up for good on any answer but a stream; a
        // stream that ends at once, asking to come back in 30 s, makes it
        // retry later by itself.
        Err(_) => {
            return ([(header::CONTENT_TYPE, "text/event-stream"), (header::CACHE_CONTROL, "no-store")], ": busy\nretry: 30000\n\n").into_response();
        }
    };
    let interest = Interest::parse(q.angebote.as_deref(), q.anbieter.as_deref(), q.liste.as_deref()).with_requests(q.anfragen.as_deref(), q.anfragen_alle.as_deref(), q.frei.as_deref()).checked();
    let rx = st.bus.subscribe();
    // A first comment tells the browser the stream is open.
    let hello = stream::once(async { Ok::<_, Infallible>(Event::default().comment("ok")) });
    // The slot travels with the stream and is given back when it is dropped.
    let changes = stream::unfold((rx, interest, slot), |(mut rx, interest, slot)| async move {
        loop {
            match rx.recv().await {
                Ok(c) if interest.wants(&c) => {
                    // A request's change names nothing: the page asks again.
                    let ev = if c.request_id != 0 { Event::default().event("change").data("{}") } else { Event::default().event("change").json_data(c).unwrap_or_default() };
                    return Some((Ok(ev), (rx, interest, slot)));
                }
                Ok(_) => continue,
                // Too slow to keep up: tell the page to reload its data once.
                Err(RecvError::Lagged(_)) => return Some((Ok(Event::default().event("change").data("{}")), (rx, interest, slot))),
                Err(RecvError::Closed) => return None,
            }
        }
    });
    use futures::StreamExt;
    // A proxy in front must pass events on as they come (nginx buffers
    // responses unless told otherwise).
    ([("x-accel-buffering", "no")], Sse::new(hello.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))).into_response()
}
