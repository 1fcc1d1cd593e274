//! Participation activities, Mobilizon style: `Join` (object: the event, with
//! `participationMessage`), `Leave` (object: the event), and the organizer's `Accept` and
//! `Reject`, whose object is the Join (embedded: id, actor, object), which is how Mobilizon
//! and we find the participation it answers.

use ensemble_activitypub::context;
use ensemble_app::remote_participations::{Facts, ParticipationActivities};
use serde_json::{Value, json};

/// Plugged into the participation use cases by `web` and the inbox.
pub struct Participations;

impl ParticipationActivities for Participations {
    fn join(&self, f: &Facts<'_>) -> String {
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

    fn leave(&self, f: &Facts<'_>) -> String {
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

    fn accept(&self, f: &Facts<'_>) -> String {
        answer("Accept", f).to_string()
    }

    fn reject(&self, f: &Facts<'_>) -> String {
        answer("Reject", f).to_string()
    }
}

fn answer(kind: &str, f: &Facts<'_>) -> Value {
    json!({
        "@context": context(),
        "id": f.id,
        "type": kind,
        "actor": f.organizer,
        "object": { "id": f.join_id, "type": "Join", "actor": f.participant, "object": f.event },
        "to": [f.participant],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let join: Value = serde_json::from_str(&Participations.join(&FACTS)).unwrap();
        assert_eq!(join["type"], "Join");
        assert_eq!(join["object"], FACTS.event);
        assert_eq!(join["actor"], FACTS.participant);
        assert!(join.get("participationMessage").is_none());
        let accept: Value = serde_json::from_str(&Participations.accept(&FACTS)).unwrap();
        assert_eq!(accept["actor"], FACTS.organizer);
        assert_eq!(accept["object"]["id"], FACTS.join_id);
        assert_eq!(accept["object"]["object"], FACTS.event);
        assert_eq!(accept["to"][0], FACTS.participant);
        let leave: Value = serde_json::from_str(&Participations.leave(&FACTS)).unwrap();
        assert_eq!((leave["type"].as_str(), leave["object"].as_str()), (Some("Leave"), Some(FACTS.event)));
        assert_eq!(serde_json::from_str::<Value>(&Participations.reject(&FACTS)).unwrap()["type"], "Reject");
    }
}
