//! What feeds say about an event in words: when and where, in the reader's language.

use crate::i18n::Tr;
use chrono::{DateTime, Datelike, Timelike, Utc};
use ensemble_app::feeds::FeedEvent;
use ensemble_domain::event::EventStatus;

/// Text as one line: no control characters, line breaks become spaces.
pub fn one_line(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text over several lines: line breaks as `\n`, no other control characters but tabs.
pub fn multi_line(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

fn zone(fe: &FeedEvent) -> chrono_tz::Tz {
    fe.event.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

fn date(t: Tr, at: DateTime<chrono_tz::Tz>) -> String {
    let day = if at.day() == 1 { t.t("feeds-day-first") } else { at.day().to_string() };
    let year = at.year().to_string();
    t.args(
        "feeds-date",
        &[
            ("weekday", &t.t(&format!("feeds-weekday-{}", at.weekday().number_from_monday()))),
            ("day", &day),
            ("month", &t.t(&format!("feeds-month-{}", at.month()))),
            ("year", &year),
        ],
    )
}

fn time(t: Tr, at: DateTime<chrono_tz::Tz>) -> String {
    let hour = at.hour().to_string();
    let minute = format!("{:02}", at.minute());
    t.args("feeds-time", &[("hour", &hour), ("minute", &minute)])
}

/// When the event happens, in its own time zone, e.g. "Sunday 29 March 2026, 10:00–12:00 (Europe/Paris)".
pub fn when(t: Tr, fe: &FeedEvent) -> String {
    let zone = zone(fe);
    let start = fe.event.starts_at.with_timezone(&zone);
    let end = fe.event.ends_at.map(|e: DateTime<Utc>| e.with_timezone(&zone));
    let when = match end {
        None => t.args("feeds-when", &[("date", &date(t, start)), ("time", &time(t, start))]),
        Some(end) if end.date_naive() == start.date_naive() => t.args(
            "feeds-when-same-day",
            &[("date", &date(t, start)), ("start", &time(t, start)), ("end", &time(t, end))],
        ),
        Some(end) => {
            let from = t.args("feeds-when", &[("date", &date(t, start)), ("time", &time(t, start))]);
            let to = t.args("feeds-when", &[("date", &date(t, end)), ("time", &time(t, end))]);
            t.args("feeds-when-range", &[("start", &from), ("end", &to)])
        }
    };
    t.args("feeds-when-zone", &[("when", &when), ("zone", zone.name())])
}

/// The place as one line: name, street, postal code and locality, region, country.
pub fn place(fe: &FeedEvent) -> String {
    let e = &fe.event;
    let town = [e.postal_code.trim(), e.locality.trim()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
    let town = town.join(" ");
    let parts = [e.place_name.trim(), e.street.trim(), town.as_str(), e.region.trim(), e.country.trim()];
    one_line(&parts.iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", "))
}

/// Where, for a calendar's LOCATION: the place, else the online address.
pub fn location(fe: &FeedEvent) -> Option<String> {
    let place = place(fe);
    if !place.is_empty() {
        return Some(place);
    }
    fe.event.online_url.as_deref().map(one_line).filter(|u| !u.is_empty())
}

/// One line for a feed reader: status, date and place.
pub fn summary(t: Tr, fe: &FeedEvent) -> String {
    let mut parts = Vec::new();
    if fe.event.status == EventStatus::Cancelled.as_str() {
        parts.push(t.t("feeds-cancelled"));
    } else if fe.event.status == EventStatus::Tentative.as_str() {
        parts.push(t.t("feeds-tentative"));
    }
    parts.push(when(t, fe));
    let place = place(fe);
    if !place.is_empty() {
        parts.push(place);
    }
    if let Some(url) = fe.event.online_url.as_deref().filter(|u| !u.is_empty()) {
        parts.push(t.t1("feeds-online", "url", &one_line(url)));
    }
    parts.join(" · ")
}

/// A file name that is safe in a `Content-Disposition` header on every system.
pub fn file_name(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(|c| fold(c).chars().collect::<Vec<_>>()) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    format!("{}.ics", if slug.is_empty() { "event" } else { slug })
}

/// Latin letters without their accents, for file names.
fn fold(c: char) -> String {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        other => return other.to_string(),
    };
    plain.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        let cases = [
            ("Fête de la musique", "fete-de-la-musique.ics"),
            ("  \"quoted\"; rm -rf /  ", "quoted-rm-rf.ics"),
            ("日本語", "event.ics"),
            ("Œuvre/../..\\x", "oeuvre-x.ics"),
        ];
        for (title, name) in cases {
            assert_eq!(file_name(title), name, "{title:?}");
        }
        assert!(file_name(&"a".repeat(500)).len() <= 64);
    }

    #[test]
    fn text_is_cleaned() {
        assert_eq!(one_line(" a\r\nb\tc\u{7}d "), "a b c d");
        assert_eq!(multi_line("a\r\nb\rc\u{0}d\n"), "a\nb\ncd");
    }
}
