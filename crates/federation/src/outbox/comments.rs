//! Comments of local identities: `Create`, `Update` and `Delete` (of a `Tombstone`) of their
//! `Note`, from the author, to the audience of the event (and a remote event's organizer).

use crate::activities::{activity_id, context_of};
use crate::{comment_to_ap, comment_tombstone};
use ensemble_app::App;
use ensemble_app::federate;
use ensemble_app::jobs::Claim;
use serde_json::{Value, json};

/// What is sent of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    Created,
    Updated,
    Deleted,
}

pub(super) async fn comment_activity(app: &App, job: Claim, comment_id: i64, change: Change) -> anyhow::Result<()> {
    let Some(local) = federate::local_comment(app, comment_id).await? else {
        tracing::debug!(comment = comment_id, "comment or author gone since: nothing to send");
        return Ok(());
    };
    let inboxes = federate::comment_recipients(app, &local.event).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let note = serde_json::to_value(comment_to_ap(&local.comment, &local.author, &local.event, local.parent.as_ref()))?;
    let (kind, mut object) = match change {
        Change::Created => ("Create", note.clone()),
        Change::Updated => ("Update", note.clone()),
        Change::Deleted => ("Delete", serde_json::to_value(comment_tombstone(&local.comment))?),
    };
    let context = context_of(&mut object);
    let mut cc = note.get("cc").cloned().unwrap_or_else(|| json!([]));
    if local.event.domain.is_some()
        && let Some(organizer) = federate::actor(app, local.event.organizer_id).await?
        && let Value::Array(cc) = &mut cc
    {
        cc.push(Value::from(organizer.ap_id));
    }
    let activity = json!({
        "@context": context,
        "id": activity_id(&app.settings.base_url),
        "type": kind,
        "actor": local.author.ap_id,
        "to": note.get("to").cloned().unwrap_or_else(|| json!([])),
        "cc": cc,
        "object": object,
    });
    federate::deliver(app, job, local.author.id, &inboxes, &activity.to_string()).await?;
    Ok(())
}
