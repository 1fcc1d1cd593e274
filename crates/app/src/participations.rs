//! Taking part in events: joining as an identity or anonymously by email, leaving, the
//! organisers' decisions, capacity and the first-come waitlist.

use crate::events::{self, standing};
use crate::mail::{Envelope, Mail};
use crate::remote_participations::{self, remote_participant};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, FieldErrors, crypto, jobs, rate_limit};
use chrono::Utc;
use ensemble_domain::event::{EventStatus, JoinMode};
use ensemble_domain::participation::{EventAction, ParticipantRole};
use ensemble_domain::{Email, FieldError, Locale};
use ensemble_store::entities::{accounts, actors, events as event_rows, participations};
use ensemble_store::queries::lock_event;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};

/// Why a join was refused, beyond a field mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinRefusal {
    AlreadyParticipating,
    Cancelled,
    Past,
    External,
    InviteOnly,
    AnonymousNotAllowed,
}

impl JoinRefusal {
    pub fn code(self) -> &'static str {
        match self {
            JoinRefusal::AlreadyParticipating => "already-participating",
            JoinRefusal::Cancelled => "event-cancelled",
            JoinRefusal::Past => "event-past",
            JoinRefusal::External => "external-registration",
            JoinRefusal::InviteOnly => "invite-only",
            JoinRefusal::AnonymousNotAllowed => "anonymous-not-allowed",
        }
    }
}

pub(crate) fn refuse(reason: JoinRefusal) -> AppError {
    AppError::Conflict(reason.code())
}

/// The role a newcomer gets: organisers' approval first when required, then a place if one
/// is left, else the waitlist. Called with the event locked.
pub(crate) async fn entry_role(
    db: &impl ConnectionTrait,
    event: &event_rows::Model,
    approved: bool,
) -> AppResult<ParticipantRole> {
    let join_mode = JoinMode::parse(&event.join_mode).unwrap_or(JoinMode::Approval);
    if join_mode == JoinMode::Approval && !approved {
        return Ok(ParticipantRole::Pending);
    }
    let (_, taking) = events::going_count(db, event.id).await?;
    let full = event.capacity.is_some_and(|c| taking >= u64::try_from(c).unwrap_or(0));
    let waiting = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event.id))
        .filter(participations::Column::Role.eq(ParticipantRole::Waitlisted.as_str()))
        .one(db)
        .await?
        .is_some();
    // Nobody overtakes the waitlist, even when a place has just been freed.
    Ok(if full || waiting { ParticipantRole::Waitlisted } else { ParticipantRole::Participant })
}

pub(crate) fn check_joinable(event: &event_rows::Model) -> AppResult<JoinMode> {
    if event.status == EventStatus::Cancelled.as_str() {
        return Err(refuse(JoinRefusal::Cancelled));
    }
    if event.ends_at.unwrap_or(event.starts_at) < Utc::now() {
        return Err(refuse(JoinRefusal::Past));
    }
    let join_mode = JoinMode::parse(&event.join_mode).unwrap_or(JoinMode::Approval);
    if join_mode == JoinMode::External {
        return Err(refuse(JoinRefusal::External));
    }
    Ok(join_mode)
}

pub(crate) fn new_participation(
    event_id: i64,
    actor_id: Option<i64>,
    email: Option<String>,
    role: ParticipantRole,
    message: &str,
    locale: Option<Locale>,
) -> participations::ActiveModel {
    let now = Utc::now();
    participations::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        event_id: Set(event_id),
        actor_id: Set(actor_id),
        email: Set(email),
        role: Set(role.as_str().to_owned()),
        message: Set(message.trim().chars().take(2000).collect()),
        locale: Set(locale.map(|l| l.code().to_owned())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Joins an event as one of the viewer's identities (`as_username`); returns the role obtained.
pub async fn join_event(
    app: &App,
    viewer: &Viewer,
    uuid: &str,
    as_username: &str,
    message: &str,
) -> AppResult<ParticipantRole> {
    let viewer = &viewer.acting_as(app, as_username).await?;
    let event = events::read_by_uuid(&app.db, uuid).await?;
    // Remote events are joined with a Join to their server (`remote_participations::join`).
    if event.domain.is_some() {
        return Err(AppError::Forbidden);
    }
    let (who, existing) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(EventAction::View, who, &event)?;
    if existing.as_ref().is_some_and(|p| p.role != ParticipantRole::Invited.as_str()) {
        return Err(refuse(JoinRefusal::AlreadyParticipating));
    }
    let join_mode = check_joinable(&event)?;
    if join_mode == JoinMode::Invite && existing.is_none() {
        return Err(refuse(JoinRefusal::InviteOnly));
    }
    events::require(EventAction::Join, who, &event)?;
    let txn = begin_write(&app.db).await?;
    lock_event(&txn, event.id).await?;
    let role = entry_role(&txn, &event, existing.is_some()).await?;
    match existing {
        Some(invited) => {
            let mut row = invited.into_active_model();
            row.role = Set(role.as_str().to_owned());
            row.message = Set(message.trim().chars().take(2000).collect());
            row.updated_at = Set(Utc::now());
            row.update(&txn).await?;
        }
        None => {
            new_participation(event.id, Some(viewer.identity.id), None, role, message, None)
                .insert(&txn)
                .await
                .map_err(|e| {
                    if ensemble_store::is_unique_violation(&e) {
                        refuse(JoinRefusal::AlreadyParticipating)
                    } else {
                        e.into()
                    }
                })?;
        }
    }
    txn.commit().await?;
    Ok(role)
}

/// Leaves an event. The creator cannot leave their own event (they delete it instead).
/// A place freed goes to the first on the waitlist.
pub async fn leave_event(app: &App, viewer: &Viewer, uuid: &str) -> AppResult<()> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    if event.domain.is_some() {
        return Err(AppError::Forbidden);
    }
    let (_, existing) = standing(&app.db, Some(viewer), event.id).await?;
    let existing = existing.ok_or(AppError::NotFound)?;
    if existing.role == ParticipantRole::Creator.as_str() {
        return Err(AppError::Forbidden);
    }
    remove(app, &event, existing).await
}

async fn remove(app: &App, event: &event_rows::Model, participation: participations::Model) -> AppResult<()> {
    let txn = begin_write(&app.db).await?;
    lock_event(&txn, event.id).await?;
    participations::Entity::delete_by_id(participation.id).exec(&txn).await?;
    fill_free_places(app, &txn, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Gives free places to the waitlist, first come first served, and tells each newcomer.
/// Called inside the transaction that freed the places, with the event locked.
pub(crate) async fn fill_free_places(app: &App, db: &impl ConnectionTrait, event: &event_rows::Model) -> AppResult<()> {
    let (_, mut taking) = events::going_count(db, event.id).await?;
    let waitlist = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event.id))
        .filter(participations::Column::Role.eq(ParticipantRole::Waitlisted.as_str()))
        .order_by_asc(participations::Column::UpdatedAt)
        .order_by_asc(participations::Column::Id)
        .all(db)
        .await?;
    for next in waitlist {
        if event.capacity.is_some_and(|c| taking >= u64::try_from(c).unwrap_or(0)) {
            break;
        }
        let mut row = next.clone().into_active_model();
        row.role = Set(ParticipantRole::Participant.as_str().to_owned());
        row.update(db).await?;
        taking += 1;
        let cancel = next.email.as_ref().map(|_| cancel_link(app, &next));
        tell(
            db,
            &next,
            Mail::WaitlistPromoted {
                event: event.title.clone(),
                link: app.url(&format!("/events/{}", event.uuid)),
                cancel,
            },
        )
        .await?;
    }
    Ok(())
}

/// Queues a mail to a participant: to their account's address, or to the address they gave.
async fn tell(db: &impl ConnectionTrait, participation: &participations::Model, mail: Mail) -> AppResult<()> {
    let (to, locale) = match (&participation.email, participation.actor_id) {
        (Some(email), _) => {
            (email.clone(), participation.locale.as_deref().and_then(Locale::parse).unwrap_or_default())
        }
        (None, Some(actor_id)) => return tell_identity(db, actor_id, mail).await,
        (None, None) => return Ok(()),
    };
    jobs::enqueue_mail(db, &Envelope { to, locale, mail }).await?;
    Ok(())
}

/// Queues a mail to the account behind a local identity.
pub(crate) async fn tell_identity(db: &impl ConnectionTrait, actor_id: i64, mail: Mail) -> AppResult<()> {
    let Some(account) = account_of(db, actor_id).await? else { return Ok(()) };
    let locale = account.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
    jobs::enqueue_mail(db, &Envelope { to: account.email, locale, mail }).await?;
    Ok(())
}

async fn account_of(db: &impl ConnectionTrait, actor_id: i64) -> AppResult<Option<accounts::Model>> {
    let Some(actor) = actors::Entity::find_by_id(actor_id).one(db).await? else { return Ok(None) };
    let Some(account_id) = actor.account_id else { return Ok(None) };
    Ok(accounts::Entity::find_by_id(account_id).one(db).await?)
}

/// A participation and who it is (an identity, or an anonymous address seen by organisers only).
pub struct Participant {
    pub participation: participations::Model,
    pub identity: Option<actors::Model>,
}

/// The participants of an event, for its organisers, optionally of one role.
pub async fn participants(
    app: &App,
    viewer: &Viewer,
    uuid: &str,
    role: Option<ParticipantRole>,
) -> AppResult<(event_rows::Model, Vec<Participant>)> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(EventAction::SeeParticipants, who, &event)?;
    let mut query = participations::Entity::find().filter(participations::Column::EventId.eq(event.id));
    if let Some(role) = role {
        query = query.filter(participations::Column::Role.eq(role.as_str()));
    }
    let rows = query
        .order_by_asc(participations::Column::CreatedAt)
        .order_by_asc(participations::Column::Id)
        .all(&app.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for participation in rows {
        let identity = match participation.actor_id {
            Some(id) => actors::Entity::find_by_id(id).one(&app.db).await?,
            None => None,
        };
        out.push(Participant { participation, identity });
    }
    Ok((event, out))
}

/// An organiser's decision on requests to join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    /// Make a participant a co-organiser.
    Promote,
}

/// Applies a decision to several participations of one event at once; `note` goes to them by
/// mail, and remote participants get the `Accept` or `Reject` of their Join.
pub async fn decide(
    app: &App,
    viewer: &Viewer,
    uuid: &str,
    ids: &[uuid::Uuid],
    decision: Decision,
    note: &str,
) -> AppResult<usize> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(EventAction::ManageParticipants, who, &event)?;
    let note: String = note.trim().chars().take(2000).collect();
    let link = app.url(&format!("/events/{}", event.uuid));
    let txn = begin_write(&app.db).await?;
    lock_event(&txn, event.id).await?;
    let mut changed = 0;
    for id in ids {
        let Some(row) = participations::Entity::find()
            .filter(participations::Column::Uuid.eq(*id))
            .filter(participations::Column::EventId.eq(event.id))
            .one(&txn)
            .await?
        else {
            continue;
        };
        let current = ParticipantRole::parse(&row.role);
        let remote = remote_participant(&txn, &row).await?.is_some();
        let new_role = match (decision, current) {
            (Decision::Approve, Some(ParticipantRole::Pending | ParticipantRole::Rejected)) => {
                match entry_role(&txn, &event, true).await? {
                    // No waitlist for remote people: they wait for a place as pending.
                    ParticipantRole::Waitlisted if remote => continue,
                    role => role,
                }
            }
            (
                Decision::Reject,
                Some(ParticipantRole::Pending | ParticipantRole::Participant | ParticipantRole::Waitlisted),
            ) => ParticipantRole::Rejected,
            (Decision::Promote, Some(ParticipantRole::Participant)) if row.actor_id.is_some() && !remote => {
                ParticipantRole::CoOrganizer
            }
            _ => continue,
        };
        let mut active = row.clone().into_active_model();
        active.role = Set(new_role.as_str().to_owned());
        active.updated_at = Set(Utc::now());
        active.update(&txn).await?;
        changed += 1;
        let cancel = row.email.as_ref().map(|_| cancel_link(app, &row));
        let mail = match new_role {
            ParticipantRole::Participant | ParticipantRole::Waitlisted => Some(Mail::ParticipationApproved {
                event: event.title.clone(),
                link: link.clone(),
                note: note.clone(),
                cancel,
            }),
            ParticipantRole::Rejected => {
                Some(Mail::ParticipationRejected { event: event.title.clone(), note: note.clone(), cancel })
            }
            _ => None,
        };
        if let Some(mail) = mail {
            tell(&txn, &row, mail).await?;
        }
        remote_participations::decided(&txn, app, &event, &row, new_role).await?;
    }
    fill_free_places(app, &txn, &event).await?;
    txn.commit().await?;
    Ok(changed)
}

// --- Anonymous participation -------------------------------------------------------------

fn signed(app: &App, purpose: &str, participation: &participations::Model) -> String {
    crypto::sign(app.settings.secret_key.as_bytes(), &format!("{purpose}:{}", participation.uuid))
}

/// The link in every mail to an anonymous participant that cancels their participation.
/// Derived from the instance secret, so that nothing needs storing and no guess works.
pub fn cancel_link(app: &App, participation: &participations::Model) -> String {
    app.url(&format!("/participations/{}/cancel/{}", participation.uuid, signed(app, "cancel", participation)))
}

fn confirm_link(app: &App, participation: &participations::Model) -> String {
    app.url(&format!("/participations/{}/confirm/{}", participation.uuid, signed(app, "confirm", participation)))
}

/// Joins without an account: the participation waits, uncounted, until the address is
/// confirmed from the mail. The same address twice is the same participation (the mail is
/// sent again). The address is never shown publicly nor sent to other instances.
pub async fn join_anonymously(
    app: &App,
    uuid: &str,
    email: &str,
    message: &str,
    client: &str,
    locale: Locale,
) -> AppResult<()> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    events::require(EventAction::View, ensemble_domain::participation::Standing::VISITOR, &event)?;
    if !events::anonymous_allowed(app, &event) {
        return Err(refuse(JoinRefusal::AnonymousNotAllowed));
    }
    let join_mode = check_joinable(&event)?;
    if join_mode == JoinMode::Invite || event.published_at.is_none() {
        return Err(refuse(JoinRefusal::InviteOnly));
    }
    let email = Email::parse(email).map_err(|e| FieldErrors::single("email", e))?;
    let address = email.as_str().to_lowercase();
    rate_limit::check(&app.db, rate_limit::ANONYMOUS_JOIN_PER_IP, client).await?;
    rate_limit::check(&app.db, rate_limit::MAIL_PER_ADDRESS, &address).await?;
    let txn = begin_write(&app.db).await?;
    let existing = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event.id))
        .filter(participations::Column::Email.eq(address.clone()))
        .one(&txn)
        .await?;
    let participation = match existing {
        Some(p) => p,
        None => {
            new_participation(
                event.id,
                None,
                Some(address.clone()),
                ParticipantRole::Unconfirmed,
                message,
                Some(locale),
            )
            .insert(&txn)
            .await?
        }
    };
    if participation.role == ParticipantRole::Unconfirmed.as_str() {
        let mail = Mail::ConfirmParticipation {
            event: event.title.clone(),
            link: confirm_link(app, &participation),
            cancel: cancel_link(app, &participation),
        };
        jobs::enqueue_mail(&txn, &Envelope { to: address, locale, mail }).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn anonymous_by_link(
    app: &App,
    participation_uuid: &str,
    purpose: &str,
    token: &str,
) -> AppResult<(participations::Model, event_rows::Model)> {
    let invalid = || FieldErrors::single("token", FieldError::LinkInvalid);
    let id = uuid::Uuid::parse_str(participation_uuid).map_err(|_| invalid())?;
    let participation = participations::Entity::find()
        .filter(participations::Column::Uuid.eq(id))
        .one(&app.db)
        .await?
        .ok_or_else(invalid)?;
    if participation.email.is_none()
        || !crypto::verify(app.settings.secret_key.as_bytes(), &format!("{purpose}:{id}"), token)
    {
        return Err(invalid());
    }
    let event = event_rows::Entity::find_by_id(participation.event_id).one(&app.db).await?.ok_or_else(invalid)?;
    Ok((participation, event))
}

/// Confirms an anonymous participation from its mail; returns the role obtained (a second
/// click changes nothing).
pub async fn confirm_anonymous(
    app: &App,
    participation_uuid: &str,
    token: &str,
) -> AppResult<(event_rows::Model, ParticipantRole)> {
    let (participation, event) = anonymous_by_link(app, participation_uuid, "confirm", token).await?;
    if participation.role != ParticipantRole::Unconfirmed.as_str() {
        let role = ParticipantRole::parse(&participation.role).unwrap_or(ParticipantRole::Participant);
        return Ok((event, role));
    }
    check_joinable(&event)?;
    let txn = begin_write(&app.db).await?;
    lock_event(&txn, event.id).await?;
    let role = entry_role(&txn, &event, false).await?;
    let mut row = participation.into_active_model();
    row.role = Set(role.as_str().to_owned());
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    txn.commit().await?;
    Ok((event, role))
}

/// Whether a cancel link is good, to show its confirmation page.
pub async fn anonymous_participation(app: &App, participation_uuid: &str, token: &str) -> AppResult<event_rows::Model> {
    Ok(anonymous_by_link(app, participation_uuid, "cancel", token).await?.1)
}

/// Cancels an anonymous participation from the link in any of its mails, without an account.
pub async fn cancel_anonymous(app: &App, participation_uuid: &str, token: &str) -> AppResult<event_rows::Model> {
    let (participation, event) = anonymous_by_link(app, participation_uuid, "cancel", token).await?;
    remove(app, &event, participation).await?;
    Ok(event)
}

/// Invites a local identity (by username) to an event: the way into private and
/// invitation-only events. Inviting someone already involved changes nothing.
pub async fn invite(app: &App, viewer: &Viewer, uuid: &str, username: &str) -> AppResult<()> {
    let event = events::read_by_uuid(&app.db, uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), event.id).await?;
    events::require(EventAction::ManageParticipants, who, &event)?;
    let username = username.trim().trim_start_matches('@').to_ascii_lowercase();
    let guest = ensemble_store::queries::actors::live_local_by_username(&app.db, &username).await?;
    let Some(guest) = guest.filter(|a| a.kind == ensemble_store::queries::actors::KIND_PERSON) else {
        return Err(FieldErrors::single("username", FieldError::UsernameUnknown));
    };
    let already = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event.id))
        .filter(participations::Column::ActorId.eq(guest.id))
        .one(&app.db)
        .await?;
    if already.is_some() {
        return Ok(());
    }
    let txn = begin_write(&app.db).await?;
    new_participation(event.id, Some(guest.id), None, ParticipantRole::Invited, "", None).insert(&txn).await?;
    let link = app.url(&format!("/events/{}", event.uuid));
    tell_identity(&txn, guest.id, Mail::Invitation { event: event.title.clone(), link }).await?;
    txn.commit().await?;
    Ok(())
}
