//! Local actors as ActivityPub documents: identities as `Person`, the instance as an
//! `Application`. Nothing in them joins two identities of one account: each has its own
//! id, key and collections, and the account is never named. Inward, `ap_actor_to_remote`
//! reads other servers' actors.

use crate::{Urls, utc};
use ensemble_activitypub::{Actor, Document, Endpoints, Kind, OneOrMany, PublicKey, Reference, Tombstone, context};
use ensemble_app::remote::{RemoteActor, RemoteKind};
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

/// Another server's actor, to store: `Err` (with the reason) when it cannot be used, for want
/// of a known type or a usable key. The key kept is `key_id` when given (it must be
/// listed, owned by the actor and on its origin), else the first one. The caller has checked
/// that the document comes from the actor's own origin.
pub fn ap_actor_to_remote(actor: &Actor, key_id: Option<&str>) -> Result<RemoteActor, &'static str> {
    let kind = if actor.kind.is("Person") || actor.kind.is("Organization") {
        RemoteKind::Person
    } else if actor.kind.is("Group") {
        RemoteKind::Group
    } else if actor.kind.is("Application") || actor.kind.is("Service") {
        RemoteKind::Application
    } else {
        return Err("not an actor type");
    };
    let keys = actor.public_key.as_ref().ok_or("no public key")?;
    let key = match key_id {
        Some(wanted) => keys.iter().find(|k| k.id == wanted).ok_or("the key is not the actor's")?,
        None => keys.first().ok_or("no public key")?,
    };
    if !key.owner.is_empty() && key.owner != actor.id {
        return Err("the key has another owner");
    }
    if !crate::fetch::same_origin(&key.id, &actor.id) {
        return Err("the key is on another origin");
    }
    ensemble_activitypub::signatures::PublicKey::from_pem(&key.public_key_pem).map_err(|_| "unusable public key")?;
    let username = actor.preferred_username.clone().unwrap_or_default();
    let link = |r: &Reference<serde_json::Value>| r.id().map(str::to_owned);
    let icon = |r: &Reference<Document>| match r {
        Reference::Iri(iri) => Some(iri.clone()),
        Reference::Object(doc) => {
            doc.url.as_ref().and_then(|u| u.first()).and_then(|u| u.id()).map(str::to_owned).or(doc.href.clone())
        }
    };
    Ok(RemoteActor {
        ap_id: actor.id.clone(),
        kind,
        display_name: actor.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| username.clone()),
        username,
        summary_html: actor.summary.clone().unwrap_or_default(),
        public_key_id: key.id.clone(),
        public_key_pem: key.public_key_pem.clone(),
        inbox_url: actor.inbox.clone(),
        shared_inbox_url: actor.endpoints.as_ref().and_then(|e| e.shared_inbox.clone()),
        outbox_url: actor.outbox.clone(),
        followers_url: actor.followers.clone(),
        profile_url: actor.url.as_ref().and_then(|u| u.first()).and_then(link),
        icon_url: actor.icon.as_ref().and_then(|i| i.first()).and_then(icon),
        manually_approves: actor.manually_approves_followers.unwrap_or(false),
    })
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
            inbox_url: None,
            shared_inbox_url: None,
            outbox_url: None,
            followers_url: None,
            profile_url: None,
            icon_url: None,
            public_key_id: None,
            manually_approves: true,
            fetched_at: None,
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
    fn tombstone() {
        let mut gone = row("old");
        gone.deleted_at = Some(chrono::Utc.with_ymd_and_hms(2025, 5, 1, 0, 0, 0).unwrap());
        let doc = serde_json::to_value(actor_tombstone(&gone)).unwrap();
        assert_eq!(doc["type"], "Tombstone");
        assert_eq!(doc["formerType"], "Person");
        assert_eq!(doc["deleted"], "2025-05-01T00:00:00Z");
    }

    fn fixture(json: &str) -> Actor {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn remote_actors_from_other_software() {
        let mobilizon = ap_actor_to_remote(
            &fixture(include_str!("../../activitypub/tests/fixtures/lemmy/mobilizon-person.json")),
            None,
        )
        .unwrap();
        assert_eq!((mobilizon.kind, mobilizon.username.as_str()), (RemoteKind::Person, "sanof44"));
        assert_eq!(mobilizon.public_key_id, "https://mobilizon.fr/@sanof44#main-key");
        assert!(mobilizon.public_key_pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
        assert_eq!(mobilizon.shared_inbox_url.as_deref(), Some("https://mobilizon.fr/inbox"));

        let mastodon = ap_actor_to_remote(
            &fixture(include_str!("../../activitypub/tests/fixtures/mobilizon/mastodon-actor.json")),
            Some("https://framapiaf.org/users/peertube#main-key"),
        )
        .unwrap();
        assert_eq!(mastodon.display_name, "PeerTube");
        assert_eq!(mastodon.inbox_url.as_deref(), Some("https://framapiaf.org/users/peertube/inbox"));
        assert_eq!(mastodon.profile_url.as_deref(), Some("https://framapiaf.org/@peertube"));
        assert!(mastodon.icon_url.is_some_and(|u| u.ends_with("03ed95406a9a3cd0.png")));

        let gancio = fixture(include_str!("../../activitypub/tests/fixtures/mobilizon/gancio-actor.json"));
        assert_eq!(ap_actor_to_remote(&gancio, None).unwrap().kind, RemoteKind::Application);
        let group =
            fixture(include_str!("../../activitypub/tests/fixtures/fedidevs/actor-mobilizon-group-framasoft.json"));
        assert_eq!(ap_actor_to_remote(&group, None).unwrap().kind, RemoteKind::Group);
    }

    #[test]
    fn unusable_remote_actors() {
        let mastodon = fixture(include_str!("../../activitypub/tests/fixtures/mobilizon/mastodon-actor.json"));
        // A key the actor does not list, or one it lists under another owner or origin.
        assert!(ap_actor_to_remote(&mastodon, Some("https://framapiaf.org/users/other#main-key")).is_err());
        let mut foreign_owner = mastodon.clone();
        foreign_owner.public_key = foreign_owner.public_key.map(|keys| {
            OneOrMany::Many(
                keys.into_vec()
                    .into_iter()
                    .map(|k| PublicKey { owner: "https://evil.example/u".into(), ..k })
                    .collect(),
            )
        });
        assert_eq!(ap_actor_to_remote(&foreign_owner, None), Err("the key has another owner"));
        let mut foreign_key = mastodon.clone();
        foreign_key.public_key = foreign_key.public_key.map(|keys| {
            OneOrMany::Many(
                keys.into_vec().into_iter().map(|k| PublicKey { id: "https://evil.example/k".into(), ..k }).collect(),
            )
        });
        assert_eq!(ap_actor_to_remote(&foreign_key, None), Err("the key is on another origin"));
        // Copied through Pleroma with its key mangled.
        let mangled = fixture(include_str!("../../activitypub/tests/fixtures/pleroma/mastodon-application-actor.json"));
        assert_eq!(ap_actor_to_remote(&mangled, None), Err("unusable public key"));
        let note = Actor { kind: Kind::named("Note"), ..mastodon };
        assert_eq!(ap_actor_to_remote(&note, None), Err("not an actor type"));
    }
}
