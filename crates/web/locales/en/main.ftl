# Shared frame: header, footer, common actions.
nav-skip = Skip to content
nav-label = Main
nav-acting-as = Acting as
nav-switch = Switch
nav-events = Events
nav-my-events = My events
nav-search = Look up an event or a person of another server
nav-search-placeholder = URL or @name@server
nav-new-event = New event
nav-identities = My identities
nav-account = Account
nav-logout = Log out
nav-login = Log in
nav-signup = Sign up
footer-powered = { $name } runs Ensemble, free software for events and groups.
footer-language = Language
footer-language-apply = Apply
action-cancel = Cancel
action-save = Save
form-has-errors = Please correct the following:

# Home
home-page-title = Welcome
home-title = Welcome to { $name }
home-lead = Organise events and groups without giving your community away: no ads, no tracking, and every instance talks to the others.
home-point-identities = Keep family, work and activism apart with several identities in one account.
home-point-privacy = Nothing public tells which identities belong to the same person.
home-point-federation = Join events from other instances and the rest of the fediverse without an account everywhere.
home-welcome-back = Welcome, { $name }
home-logged-in-lead = What would you like to do?
home-card-identities = Your identities
home-card-identities-text = Create an identity for each part of your life, and switch between them from the header.
home-card-profile = Your public profile
home-card-profile-text = This is what others see of the identity you are acting as.

# Fields
field-email = Email address
field-new-email = New email address
field-password = Password
field-new-password = New password
field-current-password = Current password
field-password-confirmation = Repeat the password
field-password-hint = At least 10 characters. A few unrelated words make a strong password that is easy to remember.
field-username = Username
field-username-hint = Lower-case letters, digits and underscores. It becomes your address, like name@{ $host }, and cannot be changed.
field-display-name = Display name
field-display-name-hint = Optional. The name people see, for instance your first name or a nickname.
field-bio = About
field-bio-hint = Optional. A few words about this identity. Markdown is allowed.
field-avatar = Avatar
field-avatar-hint = JPEG, PNG, WebP or GIF, up to { $size } MB. It is cropped to a square, and its metadata (location, camera) is removed.
field-avatar-current = Current avatar
field-avatar-remove = Remove the avatar
field-banner = Banner
field-banner-hint = JPEG, PNG, WebP or GIF, up to { $size } MB, shown wide at the top of the profile. Its metadata is removed.
field-banner-current = Current banner
field-banner-remove = Remove the banner

# Sign-up and confirmation
signup-title = Create an account
signup-lead = Your account is private. What others see is the identity you create below, and you can add more later.
signup-account-legend = Your account
signup-email-hint = Used to confirm your account and to reset your password. Never shown to anyone.
signup-identity-legend = Your first identity
signup-identity-hint = An identity is how you appear to others.
signup-submit = Create my account
signup-have-account = Already have an account?
signup-closed = Sign-ups are closed
signup-closed-text = This instance does not accept new accounts at the moment. You can join another instance: they all talk to each other.
check-mail-title = Check your mailbox
check-mail-text = We sent you a message with a link to confirm your account. The link is valid for 48 hours.
check-mail-spam = Nothing arrived? Look in your spam folder, or
check-mail-resend = send a new confirmation link
confirm-title = Confirm your account
confirm-text = One click and your account is ready.
confirm-submit = Confirm my account
resend-title = Send a new confirmation link
resend-intro = Enter the address you signed up with. If it has an account waiting for confirmation, a new link will arrive in a few minutes.
resend-submit = Send the link

# Log-in and password reset
login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
login-no-account = No account yet?
reset-request-title = Reset your password
reset-request-intro = Enter your account's address and we will send you a link to choose a new password.
reset-request-submit = Send the link
reset-request-sent = If an account uses this address, a message with a link to choose a new password is on its way. The link is valid for 2 hours.
reset-title = Choose a new password
reset-submit = Save the new password
reset-again = Ask for a new link

# Account settings
settings-title = Account settings
settings-role = Role: { $role }
settings-email = Email address
settings-email-current = Your address is { $email }.
settings-email-hint = We will send a link to the new address; the change happens when you follow it. Your current address is told about it.
settings-email-submit = Change my address
settings-password = Password
settings-password-submit = Change my password
settings-language = Language
settings-language-label = Language of pages and mails
settings-language-browser = Same as my browser
settings-language-submit = Save the language
settings-time-zone = Time zone
settings-time-zone-label = Also show event times in
settings-time-zone-hint = Each event shows its times in its own time zone; choose yours to see them in your time too.
settings-time-zone-events = Only each event's own time zone
settings-time-zone-submit = Save the time zone
settings-calendar = Calendar
settings-calendar-text = A private address for your calendar application, listing every event you take part in with any of your identities.
settings-calendar-link = Manage my calendar address
settings-delete = Delete the account
settings-delete-text = This deletes your account and all its identities. It cannot be undone.
settings-delete-button = Delete my account…
email-confirm-title = Confirm your new address
email-confirm-text = Confirm that this is the new address of your account.
email-confirm-submit = Confirm the new address
delete-account-title = Delete your account
delete-account-text = { $count ->
    [one] Your account and its identity will be deleted. Identity names stay reserved so that nobody can impersonate you. This cannot be undone.
   *[other] Your account and its { $count } identities will be deleted. Identity names stay reserved so that nobody can impersonate you. This cannot be undone.
}
delete-account-submit = Delete my account for good
role-user = user
role-moderator = moderator
role-administrator = administrator

# Identities
identities-title = My identities
identities-lead = Each identity has its own name, picture and address. Nobody can see that they share an account.
identities-new = New identity
identities-default = Default
identities-current = Acting as
identities-view = View
identities-edit = Edit
identities-make-default = Make default
identities-delete = Delete
identity-new-title = New identity
identity-new-lead = For instance one for your family and one for your association.
identity-new-submit = Create the identity
identity-edit-title = Edit @{ $handle }
identity-delete-title = Delete { $handle }?
identity-delete-text = Its profile disappears. Its name stays reserved, so that nobody else can take it and impersonate you. This cannot be undone.
identity-delete-submit = Delete the identity
profile-no-bio = This identity has not written anything about itself yet.

# Notices shown after an action
notice-account-confirmed = Your account is confirmed. Welcome!
notice-logged-out = You are logged out.
notice-password-reset = Your password is changed. You can log in with it now.
notice-password-changed = Your password is changed. Other browsers were logged out.
notice-email-change-sent = We sent a link to your new address. Follow it to complete the change.
notice-email-changed = Your email address is changed.
notice-language-changed = Language saved.
notice-time-zone-changed = Time zone saved.
notice-account-deleted = Your account is deleted. Goodbye, and thank you.
notice-identity-created = Identity created. Switch to it from the header.
notice-identity-saved = Identity saved.
notice-identity-default = Default identity changed.
notice-identity-deleted = Identity deleted.

# Field errors (one per code of ensemble_domain::FieldError)
error-required = This field is required.
error-too-long = This is too long.
error-email-invalid = This does not look like an email address, for instance name@example.org.
error-email-taken = An account already uses this address. Log in, or reset your password if you forgot it.
error-email-not-allowed = Sign-ups on this instance are limited to some addresses, and this is not one of them.
error-username-invalid = Use only lower-case letters, digits and underscores.
error-username-taken = This username is taken. Try another one.
error-password-too-short = The password needs at least 10 characters.
error-password-too-long = The password can have at most 200 characters.
error-password-too-common = This password is too easy to guess. Try a few unrelated words.
error-password-mismatch = The two passwords are different.
error-password-wrong = The password is not right.
error-image-type = This file is not an image we can use. Use a JPEG, PNG, WebP or GIF picture.
error-image-too-large = This picture is too large.
error-credentials-wrong = The email address or the password is not right.
error-account-unconfirmed = Your account is not confirmed yet. Follow the link in the mail we sent, or ask for a new one.
error-link-invalid = This link has expired or was already used.
error-last-identity = An account keeps at least one identity. To remove this one, delete the account.

# Error pages
error-page-home = Back to the home page
error-page-400-title = Something is wrong with this request
error-page-400-text = The page could not understand what was sent. Go back and try again.
error-page-403-title = Not allowed
error-page-403-text = You cannot do this. If you came from a form, reload the page and try again.
error-page-404-title = Page not found
error-page-404-text = This page does not exist, or no longer does.
error-page-405-title = Not allowed here
error-page-405-text = This address does not accept that kind of request.
error-page-413-title = Too large
error-page-413-text = What you sent is too large. Try a smaller file.
error-page-429-title = Too many attempts
error-page-429-text = Please wait a little before trying again.
error-page-429-retry = { $minutes ->
    [one] For your safety, wait a minute before trying again.
   *[other] For your safety, wait { $minutes } minutes before trying again.
}
error-page-500-title = Something went wrong on our side
error-page-500-text = The error has been noted. Please try again in a moment.

# Mails
mail-footer = { $instance }, powered by Ensemble.
mail-link-hint = If the button does not work, copy this address into your browser:
mail-confirm-account-subject = Confirm your account on { $instance }
mail-confirm-account-body = Welcome to { $instance }!

    To finish creating your account, confirm your email address. The link is valid for 48 hours.

    If you did not sign up, ignore this message: no account will be created.
mail-confirm-account-action = Confirm my account
mail-reset-password-subject = Reset your password on { $instance }
mail-reset-password-body = Someone asked to reset the password of your account on { $instance }.

    If it was you, choose a new password with the link below. It is valid for 2 hours.

    If it was not you, ignore this message: your password stays the same.
mail-reset-password-action = Choose a new password
mail-confirm-email-subject = Confirm your new address on { $instance }
mail-confirm-email-body = You asked to use this address for your account on { $instance }.

    Confirm it with the link below. It is valid for 24 hours.
mail-confirm-email-action = Confirm this address
mail-email-change-requested-subject = Your address on { $instance } is about to change
mail-email-change-requested-body = Someone asked to move your account on { $instance } to the address { $email }.

    If it was you, there is nothing to do here: confirm from the mail sent to the new address.

    If it was not you, change your password right away and contact the instance's administrators.
mail-password-changed-subject = Your password on { $instance } was changed
mail-password-changed-body = The password of your account on { $instance } was just changed.

    If it was not you, reset your password right away from the log-in page and contact the instance's administrators.
mail-account-deleted-subject = Your account on { $instance } is deleted
mail-account-deleted-body = Your account on { $instance } and its identities are deleted, as you asked.

    Thank you for having been with us.

# Participation mails
mail-note-intro = The organisers wrote:
mail-cancel-hint = To cancel your participation, follow this link:
mail-confirm-participation-subject = Confirm your participation in "{ $event }"
mail-confirm-participation-body = You asked to take part in "{ $event }" on { $instance }, without an account.

    Confirm with the link below: until then your participation is not counted. If you did not ask for it, ignore this message.
mail-confirm-participation-action = Confirm my participation
mail-participation-approved-subject = You can come to "{ $event }"
mail-participation-approved-body = The organisers of "{ $event }" accepted your request.
mail-participation-approved-action = See the event
mail-participation-rejected-subject = Your request for "{ $event }"
mail-participation-rejected-body = The organisers of "{ $event }" could not accept your request this time.
mail-waitlist-promoted-subject = A place is yours at "{ $event }"
mail-waitlist-promoted-body = A place freed up at "{ $event }" and you were first on the waiting list: you are now taking part.
mail-waitlist-promoted-action = See the event
mail-announcement-subject = News about "{ $event }"
mail-announcement-body = The organisers of "{ $event }" sent a message to its participants.
mail-announcement-action = See the event

# Conflicts
error-page-409-title = That cannot be done now
error-page-409-text = The page has changed since you loaded it. Reload it and try again.
error-page-410-title = Gone
error-page-410-text = This no longer exists.
conflict-already-participating = You are already taking part in this event, or your request is waiting.
conflict-event-cancelled = This event is cancelled: it is no longer possible to join it.
conflict-external-registration = Registration for this event happens on another site.
conflict-invite-only = This event is on invitation only.
conflict-anonymous-not-allowed = This event needs an account to take part.

# Field errors for events
error-too-short = This is too short.
error-too-many = There are too many.
error-choice-unknown = Choose one of the options offered.
error-url-invalid = This is not a web address. It starts with https://
error-date-invalid = This date or time does not exist.
error-time-skipped = This time does not exist on that day: the clocks change. Choose another time.
error-time-zone-unknown = This time zone is unknown. Choose one from the list.
error-ends-before-start = The end comes before the start.
error-tag-invalid = A tag is made of letters, digits, dashes and underscores, 40 at most.
error-coordinates-invalid = Give both latitude (−90 to 90) and longitude (−180 to 180), or neither.
error-capacity-invalid = The number of places must be a whole number, 1 or more.
error-capacity-below-participants = More people already have a place than this number.
error-external-url-required = Give the address of the registration page.
conflict-event-past = This event is over: it is no longer possible to join it.
conflict-organizer-unreachable = The organiser's server cannot be reached from here: try again later.

## Lookup of other servers' events and people (/search)

search-title = Look up
search-label = Address
search-hint = An event's or a person's address on another server (https://…), or a handle such as @name@server.
search-submit = Look up
search-person-profile = See their profile on their server
lookup-not-address = Give an address starting with https://, or a handle such as @name@server.
lookup-refused = This address is not allowed.
lookup-not-found = Nothing was found at this address.
lookup-unreachable = The server at this address cannot be reached. Try again later.
lookup-unsupported = This address is neither an event nor a person.
