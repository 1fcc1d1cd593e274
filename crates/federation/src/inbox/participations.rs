//! Participations in the inbox: remote people's `Join` and `Leave` of our events, and the
//! `Accept` or `Reject` that answers a Join of ours (matched by the Join's id, else by its
//! actor and event when embedded).

use super::{Inbox, internal};
use crate::inbox::verify::{Envelope, Refusal};
use ensemble_app::AppError;
use ensemble_app::remote::Received;
use ensemble_app::remote_participations;
use serde_json::Value;

impl Inbox {
    /// A Join of one of our events; `None` when the object is no event of ours.
    pub(super) async fn joined(&self, activity: &Envelope, received: Received<'_>) -> Result<Option<bool>, Refusal> {
        let event = activity.object_id().ok_or_else(|| Refusal::new(400, "the object has no id"))?;
        let message = activity.value.get("participationMessage").and_then(Value::as_str).unwrap_or_default();
        remote_participations::remote_joined(self.app(), received, event, message).await.map_err(refused)
    }

    /// A Leave of one of our events; `None` when the object is no event of ours. Communecter
    /// leaves with the actor itself as the object and the event as the `target`.
    pub(super) async fn left(&self, activity: &Envelope, received: Received<'_>) -> Result<Option<bool>, Refusal> {
        let object = activity.object_id().ok_or_else(|| Refusal::new(400, "the object has no id"))?;
        let target = activity.value.get("target").and_then(|t| t.as_str().or_else(|| t.get("id")?.as_str()));
        let event = match target {
            Some(target) if object == received.actor.ap_id => target,
            _ => object,
        };
        remote_participations::remote_left(self.app(), received, event).await.map_err(refused)
    }

    /// `Undo` of a `Join` (how some software leaves, where Mobilizon sends `Leave`): a Leave of
    /// the Join's event, only from the Join's actor. The Join is embedded, or given by the id
    /// of a Join we stored; `None` when the object is neither.
    pub(super) async fn join_undone(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        if let Some(Value::String(join_id)) = activity.value.get("object") {
            let Some(event) =
                remote_participations::joined_event(self.app(), received, join_id).await.map_err(refused)?
            else {
                return Ok(None);
            };
            return remote_participations::remote_left(self.app(), received, &event).await.map_err(refused);
        }
        let Some(join) = activity.embedded_object().filter(|o| o.get("type").and_then(Value::as_str) == Some("Join"))
        else {
            return Ok(None);
        };
        let id_of = |key: &str| {
            join.get(key).and_then(|v| match v {
                Value::String(s) => Some(s.as_str()),
                other => other.get("id").and_then(Value::as_str),
            })
        };
        if id_of("actor") != Some(received.actor.ap_id.as_str()) {
            return Err(Refusal::new(403, "undoing someone else's Join"));
        }
        let event = id_of("object").ok_or_else(|| Refusal::new(400, "the Join has no object"))?;
        remote_participations::remote_left(self.app(), received, event).await.map_err(refused)
    }

    /// Accept or Reject of a Join of ours; `None` when the object is not one.
    pub(super) async fn join_answered(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(join_id) = activity.object_id() else { return Ok(None) };
        let embedded = activity.embedded_object();
        let text = |key: &str| {
            embedded.and_then(|o| o.get(key)).and_then(|v| match v {
                Value::String(s) => Some(s.as_str()),
                other => other.get("id").and_then(Value::as_str),
            })
        };
        let pair = text("actor").zip(text("object"));
        let accepted = activity.kind == "Accept";
        remote_participations::answered(self.app(), received, join_id, pair, accepted).await.map_err(refused)
    }
}

fn refused(e: AppError) -> Refusal {
    match e {
        AppError::Forbidden => Refusal::new(403, "not allowed for this actor"),
        AppError::Conflict(code) => Refusal::new(400, "cannot be answered").because(code),
        other => internal(other),
    }
}
