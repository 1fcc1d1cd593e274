//! Comments from other servers: `Create` and `Update` of a `Note` (embedded, as Mastodon and
//! Mobilizon send it) that answers one of our events or a comment we store, written by the
//! activity's actor; `Delete` of such a comment by its author. Each answers `None` when its
//! object is none of those, so that other handlers may take it.

use super::Inbox;
use super::instance_events::refused;
use crate::inbox::verify::{Envelope, Refusal};
use crate::inward::{ap_note_to_comment, author_of};
use ensemble_activitypub::Note;
use ensemble_app::remote::Received;
use ensemble_app::remote_comments;

impl Inbox {
    /// `Create` or `Update` of a comment by its author.
    pub(super) async fn comment_received(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(object) = activity.embedded_object() else { return Ok(None) };
        let Ok(note) = serde_json::from_value::<Note>(object.clone()) else { return Ok(None) };
        let Ok(comment) = ap_note_to_comment(&note) else { return Ok(None) };
        if author_of(&note) != Some(received.actor.ap_id.as_str()) {
            return Err(Refusal::new(403, "a note is sent by its author").because(&comment.ap_id));
        }
        remote_comments::received(self.app(), received, &comment, &activity.value.to_string()).await.map_err(refused)
    }

    /// `Delete` of a stored comment by its author.
    pub(super) async fn comment_deleted(
        &self,
        activity: &Envelope,
        received: Received<'_>,
    ) -> Result<Option<bool>, Refusal> {
        let Some(id) = activity.object_id() else { return Ok(None) };
        remote_comments::deleted(self.app(), received, id, &activity.value.to_string()).await.map_err(refused)
    }
}
