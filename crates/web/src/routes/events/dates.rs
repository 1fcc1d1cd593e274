//! Dates in the reader's language, in the event's time zone.

use crate::i18n::Tr;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use ensemble_domain::Locale;

fn chrono_locale(t: Tr) -> chrono::Locale {
    match t.locale {
        Locale::Fr => chrono::Locale::fr_FR,
        Locale::En => chrono::Locale::en_GB,
    }
}

/// An event's time zone; an unknown name (which the form never stores) reads as UTC.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

pub fn local(t: DateTime<Utc>, zone: Tz) -> DateTime<Tz> {
    t.with_timezone(&zone)
}

/// "Thursday 24 December 2026", "jeudi 24 décembre 2026".
pub fn long_date(t: Tr, date: NaiveDate) -> String {
    date.format_localized("%A %-d %B %Y", chrono_locale(t)).to_string()
}

/// "19:30".
pub fn time(dt: &DateTime<Tz>) -> String {
    dt.format("%H:%M").to_string()
}

/// "Thursday 24 December 2026, 19:30".
pub fn date_time(t: Tr, dt: &DateTime<Tz>) -> String {
    format!("{}, {}", long_date(t, dt.date_naive()), time(dt))
}

/// The short month name of a date badge: "Dec", "déc.".
pub fn short_month(t: Tr, date: NaiveDate) -> String {
    date.format_localized("%b", chrono_locale(t)).to_string()
}

/// "December 2026", "Décembre 2026" (capitalised: it stands alone as a title).
pub fn month_title(t: Tr, first: NaiveDate) -> String {
    let text = first.format_localized("%B %Y", chrono_locale(t)).to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The weekdays, Monday first, as (short, long) names.
pub fn weekdays(t: Tr) -> Vec<(String, String)> {
    // 2024-01-01 was a Monday.
    (1..=7)
        .filter_map(|d| NaiveDate::from_ymd_opt(2024, 1, d))
        .map(|d| {
            (
                d.format_localized("%a", chrono_locale(t)).to_string(),
                d.format_localized("%A", chrono_locale(t)).to_string(),
            )
        })
        .collect()
}

/// The first day of the month after `first`'s.
pub fn next_month(first: NaiveDate) -> Option<NaiveDate> {
    if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
}

/// The first day of the month before `first`'s.
pub fn previous_month(first: NaiveDate) -> Option<NaiveDate> {
    if first.month() == 1 {
        NaiveDate::from_ymd_opt(first.year() - 1, 12, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() - 1, 1)
    }
}

/// `2026-12` for a month's first day.
pub fn month_param(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}

/// Parses `YYYY-MM` into the month's first day (years 1000 to 9998, so that the months
/// around it exist too).
pub fn parse_month(input: &str) -> Option<NaiveDate> {
    let (year, month) = input.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    if !(1000..=9998).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localised_dates() {
        let (en, fr) = (Tr::new(Locale::En), Tr::new(Locale::Fr));
        let day = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap_or_default();
        assert_eq!(long_date(en, day), "Thursday 24 December 2026");
        assert_eq!(long_date(fr, day), "jeudi 24 décembre 2026");
        assert_eq!(month_title(fr, day), "Décembre 2026");
        assert_eq!(weekdays(en)[0].1, "Monday");
        assert_eq!(weekdays(fr)[6].1, "dimanche");
        assert_eq!(parse_month("2026-02"), NaiveDate::from_ymd_opt(2026, 2, 1));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("26-01"), None);
        assert_eq!(parse_month("0000-01"), None);
    }
}
