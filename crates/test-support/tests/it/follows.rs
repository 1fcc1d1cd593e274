//! Instance follows and the event lifecycle between two instances on loopback: A's
//! administrator follows B from the admin page, B accepts at once; B's public events then reach
//! A (Create, Update, Delete) until A unfollows. Unlisted events do not go to followers,
//! non-administrators cannot follow, and an Accept from anyone but the followed actor is ignored.

use crate::helpers::*;
use ensemble_app::events::{delete_event, event_for, form_of, update_event};
use ensemble_app::follows::{self, Admin};
use ensemble_app::remote_events;
use ensemble_app::rows::{deliveries, follows as follow_rows};
use ensemble_domain::Role;
use ensemble_test_support::{Browser, TestApp};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

async fn federating() -> TestApp {
    TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await
}

/// A, whose administrator is logged in, and B, where bob organises events.
async fn instances() -> (TestApp, Browser, TestApp) {
    let a = federating().await;
    let b = federating().await;
    ensemble_app::accounts::admin::create_user(
        &a.app,
        "admin@example.org",
        "admin",
        Some(PASSWORD),
        Role::Administrator,
    )
    .await
    .unwrap();
    let admin = a.browser();
    assert_eq!(log_in(&admin, "admin@example.org", PASSWORD).await.status, 303);
    ensemble_app::accounts::admin::create_user(&b.app, "bob@example.org", "bob", Some(PASSWORD), Role::User)
        .await
        .unwrap();
    (a, admin, b)
}

fn host(app: &TestApp) -> String {
    app.base_url.trim_start_matches("http://").to_owned()
}

fn relay(app: &TestApp) -> String {
    format!("{}/relay", app.base_url)
}

/// The activities queued for delivery, parsed, with their inbox.
async fn queued(app: &TestApp) -> Vec<(String, Value)> {
    deliveries::Entity::find()
        .all(&app.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.inbox_url, serde_json::from_str(&d.activity).unwrap()))
        .collect()
}

/// A follows B through the admin page, and B's acceptance arrives.
async fn follow(a: &TestApp, admin: &Browser, b: &TestApp) {
    let done = admin.post("/admin/federation/follow", &[("actor_url", &relay(b))]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let page = admin.get("/admin/federation").await;
    assert_eq!(page.texts(".follows .follow-state"), ["Waiting for acceptance"]);
    assert!(page.body.contains(&relay(b)));
    let sent = queued(a).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1["type"], "Follow");
    assert_eq!(sent[0].1["actor"], relay(a));
    assert_eq!(sent[0].1["object"], relay(b));
    assert!(relay_collection(a, "following").await.is_empty(), "not accepted yet");

    assert_eq!(a.run_deliveries().await, 1);
    assert!(queued(a).await.is_empty(), "B took the Follow");
    let followers = follows::followers(&b.app, Admin::command_line()).await.unwrap();
    assert_eq!(followers.len(), 1);
    assert_eq!(followers[0].actor_ap_id, relay(a));
    let accept = queued(b).await;
    assert_eq!(accept.len(), 1);
    assert_eq!(accept[0].1["type"], "Accept");
    assert_eq!(accept[0].1["object"]["id"], sent[0].1["id"]);
    assert_eq!(b.run_deliveries().await, 1);
    assert!(queued(b).await.is_empty(), "A took the Accept");
    let page = admin.get("/admin/federation").await;
    assert_eq!(page.texts(".follows .follow-state"), ["Accepted"]);
    // Both instance actors' collections say so.
    assert_eq!(relay_collection(b, "followers").await, [relay(a)]);
    assert_eq!(relay_collection(a, "following").await, [relay(b)]);
}

/// The addresses listed in the first page of one of the instance actor's collections.
async fn relay_collection(app: &TestApp, name: &str) -> Vec<String> {
    let collection = activity_json(&format!("{}/{name}", relay(app))).await;
    assert_eq!(collection["type"], "OrderedCollection");
    let items: Vec<String> = serde_json::from_value(collection["first"]["orderedItems"].clone()).unwrap();
    assert_eq!(collection["totalItems"], items.len());
    items
}

/// Runs B's jobs, and returns the activities they queued, once delivered (to A).
async fn federated(b: &TestApp) -> Vec<(String, Value)> {
    b.run_jobs().await;
    let sent = queued(b).await;
    b.run_deliveries().await;
    assert!(queued(b).await.is_empty(), "A took everything: {sent:?}");
    sent
}

#[tokio::test]
async fn followed_instances_receive_the_lifecycle_of_public_events() {
    let (a, admin, b) = instances().await;
    follow(&a, &admin, &b).await;
    let shared_inbox = format!("{}/inbox", a.base_url);

    let uuid = publish_event(&b, "bob", |_| {}).await;
    let event_id = format!("{}/events/{uuid}", b.base_url);
    let sent = federated(&b).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (inbox, create) = &sent[0];
    assert_eq!(inbox, &shared_inbox);
    assert_eq!(create["type"], "Create");
    assert_eq!(create["actor"], format!("{}/@bob", b.base_url));
    assert_eq!(create["object"]["id"], event_id);
    assert_eq!(create["object"]["type"], "Event");
    assert_eq!(create["to"], json!(["https://www.w3.org/ns/activitystreams#Public"]));
    let stored = remote_events::by_ap_id(&a.app, &event_id).await.unwrap().expect("A stored the event");
    let listing = a.browser().get("/events").await;
    assert!(listing.texts(".event-card__title").contains(&"More trees, less ads!".to_owned()), "{}", listing.body);
    assert_eq!(listing.texts(".event-card__origin"), [format!("From {}", host(&b))]);

    // A date change.
    let bob = viewer_of(&b, "bob").await;
    let mut form = form_of(&event_for(&b.app, Some(&bob), &uuid).await.unwrap());
    let later = chrono::Utc::now() + chrono::Duration::days(30);
    form.start_date = later.format("%Y-%m-%d").to_string();
    update_event(&b.app, &bob, &uuid, &mut form).await.unwrap();
    let sent = federated(&b).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].1["type"], "Update");
    assert_eq!(sent[0].1["object"]["id"], event_id);
    let start = sent[0].1["object"]["startTime"].as_str().unwrap();
    assert!(start.starts_with(&later.format("%Y-%m-%d").to_string()), "{start}");
    assert_ne!(sent[0].1["id"], create["id"], "each activity has its own id");
    let updated = remote_events::by_ap_id(&a.app, &event_id).await.unwrap().unwrap();
    assert_eq!(updated.id, stored.id);
    assert_eq!(updated.starts_at.date_naive(), later.date_naive(), "A has the new date");

    // Unlisted events go to participants only: no remote one here.
    let unlisted = publish_event(&b, "bob", |f| f.visibility = "unlisted".into()).await;
    assert!(federated(&b).await.is_empty(), "unlisted events are not sent to followers");
    delete_event(&b.app, &bob, &unlisted).await.unwrap();
    assert!(federated(&b).await.is_empty());
    // Neither do drafts.
    publish_event(&b, "bob", |f| f.publish = false).await;
    assert!(federated(&b).await.is_empty(), "drafts are not sent");

    delete_event(&b.app, &bob, &uuid).await.unwrap();
    let sent = federated(&b).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, shared_inbox);
    assert_eq!(sent[0].1["type"], "Delete");
    assert_eq!(sent[0].1["actor"], format!("{}/@bob", b.base_url));
    assert_eq!(sent[0].1["object"]["type"], "Tombstone");
    assert_eq!(sent[0].1["object"]["id"], event_id);
    assert_eq!(sent[0].1["object"]["formerType"], "Event");
    assert!(remote_events::by_ap_id(&a.app, &event_id).await.unwrap().is_none(), "A deleted its copy");
    assert!(a.browser().get("/events").await.texts(".event-card__origin").is_empty());
}

#[tokio::test]
async fn events_announced_by_a_followed_instance_are_fetched() {
    let (a, admin, b) = instances().await;
    let c = federating().await;
    follow(&a, &admin, &b).await;
    // Published on B, but its Create is not sent: only the Announce tells A.
    let uuid = publish_event(&b, "bob", |_| {}).await;
    let event_id = format!("{}/events/{uuid}", b.base_url);
    let announce = |from: &TestApp| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/activities/announce", from.base_url),
            "type": "Announce",
            "actor": relay(from),
            "object": event_id,
        })
        .to_string()
    };
    let inbox = format!("{}/inbox", a.base_url);
    // From an instance A does not follow: ignored.
    assert_eq!(c.signed_post("relay", &inbox, &announce(&c)).await.status, 202);
    assert!(remote_events::by_ap_id(&a.app, &event_id).await.unwrap().is_none());
    assert_eq!(b.signed_post("relay", &inbox, &announce(&b)).await.status, 202);
    let stored = remote_events::by_ap_id(&a.app, &event_id).await.unwrap().expect("fetched and stored");
    assert_eq!(stored.title, "More trees, less ads!");
    assert_eq!(stored.domain.as_deref(), Some(host(&b).as_str()));
}

#[tokio::test]
async fn events_of_instances_not_followed_are_ignored() {
    let (a, _, b) = instances().await;
    let uuid = publish_event(&b, "bob", |_| {}).await;
    let event_id = format!("{}/events/{uuid}", b.base_url);
    let document = activity_json(&event_id).await;
    let create = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/create", b.base_url),
        "type": "Create",
        "actor": format!("{}/@bob", b.base_url),
        "object": document,
    });
    let reply = b.signed_post("bob", &format!("{}/inbox", a.base_url), &create.to_string()).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    assert!(remote_events::by_ap_id(&a.app, &event_id).await.unwrap().is_none());
}

#[tokio::test]
async fn unfollowing_stops_the_events() {
    let (a, admin, b) = instances().await;
    follow(&a, &admin, &b).await;
    let page = admin.get("/admin/federation").await;
    let action = page.attr(".follows form", "action").unwrap();
    assert_eq!(admin.post(&action, &[]).await.status, 303);
    assert!(admin.get("/admin/federation").await.texts(".follows .follow-state").is_empty());
    let undo = queued(&a).await;
    assert_eq!(undo.len(), 1);
    assert_eq!(undo[0].1["type"], "Undo");
    assert_eq!(undo[0].1["object"]["type"], "Follow");
    assert_eq!(a.run_deliveries().await, 1);
    assert!(queued(&a).await.is_empty(), "B took the Undo");
    assert!(follows::followers(&b.app, Admin::command_line()).await.unwrap().is_empty());
    assert!(relay_collection(&b, "followers").await.is_empty());
    assert!(relay_collection(&a, "following").await.is_empty());

    publish_event(&b, "bob", |_| {}).await;
    assert!(federated(&b).await.is_empty(), "nothing goes to an instance that stopped following");
}

#[tokio::test]
async fn only_administrators_follow_instances() {
    let (a, _, b) = instances().await;
    let user = signed_up(&a, "rose@example.org", "rose").await;
    let refused = user.post("/admin/federation/follow", &[("actor_url", &relay(&b))]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(user.get("/admin/federation").await.status, 403);
    assert!(follow_rows::Entity::find().all(&a.app.db).await.unwrap().is_empty());
    assert!(queued(&a).await.is_empty());
}

#[tokio::test]
async fn following_a_person_is_refused_with_a_message() {
    let (a, admin, b) = instances().await;
    let page = admin.post("/admin/federation/follow", &[("actor_url", &format!("{}/@bob", b.base_url))]).await;
    assert_eq!(page.status, 422);
    assert!(page.field_error("actor_url").is_some_and(|e| e.contains("not an instance")), "{}", page.body);
    assert_eq!(page.value("actor_url").as_deref(), Some(format!("{}/@bob", b.base_url).as_str()));
    let page = admin.post("/admin/federation/follow", &[("actor_url", "http://127.0.0.1:9/relay")]).await;
    assert_eq!(page.status, 422);
    assert!(page.field_error("actor_url").is_some());
    assert!(follow_rows::Entity::find().all(&a.app.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_accept_from_another_actor_is_ignored() {
    let (a, admin, b) = instances().await;
    let c = federating().await;
    assert_eq!(admin.post("/admin/federation/follow", &[("actor_url", &relay(&b))]).await.status, 303);
    let follow_id = queued(&a).await[0].1["id"].as_str().unwrap().to_owned();
    let forged = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/forged", c.base_url),
        "type": "Accept",
        "actor": relay(&c),
        "object": { "id": follow_id, "type": "Follow", "actor": relay(&a), "object": relay(&b) },
    });
    let reply = c.signed_post("relay", &format!("{}/inbox", a.base_url), &forged.to_string()).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    let page = admin.get("/admin/federation").await;
    assert_eq!(page.texts(".follows .follow-state"), ["Waiting for acceptance"]);
    let rows = follow_rows::Entity::find().all(&a.app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, follows::PENDING);
}

#[tokio::test]
async fn profile_changes_reach_the_instances_that_follow() {
    let (a, admin, b) = instances().await;
    follow(&a, &admin, &b).await;
    publish_event(&b, "bob", |_| {}).await;
    federated(&b).await;
    let bob_id = format!("{}/@bob", b.base_url);
    assert!(ensemble_app::remote::actor_by_ap_id(&a.app, &bob_id).await.unwrap().is_some(), "A knows bob");

    let bob = viewer_of(&b, "bob").await;
    let form = ensemble_app::identities::IdentityForm {
        username: "bob".into(),
        display_name: "Bob the organiser".into(),
        bio: "Trees, mostly.".into(),
        avatar: None,
        banner: None,
        remove_avatar: false,
        remove_banner: false,
    };
    ensemble_app::identities::update_identity(&b.app, &bob, "bob", form).await.unwrap();
    let sent = federated(&b).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, format!("{}/inbox", a.base_url));
    assert_eq!(sent[0].1["type"], "Update");
    assert_eq!(sent[0].1["actor"], bob_id);
    assert_eq!(sent[0].1["object"]["type"], "Person");
    let stored = ensemble_app::remote::actor_by_ap_id(&a.app, &bob_id).await.unwrap().unwrap();
    assert_eq!(stored.display_name, "Bob the organiser");
}

#[tokio::test]
async fn deleted_identities_are_deleted_where_they_were_known() {
    let (a, admin, b) = instances().await;
    follow(&a, &admin, &b).await;
    let bob = viewer_of(&b, "bob").await;
    let form = ensemble_app::identities::IdentityForm {
        username: "bobby".into(),
        display_name: "Bobby".into(),
        bio: String::new(),
        avatar: None,
        banner: None,
        remove_avatar: false,
        remove_banner: false,
    };
    ensemble_app::identities::create_identity(&b.app, &bob, form).await.unwrap();
    publish_event(&b, "bobby", |_| {}).await;
    federated(&b).await;
    let bobby_id = format!("{}/@bobby", b.base_url);
    assert!(ensemble_app::remote::actor_by_ap_id(&a.app, &bobby_id).await.unwrap().unwrap().deleted_at.is_none());

    ensemble_app::identities::delete_identity(&b.app, &bob, "bobby").await.unwrap();
    let sent = federated(&b).await;
    let deletes: Vec<_> = sent.iter().filter(|(_, activity)| activity["object"] == bobby_id).collect();
    assert_eq!(deletes.len(), 1, "{sent:?}");
    assert_eq!(deletes[0].1["type"], "Delete");
    assert_eq!(deletes[0].1["actor"], bobby_id);
    let stored = ensemble_app::remote::actor_by_ap_id(&a.app, &bobby_id).await.unwrap().unwrap();
    assert!(stored.deleted_at.is_some(), "A forgot bobby");

    // Its key stays until the Delete can no longer be retried, then goes.
    let key = |app: &TestApp| {
        let db = app.app.db.clone();
        async move {
            use sea_orm::{ColumnTrait, QueryFilter};
            ensemble_app::rows::actors::Entity::find()
                .filter(ensemble_app::rows::actors::Column::Username.eq("bobby"))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .private_key_pem
        }
    };
    assert!(key(&b).await.is_some());
    let later = chrono::Utc::now() + chrono::Duration::days(5);
    let swept = ensemble_app::housekeeping::sweep(&b.app, later).await.unwrap();
    assert_eq!(swept.keys, 1);
    assert!(key(&b).await.is_none());
}

/// A `federate` job ends in the transaction that queues its deliveries: a runner that claims it
/// again (the first one died, or was too slow) sends nothing twice, and a runner whose claim
/// ran out queues nothing.
#[tokio::test]
async fn a_federate_job_sends_its_activity_once() {
    use ensemble_app::jobs::Claim;
    use ensemble_store::queries::jobs;
    let (a, admin, b) = instances().await;
    follow(&a, &admin, &b).await;
    publish_event(&b, "bob", |_| {}).await;
    let claim = || async {
        let now = chrono::Utc::now();
        let claimed = jobs::claim(&b.app.db, now, now + chrono::Duration::minutes(5), 16).await.unwrap();
        let job = claimed.into_iter().find(|j| j.kind == "federate").expect("the event's federate job");
        (Claim { id: job.id, attempts: job.attempts }, serde_json::from_str(&job.payload).unwrap())
    };
    let (first, what) = claim().await;
    // The first runner stalls; its lease runs out and a second runner claims the job.
    b.sql("UPDATE jobs SET lease_until = NULL").await;
    let (second, _) = claim().await;
    assert_ne!(first, second);
    b.app.federator.federate(&b.app, first, &what).await.unwrap();
    assert!(queued(&b).await.is_empty(), "the stale claim queues nothing");
    b.app.federator.federate(&b.app, second, &what).await.unwrap();
    // The second runner dies before it can mark the job done: the job is done already.
    b.sql("UPDATE jobs SET lease_until = NULL").await;
    assert_eq!(b.run_jobs().await, 0, "nothing left to run");
    let sent = queued(&b).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].1["type"], "Create");
}

/// A public event turned unlisted is withdrawn from the instances that follow ours, except
/// where one of its participants is, which hears of the change; made public again, it comes back.
#[tokio::test]
async fn a_public_event_turned_unlisted_is_withdrawn_from_followers() {
    let (a, admin, b) = instances().await;
    let c = federating().await;
    follow(&a, &admin, &b).await;
    // C follows B too, and Camille on C takes part in bob's event.
    ensemble_app::accounts::admin::create_user(&c.app, "root@example.org", "root", Some(PASSWORD), Role::Administrator)
        .await
        .unwrap();
    let c_admin = c.browser();
    assert_eq!(log_in(&c_admin, "root@example.org", PASSWORD).await.status, 303);
    assert_eq!(c_admin.post("/admin/federation/follow", &[("actor_url", &relay(&b))]).await.status, 303);
    c.run_deliveries().await;
    b.run_deliveries().await;
    let uuid = publish_event(&b, "bob", |_| {}).await;
    let event_id = format!("{}/events/{uuid}", b.base_url);
    assert_eq!(federated(&b).await.len(), 2, "the Create, to A and to C");
    let on_c = remote_events::by_ap_id(&c.app, &event_id).await.unwrap().expect("C has the event");
    signed_up(&c, "camille@example.org", "camille").await;
    let camille = viewer_of(&c, "camille").await;
    ensemble_app::remote_participations::join(&c.app, &camille, &on_c.uuid.to_string(), "camille", "").await.unwrap();
    c.run_deliveries().await;
    b.run_deliveries().await;

    let bob = viewer_of(&b, "bob").await;
    let mut form = form_of(&event_for(&b.app, Some(&bob), &uuid).await.unwrap());
    form.visibility = "unlisted".into();
    update_event(&b.app, &bob, &uuid, &mut form).await.unwrap();
    let mut sent: Vec<(String, String)> =
        federated(&b).await.into_iter().map(|(inbox, activity)| (inbox, activity["type"].to_string())).collect();
    sent.sort();
    let mut expected = [
        (format!("{}/inbox", a.base_url), "\"Delete\"".to_owned()),
        (format!("{}/inbox", c.base_url), "\"Update\"".to_owned()),
    ];
    expected.sort();
    assert_eq!(sent, expected);
    assert!(remote_events::by_ap_id(&a.app, &event_id).await.unwrap().is_none(), "withdrawn from A");
    let still = remote_events::by_ap_id(&c.app, &event_id).await.unwrap().expect("C keeps it for Camille");
    assert_eq!(still.visibility, "unlisted");

    form.visibility = "public".into();
    update_event(&b.app, &bob, &uuid, &mut form).await.unwrap();
    assert_eq!(federated(&b).await.len(), 2, "an Update, to A and to C");
    assert!(remote_events::by_ap_id(&a.app, &event_id).await.unwrap().is_some(), "listed on A again");
}

/// An instance is followed by its domain (NodeInfo names its actor), its address, or a handle
/// (WebFinger); what names no instance gets a message under the field.
#[tokio::test]
async fn instances_are_followed_by_domain_or_handle() {
    let (a, admin, b) = instances().await;
    let c = federating().await;
    let d = federating().await;
    let follow = |typed: String| {
        let admin = &admin;
        async move { admin.post("/admin/federation/follow", &[("actor_url", &typed)]).await }
    };
    assert_eq!(follow(host(&b)).await.status, 303, "by domain");
    assert_eq!(follow(format!("relay@{}", host(&c))).await.status, 303, "by handle");
    assert_eq!(follow(format!("{}/", d.base_url)).await.status, 303, "by the address of its home page");
    let mut following: Vec<String> =
        follows::following(&a.app, Admin::command_line()).await.unwrap().into_iter().map(|f| f.actor_ap_id).collect();
    following.sort();
    let mut expected = vec![relay(&b), relay(&c), relay(&d)];
    expected.sort();
    assert_eq!(following, expected);

    let refused = follow("not an address".into()).await;
    assert_eq!(refused.status, 422);
    assert!(refused.field_error("actor_url").unwrap_or_default().contains("domain"), "{}", refused.body);
    assert_eq!(refused.value("actor_url").as_deref(), Some("not an address"), "the input is kept");
    // Nothing listens there.
    let unreachable = follow("127.0.0.1:9".into()).await;
    assert_eq!(unreachable.status, 422);
    assert!(
        unreachable.field_error("actor_url").unwrap_or_default().contains("cannot be reached"),
        "{}",
        unreachable.body
    );
    // A person is no instance.
    let person = follow(format!("bob@{}", host(&b))).await;
    assert_eq!(person.status, 422);
    assert!(person.field_error("actor_url").is_some());
}

/// Once B accepts A's follow, A reads B's instance outbox (an `Announce` of each public event
/// published on B): B's upcoming public events are listed on A at once, not only later ones.
#[tokio::test]
async fn following_an_instance_brings_its_upcoming_events() {
    let (a, admin, b) = instances().await;
    let first = publish_event(&b, "bob", |f| f.title = "Repair café".into()).await;
    let second = publish_event(&b, "bob", |f| f.title = "Seed swap".into()).await;
    let unlisted = publish_event(&b, "bob", |f| f.visibility = "unlisted".into()).await;
    b.run_jobs().await;

    let outbox = activity_json(&format!("{}/outbox", relay(&b))).await;
    assert_eq!(outbox["totalItems"], 2, "public events only: {outbox}");
    let items = outbox["first"]["orderedItems"].as_array().unwrap();
    assert_eq!(items[0]["type"], "Announce");
    assert_eq!(items[0]["actor"], relay(&b));
    assert_eq!(items[0]["object"], format!("{}/events/{second}", b.base_url), "latest first");
    assert_eq!(items[1]["object"], format!("{}/events/{first}", b.base_url));

    follow(&a, &admin, &b).await;
    a.run_jobs().await;
    for uuid in [&first, &second] {
        let id = format!("{}/events/{uuid}", b.base_url);
        assert!(remote_events::by_ap_id(&a.app, &id).await.unwrap().is_some(), "{id} came with the follow");
    }
    let id = format!("{}/events/{unlisted}", b.base_url);
    assert!(remote_events::by_ap_id(&a.app, &id).await.unwrap().is_none(), "not listed, not read");
    let listing = a.browser().get("/events").await;
    let titles = listing.texts(".event-card__title");
    assert!(titles.contains(&"Repair café".to_owned()) && titles.contains(&"Seed swap".to_owned()), "{titles:?}");
}

/// An outbox that never ends (each page names a next one) is read no further than its first
/// hundred items, and what it names but cannot be had is not stored.
#[tokio::test]
async fn an_endless_outbox_is_read_within_bounds() {
    use axum::extract::{Query, State};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let a = federating().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let keys = ensemble_app::keys::generate().await.unwrap();
    let actor = json!({
        "id": format!("{base}/relay"),
        "type": "Application",
        "preferredUsername": "relay",
        "inbox": format!("{base}/inbox"),
        "outbox": format!("{base}/outbox"),
        "publicKey": {"id": format!("{base}/relay#main-key"), "owner": format!("{base}/relay"), "publicKeyPem": keys.public_pem},
    });
    let requests = std::sync::Arc::new(AtomicUsize::new(0));
    let outbox = {
        let base = base.clone();
        move |State(requests): State<std::sync::Arc<AtomicUsize>>,
              Query(query): Query<std::collections::HashMap<String, u64>>| {
            let base = base.clone();
            async move {
                requests.fetch_add(1, Ordering::SeqCst);
                let n = query.get("page").copied().unwrap_or(0);
                let items: Vec<Value> = (0..30)
                .map(|i| json!({"type": "Announce", "actor": format!("{base}/relay"), "object": format!("{base}/events/{n}-{i}")}))
                .collect();
                let id = if n == 0 { format!("{base}/outbox") } else { format!("{base}/outbox?page={n}") };
                let page = json!({"id": id, "type": "OrderedCollectionPage", "orderedItems": items, "next": format!("{base}/outbox?page={}", n + 1)});
                ([(axum::http::header::CONTENT_TYPE, "application/activity+json")], page.to_string())
            }
        }
    };
    let router = axum::Router::new()
        .route(
            "/relay",
            axum::routing::get(move || async move {
                ([(axum::http::header::CONTENT_TYPE, "application/activity+json")], actor.to_string())
            }),
        )
        .route("/outbox", axum::routing::get(outbox))
        .fallback({
            let requests = std::sync::Arc::clone(&requests);
            move || async move {
                requests.fetch_add(1, Ordering::SeqCst);
                axum::http::StatusCode::NOT_FOUND
            }
        })
        .with_state(std::sync::Arc::clone(&requests));
    tokio::spawn(async move { axum::serve(listener, router).await });

    let fetcher = ensemble_federation::fetch::Fetcher::new(a.app.clone()).unwrap();
    let followed = fetcher.resolve_actor(&format!("{base}/relay")).await.unwrap();
    ensemble_federation::backfill::followed(&a.app, followed.id).await.unwrap();
    // Four pages for a hundred items, and one fetch for each item.
    assert_eq!(requests.load(Ordering::SeqCst), 4 + 100);
    let stored = ensemble_app::rows::events::Entity::find().all(&a.app.db).await.unwrap();
    assert!(stored.iter().all(|e| e.domain.is_none()), "nothing stored from there");
}

/// From a followed instance's outbox, only its own upcoming public events are taken: not an
/// unlisted or past one, nor one of another server that it announces.
#[tokio::test]
async fn only_upcoming_public_events_of_the_instance_come_from_its_outbox() {
    use axum::response::IntoResponse;
    let a = federating().await;
    let elsewhere = federating().await;
    signed_up(&elsewhere, "eve@example.org", "eve").await;
    let foreign = publish_event(&elsewhere, "eve", |_| {}).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let keys = ensemble_app::keys::generate().await.unwrap();
    let actor = |path: &str, kind: &str| {
        json!({
            "id": format!("{base}{path}"),
            "type": kind,
            "preferredUsername": path.trim_start_matches("/@").trim_start_matches('/'),
            "inbox": format!("{base}/inbox"),
            "outbox": format!("{base}/outbox"),
            "publicKey": {"id": format!("{base}{path}#main-key"), "owner": format!("{base}{path}"), "publicKeyPem": keys.public_pem},
        })
    };
    let event = |n: u32, audience: &str, days: i64| {
        let start = (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
        json!({
            "id": format!("{base}/events/{n}"), "type": "Event", "name": format!("Event {n}"),
            "startTime": start, "actor": format!("{base}/@organizer"), "attributedTo": format!("{base}/@organizer"),
            audience: ["https://www.w3.org/ns/activitystreams#Public"],
        })
    };
    let outbox = json!({
        "id": format!("{base}/outbox"),
        "type": "OrderedCollection",
        "first": {
            "type": "OrderedCollectionPage",
            "orderedItems": [
                {"type": "Create", "object": event(1, "to", 10)},
                {"type": "Create", "object": event(2, "cc", 10)},
                {"type": "Create", "object": event(3, "to", -10)},
                {"type": "Announce", "object": format!("{}/events/{foreign}", elsewhere.base_url)},
            ],
        },
    });
    let documents: std::collections::HashMap<String, Value> = [
        ("/relay".to_owned(), actor("/relay", "Application")),
        ("/@organizer".to_owned(), actor("/@organizer", "Person")),
        ("/outbox".to_owned(), outbox),
    ]
    .into();
    let router = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let document = documents.get(uri.path()).cloned();
        async move {
            match document {
                Some(d) => {
                    ([(axum::http::header::CONTENT_TYPE, "application/activity+json")], d.to_string()).into_response()
                }
                None => axum::http::StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    tokio::spawn(async move { axum::serve(listener, router).await });

    let fetcher = ensemble_federation::fetch::Fetcher::new(a.app.clone()).unwrap();
    let followed = fetcher.resolve_actor(&format!("{base}/relay")).await.unwrap();
    ensemble_federation::backfill::followed(&a.app, followed.id).await.unwrap();
    let stored: Vec<String> = ensemble_app::rows::events::Entity::find()
        .all(&a.app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.domain.is_some())
        .map(|e| e.ap_id)
        .collect();
    assert_eq!(stored, [format!("{base}/events/1")]);
}
