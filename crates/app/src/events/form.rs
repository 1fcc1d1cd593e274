//! The event form: what people type, parsed into a valid event or a list of field errors.

use crate::FieldErrors;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ensemble_domain::FieldError;
use ensemble_domain::event::{
    Accessibility, Category, EventStatus, JoinMode, Title, Visibility, parse_capacity, parse_coordinates, parse_link,
    parse_local_time, parse_tags, parse_time_zone,
};

/// The event form, as typed. Dates and times are wall-clock values in `time_zone`.
#[derive(Debug, Clone, Default)]
pub struct EventForm {
    pub title: String,
    pub description: String,
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub time_zone: String,
    pub place_name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub latitude: String,
    pub longitude: String,
    pub online_url: String,
    pub category: String,
    pub tags: String,
    pub visibility: String,
    pub status: String,
    pub join_mode: String,
    pub external_url: String,
    pub capacity: String,
    pub show_remaining: bool,
    pub anonymous_participation: bool,
    pub comments_enabled: bool,
    pub language: String,
    pub accessibility: Vec<String>,
    pub price: String,
    pub ticket_url: String,
    pub livestream_url: String,
    pub banner: Option<crate::identities::Upload>,
    /// The file name of a banner already stored: the event's own, or one uploaded with an
    /// earlier, refused submission of this form.
    pub kept_banner: Option<String>,
    pub remove_banner: bool,
    /// Publish now; otherwise the event is saved as a draft.
    pub publish: bool,
}

/// A valid event, ready to store.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub title: Title,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub time_zone: Tz,
    pub place: Place,
    pub online_url: Option<String>,
    pub category: Category,
    pub tags: Vec<String>,
    pub visibility: Visibility,
    pub status: EventStatus,
    pub join_mode: JoinMode,
    pub external_url: Option<String>,
    pub capacity: Option<i32>,
    pub show_remaining: bool,
    pub anonymous_participation: bool,
    pub comments_enabled: bool,
    pub language: String,
    pub accessibility: Vec<Accessibility>,
    pub price: String,
    pub ticket_url: Option<String>,
    pub livestream_url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub coordinates: Option<(f64, f64)>,
}

fn short_text(errors: &mut FieldErrors, field: &'static str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, FieldError::TooLong);
    }
    value.to_owned()
}

fn choice<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    default: T,
) -> T {
    if value.trim().is_empty() {
        return default;
    }
    parse(value.trim()).unwrap_or_else(|| {
        errors.add(field, FieldError::ChoiceUnknown);
        default
    })
}

impl EventForm {
    /// Parses every field, collecting every error. `anonymous_allowed` is the instance's policy.
    pub fn parse(&self, anonymous_allowed: bool) -> Result<NewEvent, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", Title::parse(&self.title));
        let description = short_text(&mut errors, "description", &self.description, 20_000);
        let zone = errors.check("time_zone", parse_time_zone(&self.time_zone));
        let starts_at = zone.and_then(|z| {
            if self.start_date.trim().is_empty() {
                errors.add("start_date", FieldError::Required);
                return None;
            }
            errors.check("start_date", parse_local_time(&self.start_date, &self.start_time, z))
        });
        let ends_at = match (zone, self.end_date.trim().is_empty()) {
            (Some(z), false) => errors.check("end_date", parse_local_time(&self.end_date, &self.end_time, z).map(Some)),
            _ => Some(None),
        };
        if let (Some(start), Some(Some(end))) = (starts_at, ends_at)
            && end < start
        {
            errors.add("end_date", FieldError::EndsBeforeStart);
        }
        let place = Place {
            name: short_text(&mut errors, "place_name", &self.place_name, 200),
            street: short_text(&mut errors, "street", &self.street, 200),
            postal_code: short_text(&mut errors, "postal_code", &self.postal_code, 20),
            locality: short_text(&mut errors, "locality", &self.locality, 100),
            region: short_text(&mut errors, "region", &self.region, 100),
            country: short_text(&mut errors, "country", &self.country, 100),
            coordinates: errors.check("latitude", parse_coordinates(&self.latitude, &self.longitude)).flatten(),
        };
        let online_url = errors.check("online_url", parse_link(&self.online_url)).flatten();
        let category = choice(&mut errors, "category", &self.category, Category::parse, Category::Meeting);
        let tags = errors.check("tags", parse_tags(&self.tags)).unwrap_or_default();
        let visibility = choice(&mut errors, "visibility", &self.visibility, Visibility::parse, Visibility::Public);
        let status = choice(&mut errors, "status", &self.status, EventStatus::parse, EventStatus::Confirmed);
        let join_mode = choice(&mut errors, "join_mode", &self.join_mode, JoinMode::parse, JoinMode::Free);
        let external_url = errors.check("external_url", parse_link(&self.external_url)).flatten();
        if join_mode == JoinMode::External && external_url.is_none() && errors.get("external_url").is_none() {
            errors.add("external_url", FieldError::ExternalUrlRequired);
        }
        let capacity = errors.check("capacity", parse_capacity(&self.capacity)).flatten();
        let language = short_text(&mut errors, "language", &self.language, 10);
        let mut accessibility = Vec::new();
        for word in &self.accessibility {
            match Accessibility::parse(word) {
                Some(a) if !accessibility.contains(&a) => accessibility.push(a),
                Some(_) => {}
                None => errors.add("accessibility", FieldError::ChoiceUnknown),
            }
        }
        let price = short_text(&mut errors, "price", &self.price, 200);
        let ticket_url = errors.check("ticket_url", parse_link(&self.ticket_url)).flatten();
        let livestream_url = errors.check("livestream_url", parse_link(&self.livestream_url)).flatten();
        let (Some(title), Some(starts_at), Some(ends_at), Some(time_zone), true) =
            (title, starts_at, ends_at, zone, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(NewEvent {
            title,
            description,
            starts_at,
            ends_at,
            time_zone,
            place,
            online_url,
            category,
            tags,
            visibility,
            status,
            join_mode,
            external_url,
            capacity,
            show_remaining: self.show_remaining,
            // Only offered where the instance allows it.
            anonymous_participation: self.anonymous_participation && anonymous_allowed,
            comments_enabled: self.comments_enabled,
            language: if language.is_empty() { "und".into() } else { language },
            accessibility,
            price,
            ticket_url,
            livestream_url,
        })
    }
}
