//! The web side of events: the form (short and full), drafts, editing, duplicating,
//! deleting, the event page and its metadata, listings, the calendar and "my events".

use crate::helpers::*;
use ensemble_app::events::EventForm;
use ensemble_app::sessions::Viewer;
use ensemble_test_support::{Browser, Page, TestApp};
use serde_json::Value;

/// The viewer acting as `username`, to set up data through the use cases directly.
async fn acting(app: &TestApp, username: &str) -> Viewer {
    use ensemble_app::rows::{accounts, actors};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let identity =
        actors::Entity::find().filter(actors::Column::Username.eq(username)).one(&app.app.db).await.unwrap().unwrap();
    let account = accounts::Entity::find_by_id(identity.account_id.unwrap()).one(&app.app.db).await.unwrap().unwrap();
    Viewer { token_hash: String::new(), account, identity }
}

/// Creates an event as `username` through the use case (faster than the form, for bulk).
async fn organise(app: &TestApp, username: &str, title: &str, adjust: impl FnOnce(&mut EventForm)) -> String {
    let start = chrono::Utc::now() + chrono::Duration::days(10);
    let mut form = EventForm {
        title: title.into(),
        start_date: start.format("%Y-%m-%d").to_string(),
        start_time: "18:00".into(),
        time_zone: "Europe/Paris".into(),
        place_name: "La Cantine".into(),
        locality: "Nantes".into(),
        comments_enabled: true,
        publish: true,
        ..Default::default()
    };
    adjust(&mut form);
    let viewer = acting(app, username).await;
    ensemble_app::events::create_event(&app.app, &viewer, &mut form).await.unwrap().uuid.to_string()
}

/// The short form, as Narcisse fills it in.
const SHORT: &[(&str, &str)] = &[
    ("title", "Surprise party for Lou"),
    ("start_date", "2030-06-20"),
    ("start_time", "19:30"),
    ("time_zone", "Europe/Paris"),
    ("place_name", "Chez Narcisse"),
    ("street", "12 rue des Lilas"),
    ("postal_code", "44000"),
    ("locality", "Nantes"),
    ("description", "Shh! *Bring a cake.*"),
    ("comments_enabled", "1"),
];

/// `SHORT` with some fields replaced or added.
fn with<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> =
        SHORT.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).copied().collect();
    fields.extend(changes.iter().copied());
    fields
}

async fn submit(browser: &Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    browser.post_multipart(path, fields, vec![]).await
}

/// The UUID in an event page's address.
fn uuid_of(location: &str) -> String {
    location.trim_start_matches("/events/").to_owned()
}

fn json_ld(page: &Page) -> Value {
    let html = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let script = html.select(&selector).next().expect("a JSON-LD block");
    let text: String = script.text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{}", page.body))
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 77]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    out
}

#[tokio::test]
async fn narcisse_creates_an_event_with_the_short_form() {
    let app = TestApp::spawn().await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let form = narcisse.get("/events/new").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.h1(), "New event");
    assert_eq!(form.attr("#time_zone option[selected]", "value").as_deref(), Some("Europe/Paris"));
    assert!(form.has("details.event-form__more:not([open])"), "the rest is folded away");
    assert!(form.has("details.event-form__more select[name=category] option[value=PARTY]"));
    assert_eq!(form.texts("select[name=category] option").len(), 30);
    assert!(form.has("button[name=publish]") && form.has("button[name=draft]"));
    // Visitors are sent to log in.
    assert_eq!(app.browser().get("/events/new").await.location().as_deref(), Some("/login"));

    let created = submit(&narcisse, "/events/new", &with(&[("publish", "1"), ("anonymous_participation", "1")])).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let path = created.location().unwrap();
    let page = narcisse.follow(created).await;
    assert_eq!(page.notice().as_deref(), Some("The event is published."));
    assert_eq!(page.h1(), "Surprise party for Lou");
    assert_eq!(page.text(".event-start").as_deref(), Some("Thursday 20 June 2030, 19:30"));
    assert!(page.text(".event-zone").unwrap().contains("Europe/Paris (CEST)"));
    assert!(page.body.contains("<em>Bring a cake.</em>"));
    assert_eq!(page.text(".event-place").as_deref(), Some("Chez Narcisse 12 rue des Lilas 44000 Nantes"));
    assert_eq!(
        page.attr("a.event-map-link", "href").as_deref(),
        Some("https://www.openstreetmap.org/search?query=12%20rue%20des%20Lilas%2C%2044000%20Nantes")
    );
    assert_eq!(page.attr(".event-organiser a", "href").as_deref(), Some("/@narcisse"));
    assert!(page.text(".event-organiser").unwrap().contains("@narcisse@"));
    assert_eq!(page.attr(".event-role", "data-role").as_deref(), Some("creator"));
    assert!(!page.has(&format!("form[action='{path}/leave']")), "the creator cannot leave");
    for tool in ["edit", "duplicate", "participants", "delete"] {
        assert!(page.has(&format!(".event-tools a[href='{path}/{tool}']")), "{tool}");
    }
    assert!(page.has(&format!("a[href='{path}/export/ics']")));
    assert_eq!(page.text(".event-going").as_deref(), Some("One person is going"));

    // A visitor: the page, a log-in link and the form to take part without an account.
    let visitor = app.browser().get(&path).await;
    assert_eq!(visitor.status, 200);
    assert!(visitor.has("a.event-login[href='/login']"));
    assert!(visitor.has(&format!("form.event-anonymous[action='{path}/join/anonymous'] input[name=email]")));
    assert!(!visitor.has(".event-tools"));
    assert!(visitor.headers.get("x-robots-tag").is_none(), "public pages are indexed");

    // Another account: a join form with its identity chosen, and a message.
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    let other = camille.get(&path).await;
    assert_eq!(
        other
            .attr(&format!("form.event-join[action='{path}/join'] select[name=username] option[selected]"), "value")
            .as_deref(),
        Some("camille")
    );
    assert!(other.has("form.event-join textarea[name=message]"));
    assert!(!other.has(".event-tools"));
    assert_eq!(camille.get(&format!("{path}/edit")).await.status, 403);
    assert_eq!(camille.get(&format!("{path}/delete")).await.status, 403);

    // Listed.
    let list = app.browser().get("/events").await;
    assert_eq!(list.texts(".event-card__title").first().map(String::as_str), Some("Surprise party for Lou"));
    assert_eq!(list.text(".event-card__badge").as_deref(), Some("20 Jun"));
}

#[tokio::test]
async fn drafts_are_seen_by_their_organiser_only_until_published() {
    let app = TestApp::spawn().await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let saved = submit(&narcisse, "/events/new", &with(&[("draft", "1")])).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let path = saved.location().unwrap();
    let page = narcisse.follow(saved).await;
    assert_eq!(page.notice().as_deref(), Some("Draft saved. Only you can see it until you publish it."));
    assert!(page.has(".event-status--draft"));
    assert!(page.has(&format!("form[action='{path}/publish'] button")));
    assert_eq!(page.headers.get("x-robots-tag").unwrap(), "noindex");

    let camille = signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(app.browser().get(&path).await.status, 404, "not found, not forbidden");
    assert_eq!(camille.get(&path).await.status, 404);
    assert_eq!(camille.get(&format!("{path}/edit")).await.status, 404);
    assert_eq!(camille.post(&format!("{path}/publish"), &[]).await.status, 404);
    assert!(!app.browser().get("/events").await.body.contains("Surprise party"));
    let mine = narcisse.get("/events/me").await;
    assert_eq!(mine.texts(".my-events-drafts .event-card__title"), vec!["Surprise party for Lou"]);
    assert!(mine.text(".my-events-drafts .event-card").unwrap().contains("Organised as @narcisse"));

    let published = narcisse.post(&format!("{path}/publish"), &[]).await;
    assert_eq!(published.location().as_deref(), Some(path.as_str()));
    assert_eq!(narcisse.follow(published).await.notice().as_deref(), Some("The event is published."));
    assert_eq!(camille.get(&path).await.status, 200);
    assert!(app.browser().get("/events").await.body.contains("Surprise party"));
    assert!(!narcisse.get("/events/me").await.has(".my-events-drafts"));
}

#[tokio::test]
async fn edit_duplicate_and_delete() {
    let app = TestApp::spawn().await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let created = submit(&narcisse, "/events/new", &with(&[("publish", "1"), ("tags", "birthday, cake")])).await;
    let path = created.location().unwrap();

    let form = narcisse.get(&format!("{path}/edit")).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.value("title").as_deref(), Some("Surprise party for Lou"));
    assert_eq!(form.value("start_date").as_deref(), Some("2030-06-20"));
    assert_eq!(form.value("start_time").as_deref(), Some("19:30"));
    assert_eq!(form.value("tags").as_deref(), Some("birthday, cake"));
    assert_eq!(form.attr("#time_zone option[selected]", "value").as_deref(), Some("Europe/Paris"));
    assert!(!form.has("button[name=draft]"), "a published event is saved, not unpublished");

    let saved = submit(
        &narcisse,
        &format!("{path}/edit"),
        &with(&[("title", "Lou turns 30"), ("publish", "1"), ("status", "tentative"), ("capacity", "12")]),
    )
    .await;
    assert_eq!(saved.location().as_deref(), Some(path.as_str()), "{}", saved.body);
    let page = narcisse.follow(saved).await;
    assert_eq!(page.notice().as_deref(), Some("Event saved."));
    assert_eq!(page.h1(), "Lou turns 30");
    assert!(page.has(".event-header .event-badge--tentative"));

    // Duplicate: the new-event form, filled in, as a draft.
    let copy = narcisse.get(&format!("{path}/duplicate")).await;
    assert_eq!(copy.status, 200);
    assert_eq!(copy.h1(), "Copy of \"Lou turns 30\"");
    assert_eq!(copy.attr("form.event-form", "action").as_deref(), Some("/events/new"));
    assert_eq!(copy.value("title").as_deref(), Some("Lou turns 30"));
    assert_eq!(copy.value("capacity").as_deref(), Some("12"));
    assert_eq!(copy.attr("#status option[selected]", "value").as_deref(), Some("tentative"));
    let copied = submit(&narcisse, "/events/new", &with(&[("title", "Lou turns 30"), ("draft", "1")])).await;
    let copy_path = copied.location().unwrap();
    assert_ne!(copy_path, path);
    assert!(narcisse.get(&copy_path).await.has(".event-status--draft"));

    // Delete, after a confirmation page.
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(camille.post(&format!("{path}/delete"), &[]).await.status, 403);
    let confirm = narcisse.get(&format!("{path}/delete")).await;
    assert_eq!(confirm.h1(), "Delete \"Lou turns 30\"?");
    assert!(confirm.has(&format!("form[action='{path}/delete'] button.btn-danger")));
    let deleted = narcisse.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(deleted.location().as_deref(), Some("/events/me"));
    assert_eq!(narcisse.follow(deleted).await.notice().as_deref(), Some("The event is deleted."));
    // Its address says it is gone, to everyone, rather than that it never was.
    let gone = app.browser().get(&path).await;
    assert_eq!(gone.status, 410);
    assert!(gone.h1().contains("Gone"), "{}", gone.body);
    assert_eq!(narcisse.get(&path).await.status, 410);
}

/// Fields changed from the short form.
type Changes<'a> = Vec<(&'a str, &'a str)>;

/// Every mistake comes back with its message under its field, and everything typed kept.
#[tokio::test]
async fn bad_input_keeps_the_whole_form() {
    let app = TestApp::spawn_with(|s| s.uploads.max_banner_bytes = 20_000).await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let cases: Vec<(Changes, &str, &str)> = vec![
        (vec![("end_date", "2030-06-19"), ("end_time", "10:00")], "end_date", "The end comes before the start."),
        (vec![("time_zone", "Mars/Olympus")], "time_zone", "This time zone is unknown. Choose one from the list."),
        (vec![("start_date", "2030-03-31"), ("start_time", "02:30")], "start_date", "the clocks change"),
        (vec![("start_date", "2030-02-30")], "start_date", "This date or time does not exist."),
        (vec![("title", "ab")], "title", "This is too short."),
        (vec![("online_url", "meet me online")], "online_url", "This is not a web address."),
        (vec![("ticket_url", "javascript:alert(1)")], "ticket_url", "This is not a web address."),
        (vec![("capacity", "lots")], "capacity", "The number of places must be a whole number"),
        (vec![("latitude", "123"), ("longitude", "2")], "latitude", "Give both latitude"),
        (vec![("join_mode", "external")], "external_url", "Give the address of the registration page."),
        (vec![("tags", "a<b")], "tags", "A tag is made of letters"),
    ];
    for (changes, field, message) in cases {
        let mut fields = with(&changes);
        fields.push(("publish", "1"));
        let page = submit(&narcisse, "/events/new", &fields).await;
        assert_eq!(page.status, 422, "{field}: {}", page.body);
        let error = page.field_error(field).unwrap_or_else(|| panic!("no error under {field}"));
        assert!(error.contains(message), "{field}: {error}");
        assert!(page.has(&format!("#form-errors a[href='#{field}']")), "{field}: summary");
        for (name, value) in &fields {
            if ["publish", "comments_enabled", "time_zone", "join_mode", "description"].contains(name) {
                continue;
            }
            assert_eq!(page.value(name).as_deref(), Some(*value), "{field}: {name} kept");
        }
        assert_eq!(page.value("description").as_deref(), Some("Shh! *Bring a cake.*"));
        let zone = fields.iter().find(|(k, _)| *k == "time_zone").unwrap().1;
        assert_eq!(page.attr("#time_zone option[selected]", "value").as_deref(), Some(zone), "{field}");
        assert!(page.has("#comments_enabled[checked]"), "{field}: checkbox kept");
        let folded = ["title", "start_date", "end_date", "time_zone", "online_url"].contains(&field);
        assert_eq!(page.has("details.event-form__more[open]"), !folded, "{field}: more options open when needed");
    }

    // Pictures: not an image, and too large.
    let text_file = narcisse
        .post_multipart("/events/new", &with(&[("publish", "1")]), vec![("banner", "notes.txt", b"hello".to_vec())])
        .await;
    assert_eq!(text_file.status, 422);
    assert!(text_file.field_error("banner").unwrap().contains("not an image"));
    assert!(text_file.has("details.event-form__more[open]"));
    assert_eq!(text_file.value("title").as_deref(), Some("Surprise party for Lou"));
    let huge = narcisse
        .post_multipart("/events/new", &with(&[("publish", "1")]), vec![("banner", "big.jpg", jpeg(1600, 1200))])
        .await;
    assert_eq!(huge.status, 422);
    assert!(huge.field_error("banner").unwrap().contains("too large"));
    assert!(narcisse.get("/events/me").await.has(".empty-state"), "nothing was created");

    // A good picture sent with a mistake elsewhere is kept: the form shows it and sends it back.
    let mistake = narcisse
        .post_multipart(
            "/events/new",
            &with(&[("title", "ab"), ("publish", "1")]),
            vec![("banner", "banner.jpg", jpeg(300, 100))],
        )
        .await;
    assert_eq!(mistake.status, 422);
    let kept = mistake.value("kept_banner").expect("the picture is kept");
    assert_eq!(mistake.attr("img.banner", "src"), Some(format!("/media/{kept}")));
    let mut fields = with(&[("publish", "1")]);
    fields.push(("kept_banner", &kept));
    let path = submit(&narcisse, "/events/new", &fields).await.location().unwrap();
    assert_eq!(app.browser().get(&path).await.attr("img.banner", "src"), Some(format!("/media/{kept}")));
    // Only a picture we stored can be named: a made-up name is no banner.
    let mut fields = with(&[("publish", "1")]);
    let forged = format!("{}.jpg", "0".repeat(64));
    fields.push(("kept_banner", &forged));
    let path = submit(&narcisse, "/events/new", &fields).await.location().unwrap();
    assert!(!app.browser().get(&path).await.has("img.banner"));

    // On edit: fewer places than people already taking one.
    let path = submit(&narcisse, "/events/new", &with(&[("publish", "1")])).await.location().unwrap();
    let uuid = uuid_of(&path);
    for (email, name) in [("a@example.org", "alix"), ("b@example.org", "basile")] {
        signed_up(&app, email, name).await;
        let viewer = acting(&app, name).await;
        ensemble_app::participations::join_event(&app.app, &viewer, &uuid, "", "").await.unwrap();
    }
    let refused =
        submit(&narcisse, &format!("{path}/edit"), &with(&[("capacity", "1"), ("title", "Lou's party")])).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.field_error("capacity").as_deref(), Some("More people already have a place than this number."));
    assert_eq!(refused.value("capacity").as_deref(), Some("1"));
    assert_eq!(refused.value("title").as_deref(), Some("Lou's party"));
    assert_eq!(narcisse.get(&path).await.h1(), "Surprise party for Lou", "nothing changed");

    // In French too.
    let french = app.browser().speaking("fr");
    log_in(&french, "narcisse@example.org", PASSWORD).await;
    french.post("/account/language", &[("locale", "fr")]).await;
    let refused = submit(&french, "/events/new", &with(&[("end_date", "2030-06-19"), ("publish", "1")])).await;
    assert_eq!(refused.field_error("end_date").as_deref(), Some("La fin est avant le début."));
    assert_eq!(refused.h1(), "Nouvel événement");
}

#[tokio::test]
async fn a_start_in_the_past_needs_a_confirmation() {
    let app = TestApp::spawn().await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let fields = with(&[("start_date", "2020-01-10"), ("publish", "1")]);
    let warned = submit(&narcisse, "/events/new", &fields).await;
    assert_eq!(warned.status, 200);
    assert!(warned.text("#past-warning").unwrap().contains("starts in the past"));
    assert!(warned.has("#past_ok[type=checkbox]:not([checked])"));
    assert_eq!(warned.value("start_date").as_deref(), Some("2020-01-10"));
    assert_eq!(warned.value("title").as_deref(), Some("Surprise party for Lou"));
    assert!(narcisse.get("/events/me").await.has(".empty-state"), "not created yet");

    let mut confirmed = fields.clone();
    confirmed.push(("past_ok", "1"));
    let created = submit(&narcisse, "/events/new", &confirmed).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let page = narcisse.follow(created).await;
    assert_eq!(page.text(".event-status--past").as_deref(), Some("This event is over."));
    assert!(page.has(".event-header .event-badge--past"));
    // Past events are not upcoming, and are listed as past on "my events".
    assert!(!app.browser().get("/events").await.body.contains("Surprise party"));
    let mine = narcisse.get("/events/me").await;
    assert_eq!(mine.texts(".my-events-past .event-card__title"), vec!["Surprise party for Lou"]);
    // Nobody can join an event that is over.
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    let other = camille.get(&page_path(&page)).await;
    assert!(!other.has("form.event-join"));
    assert_eq!(other.text(".event-closed").as_deref(), Some("The event is over."));
}

fn page_path(page: &Page) -> String {
    let canonical = page.attr("link[rel=canonical]", "href").unwrap();
    format!("/events/{}", canonical.rsplit('/').next().unwrap())
}

#[tokio::test]
async fn the_listing_pages_through_public_upcoming_events_only() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    for i in 1..=13 {
        let day = (chrono::Utc::now() + chrono::Duration::days(i)).format("%Y-%m-%d").to_string();
        organise(&app, "rose", &format!("Public meeting {i:02}"), |f| f.start_date = day).await;
    }
    organise(&app, "rose", "Unlisted picnic", |f| f.visibility = "unlisted".into()).await;
    organise(&app, "rose", "Private dinner", |f| f.visibility = "private".into()).await;
    organise(&app, "rose", "Draft concert", |f| f.publish = false).await;
    organise(&app, "rose", "Old fair", |f| f.start_date = "2021-05-01".into()).await;

    let visitor = app.browser();
    let first = visitor.get("/events").await;
    assert_eq!(first.status, 200);
    let titles = first.texts(".event-list .event-card__title");
    assert_eq!(titles.len(), 12);
    assert_eq!(titles[0], "Public meeting 01");
    assert_eq!(titles[11], "Public meeting 12");
    assert_eq!(first.attr("nav.pager a[rel=next]", "href").as_deref(), Some("/events?page=2"));
    assert!(!first.has("nav.pager a[rel=prev]"));
    let second = visitor.get("/events?page=2").await;
    assert_eq!(second.texts(".event-list .event-card__title"), vec!["Public meeting 13"]);
    assert_eq!(second.attr("nav.pager a[rel=prev]", "href").as_deref(), Some("/events"));
    assert!(!second.has("nav.pager a[rel=next]"));
    assert!(second.text("nav.pager [aria-current=page]").unwrap().contains("Page 2"));
    for page in [&first, &second] {
        for hidden in ["Unlisted picnic", "Private dinner", "Draft concert", "Old fair"] {
            assert!(!page.body.contains(hidden), "{hidden} is listed");
        }
    }
    let beyond = visitor.get("/events?page=40").await;
    assert!(beyond.has(".empty-state a[href='/events']"));
    assert_eq!(visitor.get("/events?page=nonsense").await.texts(".event-card__title").len(), 12);
}

#[tokio::test]
async fn the_calendar_puts_each_event_on_its_own_local_day() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let set = |date: &str, time: &str, zone: &str| {
        let (date, time, zone) = (date.to_owned(), time.to_owned(), zone.to_owned());
        move |f: &mut EventForm| {
            f.start_date = date;
            f.start_time = time;
            f.time_zone = zone;
        }
    };
    organise(&app, "rose", "New Year's Eve in Paris", set("2030-12-31", "23:30", "Europe/Paris")).await;
    organise(&app, "rose", "Réveillon à Montréal", set("2030-12-31", "23:00", "America/Montreal")).await;
    organise(&app, "rose", "Summer in Auckland", set("2030-12-01", "00:30", "Pacific/Auckland")).await;
    organise(&app, "rose", "Cancelled ball", |f| {
        set("2030-12-15", "20:00", "Europe/Paris")(f);
        f.status = "cancelled".into();
    })
    .await;
    organise(&app, "rose", "Secret santa", |f| {
        set("2030-12-20", "20:00", "Europe/Paris")(f);
        f.visibility = "private".into();
    })
    .await;

    let visitor = app.browser();
    let december = visitor.get("/events/calendar?month=2030-12").await;
    assert_eq!(december.status, 200);
    assert_eq!(december.text("table.calendar caption").as_deref(), Some("December 2030"));
    assert_eq!(december.texts("table.calendar thead th[scope=col]").len(), 7);
    assert_eq!(december.attr("table.calendar thead th abbr", "title").as_deref(), Some("Monday"));
    let last = december.text("td[data-date='2030-12-31']").unwrap();
    assert!(last.contains("Tuesday 31 December 2030"), "{last}");
    assert!(last.contains("23:30 New Year's Eve in Paris"), "{last}");
    assert!(last.contains("23:00 Réveillon à Montréal"), "{last}");
    assert!(december.text("td[data-date='2030-12-01']").unwrap().contains("00:30 Summer in Auckland"));
    assert!(!december.body.contains("Cancelled ball") && !december.body.contains("Secret santa"));
    assert_eq!(december.attr("a[rel=prev]", "href").as_deref(), Some("/events/calendar?month=2030-11"));
    assert_eq!(december.attr("a[rel=next]", "href").as_deref(), Some("/events/calendar?month=2031-01"));
    // 1 December 2030 is a Sunday: the grid starts on Monday 25 November.
    assert_eq!(december.texts("table.calendar tbody tr").len(), 6);
    assert!(december.has("table.calendar tbody tr:first-child td:nth-child(7)[data-date='2030-12-01']"));

    let january = visitor.get("/events/calendar?month=2031-01").await;
    assert!(!january.body.contains("Réveillon"), "in its own zone it is still 31 December");
    let november = visitor.get("/events/calendar?month=2030-11").await;
    assert!(!november.body.contains("Auckland"));
    assert!(november.has(".empty-state"));
    assert_eq!(visitor.get("/events/calendar").await.status, 200);
    assert_eq!(visitor.get("/events/calendar?month=2030-13").await.status, 404);
    assert_eq!(visitor.get("/events/calendar?month=soon").await.status, 404);
    let french = app.browser().speaking("fr").get("/events/calendar?month=2030-12").await;
    assert_eq!(french.text("table.calendar caption").as_deref(), Some("Décembre 2030"));
    assert!(french.text("td[data-date='2030-12-31']").unwrap().contains("mardi 31 décembre 2030"));
}

#[tokio::test]
async fn the_event_page_has_metadata_for_search_engines_and_sharing() {
    let app = TestApp::spawn().await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    let winter = rose
        .post_multipart(
            "/events/new",
            &with(&[
                ("title", "Fun </script><script>alert(1)</script> & games"),
                ("start_date", "2030-01-15"),
                ("end_date", "2030-01-15"),
                ("end_time", "22:00"),
                ("latitude", "48.8566"),
                ("longitude", "2.3522"),
                ("online_url", "https://meet.example/room"),
                ("country", "France"),
                ("publish", "1"),
            ]),
            vec![("banner", "banner.jpg", jpeg(900, 300))],
        )
        .await;
    assert_eq!(winter.status, 303, "{}", winter.body);
    let path = winter.location().unwrap();
    let page = app.browser().get(&path).await;
    assert!(!page.body.contains("</script><script>alert"), "the title is escaped everywhere");
    assert!(page.body.contains(r#""name":"Fun <\/script><script>alert(1)<\/script> & games""#));
    let url = format!("{}{path}", app.base_url);
    assert_eq!(page.attr("link[rel=canonical]", "href").as_deref(), Some(url.as_str()));
    assert_eq!(page.attr("meta[property='og:type']", "content").as_deref(), Some("website"));
    assert_eq!(page.attr("meta[property='og:url']", "content").as_deref(), Some(url.as_str()));
    assert_eq!(
        page.attr("meta[property='og:title']", "content").as_deref(),
        Some("Fun </script><script>alert(1)</script> & games")
    );
    let description = page.attr("meta[property='og:description']", "content").unwrap();
    assert!(description.starts_with("Tuesday 15 January 2030, 19:30"), "{description}");
    assert!(description.contains("Shh! Bring a cake."), "plain text: {description}");
    let image = page.attr("meta[property='og:image']", "content").unwrap();
    assert!(image.starts_with(&format!("{}/media/", app.base_url)), "{image}");
    assert!(page.attr("img.banner", "src").unwrap().starts_with("/media/"));

    let ld = json_ld(&page);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["name"], "Fun </script><script>alert(1)</script> & games");
    assert_eq!(ld["startDate"], "2030-01-15T19:30:00+01:00");
    assert_eq!(ld["endDate"], "2030-01-15T22:00:00+01:00");
    assert_eq!(ld["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(ld["eventAttendanceMode"], "https://schema.org/MixedEventAttendanceMode");
    assert_eq!(ld["url"], url.as_str());
    assert_eq!(ld["location"][0]["@type"], "Place");
    assert_eq!(ld["location"][0]["address"]["@type"], "PostalAddress");
    assert_eq!(ld["location"][0]["address"]["addressLocality"], "Nantes");
    assert_eq!(ld["location"][0]["address"]["addressCountry"], "France");
    assert!(ld["location"][0]["address"].get("addressRegion").is_none(), "no empty fields");
    assert_eq!(ld["location"][0]["geo"]["latitude"], 48.8566);
    assert_eq!(ld["location"][1]["@type"], "VirtualLocation");
    assert_eq!(ld["location"][1]["url"], "https://meet.example/room");
    assert_eq!(ld["organizer"]["@type"], "Person");
    assert_eq!(ld["organizer"]["url"], format!("{}/@rose", app.base_url).as_str());
    assert_eq!(ld["image"][0], image.as_str());
    assert_eq!(ld["description"], "Shh! Bring a cake.");
    assert_eq!(
        page.attr("a.event-map-link", "href").as_deref(),
        Some("https://www.openstreetmap.org/?mlat=48.8566&mlon=2.3522#map=17/48.8566/2.3522")
    );
    assert_eq!(page.text(".event-start").as_deref(), Some("Tuesday 15 January 2030, 19:30"));
    assert_eq!(page.text(".event-end").as_deref(), Some("22:00"), "same day: the end's time only");
    assert!(page.text(".event-zone").unwrap().contains("Europe/Paris (CET)"));
    assert_eq!(page.attr("a.event-online-link", "href").as_deref(), Some("https://meet.example/room"));

    // Summer time, online only, cancelled, unlisted.
    let summer = organise(&app, "rose", "Online summer meeting", |f| {
        f.start_date = "2030-07-15".into();
        f.start_time = "09:00".into();
        f.place_name = String::new();
        f.locality = String::new();
        f.online_url = "https://meet.example/summer".into();
        f.status = "cancelled".into();
        f.visibility = "unlisted".into();
    })
    .await;
    let page = app.browser().get(&format!("/events/{summer}")).await;
    let ld = json_ld(&page);
    assert_eq!(ld["startDate"], "2030-07-15T09:00:00+02:00");
    assert_eq!(ld["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(ld["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
    assert_eq!(ld["location"]["@type"], "VirtualLocation");
    assert!(ld.get("image").is_none());
    assert!(!page.has("meta[property='og:image']"));
    assert_eq!(page.headers.get("x-robots-tag").unwrap(), "noindex");
    assert!(page.text(".event-status--cancelled").unwrap().contains("This event is cancelled."));
    assert!(page.has(".event-header .event-badge--cancelled"));
    assert_eq!(
        page.text(".event-closed").as_deref(),
        Some("The event is cancelled: it is no longer possible to join it.")
    );
    assert!(!page.has("form.event-anonymous"));

    // The reader's language.
    let french = app.browser().speaking("fr").get(&path).await;
    assert_eq!(french.text(".event-start").as_deref(), Some("mardi 15 janvier 2030, 19:30"));
    assert_eq!(french.text(".event-map-link").as_deref(), Some("Voir sur OpenStreetMap"));
}

#[tokio::test]
async fn sharing_by_mail_and_on_a_fediverse_server() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let uuid = organise(&app, "rose", "Fête des voisins", |_| {}).await;
    let path = format!("/events/{uuid}");
    let url = format!("{}{path}", app.base_url);
    let visitor = app.browser();
    let page = visitor.get(&path).await;
    assert_eq!(page.attr("#share-url", "value").as_deref(), Some(url.as_str()));
    assert!(page.has("#share-url[readonly]") && page.has("label[for=share-url]"));
    let mailto = page.attr("a.event-share-mail", "href").unwrap();
    assert!(mailto.starts_with("mailto:?subject=F%C3%AAte%20des%20voisins&body=http"), "{mailto}");
    assert!(page.has(&format!("form.event-share-fediverse[method=get][action='{path}/share'] input[name=instance]")));

    for typed in ["mastodon.social", "https://mastodon.social/", "@rose@mastodon.social"] {
        let shared = visitor.get(&format!("{path}/share?instance={}", typed.replace('@', "%40"))).await;
        assert_eq!(shared.status, 303, "{typed}");
        let location = shared.location().unwrap();
        assert!(
            location.starts_with("https://mastodon.social/share?text=F%C3%AAte%20des%20voisins%20http"),
            "{location}"
        );
        assert!(location.ends_with(&uuid));
    }
    for bad in ["", "localhost", "10.0.0.1", "evil.example%2Fx%3Fy", "a%20b.example"] {
        let refused = visitor.get(&format!("{path}/share?instance={bad}")).await;
        assert_eq!(refused.status, 422, "{bad}");
        assert!(refused.field_error("instance").unwrap().contains("mastodon.social"));
        assert_eq!(refused.h1(), "Fête des voisins");
    }
    let private = organise(&app, "rose", "Private", |f| f.visibility = "private".into()).await;
    assert_eq!(visitor.get(&format!("/events/{private}/share?instance=mastodon.social")).await.status, 404);
}

#[tokio::test]
async fn private_events_are_seen_by_the_identity_that_takes_part_only() {
    let app = TestApp::spawn().await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    let created = submit(&rose, "/events/new", &with(&[("visibility", "private"), ("publish", "1")])).await;
    let path = created.location().unwrap();
    assert_eq!(rose.get(&path).await.status, 200);
    assert_eq!(rose.get(&path).await.headers.get("x-robots-tag").unwrap(), "noindex");
    assert_eq!(app.browser().get(&path).await.status, 404);
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(camille.get(&path).await.status, 404);
    assert!(!app.browser().get("/events").await.body.contains("Surprise party"));
    assert!(!app.browser().get("/events/calendar?month=2030-06").await.body.contains("Surprise party"));

    // Rose's other identity is someone else: it does not take part, so it does not see it.
    rose.post_multipart("/identities/new", &[("username", "rose_family")], vec![]).await;
    rose.post("/identity/switch", &[("username", "rose_family"), ("back", "/")]).await;
    assert_eq!(acting_as(&rose).await.as_deref(), Some("rose_family"));
    assert_eq!(rose.get(&path).await.status, 404);
    assert_eq!(rose.get(&format!("{path}/edit")).await.status, 404);
    rose.post("/identity/switch", &[("username", "rose"), ("back", "/")]).await;
    assert_eq!(rose.get(&path).await.status, 200);
}

#[tokio::test]
async fn my_events_are_grouped_by_identity() {
    let app = TestApp::spawn().await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    rose.post_multipart("/identities/new", &[("username", "rose_family"), ("display_name", "Rosie")], vec![]).await;
    signed_up(&app, "camille@example.org", "camille").await;
    organise(&app, "rose", "Climate march", |_| {}).await;
    organise(&app, "rose_family", "Family lunch", |_| {}).await;
    organise(&app, "rose_family", "Cousins' weekend", |f| f.publish = false).await;
    let choir = organise(&app, "camille", "Choir rehearsal", |_| {}).await;
    let family = acting(&app, "rose_family").await;
    ensemble_app::participations::join_event(&app.app, &family, &choir, "", "").await.unwrap();
    organise(&app, "camille", "Someone else's party", |_| {}).await;

    let mine = rose.get("/events/me").await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.h1(), "My events");
    let section = |username: &str| format!("section.my-events-identity[data-username={username}]");
    assert_eq!(mine.texts(&format!("{} .event-card__title", section("rose"))), vec!["Climate march"]);
    assert!(mine.text(&format!("{} .event-card", section("rose"))).unwrap().contains("Organiser"));
    assert!(mine.text(&format!("{} h2", section("rose"))).unwrap().contains("Acting as"));
    let family_titles = mine.texts(&format!("{} .event-card__title", section("rose_family")));
    assert_eq!(family_titles.len(), 2);
    assert!(
        family_titles.contains(&"Family lunch".to_owned()) && family_titles.contains(&"Choir rehearsal".to_owned())
    );
    assert!(mine.text(&format!("{} h2", section("rose_family"))).unwrap().contains("Rosie"));
    assert!(mine.body.contains("Taking part"));
    assert_eq!(mine.texts(".my-events-drafts .event-card__title"), vec!["Cousins' weekend"]);
    assert!(mine.text(".my-events-drafts .event-card").unwrap().contains("Organised as Rosie"));
    assert!(!mine.body.contains("Someone else's party"));
    assert_eq!(app.browser().get("/events/me").await.location().as_deref(), Some("/login"));
}

#[tokio::test]
async fn external_registration_and_full_events() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let external = organise(&app, "rose", "Big conference", |f| {
        f.join_mode = "external".into();
        f.external_url = "https://tickets.example/conf".into();
    })
    .await;
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    let page = camille.get(&format!("/events/{external}")).await;
    assert_eq!(page.attr("a.event-external", "href").as_deref(), Some("https://tickets.example/conf"));
    assert!(!page.has("form.event-join"));

    let small = organise(&app, "rose", "Tiny workshop", |f| {
        f.capacity = "1".into();
        f.show_remaining = true;
    })
    .await;
    let path = format!("/events/{small}");
    assert_eq!(camille.get(&path).await.text(".event-remaining").as_deref(), Some("one place left"));
    let viewer = acting(&app, "camille").await;
    ensemble_app::participations::join_event(&app.app, &viewer, &small, "", "").await.unwrap();
    let joined = camille.get(&path).await;
    assert_eq!(joined.attr(".event-role", "data-role").as_deref(), Some("participant"));
    assert_eq!(joined.text(".event-role").as_deref(), Some("You are taking part."));
    assert!(joined.has(&format!("form[action='{path}/leave'] button")));
    assert_eq!(joined.text(".event-going").as_deref(), Some("2 people are going"));
    assert_eq!(joined.text(".event-remaining").as_deref(), Some("no place left"));
    let basile = signed_up(&app, "basile@example.org", "basile").await;
    let full = basile.get(&path).await;
    assert!(full.text("form.event-join").unwrap().contains("you will be on the waiting list"));
}

/// The event pages keep the rules every page keeps: one `h1`, labelled controls, nothing
/// loaded from elsewhere, no untranslated message.
#[tokio::test]
async fn event_pages_are_self_contained_labelled_and_translated() {
    let app = TestApp::spawn().await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    let uuid = organise(&app, "rose", "Repair café", |f| {
        f.description = "Bring what is broken.".into();
        f.accessibility = vec!["wheelchair".into(), "quiet-space".into()];
        f.price = "Free".into();
        f.ticket_url = "https://tickets.example/".into();
        f.livestream_url = "https://live.example/".into();
        f.language = "fr".into();
        f.tags = "repair, zero-waste".into();
        f.anonymous_participation = true;
    })
    .await;
    let event = format!("/events/{uuid}");
    let visitor = app.browser();
    let mut organiser_paths: Vec<String> =
        ["/events", "/events/calendar", "/events/new", "/events/me"].into_iter().map(String::from).collect();
    organiser_paths.extend([
        event.clone(),
        format!("{event}/edit"),
        format!("{event}/delete"),
        format!("{event}/duplicate"),
    ]);
    let visitor_paths = vec!["/events".to_owned(), "/events/calendar?month=2030-06".to_owned(), event.clone()];
    for (browser, paths) in [(&rose, organiser_paths), (&visitor, visitor_paths)] {
        for language in ["en", "fr"] {
            if language == "fr" {
                browser.post("/language", &[("locale", "fr"), ("back", "/")]).await;
                browser.post("/account/language", &[("locale", "fr")]).await;
            }
            for path in &paths {
                let page = browser.get(path).await;
                assert_eq!(page.status, 200, "{path}");
                assert_eq!(page.texts("h1").len(), 1, "{path}: one h1");
                let html = scraper::Html::parse_document(&page.body);
                for attr in ["src", "href"] {
                    let selector =
                        scraper::Selector::parse(&format!("link[{attr}], script[{attr}], img[{attr}]")).unwrap();
                    for element in html.select(&selector) {
                        let value = element.value().attr(attr).unwrap();
                        assert!(value.starts_with('/') || value.starts_with(&app.base_url), "{path}: external {value}");
                    }
                }
                let controls = scraper::Selector::parse(
                    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea",
                )
                .unwrap();
                for control in html.select(&controls) {
                    let id = control.value().attr("id").unwrap_or_else(|| panic!("{path}: control without id"));
                    assert!(page.has(&format!("label[for='{id}']")), "{path}: no label for #{id}");
                }
                let text = page.text("main").unwrap();
                for prefix in ["event-", "events-", "calendar-", "my-events-", "category-", "accessibility-", "error-"]
                {
                    assert!(
                        !text.split_whitespace().any(|w| w.starts_with(prefix)),
                        "{path} ({language}): untranslated {prefix}… in {text}"
                    );
                }
            }
        }
    }
    let page = app.browser().get(&event).await;
    assert_eq!(page.texts(".event-practical li"), vec!["Wheelchair accessible", "Quiet space"]);
    assert_eq!(page.texts(".event-tags li"), vec!["#repair", "#zero-waste"]);
    assert_eq!(page.attr(".event-description", "lang").as_deref(), Some("fr"));
}

#[tokio::test]
async fn visitors_share_a_cached_page_each_with_their_own_form_token() {
    let app = TestApp::spawn_with(|s| s.events.visitor_cache_seconds = 300).await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let created = submit(&narcisse, "/events/new", &with(&[("publish", "1"), ("anonymous_participation", "1")])).await;
    let path = created.location().unwrap();

    let (rose, lou) = (app.browser(), app.browser());
    let first = rose.get(&path).await;
    let second = lou.get(&path).await;
    let (rose_token, lou_token) = (first.csrf().unwrap(), second.csrf().unwrap());
    assert_ne!(rose_token, lou_token, "each visitor has a token of their own");
    assert_eq!(first.body.replace(&rose_token, "T"), second.body.replace(&lou_token, "T"));
    assert_eq!(first.headers.get("content-security-policy"), second.headers.get("content-security-policy"));

    // A change that does not go through this node's pages shows to visitors only later...
    app.sql("UPDATE events SET title = 'Changed behind the cache'").await;
    assert_eq!(lou.get(&path).await.h1(), "Surprise party for Lou");
    // ...but never to people logged in, who are not served from the cache.
    assert_eq!(narcisse.get(&path).await.h1(), "Changed behind the cache");

    // A visitor's form works with the token spliced into the cached page.
    let joined = lou
        .post_raw(
            &format!("{path}/join/anonymous"),
            &[("csrf", &lou_token), ("email", "lou@example.org"), ("message", "")],
        )
        .await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    app.run_jobs().await;
    assert_eq!(app.mails_to("lou@example.org").len(), 1, "the confirmation mail went out");
    // And any change made through this node empties the cache.
    assert_eq!(rose.get(&path).await.h1(), "Changed behind the cache");
    // A page in another language is another page.
    let french = app.browser().speaking("fr").get(&path).await;
    assert!(french.body.contains("lang=\"fr\""), "{}", french.body);
}

#[tokio::test]
async fn times_are_also_shown_in_the_viewers_time_zone() {
    let app = TestApp::spawn().await;
    let narcisse = signed_up(&app, "narcisse@example.org", "narcisse").await;
    let created = submit(&narcisse, "/events/new", &with(&[("publish", "1")])).await;
    let path = created.location().unwrap();
    assert!(!narcisse.get(&path).await.has(".event-your-time"), "no zone chosen: the event's only");

    let settings = narcisse.get("/account").await;
    assert!(settings.has("select#time_zone option[value='']"));
    let saved = narcisse.post("/account/time-zone", &[("time_zone", "America/New_York")]).await;
    assert_eq!(saved.status, 303);
    assert_eq!(
        narcisse.follow(saved).await.attr("#time_zone option[selected]", "value").as_deref(),
        Some("America/New_York")
    );
    // 19:30 in Paris on 20 June 2030 (CEST, +2) is 13:30 in New York (EDT, -4).
    let page = narcisse.get(&path).await;
    assert_eq!(page.text(".event-start").as_deref(), Some("Thursday 20 June 2030, 19:30"));
    assert_eq!(
        page.text(".event-your-time").as_deref(),
        Some("Your time (America/New_York): Thursday 20 June 2030, 13:30")
    );

    // A zone whose clock shows the same time adds nothing.
    narcisse.post("/account/time-zone", &[("time_zone", "Europe/Berlin")]).await;
    assert!(!narcisse.get(&path).await.has(".event-your-time"));

    let refused = narcisse.post("/account/time-zone", &[("time_zone", "Mars/Olympus")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.text("#time_zone-error").is_some());
    narcisse.post("/account/time-zone", &[("time_zone", "")]).await;
    assert!(!narcisse.get(&path).await.has(".event-your-time"));
}
