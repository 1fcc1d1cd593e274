//! Activities we send, as JSON ready for the delivery queue. Their ids are fresh
//! `/activities/UUID` addresses on this instance (not served: nobody needs to fetch them).

use crate::Urls;
use ensemble_activitypub::context;
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
