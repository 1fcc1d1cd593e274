//! Actors, events, comments and collections as ActivityStreams documents, showing only what a
//! visitor without an account may see.

use super::{activity, from_app_error, json_error};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ensemble_app::AppError;
use ensemble_app::events::EventDetails;
use ensemble_app::instance::{self, KIND_APPLICATION};
use ensemble_app::published::{self, CollectionPage, PublishedActor, Side};
use ensemble_federation as fed;
use serde::Deserialize;
use serde_json::Value;

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

/// An event as JSON; a deleted one of ours is a Tombstone with 410.
pub async fn event(state: &AppState, uuid: &str) -> Response {
    match published::event(&state.app, uuid).await {
        Ok(details) => activity(StatusCode::OK, &fed::event_to_ap(&details, &state.app.settings.base_url)),
        Err(AppError::NotFound) => match published::event_tombstone(&state.app, uuid).await {
            Ok(Some(row)) => activity(StatusCode::GONE, &fed::tombstone_to_ap(&row)),
            Ok(None) => from_app_error(AppError::NotFound),
            Err(e) => from_app_error(e),
        },
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

/// `?page=N` asks for page N of a collection; without it, the collection itself.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// The page asked for (`Some(1)` for the collection itself, whose first page is inline),
    /// `None` when the number is not one.
    fn number(&self) -> Option<u64> {
        match &self.page {
            None => Some(1),
            Some(n) => n.parse().ok().filter(|n| *n > 0),
        }
    }
}

/// The collection `id` of `owner`, or the page asked for, from page `number`'s items.
fn collection_answer(id: &str, owner: &str, query: &PageQuery, number: u64, page: CollectionPage<Value>) -> Response {
    let page = fed::page_to_ap(id, number, page);
    if query.page.is_some() {
        activity(StatusCode::OK, &page)
    } else {
        activity(StatusCode::OK, &fed::collection_to_ap(id, owner, page))
    }
}

/// `/relay/outbox` (an `Announce` of each public event published here, latest first),
/// `/relay/followers` and `/relay/following` (the instances at either end of its follows).
pub async fn relay_collection(
    State(state): State<AppState>,
    Path(collection): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let Some(number) = query.number() else { return json_error(StatusCode::BAD_REQUEST, "bad page number") };
    let app = &state.app;
    let relay = match instance::instance_actor(app).await {
        Ok(Some(relay)) => relay,
        Ok(None) => return json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => return from_app_error(e),
    };
    let page = match collection.as_str() {
        "outbox" => published::relay_outbox(app, number).await.map(|events| CollectionPage {
            items: events.items.iter().map(|e| fed::activities::announce_event(&relay.ap_id, e)).collect(),
            total: events.total,
        }),
        "followers" | "following" => {
            let side = if collection == "followers" { Side::Followers } else { Side::Following };
            published::relay_follows(app, &relay, side, number).await.map(|page| CollectionPage {
                items: page.items.into_iter().map(Value::from).collect(),
                total: page.total,
            })
        }
        _ => return WebError::NotFound.into_response(),
    };
    match page {
        Ok(page) => collection_answer(&format!("{}/{collection}", relay.ap_id), &relay.ap_id, &query, number, page),
        Err(e) => from_app_error(e),
    }
}

/// `/@name/outbox` (the `Create` of each public event the identity published, latest first),
/// `/@name/followers` and `/@name/following` (empty: people follow groups, not one another).
/// Any other two-segment path is the ordinary "not found" page.
pub async fn collection(
    State(state): State<AppState>,
    Path((handle, collection)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
) -> Response {
    let Some(name) = handle.strip_prefix('@') else { return WebError::NotFound.into_response() };
    if !COLLECTIONS.contains(&collection.as_str()) {
        return WebError::NotFound.into_response();
    }
    let Some(number) = query.number() else { return json_error(StatusCode::BAD_REQUEST, "bad page number") };
    let app = &state.app;
    let profile = match published::actor(app, name).await {
        Ok(Some(PublishedActor::Live(p))) => p,
        Ok(Some(PublishedActor::Gone(row))) => return activity(StatusCode::GONE, &fed::actor_tombstone(&row)),
        Ok(None) => return json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => return from_app_error(e),
    };
    let id = &profile.identity.ap_id;
    let page = if collection == "outbox" {
        match published::outbox(app, &profile.identity, number).await {
            Ok(events) => CollectionPage {
                items: events.items.iter().map(|e| created(e, &app.settings.base_url)).collect(),
                total: events.total,
            },
            Err(e) => return from_app_error(e),
        }
    } else {
        CollectionPage::empty()
    };
    collection_answer(&format!("{id}/{collection}"), id, &query, number, page)
}

/// The `Create` of an event in its organizer's outbox, at an address of its own.
fn created(details: &EventDetails, base_url: &str) -> Value {
    let id = format!("{}/activity", details.event.ap_id);
    fed::activities::event_activity(details, base_url, "Create", &id)
}
