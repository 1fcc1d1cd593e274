//! Events: the public listing and month calendar, the event page with its sharing and
//! metadata, the event form (create, edit, duplicate), publishing, deleting, and "my events".
//! Participation, comments and feeds have routes of their own; these pages link to them.

pub(crate) mod dates;
mod form;
mod list;
mod manage;
mod mine;
mod show;
mod views;

use crate::i18n::Tr;
use crate::state::AppState;
use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use ensemble_app::rows::events;
use ensemble_domain::event::EventStatus;
use ensemble_domain::participation::ParticipantRole;
pub(crate) use form::zones;
pub(crate) use views::Choice;
use views::EventCard;

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/events", get(list::upcoming))
        .route("/events/calendar", get(list::calendar))
        .route("/events/me", get(mine::show))
        .route("/events/new", get(form::new_form).post(form::create))
        .route(
            "/events/{uuid}",
            get(show::show).route_layer(middleware::from_fn_with_state(state, crate::cache::visitor_pages)),
        )
        .route("/events/{uuid}/edit", get(form::edit_form).post(form::update))
        .route("/events/{uuid}/duplicate", get(form::duplicate))
        .route("/events/{uuid}/publish", post(manage::publish))
        .route("/events/{uuid}/delete", get(manage::delete_page).post(manage::delete))
        .route("/events/{uuid}/share", get(show::share))
}

/// Languages an event can be in, each named in itself (so no translation is needed).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("br", "Brezhoneg"),
    ("ca", "Català"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("eo", "Esperanto"),
    ("es", "Español"),
    ("eu", "Euskara"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("oc", "Occitan"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("uk", "Українська"),
];

/// The path of an event's page.
pub fn event_path(event: &events::Model) -> String {
    format!("/events/{}", event.uuid)
}

/// Place name and locality, or whichever exists.
fn place_summary(event: &events::Model) -> String {
    [event.place_name.trim(), event.locality.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the event is over: ended, or started when it has no end.
fn is_over(event: &events::Model, now: DateTime<Utc>) -> bool {
    ensemble_app::events::is_over(event, now)
}

fn is_cancelled(event: &events::Model) -> bool {
    event.status == EventStatus::Cancelled.as_str()
}

fn is_tentative(event: &events::Model) -> bool {
    event.status == EventStatus::Tentative.as_str()
}

/// A role, in words.
fn role_label(t: Tr, role: ParticipantRole) -> String {
    t.t(&format!("event-role-{}", role.as_str()))
}

/// The card of an event in a list.
fn card(t: Tr, event: &events::Model, now: DateTime<Utc>) -> EventCard {
    let zone = dates::zone(&event.time_zone);
    let start = dates::local(event.starts_at, zone);
    EventCard {
        href: event_path(event),
        title: event.title.clone(),
        datetime: start.to_rfc3339(),
        day: start.format("%-d").to_string(),
        month: dates::short_month(t, start.date_naive()),
        when: dates::date_time(t, &start),
        place: place_summary(event),
        online: event.online_url.is_some(),
        cancelled: is_cancelled(event),
        tentative: is_tentative(event),
        past: is_over(event, now),
        draft: event.published_at.is_none(),
        role: None,
        identity: None,
        origin: event.domain.clone(),
    }
}
