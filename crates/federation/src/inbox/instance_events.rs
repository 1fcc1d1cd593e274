//! Public events of the servers we follow: `Create` and `Update` of an `Event` by an actor of
//! a followed server (or of an event already stored here), `Announce` of one by a followed
//! instance's actor (fetched by address unless embedded), and `Delete` of a stored remote event
//! by its origin. Each answers `None` when its object is not an event, so that other handlers
//! may take it.

use super::{Inbox, internal};
use crate::fetch::same_origin;
use crate::inbox::verify::{Envelope, Refusal};
use crate::inward::{ap_event_to_remote, is_event, organizer_of};
use ensemble_activitypub::Event;
use ensemble_app::remote::{Received, RemoteKind};
use ensemble_app::rows::actors;
use ensemble_app::{AppError, follows, remote_events};
use serde_json::Value;

impl Inbox {
    /// `Create` or `Update` of an event by its organizer.
    pub(super) async fn event_created(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(id) = activity.object_id() else { return Ok(None) };
        let known = remote_events::by_ap_id(self.app(), id).await.map_err(internal)?.is_some();
        let welcome = known || follows::follows_server_of(self.app(), received.actor).await.map_err(internal)?;
        let object = match activity.embedded_object() {
            Some(object) => object.clone(),
            None if welcome => self.fetch_object(id).await?,
            None => return Ok(None),
        };
        if !is_event(&object) {
            return Ok(None);
        }
        if !welcome {
            tracing::debug!(id = %activity.id, actor = %received.actor.ap_id, "inbox: event from a server we do not follow, ignored");
            return Ok(Some(true));
        }
        self.store_event(object, received).await.map(Some)
    }

    /// `Announce` of an event by a followed instance's actor.
    pub(super) async fn event_announced(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(id) = activity.object_id() else { return Ok(None) };
        let announcer = received.actor;
        if announcer.kind != RemoteKind::Application.as_str()
            || !follows::follows_server_of(self.app(), announcer).await.map_err(internal)?
        {
            return Ok(None);
        }
        // The inbox's origin checks let an embedded object through only on the announcer's
        // origin; anything else is fetched from its own.
        let object = match activity.embedded_object() {
            Some(object) => object.clone(),
            None => self.fetch_object(id).await?,
        };
        if !is_event(&object) {
            return Ok(None);
        }
        self.store_event(object, received).await.map(Some)
    }

    /// `Delete` of a stored remote event, by its origin.
    pub(super) async fn event_deleted(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(id) = activity.object_id() else { return Ok(None) };
        if remote_events::by_ap_id(self.app(), id).await.map_err(internal)?.is_none() {
            return Ok(None);
        }
        remote_events::delete_by_ap_id(self.app(), received, id).await.map(Some).map_err(refused)
    }

    async fn fetch_object(&self, id: &str) -> Result<Value, Refusal> {
        self.fetcher.get(id).await.map_err(|e| Refusal::new(400, "the object cannot be fetched").because(e))
    }

    /// Stores an event document whose origin is checked: its organizer must be on its origin.
    async fn store_event(&self, object: Value, received: Received<'_>) -> Result<bool, Refusal> {
        let unusable = |e: String| Refusal::new(400, "the event is unusable").because(e);
        let event: Event = serde_json::from_value(object).map_err(|e| unusable(e.to_string()))?;
        let data = ap_event_to_remote(&event).map_err(|e| unusable(e.to_owned()))?;
        let organizer = self.organizer(&event, received.actor).await?;
        remote_events::received(self.app(), received, &organizer, &data).await.map_err(refused)
    }

    /// The organizer's row: the sender itself, or an actor of the event's origin, fetched.
    async fn organizer(&self, event: &Event, sender: &actors::Model) -> Result<actors::Model, Refusal> {
        let id = organizer_of(event).ok_or_else(|| Refusal::new(400, "the event has no organizer"))?;
        if id == sender.ap_id {
            return Ok(sender.clone());
        }
        if !same_origin(id, &event.id) {
            return Err(Refusal::new(403, "an actor may only speak for its own origin").because(id));
        }
        self.fetcher
            .resolve_actor(id)
            .await
            .map_err(|e| Refusal::new(400, "the organizer cannot be fetched").because(e))
    }
}

/// `Forbidden` from `app` (another origin's event) is the sender's fault.
pub(super) fn refused(e: AppError) -> Refusal {
    match e {
        AppError::Forbidden => Refusal::new(403, "an actor may only speak for its own origin"),
        other => internal(other),
    }
}
