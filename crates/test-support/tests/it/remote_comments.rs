//! Comments across instances, between two instances on loopback: Camille (A) comments on an
//! event of B's sensei, edits and deletes her comment, and each change reaches B; a
//! Mastodon-shaped reply becomes a comment; closed comments take nothing from elsewhere.

use crate::helpers::*;
use ensemble_app::rows::{comments, events};
use ensemble_test_support::TestApp;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// The comment of id `ap_id` on `app`, if stored.
async fn comment(app: &TestApp, ap_id: &str) -> Option<comments::Model> {
    comments::Entity::find().filter(comments::Column::ApId.eq(ap_id)).one(&app.app.db).await.unwrap()
}

/// Runs A's jobs, then lets both instances deliver what they queued.
async fn federate(a: &TestApp, b: &TestApp) {
    a.run_jobs().await;
    for _ in 0..2 {
        a.run_deliveries().await;
        b.run_deliveries().await;
    }
}

/// Mastodon's `Create` of a `Note` (with its mention, `to` and `cc`), re-addressed: written by
/// `author` of `a`, answering `in_reply_to`, mentioning the sensei of `b`.
fn mastodon_reply(a: &TestApp, b: &TestApp, author: &str, status: u32, in_reply_to: &str) -> Value {
    let fixture = include_str!("../../../activitypub/tests/fixtures/mobilizon/mastodon-post-activity.json");
    let mut create: Value = serde_json::from_str(fixture).unwrap();
    let actor = format!("{}/@{author}", a.base_url);
    let note = format!("{actor}/statuses/{status}");
    let sensei = format!("{}/@sensei", b.base_url);
    let host = b.base_url.trim_start_matches("http://");
    create["id"] = json!(format!("{note}/activity"));
    create["actor"] = json!(actor);
    create["cc"] = json!([format!("{actor}/followers"), sensei]);
    let object = &mut create["object"];
    object["id"] = json!(note);
    object["url"] = json!(note);
    object["atomUri"] = json!(note);
    object["attributedTo"] = json!(actor);
    object["inReplyTo"] = json!(in_reply_to);
    object["cc"] = json!([format!("{actor}/followers"), sensei]);
    object["tag"][0]["href"] = json!(sensei);
    object["tag"][0]["name"] = json!(format!("@sensei@{host}"));
    let content = object["content"]
        .as_str()
        .unwrap()
        .replace("https://framapiaf.org/users/tcit", &sensei)
        .replace(">tcit<", ">sensei<");
    object["content"] = json!(format!("{content}<p>See you there<script>alert(1)</script></p>"));
    create
}

#[tokio::test]
async fn remote_comments_camille_comments_on_a_remote_event_edits_and_deletes() {
    let (a, camille, b) = instances().await;
    let course = publish_event(&b, "sensei", |f| f.title = "Karate course".into()).await;
    let course_id = format!("{}/events/{course}", b.base_url);
    let page = camille.get(&format!("/search?q={}", course_id.replace(':', "%3A").replace('/', "%2F"))).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let path = page.location().unwrap();

    let posted = camille.post(&format!("{path}/comments"), &[("body", "Is there a *beginners* group?")]).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    let mine = comments::Entity::find().one(&a.app.db).await.unwrap().unwrap();
    federate(&a, &b).await;
    let there = comment(&b, &mine.ap_id).await.expect("the comment reached B");
    assert_eq!(there.parent_id, None);
    let page = b.browser().get(&format!("/events/{course}")).await;
    assert!(page.body.contains("<em>beginners</em>"), "{}", page.body);
    assert!(page.body.contains(&format!("@camille@{}", a.base_url.trim_start_matches("http://"))), "{}", page.body);

    let edited = camille.post(&format!("/comments/{}/edit", mine.uuid), &[("body", "Any beginners?")]).await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    federate(&a, &b).await;
    assert!(comment(&b, &mine.ap_id).await.unwrap().body_html.contains("Any beginners?"));

    let deleted = camille.post(&format!("/comments/{}/delete", mine.uuid), &[]).await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    federate(&a, &b).await;
    let gone = comment(&b, &mine.ap_id).await.unwrap();
    assert!(gone.deleted_at.is_some());
    assert_eq!(gone.body_html, "");
    // B does not serve another server's comment as its own.
    let served = b.browser().raw().get(format!("{}/comments/{}", b.base_url, gone.uuid));
    let served = served.header("accept", "application/activity+json").send().await.unwrap();
    assert_eq!(served.status(), 404);
}

#[tokio::test]
async fn remote_comments_a_mastodon_reply_becomes_a_comment() {
    let (a, _, b) = instances().await;
    signed_up(&a, "dominique@example.org", "dominique").await;
    let course = publish_event(&b, "sensei", |_| {}).await;
    let course_id = format!("{}/events/{course}", b.base_url);
    let inbox = format!("{}/inbox", b.base_url);

    let reply = mastodon_reply(&a, &b, "camille", 1, &course_id);
    let answer = a.signed_post("camille", &inbox, &reply.to_string()).await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    let note_id = reply["object"]["id"].as_str().unwrap();
    let stored = comment(&b, note_id).await.expect("stored");
    let mention = format!(r#"<a href="{}/@sensei""#, b.base_url);
    assert!(stored.body_html.contains(&mention), "{}", stored.body_html);
    assert!(stored.body_html.contains("See you there"), "{}", stored.body_html);
    assert!(!stored.body_html.contains("script"), "{}", stored.body_html);
    let camille = ensemble_app::remote::actor_by_ap_id(&b.app, &format!("{}/@camille", a.base_url)).await.unwrap();
    assert_eq!(Some(stored.author_id), camille.map(|c| c.id));

    // A reply to it joins its thread.
    let answer_to_it = mastodon_reply(&a, &b, "dominique", 2, note_id);
    assert_eq!(a.signed_post("dominique", &inbox, &answer_to_it.to_string()).await.status, 202);
    let nested = comment(&b, answer_to_it["object"]["id"].as_str().unwrap()).await.unwrap();
    assert_eq!(nested.parent_id, Some(stored.id));

    // Only its author may delete it.
    let delete = |actor: &str, id: u32| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/@{actor}/statuses/1#delete-{id}", a.base_url),
            "type": "Delete",
            "actor": format!("{}/@{actor}", a.base_url),
            "object": {"id": note_id, "type": "Tombstone"},
        })
        .to_string()
    };
    let forged = a.signed_post("dominique", &inbox, &delete("dominique", 1)).await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert!(comment(&b, note_id).await.unwrap().deleted_at.is_none());
    let own = a.signed_post("camille", &inbox, &delete("camille", 2)).await;
    assert_eq!(own.status, 202, "{}", own.body);
    assert!(comment(&b, note_id).await.unwrap().deleted_at.is_some());
}

#[tokio::test]
async fn remote_comments_closed_comments_take_nothing() {
    let (a, _, b) = instances().await;
    let course = publish_event(&b, "sensei", |_| {}).await;
    let sensei = viewer_of(&b, "sensei").await;
    ensemble_app::comments::set_comments_open(&b.app, &sensei, &course, false).await.unwrap();
    let course_id = format!("{}/events/{course}", b.base_url);
    let reply = mastodon_reply(&a, &b, "camille", 1, &course_id);
    let answer = a.signed_post("camille", &format!("{}/inbox", b.base_url), &reply.to_string()).await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    let event = events::Entity::find().filter(events::Column::ApId.eq(&course_id)).one(&b.app.db).await.unwrap();
    let event = event.unwrap();
    let stored = comments::Entity::find().filter(comments::Column::EventId.eq(event.id)).all(&b.app.db).await.unwrap();
    assert!(stored.is_empty(), "{stored:?}");
}

/// Camille (A) and Dominique (C) take part in the sensei's course (B). Camille's comment goes to
/// B, which passes it on to C: Dominique sees it too. C takes it from A, not from B's word, and
/// so it does with its deletion.
#[tokio::test]
async fn remote_comments_on_a_local_event_are_passed_on_to_its_other_servers() {
    let (a, camille, b) = instances().await;
    let c = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    let dominique = signed_up(&c, "dominique@example.org", "dominique").await;
    let course = publish_event(&b, "sensei", |f| f.title = "Karate course".into()).await;
    let course_id = format!("{}/events/{course}", b.base_url);
    let everyone = [&a, &b, &c];
    let settle = || async move {
        for _ in 0..3 {
            for app in everyone {
                app.run_jobs().await;
                app.run_deliveries().await;
            }
        }
    };
    let mut paths = Vec::new();
    for person in [&camille, &dominique] {
        let found = person.get(&format!("/search?q={}", course_id.replace(':', "%3A").replace('/', "%2F"))).await;
        assert_eq!(found.status, 303, "{}", found.body);
        let path = found.location().unwrap();
        assert_eq!(person.post(&format!("{path}/join"), &[]).await.status, 303);
        paths.push(path);
    }
    settle().await;
    let page = b.browser().get(&format!("/events/{course}")).await;
    assert!(page.body.contains("3 going") || page.body.contains("3 people"), "both joined: {}", page.body);

    let posted = camille.post(&format!("{}/comments", paths[0]), &[("body", "Who brings the mats?")]).await;
    assert_eq!(posted.status, 303, "{}", posted.body);
    let mine = comments::Entity::find().one(&a.app.db).await.unwrap().unwrap();
    a.run_jobs().await;
    a.run_deliveries().await;
    assert!(comment(&b, &mine.ap_id).await.is_some(), "the organizer's server has it");
    // B passes it on to C only, not back to Camille's own server.
    let passed: Vec<String> = ensemble_app::rows::deliveries::Entity::find()
        .all(&b.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.inbox_url)
        .collect();
    assert_eq!(passed, [format!("{}/inbox", c.base_url)]);
    settle().await;
    let on_c = comment(&c, &mine.ap_id).await.expect("passed on to Dominique's server");
    let camille_on_c = ensemble_app::remote::actor_by_ap_id(&c.app, &format!("{}/@camille", a.base_url)).await.unwrap();
    assert_eq!(Some(on_c.author_id), camille_on_c.map(|actor| actor.id), "written by Camille, not by the sensei");
    assert!(dominique.get(&paths[1]).await.body.contains("Who brings the mats?"));
    // An edit that changes nothing is not passed on again.
    let same = camille.post(&format!("/comments/{}/edit", mine.uuid), &[("body", "Who brings the mats?")]).await;
    assert_eq!(same.status, 303, "{}", same.body);
    a.run_jobs().await;
    a.run_deliveries().await;
    assert!(ensemble_app::rows::deliveries::Entity::find().all(&b.app.db).await.unwrap().is_empty());

    let deleted = camille.post(&format!("/comments/{}/delete", mine.uuid), &[]).await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    settle().await;
    assert!(comment(&b, &mine.ap_id).await.unwrap().deleted_at.is_some());
    assert!(comment(&c, &mine.ap_id).await.unwrap().deleted_at.is_some(), "its deletion was passed on too");
}

/// An activity signed by another server than its actor's is believed only as far as the
/// actor's own server confirms it: its object is taken from there, and a deletion needs the
/// object to be gone there.
#[tokio::test]
async fn remote_comments_passed_on_are_taken_from_their_origin() {
    let (a, camille, b) = instances().await;
    let c = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    signed_up(&c, "mallory@example.org", "mallory").await;
    let course = publish_event(&b, "sensei", |_| {}).await;
    let course_id = format!("{}/events/{course}", b.base_url);
    let inbox = format!("{}/inbox", b.base_url);
    let camille_id = format!("{}/@camille", a.base_url);
    // Mallory's server passes on a comment that Camille never wrote (A has no such note).
    let forged = mastodon_reply(&a, &b, "camille", 7, &course_id);
    let answer = c.signed_post("mallory", &inbox, &forged.to_string()).await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    assert!(comment(&b, forged["object"]["id"].as_str().unwrap()).await.is_none(), "A does not have it: ignored");

    // Camille's real comment, on B.
    let found = camille.get(&format!("/search?q={}", course_id.replace(':', "%3A").replace('/', "%2F"))).await;
    let path = found.location().unwrap();
    assert_eq!(camille.post(&format!("{path}/comments"), &[("body", "See you on the mat")]).await.status, 303);
    federate(&a, &b).await;
    let mine = comments::Entity::find().one(&a.app.db).await.unwrap().unwrap();
    assert!(comment(&b, &mine.ap_id).await.is_some());
    let passed_on = |kind: &str, n: u32, object: Value| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/activities/mallory-{n}", a.base_url),
            "type": kind,
            "actor": camille_id,
            "object": object,
        })
        .to_string()
    };
    // An Update with other words: B takes the note from A, as it is there.
    let rewritten = json!({
        "id": mine.ap_id, "type": "Note", "attributedTo": camille_id, "inReplyTo": course_id,
        "content": "<p>Buy cheap watches</p>", "to": ["https://www.w3.org/ns/activitystreams#Public"],
    });
    assert_eq!(c.signed_post("mallory", &inbox, &passed_on("Update", 1, rewritten)).await.status, 202);
    let kept = comment(&b, &mine.ap_id).await.unwrap();
    assert!(kept.body_html.contains("See you on the mat") && !kept.body_html.contains("watches"), "{}", kept.body_html);
    // A Delete of a note that A still serves: ignored.
    assert_eq!(c.signed_post("mallory", &inbox, &passed_on("Delete", 2, json!(mine.ap_id))).await.status, 202);
    assert!(comment(&b, &mine.ap_id).await.unwrap().deleted_at.is_none(), "still there");
    // Nor is one whose server answers 404, which may only mean "not for you".
    let direct = mastodon_reply(&a, &b, "camille", 8, &course_id);
    assert_eq!(a.signed_post("camille", &inbox, &direct.to_string()).await.status, 202);
    let note = direct["object"]["id"].as_str().unwrap();
    assert!(comment(&b, note).await.is_some());
    assert_eq!(c.signed_post("mallory", &inbox, &passed_on("Delete", 3, json!(note))).await.status, 202);
    assert!(comment(&b, note).await.unwrap().deleted_at.is_none(), "a 404 is no proof of deletion");
    // A relayed Follow is refused outright.
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/follows/1", a.base_url),
        "type": "Follow",
        "actor": camille_id,
        "object": format!("{}/@sensei", b.base_url),
    });
    assert_eq!(c.signed_post("mallory", &inbox, &follow.to_string()).await.status, 401);
}
