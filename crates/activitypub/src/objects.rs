//! Actors and objects. Every type both reads what peers send (every field optional unless
//! nothing makes sense without it, unknown fields ignored, values in any of their usual
//! shapes) and writes what we emit (absent fields left out, not `null`).

use crate::helpers::{OneOrMany, Reference, References};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `type` property: one type, or several (`["Place", "geojson:Feature"]`).
pub type Kind = OneOrMany<String>;

impl Kind {
    pub fn named(kind: &str) -> Kind {
        OneOrMany::One(kind.to_owned())
    }

    /// Whether one of the types is `kind` (ignoring an `as:` prefix).
    pub fn is(&self, kind: &str) -> bool {
        self.iter().any(|k| k == kind || k.strip_prefix("as:") == Some(kind))
    }
}

/// A person, group, application, service or organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Actor {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<OneOrMany<Reference<Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbox: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followers: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub following: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Endpoints>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key: Option<OneOrMany<PublicKey>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<OneOrMany<Reference<Document>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<OneOrMany<Reference<Document>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discoverable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manually_approves_followers: Option<bool>,
    /// Mobilizon: `open`, `moderated` or `invite_only` (groups; persons say `moderated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openness: Option<String>,
    /// Mobilizon groups: the number of members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

impl Actor {
    /// The first public key, the one peers sign with.
    pub fn key(&self) -> Option<&PublicKey> {
        self.public_key.as_ref().and_then(OneOrMany::first)
    }

    /// Where to deliver: the shared inbox when there is one, else the actor's own.
    pub fn delivery_inbox(&self) -> Option<&str> {
        self.endpoints.as_ref().and_then(|e| e.shared_inbox.as_deref()).or(self.inbox.as_deref())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Endpoints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PublicKey {
    pub id: String,
    pub owner: String,
    /// SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`, Mobilizon).
    pub public_key_pem: String,
}

/// A picture or file: actor icons and banners, event banners, attachments. Also reads
/// `Image`, `Link`, `PropertyValue` attachments (their fields are here too).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Document {
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<OneOrMany<Reference<Value>>>,
    /// For `Link`s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blurhash: Option<String>,
    /// FEP-8a8e: this image is the event's banner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_banner_image: Option<bool>,
    /// `PropertyValue` (Mobilizon metadata): the key.
    #[serde(rename = "propertyID", skip_serializing_if = "Option::is_none")]
    pub property_id: Option<String>,
    /// `PropertyValue`: the value (a string, a number or a boolean).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl Document {
    /// An image at `url`, of `media_type`.
    pub fn image(kind: &str, url: &str, media_type: &str) -> Document {
        Document {
            kind: Kind::named(kind),
            media_type: Some(media_type.to_owned()),
            url: Some(OneOrMany::One(Reference::Iri(url.to_owned()))),
            ..Default::default()
        }
    }

    /// A `Link` to `href`.
    pub fn link(name: &str, href: &str, media_type: &str) -> Document {
        Document {
            kind: Kind::named("Link"),
            name: Some(name.to_owned()),
            href: Some(href.to_owned()),
            media_type: Some(media_type.to_owned()),
            ..Default::default()
        }
    }

    /// The address of the file: the first `url` (a string, or a Link's `href`), else `href`.
    pub fn location(&self) -> Option<&str> {
        self.url.as_ref().and_then(|u| u.iter().find_map(Reference::id)).or(self.href.as_deref())
    }
}

/// A `Hashtag` or a `Mention`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Tag {
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl Tag {
    pub fn hashtag(name: &str, href: &str) -> Tag {
        Tag { kind: Kind::named("Hashtag"), name: Some(format!("#{name}")), href: Some(href.to_owned()) }
    }
}

/// Where an event happens.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Place {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// A `VirtualLocation`'s address (FEP-8a8e, Gancio).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A place's address: structured, or free text (Gancio, FEP-8a8e).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Address {
    Text(String),
    Postal(PostalAddress),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PostalAddress {
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    /// A `VirtualLocation` given as `address` (Gancio).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An event, with Mobilizon's properties and FEP-8a8e's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Event {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<OneOrMany<Reference<Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// A human sentence (date, time, place) for software that shows only `summary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Reference<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<References>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<References>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cc: Option<References>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// With the offset of the event's zone, e.g. `2025-03-09T18:00:00+01:00`. Kept as text:
    /// peers send impossible dates, which the importer, not the parser, refuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// IANA zone name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<OneOrMany<Reference<Place>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<OneOrMany<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_language: Option<String>,
    /// `TENTATIVE`, `CONFIRMED` or `CANCELLED`; Mobilizon reads `status` or `ical:status`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    #[serde(rename = "ical:status", skip_serializing_if = "Option::is_none")]
    pub ical_status: Option<String>,
    /// FEP-8a8e: `EventScheduled`, `EventTentative`, `EventCancelled`…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_participation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_participation_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_attendee_capacity: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_attendee_capacity: Option<u64>,
    /// `allow_all` or `closed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replies_moderation_option: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_online: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<OneOrMany<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment: Option<OneOrMany<Document>>,
    /// FEP-8a8e: the banner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<OneOrMany<Reference<Document>>>,
    /// FEP-8a8e: a collection of organisers, or `null` to withhold them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizers: Option<Value>,
    /// FEP-8a8e: a collection of attendees (we give its `totalItems` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Value>,
}

impl Event {
    /// Every location, objects only (a bare IRI says nothing about the place).
    pub fn places(&self) -> Vec<&Place> {
        self.location.iter().flat_map(|l| l.iter()).filter_map(Reference::object).collect()
    }
}

/// A comment (or any short post peers send).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Note {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<OneOrMany<Reference<Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Reference<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<References>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<Reference<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<References>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cc: Option<References>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<OneOrMany<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment: Option<OneOrMany<Document>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    /// Mobilizon: an organiser's announcement rather than a comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_announcement: Option<bool>,
}

/// What is left of a deleted object (served with HTTP 410).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Tombstone {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted: Option<String>,
}

/// An ordered collection (outbox, followers…), with its first page inline or linked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderedCollection {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<Reference<Box<OrderedCollectionPage>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<Reference<Value>>,
    /// Inline items (small collections; Lemmy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered_items: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Value>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderedCollectionPage {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_items: Option<u64>,
    /// Always written, even empty; read from `items` too.
    #[serde(alias = "items")]
    pub ordered_items: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_are_left_out() {
        let actor = Actor { id: "https://h/@a".into(), kind: Kind::named("Person"), ..Default::default() };
        let json = serde_json::to_value(&actor).unwrap();
        assert_eq!(json, serde_json::json!({"id": "https://h/@a", "type": "Person"}));
    }

    #[test]
    fn places_read_text_and_postal_addresses() {
        let text: Place = serde_json::from_str(r#"{"type":"Place","name":"X","address":"1 rue Y"}"#).unwrap();
        assert_eq!(text.address, Some(Address::Text("1 rue Y".into())));
        let postal: Place = serde_json::from_str(
            r#"{"type":"Place","address":{"type":"PostalAddress","addressLocality":"Lyon"},"latitude":45.7}"#,
        )
        .unwrap();
        match postal.address {
            Some(Address::Postal(a)) => assert_eq!(a.address_locality.as_deref(), Some("Lyon")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kinds_may_be_arrays() {
        let place: Place = serde_json::from_str(r#"{"type":["Place","geojson:Feature"]}"#).unwrap();
        assert!(place.kind.is("Place"));
        assert!(!place.kind.is("Event"));
    }
}
