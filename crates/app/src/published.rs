//! What other servers may read: actors, events and comments exactly as a visitor without an
//! account may see them, and deleted ones as "gone" (ActivityPub serves those as tombstones
//! with HTTP 410, so that peers delete their copies).

use crate::identities::{self, Profile};
use crate::{App, AppError, AppResult, events};
use ensemble_store::entities::{actors, comments, events as event_rows};
use ensemble_store::queries::actors as actor_queries;
use sea_orm::EntityTrait;

/// A local actor by username.
pub enum PublishedActor {
    Live(Profile),
    /// Deleted: only its address and the time of deletion remain.
    Gone(actors::Model),
}

/// The local actor named `username` (persons and the instance actor); `None` if there never was one.
pub async fn actor(app: &App, username: &str) -> AppResult<Option<PublishedActor>> {
    let Some(row) = actor_queries::local_by_username(&app.db, &username.to_ascii_lowercase()).await? else {
        return Ok(None);
    };
    if row.deleted_at.is_some() {
        return Ok(Some(PublishedActor::Gone(row)));
    }
    Ok(Some(PublishedActor::Live(identities::with_pictures(app, row).await?)))
}

/// A public or unlisted published event, with what its document shows; `NotFound` otherwise.
pub async fn event(app: &App, uuid: &str) -> AppResult<events::EventDetails> {
    let details = events::event_for(app, None, uuid).await?;
    // Our copy of another server's event is not ours to publish: its server serves it.
    if details.event.domain.is_some() {
        return Err(AppError::NotFound);
    }
    Ok(details)
}

/// A comment on an event a visitor may see.
pub struct PublishedComment {
    pub comment: comments::Model,
    pub author: actors::Model,
    pub event: event_rows::Model,
    /// The comment it answers, for replies.
    pub parent: Option<comments::Model>,
}

pub async fn comment(app: &App, uuid: &str) -> AppResult<PublishedComment> {
    let (comment, event) = crate::comments::locate(app, None, uuid).await?;
    let author = actors::Entity::find_by_id(comment.author_id).one(&app.db).await?.ok_or(AppError::NotFound)?;
    // Another server's comment is served by its own.
    if author.domain.is_some() {
        return Err(AppError::NotFound);
    }
    let parent = match comment.parent_id {
        Some(id) => comments::Entity::find_by_id(id).one(&app.db).await?,
        None => None,
    };
    Ok(PublishedComment { comment, author, event, parent })
}
