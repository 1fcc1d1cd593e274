//! ActivityPub: the documents other servers read. Discovery (WebFinger, host-meta, NodeInfo),
//! the instance actor at `/relay`, actors' (empty, for now) collections, and content
//! negotiation on the canonical URLs `/@name`, `/events/UUID` and `/comments/UUID`: a request
//! that asks for ActivityStreams JSON gets it from `negotiate`, any other goes on to the
//! HTML pages. The inboxes (`inbox.rs`) hand activities to `ensemble_federation::inbox`.

mod discovery;
mod documents;
mod inbox;

use crate::state::AppState;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ensemble_activitypub::{ACTIVITY_JSON, ACTIVITY_JSON_UTF8};
use serde::Serialize;

pub fn router(state: &AppState) -> anyhow::Result<Router<AppState>> {
    let routes = Router::new()
        .route("/.well-known/webfinger", get(discovery::webfinger))
        .route("/.well-known/host-meta", get(discovery::host_meta))
        .route("/.well-known/nodeinfo", get(discovery::nodeinfo_links))
        .route("/nodeinfo/{version}", get(discovery::nodeinfo))
        .route("/.well-known/nodeinfo/{version}", get(discovery::nodeinfo))
        .route("/relay", get(documents::relay))
        // Other methods fall through to "not found"; the inboxes are routes of their own.
        .route("/relay/{collection}", get(documents::relay_collection).fallback(super::not_found))
        .route("/{handle}/{collection}", get(documents::collection).fallback(super::not_found));
    Ok(routes.merge(inbox::router(state)?))
}

/// A JSON answer. Error statuses keep their JSON body through the HTML error pages:
/// `negotiate` puts it back.
pub(crate) fn json(status: StatusCode, content_type: &'static str, value: &impl Serialize) -> Response {
    let body = match serde_json::to_string(value) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "serialising a document");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut response =
        (status, [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body.clone()).into_response();
    if status.is_client_error() || status.is_server_error() {
        response.extensions_mut().insert(JsonBody { content_type, body });
    }
    response
}

/// An ActivityStreams document.
pub(crate) fn activity(status: StatusCode, value: &impl Serialize) -> Response {
    json(status, ACTIVITY_JSON_UTF8, value)
}

/// A JSON error, `{"error": "…"}`.
pub(crate) fn json_error(status: StatusCode, message: &str) -> Response {
    json(status, "application/json; charset=utf-8", &serde_json::json!({ "error": message }))
}

pub(crate) fn from_app_error(e: ensemble_app::AppError) -> Response {
    match e {
        ensemble_app::AppError::NotFound | ensemble_app::AppError::Forbidden => {
            json_error(StatusCode::NOT_FOUND, "not found")
        }
        other => {
            tracing::error!(error = ?other, "federation document");
            json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

/// The JSON body of an error response, kept aside for `negotiate`.
#[derive(Clone)]
struct JsonBody {
    content_type: &'static str,
    body: String,
}

/// Whether the request asks for ActivityStreams JSON: `application/activity+json`, or
/// `application/ld+json` (with or without the ActivityStreams profile), with a non-zero q.
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let refused =
            parts.any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
        !refused && (media == ACTIVITY_JSON || media == "application/ld+json")
    })
}

/// The canonical URLs that have an ActivityStreams form.
enum Canonical<'a> {
    Actor(&'a str),
    Event(&'a str),
    Comment(&'a str),
}

fn canonical(path: &str) -> Option<Canonical<'_>> {
    if let Some(name) = path.strip_prefix("/@") {
        return (!name.is_empty() && !name.contains('/')).then_some(Canonical::Actor(name));
    }
    if let Some(uuid) = path.strip_prefix("/events/") {
        return (!uuid.is_empty() && !uuid.contains('/')).then_some(Canonical::Event(uuid));
    }
    if let Some(uuid) = path.strip_prefix("/comments/") {
        return (!uuid.is_empty() && !uuid.contains('/')).then_some(Canonical::Comment(uuid));
    }
    None
}

/// Installed around the error pages: answers ActivityStreams requests on the canonical URLs,
/// passes every other request on (adding `Vary: Accept` where the answer depends on it), and
/// restores the JSON body of federation errors that the error pages replaced.
pub async fn negotiate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_get = request.method() == Method::GET || request.method() == Method::HEAD;
    let path = request.uri().path().to_owned();
    let target = if is_get { canonical(&path) } else { None };
    if let Some(target) = &target
        && wants_activity_json(request.headers())
    {
        let mut response = match target {
            Canonical::Actor(name) => documents::actor(&state, name).await,
            Canonical::Event(uuid) => documents::event(&state, uuid).await,
            Canonical::Comment(uuid) => documents::comment(&state, uuid).await,
        };
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
        return response;
    }
    let mut response = next.run(request).await;
    if target.is_some() {
        response.headers_mut().append(header::VARY, HeaderValue::from_static("Accept"));
    }
    if let Some(JsonBody { content_type, body }) = response.extensions_mut().remove::<JsonBody>() {
        let (mut parts, _) = response.into_parts();
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::from(body));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")));
        h
    }

    #[test]
    fn accept_headers() {
        assert!(wants_activity_json(&accept("application/activity+json")));
        assert!(wants_activity_json(&accept("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"")));
        assert!(wants_activity_json(&accept("application/ld+json")));
        assert!(wants_activity_json(&accept("text/html, application/activity+json;q=0.9")));
        assert!(!wants_activity_json(&accept("text/html,application/xhtml+xml,*/*;q=0.8")));
        assert!(!wants_activity_json(&accept("application/activity+json;q=0")));
        assert!(!wants_activity_json(&HeaderMap::new()));
    }

    #[test]
    fn canonical_paths() {
        assert!(matches!(canonical("/@rose"), Some(Canonical::Actor("rose"))));
        assert!(canonical("/@rose/outbox").is_none());
        assert!(matches!(canonical("/events/abc"), Some(Canonical::Event("abc"))));
        assert!(canonical("/events/abc/edit").is_none());
        assert!(matches!(canonical("/comments/abc"), Some(Canonical::Comment("abc"))));
        assert!(canonical("/events").is_none());
    }
}
