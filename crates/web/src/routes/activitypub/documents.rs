//! Actors, events, comments and collections as ActivityStreams documents, showing only what a
//! visitor without an account may see.

use super::{activity, from_app_error, json_error};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ensemble_app::instance::{self, KIND_APPLICATION};
use ensemble_app::published::{self, PublishedActor};
use ensemble_federation as fed;

/// `/@name` as JSON: a Person (the instance actor, if asked by this name, as itself), or a
/// Tombstone with 410 for a deleted identity.
pub async fn actor(state: &AppState, name: &str) -> Response {
    let app = &state.app;
    match published::actor(app, name).await {
        Ok(Some(PublishedActor::Live(profile))) if profile.identity.kind == KIND_APPLICATION => activity(
            StatusCode::OK,
            &fed::instance_actor_to_ap(&profile.identity, &app.settings.instance_name, &app.settings.base_url),
        ),
        Ok(Some(PublishedActor::Live(p))) => activity(
            StatusCode::OK,
            &fed::person_to_ap(&p.identity, p.avatar.as_ref(), p.banner.as_ref(), &app.settings.base_url),
        ),
        Ok(Some(PublishedActor::Gone(row))) => activity(StatusCode::GONE, &fed::actor_tombstone(&row)),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => from_app_error(e),
    }
}

pub async fn event(state: &AppState, uuid: &str) -> Response {
    match published::event(&state.app, uuid).await {
        Ok(details) => activity(StatusCode::OK, &fed::event_to_ap(&details, &state.app.settings.base_url)),
        Err(e) => from_app_error(e),
    }
}

pub async fn comment(state: &AppState, uuid: &str) -> Response {
    match published::comment(&state.app, uuid).await {
        Ok(c) if c.comment.deleted_at.is_some() => activity(StatusCode::GONE, &fed::comment_tombstone(&c.comment)),
        Ok(c) => activity(StatusCode::OK, &fed::comment_to_ap(&c.comment, &c.author, &c.event, c.parent.as_ref())),
        Err(e) => from_app_error(e),
    }
}

/// `/relay`: the instance actor, always as JSON.
pub async fn relay(State(state): State<AppState>) -> Response {
    let app = &state.app;
    match instance::instance_actor(app).await {
        Ok(Some(relay)) => activity(
            StatusCode::OK,
            &fed::instance_actor_to_ap(&relay, &app.settings.instance_name, &app.settings.base_url),
        ),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => from_app_error(e),
    }
}

const COLLECTIONS: [&str; 3] = ["outbox", "followers", "following"];

/// `/relay/outbox`, `/relay/followers`, `/relay/following`: empty for now.
pub async fn relay_collection(State(state): State<AppState>, Path(collection): Path<String>) -> Response {
    if !COLLECTIONS.contains(&collection.as_str()) {
        return WebError::NotFound.into_response();
    }
    match instance::instance_actor(&state.app).await {
        Ok(Some(relay)) => {
            activity(StatusCode::OK, &fed::empty_collection(&format!("{}/{collection}", relay.ap_id), &relay.ap_id))
        }
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => from_app_error(e),
    }
}

/// `/@name/outbox`, `/@name/followers`, `/@name/following`: empty collections in the
/// paginated shape until activities and follows exist. Any other two-segment path is the
/// ordinary "not found" page.
pub async fn collection(State(state): State<AppState>, Path((handle, collection)): Path<(String, String)>) -> Response {
    let Some(name) = handle.strip_prefix('@') else { return WebError::NotFound.into_response() };
    if !COLLECTIONS.contains(&collection.as_str()) {
        return WebError::NotFound.into_response();
    }
    match published::actor(&state.app, name).await {
        Ok(Some(PublishedActor::Live(p))) => {
            let id = &p.identity.ap_id;
            activity(StatusCode::OK, &fed::empty_collection(&format!("{id}/{collection}"), id))
        }
        Ok(Some(PublishedActor::Gone(row))) => activity(StatusCode::GONE, &fed::actor_tombstone(&row)),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => from_app_error(e),
    }
}
