//! Local actors as ActivityPub documents: identities as `Person`, the instance as an
//! `Application`. Nothing in them joins two identities of one account: each has its own
//! id, key and collections, and the account is never named.

use crate::{Urls, utc};
use ensemble_activitypub::{
    Actor, Document, Endpoints, Kind, OneOrMany, OrderedCollection, OrderedCollectionPage, PublicKey, Reference,
    Tombstone, context,
};
use ensemble_app::rows::{actors, media};

fn image(kind: &str, urls: &Urls, file: &media::Model) -> OneOrMany<Reference<Document>> {
    OneOrMany::One(Reference::Object(Document::image(kind, &urls.media(&file.file_name), &file.content_type)))
}

/// What every local actor has: id, names, inbox and collections, the shared inbox, the key.
fn local_actor(actor: &actors::Model, kind: &str, urls: &Urls) -> Actor {
    let id = actor.ap_id.clone();
    Actor {
        context: Some(context()),
        kind: Kind::named(kind),
        preferred_username: Some(actor.username.clone()),
        name: Some(if actor.display_name.is_empty() { actor.username.clone() } else { actor.display_name.clone() }),
        summary: (!actor.bio_html.is_empty()).then(|| actor.bio_html.clone()),
        url: Some(OneOrMany::One(Reference::Iri(id.clone()))),
        inbox: Some(Urls::under(&id, "inbox")),
        outbox: Some(Urls::under(&id, "outbox")),
        followers: Some(Urls::under(&id, "followers")),
        following: Some(Urls::under(&id, "following")),
        endpoints: Some(Endpoints { shared_inbox: Some(urls.shared_inbox()) }),
        public_key: Some(OneOrMany::One(PublicKey {
            id: format!("{id}#main-key"),
            owner: id.clone(),
            public_key_pem: actor.public_key_pem.clone(),
        })),
        published: Some(utc(actor.created_at)),
        id,
        ..Default::default()
    }
}

/// An identity as a `Person`. People follow groups and instances, not persons, so a
/// Follow will be answered by a Reject: `manuallyApprovesFollowers` says so in advance.
pub fn person_to_ap(
    identity: &actors::Model,
    avatar: Option<&media::Model>,
    banner: Option<&media::Model>,
    base_url: &str,
) -> Actor {
    let urls = Urls::new(base_url);
    Actor {
        icon: avatar.map(|m| image("Image", &urls, m)),
        image: banner.map(|m| image("Image", &urls, m)),
        discoverable: Some(false),
        manually_approves_followers: Some(true),
        ..local_actor(identity, "Person", &urls)
    }
}

/// The instance actor (`/relay`), an `Application` named after the instance. Its inbox is
/// the shared inbox, as in Mobilizon; instances that follow it are approved by an admin.
pub fn instance_actor_to_ap(actor: &actors::Model, instance_name: &str, base_url: &str) -> Actor {
    let urls = Urls::new(base_url);
    Actor {
        name: Some(instance_name.to_owned()),
        inbox: Some(urls.shared_inbox()),
        discoverable: Some(true),
        manually_approves_followers: Some(true),
        ..local_actor(actor, "Application", &urls)
    }
}

/// A deleted actor, served with HTTP 410.
pub fn actor_tombstone(actor: &actors::Model) -> Tombstone {
    Tombstone {
        context: Some(context()),
        id: actor.ap_id.clone(),
        kind: Kind::named("Tombstone"),
        former_type: Some("Person".into()),
        deleted: actor.deleted_at.map(utc),
    }
}

/// An empty collection (outbox, followers, following) in the paginated shape: the
/// collection with its total and its first page inline.
pub fn empty_collection(id: &str, attributed_to: &str) -> OrderedCollection {
    OrderedCollection {
        context: Some(context()),
        id: id.to_owned(),
        kind: Kind::named("OrderedCollection"),
        attributed_to: Some(attributed_to.to_owned()),
        total_items: Some(0),
        first: Some(Reference::Object(Box::new(OrderedCollectionPage {
            id: Some(format!("{id}?page=1")),
            kind: Kind::named("OrderedCollectionPage"),
            part_of: Some(id.to_owned()),
            ordered_items: Vec::new(),
            ..Default::default()
        }))),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    pub(crate) fn row(username: &str) -> actors::Model {
        let at = chrono::Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap();
        actors::Model {
            id: 7,
            uuid: uuid::Uuid::new_v4(),
            kind: "person".into(),
            username: username.into(),
            domain: None,
            ap_id: format!("https://h.example/@{username}"),
            display_name: "Rose".into(),
            bio: "hi".into(),
            bio_html: "<p>hi</p>".into(),
            avatar_media_id: Some(1),
            banner_media_id: None,
            account_id: Some(42),
            public_key_pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".into(),
            private_key_pem: Some("secret".into()),
            deleted_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn avatar() -> media::Model {
        media::Model {
            id: 1,
            file_name: "abc.webp".into(),
            content_type: "image/webp".into(),
            width: 10,
            height: 10,
            size: 100,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn person() {
        let doc =
            serde_json::to_value(person_to_ap(&row("rose"), Some(&avatar()), None, "https://h.example/")).unwrap();
        assert_eq!(doc["id"], "https://h.example/@rose");
        assert_eq!(doc["type"], "Person");
        assert_eq!(doc["preferredUsername"], "rose");
        assert_eq!(doc["name"], "Rose");
        assert_eq!(doc["summary"], "<p>hi</p>");
        assert_eq!(doc["inbox"], "https://h.example/@rose/inbox");
        assert_eq!(doc["outbox"], "https://h.example/@rose/outbox");
        assert_eq!(doc["endpoints"], json!({"sharedInbox": "https://h.example/inbox"}));
        assert_eq!(doc["publicKey"]["id"], "https://h.example/@rose#main-key");
        assert_eq!(doc["publicKey"]["owner"], "https://h.example/@rose");
        assert_eq!(
            doc["icon"],
            json!({"type": "Image", "mediaType": "image/webp", "url": "https://h.example/media/abc.webp"})
        );
        assert!(doc.get("image").is_none());
        assert_eq!(doc["published"], "2025-01-02T03:04:05Z");
        let text = doc.to_string();
        assert!(!text.contains("secret") && !text.contains("42"), "{text}");
    }

    #[test]
    fn instance_actor() {
        let mut relay = row("relay");
        relay.kind = "application".into();
        relay.ap_id = "https://h.example/relay".into();
        let doc = serde_json::to_value(instance_actor_to_ap(&relay, "Les Amis", "https://h.example")).unwrap();
        assert_eq!(doc["type"], "Application");
        assert_eq!(doc["id"], "https://h.example/relay");
        assert_eq!(doc["name"], "Les Amis");
        assert_eq!(doc["inbox"], "https://h.example/inbox");
        assert_eq!(doc["manuallyApprovesFollowers"], true);
    }

    #[test]
    fn tombstone_and_collection() {
        let mut gone = row("old");
        gone.deleted_at = Some(chrono::Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap());
        let doc = serde_json::to_value(actor_tombstone(&gone)).unwrap();
        assert_eq!(doc["type"], "Tombstone");
        assert_eq!(doc["formerType"], "Person");
        assert_eq!(doc["deleted"], "2025-05-01T00:00:00Z");
        let c = serde_json::to_value(empty_collection("https://h.example/@rose/outbox", "https://h.example/@rose"))
            .unwrap();
        assert_eq!(c["totalItems"], 0);
        assert_eq!(c["first"]["type"], "OrderedCollectionPage");
        assert_eq!(c["first"]["orderedItems"], json!([]));
        assert_eq!(c["first"]["partOf"], "https://h.example/@rose/outbox");
    }
}
