//! Instance follows in the inbox: Follows of our instance actor (accepted for instance
//! actors, refused for anyone else), its follows' answers (Accept, Reject: only from the
//! followed actor), and Undo of a follow of ours.

use super::{Inbox, internal};
use crate::inbox::verify::{Envelope, Refusal};
use crate::outbox;
use ensemble_app::follows;
use ensemble_app::remote::{self, Received, RemoteKind};
use ensemble_app::rows::actors;
use serde_json::Value;

impl Inbox {
    /// A Follow of our instance actor: another instance's actor is accepted at once; anyone
    /// else is refused, as for a person.
    pub(super) async fn relay_followed(
        &self,
        activity: &Envelope,
        received: Received<'_>,
        relay: &actors::Model,
    ) -> Result<bool, Refusal> {
        let follower = received.actor;
        let Some(inbox) = follower.inbox_url.as_deref().or(follower.shared_inbox_url.as_deref()) else {
            tracing::info!(follower = %follower.ap_id, "inbox: cannot answer a Follow, the follower has no inbox");
            return Ok(true);
        };
        let base_url = &self.app().settings.base_url;
        if follower.kind != RemoteKind::Application.as_str() {
            let reject = crate::activities::reject_follow(base_url, &relay.ap_id, &activity.id, &follower.ap_id);
            return remote::refuse_follow(self.app(), received, relay, inbox, &reject.to_string())
                .await
                .map_err(internal);
        }
        let accept = outbox::accept_follow(base_url, &relay.ap_id, &activity.id, &follower.ap_id);
        follows::followed_by(self.app(), received, &activity.id, inbox, &accept.to_string()).await.map_err(internal)
    }

    /// Accept or Reject of a Follow of ours; `None` when the object is not one.
    pub(super) async fn follow_answered(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(object) = activity.object_id() else { return Ok(None) };
        let Some(follow) = follows::ours(self.app(), object).await.map_err(internal)? else { return Ok(None) };
        if follow.target_id != received.actor.id {
            tracing::warn!(id = %activity.id, actor = %received.actor.ap_id, "inbox: answer to our Follow from another actor than the followed one, ignored");
            return Ok(Some(true));
        }
        let accepted = activity.kind == "Accept";
        follows::answered(self.app(), received, &follow, accepted).await.map(Some).map_err(internal)
    }

    /// Undo of an instance actor's Follow of ours; `None` when it undoes something else.
    pub(super) async fn follow_undone(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(relay) = ensemble_app::instance::instance_actor(self.app()).await.map_err(internal)? else {
            return Ok(None);
        };
        let undoes_follow = match activity.embedded_object() {
            Some(object) => {
                object.get("type").and_then(Value::as_str) == Some("Follow")
                    && object.get("object").and_then(Value::as_str) == Some(relay.ap_id.as_str())
            }
            None => match activity.object_id() {
                Some(id) => follows::follow_of(self.app(), received.actor, &relay, id).await.map_err(internal)?,
                None => false,
            },
        };
        if !undoes_follow {
            return Ok(None);
        }
        follows::unfollowed_by(self.app(), received).await.map(Some).map_err(internal)
    }
}
