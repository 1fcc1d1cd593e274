//! What other servers must hear of a change, recorded as a `federate` job in the change's own
//! transaction and turned into activities later by a `Federator` (implemented in
//! `ensemble_federation`, which this crate cannot depend on). Who hears what:
//! a public event reaches the instances that follow ours and its remote participants, an
//! unlisted one only its remote participants, drafts and private events nobody. A local
//! identity's comment reaches the same audience as its event, and the organizer of a remote
//! event too. A local identity's profile reaches the instances that follow ours and the
//! servers of the remote events it takes part in.

use crate::jobs::Claim;
use crate::remote_participations::Facts;
use crate::{App, AppResult, deliveries, follows, instance};
use chrono::Utc;
use ensemble_domain::event::Visibility;
use ensemble_domain::participation::ParticipantRole;
use ensemble_store::entities::{actors, comments, events, participations};
use ensemble_store::queries::{actors as actor_queries, jobs};
use ensemble_store::{ConnectionTrait, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;

pub(crate) const KIND: &str = "federate";
/// Retried as mails are: a failure here is ours (the database), not another server's.
const ATTEMPTS: i32 = 16;

/// What happened, as the job's payload says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Federate {
    /// A local event became visible to others: `Create`.
    EventPublished { event_id: i64 },
    /// A published local event changed (edited, cancelled): `Update`.
    EventUpdated { event_id: i64 },
    /// A local event was deleted, or became private: `Delete`. Its rows may be gone, so what
    /// the activity needs is kept here, recipients included.
    EventDeleted { ap_id: String, organizer_id: i64, public: bool, inboxes: Vec<String> },
    /// A local identity commented: `Create` of the `Note`.
    CommentPosted { comment_id: i64 },
    /// A local identity edited its comment: `Update`.
    CommentEdited { comment_id: i64 },
    /// A local identity's comment was deleted (the row stays, marked): `Delete`.
    CommentDeleted { comment_id: i64 },
    /// A local identity changed its name, description or pictures: `Update` of the `Person`.
    IdentityUpdated { actor_id: i64 },
    /// A local identity was deleted (its row stays as a tombstone, its key until this is sent):
    /// `Delete` of the `Person`, to those who heard of it, computed before its rows went.
    IdentityDeleted { actor_id: i64, inboxes: Vec<String> },
    /// Another instance's actor accepted our instance's follow: its outbox is read, so that
    /// its upcoming events come here at once.
    FollowAccepted { actor_id: i64 },
}

/// The ActivityPub side, implemented by `federation`: turns a `Federate` into activities and
/// queues their deliveries (with `deliver`), and writes the participation activities that
/// the participation use cases queue in their own transactions.
pub trait Federator: Send + Sync {
    fn federate<'a>(
        &'a self,
        app: &'a App,
        job: Claim,
        what: &'a Federate,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;
    fn join(&self, facts: &Facts<'_>) -> String;
    fn leave(&self, facts: &Facts<'_>) -> String;
    fn accept(&self, facts: &Facts<'_>) -> String;
    fn reject(&self, facts: &Facts<'_>) -> String;
}

/// Whether other servers may hear of this event at all, and whether it is public.
fn shared(event: &events::Model) -> Option<bool> {
    event.published_at?;
    match Visibility::parse(&event.visibility)? {
        Visibility::Public => Some(true),
        Visibility::Unlisted => Some(false),
        _ => None,
    }
}

/// Records, in the caller's transaction, what other servers must hear of a local event that
/// changed from `before` (`None`: it did not exist) to `after`. A public event turned unlisted
/// is withdrawn from the instances that follow ours, unless people of that server take part in
/// it or commented on it: it is no longer theirs to list.
pub async fn event_changed(
    db: &impl ConnectionTrait,
    before: Option<&events::Model>,
    after: &events::Model,
) -> AppResult<()> {
    let what = match (before.and_then(shared), shared(after)) {
        (None, None) => return Ok(()),
        (None, Some(_)) => Federate::EventPublished { event_id: after.id },
        (Some(_), Some(_)) => Federate::EventUpdated { event_id: after.id },
        (Some(public), None) => withdrawn(db, after, public).await?,
    };
    enqueue(db, &what).await?;
    if before.and_then(shared) == Some(true) && shared(after) == Some(false) {
        let involved = servers_involved(db, after.id).await?;
        let mut inboxes = instance_followers(db).await?;
        inboxes.retain(|inbox| deliveries::host_of(inbox).is_none_or(|host| !involved.contains(&host)));
        if !inboxes.is_empty() {
            let what = Federate::EventDeleted {
                ap_id: after.ap_id.clone(),
                organizer_id: after.organizer_id,
                public: true,
                inboxes,
            };
            enqueue(db, &what).await?;
        }
    }
    Ok(())
}

/// Records, in the caller's transaction and before its rows are deleted, that a local event
/// is being deleted.
pub async fn event_deleted(db: &impl ConnectionTrait, event: &events::Model) -> AppResult<()> {
    match shared(event) {
        Some(public) => enqueue(db, &withdrawn(db, event, public).await?).await,
        None => Ok(()),
    }
}

async fn withdrawn(db: &impl ConnectionTrait, event: &events::Model, public: bool) -> AppResult<Federate> {
    Ok(Federate::EventDeleted {
        ap_id: event.ap_id.clone(),
        organizer_id: event.organizer_id,
        public,
        inboxes: recipients(db, event, public).await?,
    })
}

/// Records, in the caller's transaction, that a comment on `event` by the local `author`
/// changed (`what`), if anyone elsewhere may hear of it.
pub async fn comment_changed(
    db: &impl ConnectionTrait,
    author: &actors::Model,
    event: &events::Model,
    what: Federate,
) -> AppResult<()> {
    let heard = event.domain.is_some() || shared(event).is_some();
    if author.domain.is_some() || !heard {
        return Ok(());
    }
    enqueue(db, &what).await
}

/// A comment by a local identity, with what its `Note` needs.
pub struct LocalComment {
    pub comment: comments::Model,
    pub author: actors::Model,
    pub event: events::Model,
    pub parent: Option<comments::Model>,
}

/// A comment by a local identity, if it and its event still exist.
pub async fn local_comment(app: &App, comment_id: i64) -> AppResult<Option<LocalComment>> {
    let Some(comment) = comments::Entity::find_by_id(comment_id).one(&app.db).await? else { return Ok(None) };
    let Some(author) = local_actor(app, comment.author_id).await? else { return Ok(None) };
    let Some(event) = events::Entity::find_by_id(comment.event_id).one(&app.db).await? else { return Ok(None) };
    let parent = match comment.parent_id {
        Some(id) => comments::Entity::find_by_id(id).one(&app.db).await?,
        None => None,
    };
    Ok(Some(LocalComment { comment, author, event, parent }))
}

/// An actor by id, local or remote.
pub async fn actor(app: &App, actor_id: i64) -> AppResult<Option<actors::Model>> {
    Ok(actors::Entity::find_by_id(actor_id).one(&app.db).await?)
}

/// The inboxes that hear of a comment on `event`: those of the event's lifecycle, and for a
/// remote event its organizer's, so that the comment shows on the organizer's instance.
pub async fn comment_recipients(app: &App, event: &events::Model) -> AppResult<Vec<String>> {
    let mut inboxes = if event.domain.is_none() {
        recipients_of(&app.db, event).await?
    } else {
        match Visibility::parse(&event.visibility) {
            Some(Visibility::Public) => recipients(&app.db, event, true).await?,
            Some(Visibility::Unlisted) => recipients(&app.db, event, false).await?,
            _ => Vec::new(),
        }
    };
    if event.domain.is_some()
        && let Some(organizer) = actor(app, event.organizer_id).await?
        && let Some(inbox) = organizer.shared_inbox_url.or(organizer.inbox_url)
    {
        inboxes.push(inbox);
    }
    inboxes.sort_unstable();
    inboxes.dedup();
    Ok(inboxes)
}

/// Records, in the caller's transaction, that another instance's actor accepted our follow.
pub async fn follow_accepted(db: &impl ConnectionTrait, actor_id: i64) -> AppResult<()> {
    enqueue(db, &Federate::FollowAccepted { actor_id }).await
}

/// Records, in the caller's transaction, that a local identity's profile changed.
pub async fn identity_changed(db: &impl ConnectionTrait, identity: &actors::Model) -> AppResult<()> {
    enqueue(db, &Federate::IdentityUpdated { actor_id: identity.id }).await
}

/// Records, in the caller's transaction and before the identity's participations go, that a
/// local identity is being deleted.
pub async fn identity_deleted(db: &impl ConnectionTrait, identity: &actors::Model) -> AppResult<()> {
    let inboxes = identity_recipients(db, identity).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    enqueue(db, &Federate::IdentityDeleted { actor_id: identity.id, inboxes }).await
}

/// The inboxes that hear of a local identity's profile: the instances that follow ours, and
/// the servers of the remote events it takes part in (they show it among the participants).
pub async fn identity_recipients(db: &impl ConnectionTrait, identity: &actors::Model) -> AppResult<Vec<String>> {
    let mut inboxes = instance_followers(db).await?;
    let event_ids: Vec<i64> = participations::Entity::find()
        .filter(participations::Column::ActorId.eq(identity.id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.event_id)
        .collect();
    let organizer_ids: Vec<i64> = events::Entity::find()
        .filter(events::Column::Id.is_in(event_ids))
        .filter(events::Column::Domain.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.organizer_id)
        .collect();
    let organizers = actors::Entity::find().filter(actors::Column::Id.is_in(organizer_ids)).all(db).await?;
    inboxes.extend(organizers.into_iter().filter_map(|a| a.shared_inbox_url.or(a.inbox_url)));
    inboxes.sort_unstable();
    inboxes.dedup();
    Ok(inboxes)
}

async fn enqueue(db: &impl ConnectionTrait, what: &Federate) -> AppResult<()> {
    let payload = serde_json::to_string(what).map_err(anyhow::Error::from)?;
    jobs::enqueue(db, KIND, payload, Utc::now(), ATTEMPTS).await?;
    Ok(())
}

/// The inboxes that hear of `event` now: none if it is not shared.
pub async fn recipients_of(db: &impl ConnectionTrait, event: &events::Model) -> AppResult<Vec<String>> {
    match shared(event) {
        Some(public) => recipients(db, event, public).await,
        None => Ok(Vec::new()),
    }
}

async fn recipients(db: &impl ConnectionTrait, event: &events::Model, public: bool) -> AppResult<Vec<String>> {
    let mut inboxes = if public { instance_followers(db).await? } else { Vec::new() };
    inboxes.extend(participant_inboxes(db, event.id).await?);
    Ok(inboxes)
}

/// The inboxes of the instances that follow ours.
async fn instance_followers(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    match actor_queries::local_by_username(db, instance::RELAY_USERNAME).await? {
        Some(relay) if relay.kind == instance::KIND_APPLICATION => follows::follower_inboxes(db, relay.id).await,
        _ => Ok(Vec::new()),
    }
}

/// The servers (`host[:port]`) of the event's remote participants and commenters.
async fn servers_involved(db: &impl ConnectionTrait, event_id: i64) -> AppResult<Vec<String>> {
    let mut hosts: Vec<String> =
        participant_inboxes(db, event_id).await?.iter().filter_map(|inbox| deliveries::host_of(inbox)).collect();
    let authors: Vec<i64> = comments::Entity::find()
        .filter(comments::Column::EventId.eq(event_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.author_id)
        .collect();
    let remote = actors::Entity::find()
        .filter(actors::Column::Id.is_in(authors))
        .filter(actors::Column::Domain.is_not_null())
        .all(db)
        .await?;
    hosts.extend(remote.into_iter().filter_map(|a| a.domain));
    Ok(hosts)
}

/// The shared inboxes (else inboxes) of the event's remote participants, refused ones aside.
async fn participant_inboxes(db: &impl ConnectionTrait, event_id: i64) -> AppResult<Vec<String>> {
    let rows = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event_id))
        .filter(participations::Column::Role.ne(ParticipantRole::Rejected.as_str()))
        .filter(participations::Column::ActorId.is_not_null())
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|p| p.actor_id).collect();
    let remote = actors::Entity::find()
        .filter(actors::Column::Id.is_in(ids))
        .filter(actors::Column::Domain.is_not_null())
        .filter(actors::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    Ok(remote.into_iter().filter_map(|a| a.shared_inbox_url.or(a.inbox_url)).collect())
}

/// A local event by id, if it still exists.
pub async fn event(app: &App, event_id: i64) -> AppResult<Option<events::Model>> {
    Ok(events::Entity::find_by_id(event_id).filter(events::Column::Domain.is_null()).one(&app.db).await?)
}

/// A local actor by id (the signer of what is sent).
pub async fn local_actor(app: &App, actor_id: i64) -> AppResult<Option<actors::Model>> {
    Ok(actors::Entity::find_by_id(actor_id).filter(actors::Column::Domain.is_null()).one(&app.db).await?)
}

/// Queues `activity_json`, signed by the local actor `signer_id`, for `inboxes`, and ends the
/// `federate` job `job` in the same transaction: a job run again after a crash finds itself
/// done, instead of sending its activity a second time under another id. Nothing is queued
/// when another runner has claimed the job meanwhile (it sends the activity itself).
pub async fn deliver(app: &App, job: Claim, signer_id: i64, inboxes: &[String], activity_json: &str) -> AppResult<()> {
    if inboxes.is_empty() {
        return Ok(());
    }
    let txn = begin_write(&app.db).await?;
    if !jobs::complete(&txn, job.id, job.attempts).await? {
        tracing::info!(job = job.id, "the job was claimed again meanwhile: its activity is left to that attempt");
        return Ok(());
    }
    deliveries::enqueue(&txn, signer_id, inboxes, activity_json).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_what_happened() {
        let json = serde_json::to_value(Federate::EventPublished { event_id: 7 }).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"what": "event_published", "event_id": 7}));
        let deleted = Federate::EventDeleted {
            ap_id: "https://h.example/events/1".into(),
            organizer_id: 3,
            public: true,
            inboxes: vec!["https://m.example/inbox".into()],
        };
        let json = serde_json::to_string(&deleted).unwrap_or_default();
        assert!(json.contains(r#""what":"event_deleted""#), "{json}");
        assert_eq!(serde_json::from_str::<Federate>(&json).ok(), Some(deleted));
        let json = serde_json::to_value(Federate::CommentDeleted { comment_id: 4 }).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"what": "comment_deleted", "comment_id": 4}));
    }
}
