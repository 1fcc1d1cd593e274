use crate::helpers::*;
use ensemble_test_support::TestApp;
use sea_orm::EntityTrait;

async fn role_of(app: &TestApp, event: &str, username: &str) -> Option<String> {
    let viewer = viewer_of(app, "organizer").await;
    let (_, rows) = ensemble_app::participations::participants(&app.app, &viewer, event, None).await.unwrap();
    rows.into_iter().find(|p| p.identity.as_ref().is_some_and(|a| a.username == username)).map(|p| p.participation.role)
}

#[tokio::test]
async fn join_with_a_chosen_identity_and_leave() {
    let app = TestApp::spawn().await;
    signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |_| {}).await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    rose.post_multipart("/identities/new", &[("username", "rose_family")], vec![]).await;

    let joined =
        rose.post(&format!("/events/{event}/join"), &[("username", "rose_family"), ("message", "Hello!")]).await;
    assert_eq!(joined.location().as_deref(), Some(format!("/events/{event}").as_str()));
    assert_eq!(role_of(&app, &event, "rose_family").await.as_deref(), Some("participant"));
    assert_eq!(role_of(&app, &event, "rose").await, None, "only the chosen identity takes part");

    let again = rose.post(&format!("/events/{event}/join"), &[("username", "rose_family")]).await;
    assert_eq!(again.status, 409);
    assert!(again.text("p.lead").unwrap().contains("already taking part"));
    // Someone else's identity cannot be used.
    assert_eq!(rose.post(&format!("/events/{event}/join"), &[("username", "organizer")]).await.status, 404);

    rose.post("/identity/switch", &[("username", "rose_family"), ("back", "/")]).await;
    let left = rose.post(&format!("/events/{event}/leave"), &[]).await;
    assert_eq!(left.status, 303);
    assert_eq!(role_of(&app, &event, "rose_family").await, None);
    // The creator cannot leave their own event.
    let organizer = app.browser();
    log_in(&organizer, "orga@example.org", PASSWORD).await;
    assert_eq!(organizer.post(&format!("/events/{event}/leave"), &[]).await.status, 403);
}

#[tokio::test]
async fn a_full_event_fills_its_waitlist_first_come_first_served() {
    let app = TestApp::spawn().await;
    signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.capacity = "1".into()).await;
    let alice = signed_up(&app, "alice@example.org", "alice").await;
    let bob = signed_up(&app, "bob@example.org", "bob").await;
    let carol = signed_up(&app, "carol@example.org", "carol").await;
    for browser in [&alice, &bob, &carol] {
        assert_eq!(browser.post(&format!("/events/{event}/join"), &[]).await.status, 303);
    }
    assert_eq!(role_of(&app, &event, "alice").await.as_deref(), Some("participant"));
    assert_eq!(role_of(&app, &event, "bob").await.as_deref(), Some("waitlisted"));
    assert_eq!(role_of(&app, &event, "carol").await.as_deref(), Some("waitlisted"));

    alice.post(&format!("/events/{event}/leave"), &[]).await;
    assert_eq!(role_of(&app, &event, "bob").await.as_deref(), Some("participant"), "the first in line gets the place");
    assert_eq!(role_of(&app, &event, "carol").await.as_deref(), Some("waitlisted"));
    let mail = app.mail_with("bob@example.org", "freed up").await;
    assert!(mail.subject.contains("More trees, less ads!"));
    assert!(app.mails_to("carol@example.org").iter().all(|m| !m.text.contains("freed up")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_joins_never_exceed_capacity() {
    use ensemble_domain::participation::ParticipantRole;
    let app = TestApp::spawn().await;
    signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.capacity = "3".into()).await;
    let mut handles = Vec::new();
    for i in 0..10 {
        let name = format!("p{i}");
        ensemble_app::accounts::admin::create_user(
            &app.app,
            &format!("{name}@example.org"),
            &name,
            Some(PASSWORD),
            ensemble_domain::Role::User,
        )
        .await
        .unwrap();
        let (viewer, core, event) = (viewer_of(&app, &name).await, app.app.clone(), event.clone());
        handles.push(async move { ensemble_app::participations::join_event(&core, &viewer, &event, "", "").await });
    }
    let tasks: Vec<_> = handles.into_iter().map(tokio::spawn).collect();
    let mut roles = Vec::new();
    for task in tasks {
        roles.push(task.await.unwrap().unwrap());
    }
    assert_eq!(roles.iter().filter(|r| **r == ParticipantRole::Participant).count(), 3, "{roles:?}");
    assert_eq!(roles.iter().filter(|r| **r == ParticipantRole::Waitlisted).count(), 7, "{roles:?}");
}

#[tokio::test]
async fn approval_required_with_decisions_by_mail() {
    let app = TestApp::spawn().await;
    let organizer = signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.join_mode = "restricted".into()).await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    let asked = rose.post(&format!("/events/{event}/join"), &[("message", "I'm Narcisse's daughter")]).await;
    assert_eq!(asked.status, 303);
    camille.post(&format!("/events/{event}/join"), &[]).await;
    assert_eq!(role_of(&app, &event, "rose").await.as_deref(), Some("pending"));

    // Only organisers see and manage participants.
    assert_eq!(rose.get(&format!("/events/{event}/participants")).await.status, 403);
    assert_eq!(app.browser().get(&format!("/events/{event}/participants")).await.location().as_deref(), Some("/login"));
    let list = organizer.get(&format!("/events/{event}/participants?role=pending")).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.texts("tbody tr").len(), 2);
    assert!(list.text("tbody").unwrap().contains("Narcisse's daughter"));
    let rose_id = list.attr("tbody tr:first-child input[name=ids]", "value").unwrap();
    let camille_id = list.attr("tbody tr:nth-child(2) input[name=ids]", "value").unwrap();

    let approved = organizer
        .post(
            &format!("/events/{event}/participants"),
            &[("ids", rose_id.as_str()), ("decision", "approve"), ("note", "")],
        )
        .await;
    assert_eq!(approved.status, 303);
    organizer
        .post(
            &format!("/events/{event}/participants"),
            &[("ids", camille_id.as_str()), ("decision", "reject"), ("note", "Family only, sorry.")],
        )
        .await;
    assert_eq!(role_of(&app, &event, "rose").await.as_deref(), Some("participant"));
    assert_eq!(role_of(&app, &event, "camille").await.as_deref(), Some("rejected"));
    app.mail_with("rose@example.org", "accepted your request").await;
    let declined = app.mail_with("camille@example.org", "could not accept").await;
    assert!(declined.text.contains("Family only, sorry."));

    // Co-organisers manage too.
    organizer
        .post(&format!("/events/{event}/participants"), &[("ids", rose_id.as_str()), ("decision", "promote")])
        .await;
    assert_eq!(role_of(&app, &event, "rose").await.as_deref(), Some("co-organizer"));
    assert_eq!(rose.get(&format!("/events/{event}/participants")).await.status, 200);

    let csv = organizer.get(&format!("/events/{event}/participants.csv")).await;
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.body.contains("\"rose@"), "{}", csv.body);
    assert!(!csv.body.contains("\"'"), "nothing needed defusing: {}", csv.body);
    assert!(csv.body.lines().count() >= 4);
}

#[tokio::test]
async fn joining_refused_for_cancelled_external_and_invite_only_events() {
    let app = TestApp::spawn().await;
    signed_up(&app, "orga@example.org", "organizer").await;
    let cancelled = publish_event(&app, "organizer", |f| f.status = "cancelled".into()).await;
    let external = publish_event(&app, "organizer", |f| {
        f.join_mode = "external".into();
        f.external_url = "https://tickets.example/karate".into();
    })
    .await;
    let invite = publish_event(&app, "organizer", |f| f.join_mode = "invite".into()).await;
    let past = publish_event(&app, "organizer", |f| {
        f.start_date = (chrono::Utc::now() - chrono::Duration::days(3)).format("%Y-%m-%d").to_string()
    })
    .await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    for (event, words) in [(cancelled, "cancelled"), (external, "another site"), (invite, "invitation"), (past, "over")]
    {
        let page = rose.post(&format!("/events/{event}/join"), &[]).await;
        assert_eq!(page.status, 409, "{words}");
        assert!(page.text("p.lead").unwrap().contains(words), "{words}: {:?}", page.text("p.lead"));
    }
}

#[tokio::test]
async fn anonymous_participation_by_mail_with_cancel_link() {
    let app = TestApp::spawn().await;
    signed_up(&app, "narcisse@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.anonymous_participation = true).await;
    let rose = app.browser();
    let form = rose.get(&format!("/events/{event}/join/anonymous")).await;
    assert_eq!(form.status, 200);
    let bad =
        rose.post(&format!("/events/{event}/join/anonymous"), &[("email", "not-an-address"), ("message", "Hi")]).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.value("message").as_deref(), Some("Hi"));
    assert!(bad.field_error("email").is_some());

    let sent = rose
        .post(&format!("/events/{event}/join/anonymous"), &[("email", "rose.throwaway@example.org"), ("message", "Hi")])
        .await;
    assert_eq!(sent.status, 200);
    assert_eq!(
        ensemble_app::events::event_for(&app.app, None, &event).await.unwrap().going,
        1,
        "not counted before confirmation"
    );
    let mail = app.mail_with("rose.throwaway@example.org", "/confirm/").await;
    assert!(mail.text.contains("/cancel/"), "every mail can cancel");
    // The same address again is the same participation; the mail is sent again.
    let again = rose.post(&format!("/events/{event}/join/anonymous"), &[("email", "Rose.Throwaway@example.org")]).await;
    assert_eq!(again.status, 200, "{}", again.body);
    app.run_jobs().await;
    let jobs = ensemble_app::rows::jobs::Entity::find().all(&app.app.db).await.unwrap();
    assert!(jobs.is_empty(), "{jobs:#?}");
    assert_eq!(app.mails_to("rose.throwaway@example.org").len(), 2, "{:#?}", app.mails());

    assert!(rose.get(&mail.link_path()).await.has("form button[type=submit]"));
    let confirmed = rose.post(&mail.link_path(), &[]).await;
    assert_eq!(confirmed.location().as_deref(), Some(format!("/events/{event}").as_str()));
    assert_eq!(ensemble_app::events::event_for(&app.app, None, &event).await.unwrap().going, 2);
    assert_eq!(rose.post(&mail.link_path(), &[]).await.status, 303, "a second click changes nothing");

    // The address never shows, not even to the organisers.
    let organizer = app.browser();
    log_in(&organizer, "narcisse@example.org", PASSWORD).await;
    let list = organizer.get(&format!("/events/{event}/participants")).await;
    assert!(list.body.contains("Participant without an account"));
    assert!(!list.body.contains("throwaway"));
    assert!(!organizer.get(&format!("/events/{event}/participants.csv")).await.body.contains("throwaway"));

    // Cancel from the mail, without logging in; a forged link does nothing.
    let cancel = mail.text.split_whitespace().find(|w| w.contains("/cancel/")).unwrap();
    let cancel_path = url::Url::parse(cancel).unwrap().path().to_owned();
    let forged = cancel_path.rsplit_once('/').unwrap().0.to_owned() + "/forged";
    assert_eq!(app.browser().post(&forged, &[]).await.status, 410);
    assert_eq!(app.browser().get(&cancel_path).await.status, 200);
    let done = app.browser().post(&cancel_path, &[]).await;
    assert_eq!(done.status, 303);
    assert_eq!(ensemble_app::events::event_for(&app.app, None, &event).await.unwrap().going, 1);
    assert_eq!(app.browser().get(&cancel_path).await.status, 410, "the link is spent");
}

#[tokio::test]
async fn anonymous_participation_only_where_allowed() {
    let app = TestApp::spawn_with(|s| s.events.anonymous_participation = false).await;
    signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.anonymous_participation = true).await;
    // As if the event had been made before the administrator turned the setting off.
    app.sql("UPDATE events SET anonymous_participation = true").await;
    let page = app.browser().post(&format!("/events/{event}/join/anonymous"), &[("email", "rose@example.org")]).await;
    assert_eq!(page.status, 409);
    let shown = app.browser().get(&format!("/events/{event}")).await;
    assert!(shown.status == 200 && !shown.has("form[action$='/join/anonymous']"), "{}", shown.body);
    // Other servers are told so too.
    let document = activity_json(&format!("{}/events/{event}", app.base_url)).await;
    assert_eq!(document["anonymousParticipationEnabled"], false);
    let other = TestApp::spawn().await;
    signed_up(&other, "orga@example.org", "organizer").await;
    let closed = publish_event(&other, "organizer", |f| f.anonymous_participation = false).await;
    assert_eq!(
        other
            .browser()
            .post(&format!("/events/{closed}/join/anonymous"), &[("email", "rose@example.org")])
            .await
            .status,
        409
    );
}

#[tokio::test]
async fn invitations_open_private_and_invite_only_events() {
    let app = TestApp::spawn().await;
    let organizer = signed_up(&app, "narcisse@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| {
        f.title = "Surprise birthday".into();
        f.visibility = "private".into();
        f.join_mode = "invite".into();
    })
    .await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    assert!(
        ensemble_app::events::event_for(&app.app, Some(&viewer_of(&app, "rose").await), &event).await.is_err(),
        "private before the invitation"
    );

    let unknown = organizer.post(&format!("/events/{event}/invitations"), &[("username", "nobody")]).await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.field_error("username").unwrap().contains("No identity"));
    assert_eq!(unknown.attr("#username", "value").as_deref(), Some("nobody"));
    let invited = organizer.post(&format!("/events/{event}/invitations"), &[("username", "@Rose")]).await;
    assert_eq!(invited.status, 303);
    let mail = app.mail_with("rose@example.org", "invited you").await;
    assert!(mail.subject.contains("Surprise birthday"));
    assert_eq!(role_of(&app, &event, "rose").await.as_deref(), Some("invited"));

    assert_eq!(rose.post(&format!("/events/{event}/join"), &[]).await.status, 303);
    assert_eq!(role_of(&app, &event, "rose").await.as_deref(), Some("participant"));
    // Others still cannot join, nor see it.
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(camille.post(&format!("/events/{event}/join"), &[]).await.status, 404);
}

#[tokio::test]
async fn unconfirmed_participations_expire_with_their_link() {
    let app = TestApp::spawn().await;
    signed_up(&app, "narcisse@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.anonymous_participation = true).await;
    let rose = app.browser();
    let sent = rose.post(&format!("/events/{event}/join/anonymous"), &[("email", "rose@example.org")]).await;
    assert_eq!(sent.status, 200);
    let lou = app.browser();
    lou.post(&format!("/events/{event}/join/anonymous"), &[("email", "lou@example.org")]).await;
    let mail = app.mail_with("rose@example.org", "/confirm/").await;

    // Rose's request is a week and a day old; Lou's is fresh.
    app.sql(&format!(
        "UPDATE participations SET created_at = '{}' WHERE email = 'rose@example.org'",
        (chrono::Utc::now() - chrono::Duration::days(8)).format("%Y-%m-%d %H:%M:%S+00:00")
    ))
    .await;
    let swept = ensemble_app::housekeeping::sweep(&app.app, chrono::Utc::now()).await.unwrap();
    assert_eq!(swept.unconfirmed, 1);
    assert_eq!(rose.post(&mail.link_path(), &[]).await.status, 410, "the confirmation link has expired");
    let lou_mail = app.mail_with("lou@example.org", "/confirm/").await;
    assert_eq!(lou.post(&lou_mail.link_path(), &[]).await.status, 303);
}
