use super::form::{EventForm, NewEvent};
use super::read::{by_uuid, going_count, standing};
use crate::media::{self, ImageRole};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, FieldErrors, federate, participations, text};
use chrono::Utc;
use ensemble_domain::FieldError;
use ensemble_domain::participation::{EventAction, ParticipantRole};
use ensemble_store::entities::{event_tags, events, participations as participation_rows, tombstones};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// Stores the banner uploaded with the form and names it in `form.kept_banner` instead: a form
/// shown again (refused, or asking to confirm a past date) keeps the picture without a second
/// upload. A new picture replaces the one shown, so "remove" no longer applies.
pub async fn keep_banner(app: &App, form: &mut EventForm) -> AppResult<()> {
    let Some(upload) = form.banner.take().filter(|u| !u.0.is_empty()) else {
        return Ok(());
    };
    let max = app.settings.uploads.max_banner_bytes;
    let media = app.media.store_image(&app.db, "banner", upload.0, ImageRole::Banner, max).await?;
    form.kept_banner = Some(media.file_name);
    form.remove_banner = false;
    Ok(())
}

/// Parses the form and stores its banner; errors of both come back together.
async fn parse_with_banner(app: &App, form: &mut EventForm) -> AppResult<(NewEvent, Option<i64>)> {
    let parsed = form.parse(app.settings.events.anonymous_participation);
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    match keep_banner(app, form).await {
        Ok(()) => {}
        Err(AppError::Invalid(e)) => errors.0.extend(e.0),
        Err(e) => return Err(e),
    }
    // The kept name comes back from the browser: only a picture we stored is taken.
    let banner = match form.kept_banner.as_deref().filter(|_| !form.remove_banner) {
        Some(name) => media::by_file_name(&app.db, name).await?.map(|m| m.id),
        None => None,
    };
    match parsed {
        Ok(event) if errors.is_empty() => Ok((event, banner)),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn fill(row: &mut events::ActiveModel, event: &NewEvent) {
    row.title = Set(event.title.as_str().to_owned());
    row.description_html = Set(text::markdown_to_html(&event.description));
    row.description = Set(event.description.clone());
    row.starts_at = Set(event.starts_at);
    row.ends_at = Set(event.ends_at);
    row.time_zone = Set(event.time_zone.name().to_owned());
    let p = &event.place;
    row.place_name = Set(p.name.clone());
    row.street = Set(p.street.clone());
    row.postal_code = Set(p.postal_code.clone());
    row.locality = Set(p.locality.clone());
    row.region = Set(p.region.clone());
    row.country = Set(p.country.clone());
    row.latitude = Set(p.coordinates.map(|c| c.0));
    row.longitude = Set(p.coordinates.map(|c| c.1));
    row.online_url = Set(event.online_url.clone());
    row.category = Set(event.category.as_str().to_owned());
    row.visibility = Set(event.visibility.as_str().to_owned());
    row.status = Set(event.status.as_str().to_owned());
    row.join_mode = Set(event.join_mode.as_str().to_owned());
    row.external_url = Set(event.external_url.clone());
    row.capacity = Set(event.capacity);
    row.show_remaining = Set(event.show_remaining);
    row.anonymous_participation = Set(event.anonymous_participation);
    row.comments_enabled = Set(event.comments_enabled);
    row.language = Set(event.language.clone());
    row.accessibility = Set(event.accessibility.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(" "));
    row.price = Set(event.price.clone());
    row.ticket_url = Set(event.ticket_url.clone());
    row.livestream_url = Set(event.livestream_url.clone());
    row.updated_at = Set(Utc::now());
}

async fn save_tags(db: &impl ConnectionTrait, event_id: i64, tags: &[String]) -> AppResult<()> {
    event_tags::Entity::delete_many().filter(event_tags::Column::EventId.eq(event_id)).exec(db).await?;
    for (position, tag) in tags.iter().enumerate() {
        event_tags::ActiveModel {
            event_id: Set(event_id),
            tag: Set(tag.clone()),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Creates an event organised by the viewer's current identity, as a draft or published.
pub async fn create_event(app: &App, viewer: &Viewer, form: &mut EventForm) -> AppResult<events::Model> {
    let (event, banner) = parse_with_banner(app, form).await?;
    let uuid = uuid::Uuid::new_v4();
    let now = Utc::now();
    let mut row = events::ActiveModel {
        uuid: Set(uuid),
        ap_id: Set(app.url(&format!("/events/{uuid}"))),
        organizer_id: Set(viewer.identity.id),
        banner_media_id: Set(banner),
        published_at: Set(form.publish.then_some(now)),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut row, &event);
    let txn = begin_write(&app.db).await?;
    let saved = row.insert(&txn).await?;
    save_tags(&txn, saved.id, &event.tags).await?;
    participation_rows::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        event_id: Set(saved.id),
        actor_id: Set(Some(viewer.identity.id)),
        email: Set(None),
        role: Set(ParticipantRole::Creator.as_str().to_owned()),
        message: Set(String::new()),
        locale: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    federate::event_changed(&txn, None, &saved).await?;
    txn.commit().await?;
    tracing::info!(event = saved.id, published = form.publish, "event created");
    Ok(saved)
}

/// Changes an event. A capacity below the places already taken is refused; a larger one
/// lets the waitlist in.
pub async fn update_event(app: &App, viewer: &Viewer, uuid: &str, form: &mut EventForm) -> AppResult<events::Model> {
    let existing = by_uuid(&app.db, uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), existing.id).await?;
    super::require(EventAction::Edit, who, &existing)?;
    let (event, banner) = parse_with_banner(app, form).await?;
    let txn = begin_write(&app.db).await?;
    // Joins count places under this lock too: none can slip in between the count and the change.
    ensemble_store::queries::lock_event(&txn, existing.id).await?;
    let (_, taking) = going_count(&txn, existing.id).await?;
    if let Some(capacity) = event.capacity
        && u64::try_from(capacity).unwrap_or(0) < taking
    {
        return Err(FieldErrors::single("capacity", FieldError::CapacityBelowParticipants));
    }
    let mut row = existing.clone().into_active_model();
    fill(&mut row, &event);
    if banner.is_some() || form.remove_banner {
        row.banner_media_id = Set(banner);
    }
    if form.publish && existing.published_at.is_none() {
        row.published_at = Set(Some(Utc::now()));
    }
    let saved = row.update(&txn).await?;
    save_tags(&txn, saved.id, &event.tags).await?;
    participations::fill_free_places(app, &txn, &saved).await?;
    federate::event_changed(&txn, Some(&existing), &saved).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes a draft.
pub async fn publish_event(app: &App, viewer: &Viewer, uuid: &str) -> AppResult<events::Model> {
    let existing = by_uuid(&app.db, uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), existing.id).await?;
    super::require(EventAction::Edit, who, &existing)?;
    if existing.published_at.is_some() {
        return Ok(existing);
    }
    let mut row = existing.clone().into_active_model();
    row.published_at = Set(Some(Utc::now()));
    row.updated_at = Set(Utc::now());
    let txn = begin_write(&app.db).await?;
    let saved = row.update(&txn).await?;
    federate::event_changed(&txn, Some(&existing), &saved).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Deletes an event with its participations and comments.
pub async fn delete_event(app: &App, viewer: &Viewer, uuid: &str) -> AppResult<()> {
    let existing = by_uuid(&app.db, uuid).await?;
    let (who, _) = standing(&app.db, Some(viewer), existing.id).await?;
    super::require(EventAction::Delete, who, &existing)?;
    let txn = begin_write(&app.db).await?;
    // Before the rows go: the remote participants are among the recipients.
    federate::event_deleted(&txn, &existing).await?;
    events::Entity::delete_by_id(existing.id).exec(&txn).await?;
    // Our own events leave their address behind; a copy of another server's is just dropped.
    if existing.domain.is_none() {
        tombstone(&txn, &existing.ap_id).await?;
    }
    txn.commit().await?;
    tracing::info!(event = existing.id, "event deleted");
    Ok(())
}

async fn tombstone(db: &impl ConnectionTrait, ap_id: &str) -> AppResult<()> {
    tombstones::ActiveModel {
        ap_id: Set(ap_id.to_owned()),
        former_type: Set("Event".into()),
        deleted_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
