//! Participation roles and who may do what with an event.

use crate::Role;

/// Where someone stands towards one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParticipantRole {
    Creator,
    CoOrganizer,
    Participant,
    /// Asked to join; an organiser decides.
    Pending,
    /// Accepted, but the event is full: first in, first promoted.
    Waitlisted,
    /// Anonymous participant who has not confirmed their address yet.
    Unconfirmed,
    /// Invited by an organiser; has not answered.
    Invited,
    Rejected,
}

impl ParticipantRole {
    pub const ALL: [ParticipantRole; 8] = [
        ParticipantRole::Creator,
        ParticipantRole::CoOrganizer,
        ParticipantRole::Participant,
        ParticipantRole::Pending,
        ParticipantRole::Waitlisted,
        ParticipantRole::Unconfirmed,
        ParticipantRole::Invited,
        ParticipantRole::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantRole::Creator => "creator",
            ParticipantRole::CoOrganizer => "co-organizer",
            ParticipantRole::Participant => "participant",
            ParticipantRole::Pending => "pending",
            ParticipantRole::Waitlisted => "waitlisted",
            ParticipantRole::Unconfirmed => "unconfirmed",
            ParticipantRole::Invited => "invited",
            ParticipantRole::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ParticipantRole> {
        ParticipantRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_organizer(self) -> bool {
        matches!(self, ParticipantRole::Creator | ParticipantRole::CoOrganizer)
    }

    /// Counted as going (shown in the participant count).
    pub fn is_going(self) -> bool {
        matches!(self, ParticipantRole::Creator | ParticipantRole::CoOrganizer | ParticipantRole::Participant)
    }

    /// Takes one of the event's places: organisers run the event and take none.
    pub fn takes_a_place(self) -> bool {
        self == ParticipantRole::Participant
    }
}

/// What can be done with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventAction {
    View,
    Edit,
    Delete,
    Join,
    SeeParticipants,
    ManageParticipants,
    Comment,
    ModerateComments,
    Announce,
}

/// The facts about an event that permissions depend on.
#[derive(Debug, Clone, Copy)]
pub struct EventFacts {
    pub visibility: crate::event::Visibility,
    pub published: bool,
    pub cancelled: bool,
    pub comments_enabled: bool,
}

/// Who is asking: an identity's role in the event (if any), and the account's instance role.
/// Another identity of the organiser's account has no role: identities are kept apart.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    pub logged_in: bool,
    pub role: Option<ParticipantRole>,
    pub instance_role: Role,
}

impl Standing {
    pub const VISITOR: Standing = Standing { logged_in: false, role: None, instance_role: Role::User };
}

/// The one place that says who may do what with an event.
pub fn allows(action: EventAction, who: Standing, event: EventFacts) -> bool {
    use EventAction::*;
    let organizer = who.role.is_some_and(ParticipantRole::is_organizer);
    let staff = who.logged_in && who.instance_role >= Role::Moderator;
    let involved = who.role.is_some_and(|r| r != ParticipantRole::Rejected);
    // Drafts are their organisers' alone, and private events their participants' and
    // invitees': not even the instance's staff see them.
    let can_view = organizer
        || (event.published
            && match event.visibility {
                crate::event::Visibility::Public | crate::event::Visibility::Unlisted => true,
                crate::event::Visibility::Private => involved,
            });
    match action {
        View => can_view,
        Edit | SeeParticipants | ManageParticipants | Announce => organizer,
        Delete => who.role == Some(ParticipantRole::Creator) || staff,
        Join => {
            who.logged_in
                && can_view
                && event.published
                && !event.cancelled
                && matches!(who.role, None | Some(ParticipantRole::Invited))
        }
        Comment => who.logged_in && can_view && event.published && (event.comments_enabled || organizer),
        ModerateComments => organizer || staff,
    }
}
