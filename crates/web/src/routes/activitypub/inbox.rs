//! The inboxes: `POST /inbox` (shared), `/@name/inbox` and `/relay/inbox`. Thin: the request
//! goes to `ensemble_federation::inbox` as plain data, and its answer comes back as a status
//! (202, or a JSON error).
//!
//! No form token here, and none needed: servers send neither `Origin` nor `Sec-Fetch-Site`,
//! which the `CsrfLayer` lets through, and what a browser could send cross-site (a form, or a
//! fetch without custom headers) has neither an ActivityStreams media type nor a signature.

use super::json_error;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use ensemble_federation::fetch::Fetcher;
use ensemble_federation::inbox::{Inbox, InboxRequest, MAX_ACTIVITY_BYTES, Recipient};
use std::sync::Arc;

pub fn router(state: &AppState) -> anyhow::Result<Router<AppState>> {
    let fetcher = Arc::new(Fetcher::new(state.app.clone())?);
    let inbox = Arc::new(Inbox::new(fetcher));
    // Other methods: "not found", as before inboxes existed.
    let not_found = crate::routes::not_found;
    Ok(Router::new()
        .route("/inbox", post(shared).fallback(not_found))
        .route("/relay/inbox", post(relay).fallback(not_found))
        .route("/{handle}/inbox", post(actor).fallback(not_found))
        .with_state(inbox))
}

async fn shared(State(inbox): State<Arc<Inbox>>, request: Request) -> Response {
    receive(inbox, To::Shared, request).await
}

async fn relay(State(inbox): State<Arc<Inbox>>, request: Request) -> Response {
    receive(inbox, To::Relay, request).await
}

async fn actor(State(inbox): State<Arc<Inbox>>, Path(handle): Path<String>, request: Request) -> Response {
    match handle.strip_prefix('@') {
        Some(name) if !name.is_empty() => receive(inbox, To::Actor(name.to_owned()), request).await,
        _ => json_error(StatusCode::NOT_FOUND, "not found"),
    }
}

/// `Recipient`, owned, for the task that processes the activity.
enum To {
    Shared,
    Relay,
    Actor(String),
}

async fn receive(inbox: Arc<Inbox>, to: To, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect();
    // HTTP/2 carries the host in the request line, not in a header; signatures cover it.
    if !parts.headers.contains_key(header::HOST)
        && let Some(authority) = parts.uri.authority()
    {
        headers.push(("host".to_owned(), authority.to_string()));
    }
    let target = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    // Any failure to read, not only an oversized body, ends here as "too large": a sender whose
    // connection broke does not read the answer anyway.
    let body = axum::body::to_bytes(body, MAX_ACTIVITY_BYTES).await.ok().map(|b| b.to_vec());
    let request = InboxRequest { target, headers, body };
    // In a task of its own: a sender that hangs up must not stop the processing halfway (a
    // unit stopped after writing would make the others of its batch of writes run again).
    let processed = tokio::spawn(async move {
        let to = match &to {
            To::Shared => Recipient::Shared,
            To::Relay => Recipient::Relay,
            To::Actor(name) => Recipient::Actor(name),
        };
        inbox.receive(to, &request).await
    });
    let outcome = processed.await.unwrap_or_else(|e| {
        tracing::error!(error = %e, "inbox: processing stopped");
        Err(ensemble_federation::inbox::Refusal::new(500, "internal error"))
    });
    match outcome {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(refusal) => {
            let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            json_error(status, refusal.message)
        }
    }
}
