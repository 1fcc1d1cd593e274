//! Events of other servers, once `federation` has fetched or received them and checked their
//! origin: stored to be shown, listed and joined here, never edited here. The data comes in
//! plain (`RemoteEvent`); lengths are capped and the description sanitised when stored.

use crate::remote::{Received, record_activity};
use crate::{App, AppError, AppResult, text};
use chrono::{DateTime, Utc};
use ensemble_domain::event::{Category, EventStatus, JoinMode, Visibility};
use ensemble_store::entities::{actors, event_tags, events};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

const MAX_TITLE_CHARS: usize = 200;
const MAX_DESCRIPTION_CHARS: usize = 100_000;
const MAX_SHORT_CHARS: usize = 200;
const MAX_URL_BYTES: usize = 2048;
const MAX_TAGS: usize = 20;
const MAX_TAG_CHARS: usize = 64;

/// An event as its own server describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteEvent {
    pub ap_id: String,
    /// Its HTML page.
    pub url: Option<String>,
    pub title: String,
    /// HTML, sanitised when stored.
    pub description_html: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    /// IANA name; `UTC` when unknown.
    pub time_zone: String,
    pub place_name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub coordinates: Option<(f64, f64)>,
    pub online_url: Option<String>,
    pub category: Category,
    pub visibility: Visibility,
    pub status: EventStatus,
    pub join_mode: JoinMode,
    pub external_url: Option<String>,
    pub capacity: Option<u64>,
    pub participant_count: Option<u64>,
    pub comments_enabled: bool,
    /// BCP 47, or `und`.
    pub language: String,
    pub tags: Vec<String>,
    pub published_at: Option<DateTime<Utc>>,
}

/// Stores a remote event organised by `organizer`, or refreshes the row of its id. `Forbidden`
/// when the organizer is local, when the id is on this instance or on another origin than the
/// organizer's, or when the stored event belongs to someone else.
pub async fn upsert(app: &App, organizer: &actors::Model, event: &RemoteEvent) -> AppResult<events::Model> {
    let txn = begin_write(&app.db).await?;
    let row = store(&txn, app, organizer, event).await?;
    txn.commit().await?;
    Ok(row)
}

/// A received Create or Update of an event organised by `organizer` (the activity's actor,
/// or a group it speaks for on the same origin). `false` when already processed.
pub async fn received(
    app: &App,
    received: Received<'_>,
    organizer: &actors::Model,
    event: &RemoteEvent,
) -> AppResult<bool> {
    ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(false);
            }
            store(&txn, app, organizer, event).await?;
            Ok::<_, AppError>(true)
        })
    })
    .await
}

/// A received Delete of the remote event `ap_id`, by its organizer (or an actor of its origin).
/// `false` when already processed; an unknown event is nothing to delete.
pub async fn delete_by_ap_id(app: &App, received: Received<'_>, ap_id: &str) -> AppResult<bool> {
    let deleted = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            let row = events::Entity::find().filter(events::Column::ApId.eq(ap_id)).one(&txn).await?;
            if row.as_ref().is_some_and(|row| row.domain.is_none() || row.domain != received.actor.domain) {
                return Err(AppError::Forbidden);
            }
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(None);
            }
            let Some(row) = row else { return Ok(Some(false)) };
            // Participations and tags go with it (foreign keys cascade).
            events::Entity::delete_by_id(row.id).exec(&txn).await?;
            Ok::<_, AppError>(Some(true))
        })
    })
    .await?;
    if deleted == Some(true) {
        tracing::info!(ap_id, "remote event deleted");
    }
    Ok(deleted.is_some())
}

/// A remote event by its ActivityPub id (never one of ours).
pub async fn by_ap_id(app: &App, ap_id: &str) -> AppResult<Option<events::Model>> {
    Ok(events::Entity::find()
        .filter(events::Column::ApId.eq(ap_id))
        .filter(events::Column::Domain.is_not_null())
        .one(&app.db)
        .await?)
}

async fn store(
    db: &impl ConnectionTrait,
    app: &App,
    organizer: &actors::Model,
    event: &RemoteEvent,
) -> AppResult<events::Model> {
    let domain = organizer.domain.clone().ok_or(AppError::Forbidden)?;
    if crate::remote::remote_domain(app, &event.ap_id)? != domain || organizer.deleted_at.is_some() {
        return Err(AppError::Forbidden);
    }
    let existing = events::Entity::find().filter(events::Column::ApId.eq(&event.ap_id)).one(db).await?;
    let now = Utc::now();
    let saved = match existing {
        Some(row) if row.domain.is_none() => return Err(AppError::Forbidden),
        Some(row) if row.organizer_id != organizer.id => return Err(AppError::Forbidden),
        Some(row) => {
            let mut row = row.into_active_model();
            fill(&mut row, event, now);
            row.update(db).await?
        }
        None => {
            let mut row = events::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4()),
                ap_id: Set(event.ap_id.clone()),
                organizer_id: Set(organizer.id),
                domain: Set(Some(domain)),
                banner_media_id: Set(None),
                created_at: Set(now),
                ..Default::default()
            };
            fill(&mut row, event, now);
            row.insert(db).await?
        }
    };
    event_tags::Entity::delete_many().filter(event_tags::Column::EventId.eq(saved.id)).exec(db).await?;
    for (position, tag) in tags(&event.tags).into_iter().enumerate() {
        event_tags::ActiveModel {
            event_id: Set(saved.id),
            tag: Set(tag),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        }
        .insert(db)
        .await?;
    }
    tracing::info!(ap_id = %saved.ap_id, "remote event stored");
    Ok(saved)
}

fn fill(row: &mut events::ActiveModel, e: &RemoteEvent, now: DateTime<Utc>) {
    let zone = e.time_zone.parse::<chrono_tz::Tz>().map_or_else(|_| "UTC".to_owned(), |z| z.name().to_owned());
    let title = cap(e.title.trim(), MAX_TITLE_CHARS);
    row.title = Set(if title.is_empty() { e.ap_id.chars().take(MAX_TITLE_CHARS).collect() } else { title });
    row.description = Set(String::new());
    row.description_html = Set(text::sanitise_html(&cap(&e.description_html, MAX_DESCRIPTION_CHARS)));
    row.starts_at = Set(e.starts_at);
    row.ends_at = Set(e.ends_at.filter(|end| *end >= e.starts_at));
    row.time_zone = Set(zone);
    row.place_name = Set(cap(&e.place_name, MAX_SHORT_CHARS));
    row.street = Set(cap(&e.street, MAX_SHORT_CHARS));
    row.postal_code = Set(cap(&e.postal_code, MAX_SHORT_CHARS));
    row.locality = Set(cap(&e.locality, MAX_SHORT_CHARS));
    row.region = Set(cap(&e.region, MAX_SHORT_CHARS));
    row.country = Set(cap(&e.country, MAX_SHORT_CHARS));
    let coordinates = e.coordinates.filter(|(lat, lon)| (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon));
    row.latitude = Set(coordinates.map(|c| c.0));
    row.longitude = Set(coordinates.map(|c| c.1));
    row.online_url = Set(web_url(e.online_url.as_deref()));
    row.url = Set(web_url(e.url.as_deref()));
    row.category = Set(e.category.as_str().to_owned());
    row.visibility = Set(e.visibility.as_str().to_owned());
    row.status = Set(e.status.as_str().to_owned());
    row.join_mode = Set(e.join_mode.as_str().to_owned());
    row.external_url = Set(web_url(e.external_url.as_deref()));
    row.capacity = Set(e.capacity.map(|c| i32::try_from(c).unwrap_or(i32::MAX)));
    row.remote_participant_count = Set(e.participant_count.map(|c| i32::try_from(c).unwrap_or(i32::MAX)));
    row.show_remaining = Set(e.capacity.is_some());
    // Participation by email stays on the event's own server.
    row.anonymous_participation = Set(false);
    row.comments_enabled = Set(e.comments_enabled);
    row.language = Set(cap(&e.language, 35));
    row.accessibility = Set(String::new());
    row.price = Set(String::new());
    row.ticket_url = Set(None);
    row.livestream_url = Set(None);
    row.published_at = Set(Some(e.published_at.unwrap_or(now)));
    row.updated_at = Set(now);
}

/// At most `MAX_TAGS` distinct, non-empty tags, without `#`.
fn tags(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw {
        let tag = cap(tag.trim().trim_start_matches('#'), MAX_TAG_CHARS);
        if !tag.is_empty() && !out.contains(&tag) && out.len() < MAX_TAGS {
            out.push(tag);
        }
    }
    out
}

fn cap(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

fn web_url(url: Option<&str>) -> Option<String> {
    let url = url?;
    let parsed = url::Url::parse(url).ok()?;
    (url.len() <= MAX_URL_BYTES && matches!(parsed.scheme(), "http" | "https")).then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_capped_and_deduplicated() {
        let raw: Vec<String> = ["#karate", "karate", " ", "Judo"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(tags(&raw), vec!["karate".to_owned(), "Judo".to_owned()]);
        let many: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
        assert_eq!(tags(&many).len(), MAX_TAGS);
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
    }
}
