//! Participation activities, Mobilizon style: `Join` (object: the event, with
//! `participationMessage`), `Leave` (object: the event), and the organizer's `Accept` and
//! `Reject`, whose object is the Join (embedded: id, actor, object), which is how Mobilizon
//! and we find the participation it answers.

use ensemble_activitypub::context;
use ensemble_app::remote_participations::Facts;
use serde_json::json;

pub(crate) fn join(f: &Facts<'_>) -> String {
    let mut join = json!({
        "@context": context(),
        "id": f.id,
        "type": "Join",
        "actor": f.participant,
        "object": f.event,
        "to": [f.organizer],
    });
    // Absent rather than null when there is none.
    if !f.message.is_empty() {
        join["participationMessage"] = json!(f.message);
    }
    join.to_string()
}

pub(crate) fn leave(f: &Facts<'_>) -> String {
    json!({
        "@context": context(),
        "id": f.id,
        "type": "Leave",
        "actor": f.participant,
        "object": f.event,
        "to": [f.organizer],
    })
    .to_string()
}

/// The organizer's `Accept` (or `Reject`) of a Join.
pub(crate) fn answer(accepted: bool, f: &Facts<'_>) -> String {
    json!({
        "@context": context(),
        "id": f.id,
        "type": if accepted { "Accept" } else { "Reject" },
        "actor": f.organizer,
        "object": { "id": f.join_id, "type": "Join", "actor": f.participant, "object": f.event },
        "to": [f.participant],
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const FACTS: Facts<'static> = Facts {
        id: "https://a.example/activities/1",
        join_id: "https://b.example/join/event/2",
        participant: "https://b.example/@camille",
        event: "https://a.example/events/3",
        organizer: "https://a.example/@sensei",
        message: "",
    };

    #[test]
    fn shapes() {
        let join: Value = serde_json::from_str(&join(&FACTS)).unwrap();
        assert_eq!(join["type"], "Join");
        assert_eq!(join["object"], FACTS.event);
        assert_eq!(join["actor"], FACTS.participant);
        assert!(join.get("participationMessage").is_none());
        let accept: Value = serde_json::from_str(&answer(true, &FACTS)).unwrap();
        assert_eq!(accept["actor"], FACTS.organizer);
        assert_eq!(accept["object"]["id"], FACTS.join_id);
        assert_eq!(accept["object"]["object"], FACTS.event);
        assert_eq!(accept["to"][0], FACTS.participant);
        let leave: Value = serde_json::from_str(&leave(&FACTS)).unwrap();
        assert_eq!((leave["type"].as_str(), leave["object"].as_str()), (Some("Leave"), Some(FACTS.event)));
        assert_eq!(serde_json::from_str::<Value>(&answer(false, &FACTS)).unwrap()["type"], "Reject");
    }
}
