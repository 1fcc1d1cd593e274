# Joining and leaving
notice-join-participant = You are taking part. See you there!
notice-join-pending = Your request is sent. The organisers will answer it.
notice-join-waitlisted = The event is full: you are on the waiting list, and will get the first place that frees up.
notice-left-event = You no longer take part in this event.
participation-message = Message to the organisers
participation-message-hint = Optional. Only the organisers read it.
participation-back-to-event = Back to the event

# Without an account
anonymous-title = Take part without an account
anonymous-lead = Take part in "{ $event }" with just your email address.
anonymous-privacy = Your address is only used to confirm and manage your participation. It is never shown to anyone, not even the organisers, and never leaves this instance.
anonymous-email-hint = We will send you a link to confirm. Every message has a link to cancel.
anonymous-submit = Take part
anonymous-mail-sent = We sent you a message with a link to confirm your participation. Until you confirm it, it is not counted.
anonymous-confirm-title = Confirm your participation
anonymous-confirm-text = One click and your participation counts.
anonymous-confirm-submit = Confirm my participation
anonymous-cancel-title = Cancel your participation
anonymous-cancel-text = You will no longer take part in this event. You can join again later if there is room.
anonymous-cancel-submit = Cancel my participation
notice-anonymous-confirmed = Your participation is confirmed. See you there!
notice-anonymous-pending = Your address is confirmed. The organisers will answer your request.
notice-anonymous-cancelled = Your participation is cancelled.

# Participant management
participants-title = Participants of "{ $event }"
participants-filter = Show
participants-all = Everyone
participants-export = Download as a spreadsheet (CSV)
participants-none = Nobody here yet.
participants-select = Select
participants-select-one = Select { $name }
participants-name = Name
participants-handle = Address
participants-role = Role
participants-message = Message
participants-since = Since
participants-decide = With the selected people
participants-decision = Action
participants-approve = Accept
participants-reject = Decline
participants-promote = Make co-organiser
participants-note = Message to them
participants-note-hint = Optional. Sent by mail with the decision.
participants-apply = Apply
notice-participants-updated = Done.
notice-participants-unchanged = Nothing changed: select people whose role allows this action.
participant-anonymous = Participant without an account
participant-role-creator = Organiser
participant-role-co-organizer = Co-organiser
participant-role-participant = Participant
participant-role-pending = Waiting for approval
participant-role-waitlisted = On the waiting list
participant-role-unconfirmed = Address not confirmed
participant-role-invited = Invited
participant-role-rejected = Declined

# Invitations
participants-invite = Invite someone
participants-invite-label = Username on this instance
participants-invite-hint = The identity's name, like rose or @rose. It gets a mail and can then join, even a private or invitation-only event.
participants-invite-submit = Invite
notice-invited = Invitation sent.
error-username-unknown = No identity on this instance has this username.
mail-invitation-subject = You are invited to "{ $event }"
mail-invitation-body = The organisers of "{ $event }" on { $instance } invited you. Open the event to take part.
mail-invitation-action = See the event
