//! Every document copied from other software into `tests/fixtures/` parses into our wire
//! types (actors, events, notes, places, collections, WebFinger and NodeInfo documents).
//! Activities whose object is none of those (Follow, Like, Join…) only need an envelope here:
//! what the inbox does with each is proven in the integration tests (`it/vectors.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failure is a failed test")]

use ensemble_activitypub::discovery::{Jrd, NodeInfo, NodeInfoLinks};
use ensemble_activitypub::signatures::PublicKey;
use ensemble_activitypub::{Actor, Address, Event, Note, OrderedCollection, Place, Tombstone};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), &mut out);
    out.sort();
    out
}

fn load(relative: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn kinds(doc: &Value) -> Vec<String> {
    match &doc["type"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// Parses one document by its type (the embedded object's, for activities); returns what it was.
fn parse(name: &str, doc: &Value) -> &'static str {
    if name.contains("/nodeinfo/") {
        if doc.get("software").is_some() {
            let info: NodeInfo = serde_json::from_value(doc.clone()).unwrap();
            assert!(!info.software.name.is_empty() && !info.protocols.is_empty(), "{name}");
            return "nodeinfo";
        }
        let links: NodeInfoLinks = serde_json::from_value(doc.clone()).unwrap();
        assert!(!links.links.is_empty(), "{name}");
        return "nodeinfo links";
    }
    if name.contains("/webfinger/") {
        let jrd: Jrd = serde_json::from_value(doc.clone()).unwrap();
        assert!(jrd.subject.starts_with("acct:"), "{name}");
        assert!(jrd.actor_id().is_some(), "{name}: no ActivityPub self link");
        return "webfinger";
    }
    if let Value::Array(places) = doc {
        let places: Vec<Place> = serde_json::from_value(Value::Array(places.clone())).unwrap();
        assert!(!places.is_empty());
        return "place";
    }
    let object = match &doc["object"] {
        o @ Value::Object(_)
            if kinds(doc).iter().any(|k| ["Create", "Update", "Delete", "Announce"].contains(&k.as_str())) =>
        {
            o
        }
        _ => doc,
    };
    let ks = kinds(object);
    let is = |k: &str| ks.iter().any(|x| x == k);
    if ["Person", "Group", "Application", "Service", "Organization"].iter().any(|k| is(k)) {
        let actor: Actor = serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!actor.id.is_empty(), "{name}");
        // An actor in a Delete is only a reference; documents of actors have an inbox.
        assert!(actor.inbox.is_some() || !std::ptr::eq(object, doc), "{name}: no inbox");
        // Gathio's template has a placeholder; Pleroma's copy of a Mastodon instance actor has
        // a key whose DER header was mangled in the fixture ("A0CA08A" for "AOCAQ8A"); Mobilizon's
        // copy of a Mastodon Update has three characters of its key cut off.
        let broken_keys = ["gathio/", "mastodon-application-actor", "mastodon-update"];
        if let Some(key) = actor.key() {
            let parsed = PublicKey::from_pem(&key.public_key_pem);
            if broken_keys.iter().any(|b| name.contains(b)) {
                assert!(parsed.is_err(), "{name}");
            } else {
                parsed.unwrap_or_else(|e| panic!("{name}: key: {e}"));
            }
        }
        return "actor";
    }
    if is("Event") {
        let event: Event = serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(event.name.is_some(), "{name}");
        // The Event Bridge fixture has its times removed (the tests there inject them).
        assert!(event.start_time.is_some() || name.contains("wp-event-bridge"), "{name}: no startTime");
        return "event";
    }
    if is("Note") {
        let note: Note = serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        // A poll vote is a Note with a `name` only.
        assert!(note.content.is_some() || note.summary.is_some() || object["name"].is_string(), "{name}");
        return "note";
    }
    if is("Place") {
        let _: Place = serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        return "place";
    }
    if is("Tombstone") {
        let t: Tombstone = serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!t.id.is_empty());
        return "tombstone";
    }
    if is("Join") && object["participationMessage"].is_string() {
        // Mobilizon's participation: the event by address, the message beside it.
        assert!(object["object"].is_string(), "{name}");
        assert!(object["actor"].is_string(), "{name}");
        return "join";
    }
    if is("OrderedCollection") {
        let c: OrderedCollection = serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!c.id.is_empty());
        return "collection";
    }
    if doc.get("actor").is_some() && !kinds(doc).is_empty() {
        return "activity";
    }
    if is("Video") {
        // Not read (PeerTube's videos): the integration tests show it is ignored.
        assert!(object["id"].is_string(), "{name}");
        return "other object";
    }
    panic!("{name}: no test for type {ks:?}")
}

#[test]
fn every_fixture_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut counts = BTreeMap::new();
    for path in fixtures() {
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        *counts.entry(parse(&format!("/{name}"), &doc)).or_insert(0) += 1;
    }
    assert!(counts["actor"] >= 20, "{counts:?}");
    assert!(counts["event"] >= 20, "{counts:?}");
    assert!(counts["note"] >= 8, "{counts:?}");
    assert!(counts["place"] >= 7, "{counts:?}");
    assert_eq!(counts["webfinger"], 5, "{counts:?}");
    assert_eq!(counts["nodeinfo"], 2, "{counts:?}");
    assert!(counts["activity"] >= 30, "{counts:?}");
}

#[test]
fn mobilizon_event_details() {
    let event: Event = serde_json::from_value(load("lemmy/mobilizon-event.json")).unwrap();
    assert_eq!(event.timezone.as_deref(), Some("Europe/London"));
    assert!(event.to.as_ref().unwrap().has_public());
    let place = event.places()[0];
    assert!(place.latitude.is_some() && place.longitude.is_some());
    assert!(matches!(place.address, Some(Address::Postal(_))));
    assert!(event.attachment.unwrap().iter().any(|a| a.kind.is("Document") && a.location().is_some()));
}

#[test]
fn gancio_shapes() {
    let activity = load("mobilizon/gancio-event-activity.json");
    let event: Event = serde_json::from_value(activity["object"].clone()).unwrap();
    assert_eq!(event.places()[0].name.as_deref(), Some(event.places()[0].name.as_deref().unwrap()));
    let text = load("gancio/physical-location-with-simple-string-address.json");
    let place: Place = serde_json::from_value(text).unwrap();
    assert!(matches!(place.address, Some(Address::Text(_))));
    let mixed: Vec<Place> = serde_json::from_value(load("gancio/multiple-mixed-locations.json")).unwrap();
    assert_eq!(mixed.len(), 4);
}

#[test]
fn hybrid_events_have_two_locations() {
    let activity = load("wordpress-activitypub/outbox-create-event.json");
    let event: Event = serde_json::from_value(activity["object"].clone()).unwrap();
    assert_eq!(event.location.as_ref().unwrap().len(), 2);
    assert_eq!(event.timezone.as_deref(), Some("Europe/Vienna"));
    // 2030-02-29 does not exist: kept as text here, refused by the importer.
    assert!(event.start_time.unwrap().starts_with("2030-02-29"));
}

#[test]
fn public_in_compact_form() {
    let place = load("bonfire/place.json");
    let to: ensemble_activitypub::helpers::References = serde_json::from_value(place["to"].clone()).unwrap();
    assert!(to.has_public());
}

/// Fedify's RFC 9421 signature of a `Follow` (captured on loopback) verifies with the key of
/// the actor it names, and its `Content-Digest` is the body's; a change to any covered part
/// breaks it.
#[test]
fn fedify_rfc9421_signature_verifies() {
    use ensemble_activitypub::message_signatures::{MessageSignature, SignedRequest};
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fedify/follow-rfc9421.http"),
    )
    .unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap();
    let headers: Vec<(String, String)> =
        lines.map(|l| l.split_once(": ").map(|(n, v)| (n.to_owned(), v.to_owned())).unwrap()).collect();
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let path = request_line.split(' ').nth(1).unwrap();
    let target_uri = format!("http://{}{path}", header("host").unwrap());
    let signature =
        MessageSignature::parse(&header("signature-input").unwrap(), &header("signature").unwrap()).unwrap();
    let actor: Actor = serde_json::from_value(load("fedify/actor.json")).unwrap();
    let key_doc = actor.public_key.as_ref().and_then(|k| k.first()).unwrap();
    assert_eq!(signature.key_id.as_deref(), Some(key_doc.id.as_str()));
    let key = PublicKey::from_pem(&key_doc.public_key_pem).unwrap();
    let lookup = |name: &str| header(name);
    let request = SignedRequest { method: "POST", target_uri: &target_uri, header: &lookup };
    signature.verify(&request, &key).unwrap();
    let digest = header("content-digest").unwrap();
    let ours = ensemble_activitypub::signatures::digest(body.as_bytes()).replace("SHA-256=", "");
    assert_eq!(digest, format!("sha-256=:{ours}:"));

    // Another method, address or date: the signature no longer matches.
    let elsewhere = SignedRequest { method: "POST", target_uri: "http://127.0.0.1:8911/other", header: &lookup };
    assert!(signature.verify(&elsewhere, &key).is_err());
    let get = SignedRequest { method: "GET", target_uri: &target_uri, header: &lookup };
    assert!(signature.verify(&get, &key).is_err());
    let later =
        |name: &str| if name == "date" { Some("Mon, 07 Dec 2026 20:40:21 GMT".to_owned()) } else { header(name) };
    let redated = SignedRequest { method: "POST", target_uri: &target_uri, header: &later };
    assert!(signature.verify(&redated, &key).is_err());
}
