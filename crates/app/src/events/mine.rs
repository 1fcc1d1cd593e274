//! "My events": what an account takes part in and organises, across all its identities.
//! Private to the account: it is the one place where its identities are shown together.

use crate::sessions::Viewer;
use crate::{App, AppResult};
use chrono::{DateTime, Utc};
use ensemble_domain::participation::ParticipantRole;
use ensemble_store::entities::{actors, events, participations};
use ensemble_store::queries::actors as actor_queries;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// At most this many past events per identity.
pub const PAST_LIMIT: usize = 50;

/// One event and the identity's role in it.
#[derive(Debug, Clone)]
pub struct MyEvent {
    pub event: events::Model,
    pub role: ParticipantRole,
}

/// The events of one identity.
#[derive(Debug, Clone)]
pub struct IdentityEvents {
    pub identity: actors::Model,
    /// Not over yet, soonest first.
    pub upcoming: Vec<MyEvent>,
    /// Over, latest first, at most [`PAST_LIMIT`].
    pub past: Vec<MyEvent>,
}

/// A draft, with the identity that organises it.
#[derive(Debug, Clone)]
pub struct MyDraft {
    pub event: events::Model,
    pub identity: actors::Model,
}

#[derive(Debug, Clone)]
pub struct MyEvents {
    /// Every live identity of the account, oldest first, even those with no event.
    pub identities: Vec<IdentityEvents>,
    /// Unpublished events organised by any of the identities, soonest first.
    pub drafts: Vec<MyDraft>,
}

/// Whether an event is over at `now`: it has ended, or (without an end) started.
pub fn is_over(event: &events::Model, now: DateTime<Utc>) -> bool {
    event.ends_at.unwrap_or(event.starts_at) < now
}

/// The viewer's account's events, grouped by identity, and its drafts. Refused requests
/// (rejected) are left out; drafts are listed apart, not among the identities' events.
pub async fn my_events(app: &App, viewer: &Viewer) -> AppResult<MyEvents> {
    let identities = actor_queries::identities_of(&app.db, viewer.account.id).await?;
    let ids: Vec<i64> = identities.iter().map(|a| a.id).collect();
    let rows = if ids.is_empty() {
        Vec::new()
    } else {
        participations::Entity::find()
            .filter(participations::Column::ActorId.is_in(ids.clone()))
            .filter(participations::Column::Role.ne(ParticipantRole::Rejected.as_str()))
            .all(&app.db)
            .await?
    };
    let event_ids: Vec<i64> = rows.iter().map(|p| p.event_id).collect();
    let events: HashMap<i64, events::Model> = if event_ids.is_empty() {
        HashMap::new()
    } else {
        events::Entity::find()
            .filter(events::Column::Id.is_in(event_ids))
            .order_by_asc(events::Column::StartsAt)
            .all(&app.db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };
    let now = Utc::now();
    let mut drafts = Vec::new();
    let mut grouped = Vec::new();
    for identity in identities {
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for p in rows.iter().filter(|p| p.actor_id == Some(identity.id)) {
            let (Some(event), Some(role)) = (events.get(&p.event_id), ParticipantRole::parse(&p.role)) else {
                continue;
            };
            if event.published_at.is_none() {
                if event.organizer_id == identity.id {
                    drafts.push(MyDraft { event: event.clone(), identity: identity.clone() });
                }
                continue;
            }
            let mine = MyEvent { event: event.clone(), role };
            if is_over(event, now) { past.push(mine) } else { upcoming.push(mine) }
        }
        upcoming.sort_by_key(|m| (m.event.starts_at, m.event.id));
        past.sort_by_key(|m| std::cmp::Reverse((m.event.starts_at, m.event.id)));
        past.truncate(PAST_LIMIT);
        grouped.push(IdentityEvents { identity, upcoming, past });
    }
    drafts.sort_by_key(|d| (d.event.starts_at, d.event.id));
    Ok(MyEvents { identities: grouped, drafts })
}
