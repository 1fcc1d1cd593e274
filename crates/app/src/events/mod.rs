//! Events: creating, editing, publishing, deleting, and reading them with the viewer's rights.

mod form;
mod manage;
mod mine;
mod read;

pub use form::{EventForm, NewEvent, Place};
pub use manage::{create_event, delete_event, keep_banner, publish_event, update_event};
pub use mine::{IdentityEvents, MyDraft, MyEvent, MyEvents, PAST_LIMIT, is_over, my_events};
pub(crate) use read::by_uuid as read_by_uuid;
pub(crate) use read::listed;
pub use read::{EventDetails, event_for, form_of, going_count, month_events, standing, upcoming_public};

use crate::{AppError, AppResult};
use ensemble_domain::event::{EventStatus, Visibility};
use ensemble_domain::participation::{EventAction, EventFacts, Standing, allows};
use ensemble_store::entities::events;

/// The facts permissions depend on.
pub fn facts(event: &events::Model) -> EventFacts {
    EventFacts {
        visibility: Visibility::parse(&event.visibility).unwrap_or(Visibility::Private),
        published: event.published_at.is_some(),
        cancelled: event.status == EventStatus::Cancelled.as_str(),
        comments_enabled: event.comments_enabled,
    }
}

/// Whether people without an account may take part in `event`: it allows them, and so does
/// the instance (`events.anonymous_participation`).
pub fn anonymous_allowed(app: &crate::App, event: &events::Model) -> bool {
    event.anonymous_participation && app.settings.events.anonymous_participation
}

/// `Forbidden` unless `who` may do `action` with `event`. An event one may not even see is
/// "not found", so that its existence is not revealed.
pub fn require(action: EventAction, who: Standing, event: &events::Model) -> AppResult<()> {
    let facts = facts(event);
    if !allows(EventAction::View, who, facts) {
        return Err(AppError::NotFound);
    }
    if allows(action, who, facts) { Ok(()) } else { Err(AppError::Forbidden) }
}
