//! The event form: a new event (short by default, the rest under "More options"), editing,
//! and duplicating. A refused form comes back whole, with a message under each wrong field.

use super::views::{Choice, FormView};
use super::{LANGUAGES, event_path};
use crate::context::{Ctx, label};
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::MultipartForm;
use crate::routes::{ok, render};
use crate::views::Errors;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use ensemble_app::events::{self, EventDetails, EventForm};
use ensemble_app::identities::Upload;
use ensemble_app::{AppError, FieldErrors};
use ensemble_domain::event::{Accessibility, Category, EventStatus, JoinMode, Visibility};
use ensemble_domain::participation::EventAction;

/// The time zone a new event starts with.
const DEFAULT_ZONE: &str = "Europe/Paris";

/// The fields inside "More options": an error in one of them opens it.
const MORE_FIELDS: &[&str] = &[
    "region",
    "country",
    "latitude",
    "longitude",
    "category",
    "tags",
    "visibility",
    "status",
    "join_mode",
    "external_url",
    "capacity",
    "language",
    "accessibility",
    "price",
    "ticket_url",
    "livestream_url",
    "banner",
];

/// How the form is shown beyond its values.
struct Frame {
    heading: String,
    action: String,
    cancel_href: String,
    organiser_note: String,
    /// The event being edited is published: one "Save" button.
    published: bool,
    past_warning: bool,
    past_ok: bool,
}

fn choice(value: &str, label: String, selected: bool, hint: String) -> Choice {
    Choice { value: value.to_owned(), label, selected, hint }
}

/// Every IANA zone, sorted, with `selected` chosen.
pub(crate) fn zones(selected: &str) -> Vec<Choice> {
    let mut names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
    names.sort_unstable();
    let mut out: Vec<Choice> =
        names.into_iter().map(|n| choice(n, n.to_owned(), n == selected, String::new())).collect();
    // A value that is not a zone (refused) stays in the form, so nothing typed is lost.
    if !selected.is_empty() && !out.iter().any(|c| c.selected) {
        out.insert(0, choice(selected, selected.to_owned(), true, String::new()));
    }
    out
}

fn megabytes(bytes: usize) -> String {
    format!("{:.0}", (bytes as f64 / (1024.0 * 1024.0)).max(1.0))
}

fn form_view(ctx: &Ctx, frame: Frame, form: &EventForm, errors: &FieldErrors) -> FormView {
    let t = ctx.tr;
    let settings = &ctx.state.app.settings;
    let mut categories: Vec<Choice> = Category::ALL
        .iter()
        .map(|c| {
            let selected = if form.category.is_empty() { *c == Category::Meeting } else { c.as_str() == form.category };
            choice(c.as_str(), t.t(&c.message_key()), selected, String::new())
        })
        .collect();
    categories.sort_by_key(|c| c.label.to_lowercase());
    let picked = |value: &str, current: &str, default: &str| {
        if current.is_empty() { value == default } else { value == current }
    };
    let visibilities = Visibility::ALL
        .iter()
        .map(|v| {
            let key = format!("event-visibility-{}", v.as_str());
            choice(v.as_str(), t.t(&key), picked(v.as_str(), &form.visibility, "public"), t.t(&format!("{key}-hint")))
        })
        .collect();
    let statuses = EventStatus::ALL
        .iter()
        .map(|s| {
            let key = format!("event-status-{}", s.as_str());
            choice(s.as_str(), t.t(&key), picked(s.as_str(), &form.status, "confirmed"), String::new())
        })
        .collect();
    let join_modes = JoinMode::ALL
        .iter()
        .map(|j| {
            let key = format!("event-join-mode-{}", j.as_str());
            choice(j.as_str(), t.t(&key), picked(j.as_str(), &form.join_mode, "free"), t.t(&format!("{key}-hint")))
        })
        .collect();
    let mut languages = vec![choice("", t.t("event-language-unspecified"), form.language.is_empty(), String::new())];
    languages.extend(
        LANGUAGES.iter().map(|(code, name)| choice(code, (*name).to_owned(), *code == form.language, String::new())),
    );
    if !form.language.is_empty() && !languages.iter().any(|c| c.selected) {
        languages.push(choice(&form.language, form.language.clone(), true, String::new()));
    }
    let accessibility = Accessibility::ALL
        .iter()
        .map(|a| {
            choice(
                a.as_str(),
                t.t(&format!("accessibility-{}", a.as_str())),
                form.accessibility.iter().any(|w| w == a.as_str()),
                String::new(),
            )
        })
        .collect();
    let more_open = MORE_FIELDS.iter().any(|f| errors.get(f).is_some());
    FormView {
        page: ctx.page(frame.heading.clone()),
        errors: Errors::new(t, errors),
        heading: frame.heading,
        action: frame.action,
        cancel_href: frame.cancel_href,
        organiser_note: frame.organiser_note,
        published: frame.published,
        past_warning: frame.past_warning,
        past_ok: frame.past_ok,
        more_open,
        title: form.title.clone(),
        description: form.description.clone(),
        start_date: form.start_date.clone(),
        start_time: form.start_time.clone(),
        end_date: form.end_date.clone(),
        end_time: form.end_time.clone(),
        zones: zones(if form.time_zone.is_empty() { DEFAULT_ZONE } else { &form.time_zone }),
        place_name: form.place_name.clone(),
        street: form.street.clone(),
        postal_code: form.postal_code.clone(),
        locality: form.locality.clone(),
        region: form.region.clone(),
        country: form.country.clone(),
        latitude: form.latitude.clone(),
        longitude: form.longitude.clone(),
        online_url: form.online_url.clone(),
        categories,
        tags: form.tags.clone(),
        visibilities,
        statuses,
        join_modes,
        external_url: form.external_url.clone(),
        capacity: form.capacity.clone(),
        show_remaining: form.show_remaining,
        anonymous_offered: settings.events.anonymous_participation,
        anonymous_participation: form.anonymous_participation,
        comments_enabled: form.comments_enabled,
        languages,
        accessibility,
        price: form.price.clone(),
        ticket_url: form.ticket_url.clone(),
        livestream_url: form.livestream_url.clone(),
        kept_banner: form.kept_banner.clone().unwrap_or_default(),
        max_banner_mb: megabytes(settings.uploads.max_banner_bytes),
    }
}

/// The form as posted.
fn event_form(form: &MultipartForm) -> EventForm {
    EventForm {
        title: form.text("title"),
        description: form.text("description"),
        start_date: form.text("start_date"),
        start_time: form.text("start_time"),
        end_date: form.text("end_date"),
        end_time: form.text("end_time"),
        time_zone: form.text("time_zone"),
        place_name: form.text("place_name"),
        street: form.text("street"),
        postal_code: form.text("postal_code"),
        locality: form.text("locality"),
        region: form.text("region"),
        country: form.text("country"),
        latitude: form.text("latitude"),
        longitude: form.text("longitude"),
        online_url: form.text("online_url"),
        category: form.text("category"),
        tags: form.text("tags"),
        visibility: form.text("visibility"),
        status: form.text("status"),
        join_mode: form.text("join_mode"),
        external_url: form.text("external_url"),
        capacity: form.text("capacity"),
        show_remaining: form.checked("show_remaining"),
        anonymous_participation: form.checked("anonymous_participation"),
        comments_enabled: form.checked("comments_enabled"),
        language: form.text("language"),
        accessibility: Accessibility::ALL
            .iter()
            .filter(|a| form.checked(&format!("accessibility_{}", a.as_str())))
            .map(|a| a.as_str().to_owned())
            .collect(),
        price: form.text("price"),
        ticket_url: form.text("ticket_url"),
        livestream_url: form.text("livestream_url"),
        banner: form.file("banner").map(Upload),
        kept_banner: Some(form.text("kept_banner")).filter(|name| !name.is_empty()),
        remove_banner: form.checked("remove_banner"),
        publish: form.checked("publish"),
    }
}

/// The frame of a form that creates an event (new or duplicated).
fn new_frame(ctx: &Ctx, heading: String, cancel_href: String) -> Frame {
    let organiser = ctx.viewer.as_ref().map(|v| label(&v.identity)).unwrap_or_default();
    Frame {
        heading,
        action: "/events/new".into(),
        cancel_href,
        organiser_note: ctx.tr.t1("event-form-organiser-new", "name", &organiser),
        published: false,
        past_warning: false,
        past_ok: false,
    }
}

fn edit_frame(ctx: &Ctx, details: &EventDetails) -> Frame {
    Frame {
        heading: ctx.tr.t1("event-edit-title", "event", &details.event.title),
        action: format!("{}/edit", event_path(&details.event)),
        cancel_href: event_path(&details.event),
        organiser_note: ctx.tr.t1("event-form-organiser", "name", &label(&details.organizer)),
        published: details.event.published_at.is_some(),
        past_warning: false,
        past_ok: false,
    }
}

pub async fn new_form(ctx: Ctx) -> Result<Response, WebError> {
    ctx.require_viewer()?;
    let form = EventForm {
        time_zone: DEFAULT_ZONE.into(),
        show_remaining: true,
        comments_enabled: true,
        language: ctx.tr.lang_code().into(),
        ..Default::default()
    };
    let frame = new_frame(&ctx, ctx.tr.t("event-new-title"), "/events/me".into());
    ok(&form_view(&ctx, frame, &form, &FieldErrors::new()))
}

pub async fn create(ctx: Ctx, posted: MultipartForm) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let app = &ctx.state.app;
    let mut form = event_form(&posted);
    let past_ok = posted.checked("past_ok");
    let mut frame = new_frame(&ctx, ctx.tr.t("event-new-title"), "/events/me".into());
    frame.past_ok = past_ok;
    // A start in the past is allowed, once confirmed: it is more often a typo.
    if let Ok(parsed) = form.parse(app.settings.events.anonymous_participation)
        && parsed.starts_at < Utc::now()
    {
        frame.past_warning = true;
        if !past_ok {
            let errors = match events::keep_banner(app, &mut form).await {
                Ok(()) => FieldErrors::new(),
                Err(AppError::Invalid(errors)) => errors,
                Err(e) => return Err(e.into()),
            };
            return ok(&form_view(&ctx, frame, &form, &errors));
        }
    }
    match events::create_event(app, viewer, &mut form).await {
        Ok(event) => {
            let notice = if form.publish { "event-published" } else { "event-draft-saved" };
            Ok(redirect_with_notice(&event_path(&event), notice, ctx.secure()))
        }
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &form_view(&ctx, frame, &form, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// The event, if the viewer may edit it: "not found" if they may not even see it.
async fn editable(ctx: &Ctx, uuid: &str) -> Result<EventDetails, WebError> {
    let viewer = ctx.require_viewer()?;
    let details = events::event_for(&ctx.state.app, Some(viewer), uuid).await?;
    if !details.can(EventAction::Edit) {
        return Err(AppError::Forbidden.into());
    }
    Ok(details)
}

pub async fn edit_form(ctx: Ctx, Path(uuid): Path<String>) -> Result<Response, WebError> {
    let details = editable(&ctx, &uuid).await?;
    let form = events::form_of(&details);
    ok(&form_view(&ctx, edit_frame(&ctx, &details), &form, &FieldErrors::new()))
}

pub async fn update(ctx: Ctx, Path(uuid): Path<String>, posted: MultipartForm) -> Result<Response, WebError> {
    let details = editable(&ctx, &uuid).await?;
    let viewer = ctx.require_viewer()?;
    let mut form = event_form(&posted);
    match events::update_event(&ctx.state.app, viewer, &uuid, &mut form).await {
        Ok(event) => {
            let notice =
                if details.event.published_at.is_none() && form.publish { "event-published" } else { "event-saved" };
            Ok(redirect_with_notice(&event_path(&event), notice, ctx.secure()))
        }
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &form_view(&ctx, edit_frame(&ctx, &details), &form, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// The new-event form filled in from an event, as a draft with the same title.
pub async fn duplicate(ctx: Ctx, Path(uuid): Path<String>) -> Result<Response, WebError> {
    let details = editable(&ctx, &uuid).await?;
    let mut form = events::form_of(&details);
    form.publish = false;
    let frame =
        new_frame(&ctx, ctx.tr.t1("event-duplicate-title", "event", &details.event.title), event_path(&details.event));
    ok(&form_view(&ctx, frame, &form, &FieldErrors::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_zones_are_kept() {
        let list = zones("Europe/Paris");
        assert_eq!(list.iter().filter(|c| c.selected).count(), 1);
        assert!(list.iter().any(|c| c.value == "America/Montreal"));
        let kept = zones("Mars/Olympus");
        assert_eq!(kept[0].value, "Mars/Olympus");
        assert!(kept[0].selected);
    }
}
