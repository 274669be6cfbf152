//! `GET /live?angebote=…&anbieter=…&liste=1`: server-sent events for one page.
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
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
}

pub async fn live(State(st): State<AppState>, Query(q): Query<LiveQuery>) -> impl axum::response::IntoResponse {
    let interest = Interest::parse(q.angebote.as_deref(), q.anbieter.as_deref(), q.liste.as_deref());
    let rx = st.bus.subscribe();
    // A first comment tells the browser the stream is open.
    let hello = stream::once(async { Ok::<_, Infallible>(Event::default().comment("ok")) });
    let changes = stream::unfold((rx, interest), |(mut rx, interest)| async move {
        loop {
            match rx.recv().await {
                Ok(c) if interest.wants(&c) => {
                    let ev = Event::default().event("change").json_data(c).unwrap_or_default();
                    return Some((Ok(ev), (rx, interest)));
                }
                Ok(_) => continue,
                // Too slow to keep up: tell the page to reload its data once.
                Err(RecvError::Lagged(_)) => return Some((Ok(Event::default().event("change").data("{}")), (rx, interest))),
                Err(RecvError::Closed) => return None,
            }
        }
    });
    use futures::StreamExt;
    // A proxy in front must pass events on as they come (nginx buffers
    // responses unless told otherwise).
    ([("x-accel-buffering", "no")], Sse::new(hello.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}
