//! Comments written on other servers, once `federation` has checked their origin: a `Note`
//! answering one of our events (local or stored remote) or a comment we store becomes a
//! comment by its author; its author alone may change or delete it. Its HTML is sanitised
//! when stored, and nothing is stored when the event's comments are closed.

use crate::remote::{Received, record_activity};
use crate::{App, AppError, AppResult, text};
use chrono::{DateTime, Utc};
use ensemble_domain::event::Visibility;
use ensemble_store::entities::{actors, comments, events};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// Longer HTML is cut before it is sanitised (which closes what the cut left open).
const MAX_HTML_CHARS: usize = 20_000;

/// A comment as its own server describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteComment {
    pub ap_id: String,
    /// The event or comment it answers.
    pub in_reply_to: String,
    /// HTML, sanitised when stored.
    pub content_html: String,
    pub published: Option<DateTime<Utc>>,
}

/// A received `Create` or `Update` of a comment written by the activity's actor. `None` when
/// it answers nothing of ours; `Some(false)` when the activity was already processed.
/// `Forbidden` when another actor wrote the stored comment of that id. On one of our events,
/// the activity (`activity_json`) is passed on to the event's other servers (`forward`).
pub async fn received(
    app: &App,
    received: Received<'_>,
    comment: &RemoteComment,
    activity_json: &str,
) -> AppResult<Option<bool>> {
    let html = text::sanitise_html(&comment.content_html.chars().take(MAX_HTML_CHARS).collect::<String>());
    let html = html.as_str();
    let outcome = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if let Some(stored) = by_ap_id(&txn, &comment.ap_id).await? {
                if stored.author_id != received.actor.id {
                    return Err(AppError::Forbidden);
                }
                if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                    return Ok(Outcome::Duplicate);
                }
                // An update that changes nothing is not passed on again.
                if stored.deleted_at.is_none() && stored.body_html != html {
                    let event_id = stored.event_id;
                    let mut row = stored.into_active_model();
                    row.body = Set(html.to_owned());
                    row.body_html = Set(html.to_owned());
                    row.updated_at = Set(Utc::now());
                    row.update(&txn).await?;
                    forward(&txn, event_id, received.actor, activity_json).await?;
                }
                return Ok(Outcome::Stored);
            }
            let Some((event, parent_id)) = answered(&txn, &comment.in_reply_to).await? else {
                return Ok(Outcome::NotOurs);
            };
            if !event.comments_enabled || !open_to_others(&event) {
                return Ok(Outcome::Closed(event.ap_id));
            }
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(Outcome::Duplicate);
            }
            let now = Utc::now();
            let created = comment.published.filter(|p| *p <= now).unwrap_or(now);
            comments::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4()),
                ap_id: Set(comment.ap_id.clone()),
                event_id: Set(event.id),
                author_id: Set(received.actor.id),
                parent_id: Set(parent_id),
                body: Set(html.to_owned()),
                body_html: Set(html.to_owned()),
                is_announcement: Set(false),
                deleted_at: Set(None),
                created_at: Set(created),
                updated_at: Set(created),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            forward(&txn, event.id, received.actor, activity_json).await?;
            Ok::<_, AppError>(Outcome::Stored)
        })
    })
    .await?;
    Ok(match outcome {
        Outcome::NotOurs => None,
        Outcome::Duplicate => Some(false),
        Outcome::Stored => Some(true),
        Outcome::Closed(event) => {
            tracing::info!(comment = %comment.ap_id, %event, "comments closed, or a private event: ignored");
            Some(true)
        }
    })
}

/// What became of a received comment.
enum Outcome {
    NotOurs,
    Duplicate,
    Stored,
    /// Its event (named) takes no comments from elsewhere.
    Closed(String),
}

/// A received `Delete` of a stored comment, by its author. `None` when no comment of ours has
/// that id. On one of our events, the activity is passed on as for `received`.
pub async fn deleted(app: &App, received: Received<'_>, ap_id: &str, activity_json: &str) -> AppResult<Option<bool>> {
    ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            let Some(stored) = by_ap_id(&txn, ap_id).await? else { return Ok(None) };
            if stored.author_id != received.actor.id {
                return Err(AppError::Forbidden);
            }
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(Some(false));
            }
            if stored.deleted_at.is_some() {
                return Ok(Some(true));
            }
            let event_id = stored.event_id;
            let mut row = stored.into_active_model();
            row.body = Set(String::new());
            row.body_html = Set(String::new());
            row.deleted_at = Set(Some(Utc::now()));
            row.updated_at = Set(Utc::now());
            row.update(&txn).await?;
            forward(&txn, event_id, received.actor, activity_json).await?;
            Ok::<_, AppError>(Some(true))
        })
    })
    .await
}

/// Passes an activity about a comment on `event_id`, when that is one of our events, on to the
/// servers of the event's audience (`federate::recipients_of`) but the author's, signed by the
/// event's organizer: each server then shows the whole discussion, not only the comments sent
/// to it (Mobilizon does not do this). Receivers take the comment from its author's server,
/// not from us.
async fn forward(
    db: &impl ConnectionTrait,
    event_id: i64,
    author: &actors::Model,
    activity_json: &str,
) -> AppResult<()> {
    let Some(event) = events::Entity::find_by_id(event_id).filter(events::Column::Domain.is_null()).one(db).await?
    else {
        return Ok(());
    };
    let mut inboxes = crate::federate::recipients_of(db, &event).await?;
    inboxes.retain(|inbox| crate::deliveries::host_of(inbox) != author.domain);
    crate::deliveries::enqueue(db, event.organizer_id, &inboxes, activity_json).await
}

/// Only public and unlisted events (published, when ours) take comments from elsewhere.
fn open_to_others(event: &events::Model) -> bool {
    let facts = crate::events::facts(event);
    (event.domain.is_some() || facts.published) && matches!(facts.visibility, Visibility::Public | Visibility::Unlisted)
}

async fn by_ap_id(db: &impl ConnectionTrait, ap_id: &str) -> AppResult<Option<comments::Model>> {
    Ok(comments::Entity::find().filter(comments::Column::ApId.eq(ap_id)).one(db).await?)
}

/// The event a reply to `ap_id` belongs to, and its thread (replies go one level deep).
async fn answered(db: &impl ConnectionTrait, ap_id: &str) -> AppResult<Option<(events::Model, Option<i64>)>> {
    if let Some(event) = events::Entity::find().filter(events::Column::ApId.eq(ap_id)).one(db).await? {
        return Ok(Some((event, None)));
    }
    let Some(parent) = by_ap_id(db, ap_id).await? else { return Ok(None) };
    let event = events::Entity::find_by_id(parent.event_id).one(db).await?;
    Ok(event.map(|e| (e, Some(parent.parent_id.unwrap_or(parent.id)))))
}
