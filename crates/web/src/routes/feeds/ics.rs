//! iCalendar (RFC 5545) documents. Times are written in UTC (`Z`), so the calendar needs no
//! VTIMEZONE and no TZID; the icalendar crate escapes text, folds lines at 75 octets and ends
//! them with CRLF.

use super::text::{location, multi_line, one_line};
use crate::context::label;
use crate::i18n::Tr;
use ensemble_app::feeds::{FeedEvent, markdown_to_plain};
use ensemble_domain::event::{Category, EventStatus};
use icalendar::{Calendar, Component, EventLike, Property};

/// A calendar of `events` named `name`. `refresh` marks a subscribed feed, which clients
/// poll again after an hour.
pub fn calendar(t: Tr, name: &str, events: &[FeedEvent], refresh: bool) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Ensemble//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        // The crate writes NAME (RFC 7986) verbatim: escape it here. X-WR-CALNAME is escaped
        // by the crate, as a TEXT extension.
        .append_property(Property::new("NAME", escape_text(&one_line(name))))
        .append_property(Property::new("X-WR-CALNAME", one_line(name)));
    if refresh {
        calendar.ttl(&chrono::Duration::hours(1));
    }
    for fe in events {
        calendar.push(event(t, fe));
    }
    calendar.to_string()
}

/// A TEXT value, escaped (RFC 5545 §3.3.11).
fn escape_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

fn status(status: &str) -> icalendar::EventStatus {
    match EventStatus::parse(status) {
        Some(EventStatus::Tentative) => icalendar::EventStatus::Tentative,
        Some(EventStatus::Cancelled) => icalendar::EventStatus::Cancelled,
        Some(EventStatus::Confirmed) | None => icalendar::EventStatus::Confirmed,
    }
}

/// A parameter value cannot hold a double quote nor control characters (RFC 5545 §3.1).
fn parameter(text: &str) -> String {
    one_line(&text.replace('"', "'"))
}

fn event(t: Tr, fe: &FeedEvent) -> icalendar::Event {
    let e = &fe.event;
    let mut v = icalendar::Event::new();
    v.uid(&e.ap_id)
        .timestamp(e.updated_at)
        .created(e.created_at)
        .last_modified(e.updated_at)
        .starts(e.starts_at)
        .summary(&one_line(&e.title))
        .url(&e.ap_id)
        .status(status(&e.status));
    if let Some(end) = e.ends_at {
        v.ends(end);
    }
    let description = multi_line(&markdown_to_plain(&e.description));
    if !description.is_empty() {
        v.description(&description);
    }
    if let Some(location) = location(fe) {
        v.location(&location);
    }
    if let (Some(lat), Some(lon)) = (e.latitude, e.longitude)
        && lat.is_finite()
        && lon.is_finite()
    {
        v.add_property("GEO", format!("{lat};{lon}"));
    }
    let mut categories = Vec::new();
    if let Some(category) = Category::parse(&e.category) {
        let key = category.message_key();
        categories.push(if t.has(&key) { t.t(&key) } else { category.as_str().to_owned() });
    }
    categories.extend(fe.tags.iter().map(|tag| one_line(tag)));
    categories.retain(|c| !c.is_empty());
    if !categories.is_empty() {
        v.categories(categories);
    }
    // The organiser's address is their profile: a URI, which RFC 5545 allows for a
    // CAL-ADDRESS. Never an email address: accounts stay private.
    if let Some(organizer) = fe.organizer.as_ref().filter(|o| o.deleted_at.is_none()) {
        v.append_property(
            Property::new("ORGANIZER", &organizer.ap_id).add_parameter("CN", &parameter(&label(organizer))).done(),
        );
    }
    v.done()
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped() {
        assert_eq!(super::escape_text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    }
}
