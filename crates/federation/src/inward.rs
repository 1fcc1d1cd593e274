//! Inward converters for objects: what other servers publish, as the plain data `app` stores.
//! Lenient: missing fields get our defaults, unknown words the safest reading; only what
//! nothing makes sense without (an id, a start) is required. Lengths and HTML are dealt with
//! when stored.

use chrono::{DateTime, Utc};
use ensemble_activitypub::objects::{Address, Event, Note, Place};
use ensemble_activitypub::{OneOrMany, Reference};
use ensemble_app::remote_comments::RemoteComment;
use ensemble_app::remote_events::RemoteEvent;
use ensemble_domain::event::{Category, EventStatus, JoinMode, Visibility};
use serde_json::Value;

/// A remote event from its document. Drafts and events without a start are refused.
pub fn ap_event_to_remote(event: &Event) -> Result<RemoteEvent, &'static str> {
    if !event.kind.is("Event") {
        return Err("not an Event");
    }
    if event.id.is_empty() {
        return Err("the event has no id");
    }
    if event.draft == Some(true) {
        return Err("a draft");
    }
    let starts_at = event.start_time.as_deref().and_then(time).ok_or("no valid startTime")?;
    // An online location is where to join, not where the event happens: a hybrid event has
    // both (FEP-8a8e), and a place's own `url` is its website.
    let (online, physical): (Vec<&Place>, Vec<&Place>) = event.places().into_iter().partition(|p| is_virtual(p));
    let place = physical.first().copied();
    let postal = place.and_then(|p| match &p.address {
        Some(Address::Postal(a)) => Some(a),
        _ => None,
    });
    let text_address = place.and_then(|p| match &p.address {
        Some(Address::Text(t)) => Some(t.as_str()),
        _ => None,
    });
    let field = |f: Option<&Option<String>>| f.and_then(|v| v.as_deref()).unwrap_or_default().trim().to_owned();
    let place_name = place.and_then(|p| p.name.clone()).or_else(|| text_address.map(str::to_owned));
    let virtual_url = online.iter().find_map(|p| {
        p.url.clone().or_else(|| match &p.address {
            Some(Address::Postal(a)) => a.url.clone(),
            _ => None,
        })
    });
    let website = event.attachment.iter().flat_map(OneOrMany::iter).find_map(|d| {
        let named_website = d.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case("website"));
        named_website.then(|| d.location()).flatten().map(str::to_owned)
    });
    let audience_public =
        |r: &Option<ensemble_activitypub::helpers::References>| r.as_ref().is_some_and(|r| r.has_public());
    let visibility = if audience_public(&event.to) {
        Visibility::Public
    } else if audience_public(&event.cc) {
        Visibility::Unlisted
    } else {
        Visibility::Private
    };
    let capacity = event.maximum_attendee_capacity.filter(|c| *c > 0);
    Ok(RemoteEvent {
        ap_id: event.id.clone(),
        url: event.url.as_ref().and_then(|u| u.iter().find_map(Reference::id)).map(str::to_owned),
        title: event.name.clone().unwrap_or_default(),
        description_html: event.content.clone().unwrap_or_default(),
        starts_at,
        ends_at: event.end_time.as_deref().and_then(time),
        time_zone: event.timezone.clone().unwrap_or_else(|| "UTC".to_owned()),
        place_name: place_name.unwrap_or_default().trim().to_owned(),
        street: field(postal.map(|a| &a.street_address)),
        postal_code: field(postal.map(|a| &a.postal_code)),
        locality: field(postal.map(|a| &a.address_locality)),
        region: field(postal.map(|a| &a.address_region)),
        country: field(postal.map(|a| &a.address_country)),
        coordinates: place.and_then(|p| p.latitude.zip(p.longitude)),
        online_url: website.or(virtual_url),
        category: category(event),
        visibility,
        status: status(event),
        join_mode: join_mode(event),
        external_url: event.external_participation_url.clone(),
        capacity,
        participant_count: event.participant_count,
        comments_enabled: event.comments_enabled.unwrap_or(true)
            && event.replies_moderation_option.as_deref() != Some("closed"),
        language: event.in_language.clone().unwrap_or_else(|| "und".to_owned()),
        tags: event
            .tag
            .iter()
            .flat_map(OneOrMany::iter)
            .filter(|t| t.kind.is("Hashtag"))
            .filter_map(|t| t.name.clone())
            .collect(),
        published_at: event.published.as_deref().and_then(time),
    })
}

/// A remote comment from its `Note`: it must answer something (`inReplyTo`), and be public
/// (`Public` in `to` or `cc`), since comments are shown to everyone who sees the event: a
/// direct or followers-only reply stays between its author and its recipients.
pub fn ap_note_to_comment(note: &Note) -> Result<RemoteComment, &'static str> {
    if !note.kind.is("Note") {
        return Err("not a Note");
    }
    if note.id.is_empty() {
        return Err("the note has no id");
    }
    if ![&note.to, &note.cc].iter().any(|r| r.as_ref().is_some_and(|r| r.has_public())) {
        return Err("the note is not public");
    }
    let in_reply_to = note.in_reply_to.as_ref().and_then(Reference::id).ok_or("the note answers nothing")?;
    Ok(RemoteComment {
        ap_id: note.id.clone(),
        in_reply_to: in_reply_to.to_owned(),
        content_html: note.content.clone().unwrap_or_default(),
        published: note.published.as_deref().and_then(time),
    })
}

/// Who wrote a note: `attributedTo`, else `actor`.
pub fn author_of(note: &Note) -> Option<&str> {
    note.attributed_to
        .as_ref()
        .and_then(|a| a.ids().into_iter().next())
        .or_else(|| note.actor.as_ref().and_then(Reference::id))
}

/// Whether a document's `type` is (or includes) `Event`.
pub(crate) fn is_event(document: &serde_json::Value) -> bool {
    match document.get("type") {
        Some(serde_json::Value::String(kind)) => kind == "Event",
        Some(serde_json::Value::Array(kinds)) => kinds.iter().any(|k| k == "Event"),
        _ => false,
    }
}

/// The actor who organises a remote event: `actor` (Mobilizon names the person there, and the
/// group in `attributedTo`), else the first `attributedTo`.
pub fn organizer_of(event: &Event) -> Option<&str> {
    event
        .actor
        .as_ref()
        .and_then(Reference::id)
        .or_else(|| event.attributed_to.as_ref().and_then(|a| a.ids().into_iter().next()))
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| t.with_timezone(&Utc))
}

/// An online location: FEP-8a8e's `VirtualLocation`, or Gancio's `Place` whose address is one.
fn is_virtual(place: &Place) -> bool {
    place.kind.is("VirtualLocation")
        || matches!(&place.address, Some(Address::Postal(a)) if a.kind.is("VirtualLocation"))
}

/// Mobilizon sends `MEETING`, older versions `meeting`; others free words: those are meetings.
fn category(event: &Event) -> Category {
    event
        .category
        .iter()
        .flat_map(OneOrMany::iter)
        .find_map(|c| Category::parse(&c.trim().to_ascii_uppercase().replace('-', "_")))
        .unwrap_or(Category::Meeting)
}

fn status(event: &Event) -> EventStatus {
    let word = event
        .status
        .as_ref()
        .and_then(Value::as_str)
        .or(event.ical_status.as_deref())
        .or(event.event_status.as_deref())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match word.as_str() {
        "tentative" | "eventtentative" => EventStatus::Tentative,
        "cancelled" | "canceled" | "eventcancelled" => EventStatus::Cancelled,
        _ => EventStatus::Confirmed,
    }
}

/// Mobilizon's words; an unknown one asks for approval, the careful reading.
fn join_mode(event: &Event) -> JoinMode {
    match event.join_mode.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("free") => {
            if event.external_participation_url.is_some() {
                JoinMode::External
            } else {
                JoinMode::Free
            }
        }
        Some("external") => JoinMode::External,
        Some("invite") | Some("invite_only") => JoinMode::Invite,
        Some(_) => JoinMode::Approval,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Event {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_mobilizon_event() {
        let event = parse(include_str!("../../activitypub/tests/fixtures/pleroma/mobilizon.org-event.json"));
        let remote = ap_event_to_remote(&event).unwrap();
        assert_eq!(remote.title, "Mobilizon Launching Party");
        assert_eq!(remote.visibility, Visibility::Public);
        assert_eq!(remote.category, Category::Meeting);
        assert_eq!(remote.join_mode, JoinMode::Free);
        assert_eq!(remote.status, EventStatus::Confirmed);
        assert_eq!(remote.capacity, None);
        assert_eq!(remote.place_name, "Cour du Château des Ducs de Bretagne");
        assert_eq!(remote.locality, "Nantes");
        assert_eq!(remote.starts_at.to_rfc3339(), "2019-12-18T13:00:00+00:00");
        assert_eq!(remote.tags.len(), 4);
        assert_eq!(organizer_of(&event), Some("https://mobilizon.org/@tcit"));
    }

    #[test]
    fn a_mastodon_reply() {
        let fixture = include_str!("../../activitypub/tests/fixtures/mobilizon/mastodon-post-activity.json");
        let value: Value = serde_json::from_str(fixture).unwrap();
        let mut object = value["object"].clone();
        let note: Note = serde_json::from_value(object.clone()).unwrap();
        assert_eq!(ap_note_to_comment(&note), Err("the note answers nothing"));
        object["inReplyTo"] = Value::from("https://h.example/events/1");
        let note: Note = serde_json::from_value(object).unwrap();
        let comment = ap_note_to_comment(&note).unwrap();
        assert_eq!(comment.ap_id, "https://framapiaf.org/users/admin/statuses/99512778738411822");
        assert_eq!(comment.in_reply_to, "https://h.example/events/1");
        assert!(comment.content_html.contains("u-url mention"), "{}", comment.content_html);
        assert_eq!(comment.published.map(|p| p.to_rfc3339()).as_deref(), Some("2018-02-12T14:08:20+00:00"));
        assert_eq!(author_of(&note), Some("https://framapiaf.org/users/admin"));
        // The same reply, addressed to one person only.
        let private = include_str!("../../activitypub/tests/fixtures/mobilizon/mastodon-post-activity-private.json");
        let mut object = serde_json::from_str::<Value>(private).unwrap()["object"].clone();
        object["inReplyTo"] = Value::from("https://h.example/events/1");
        let note: Note = serde_json::from_value(object).unwrap();
        assert_eq!(ap_note_to_comment(&note), Err("the note is not public"));
    }

    #[test]
    fn lenient_but_not_blind() {
        let minimal = parse(
            r#"{"id":"https://m.example/e/1","type":"Event","startTime":"2030-01-01T10:00:00+01:00",
                "joinMode":"restricted","cc":["as:Public"],"maximumAttendeeCapacity":12,
                "attributedTo":"https://m.example/u/a"}"#,
        );
        let remote = ap_event_to_remote(&minimal).unwrap();
        assert_eq!(remote.visibility, Visibility::Unlisted);
        assert_eq!(remote.join_mode, JoinMode::Approval);
        assert_eq!(remote.capacity, Some(12));
        assert_eq!(remote.time_zone, "UTC");
        assert_eq!(organizer_of(&minimal), Some("https://m.example/u/a"));
        let no_start = parse(r#"{"id":"https://m.example/e/2","type":"Event"}"#);
        assert!(ap_event_to_remote(&no_start).is_err());
        let note = parse(r#"{"id":"https://m.example/n","type":"Note","startTime":"2030-01-01T10:00:00Z"}"#);
        assert!(ap_event_to_remote(&note).is_err());
        let draft =
            parse(r#"{"id":"https://m.example/e/3","type":"Event","draft":true,"startTime":"2030-01-01T10:00:00Z"}"#);
        assert!(ap_event_to_remote(&draft).is_err());
    }
}
