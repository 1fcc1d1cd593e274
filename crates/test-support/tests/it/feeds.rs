//! Calendar feeds: one event's `.ics`, the instance's iCalendar and Atom feeds, and each
//! account's private, revocable feed. Documents are parsed back with the icalendar and
//! atom_syndication crates; times are checked in UTC across daylight-saving changes.

use crate::helpers::*;
use ensemble_app::events::EventForm;
use ensemble_app::sessions::Viewer;
use ensemble_test_support::{Browser, Page, TestApp};
use icalendar::{Calendar, CalendarComponent, Component, EventLike};

/// The viewer acting as `username`, to call use cases directly.
async fn as_viewer(app: &TestApp, username: &str) -> Viewer {
    use ensemble_app::rows::{accounts, actors};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let identity =
        actors::Entity::find().filter(actors::Column::Username.eq(username)).one(&app.app.db).await.unwrap().unwrap();
    let account = accounts::Entity::find_by_id(identity.account_id.unwrap()).one(&app.app.db).await.unwrap().unwrap();
    Viewer { token_hash: String::new(), account, identity }
}

/// Signs up with a display name and confirms; the browser ends up logged in.
async fn member(app: &TestApp, email: &str, username: &str, display_name: &str) -> Browser {
    let browser = app.browser();
    let page = browser
        .post(
            "/signup",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
                ("username", username),
                ("display_name", display_name),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "sign-up refused: {}", page.body);
    confirm_from_mail(app, &browser, email).await;
    browser
}

fn form(title: &str, date: &str, time: &str, zone: &str) -> EventForm {
    EventForm {
        title: title.into(),
        description: "A **good** time.".into(),
        start_date: date.into(),
        start_time: time.into(),
        time_zone: zone.into(),
        place_name: "Salle des fêtes".into(),
        locality: "Lyon".into(),
        visibility: "public".into(),
        comments_enabled: true,
        publish: true,
        ..Default::default()
    }
}

/// Creates an event as `username` through the use case; returns its UUID.
async fn create(app: &TestApp, username: &str, mut form: EventForm) -> String {
    let viewer = as_viewer(app, username).await;
    ensemble_app::events::create_event(&app.app, &viewer, &mut form).await.unwrap().uuid.to_string()
}

fn ap_id(app: &TestApp, uuid: &str) -> String {
    format!("{}/events/{uuid}", app.base_url)
}

/// RFC 5545 §3.1: CRLF line endings and lines of at most 75 octets.
fn assert_wire_format(body: &str) {
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "{body}");
    assert!(body.ends_with("END:VCALENDAR\r\n"), "{body}");
    assert!(!body.replace("\r\n", "").contains('\n'), "bare LF in {body:?}");
    assert!(!body.replace("\r\n", "").contains('\r'), "bare CR in {body:?}");
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
    }
    // Times are in UTC, so no time-zone definition is needed nor referenced.
    assert!(!body.contains("TZID"), "{body}");
    assert!(!body.contains("VTIMEZONE"), "{body}");
}

fn parse_ics(page: &Page) -> Calendar {
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.headers["content-type"], "text/calendar; charset=utf-8");
    assert_wire_format(&page.body);
    page.body.parse::<Calendar>().unwrap_or_else(|e| panic!("{e}\n{}", page.body))
}

fn events(calendar: &Calendar) -> Vec<&icalendar::Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn uids(calendar: &Calendar) -> Vec<String> {
    let mut uids: Vec<String> = events(calendar).iter().map(|e| e.get_uid().unwrap().to_owned()).collect();
    uids.sort();
    uids
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// The raw (still escaped) value of `key` in the only event of an `.ics`.
fn raw(event: &icalendar::Event, key: &str) -> String {
    event.properties().get(key).unwrap_or_else(|| panic!("no {key}")).value().to_owned()
}

#[tokio::test]
async fn an_event_exports_as_icalendar_with_every_field() {
    let app = TestApp::spawn().await;
    let organizer = member(&app, "rose@example.org", "rose", "Rose \"la\" Rouge, Lyon").await;
    let uuid = create(
        &app,
        "rose",
        EventForm {
            title: "Fête de quartier; apéro, musique et jeux pour toute la famille, dans la cour de l’école".into(),
            description: "Venez **nombreux** !\n\nAu programme :\n\n- un *concert*\n- des [jeux](https://jeux.example.org)\n\nÀ bientôt, les voisin·es ✨".into(),
            end_date: "2027-06-20".into(),
            end_time: "23:30".into(),
            street: "12 rue de la République".into(),
            postal_code: "69002".into(),
            country: "France".into(),
            latitude: "45.7578".into(),
            longitude: "4.8320".into(),
            category: "PARTY".into(),
            tags: "voisins, musique".into(),
            status: "tentative".into(),
            ..form("x", "2027-06-20", "18:00", "Europe/Paris")
        },
    )
    .await;

    let page = app.browser().get(&format!("/events/{uuid}/export/ics")).await;
    let calendar = parse_ics(&page);
    assert_eq!(
        page.headers["content-disposition"],
        "attachment; filename=\"fete-de-quartier-apero-musique-et-jeux-pour-toute-la-famille.ics\""
    );
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert_eq!(calendar.property_value("PRODID"), Some("-//Ensemble//EN"));
    assert!(calendar.property_value("X-WR-CALNAME").unwrap().starts_with("Fête de quartier"));
    // Text values are escaped on the wire, the calendar's name included.
    for key in ["NAME", "X-WR-CALNAME", "SUMMARY"] {
        assert!(page.body.contains(&format!("\r\n{key}:Fête de quartier\\; apéro\\, musique")), "{key}: {}", page.body);
    }
    let all = events(&calendar);
    assert_eq!(all.len(), 1);
    let event = all[0];
    assert_eq!(event.get_uid(), Some(ap_id(&app, &uuid).as_str()));
    assert_eq!(event.get_url(), Some(ap_id(&app, &uuid).as_str()));
    assert_eq!(
        event.get_summary(),
        Some("Fête de quartier; apéro, musique et jeux pour toute la famille, dans la cour de l’école")
    );
    // Plain text, not Markdown.
    assert_eq!(
        event.get_description(),
        Some(
            "Venez nombreux !\n\nAu programme :\n\n- un concert\n- des jeux (https://jeux.example.org)\n\nÀ bientôt, les voisin·es ✨"
        )
    );
    assert_eq!(event.get_location(), Some("Salle des fêtes, 12 rue de la République, 69002 Lyon, France"));
    assert_eq!(raw(event, "GEO"), "45.7578;4.832");
    // 18:00 in Paris in June is 16:00 UTC.
    assert_eq!(raw(event, "DTSTART"), "20270620T160000Z");
    assert_eq!(raw(event, "DTEND"), "20270620T213000Z");
    assert_eq!(event.get_status(), Some(icalendar::EventStatus::Tentative));
    // The category (by its name once it has one in the reader's language), then the tags.
    let categories = event.get_categories().unwrap();
    assert_eq!(categories.len(), 3, "{categories:?}");
    assert!(["PARTY", "Party"].contains(&categories[0].as_str()), "{categories:?}");
    assert_eq!(categories[1..], ["voisins", "musique"]);
    for key in ["DTSTAMP", "CREATED", "LAST-MODIFIED"] {
        let value = raw(event, key);
        assert!(value.len() == 16 && value.ends_with('Z'), "{key}:{value}");
    }
    assert!(event.get_created().is_some() && event.get_last_modified().is_some() && event.get_timestamp().is_some());
    // The organiser is named by their profile, never by an email address.
    let organizer_line = event.properties().get("ORGANIZER").unwrap();
    assert_eq!(organizer_line.value(), format!("{}/@rose", app.base_url));
    assert_eq!(organizer_line.params().get("CN").unwrap().value(), "Rose 'la' Rouge, Lyon");
    assert!(!page.body.contains("mailto:") && !page.body.contains("rose@example.org"), "{}", page.body);
    // The organiser's own browser gets the same document.
    assert_eq!(uids(&parse_ics(&organizer.get(&format!("/events/{uuid}/export/ics")).await)), vec![ap_id(&app, &uuid)]);
}

#[tokio::test]
async fn an_export_follows_the_rights_of_the_event_page() {
    let app = TestApp::spawn().await;
    let organizer = member(&app, "rose@example.org", "rose", "Rose").await;
    let stranger = member(&app, "tom@example.org", "tom", "Tom").await;
    let visitor = app.browser();
    let public = create(&app, "rose", form("Public", "2027-05-01", "10:00", "Europe/Paris")).await;
    let unlisted = create(
        &app,
        "rose",
        EventForm { visibility: "unlisted".into(), ..form("Unlisted", "2027-05-01", "10:00", "UTC") },
    )
    .await;
    let private = create(
        &app,
        "rose",
        EventForm { visibility: "private".into(), ..form("Private", "2027-05-01", "10:00", "UTC") },
    )
    .await;
    let draft = create(&app, "rose", EventForm { publish: false, ..form("Draft", "2027-05-01", "10:00", "UTC") }).await;

    async fn status(browser: &Browser, uuid: &str) -> u16 {
        browser.get(&format!("/events/{uuid}/export/ics")).await.status
    }
    for (uuid, visitor_status, stranger_status, organizer_status) in
        [(&public, 200, 200, 200), (&unlisted, 200, 200, 200), (&private, 404, 404, 200), (&draft, 404, 404, 200)]
    {
        assert_eq!(status(&visitor, uuid).await, visitor_status, "visitor, {uuid}");
        assert_eq!(status(&stranger, uuid).await, stranger_status, "stranger, {uuid}");
        assert_eq!(status(&organizer, uuid).await, organizer_status, "organiser, {uuid}");
    }
    let missing = visitor.get(&format!("/events/{}/export/ics", uuid::Uuid::new_v4())).await;
    assert_eq!(missing.status, 404);
    assert_eq!(visitor.get("/events/not-a-uuid/export/ics").await.status, 404);
    // A public event may be kept a while; the others not at all.
    let public_page = visitor.get(&format!("/events/{public}/export/ics")).await;
    assert_eq!(public_page.headers["cache-control"], "private, max-age=300");
    let unlisted_page = visitor.get(&format!("/events/{unlisted}/export/ics")).await;
    assert_eq!(unlisted_page.headers["cache-control"], "private, no-store");
}

/// (zone, local date, local time, UTC DTSTART) on both sides of each change of 2026.
const DST_CASES: [(&str, &str, &str, &str); 12] = [
    // Paris: summer time from 29 March 2026 (UTC+1 → UTC+2), back on 25 October.
    ("Europe/Paris", "2026-03-28", "10:00", "20260328T090000Z"),
    ("Europe/Paris", "2026-03-29", "10:00", "20260329T080000Z"),
    ("Europe/Paris", "2026-03-29", "03:00", "20260329T010000Z"),
    ("Europe/Paris", "2026-10-24", "10:00", "20261024T080000Z"),
    ("Europe/Paris", "2026-10-25", "10:00", "20261025T090000Z"),
    // 02:30 happens twice on 25 October: the first one, still in summer time, is taken.
    ("Europe/Paris", "2026-10-25", "02:30", "20261025T003000Z"),
    // Montreal: daylight time from 8 March 2026 (UTC−5 → UTC−4), back on 1 November.
    ("America/Montreal", "2026-03-07", "10:00", "20260307T150000Z"),
    ("America/Montreal", "2026-03-08", "10:00", "20260308T140000Z"),
    ("America/Montreal", "2026-03-08", "03:00", "20260308T070000Z"),
    ("America/Montreal", "2026-10-31", "10:00", "20261031T140000Z"),
    ("America/Montreal", "2026-11-01", "10:00", "20261101T150000Z"),
    ("America/New_York", "2026-11-01", "01:30", "20261101T053000Z"),
];

#[tokio::test]
async fn times_are_right_across_daylight_saving_changes() {
    let app = TestApp::spawn().await;
    member(&app, "rose@example.org", "rose", "Rose").await;
    let visitor = app.browser();
    for (zone, date, time, utc) in DST_CASES {
        let uuid = create(&app, "rose", form(&format!("At {time} on {date}"), date, time, zone)).await;
        let calendar = parse_ics(&visitor.get(&format!("/events/{uuid}/export/ics")).await);
        let event = events(&calendar)[0];
        assert_eq!(raw(event, "DTSTART"), utc, "{zone} {date} {time}");
        assert!(event.properties().get("DTSTART").unwrap().params().is_empty(), "no TZID");
    }

    // Overnight across the change: 22:00 to 10:00 lasts 11 hours in spring, 13 in autumn.
    let spanning = [
        ("Europe/Paris", "2026-03-28", "2026-03-29", "20260328T210000Z", "20260329T080000Z"),
        ("Europe/Paris", "2026-10-24", "2026-10-25", "20261024T200000Z", "20261025T090000Z"),
        ("America/Montreal", "2026-03-07", "2026-03-08", "20260308T030000Z", "20260308T140000Z"),
        ("America/Montreal", "2026-10-31", "2026-11-01", "20261101T020000Z", "20261101T150000Z"),
    ];
    for (zone, start, end, utc_start, utc_end) in spanning {
        let uuid = create(
            &app,
            "rose",
            EventForm { end_date: end.into(), end_time: "10:00".into(), ..form("Overnight", start, "22:00", zone) },
        )
        .await;
        let calendar = parse_ics(&visitor.get(&format!("/events/{uuid}/export/ics")).await);
        let event = events(&calendar)[0];
        assert_eq!((raw(event, "DTSTART"), raw(event, "DTEND")), (utc_start.into(), utc_end.into()), "{zone} {start}");
    }
}

#[tokio::test]
async fn instance_feeds_list_public_published_upcoming_events_only() {
    let app = TestApp::spawn().await;
    member(&app, "rose@example.org", "rose", "Rose").await;
    // Next year's changes of time, so that the events are upcoming.
    let paris = create(&app, "rose", form("Printemps à Paris", "2027-03-28", "10:00", "Europe/Paris")).await;
    let montreal = create(
        &app,
        "rose",
        EventForm {
            end_date: "2027-11-07".into(),
            end_time: "12:00".into(),
            place_name: String::new(),
            locality: String::new(),
            online_url: "https://meet.example.org/room".into(),
            description: String::new(),
            ..form("Automne à Montréal", "2027-11-07", "10:00", "America/Montreal")
        },
    )
    .await;
    let cancelled = create(
        &app,
        "rose",
        EventForm { status: "cancelled".into(), ..form("Cancelled", "2027-01-10", "10:00", "UTC") },
    )
    .await;
    let draft = create(&app, "rose", EventForm { publish: false, ..form("Draft", "2027-01-10", "10:00", "UTC") }).await;
    let private = create(
        &app,
        "rose",
        EventForm { visibility: "private".into(), ..form("Private", "2027-01-10", "10:00", "UTC") },
    )
    .await;
    let unlisted = create(
        &app,
        "rose",
        EventForm { visibility: "unlisted".into(), ..form("Unlisted", "2027-01-10", "10:00", "UTC") },
    )
    .await;
    let past = create(&app, "rose", form("Past", "2026-01-10", "10:00", "UTC")).await;

    let visitor = app.browser();
    let page = visitor.get("/feed/instance/ics").await;
    let calendar = parse_ics(&page);
    let listed = sorted(vec![ap_id(&app, &paris), ap_id(&app, &montreal), ap_id(&app, &cancelled)]);
    assert_eq!(uids(&calendar), listed);
    for hidden in [&draft, &private, &unlisted, &past] {
        assert!(!page.body.contains(hidden.as_str()), "{hidden} listed");
    }
    assert!(page.headers.get("content-disposition").is_none());
    assert_eq!(calendar.property_value("X-WR-CALNAME"), Some("Upcoming events on Ensemble"));
    let by_uid = |uuid: &str| {
        let id = ap_id(&app, uuid);
        events(&calendar).into_iter().find(|e| e.get_uid() == Some(id.as_str())).unwrap().clone()
    };
    assert_eq!(raw(&by_uid(&paris), "DTSTART"), "20270328T080000Z");
    assert_eq!(raw(&by_uid(&montreal), "DTSTART"), "20271107T150000Z");
    assert_eq!(raw(&by_uid(&montreal), "DTEND"), "20271107T170000Z");
    assert_eq!(by_uid(&montreal).get_location(), Some("https://meet.example.org/room"));
    assert_eq!(by_uid(&cancelled).get_status(), Some(icalendar::EventStatus::Cancelled));
    assert_eq!(by_uid(&paris).get_status(), Some(icalendar::EventStatus::Confirmed));

    let atom = visitor.get("/feed/instance/atom").await;
    assert_eq!(atom.status, 200);
    assert_eq!(atom.headers["content-type"], "application/atom+xml; charset=utf-8");
    let feed = atom_syndication::Feed::read_from(atom.body.as_bytes()).unwrap();
    assert_eq!(feed.id(), format!("{}/feed/instance/atom", app.base_url));
    assert_eq!(feed.title().as_str(), "Upcoming events on Ensemble");
    let rel = |rel: &str| feed.links().iter().find(|l| l.rel() == rel).map(|l| l.href().to_owned());
    assert_eq!(rel("self"), Some(format!("{}/feed/instance/atom", app.base_url)));
    assert_eq!(rel("alternate"), Some(format!("{}/events", app.base_url)));
    assert_eq!(entry_content(&feed, &ap_id(&app, &montreal)), None, "no empty content");
    let mut ids: Vec<String> = feed.entries().iter().map(|e| e.id().to_owned()).collect();
    ids.sort();
    assert_eq!(ids, listed);
    let entry = |uuid: &str| feed.entries().iter().find(|e| e.id() == ap_id(&app, uuid)).unwrap().clone();
    let spring = entry(&paris);
    assert_eq!(spring.title().as_str(), "Printemps à Paris");
    assert_eq!(spring.links()[0].href(), ap_id(&app, &paris));
    assert!(spring.published().is_some());
    assert_eq!(spring.authors()[0].name(), "Rose");
    assert_eq!(
        spring.summary().unwrap().as_str(),
        "Sunday 28 March 2027, 10:00 (Europe/Paris) · Salle des fêtes, Lyon"
    );
    let content = spring.content().unwrap();
    assert_eq!(content.content_type(), Some("html"));
    assert_eq!(content.value(), Some("<p>A <strong>good</strong> time.</p>\n"));
    assert_eq!(
        entry(&montreal).summary().unwrap().as_str(),
        "Sunday 7 November 2027, 10:00–12:00 (America/Montreal) · Online: https://meet.example.org/room"
    );
    assert!(entry(&cancelled).summary().unwrap().as_str().starts_with("Cancelled · "));

    // In French, for a French-speaking reader.
    let french = app.browser().speaking("fr");
    let feed = atom_syndication::Feed::read_from(french.get("/feed/instance/atom").await.body.as_bytes()).unwrap();
    assert_eq!(feed.title().as_str(), "Événements à venir sur Ensemble");
    let summary = feed.entries().iter().find(|e| e.id() == ap_id(&app, &paris)).unwrap().summary().unwrap().clone();
    assert_eq!(summary.as_str(), "dimanche 28 mars 2027 à 10\u{a0}h\u{a0}00 (Europe/Paris) · Salle des fêtes, Lyon");
}

fn entry_content(feed: &atom_syndication::Feed, id: &str) -> Option<String> {
    feed.entries().iter().find(|e| e.id() == id).unwrap().content().and_then(|c| c.value().map(str::to_owned))
}

/// The private feed's address shown on the calendar page, if any.
async fn feed_address(browser: &Browser) -> Option<String> {
    let page = browser.get("/account/calendar").await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.attr("#feed-ics", "value")
}

fn path_of(url: &str, app: &TestApp) -> String {
    url.strip_prefix(&app.base_url).unwrap().to_owned()
}

#[tokio::test]
async fn the_private_feed_lists_what_the_account_takes_part_in_until_revoked() {
    let app = TestApp::spawn().await;
    let rose = member(&app, "rose@example.org", "rose", "Rose").await;
    rose.post_multipart("/identities/new", &[("username", "rose_family"), ("display_name", "Rose (family)")], vec![])
        .await;
    member(&app, "tom@example.org", "tom", "Tom").await;

    // Rose organises one event, her other identity organises a private one and takes part
    // in Tom's; she has a draft; another event of Tom's asks for approval she has not got.
    let organised = create(&app, "rose", form("Rose's picnic", "2027-05-01", "12:00", "Europe/Paris")).await;
    let family_private = create(
        &app,
        "rose_family",
        EventForm { visibility: "private".into(), ..form("Family dinner", "2027-05-02", "19:00", "Europe/Paris") },
    )
    .await;
    let draft =
        create(&app, "rose", EventForm { publish: false, ..form("Rose's draft", "2027-05-03", "10:00", "UTC") }).await;
    let toms = create(&app, "tom", form("Tom's concert", "2027-05-04", "20:00", "America/Montreal")).await;
    let approval = create(
        &app,
        "tom",
        EventForm { join_mode: "restricted".into(), ..form("Tom's workshop", "2027-05-05", "09:00", "UTC") },
    )
    .await;
    let elsewhere = create(&app, "tom", form("Not for Rose", "2027-05-06", "09:00", "UTC")).await;
    for event in [&toms, &approval] {
        let joined = rose.post(&format!("/events/{event}/join"), &[("username", "rose_family")]).await;
        assert_eq!(joined.status, 303, "{}", joined.body);
    }

    // No address yet: the page offers to create one; logged out, it asks to log in.
    assert_eq!(feed_address(&rose).await, None);
    assert_eq!(app.browser().get("/account/calendar").await.location().as_deref(), Some("/login"));
    assert_eq!(rose.post_raw("/account/calendar", &[]).await.status, 403, "the form token is checked");

    let created = rose.post("/account/calendar", &[]).await;
    assert_eq!(created.location().as_deref(), Some("/account/calendar"));
    let page = rose.follow(created).await;
    assert!(page.notice().unwrap().contains("calendar address is ready"));
    assert!(page.has("label[for=feed-ics]"));
    assert!(page.has("input#feed-ics[readonly]"));
    let url = page.attr("#feed-ics", "value").unwrap();
    assert!(url.starts_with(&format!("{}/events/going/", app.base_url)) && url.ends_with("/ics"), "{url}");
    assert_eq!(feed_address(&rose).await.as_deref(), Some(url.as_str()), "the address can be shown again");

    // Anyone with the address sees the feed, without logging in.
    let reader = app.browser();
    let feed = reader.get(&path_of(&url, &app)).await;
    let calendar = parse_ics(&feed);
    assert_eq!(feed.headers["cache-control"], "private, no-store");
    assert_eq!(
        uids(&calendar),
        sorted(vec![ap_id(&app, &organised), ap_id(&app, &family_private), ap_id(&app, &toms)])
    );
    for absent in [&draft, &approval, &elsewhere] {
        assert!(!feed.body.contains(absent.as_str()), "{absent} listed");
    }
    assert_eq!(calendar.property_value("X-WR-CALNAME"), Some("My events on Ensemble"));
    let atom_path = path_of(&url, &app).replace("/ics", "/atom");
    let atom = reader.get(&atom_path).await;
    assert_eq!(atom.status, 200);
    let atom = atom_syndication::Feed::read_from(atom.body.as_bytes()).unwrap();
    assert_eq!(atom.entries().len(), 3);
    assert_eq!(atom.links().iter().find(|l| l.rel() == "self").unwrap().href(), format!("{}{atom_path}", app.base_url));

    // Nobody else's events, and the token is not the table's id alone.
    let (id, signature) = path_of(&url, &app)
        .trim_start_matches("/events/going/")
        .trim_end_matches("/ics")
        .split_once('.')
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .unwrap();
    let stored: Vec<String> = {
        use sea_orm::EntityTrait;
        ensemble_app::rows::feed_tokens::Entity::find()
            .all(&app.app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.token_hash)
            .collect()
    };
    assert_eq!(stored, vec![id.clone()]);
    assert!(!stored[0].contains(&signature));
    let forged = [
        format!("/events/going/{id}/ics"),
        format!("/events/going/{id}./ics"),
        format!("/events/going/{id}.{}/ics", "A".repeat(43)),
        format!("/events/going/{}.{signature}/ics", ensemble_app::crypto::random_token()),
        format!("/events/going/{}/ics", "x".repeat(300)),
    ];
    for path in &forged {
        assert_eq!(reader.get(path).await.status, 404, "{path}");
    }

    // A new address replaces the old one at once.
    rose.post("/account/calendar", &[]).await;
    let renewed = feed_address(&rose).await.unwrap();
    assert_ne!(renewed, url);
    assert_eq!(reader.get(&path_of(&url, &app)).await.status, 404);
    assert_eq!(reader.get(&atom_path).await.status, 404);
    assert_eq!(reader.get(&path_of(&renewed, &app)).await.status, 200);

    // Revoking makes it "not found" at once.
    let revoked = rose.post("/account/calendar/revoke", &[]).await;
    assert_eq!(revoked.location().as_deref(), Some("/account/calendar"));
    assert!(rose.follow(revoked).await.notice().unwrap().contains("revoked"));
    assert_eq!(reader.get(&path_of(&renewed, &app)).await.status, 404);
    assert_eq!(feed_address(&rose).await, None);
}

#[tokio::test]
async fn the_calendar_page_speaks_french() {
    let app = TestApp::spawn().await;
    let browser = member(&app, "rose@example.org", "rose", "Rose").await;
    browser.post("/account/language", &[("locale", "fr")]).await;
    let page = browser.get("/account/calendar").await;
    assert_eq!(page.h1(), "Flux de calendrier");
    let page = browser.follow(browser.post("/account/calendar", &[]).await).await;
    assert_eq!(page.text("label[for=feed-ics]").as_deref(), Some("Adresse du calendrier (iCalendar)"));
    // The feed speaks the account's language, whoever fetches it.
    let url = page.attr("#feed-ics", "value").unwrap();
    let calendar = parse_ics(&app.browser().get(&path_of(&url, &app)).await);
    assert_eq!(calendar.property_value("X-WR-CALNAME"), Some("Mes événements sur Ensemble"));
}
