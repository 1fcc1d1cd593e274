//! What other servers may read: actors, events and comments exactly as a visitor without an
//! account may see them, and deleted ones as "gone" (ActivityPub serves those as tombstones
//! with HTTP 410, so that peers delete their copies).

use crate::identities::{self, Profile};
use crate::{App, AppError, AppResult, events};
use ensemble_store::entities::{actors, comments, events as event_rows, follows, tombstones};
use ensemble_store::queries::actors as actor_queries;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

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

/// What is left of a deleted local event, by its UUID.
pub async fn event_tombstone(app: &App, uuid: &str) -> AppResult<Option<tombstones::Model>> {
    let ap_id = app.url(&format!("/events/{uuid}"));
    Ok(tombstones::Entity::find().filter(tombstones::Column::ApId.eq(ap_id)).one(&app.db).await?)
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

/// Items per page of a collection (outbox, followers, following).
pub const PAGE_SIZE: u64 = 20;

/// One page of a collection, and the size of the whole collection.
pub struct CollectionPage<T> {
    pub items: Vec<T>,
    pub total: u64,
}

impl<T> CollectionPage<T> {
    pub fn empty() -> CollectionPage<T> {
        CollectionPage { items: Vec::new(), total: 0 }
    }
}

/// `page` (from 1) of the public events `organizer` published, latest first: its outbox. Unlisted
/// and private events are left out, as from every list a visitor sees.
pub async fn outbox(
    app: &App,
    organizer: &actors::Model,
    page: u64,
) -> AppResult<CollectionPage<events::EventDetails>> {
    let rows = local_events(app, Some(organizer.id), page).await?;
    let mut items = Vec::with_capacity(rows.items.len());
    for row in rows.items {
        items.push(event(app, &row.uuid.to_string()).await?);
    }
    Ok(CollectionPage { items, total: rows.total })
}

/// `page` (from 1) of the public events published on this instance, latest first: the instance
/// actor's outbox, which instances that follow ours read when they start to.
pub async fn relay_outbox(app: &App, page: u64) -> AppResult<CollectionPage<event_rows::Model>> {
    local_events(app, None, page).await
}

/// The public, published local events (of one organizer), latest first.
async fn local_events(app: &App, organizer_id: Option<i64>, page: u64) -> AppResult<CollectionPage<event_rows::Model>> {
    let mut listed = events::listed().filter(event_rows::Column::Domain.is_null());
    if let Some(id) = organizer_id {
        listed = listed.filter(event_rows::Column::OrganizerId.eq(id));
    }
    let total = listed.clone().count(&app.db).await?;
    let items = listed
        .order_by_desc(event_rows::Column::PublishedAt)
        .order_by_desc(event_rows::Column::Id)
        .offset(offset(page))
        .limit(PAGE_SIZE)
        .all(&app.db)
        .await?;
    Ok(CollectionPage { items, total })
}

/// Whose follows of the instance actor a collection lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The instances following ours.
    Followers,
    /// The instances ours follows.
    Following,
}

/// `page` (from 1) of the instances at one side of the instance actor's accepted follows, by
/// their actor's address, oldest follow first.
pub async fn relay_follows(
    app: &App,
    relay: &actors::Model,
    side: Side,
    page: u64,
) -> AppResult<CollectionPage<String>> {
    let (ours, theirs) = match side {
        Side::Followers => (follows::Column::TargetId, follows::Column::FollowerId),
        Side::Following => (follows::Column::FollowerId, follows::Column::TargetId),
    };
    let listed =
        follows::Entity::find().filter(ours.eq(relay.id)).filter(follows::Column::State.eq(crate::follows::ACCEPTED));
    let total = listed.clone().count(&app.db).await?;
    let ids: Vec<i64> = listed
        .order_by_asc(follows::Column::Id)
        .offset(offset(page))
        .limit(PAGE_SIZE)
        .select_only()
        .column(theirs)
        .into_tuple()
        .all(&app.db)
        .await?;
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(actor) = actors::Entity::find_by_id(id).one(&app.db).await? {
            items.push(actor.ap_id);
        }
    }
    Ok(CollectionPage { items, total })
}

fn offset(page: u64) -> u64 {
    page.saturating_sub(1).saturating_mul(PAGE_SIZE)
}
