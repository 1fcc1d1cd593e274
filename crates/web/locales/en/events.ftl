# Events: listings, calendar, event page, event form, my events.

# Listing
events-title = Upcoming events
events-lead = Public events, soonest first.
events-new = New event
events-calendar-link = See them in a calendar
events-empty = No upcoming events here
events-empty-text = Be the first: organise something, even a small get-together.
events-empty-visitor = Nothing is planned yet. Come back soon, or create an account to organise an event.
events-first-page = Back to the first page
events-pages = Pages
events-previous = Previous page
events-next = Next page
events-page = Page { $count }

# Calendar
calendar-title = Calendar
calendar-list-link = See the list of upcoming events
calendar-months = Months
calendar-this-month = This month
calendar-empty = No public events this month.

# Cards and badges
event-online = Online
event-badge-draft = Draft
event-badge-cancelled = Cancelled
event-badge-tentative = To be confirmed
event-badge-past = Over

# Event page
event-draft-banner = Draft.
event-draft-text = Only its organisers can see this event. Publish it when it is ready.
event-publish = Publish the event
event-cancelled-banner = This event is cancelled.
event-cancelled-text = It will not take place.
event-past-banner = This event is over.
event-remote-from = From { $domain }: this event is organised on another server, which decides who takes part.
event-remote-original = See the original
event-card-from = From { $domain }
event-when = When
event-until = until
event-time-zone-note = Times are in the { $name } time zone.
event-your-time = Your time ({ $zone }): { $date }, { $time }
event-where = Where
event-map-link = See on OpenStreetMap
event-online-link = Online
event-organiser = Organised by
event-participants = Participants
event-going = { $count ->
    [0] Nobody has joined yet
    [one] One person is going
   *[other] { $count } people are going
}
event-remaining = { $count ->
    [0] no place left
    [one] one place left
   *[other] { $count } places left
}
event-add-to-calendar = Add to my calendar
event-about = About
event-tags = Tags
event-practical = Practical details
event-tickets = Tickets
event-livestream = Live stream
event-actions = Taking part and sharing
event-participation-title = Taking part
event-you-creator = You organise this event.
event-you-co-organizer = You co-organise this event.
event-you-participant = You are taking part.
event-you-pending = Your request is waiting for the organisers' answer.
event-you-waitlisted = You are on the waiting list: the next free place is yours.
event-you-unconfirmed = Your participation is not confirmed yet.
event-you-invited = You are invited to this event.
event-you-rejected = The organisers could not accept your request.
event-leave = Leave the event
event-join = Take part
event-join-as = Take part as
event-join-message = Message to the organisers
event-join-message-hint = Optional. Only the organisers read it.
event-join-full = The event is full: you will be on the waiting list.
event-join-approval = The organisers approve each participant.
event-external-text = Registration for this event happens on another site.
event-external-link = Register on the organisers' site
event-closed-cancelled = The event is cancelled: it is no longer possible to join it.
event-closed-past = The event is over.
event-closed-invite = This event is on invitation only.
event-login-to-join = Log in to take part
event-anonymous-title = Or take part without an account
event-anonymous-email = Your email address
event-anonymous-email-hint = We send a link to confirm. Your address is never shown to anyone.
event-anonymous-submit = Take part without an account
event-tools-title = Organiser tools
event-edit = Edit
event-duplicate = Duplicate
event-see-participants = Participants
event-delete = Delete
event-share-title = Share
event-share-link = Address of this page
event-share-link-hint = Select it and copy it to share it anywhere.
event-share-mail = Share by email
event-share-instance = Your fediverse server
event-share-instance-hint = For instance mastodon.social. You will write the post there.
event-share-instance-invalid = Type the name of a server, for instance mastodon.social.
event-share-submit = Share on my server

# Roles, as listed on "my events"
event-role-creator = Organiser
event-role-co-organizer = Co-organiser
event-role-participant = Taking part
event-role-pending = Waiting for approval
event-role-waitlisted = On the waiting list
event-role-unconfirmed = Not confirmed
event-role-invited = Invited
event-role-rejected = Declined

# Event form
event-new-title = New event
event-edit-title = Edit "{ $event }"
event-duplicate-title = Copy of "{ $event }"
event-form-organiser-new = You organise it as { $name }. To organise it as another identity, switch identity in the header first.
event-form-organiser = Organised by { $name }.
event-past-warning-title = This event starts in the past.
event-past-warning-text = Check the date. If it is right, for instance to keep a record of an event, confirm below and send the form again.
event-past-ok = Yes, it starts in the past
event-field-title = Title
event-field-title-hint = 3 to 200 characters, for instance "Surprise party for Lou".
event-form-when = When
event-field-start-date = Start date
event-field-start-time = Start time
event-field-date-hint = Year-month-day, for instance 2026-12-24.
event-field-time-hint = Hours and minutes, for instance 19:30.
event-field-end-date = End date
event-field-end-time = End time
event-field-end-hint = Optional.
event-field-time-zone = Time zone
event-field-time-zone-hint = Dates and times are in this zone.
event-form-where = Where
event-form-where-hint = A place, an online link, or both.
event-field-place-name = Place
event-field-place-name-hint = For instance "Café de la Gare" or "At Lou's".
event-field-street = Street and number
event-field-postal-code = Postal code
event-field-locality = Town or city
event-field-online-url = Online link
event-field-online-url-hint = Optional. The address of the video call or the online meeting.
event-field-description = Description
event-field-description-hint = What to expect, what to bring. Markdown is allowed.
event-form-more = More options
event-form-about = Category, tags and language
event-field-category = Category
event-field-tags = Tags
event-field-tags-hint = Separated by commas, for instance: birthday, music. At most 10.
event-field-language = Language of the event
event-field-language-hint = The language the event is held in.
event-language-unspecified = Not specified
event-field-status = Status
event-field-status-hint = Say when an event is not confirmed yet, or cancelled.
event-field-visibility = Who can see it
event-form-participation = Taking part
event-field-join-mode = How people join
event-field-external-url = External registration page
event-field-external-url-hint = Needed when registration happens on another site.
event-field-capacity = Number of places
event-field-capacity-hint = Optional. Empty means no limit. When the event is full, people go on a waiting list.
event-field-show-remaining = Show how many places are left
event-field-anonymous = Allow taking part without an account
event-field-anonymous-hint = People give an email address and confirm it. The address is never shown, not even to you.
event-field-comments = Allow comments
event-form-practical = Practical details
event-field-accessibility = Accessibility
event-field-price = Price
event-field-price-hint = Optional, for instance "Free" or "5 € at the door".
event-field-ticket-url = Ticket page
event-field-livestream-url = Live stream
event-field-livestream-url-hint = Optional. Where to watch the event live.
event-form-address-details = Address details
event-field-region = Region
event-field-country = Country
event-field-latitude = Latitude
event-field-longitude = Longitude
event-field-coordinates-hint = Optional, for instance 48.8566 and 2.3522. They make the map link precise.
event-field-banner = Banner picture
event-field-banner-file = Picture
event-field-banner-hint = JPEG, PNG, WebP or GIF, up to { $size } MB, shown wide at the top of the event. Its metadata (location, camera) is removed.
event-field-banner-current = Current banner
event-field-banner-remove = Remove the banner
event-form-publish = Publish
event-form-save-draft = Save as draft

event-visibility-public = Public
event-visibility-public-hint = Listed on this instance, found by search, shared with other servers.
event-visibility-unlisted = Unlisted
event-visibility-unlisted-hint = Anyone with the link can see it, but it is not listed.
event-visibility-private = Private
event-visibility-private-hint = Only its organisers and participants can see it.
event-status-tentative = To be confirmed
event-status-confirmed = Confirmed
event-status-cancelled = Cancelled
event-join-mode-free = Free
event-join-mode-free-hint = Anyone can take part in one click.
event-join-mode-restricted = With approval
event-join-mode-restricted-hint = You accept or decline each request.
event-join-mode-invite = Invitation only
event-join-mode-invite-hint = Only the people you invite can take part.
event-join-mode-external = Elsewhere
event-join-mode-external-hint = People register on another site, given below.

accessibility-wheelchair = Wheelchair accessible
accessibility-sign-language = Sign language interpretation
accessibility-hearing-loop = Hearing loop
accessibility-subtitles = Subtitles
accessibility-quiet-space = Quiet space

# Delete
event-delete-title = Delete "{ $event }"?
event-delete-text = The event disappears with its participants and comments. This cannot be undone.
event-delete-going = { $count ->
    [0] Nobody has joined it yet.
    [one] One person is taking part, you included.
   *[other] { $count } people are taking part, you included.
}
event-delete-submit = Delete the event

# My events
my-events-title = My events
my-events-lead = What you organise and take part in, for each of your identities. Only you see this page.
my-events-empty = No events yet
my-events-empty-text = Organise one, or find one to join.
my-events-browse = Browse upcoming events
my-events-drafts = Drafts
my-events-drafts-hint = Only you can see them until they are published.
my-events-draft-by = Organised as { $name }
my-events-acting-as = Acting as
my-events-upcoming = Coming up
my-events-past = Past
my-events-none-upcoming = Nothing coming up.

# Notices
notice-event-published = The event is published.
notice-event-draft-saved = Draft saved. Only you can see it until you publish it.
notice-event-saved = Event saved.
notice-event-deleted = The event is deleted.

# The 30 categories
category-arts = Arts
category-book-clubs = Book clubs
category-business = Business
category-causes = Causes
category-comedy = Comedy
category-crafts = Crafts
category-food-drink = Food and drink
category-health = Health
category-music = Music
category-auto-boat-air = Auto, boat and air
category-community = Community
category-family-education = Family and education
category-fashion-beauty = Fashion and beauty
category-film-media = Film and media
category-games = Games
category-language-culture = Language and culture
category-learning = Learning
category-lgbtq = LGBTQ
category-movements-politics = Movements and politics
category-networking = Networking
category-party = Party
category-performing-visual-arts = Performing and visual arts
category-pets = Pets
category-photography = Photography
category-outdoors-adventure = Outdoors and adventure
category-spirituality-religion-beliefs = Spirituality, religion and beliefs
category-science-tech = Science and technology
category-sports = Sports
category-theatre = Theatre
category-meeting = Meeting
