//! HTTP routes, one module per feature. Handlers parse the request, call one use case, and
//! pick a view or a redirect; they hold no rules of their own.

pub mod accounts;
pub mod activitypub;
pub mod admin;
pub mod assets;
pub mod comments;
pub mod events;
pub mod feeds;
pub mod home;
pub mod identities;
pub mod participations;
pub mod profiles;
pub mod search;

use crate::error::WebError;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Renders a page with a status (422 for a refused form, so tools see the failure).
pub fn render(status: StatusCode, view: &impl Template) -> Result<Response, WebError> {
    Ok((status, Html(view.render()?)).into_response())
}

pub fn ok(view: &impl Template) -> Result<Response, WebError> {
    render(StatusCode::OK, view)
}

/// A local path to go back to after a header form; anything else goes home.
pub fn safe_back(back: &str) -> &str {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') { back } else { "/" }
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}
