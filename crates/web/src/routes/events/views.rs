//! The view models of the event pages: strings, booleans and lists, already translated and
//! formatted. Kept beside the routes that fill them, so that the event pages can change
//! without touching the shared `views.rs`.

use crate::context::Page;
use crate::views::Errors;
use askama::Template;

/// One option of a select, a radio group or a checkbox list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
    /// Shown under a radio button or checkbox; may be empty.
    pub hint: String,
}

/// An event in a list: title, a date badge, when and where at a glance.
pub struct EventCard {
    pub href: String,
    pub title: String,
    /// RFC 3339, in the event's time zone, for `<time datetime>`.
    pub datetime: String,
    /// The badge: day of the month and short month name.
    pub day: String,
    pub month: String,
    /// The whole date and time, in words: "Thursday 24 December 2026, 19:30".
    pub when: String,
    /// Place name and locality, may be empty.
    pub place: String,
    pub online: bool,
    pub cancelled: bool,
    pub tentative: bool,
    pub past: bool,
    pub draft: bool,
    /// The viewer's role, in words (my events only).
    pub role: Option<String>,
    /// Who organises it, in "my events" drafts.
    pub identity: Option<String>,
    /// The server a remote event comes from (`host[:port]`).
    pub origin: Option<String>,
}

impl EventCard {
    pub fn has_badges(&self) -> bool {
        self.role.is_some() || self.draft || self.cancelled || self.tentative || self.past
    }
}

#[derive(Template)]
#[template(path = "events/list.html")]
pub struct ListView {
    pub page: Page,
    pub cards: Vec<EventCard>,
    pub page_number: u64,
    /// "Page 2", translated.
    pub page_label: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub logged_in: bool,
}

/// One event in a calendar cell.
pub struct CalendarEntry {
    pub href: String,
    pub title: String,
    pub time: String,
    pub datetime: String,
    pub tentative: bool,
}

pub struct CalendarDay {
    /// `false` for the padding days of the neighbouring months.
    pub in_month: bool,
    pub day: u32,
    /// `2026-12-31`.
    pub iso: String,
    /// "Thursday 31 December 2026", for screen readers and narrow screens.
    pub label: String,
    pub today: bool,
    pub events: Vec<CalendarEntry>,
}

#[derive(Template)]
#[template(path = "events/calendar.html")]
pub struct CalendarView {
    pub page: Page,
    /// "December 2026".
    pub caption: String,
    /// (short, long) weekday names, Monday first.
    pub weekdays: Vec<(String, String)>,
    pub weeks: Vec<Vec<CalendarDay>>,
    pub prev_href: String,
    pub prev_label: String,
    pub next_href: String,
    pub next_label: String,
    pub current_href: String,
    pub is_current: bool,
    pub empty: bool,
}

#[derive(Template)]
#[template(path = "events/form.html")]
pub struct FormView {
    pub page: Page,
    pub errors: Errors,
    pub heading: String,
    pub action: String,
    pub cancel_href: String,
    /// "You organise it as …".
    pub organiser_note: String,
    /// Editing an event that is already published: one "Save" button.
    pub published: bool,
    /// The start is in the past: ask to confirm.
    pub past_warning: bool,
    pub past_ok: bool,
    /// Open "More options" (one of its fields needs attention).
    pub more_open: bool,
    pub title: String,
    pub description: String,
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub zones: Vec<Choice>,
    pub place_name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub latitude: String,
    pub longitude: String,
    pub online_url: String,
    pub categories: Vec<Choice>,
    pub tags: String,
    pub visibilities: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub join_modes: Vec<Choice>,
    pub external_url: String,
    pub capacity: String,
    pub show_remaining: bool,
    /// The instance allows anonymous participation: offer the checkbox.
    pub anonymous_offered: bool,
    pub anonymous_participation: bool,
    pub comments_enabled: bool,
    pub languages: Vec<Choice>,
    pub accessibility: Vec<Choice>,
    pub price: String,
    pub ticket_url: String,
    pub livestream_url: String,
    /// The stored banner's file name (the event's, or one sent with a refused submission).
    pub kept_banner: String,
    pub max_banner_mb: String,
}

/// A date and time on the event page.
pub struct When {
    pub date: String,
    pub time: String,
    pub datetime: String,
}

pub struct OrganizerView {
    pub name: String,
    pub handle: String,
    pub href: String,
    pub avatar_url: Option<String>,
}

#[derive(Template)]
#[template(path = "events/show.html")]
pub struct ShowView {
    pub page: Page,
    pub path: String,
    /// The absolute address: canonical link, OpenGraph, sharing.
    pub url: String,
    pub title: String,
    /// A remote event's server (`host[:port]`) and its page there.
    pub origin: Option<(String, String)>,
    pub banner_url: Option<String>,
    /// Absolute, for OpenGraph.
    pub og_image: Option<String>,
    pub og_description: String,
    /// The schema.org `Event`, as JSON safe to put in a `<script>` element.
    pub json_ld: String,
    pub draft: bool,
    pub cancelled: bool,
    pub tentative: bool,
    pub past: bool,
    pub starts: When,
    pub ends: Option<When>,
    /// The end is on the start's day: show its time only.
    pub same_day: bool,
    /// "Europe/Paris (CET)".
    pub zone: String,
    /// "Your time (Europe/London): …", when the viewer's zone differs from the event's.
    pub your_time: Option<String>,
    pub place_lines: Vec<String>,
    pub map_href: Option<String>,
    pub online_url: Option<String>,
    pub category: String,
    pub tags: Vec<String>,
    pub description_html: String,
    pub accessibility: Vec<String>,
    pub price: String,
    pub ticket_url: Option<String>,
    pub livestream_url: Option<String>,
    /// The event's language name, and its code for `lang` attributes (empty when unknown).
    pub language: Option<String>,
    pub lang: String,
    pub organizer: OrganizerView,
    /// "12 people going".
    pub going: String,
    /// "3 places left".
    pub remaining: Option<String>,
    // The participation block.
    pub role_label: Option<String>,
    pub role: String,
    pub can_leave: bool,
    /// The viewer's identities to join as; empty when there is no join form.
    pub join_identities: Vec<Choice>,
    pub join_note: Option<String>,
    pub external_url: Option<String>,
    pub closed_note: Option<String>,
    pub visitor: bool,
    pub anonymous_form: bool,
    // Organiser tools.
    pub can_edit: bool,
    pub can_delete: bool,
    pub can_see_participants: bool,
    // Sharing.
    pub mailto: String,
    pub share_instance: String,
    pub share_error: Option<String>,
    /// Filled by the comments' engineer: already-safe HTML.
    pub comments_html: String,
}

#[derive(Template)]
#[template(path = "events/delete.html")]
pub struct DeleteView {
    pub page: Page,
    pub title: String,
    pub path: String,
    pub going: String,
}

/// One identity's events on "my events".
pub struct MyGroup {
    pub name: String,
    pub handle: String,
    pub username: String,
    pub current: bool,
    pub upcoming: Vec<EventCard>,
    pub past: Vec<EventCard>,
}

#[derive(Template)]
#[template(path = "events/mine.html")]
pub struct MineView {
    pub page: Page,
    pub groups: Vec<MyGroup>,
    pub drafts: Vec<EventCard>,
    pub empty: bool,
}
