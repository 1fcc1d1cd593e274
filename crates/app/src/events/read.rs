use super::form::EventForm;
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ensemble_domain::event::Visibility;
use ensemble_domain::participation::{EventAction, ParticipantRole, Standing};
use ensemble_store::ConnectionTrait;
use ensemble_store::entities::{actors, event_tags, events, media, participations};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

/// An event with what its page shows.
pub struct EventDetails {
    pub event: events::Model,
    pub tags: Vec<String>,
    pub organizer: actors::Model,
    pub organizer_avatar: Option<media::Model>,
    pub banner: Option<media::Model>,
    /// People going: organisers and participants.
    pub going: u64,
    /// Places left, when the event has a capacity.
    pub remaining: Option<i64>,
    pub standing: Standing,
    /// The viewer's participation, if any.
    pub participation: Option<participations::Model>,
    /// Whether people without an account may take part (`events::anonymous_allowed`).
    pub anonymous_allowed: bool,
}

impl EventDetails {
    pub fn can(&self, action: EventAction) -> bool {
        ensemble_domain::participation::allows(action, self.standing, super::facts(&self.event))
    }
}

/// The viewer's standing towards an event, as their current identity.
pub async fn standing(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    event_id: i64,
) -> AppResult<(Standing, Option<participations::Model>)> {
    let Some(viewer) = viewer else { return Ok((Standing::VISITOR, None)) };
    let participation = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event_id))
        .filter(participations::Column::ActorId.eq(viewer.identity.id))
        .one(db)
        .await?;
    let role = participation.as_ref().and_then(|p| ParticipantRole::parse(&p.role));
    Ok((Standing { logged_in: true, role, instance_role: viewer.role() }, participation))
}

pub(crate) async fn by_uuid(db: &impl ConnectionTrait, uuid: &str) -> AppResult<events::Model> {
    let uuid = uuid::Uuid::parse_str(uuid).map_err(|_| AppError::NotFound)?;
    events::Entity::find().filter(events::Column::Uuid.eq(uuid)).one(db).await?.ok_or(AppError::NotFound)
}

/// Counts people going (organisers and participants) and those taking a place.
pub async fn going_count(db: &impl ConnectionTrait, event_id: i64) -> AppResult<(u64, u64)> {
    let going_roles = [ParticipantRole::Creator, ParticipantRole::CoOrganizer, ParticipantRole::Participant]
        .map(ParticipantRole::as_str);
    let going = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event_id))
        .filter(participations::Column::Role.is_in(going_roles))
        .count(db)
        .await?;
    let taking = participations::Entity::find()
        .filter(participations::Column::EventId.eq(event_id))
        .filter(participations::Column::Role.eq(ParticipantRole::Participant.as_str()))
        .count(db)
        .await?;
    Ok((going, taking))
}

/// The event at `uuid` as `viewer` may see it.
pub async fn event_for(app: &App, viewer: Option<&Viewer>, uuid: &str) -> AppResult<EventDetails> {
    let event = by_uuid(&app.db, uuid).await?;
    let (standing, participation) = standing(&app.db, viewer, event.id).await?;
    super::require(EventAction::View, standing, &event)?;
    let tags = event_tags::Entity::find()
        .filter(event_tags::Column::EventId.eq(event.id))
        .order_by_asc(event_tags::Column::Position)
        .all(&app.db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect();
    let organizer = actors::Entity::find_by_id(event.organizer_id).one(&app.db).await?.ok_or(AppError::NotFound)?;
    let organizer_avatar = match organizer.avatar_media_id {
        Some(id) => media::Entity::find_by_id(id).one(&app.db).await?,
        None => None,
    };
    let banner = match event.banner_media_id {
        Some(id) => media::Entity::find_by_id(id).one(&app.db).await?,
        None => None,
    };
    let (going, taking) = going_count(&app.db, event.id).await?;
    // A remote event's places are counted by its own server, which refuses joins when full.
    let remaining = event
        .capacity
        .filter(|_| event.domain.is_none())
        .map(|c| (i64::from(c) - i64::try_from(taking).unwrap_or(i64::MAX)).max(0));
    let anonymous_allowed = super::anonymous_allowed(app, &event);
    Ok(EventDetails {
        event,
        tags,
        organizer,
        organizer_avatar,
        banner,
        going,
        remaining,
        standing,
        participation,
        anonymous_allowed,
    })
}

/// Published public events: those every list a visitor sees may show.
pub(crate) fn listed() -> sea_orm::Select<events::Entity> {
    events::Entity::find()
        .filter(events::Column::Visibility.eq(Visibility::Public.as_str()))
        .filter(events::Column::PublishedAt.is_not_null())
}

/// Public upcoming events (still running or yet to start), soonest first, a page at a time.
/// Returns the page and whether there is a next one.
pub async fn upcoming_public(app: &App, page: u64, per_page: u64) -> AppResult<(Vec<events::Model>, bool)> {
    let now = Utc::now();
    let mut rows = listed()
        .filter(sea_orm::Condition::any().add(events::Column::StartsAt.gte(now)).add(events::Column::EndsAt.gte(now)))
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id)
        .offset(page * per_page)
        .limit(per_page + 1)
        .all(&app.db)
        .await?;
    let more = rows.len() as u64 > per_page;
    rows.truncate(usize::try_from(per_page).unwrap_or(usize::MAX));
    Ok((rows, more))
}

/// Public events starting in a calendar month, in `zone`'s wall-clock terms.
pub async fn month_events(app: &App, year: i32, month: u32, zone: chrono_tz::Tz) -> AppResult<Vec<events::Model>> {
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(AppError::NotFound)?;
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }
            .ok_or(AppError::NotFound)?;
    let start =
        zone.from_local_datetime(&first.and_time(chrono::NaiveTime::MIN)).earliest().map(|t| t.with_timezone(&Utc));
    let end =
        zone.from_local_datetime(&next.and_time(chrono::NaiveTime::MIN)).earliest().map(|t| t.with_timezone(&Utc));
    let (Some(start), Some(end)) = (start, end) else { return Err(AppError::NotFound) };
    Ok(listed()
        .filter(events::Column::StartsAt.gte(start))
        .filter(events::Column::StartsAt.lt(end))
        .filter(events::Column::Status.ne(ensemble_domain::event::EventStatus::Cancelled.as_str()))
        .order_by_asc(events::Column::StartsAt)
        .all(&app.db)
        .await?)
}

/// The form that would recreate `details` (to edit it, or to duplicate it).
pub fn form_of(details: &EventDetails) -> EventForm {
    let e = &details.event;
    let zone: chrono_tz::Tz = e.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local = |t: DateTime<Utc>| t.with_timezone(&zone);
    let start = local(e.starts_at);
    let end = e.ends_at.map(local);
    EventForm {
        title: e.title.clone(),
        description: e.description.clone(),
        start_date: start.format("%Y-%m-%d").to_string(),
        start_time: start.format("%H:%M").to_string(),
        end_date: end.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        end_time: end.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
        time_zone: e.time_zone.clone(),
        place_name: e.place_name.clone(),
        street: e.street.clone(),
        postal_code: e.postal_code.clone(),
        locality: e.locality.clone(),
        region: e.region.clone(),
        country: e.country.clone(),
        latitude: e.latitude.map(|v| v.to_string()).unwrap_or_default(),
        longitude: e.longitude.map(|v| v.to_string()).unwrap_or_default(),
        online_url: e.online_url.clone().unwrap_or_default(),
        category: e.category.clone(),
        tags: details.tags.join(", "),
        visibility: e.visibility.clone(),
        status: e.status.clone(),
        join_mode: e.join_mode.clone(),
        external_url: e.external_url.clone().unwrap_or_default(),
        capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
        show_remaining: e.show_remaining,
        anonymous_participation: e.anonymous_participation,
        comments_enabled: e.comments_enabled,
        language: if e.language == "und" { String::new() } else { e.language.clone() },
        accessibility: e.accessibility.split_whitespace().map(str::to_owned).collect(),
        price: e.price.clone(),
        ticket_url: e.ticket_url.clone().unwrap_or_default(),
        livestream_url: e.livestream_url.clone().unwrap_or_default(),
        banner: None,
        kept_banner: details.banner.as_ref().map(|m| m.file_name.clone()),
        remove_banner: false,
        publish: e.published_at.is_some(),
    }
}
