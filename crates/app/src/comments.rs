//! Comments on events, one level of replies, and organisers' announcements (shown apart and
//! mailed to participants, anonymous ones included).

use crate::events::{self, standing};
use crate::federate::{self, Federate};
use crate::mail::{Envelope, Mail};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, FieldErrors, jobs, participations, text};
use chrono::Utc;
use ensemble_domain::participation::{EventAction, ParticipantRole};
use ensemble_domain::{FieldError, Locale};
use ensemble_store::entities::{actors, comments, events as event_rows, participations as participation_rows};
use ensemble_store::queries::actors as actor_queries;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};

const MAX_LEN: usize = 5000;

fn parse_body(body: &str) -> AppResult<String> {
    let body = body.trim();
    match body.chars().count() {
        0 => Err(FieldErrors::single("body", FieldError::Required)),
        n if n > MAX_LEN => Err(FieldErrors::single("body", FieldError::TooLong)),
        _ => Ok(body.to_owned()),
    }
}

/// A comment with its author and its replies (for top-level comments).
pub struct Thread {
    pub comment: comments::Model,
    pub author: actors::Model,
    pub replies: Vec<(comments::Model, actors::Model)>,
}

/// What the event page shows: announcements apart, then the discussion, oldest first.
pub struct Discussion {
    pub announcements: Vec<(comments::Model, actors::Model)>,
    pub threads: Vec<Thread>,
}

pub async fn discussion(app: &App, event: &event_rows::Model) -> AppResult<Discussion> {
    let rows = comments::Entity::find()
        .filter(comments::Column::EventId.eq(event.id))
        .order_by_asc(comments::Column::CreatedAt)
        .order_by_asc(comments::Column::Id)
        .all(&app.db)
        .await?;
    // One query for every author, however long the discussion.
    let mut ids: Vec<i64> = rows.iter().map(|c| c.author_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let authors: std::collections::HashMap<i64, actors::Model> = actors::Entity::find()
        .filter(actors::Column::Id.is_in(ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let with_author = |c: &comments::Model| authors.get(&c.author_id).cloned().map(|a| (c.clone(), a));
    let announcements =
        rows.iter().filter(|c| c.is_announcement && c.deleted_at.is_none()).filter_map(with_author).collect();
    let threads = rows
        .iter()
        .filter(|c| !c.is_announcement && c.parent_id.is_none())
        .filter_map(|c| {
            let (comment, author) = with_author(c)?;
            let replies = rows.iter().filter(|r| r.parent_id == Some(c.id)).filter_map(with_author).collect();
            Some(Thread { comment, author, replies })
        })
        .collect();
    Ok(Discussion { announcements, threads })
}

/// Writes a comment (or, for organisers, an announcement) on an event as the viewer's
/// current identity. A reply to a reply joins its thread: replies go one level deep.
pub async fn post_comment(
    app: &App,
    viewer: &Viewer,
    event_uuid: &str,
    body: &str,
    parent: Option<&str>,
    announcement: bool,
) -> AppResult<comments::Model> {
    let event = events::read_by_uuid(&app.db, event_uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(if announcement { EventAction::Announce } else { EventAction::Comment }, who, &event)?;
    let body = parse_body(body)?;
    let parent_id = match parent.filter(|p| !p.is_empty() && !announcement) {
        Some(parent) => {
            let parent = by_uuid(app, parent).await?;
            if parent.event_id != event.id {
                return Err(AppError::NotFound);
            }
            Some(parent.parent_id.unwrap_or(parent.id))
        }
        None => None,
    };
    let uuid = uuid::Uuid::new_v4();
    let now = Utc::now();
    let txn = begin_write(&app.db).await?;
    let saved = comments::ActiveModel {
        uuid: Set(uuid),
        ap_id: Set(app.url(&format!("/comments/{uuid}"))),
        event_id: Set(event.id),
        author_id: Set(viewer.identity.id),
        parent_id: Set(parent_id),
        body_html: Set(text::markdown_to_html(&body)),
        body: Set(body.clone()),
        is_announcement: Set(announcement),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if announcement {
        announce(app, &txn, &event, &body).await?;
    }
    federate::comment_changed(&txn, &viewer.identity, &event, Federate::CommentPosted { comment_id: saved.id }).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Mails an announcement to everyone taking part or waiting for a place, in the same
/// transaction as the announcement itself.
async fn announce(
    app: &App,
    db: &impl ensemble_store::ConnectionTrait,
    event: &event_rows::Model,
    body: &str,
) -> AppResult<()> {
    let roles = [ParticipantRole::CoOrganizer, ParticipantRole::Participant, ParticipantRole::Waitlisted]
        .map(ParticipantRole::as_str);
    let recipients = participation_rows::Entity::find()
        .filter(participation_rows::Column::EventId.eq(event.id))
        .filter(participation_rows::Column::Role.is_in(roles))
        .all(db)
        .await?;
    let link = app.url(&format!("/events/{}", event.uuid));
    for recipient in recipients {
        let cancel = recipient.email.as_ref().map(|_| participations::cancel_link(app, &recipient));
        let mail = Mail::Announcement { event: event.title.clone(), link: link.clone(), note: body.to_owned(), cancel };
        match (&recipient.email, recipient.actor_id) {
            (Some(email), _) => {
                let locale = recipient.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
                jobs::enqueue_mail(db, &Envelope { to: email.clone(), locale, mail }).await?;
            }
            (None, Some(actor_id)) => participations::tell_identity(db, actor_id, mail).await?,
            (None, None) => {}
        }
    }
    Ok(())
}

async fn by_uuid(app: &App, uuid: &str) -> AppResult<comments::Model> {
    let uuid = uuid::Uuid::parse_str(uuid).map_err(|_| AppError::NotFound)?;
    comments::Entity::find().filter(comments::Column::Uuid.eq(uuid)).one(&app.db).await?.ok_or(AppError::NotFound)
}

/// Whether the comment was written by one of the viewer's identities.
async fn is_own(app: &App, viewer: &Viewer, comment: &comments::Model) -> AppResult<bool> {
    Ok(actor_queries::identities_of(&app.db, viewer.account.id).await?.iter().any(|a| a.id == comment.author_id))
}

/// The comment, its event and the viewer's standing, if the viewer may see the event.
async fn visible(
    app: &App,
    viewer: &Viewer,
    uuid: &str,
) -> AppResult<(comments::Model, event_rows::Model, ensemble_domain::participation::Standing)> {
    let (comment, event) = locate(app, Some(viewer), uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), event.id).await?;
    Ok((comment, event, who))
}

/// A comment and its event, for whoever may see the event.
pub async fn locate(app: &App, viewer: Option<&Viewer>, uuid: &str) -> AppResult<(comments::Model, event_rows::Model)> {
    let comment = by_uuid(app, uuid).await?;
    let event = event_rows::Entity::find_by_id(comment.event_id).one(&app.db).await?.ok_or(AppError::NotFound)?;
    let (who, _) = standing(&app.db, viewer, event.id).await?;
    events::require(EventAction::View, who, &event)?;
    Ok((comment, event))
}

/// Changes one's own comment.
pub async fn edit_comment(app: &App, viewer: &Viewer, uuid: &str, body: &str) -> AppResult<comments::Model> {
    let (comment, event, _) = visible(app, viewer, uuid).await?;
    if comment.deleted_at.is_some() || !is_own(app, viewer, &comment).await? {
        return Err(AppError::Forbidden);
    }
    let body = parse_body(body)?;
    let author = comment.author_id;
    let mut row = comment.into_active_model();
    row.body_html = Set(text::markdown_to_html(&body));
    row.body = Set(body);
    row.updated_at = Set(Utc::now());
    let txn = begin_write(&app.db).await?;
    let saved = row.update(&txn).await?;
    changed(&txn, author, &event, Federate::CommentEdited { comment_id: saved.id }).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Deletes a comment: its author, the event's organisers and the instance's moderators may.
/// It stays in its thread as "deleted", so that replies keep their context.
pub async fn delete_comment(app: &App, viewer: &Viewer, uuid: &str) -> AppResult<event_rows::Model> {
    let (comment, event, who) = visible(app, viewer, uuid).await?;
    let allowed = is_own(app, viewer, &comment).await?
        || ensemble_domain::participation::allows(EventAction::ModerateComments, who, events::facts(&event));
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let (comment_id, author) = (comment.id, comment.author_id);
    let mut row = comment.into_active_model();
    row.body = Set(String::new());
    row.body_html = Set(String::new());
    row.deleted_at = Set(Some(Utc::now()));
    row.updated_at = Set(Utc::now());
    let txn = begin_write(&app.db).await?;
    row.update(&txn).await?;
    changed(&txn, author, &event, Federate::CommentDeleted { comment_id }).await?;
    txn.commit().await?;
    Ok(event)
}

/// Records what other servers must hear of a change to the comment of `author_id`: only
/// comments of local identities are federated from here.
async fn changed(
    db: &impl ensemble_store::ConnectionTrait,
    author_id: i64,
    event: &event_rows::Model,
    what: Federate,
) -> AppResult<()> {
    match actors::Entity::find_by_id(author_id).one(db).await? {
        Some(author) => federate::comment_changed(db, &author, event, what).await,
        None => Ok(()),
    }
}

/// Opens or closes an event's comments (organisers and moderators).
pub async fn set_comments_open(app: &App, viewer: &Viewer, event_uuid: &str, open: bool) -> AppResult<()> {
    let event = events::read_by_uuid(&app.db, event_uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(EventAction::ModerateComments, who, &event)?;
    let mut row = event.into_active_model();
    row.comments_enabled = Set(open);
    row.updated_at = Set(Utc::now());
    row.update(&app.db).await?;
    Ok(())
}
