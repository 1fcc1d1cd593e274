//! Remote events and cross-instance participation, between two instances on loopback:
//! A (Camille) looks up the events of B (the sensei), joins them with `Join`, and hears the
//! answer (`Accept`, `Reject`); B applies its own rules (approval, capacity) to remote people.

use crate::helpers::*;
use ensemble_app::participations::{self, Decision};
use ensemble_app::rows::{events, participations as participation_rows};
use ensemble_test_support::{Browser, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// The karate course on B; returns its UUID there.
async fn karate(b: &TestApp, join_mode: &str, capacity: &str) -> String {
    let (join_mode, capacity) = (join_mode.to_owned(), capacity.to_owned());
    publish_event(b, "sensei", |f| {
        f.title = "Karate course".into();
        f.join_mode = join_mode;
        f.capacity = capacity;
    })
    .await
}

/// Looks `query` up on A through the search box; returns the local path it leads to.
async fn look_up(browser: &Browser, query: &str) -> String {
    let page = browser.get(&format!("/search?q={}", urlencoding(query))).await;
    assert_eq!(page.status, 303, "{}", page.body);
    page.location().expect("a redirect")
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The role of the participation of the actor `ap_id` in the event `event_ap_id`, on `app`.
async fn role(app: &TestApp, event_ap_id: &str, ap_id: &str) -> Option<String> {
    let event = events::Entity::find().filter(events::Column::ApId.eq(event_ap_id)).one(&app.app.db).await.unwrap()?;
    let actor = ensemble_app::remote::actor_by_ap_id(&app.app, ap_id).await.unwrap()?;
    participation_rows::Entity::find()
        .filter(participation_rows::Column::EventId.eq(event.id))
        .filter(participation_rows::Column::ActorId.eq(actor.id))
        .one(&app.app.db)
        .await
        .unwrap()
        .map(|p| p.role)
}

/// Lets both instances deliver what they queued, back and forth.
async fn exchange(a: &TestApp, b: &TestApp) {
    for _ in 0..2 {
        a.run_deliveries().await;
        b.run_deliveries().await;
    }
}

#[tokio::test]
async fn remote_events_camille_registers_for_a_course_that_needs_approval() {
    let (a, camille, b) = instances().await;
    let course = karate(&b, "restricted", "").await;
    let course_id = format!("{}/events/{course}", b.base_url);
    let camille_id = format!("{}/@camille", a.base_url);

    let path = look_up(&camille, &course_id).await;
    let page = camille.get(&path).await;
    assert_eq!(page.status, 200);
    let host = b.base_url.trim_start_matches("http://");
    assert!(page.body.contains(&format!("From {host}")), "{}", page.body);
    assert!(page.body.contains("Karate course"));

    let joined = camille.post(&format!("{path}/join"), &[("message", "White belt, keen")]).await;
    assert_eq!(joined.status, 303, "{}", joined.body);
    assert_eq!(role(&a, &course_id, &camille_id).await.as_deref(), Some("pending"));
    exchange(&a, &b).await;
    assert_eq!(role(&b, &course_id, &camille_id).await.as_deref(), Some("pending"), "B waits for the sensei");
    assert_eq!(role(&a, &course_id, &camille_id).await.as_deref(), Some("pending"));

    // Another server cannot answer for the course's.
    let join_id = participation_rows::Entity::find()
        .filter(participation_rows::Column::JoinApId.is_not_null())
        .one(&a.app.db)
        .await
        .unwrap()
        .and_then(|p| p.join_ap_id)
        .unwrap();
    let c = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    signed_up(&c, "mallory@example.org", "mallory").await;
    let forged = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/accept/1", c.base_url),
        "type": "Accept",
        "actor": format!("{}/@mallory", c.base_url),
        "object": join_id,
    });
    let reply = c.signed_post("mallory", &format!("{}/inbox", a.base_url), &forged.to_string()).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(reply.body.contains("not allowed for this actor"), "{}", reply.body);
    assert_eq!(role(&a, &course_id, &camille_id).await.as_deref(), Some("pending"));

    let sensei_browser = b.browser();
    log_in(&sensei_browser, "sensei@example.org", PASSWORD).await;
    let list = sensei_browser.get(&format!("/events/{course}/participants")).await;
    assert!(list.body.contains(&format!("@camille@{}", a.base_url.trim_start_matches("http://"))), "{}", list.body);
    let sensei = viewer_of(&b, "sensei").await;
    let (_, rows) = participations::participants(&b.app, &sensei, &course, None).await.unwrap();
    let request = rows.iter().find(|p| p.identity.as_ref().is_some_and(|i| i.ap_id == camille_id)).unwrap();
    assert_eq!(request.participation.message, "White belt, keen");
    let id = request.participation.uuid;
    participations::decide(&b.app, &sensei, &course, &[id], Decision::Approve, "").await.unwrap();
    assert_eq!(role(&b, &course_id, &camille_id).await.as_deref(), Some("participant"));
    exchange(&a, &b).await;

    assert_eq!(role(&a, &course_id, &camille_id).await.as_deref(), Some("participant"));
    let page = camille.get(&path).await;
    assert!(page.body.contains("You are taking part."), "{}", page.body);
    let mail = a.mail_with("camille@example.org", "accepted your request").await;
    assert!(mail.subject.contains("Karate course"), "{}", mail.subject);

    // The course moves a day later: the Update reaches Camille's instance, her place kept.
    let details = ensemble_app::events::event_for(&b.app, Some(&sensei), &course).await.unwrap();
    let mut form = ensemble_app::events::form_of(&details);
    let day = chrono::NaiveDate::parse_from_str(&form.start_date, "%Y-%m-%d").unwrap() + chrono::Duration::days(1);
    form.start_date = day.format("%Y-%m-%d").to_string();
    let later = ensemble_app::events::update_event(&b.app, &sensei, &course, &mut form).await.unwrap().starts_at;
    assert_ne!(later, details.event.starts_at);
    b.run_jobs().await;
    exchange(&a, &b).await;
    let here =
        events::Entity::find().filter(events::Column::ApId.eq(&course_id)).one(&a.app.db).await.unwrap().unwrap();
    assert_eq!(here.starts_at, later);
    assert_eq!(role(&a, &course_id, &camille_id).await.as_deref(), Some("participant"));
}

#[tokio::test]
async fn remote_events_a_free_event_accepts_at_once_and_leave_frees_the_place() {
    let (a, camille, b) = instances().await;
    let dominique = signed_up(&a, "dominique@example.org", "dominique").await;
    let course = karate(&b, "free", "1").await;
    let course_id = format!("{}/events/{course}", b.base_url);
    let camille_id = format!("{}/@camille", a.base_url);
    let dominique_id = format!("{}/@dominique", a.base_url);

    let path = look_up(&camille, &course_id).await;
    assert_eq!(camille.post(&format!("{path}/join"), &[]).await.status, 303);
    exchange(&a, &b).await;
    assert_eq!(role(&b, &course_id, &camille_id).await.as_deref(), Some("participant"));
    assert_eq!(role(&a, &course_id, &camille_id).await.as_deref(), Some("participant"));

    // One place: Dominique is refused, and not put on B's waitlist.
    assert_eq!(dominique.post(&format!("{path}/join"), &[]).await.status, 303);
    exchange(&a, &b).await;
    assert_eq!(role(&b, &course_id, &dominique_id).await, None);
    assert_eq!(role(&a, &course_id, &dominique_id).await.as_deref(), Some("rejected"));

    // Camille leaves: B frees her place.
    assert_eq!(camille.post(&format!("{path}/leave"), &[]).await.status, 303);
    assert_eq!(role(&a, &course_id, &camille_id).await, None);
    exchange(&a, &b).await;
    assert_eq!(role(&b, &course_id, &camille_id).await, None);
    let details = ensemble_app::events::event_for(&b.app, None, &course).await.unwrap();
    assert_eq!(details.remaining, Some(1));
}

#[tokio::test]
async fn remote_events_lookup_of_a_person_by_handle() {
    let (a, camille, b) = instances().await;
    let host = b.base_url.trim_start_matches("http://");
    let page = camille.get(&format!("/search?q={}", urlencoding(&format!("@sensei@{host}")))).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&format!("@sensei@{host}")), "{}", page.body);
    let stored = ensemble_app::remote::actor_by_ap_id(&a.app, &format!("{}/@sensei", b.base_url)).await.unwrap();
    assert!(stored.is_some_and(|s| s.domain.as_deref() == Some(host)));

    // An address of this instance opens its page.
    signed_up(&a, "local@example.org", "local").await;
    let here = publish_event(&a, "local", |_| {}).await;
    assert_eq!(look_up(&camille, &format!("{}/events/{here}", a.base_url)).await, format!("/events/{here}"));

    // Not an address, nothing there, and visitors are sent to log in.
    assert_eq!(camille.get("/search?q=karate").await.status, 422);
    let missing = camille.get(&format!("/search?q={}", urlencoding(&format!("@nobody@{host}")))).await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("Nothing was found"), "{}", missing.body);
    let visitor = a.browser().get("/search?q=x").await;
    assert_ne!(visitor.status, 200);
}

#[tokio::test]
async fn remote_events_lookup_refuses_private_addresses_by_default() {
    let a = TestApp::spawn().await;
    let camille = signed_up(&a, "camille@example.org", "camille").await;
    let b = TestApp::spawn().await;
    signed_up(&b, "sensei@example.org", "sensei").await;
    let course = karate(&b, "free", "").await;
    let page = camille.get(&format!("/search?q={}", urlencoding(&format!("{}/events/{course}", b.base_url)))).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("not allowed"), "{}", page.body);
    assert!(
        events::Entity::find().filter(events::Column::Domain.is_not_null()).one(&a.app.db).await.unwrap().is_none()
    );
}

#[tokio::test]
async fn remote_events_a_mobilizon_join_of_a_local_event_is_processed() {
    let (a, _, b) = instances().await;
    signed_up(&a, "sensei@example.org", "organizer").await;
    let event = publish_event(&a, "organizer", |f| f.join_mode = "restricted".into()).await;
    let event_id = format!("{}/events/{event}", a.base_url);
    signed_up(&b, "bob@example.org", "bob").await;
    let bob = format!("{}/@bob", b.base_url);

    // Mobilizon's documented Join, re-addressed to these two instances.
    let fixture = include_str!("../../../activitypub/tests/fixtures/mobilizon/docs-join-participation-message.json");
    let mut join: Value = serde_json::from_str(fixture).unwrap();
    join["id"] = json!(format!("{}/join/event/1", b.base_url));
    join["actor"] = json!(bob);
    join["object"] = json!(event_id);
    let reply = b.signed_post("bob", &format!("{}/inbox", a.base_url), &join.to_string()).await;
    assert_eq!(reply.status, 202, "{}", reply.body);

    let organizer = viewer_of(&a, "organizer").await;
    let (_, rows) = participations::participants(&a.app, &organizer, &event, None).await.unwrap();
    let request = rows.iter().find(|p| p.identity.as_ref().is_some_and(|i| i.ap_id == bob)).unwrap();
    assert_eq!(request.participation.role, "pending");
    assert_eq!(request.participation.message, "I want to join\u{a0}!");
    // The same Join again changes nothing.
    let again = b.signed_post("bob", &format!("{}/inbox", a.base_url), &join.to_string()).await;
    assert_eq!(again.status, 202);
    let (_, rows) = participations::participants(&a.app, &organizer, &event, None).await.unwrap();
    assert_eq!(rows.len(), 2, "the organizer and bob");

    // Undoing the Join is leaving; nobody but bob may undo his Join.
    let undo = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/undo/1", b.base_url),
        "type": "Undo",
        "actor": bob,
        "object": join,
    });
    signed_up(&b, "mallory@example.org", "mallory").await;
    let mut forged = undo.clone();
    forged["id"] = json!(format!("{}/undo/2", b.base_url));
    forged["actor"] = json!(format!("{}/@mallory", b.base_url));
    let refused = b.signed_post("mallory", &format!("{}/inbox", a.base_url), &forged.to_string()).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let reply = b.signed_post("bob", &format!("{}/inbox", a.base_url), &undo.to_string()).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    let (_, rows) = participations::participants(&a.app, &organizer, &event, None).await.unwrap();
    assert_eq!(rows.len(), 1, "bob left");

    // A Join undone by its id alone, as some software sends it.
    join["id"] = json!(format!("{}/join/event/2", b.base_url));
    assert_eq!(b.signed_post("bob", &format!("{}/inbox", a.base_url), &join.to_string()).await.status, 202);
    let (_, rows) = participations::participants(&a.app, &organizer, &event, None).await.unwrap();
    assert_eq!(rows.len(), 2, "bob asked again");
    let by_id = |actor: &str, n: u32| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/undo/{n}", b.base_url),
            "type": "Undo",
            "actor": format!("{}/@{actor}", b.base_url),
            "object": join["id"],
        })
        .to_string()
    };
    let refused = b.signed_post("mallory", &format!("{}/inbox", a.base_url), &by_id("mallory", 3)).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let reply = b.signed_post("bob", &format!("{}/inbox", a.base_url), &by_id("bob", 4)).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    let (_, rows) = participations::participants(&a.app, &organizer, &event, None).await.unwrap();
    assert_eq!(rows.len(), 1, "bob left again");
    // An Undo of a Join nobody stored is accepted and ignored.
    let unknown = b.signed_post("bob", &format!("{}/inbox", a.base_url), &by_id("bob", 5)).await;
    assert_eq!(unknown.status, 202);
}
