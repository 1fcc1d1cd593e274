use crate::helpers::*;
use ensemble_test_support::TestApp;

#[tokio::test]
async fn comments_replies_edits_and_deletions() {
    let app = TestApp::spawn().await;
    let organizer = signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |_| {}).await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    let page = format!("/events/{event}");

    let empty = rose.post(&format!("/events/{event}/comments"), &[("body", "   ")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.field_error("body").is_some());
    assert_eq!(rose.post(&format!("/events/{event}/comments"), &[("body", "Hello, I'm *Rose*.")]).await.status, 303);
    let shown = rose.get(&page).await;
    let id = shown.attr("#comments li.card", "id").unwrap().trim_start_matches("comment-").to_owned();
    assert!(shown.text(&format!("#comment-{id}")).unwrap().contains("Hello, I'm Rose"));
    assert!(shown.body.contains("<em>Rose</em>"));
    // When, in the reader's language and the event's zone (publish_event uses Europe/Paris).
    let datetime = shown.attr(&format!("#comment-{id} time"), "datetime").unwrap();
    let written = chrono::DateTime::parse_from_rfc3339(&datetime).unwrap();
    assert!((chrono::Utc::now() - written.to_utc()).num_minutes().abs() < 5);
    assert!(datetime.ends_with("+01:00") || datetime.ends_with("+02:00"), "{datetime}");
    let when = shown.text(&format!("#comment-{id} time")).unwrap();
    assert!(when.ends_with("CET") || when.ends_with("CEST"), "{when}");
    assert!(when.contains(&written.format("%Y, %H:%M").to_string()), "{when}");

    // A reply to a reply joins the thread: one level deep.
    organizer.post(&format!("/events/{event}/comments"), &[("body", "Welcome!"), ("parent", &id)]).await;
    let reply_id =
        organizer.get(&page).await.attr(".replies li", "id").unwrap().trim_start_matches("comment-").to_owned();
    rose.post(&format!("/events/{event}/comments"), &[("body", "Thanks"), ("parent", &reply_id)]).await;
    let threaded = app.browser().get(&page).await;
    assert_eq!(threaded.texts("#comments > ol > li").len(), 1);
    assert_eq!(threaded.texts(".replies > li").len(), 2);
    assert_eq!(
        app.browser().get(&format!("/comments/{id}")).await.location(),
        Some(format!("/events/{event}#comment-{id}"))
    );

    // Only the author edits; the author or an organiser deletes; the thread keeps its place.
    let camille = signed_up(&app, "camille@example.org", "camille").await;
    assert_eq!(camille.post(&format!("/comments/{id}/edit"), &[("body", "hacked")]).await.status, 403);
    assert_eq!(camille.post(&format!("/comments/{id}/delete"), &[]).await.status, 403);
    assert_eq!(
        rose.post(&format!("/comments/{id}/edit"), &[("body", "Hello, I'm Rose, Narcisse's daughter.")]).await.status,
        303
    );
    assert!(app.browser().get(&page).await.body.contains("Narcisse"));
    assert_eq!(organizer.post(&format!("/comments/{id}/delete"), &[]).await.status, 303);
    let after = app.browser().get(&page).await;
    assert!(after.text(&format!("#comment-{id}")).unwrap().contains("This comment was deleted."));
    assert!(!after.body.contains("Narcisse's daughter"));
    assert_eq!(after.texts(".replies > li").len(), 2);
}

#[tokio::test]
async fn organisers_close_comments_and_send_announcements() {
    let app = TestApp::spawn().await;
    let organizer = signed_up(&app, "orga@example.org", "organizer").await;
    let event = publish_event(&app, "organizer", |f| f.anonymous_participation = true).await;
    let rose = signed_up(&app, "rose@example.org", "rose").await;
    rose.post(&format!("/events/{event}/join"), &[]).await;
    let visitor = app.browser();
    visitor.post(&format!("/events/{event}/join/anonymous"), &[("email", "anon@example.org")]).await;
    let confirm = app.mail_with("anon@example.org", "/confirm/").await;
    visitor.post(&confirm.link_path(), &[]).await;

    // Participants cannot announce; organisers can, and everyone taking part gets the mail.
    assert_eq!(
        rose.post(&format!("/events/{event}/comments"), &[("body", "Fake news"), ("announcement", "1")]).await.status,
        403
    );
    let sent = organizer
        .post(
            &format!("/events/{event}/comments"),
            &[("body", "The meeting point moves to the north gate."), ("announcement", "1")],
        )
        .await;
    assert_eq!(sent.status, 303);
    let to_rose = app.mail_with("rose@example.org", "north gate").await;
    assert!(to_rose.subject.contains("News about"));
    let to_anonymous = app.mail_with("anon@example.org", "north gate").await;
    assert!(to_anonymous.text.contains("/cancel/"), "mails to anonymous participants can cancel");
    let page = app.browser().get(&format!("/events/{event}")).await;
    assert!(page.text("#comments .alert-info").unwrap().contains("north gate"));

    // Closed comments: participants cannot write; organisers still can.
    assert_eq!(rose.post(&format!("/events/{event}/comments/settings"), &[("open", "0")]).await.status, 403);
    assert_eq!(organizer.post(&format!("/events/{event}/comments/settings"), &[("open", "0")]).await.status, 303);
    assert_eq!(rose.post(&format!("/events/{event}/comments"), &[("body", "Hello?")]).await.status, 403);
    assert!(rose.get(&format!("/events/{event}")).await.body.contains("Comments are closed."));
    assert_eq!(organizer.post(&format!("/events/{event}/comments"), &[("body", "Last words.")]).await.status, 303);
}
