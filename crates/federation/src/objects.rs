//! Events and comments as ActivityPub objects, with Mobilizon's properties and FEP-8a8e's.

use crate::{Urls, utc};
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use ensemble_activitypub::helpers::References;
use ensemble_activitypub::{
    Address, Document, Event, Kind, Note, OneOrMany, PUBLIC, Place, PostalAddress, Reference, Tag, Tombstone, context,
};
use ensemble_app::events::EventDetails;
use ensemble_app::rows::{actors, comments, events, tombstones};
use ensemble_domain::event::{EventStatus, Visibility};
use serde_json::json;

/// `to` and `cc` of an object by the event's visibility (Mobilizon's rule): public events
/// address the public and copy the organiser's followers; unlisted ones the reverse, so that
/// they reach followers without being listed; private ones only their audience (not
/// published to other servers yet, so nobody).
fn audience(visibility: &str, organizer: &actors::Model) -> (References, References) {
    let followers = Urls::under(&organizer.ap_id, "followers");
    match Visibility::parse(visibility) {
        Some(Visibility::Public) => (References::iris([PUBLIC]), References::iris([followers])),
        Some(Visibility::Unlisted) => (References::iris([followers]), References::iris([PUBLIC])),
        _ => (References::iris(Vec::<String>::new()), References::iris(Vec::<String>::new())),
    }
}

/// A time in the event's zone, with its offset: `2025-03-09T18:00:00+01:00`.
fn zoned(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `UTC+1`, `UTC-3:30`, `UTC`.
fn offset_label(at: DateTime<Utc>, zone: Tz) -> String {
    use chrono::Offset;
    let seconds = at.with_timezone(&zone).offset().fix().local_minus_utc();
    let (sign, seconds) = if seconds < 0 { ('-', -seconds) } else { ('+', seconds) };
    match (seconds / 3600, seconds % 3600 / 60) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// The address on one line: `Parc de la Villette, 211 av. Jean Jaurès, 75019 Paris`.
fn where_line(e: &events::Model) -> String {
    let town = [e.postal_code.trim(), e.locality.trim()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
    let town = town.join(" ");
    [e.place_name.trim(), e.street.trim(), town.as_str(), e.country.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// A plain-text line for software that shows only `name`, `summary` and `url` of an Event
/// (Mastodon): when, and where.
fn summary(e: &events::Model, zone: Tz) -> String {
    let start = e.starts_at.with_timezone(&zone);
    let mut when = format!("{} {}", start.format("%A %-d %B %Y, %H:%M"), offset_label(e.starts_at, zone));
    if let Some(end) = e.ends_at.map(|t| t.with_timezone(&zone)) {
        if end.date_naive() == start.date_naive() {
            when = format!(
                "{}–{} {}",
                start.format("%A %-d %B %Y, %H:%M"),
                end.format("%H:%M"),
                offset_label(e.starts_at, zone)
            );
        } else {
            when.push_str(&format!(" – {} {}", end.format("%A %-d %B %Y, %H:%M"), offset_label(end.to_utc(), zone)));
        }
    }
    if e.status == EventStatus::Cancelled.as_str() {
        when = format!("CANCELLED: {when}");
    }
    let mut lines = vec![when];
    let place = where_line(e);
    if !place.is_empty() {
        lines.push(place);
    }
    if let Some(online) = e.online_url.as_deref().filter(|u| !u.is_empty()) {
        lines.push(format!("Online: {online}"));
    }
    lines.join("\n")
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn place(e: &events::Model) -> Option<Place> {
    let address = PostalAddress {
        kind: Kind::named("PostalAddress"),
        street_address: non_empty(&e.street),
        postal_code: non_empty(&e.postal_code),
        address_locality: non_empty(&e.locality),
        address_region: non_empty(&e.region),
        address_country: non_empty(&e.country),
        url: None,
    };
    let has_address = address.street_address.is_some()
        || address.postal_code.is_some()
        || address.address_locality.is_some()
        || address.address_region.is_some()
        || address.address_country.is_some();
    let name = non_empty(&e.place_name).or_else(|| non_empty(&e.locality));
    if name.is_none() && !has_address && e.latitude.is_none() {
        return None;
    }
    Some(Place {
        id: None,
        kind: Kind::named("Place"),
        name,
        address: has_address.then_some(Address::Postal(address)),
        latitude: e.latitude.filter(|_| e.longitude.is_some()),
        longitude: e.longitude.filter(|_| e.latitude.is_some()),
        url: None,
    })
}

/// An event as Mobilizon publishes one, plus FEP-8a8e's `eventStatus`, `image`,
/// `organizers` and `attendees`.
pub fn event_to_ap(details: &EventDetails, base_url: &str) -> Event {
    let urls = Urls::new(base_url);
    let e = &details.event;
    let zone: Tz = e.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let organizer = &details.organizer;
    let (to, cc) = audience(&e.visibility, organizer);
    let status = EventStatus::parse(&e.status).unwrap_or(EventStatus::Confirmed);
    let place = place(e);
    let online = e.online_url.as_deref().filter(|u| !u.is_empty());
    let is_online = online.is_some() && place.is_none();

    let mut attachment = Vec::new();
    if let Some(banner) = &details.banner {
        let mut doc = Document::image("Document", &urls.media(&banner.file_name), &banner.content_type);
        doc.name = Some("Banner".into());
        doc.width = u32::try_from(banner.width).ok();
        doc.height = u32::try_from(banner.height).ok();
        attachment.push(doc);
    }
    if let Some(online) = online {
        // Mobilizon reads the Link named "Website" as the event's online address.
        attachment.push(Document::link("Website", online, "text/html"));
    }
    let image = details.banner.as_ref().map(|banner| {
        let mut doc = Document::image("Image", &urls.media(&banner.file_name), &banner.content_type);
        doc.is_banner_image = Some(true);
        OneOrMany::One(Reference::Object(doc))
    });
    let capacity = e.capacity.and_then(|c| u64::try_from(c).ok());
    let remaining = details.remaining.filter(|_| e.show_remaining).and_then(|r| u64::try_from(r).ok());
    let status_word = status.as_str().to_ascii_uppercase();

    Event {
        context: Some(context()),
        id: e.ap_id.clone(),
        kind: Kind::named("Event"),
        url: Some(OneOrMany::One(Reference::Iri(e.ap_id.clone()))),
        uuid: Some(e.uuid.to_string()),
        name: Some(e.title.clone()),
        content: Some(e.description_html.clone()),
        media_type: Some("text/html".into()),
        summary: Some(summary(e, zone)),
        actor: Some(Reference::Iri(organizer.ap_id.clone())),
        attributed_to: Some(References::iris([organizer.ap_id.clone()])),
        to: Some(to),
        cc: Some(cc),
        published: e.published_at.map(utc),
        updated: Some(utc(e.updated_at)),
        start_time: Some(zoned(e.starts_at, zone)),
        end_time: e.ends_at.map(|t| zoned(t, zone)),
        timezone: Some(zone.name().to_owned()),
        location: place.map(|p| OneOrMany::One(Reference::Object(p))),
        category: non_empty(&e.category).map(OneOrMany::One),
        in_language: non_empty(&e.language).filter(|l| l != "und"),
        status: Some(json!(status_word)),
        ical_status: Some(status_word),
        event_status: Some(
            match status {
                EventStatus::Tentative => "EventTentative",
                EventStatus::Confirmed => "EventScheduled",
                EventStatus::Cancelled => "EventCancelled",
            }
            .into(),
        ),
        join_mode: Some(e.join_mode.clone()),
        external_participation_url: e.external_url.clone().filter(|u| !u.is_empty() && e.join_mode == "external"),
        anonymous_participation_enabled: Some(details.anonymous_allowed),
        participant_count: Some(details.going),
        maximum_attendee_capacity: capacity,
        remaining_attendee_capacity: capacity.and(remaining),
        replies_moderation_option: Some(if e.comments_enabled { "allow_all" } else { "closed" }.into()),
        comments_enabled: Some(e.comments_enabled),
        is_online: Some(is_online),
        draft: None,
        tag: (!details.tags.is_empty())
            .then(|| OneOrMany::Many(details.tags.iter().map(|t| Tag::hashtag(t, &urls.tag(t))).collect())),
        attachment: (!attachment.is_empty()).then_some(OneOrMany::Many(attachment)),
        image,
        organizers: Some(json!({"type": "Collection", "totalItems": 1, "items": [organizer.ap_id]})),
        attendees: Some(json!({"type": "Collection", "totalItems": details.going})),
    }
}

/// A comment as a `Note` answering its parent comment, or the event itself.
pub fn comment_to_ap(
    comment: &comments::Model,
    author: &actors::Model,
    event: &events::Model,
    parent: Option<&comments::Model>,
) -> Note {
    let (to, cc) = match Visibility::parse(&event.visibility) {
        Some(Visibility::Public) => (References::iris([PUBLIC]), References::iris(Vec::<String>::new())),
        _ => (References::iris([Urls::under(&author.ap_id, "followers")]), References::iris([PUBLIC])),
    };
    let in_reply_to = parent.map_or_else(|| event.ap_id.clone(), |p| p.ap_id.clone());
    Note {
        context: Some(context()),
        id: comment.ap_id.clone(),
        kind: Kind::named("Note"),
        url: Some(OneOrMany::One(Reference::Iri(comment.ap_id.clone()))),
        uuid: Some(comment.uuid.to_string()),
        actor: Some(Reference::Iri(author.ap_id.clone())),
        attributed_to: Some(References::iris([author.ap_id.clone()])),
        content: Some(comment.body_html.clone()),
        media_type: Some("text/html".into()),
        in_reply_to: Some(Reference::Iri(in_reply_to)),
        published: Some(utc(comment.created_at)),
        updated: (comment.updated_at != comment.created_at).then(|| utc(comment.updated_at)),
        to: Some(to),
        cc: Some(cc),
        is_announcement: Some(comment.is_announcement),
        ..Default::default()
    }
}

/// A deleted comment, served with HTTP 410.
pub fn comment_tombstone(comment: &comments::Model) -> Tombstone {
    Tombstone {
        context: Some(context()),
        id: comment.ap_id.clone(),
        kind: Kind::named("Tombstone"),
        former_type: Some("Note".into()),
        deleted: comment.deleted_at.map(utc),
    }
}

/// A deleted local event (or any object whose address we keep), served with HTTP 410.
pub fn tombstone_to_ap(row: &tombstones::Model) -> Tombstone {
    Tombstone {
        context: Some(context()),
        id: row.ap_id.clone(),
        kind: Kind::named("Tombstone"),
        former_type: Some(row.former_type.clone()),
        deleted: Some(utc(row.deleted_at)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use chrono::TimeZone;
    use ensemble_domain::participation::Standing;
    use serde_json::json;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn organizer() -> actors::Model {
        actors::Model {
            id: 1,
            uuid: uuid::Uuid::new_v4(),
            kind: "person".into(),
            username: "rose".into(),
            domain: None,
            ap_id: "https://h.example/@rose".into(),
            display_name: "Rose".into(),
            bio: String::new(),
            bio_html: String::new(),
            avatar_media_id: None,
            banner_media_id: None,
            account_id: Some(3),
            public_key_pem: String::new(),
            private_key_pem: None,
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
            created_at: at(2025, 1, 1, 0),
            updated_at: at(2025, 1, 1, 0),
        }
    }

    fn event(visibility: &str, starts: DateTime<Utc>) -> events::Model {
        events::Model {
            id: 9,
            uuid: uuid::Uuid::nil(),
            ap_id: "https://h.example/events/00000000-0000-0000-0000-000000000000".into(),
            organizer_id: 1,
            title: "Karate".into(),
            description: "Kicks".into(),
            description_html: "<p>Kicks</p>".into(),
            starts_at: starts,
            ends_at: Some(starts + chrono::Duration::hours(2)),
            time_zone: "Europe/Paris".into(),
            place_name: "Dojo".into(),
            street: "1 rue X".into(),
            postal_code: "69007".into(),
            locality: "Lyon".into(),
            region: String::new(),
            country: "France".into(),
            latitude: Some(45.75),
            longitude: Some(4.84),
            online_url: Some("https://visio.example/r".into()),
            category: "SPORTS".into(),
            banner_media_id: None,
            visibility: visibility.into(),
            status: "cancelled".into(),
            join_mode: "external".into(),
            external_url: Some("https://tickets.example/k".into()),
            capacity: Some(12),
            show_remaining: false,
            anonymous_participation: true,
            comments_enabled: false,
            language: "und".into(),
            accessibility: String::new(),
            price: String::new(),
            ticket_url: None,
            livestream_url: None,
            published_at: Some(at(2025, 1, 2, 0)),
            created_at: at(2025, 1, 2, 0),
            updated_at: at(2025, 1, 3, 0),
            domain: None,
            url: None,
            remote_participant_count: None,
        }
    }

    fn details(e: events::Model) -> EventDetails {
        EventDetails {
            event: e,
            tags: vec!["karate".into()],
            organizer: organizer(),
            organizer_avatar: None,
            banner: Some(ensemble_app::rows::media::Model {
                id: 1,
                file_name: "b.jpg".into(),
                content_type: "image/jpeg".into(),
                width: 1200,
                height: 400,
                size: 1,
                created_at: at(2025, 1, 1, 0),
            }),
            going: 3,
            remaining: Some(9),
            standing: Standing::VISITOR,
            participation: None,
            anonymous_allowed: true,
        }
    }

    #[test]
    fn event_in_winter_and_summer() {
        let winter =
            serde_json::to_value(event_to_ap(&details(event("public", at(2031, 1, 15, 13))), "https://h.example"))
                .unwrap();
        assert_eq!(winter["startTime"], "2031-01-15T14:00:00+01:00");
        assert_eq!(winter["endTime"], "2031-01-15T16:00:00+01:00");
        assert_eq!(winter["timezone"], "Europe/Paris");
        let summer =
            serde_json::to_value(event_to_ap(&details(event("public", at(2031, 7, 15, 12))), "https://h.example"))
                .unwrap();
        assert_eq!(summer["startTime"], "2031-07-15T14:00:00+02:00");
        assert!(summer["summary"].as_str().unwrap().contains("UTC+2"));
    }

    #[test]
    fn event_fields() {
        let e = serde_json::to_value(event_to_ap(&details(event("public", at(2031, 1, 15, 13))), "https://h.example"))
            .unwrap();
        assert_eq!(e["type"], "Event");
        assert_eq!(e["name"], "Karate");
        assert_eq!(e["content"], "<p>Kicks</p>");
        let summary = e["summary"].as_str().unwrap();
        assert!(summary.starts_with("CANCELLED: Wednesday 15 January 2031, 14:00–16:00 UTC+1"), "{summary}");
        assert!(summary.contains("Dojo, 1 rue X, 69007 Lyon, France"), "{summary}");
        assert_eq!(
            e["location"],
            json!({"type": "Place", "name": "Dojo", "latitude": 45.75, "longitude": 4.84, "address": {
                "type": "PostalAddress", "streetAddress": "1 rue X", "postalCode": "69007",
                "addressLocality": "Lyon", "addressCountry": "France"}})
        );
        assert_eq!(e["status"], "CANCELLED");
        assert_eq!(e["ical:status"], "CANCELLED");
        assert_eq!(e["eventStatus"], "EventCancelled");
        assert_eq!(e["joinMode"], "external");
        assert_eq!(e["externalParticipationUrl"], "https://tickets.example/k");
        assert_eq!(e["anonymousParticipationEnabled"], true);
        assert_eq!(e["participantCount"], 3);
        assert_eq!(e["maximumAttendeeCapacity"], 12);
        assert!(e.get("remainingAttendeeCapacity").is_none(), "the organiser hides places left");
        assert_eq!(e["repliesModerationOption"], "closed");
        assert_eq!(e["commentsEnabled"], false);
        assert_eq!(e["isOnline"], false);
        assert!(e.get("inLanguage").is_none());
        assert_eq!(e["category"], "SPORTS");
        assert_eq!(e["tag"], json!([{"type": "Hashtag", "name": "#karate", "href": "https://h.example/tags/karate"}]));
        assert_eq!(e["attachment"][0]["type"], "Document");
        assert_eq!(e["attachment"][0]["name"], "Banner");
        assert_eq!(e["attachment"][0]["url"], "https://h.example/media/b.jpg");
        assert_eq!(
            e["attachment"][1],
            json!({"type": "Link", "name": "Website", "mediaType": "text/html", "href": "https://visio.example/r"})
        );
        assert_eq!(e["image"]["isBannerImage"], true);
        assert_eq!(e["attributedTo"], json!(["https://h.example/@rose"]));
        assert_eq!(e["actor"], "https://h.example/@rose");
        assert_eq!(e["to"], json!([PUBLIC]));
        assert_eq!(e["cc"], json!(["https://h.example/@rose/followers"]));
        assert_eq!(e["published"], "2025-01-02T00:00:00Z");
        assert_eq!(e["updated"], "2025-01-03T00:00:00Z");
        assert_eq!(e["uuid"], "00000000-0000-0000-0000-000000000000");
        let unlisted =
            serde_json::to_value(event_to_ap(&details(event("unlisted", at(2031, 1, 15, 13))), "https://h.example"))
                .unwrap();
        assert_eq!(unlisted["to"], json!(["https://h.example/@rose/followers"]));
        assert_eq!(unlisted["cc"], json!([PUBLIC]));
        // It reads back into our own wire type.
        let back: Event = serde_json::from_value(e).unwrap();
        assert_eq!(back.places().len(), 1);
    }

    #[test]
    fn comments_and_tombstones() {
        let e = event("public", at(2031, 1, 15, 13));
        let comment = |id: i64, parent: Option<i64>| comments::Model {
            id,
            uuid: uuid::Uuid::new_v4(),
            ap_id: format!("https://h.example/comments/{id}"),
            event_id: 9,
            author_id: 1,
            parent_id: parent,
            body: "Hi".into(),
            body_html: "<p>Hi</p>".into(),
            is_announcement: false,
            deleted_at: None,
            created_at: at(2025, 2, 1, 0),
            updated_at: at(2025, 2, 1, 0),
        };
        let first = comment(1, None);
        let note = serde_json::to_value(comment_to_ap(&first, &organizer(), &e, None)).unwrap();
        assert_eq!(note["type"], "Note");
        assert_eq!(note["inReplyTo"], e.ap_id);
        assert_eq!(note["content"], "<p>Hi</p>");
        assert_eq!(note["to"], json!([PUBLIC]));
        assert!(note.get("updated").is_none());
        let reply = serde_json::to_value(comment_to_ap(&comment(2, Some(1)), &organizer(), &e, Some(&first))).unwrap();
        assert_eq!(reply["inReplyTo"], "https://h.example/comments/1");
        let mut deleted = comment(3, None);
        deleted.deleted_at = Some(at(2025, 3, 1, 0));
        let t = serde_json::to_value(comment_tombstone(&deleted)).unwrap();
        assert_eq!(t["type"], "Tombstone");
        assert_eq!(t["formerType"], "Note");
        assert_eq!(t["deleted"], "2025-03-01T00:00:00Z");
    }
}
