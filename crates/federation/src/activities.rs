//! Activities we send, as JSON ready for the delivery queue. Their ids are fresh
//! `/activities/UUID` addresses on this instance (not served: nobody needs to fetch them).

use crate::{Urls, event_to_ap};
use ensemble_activitypub::context;
use ensemble_app::events::EventDetails;
use ensemble_app::rows::events;
use serde_json::{Value, json};

pub(crate) fn activity_id(base_url: &str) -> String {
    Urls::new(base_url).url(&format!("/activities/{}", uuid::Uuid::new_v4()))
}

/// `actor` refuses the Follow `follow_id` that `follower` sent it. The Follow is embedded
/// (id, actor, object) so that software that forgot its own id still recognises it.
pub fn reject_follow(base_url: &str, actor: &str, follow_id: &str, follower: &str) -> Value {
    json!({
        "@context": context(),
        "id": activity_id(base_url),
        "type": "Reject",
        "actor": actor,
        "object": { "id": follow_id, "type": "Follow", "actor": follower, "object": actor },
        "to": [follower],
    })
}

/// The instance actor `relay` shares a public local event (its outbox item, as Mobilizon's
/// relay lists its instance's events). Not served at its address, as outbox `Create`s are not.
pub fn announce_event(relay: &str, event: &events::Model) -> Value {
    json!({
        "id": format!("{}/announce", event.ap_id),
        "type": "Announce",
        "actor": relay,
        "object": event.ap_id,
        "published": event.published_at.map(crate::utc),
        "to": [format!("{relay}/followers")],
        "cc": [ensemble_activitypub::PUBLIC],
    })
}

/// `kind` (`Create`, `Update`) of a local event as it is now, from its organizer, with the
/// event's context and audience.
pub fn event_activity(details: &EventDetails, base_url: &str, kind: &str, id: &str) -> Value {
    // A struct of strings, numbers and lists: serialising it cannot fail.
    let mut object = serde_json::to_value(event_to_ap(details, base_url)).unwrap_or_default();
    let context = context_of(&mut object);
    json!({
        "@context": context,
        "id": id,
        "type": kind,
        "actor": details.organizer.ap_id,
        "to": object.get("to").cloned().unwrap_or_else(|| json!([])),
        "cc": object.get("cc").cloned().unwrap_or_else(|| json!([])),
        "object": object,
    })
}

/// Moves an embedded object's `@context` out, for the activity that carries it.
pub(crate) fn context_of(object: &mut Value) -> Value {
    object.as_object_mut().and_then(|o| o.remove("@context")).unwrap_or_else(context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reject_of_a_follow() {
        let reject = reject_follow(
            "https://h.example/",
            "https://h.example/@rose",
            "https://m.example/f/1",
            "https://m.example/u/a",
        );
        assert_eq!(reject["type"], "Reject");
        assert_eq!(reject["actor"], "https://h.example/@rose");
        assert_eq!(reject["object"]["id"], "https://m.example/f/1");
        assert_eq!(reject["object"]["actor"], "https://m.example/u/a");
        assert_eq!(reject["object"]["object"], "https://h.example/@rose");
        assert_eq!(reject["to"][0], "https://m.example/u/a");
        assert!(reject["id"].as_str().is_some_and(|id| id.starts_with("https://h.example/activities/")));
        assert_ne!(reject["id"], reject_follow("https://h.example", "a", "b", "c")["id"]);
    }
}
