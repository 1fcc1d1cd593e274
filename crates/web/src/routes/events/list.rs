//! `/events`, the public upcoming events a page at a time, and `/events/calendar`, a month.

use super::views::{CalendarDay, CalendarEntry, CalendarView, ListView};
use super::{card, dates, event_path, is_tentative};
use crate::context::Ctx;
use crate::error::WebError;
use crate::routes::ok;
use axum::extract::Query;
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Events per page of `/events`.
pub const PER_PAGE: u64 = 12;

/// The zone that decides which month "now" is in, and today's date in the calendar.
const HOME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Paris;

#[derive(Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<String>,
}

pub async fn upcoming(ctx: Ctx, Query(query): Query<PageQuery>) -> Result<Response, WebError> {
    // Pages count from 1; anything unreadable is the first page.
    let number = query.page.as_deref().and_then(|p| p.trim().parse::<u64>().ok()).filter(|n| *n >= 1).unwrap_or(1);
    let number = number.min(1_000_000);
    let (rows, more) = ensemble_app::events::upcoming_public(&ctx.state.app, number - 1, PER_PAGE).await?;
    let now = Utc::now();
    let href = |n: u64| if n == 1 { "/events".to_owned() } else { format!("/events?page={n}") };
    let title = if number == 1 {
        ctx.tr.t("events-title")
    } else {
        format!("{} ({})", ctx.tr.t("events-title"), ctx.tr.count("events-page", "count", number as i64))
    };
    ok(&ListView {
        page: ctx.page(title),
        cards: rows.iter().map(|e| card(ctx.tr, e, now)).collect(),
        page_number: number,
        page_label: ctx.tr.count("events-page", "count", number as i64),
        prev: (number > 1).then(|| href(number - 1)),
        next: more.then(|| href(number + 1)),
        logged_in: ctx.viewer.is_some(),
    })
}

#[derive(Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: Option<String>,
}

/// The zones furthest ahead of and behind UTC: between them, every event that starts in a
/// month in its own zone starts in that month in one of these two.
const EARLIEST: chrono_tz::Tz = chrono_tz::Pacific::Kiritimati;
const LATEST: chrono_tz::Tz = chrono_tz::Etc::GMTPlus12;

pub async fn calendar(ctx: Ctx, Query(query): Query<MonthQuery>) -> Result<Response, WebError> {
    let today = Utc::now().with_timezone(&HOME_ZONE).date_naive();
    let this_month = today.with_day(1).unwrap_or(today);
    let first = match query.month.as_deref().filter(|m| !m.trim().is_empty()) {
        Some(m) => dates::parse_month(m).ok_or(WebError::NotFound)?,
        None => this_month,
    };
    let (Some(next), Some(previous)) = (dates::next_month(first), dates::previous_month(first)) else {
        return Err(WebError::NotFound);
    };
    // Each event sits on its own day, in its own zone.
    let app = &ctx.state.app;
    let mut found = ensemble_app::events::month_events(app, first.year(), first.month(), EARLIEST).await?;
    found.extend(ensemble_app::events::month_events(app, first.year(), first.month(), LATEST).await?);
    found.sort_by_key(|e| (e.starts_at, e.id));
    found.dedup_by_key(|e| e.id);
    let mut by_day: BTreeMap<NaiveDate, Vec<CalendarEntry>> = BTreeMap::new();
    for event in &found {
        let start = dates::local(event.starts_at, dates::zone(&event.time_zone));
        let date = start.date_naive();
        if date.year() != first.year() || date.month() != first.month() {
            continue;
        }
        by_day.entry(date).or_default().push(CalendarEntry {
            href: event_path(event),
            title: event.title.clone(),
            time: dates::time(&start),
            datetime: start.to_rfc3339(),
            tentative: is_tentative(event),
        });
    }
    for entries in by_day.values_mut() {
        entries.sort_by(|a, b| a.time.cmp(&b.time));
    }
    // Weeks from Monday to Sunday, padded with the neighbouring months' days.
    let start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    let mut day = start;
    while day < next || weeks.is_empty() {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let in_month = day.month() == first.month() && day.year() == first.year();
            week.push(CalendarDay {
                in_month,
                day: day.day(),
                iso: day.format("%Y-%m-%d").to_string(),
                label: dates::long_date(ctx.tr, day),
                today: day == today,
                events: if in_month { by_day.remove(&day).unwrap_or_default() } else { Vec::new() },
            });
            day += Duration::days(1);
        }
        weeks.push(week);
    }
    let caption = dates::month_title(ctx.tr, first);
    ok(&CalendarView {
        page: ctx.page(format!("{} · {}", ctx.tr.t("calendar-title"), caption)),
        empty: weeks.iter().flatten().all(|d| d.events.is_empty()),
        caption,
        weekdays: dates::weekdays(ctx.tr),
        weeks,
        prev_href: format!("/events/calendar?month={}", dates::month_param(previous)),
        prev_label: dates::month_title(ctx.tr, previous),
        next_href: format!("/events/calendar?month={}", dates::month_param(next)),
        next_label: dates::month_title(ctx.tr, next),
        current_href: "/events/calendar".into(),
        is_current: first == this_month,
    })
}
