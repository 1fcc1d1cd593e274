//! Participations across servers, Mobilizon style. A local identity joins a remote event with
//! a `Join` to its organizer, and stays `pending` until the `Accept` (→ participant) or
//! `Reject` (→ rejected) that names that Join; leaving sends `Leave`. A remote person's `Join`
//! of a local event follows the rules of local joins (`participations`), and is answered with
//! `Accept` when a place is theirs, `Reject` when the event cannot be joined or is full (remote
//! people are not put on the waitlist: their server could not tell them when they get a place),
//! and nothing while the organisers decide, whose decision then sends the answer.
//!
//! The activities themselves are written by `federation` through the `Federator` (`crate::federate`);
//! they are queued in the transaction of the change, signed by the local actor concerned.

use crate::events::{self, standing};
use crate::mail::Mail;
use crate::participations::{self, JoinRefusal, check_joinable, entry_role, new_participation, refuse};
use crate::remote::{Received, record_activity};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, deliveries};
use chrono::Utc;
use ensemble_domain::event::{JoinMode, Visibility};
use ensemble_domain::participation::{EventAction, ParticipantRole};
use ensemble_store::entities::{actors, events as event_rows, participations as participation_rows};
use ensemble_store::queries::lock_event;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// What a participation activity says: plain addresses, no ActivityPub.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The new activity's id, on this instance.
    pub id: &'a str,
    /// The Join this is about (the Join itself, for `join`).
    pub join_id: &'a str,
    pub participant: &'a str,
    pub event: &'a str,
    pub organizer: &'a str,
    pub message: &'a str,
}

/// Joins an event as one of the viewer's identities: a local one as `participations::join_event`
/// does, a remote one by sending `Join` to its organizer (the role is then `pending`).
pub async fn join(
    app: &App,
    viewer: &Viewer,
    uuid: &str,
    as_username: &str,
    message: &str,
) -> AppResult<ParticipantRole> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    if event.domain.is_none() {
        return participations::join_event(app, viewer, uuid, as_username, message).await;
    }
    let viewer = &viewer.acting_as(app, as_username).await?;
    let (who, existing) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(EventAction::View, who, &event)?;
    if existing.is_some() {
        return Err(refuse(JoinRefusal::AlreadyParticipating));
    }
    if check_joinable(&event)? == JoinMode::Invite {
        return Err(refuse(JoinRefusal::InviteOnly));
    }
    events::require(EventAction::Join, who, &event)?;
    let organizer = actor(&app.db, event.organizer_id).await?;
    let inbox = inbox_of(&organizer)?;
    let join_id = new_id(app, "join/event");
    let message: String = message.trim().chars().take(2000).collect();
    let facts = Facts {
        id: &join_id,
        join_id: &join_id,
        participant: &viewer.identity.ap_id,
        event: &event.ap_id,
        organizer: &organizer.ap_id,
        message: &message,
    };
    let txn = begin_write(&app.db).await?;
    let mut row = new_participation(event.id, Some(viewer.identity.id), None, ParticipantRole::Pending, &message, None);
    row.join_ap_id = Set(Some(join_id.clone()));
    row.insert(&txn).await.map_err(|e| {
        if ensemble_store::is_unique_violation(&e) { refuse(JoinRefusal::AlreadyParticipating) } else { e.into() }
    })?;
    deliveries::enqueue(&txn, viewer.identity.id, &[inbox], &app.federator.join(&facts)).await?;
    txn.commit().await?;
    tracing::info!(event = %event.ap_id, participant = %viewer.identity.ap_id, "remote event joined");
    Ok(ParticipantRole::Pending)
}

/// Leaves an event: a local one as `participations::leave_event` does; a remote one by
/// sending `Leave` to its organizer.
pub async fn leave(app: &App, viewer: &Viewer, uuid: &str) -> AppResult<()> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    if event.domain.is_none() {
        return participations::leave_event(app, viewer, uuid).await;
    }
    let (_, existing) = standing(&app.db, Some(viewer), event.id).await?;
    let existing = existing.ok_or(AppError::NotFound)?;
    let organizer = actor(&app.db, event.organizer_id).await?;
    let leave_id = new_id(app, "leave/event");
    let facts = Facts {
        id: &leave_id,
        join_id: existing.join_ap_id.as_deref().unwrap_or_default(),
        participant: &viewer.identity.ap_id,
        event: &event.ap_id,
        organizer: &organizer.ap_id,
        message: "",
    };
    let txn = begin_write(&app.db).await?;
    participation_rows::Entity::delete_by_id(existing.id).exec(&txn).await?;
    // Nobody to tell when the organizer's server is unknown: leaving still works here.
    if let Ok(inbox) = inbox_of(&organizer) {
        deliveries::enqueue(&txn, viewer.identity.id, &[inbox], &app.federator.leave(&facts)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A remote event's organizer answered a Join of ours (`join_id`, else the Join of
/// `participant` for `event`). `None` when it is no Join of ours, so the inbox may try other
/// meanings; `Some(false)` when already processed.
pub async fn answered(
    app: &App,
    received: Received<'_>,
    join_id: &str,
    participant_and_event: Option<(&str, &str)>,
    accepted: bool,
) -> AppResult<Option<bool>> {
    let Some((participation, event)) = our_join(&app.db, join_id, participant_and_event).await? else {
        return Ok(None);
    };
    // Only the event's own server speaks for it.
    if event.domain.is_none() || event.domain != received.actor.domain {
        return Err(AppError::Forbidden);
    }
    let (participation, event) = (&participation, &event);
    let processed = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(Some(false));
            }
            let role = if accepted { ParticipantRole::Participant } else { ParticipantRole::Rejected };
            let actor_id = participation.actor_id;
            let mut row = participation.clone().into_active_model();
            row.role = Set(role.as_str().to_owned());
            row.updated_at = Set(Utc::now());
            row.update(&txn).await?;
            if let Some(actor_id) = actor_id {
                let link = app.url(&format!("/events/{}", event.uuid));
                let mail = if accepted {
                    Mail::ParticipationApproved { event: event.title.clone(), link, note: String::new(), cancel: None }
                } else {
                    Mail::ParticipationRejected { event: event.title.clone(), note: String::new(), cancel: None }
                };
                participations::tell_identity(&txn, actor_id, mail).await?;
            }
            Ok::<_, AppError>(Some(true))
        })
    })
    .await?;
    if processed == Some(true) {
        tracing::info!(event = %event.ap_id, accepted, "answer to our Join");
    }
    Ok(processed)
}

/// A remote person's Join of `event_ap_id`. `None` when that is no event of ours.
pub async fn remote_joined(
    app: &App,
    received: Received<'_>,
    event_ap_id: &str,
    message: &str,
) -> AppResult<Option<bool>> {
    let Some(event) = local_event(&app.db, event_ap_id).await? else { return Ok(None) };
    let person = received.actor;
    let organizer = actor(&app.db, event.organizer_id).await?;
    let inbox = inbox_of(person)?;
    let answer_id = new_id(app, "activities");
    let facts = Facts {
        id: &answer_id,
        join_id: received.ap_id,
        participant: &person.ap_id,
        event: &event.ap_id,
        organizer: &organizer.ap_id,
        message,
    };
    let (event, organizer, inbox, facts) = (&event, &organizer, &inbox, &facts);
    let role = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, person.id, received.kind).await? {
                return Ok(None);
            }
            lock_event(&txn, event.id).await?;
            let existing = participation_rows::Entity::find()
                .filter(participation_rows::Column::EventId.eq(event.id))
                .filter(participation_rows::Column::ActorId.eq(person.id))
                .one(&txn)
                .await?;
            let role = match &existing {
                // Asked again (a retry on their side): the answer is the same as before.
                Some(row) => ParticipantRole::parse(&row.role).unwrap_or(ParticipantRole::Pending),
                None if joinable_from_afar(event) => entry_role(&txn, event, false).await?,
                None => ParticipantRole::Rejected,
            };
            let activity = match role {
                ParticipantRole::Participant | ParticipantRole::CoOrganizer => Some(app.federator.accept(facts)),
                ParticipantRole::Rejected | ParticipantRole::Waitlisted => Some(app.federator.reject(facts)),
                _ => None,
            };
            if existing.is_none() && matches!(role, ParticipantRole::Participant | ParticipantRole::Pending) {
                let mut row = new_participation(event.id, Some(person.id), None, role, message, None);
                row.join_ap_id = Set(Some(received.ap_id.to_owned()));
                row.insert(&txn).await?;
            }
            if let Some(activity) = activity {
                deliveries::enqueue(&txn, organizer.id, std::slice::from_ref(inbox), &activity).await?;
            }
            Ok::<_, AppError>(Some(role))
        })
    })
    .await?;
    if let Some(role) = role {
        tracing::info!(event = %event.ap_id, participant = %person.ap_id, role = role.as_str(), "remote join");
    }
    Ok(Some(role.is_some()))
}

/// A remote person left `event_ap_id`; a place freed goes to the waitlist. `None` when that
/// is no event of ours.
pub async fn remote_left(app: &App, received: Received<'_>, event_ap_id: &str) -> AppResult<Option<bool>> {
    let Some(event) = local_event(&app.db, event_ap_id).await? else { return Ok(None) };
    let event = &event;
    ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(Some(false));
            }
            lock_event(&txn, event.id).await?;
            participation_rows::Entity::delete_many()
                .filter(participation_rows::Column::EventId.eq(event.id))
                .filter(participation_rows::Column::ActorId.eq(received.actor.id))
                .filter(participation_rows::Column::Role.ne(ParticipantRole::Creator.as_str()))
                .exec(&txn)
                .await?;
            participations::fill_free_places(app, &txn, event).await?;
            Ok::<_, AppError>(Some(true))
        })
    })
    .await
}

/// The address of our event that a remote person joined with the Join `join_id`, for an
/// `Undo` of that Join given by its id only. `None` when no participation in one of our events
/// came from that Join; `Forbidden` when someone else than the Join's actor undoes it.
pub async fn joined_event(app: &App, received: Received<'_>, join_id: &str) -> AppResult<Option<String>> {
    let Some(participation) = participation_rows::Entity::find()
        .filter(participation_rows::Column::JoinApId.eq(join_id))
        .one(&app.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(event) = event_rows::Entity::find_by_id(participation.event_id)
        .filter(event_rows::Column::Domain.is_null())
        .one(&app.db)
        .await?
    else {
        return Ok(None);
    };
    if participation.actor_id != Some(received.actor.id) {
        return Err(AppError::Forbidden);
    }
    Ok(Some(event.ap_id))
}

/// Queues, in the organisers' decision's transaction, the answer to a remote participant:
/// `Accept` when `role` gives them a place, `Reject` when refused. Local participants and
/// other roles need nothing.
pub(crate) async fn decided(
    db: &impl ConnectionTrait,
    app: &App,
    event: &event_rows::Model,
    participation: &participation_rows::Model,
    role: ParticipantRole,
) -> AppResult<()> {
    let Some(person) = remote_participant(db, participation).await? else { return Ok(()) };
    let organizer = actor(db, event.organizer_id).await?;
    let answer_id = new_id(app, "activities");
    let facts = Facts {
        id: &answer_id,
        join_id: participation.join_ap_id.as_deref().unwrap_or_default(),
        participant: &person.ap_id,
        event: &event.ap_id,
        organizer: &organizer.ap_id,
        message: "",
    };
    let activity = match role {
        ParticipantRole::Participant => app.federator.accept(&facts),
        ParticipantRole::Rejected => app.federator.reject(&facts),
        _ => return Ok(()),
    };
    deliveries::enqueue(db, organizer.id, &[inbox_of(&person)?], &activity).await
}

/// The remote actor of a participation, if it is one.
pub(crate) async fn remote_participant(
    db: &impl ConnectionTrait,
    participation: &participation_rows::Model,
) -> AppResult<Option<actors::Model>> {
    let Some(actor_id) = participation.actor_id else { return Ok(None) };
    Ok(actors::Entity::find_by_id(actor_id).filter(actors::Column::Domain.is_not_null()).one(db).await?)
}

/// Public and unlisted published events that can be joined without an invitation.
fn joinable_from_afar(event: &event_rows::Model) -> bool {
    let shared = event.published_at.is_some()
        && matches!(Visibility::parse(&event.visibility), Some(Visibility::Public | Visibility::Unlisted));
    shared && matches!(check_joinable(event), Ok(JoinMode::Free | JoinMode::Approval))
}

async fn our_join(
    db: &impl ConnectionTrait,
    join_id: &str,
    participant_and_event: Option<(&str, &str)>,
) -> AppResult<Option<(participation_rows::Model, event_rows::Model)>> {
    let by_id =
        participation_rows::Entity::find().filter(participation_rows::Column::JoinApId.eq(join_id)).one(db).await?;
    let participation = match (by_id, participant_and_event) {
        (Some(row), _) => Some(row),
        // Some servers answer with a Join of their own making: the pair names ours.
        (None, Some((participant, event))) => {
            let Some(person) = actors::Entity::find()
                .filter(actors::Column::ApId.eq(participant))
                .filter(actors::Column::Domain.is_null())
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            let Some(event) = event_rows::Entity::find().filter(event_rows::Column::ApId.eq(event)).one(db).await?
            else {
                return Ok(None);
            };
            participation_rows::Entity::find()
                .filter(participation_rows::Column::EventId.eq(event.id))
                .filter(participation_rows::Column::ActorId.eq(person.id))
                .one(db)
                .await?
        }
        (None, None) => None,
    };
    let Some(participation) = participation else { return Ok(None) };
    let Some(event) = event_rows::Entity::find_by_id(participation.event_id).one(db).await? else { return Ok(None) };
    // Ours: a local identity's participation in a remote event.
    if event.domain.is_none() || remote_participant(db, &participation).await?.is_some() {
        return Ok(None);
    }
    Ok(Some((participation, event)))
}

async fn local_event(db: &impl ConnectionTrait, ap_id: &str) -> AppResult<Option<event_rows::Model>> {
    Ok(event_rows::Entity::find()
        .filter(event_rows::Column::ApId.eq(ap_id))
        .filter(event_rows::Column::Domain.is_null())
        .one(db)
        .await?)
}

async fn actor(db: &impl ConnectionTrait, id: i64) -> AppResult<actors::Model> {
    actors::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// Where to deliver to an actor: its shared inbox, else its own.
fn inbox_of(actor: &actors::Model) -> AppResult<String> {
    actor
        .shared_inbox_url
        .clone()
        .or_else(|| actor.inbox_url.clone())
        .ok_or(AppError::Conflict("organizer-unreachable"))
}

/// A fresh activity id on this instance (not served: nobody needs to fetch it).
fn new_id(app: &App, path: &str) -> String {
    app.url(&format!("/{path}/{}", uuid::Uuid::new_v4()))
}
