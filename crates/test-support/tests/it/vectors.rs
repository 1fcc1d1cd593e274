//! The interop proof: every document copied from other software into
//! `crates/activitypub/tests/fixtures/` has a test here saying what Ensemble does with it
//! (docs/federation.md, "Interop proof: every vector", gives the table).
//!
//! The documents are served by loopback servers, one per host they name, each host rewritten
//! to `http://127.0.0.1:PORT`, so that their origins keep their relations and nothing leaves
//! this machine. Actors that sign get a test key; activities are POSTed signed to the inbox,
//! re-addressed to content of the instance where the target matters (our event, our person,
//! our Follow). Each test asserts the inbox's answer and exactly which rows it added or
//! removed. Other documents go through lookup (the search box), the inward converters, or the
//! discovery parsers.

use crate::helpers::publish_event;
use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::IntoResponse;
use ensemble_activitypub::Event;
use ensemble_activitypub::discovery::{APPLICATION_REL, Jrd, NodeInfo, NodeInfoLinks};
use ensemble_app::follows::Admin;
use ensemble_app::keys::ActorKeys;
use ensemble_app::remote_events::RemoteEvent;
use ensemble_app::rows::{activities, actors, comments, deliveries, events, follows, participations};
use ensemble_domain::event::{Category, JoinMode};
use ensemble_federation::fetch::Fetcher;
use ensemble_federation::lookup::{self, Found, LookupError};
use ensemble_test_support::{SignedPost, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../activitypub/tests/fixtures/");
const AS: &str = "https://www.w3.org/ns/activitystreams";

/// Hosts that name vocabularies, not servers: never rewritten, never fetched.
const VOCABULARIES: [&str; 10] = [
    "www.w3.org",
    "nodeinfo.diaspora.software",
    "w3id.org",
    "schema.org",
    "joinmobilizon.org",
    "joinmastodon.org",
    "joinpeertube.org",
    "ostatus.org",
    "purl.org",
    "docs.oasis-open.org",
];

fn text(path: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(path: &str) -> Value {
    serde_json::from_str(&text(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The hosts of the `http(s)://` addresses in `value`, `@context` aside.
fn hosts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            for (i, _) in s.match_indices("://") {
                if !(s[..i].ends_with("http") || s[..i].ends_with("https")) {
                    continue;
                }
                let rest = &s[i + 3..];
                let end = rest.find(|c: char| "/?#\"'<> \\),".contains(c) || c.is_whitespace()).unwrap_or(rest.len());
                let host = &rest[..end];
                if !host.is_empty() && !VOCABULARIES.contains(&host) && !out.iter().any(|h| h == host) {
                    out.push(host.to_owned());
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| hosts(v, out)),
        Value::Object(map) => map.iter().filter(|(k, _)| *k != "@context").for_each(|(_, v)| hosts(v, out)),
        _ => {}
    }
}

/// The other servers: a loopback listener per host, serving documents by address.
struct Net {
    /// Original host and loopback base, longest host first.
    bases: Vec<(String, String)>,
    documents: Arc<Mutex<HashMap<String, Value>>>,
    keys: ActorKeys,
}

impl Net {
    /// Servers for every host named in `documents`.
    async fn start(documents: &[&Value]) -> Net {
        let mut names = Vec::new();
        documents.iter().for_each(|d| hosts(d, &mut names));
        names.sort_by_key(|h| std::cmp::Reverse(h.len()));
        let served: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
        let mut bases = Vec::new();
        for name in names {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let (documents, here) = (served.clone(), base.clone());
            let router = Router::new().fallback(move |uri: Uri| async move {
                // WebFinger answers whatever the resource asked.
                let key = match uri.path() {
                    "/.well-known/webfinger" => format!("{here}{}", uri.path()),
                    _ => format!("{here}{}", uri.path_and_query().map_or("/", |p| p.as_str())),
                };
                match documents.lock().unwrap().get(&key) {
                    Some(document) => {
                        ([(header::CONTENT_TYPE, "application/activity+json")], document.to_string()).into_response()
                    }
                    None => StatusCode::NOT_FOUND.into_response(),
                }
            });
            tokio::spawn(async move { axum::serve(listener, router).await });
            bases.push((name, base));
        }
        let keys = ensemble_app::keys::generate().await.unwrap();
        Net { bases, documents: served, keys }
    }

    /// `value` with every host replaced by its loopback server: none other may be left, so that
    /// nothing is ever fetched from elsewhere.
    fn rehost(&self, value: &Value) -> Value {
        let rehosted = self.replace_hosts(value);
        let mut left = Vec::new();
        hosts(&rehosted, &mut left);
        assert!(left.iter().all(|h| h.starts_with("127.0.0.1:")), "hosts without a server: {left:?}");
        rehosted
    }

    fn replace_hosts(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.bases.iter().fold(s.clone(), |s, (host, base)| {
                s.replace(&format!("https://{host}"), base).replace(&format!("http://{host}"), base)
            })),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.replace_hosts(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), if k == "@context" { v.clone() } else { self.replace_hosts(v) }))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn serve_at(&self, url: &str, document: Value) {
        assert!(url.starts_with("http://127.0.0.1:"), "not served here: {url}");
        self.documents.lock().unwrap().insert(url.to_owned(), document);
    }

    /// Serves `document` at its `id`.
    fn serve(&self, document: &Value) {
        self.serve_at(document["id"].as_str().unwrap(), document.clone());
    }

    /// Serves an actor of type `kind` at `id`, with the test key.
    fn actor(&self, id: &str, kind: &str) {
        let name = id.trim_end_matches('/').rsplit('/').next().unwrap_or_default().trim_start_matches('@');
        self.serve_at(
            id,
            json!({
                "@context": [AS, "https://w3id.org/security/v1"],
                "id": id,
                "type": kind,
                "preferredUsername": if name.is_empty() { "actor" } else { name },
                "inbox": format!("{id}/inbox"),
                "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": self.keys.public_pem},
            }),
        );
    }

    /// POSTs `activity` to the shared inbox of `app`, signed with the test key of its actor
    /// (served as a `Person` unless something is served there already).
    async fn post(&self, app: &TestApp, activity: &Value) -> (u16, String) {
        let actor = actor_of(activity);
        if !self.documents.lock().unwrap().contains_key(&actor) {
            self.actor(&actor, "Person");
        }
        let post = SignedPost {
            url: format!("{}/inbox", app.base_url),
            body: activity.to_string().into_bytes(),
            content_type: "application/activity+json".into(),
            date: chrono::Utc::now(),
            key: Some((self.keys.private_pem.clone(), format!("{actor}#main-key"))),
            digest: None,
            signed_headers: vec!["host", "date", "digest", "content-type"],
            rfc9421: false,
            extra_headers: Vec::new(),
        };
        let reply = post.send().await;
        (reply.status, reply.body)
    }
}

/// An instance that may fetch from loopback, and servers for the hosts of `documents`.
async fn world(documents: &[&Value]) -> (TestApp, Net) {
    let app = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    (app, Net::start(documents).await)
}

/// Rows of the tables an activity may change.
async fn counts(app: &TestApp) -> Vec<(&'static str, u64)> {
    let db = &app.app.db;
    vec![
        ("activities", activities::Entity::find().count(db).await.unwrap()),
        ("events", events::Entity::find().count(db).await.unwrap()),
        ("comments", comments::Entity::find().count(db).await.unwrap()),
        ("participations", participations::Entity::find().count(db).await.unwrap()),
        ("follows", follows::Entity::find().count(db).await.unwrap()),
        ("deliveries", deliveries::Entity::find().count(db).await.unwrap()),
    ]
}

/// What changed since `before`: the tables whose count moved, and by how much.
async fn changes(app: &TestApp, before: &[(&'static str, u64)]) -> Vec<(&'static str, i64)> {
    let after = counts(app).await;
    before
        .iter()
        .zip(after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, a)| (b.0, i64::try_from(a.1).unwrap() - i64::try_from(b.1).unwrap()))
        .collect()
}

/// The error of a refusal (empty for 202).
fn error(status: u16, body: &str) -> String {
    if status == 202 {
        return String::new();
    }
    let body: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    body["error"].as_str().unwrap_or_default().to_owned()
}

/// POSTs the vector at `path` as it is (hosts rewritten): the status, the error, and what
/// changed.
async fn posted_as_is(path: &str) -> (u16, String, Vec<(&'static str, i64)>) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let before = counts(&app).await;
    let (status, body) = net.post(&app, &net.rehost(&document)).await;
    (status, error(status, &body), changes(&app, &before).await)
}

const IGNORED: (u16, &str) = (202, "");
const NOT_AN_ACTIVITY: (u16, &str) = (400, "not an activity");
const FOREIGN_ORIGIN: (u16, &str) = (403, "an actor may only speak for its own origin");

/// Activities Ensemble accepts and ignores (202), or refuses: nothing is stored either way.
macro_rules! untouched {
    ($($name:ident: $path:literal => $outcome:expr,)*) => {$(
        #[tokio::test]
        async fn $name() {
            let (status, error) = $outcome;
            assert_eq!(posted_as_is($path).await, (status, error.to_owned(), vec![]));
        }
    )*};
}

untouched! {
    vector_mobilizon_mastodon_like: "mobilizon/mastodon-like.json" => IGNORED,
    vector_mobilizon_mastodon_undo_like: "mobilizon/mastodon-undo-like.json" => IGNORED,
    vector_mobilizon_mastodon_announce: "mobilizon/mastodon-announce.json" => IGNORED,
    vector_mobilizon_mastodon_undo_announce: "mobilizon/mastodon-undo-announce.json" => IGNORED,
    vector_mobilizon_mastodon_post_activity_hashtag: "mobilizon/mastodon-post-activity-hashtag.json" => IGNORED,
    vector_mobilizon_mobilizon_invite_activity: "mobilizon/mobilizon-invite-activity.json" => IGNORED,
    // `actor` is an array of one; the Article is not read.
    vector_mobilizon_prismo_url_map: "mobilizon/prismo-url-map.json" => IGNORED,
    vector_lemmy_lemmy_add_mod: "lemmy/lemmy-add-mod.json" => IGNORED,
    vector_lemmy_lemmy_remove_mod: "lemmy/lemmy-remove-mod.json" => IGNORED,
    vector_lemmy_lemmy_block_user: "lemmy/lemmy-block-user.json" => IGNORED,
    vector_lemmy_lemmy_report_page: "lemmy/lemmy-report-page.json" => IGNORED,
    vector_lemmy_mastodon_flag: "lemmy/mastodon-flag.json" => IGNORED,
    vector_lemmy_lemmy_follow: "lemmy/lemmy-follow.json" => IGNORED,
    vector_lemmy_lemmy_announce_create_page: "lemmy/lemmy-announce-create-page.json" => IGNORED,
    vector_lemmy_lemmy_update_community: "lemmy/lemmy-update-community.json" => FOREIGN_ORIGIN,
    vector_lemmy_wordpress_announce: "lemmy/wordpress-announce.json" => IGNORED,
    vector_pleroma_mastodon_block_activity: "pleroma/mastodon-block-activity.json" => IGNORED,
    vector_pleroma_mastodon_question_activity: "pleroma/mastodon-question-activity.json" => IGNORED,
    vector_pleroma_mastodon_vote: "pleroma/mastodon-vote.json" => IGNORED,
    vector_pleroma_mobilizon_event_join_accept: "pleroma/mobilizon-event-join-accept.json" => FOREIGN_ORIGIN,
    vector_fep_1b12_announce_add_moderator: "fep/1b12-announce-add-moderator.json" => NOT_AN_ACTIVITY,
    vector_fedidevs_communecter_invite_event: "fedidevs/communecter-invite-event.json" => IGNORED,
    vector_fedidevs_communecter_accept_invite_with_roles: "fedidevs/communecter-accept-invite-with-roles.json" => IGNORED,
    vector_fedidevs_communecter_join_organization: "fedidevs/communecter-join-organization.json" => NOT_AN_ACTIVITY,
    vector_fedidevs_communecter_leave_organization: "fedidevs/communecter-leave-organization.json" => NOT_AN_ACTIVITY,
}

/// The actor of an activity: an address, an object's id, or the first of an array.
fn actor_of(activity: &Value) -> String {
    let actor = match &activity["actor"] {
        Value::Array(actors) => &actors[0],
        one => one,
    };
    actor.as_str().or_else(|| actor["id"].as_str()).unwrap().to_owned()
}

/// `scheme://host:port` of an address.
fn origin(address: &str) -> String {
    let url = url::Url::parse(address).unwrap();
    url.origin().ascii_serialization()
}

/// A local person, `rose`; returns her actor's id.
async fn rose(app: &TestApp) -> String {
    let role = ensemble_domain::Role::User;
    ensemble_app::accounts::admin::create_user(&app.app, "rose@example.org", "rose", None, role).await.unwrap();
    format!("{}/@rose", app.base_url)
}

/// A published event of rose's; returns its id.
async fn our_event(app: &TestApp, join_mode: &str) -> String {
    rose(app).await;
    let join_mode = join_mode.to_owned();
    let uuid = publish_event(app, "rose", |f| f.join_mode = join_mode).await;
    format!("{}/events/{uuid}", app.base_url)
}

/// Our instance actor follows `actor` (served as an `Application`); returns the Follow's id.
async fn follow_of_ours(app: &TestApp, net: &Net, actor: &str) -> String {
    net.actor(actor, "Application");
    let fetcher = Fetcher::new(app.app.clone()).unwrap();
    let follow = ensemble_federation::outbox::follow_instance(&fetcher, Admin::command_line(), actor).await.unwrap();
    follow.ap_id
}

async fn follow_state(app: &TestApp, ap_id: &str) -> Option<String> {
    let row = follows::Entity::find().filter(follows::Column::ApId.eq(ap_id)).one(&app.app.db).await.unwrap();
    row.map(|f| f.state)
}

/// An answer to a Follow of ours: its embedded Follow (or its object, given by id) becomes
/// ours, of its actor. Returns the state of our Follow afterwards, and what changed.
async fn answer_to_our_follow(path: &str) -> (Option<String>, Vec<(&'static str, i64)>) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let mut answer = net.rehost(&document);
    let answerer = actor_of(&answer);
    let follow = follow_of_ours(&app, &net, &answerer).await;
    let relay = app.local_actor("relay").await.ap_id;
    if answer["object"].is_object() {
        answer["object"]["id"] = json!(follow);
        answer["object"]["actor"] = json!(relay);
        answer["object"]["object"] = json!(answerer);
    } else {
        answer["object"] = json!(follow);
    }
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &answer).await.0, 202);
    (follow_state(&app, &follow).await, changes(&app, &before).await)
}

#[tokio::test]
async fn vector_mobilizon_mastodon_accept_activity() {
    let answered = answer_to_our_follow("mobilizon/mastodon-accept-activity.json").await;
    assert_eq!(answered, (Some("accepted".into()), vec![("activities", 1)]));
}

#[tokio::test]
async fn vector_lemmy_lemmy_accept() {
    let answered = answer_to_our_follow("lemmy/lemmy-accept.json").await;
    assert_eq!(answered, (Some("accepted".into()), vec![("activities", 1)]));
}

#[tokio::test]
async fn vector_pleroma_relay_accept_follow() {
    // The embedded Follow's `{{ap_id}}` and `{{activity_id}}` become our relay and its Follow.
    let answered = answer_to_our_follow("pleroma/relay-accept-follow.json").await;
    assert_eq!(answered, (Some("accepted".into()), vec![("activities", 1)]));
}

#[tokio::test]
async fn vector_lemmy_mitra_accept_follow() {
    // The Follow by id, and a FEP-8b32 proof that is not checked (the HTTP signature is).
    let answered = answer_to_our_follow("lemmy/mitra-accept-follow.json").await;
    assert_eq!(answered, (Some("accepted".into()), vec![("activities", 1)]));
}

#[tokio::test]
async fn vector_mobilizon_mastodon_reject_activity() {
    let answered = answer_to_our_follow("mobilizon/mastodon-reject-activity.json").await;
    assert_eq!(answered, (None, vec![("activities", 1), ("follows", -1)]));
}

/// A Follow of our person rose: accepted (202), nothing of it kept, and a Reject queued for
/// the follower.
async fn follow_of_our_person(path: &str) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let mut follow = net.rehost(&document);
    follow["object"] = json!(rose(&app).await);
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &follow).await.0, 202);
    assert_eq!(changes(&app, &before).await, [("activities", 1), ("deliveries", 1)]);
    let queued = deliveries::Entity::find().one(&app.app.db).await.unwrap().unwrap();
    let reject: Value = serde_json::from_str(&queued.activity).unwrap();
    assert_eq!((reject["type"].as_str(), &reject["object"]["id"]), (Some("Reject"), &follow["id"]));
    assert_eq!(queued.inbox_url, format!("{}/inbox", actor_of(&follow)));
}

#[tokio::test]
async fn vector_mobilizon_mastodon_follow_activity() {
    follow_of_our_person("mobilizon/mastodon-follow-activity.json").await;
}

#[tokio::test]
async fn vector_pleroma_hubzilla_follow_activity() {
    follow_of_our_person("pleroma/hubzilla-follow-activity.json").await;
}

#[tokio::test]
async fn vector_pleroma_osada_follow_activity() {
    follow_of_our_person("pleroma/osada-follow-activity.json").await;
}

/// An instance actor follows our relay with the embedded Follow of an Undo, then undoes it.
async fn undo_of_a_follow_of_our_relay(path: &str) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let mut undo = net.rehost(&document);
    net.actor(&actor_of(&undo), "Application");
    undo["object"]["object"] = json!(app.local_actor("relay").await.ap_id);
    assert_eq!(net.post(&app, &undo["object"]).await.0, 202);
    let before = counts(&app).await;
    assert_eq!(follows::Entity::find().count(&app.app.db).await.unwrap(), 1, "followed");
    assert_eq!(net.post(&app, &undo).await.0, 202);
    assert_eq!(changes(&app, &before).await, [("activities", 1), ("follows", -1)]);
}

#[tokio::test]
async fn vector_mobilizon_mastodon_unfollow_activity() {
    undo_of_a_follow_of_our_relay("mobilizon/mastodon-unfollow-activity.json").await;
}

#[tokio::test]
async fn vector_lemmy_lemmy_undo_follow() {
    undo_of_a_follow_of_our_relay("lemmy/lemmy-undo-follow.json").await;
}

/// The participation of `actor` in our event, if any: its role and message.
async fn participation(app: &TestApp, actor: &str) -> Option<(String, String)> {
    let actor = actors::Entity::find().filter(actors::Column::ApId.eq(actor)).one(&app.app.db).await.unwrap()?;
    let row = participations::Entity::find()
        .filter(participations::Column::ActorId.eq(actor.id))
        .one(&app.app.db)
        .await
        .unwrap()?;
    Some((row.role, row.message))
}

/// A Join of our event (free, or needing approval): the answer, the participation it made,
/// and what changed.
async fn join_of_our_event(path: &str, join_mode: &str) -> (u16, Option<(String, String)>, Vec<(&'static str, i64)>) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let mut join = net.rehost(&document);
    join["object"] = json!(our_event(&app, join_mode).await);
    let before = counts(&app).await;
    let (status, _) = net.post(&app, &join).await;
    (status, participation(&app, &actor_of(&join)).await, changes(&app, &before).await)
}

/// Joined and accepted at once: the participation, and the Accept queued.
const ACCEPTED_AT_ONCE: [(&str, i64); 3] = [("activities", 1), ("participations", 1), ("deliveries", 1)];

#[tokio::test]
async fn vector_mobilizon_mobilizon_join_activity() {
    let joined = join_of_our_event("mobilizon/mobilizon-join-activity.json", "free").await;
    assert_eq!(joined, (202, Some(("participant".into(), String::new())), ACCEPTED_AT_ONCE.to_vec()));
}

#[tokio::test]
async fn vector_fedidevs_communecter_join_event() {
    let joined = join_of_our_event("fedidevs/communecter-join-event.json", "free").await;
    assert_eq!(joined, (202, Some(("participant".into(), String::new())), ACCEPTED_AT_ONCE.to_vec()));
}

#[tokio::test]
async fn vector_pleroma_mobilizon_event_join() {
    // The Join's id is on another server than its actor's (the fixture was edited).
    let joined = join_of_our_event("pleroma/mobilizon-event-join.json", "free").await;
    assert_eq!(joined, (403, None, vec![]));
}

#[tokio::test]
async fn vector_mobilizon_docs_join_participation_message() {
    // Approval needed: pending with its message, nothing sent yet.
    let joined = join_of_our_event("mobilizon/docs-join-participation-message.json", "restricted").await;
    let pending = Some(("pending".into(), "I want to join\u{a0}!".into()));
    assert_eq!(joined, (202, pending, vec![("activities", 1), ("participations", 1)]));
}

/// A Leave of our event by someone who joined it (with a Join of another id).
async fn leave_of_our_event(path: &str, re_address: impl FnOnce(&mut Value, &str)) -> Vec<(&'static str, i64)> {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let mut leave = net.rehost(&document);
    let event = our_event(&app, "free").await;
    let actor = actor_of(&leave);
    let join =
        json!({"@context": AS, "id": format!("{actor}/join/1"), "type": "Join", "actor": actor, "object": event});
    assert_eq!(net.post(&app, &join).await.0, 202);
    assert!(participation(&app, &actor).await.is_some());
    re_address(&mut leave, &event);
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &leave).await.0, 202);
    changes(&app, &before).await
}

#[tokio::test]
async fn vector_mobilizon_mobilizon_leave_activity() {
    let left = leave_of_our_event("mobilizon/mobilizon-leave-activity.json", |leave, event| {
        leave["object"] = json!(event);
    });
    assert_eq!(left.await, [("activities", 1), ("participations", -1)]);
}

#[tokio::test]
async fn vector_fedidevs_communecter_leave_target() {
    // The object is the actor itself, the event is the `target`.
    let left = leave_of_our_event("fedidevs/communecter-leave-target.json", |leave, event| {
        leave["target"] = json!(event);
    });
    assert_eq!(left.await, [("activities", 1), ("participations", -1)]);
}

/// A Create of an Event by an actor of a server our relay follows (after `re_address`, which
/// may serve documents of the hosts of `also`): the answer, what changed, and the event
/// stored, if any.
async fn event_from_a_followed_server(
    path: &str,
    also: Option<&Value>,
    re_address: impl FnOnce(&mut Value, &Net),
) -> (u16, String, Vec<(&'static str, i64)>, Option<events::Model>) {
    let document = fixture(path);
    let (app, net) = world(&[Some(&document), also].into_iter().flatten().collect::<Vec<_>>()).await;
    let mut create = net.rehost(&document);
    let sender = actor_of(&create);
    let follow = follow_of_ours(&app, &net, &format!("{}/instance-actor", origin(&sender))).await;
    app.sql(&format!("UPDATE follows SET state = 'accepted' WHERE ap_id = '{follow}'")).await;
    net.actor(&sender, "Person");
    re_address(&mut create, &net);
    let before = counts(&app).await;
    let (status, body) = net.post(&app, &create).await;
    let object = create["object"].as_str().or_else(|| create["object"]["id"].as_str()).unwrap();
    let stored = events::Entity::find().filter(events::Column::ApId.eq(object)).one(&app.app.db).await.unwrap();
    (status, error(status, &body), changes(&app, &before).await, stored)
}

/// Stored: the event row and the activity.
const EVENT_STORED: [(&str, i64); 2] = [("activities", 1), ("events", 1)];

/// The event a followed server's `Create` of `path` stored, as it is (202, event stored).
async fn stored_event(path: &str) -> events::Model {
    let (status, _, changed, event) = event_from_a_followed_server(path, None, |_, _| {}).await;
    assert_eq!((status, changed), (202, EVENT_STORED.to_vec()));
    event.unwrap()
}

#[tokio::test]
async fn vector_mobilizon_gancio_event_activity() {
    let event = stored_event("mobilizon/gancio-event-activity.json").await;
    assert_eq!((event.title.as_str(), event.place_name.as_str()), ("Demo event", "Colosseo"));
    assert_eq!(event.starts_at.to_rfc3339(), "2021-07-14T15:30:57+00:00");
}

#[tokio::test]
async fn vector_mobilizon_mobilizon_post_activity() {
    assert_eq!(stored_event("mobilizon/mobilizon-post-activity.json").await.title, "My first event");
}

#[tokio::test]
async fn vector_mobilizon_mobilizon_post_activity_media() {
    assert_eq!(stored_event("mobilizon/mobilizon-post-activity-media.json").await.title, "My first event");
}

#[tokio::test]
async fn vector_mobilizon_mobilizon_post_activity_media_1() {
    assert_eq!(stored_event("mobilizon/mobilizon-post-activity-media-1.json").await.title, "My first event");
}

#[tokio::test]
async fn vector_mobilizon_mobilizon_post_activity_media_2() {
    assert_eq!(stored_event("mobilizon/mobilizon-post-activity-media-2.json").await.title, "My first event");
}

#[tokio::test]
async fn vector_mobilizon_mobilizon_post_activity_group() {
    // Addressed to the group only: stored, private (shown to nobody here).
    assert_eq!(stored_event("mobilizon/mobilizon-post-activity-group.json").await.visibility, "private");
}

#[tokio::test]
async fn vector_wordpress_activitypub_outbox_create_event() {
    // The Event's id is on another host than the actor's (example.com, example.org)…
    let path = "wordpress-activitypub/outbox-create-event.json";
    let (status, error, changed, event) = event_from_a_followed_server(path, None, |_, _| {}).await;
    assert_eq!((status, error.as_str(), changed, event), (403, FOREIGN_ORIGIN.1, vec![], None));
    // …and once on the actor's, its startTime, 2030-02-29, does not exist.
    let (status, error, changed, event) = event_from_a_followed_server(path, None, |create, _| {
        let id = format!("{}/3", origin(&actor_of(create)));
        create["object"]["id"] = json!(id);
    })
    .await;
    assert_eq!((status, error.as_str(), changed, event), (400, "the event is unusable", vec![], None));
}

#[tokio::test]
async fn vector_fedidevs_communecter_create_event() {
    // The Event by address: fetched from its origin. Communecter's documented Event has another
    // id and organizer; served at the Create's object, by the Create's actor.
    let (path, documented) = ("fedidevs/communecter-create-event.json", fixture("fedidevs/communecter-event.json"));
    let (status, _, changed, event) = event_from_a_followed_server(path, Some(&documented), |create, net| {
        let mut event = net.rehost(&documented);
        event["id"] = create["object"].clone();
        event["attributedTo"] = create["actor"].clone();
        net.serve(&event);
    })
    .await;
    assert_eq!((status, changed), (202, EVENT_STORED.to_vec()));
    assert_eq!(event.unwrap().title, "Community Cleanup Event");
}

/// The comment of id `ap_id`, if stored: its author's id and its HTML.
async fn comment(app: &TestApp, ap_id: &str) -> Option<(String, String)> {
    let row = comments::Entity::find().filter(comments::Column::ApId.eq(ap_id)).one(&app.app.db).await.unwrap()?;
    let author = actors::Entity::find_by_id(row.author_id).one(&app.app.db).await.unwrap().unwrap();
    Some((author.ap_id, row.body_html))
}

/// A Create of a Note (as the vector has it, else the Note embedded in a Create by its
/// author), answering our event: the answer, the comment stored, and what changed.
async fn reply_to_our_event(path: &str) -> (u16, Option<(String, String)>, Vec<(&'static str, i64)>) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let document = net.rehost(&document);
    let mut create = match document["type"].as_str() {
        Some("Create") => document,
        _ => json!({
            "@context": AS,
            "id": format!("{}/activity", document["id"].as_str().unwrap()),
            "type": "Create",
            "actor": document["attributedTo"],
            "to": document["to"],
            "object": document,
        }),
    };
    create["object"]["inReplyTo"] = json!(our_event(&app, "free").await);
    let before = counts(&app).await;
    let (status, _) = net.post(&app, &create).await;
    let stored = comment(&app, create["object"]["id"].as_str().unwrap()).await;
    (status, stored, changes(&app, &before).await)
}

/// Stored: the comment and the activity.
const COMMENT_STORED: [(&str, i64); 2] = [("activities", 1), ("comments", 1)];

/// A Note answering our event becomes a comment by its author, with `words` in its HTML.
async fn becomes_a_comment(path: &str, words: &str) {
    let (status, stored, changed) = reply_to_our_event(path).await;
    assert_eq!((status, changed), (202, COMMENT_STORED.to_vec()));
    let (author, html) = stored.unwrap();
    assert!(author.starts_with("http://127.0.0.1:"), "{author}");
    assert!(html.contains(words), "{html}");
}

#[tokio::test]
async fn vector_mobilizon_mastodon_post_activity() {
    becomes_a_comment("mobilizon/mastodon-post-activity.json", "tcit").await;
}

#[tokio::test]
async fn vector_wordpress_activitypub_gotosocial_reply() {
    becomes_a_comment("wordpress-activitypub/gotosocial-reply.json", "<p>").await;
}

#[tokio::test]
async fn vector_wordpress_activitypub_akkoma_reply() {
    becomes_a_comment("wordpress-activitypub/akkoma-reply.json", "Lorem ipsum").await;
}

#[tokio::test]
async fn vector_mobilizon_mastodon_status() {
    becomes_a_comment("mobilizon/mastodon-status.json", "<p>").await;
}

#[tokio::test]
async fn vector_mobilizon_mastodon_status_2() {
    becomes_a_comment("mobilizon/mastodon-status-2.json", "<p>").await;
}

#[tokio::test]
async fn vector_mobilizon_mastodon_status_4() {
    becomes_a_comment("mobilizon/mastodon-status-4.json", "<p>").await;
}

#[tokio::test]
async fn vector_mobilizon_pleroma_comment_object() {
    becomes_a_comment("mobilizon/pleroma-comment-object.json", "").await;
}

#[tokio::test]
async fn vector_mobilizon_mastodon_post_activity_private() {
    // Addressed to one person, not to the public: never shown as a comment.
    let (status, stored, changed) = reply_to_our_event("mobilizon/mastodon-post-activity-private.json").await;
    assert_eq!((status, stored, changed), (202, None, vec![]));
}

#[tokio::test]
async fn vector_mobilizon_https_info_pleroma_site_activity() {
    // The note's id is on another server than its author's.
    let (status, stored, changed) = reply_to_our_event("mobilizon/https__info.pleroma.site_activity.json").await;
    assert_eq!((status, stored, changed), (403, None, vec![]));
}

#[tokio::test]
async fn vector_mobilizon_mastodon_status_3() {
    // A reply to status-4: once status-4 answers our event, status-3 joins its thread.
    let (root, reply) = (fixture("mobilizon/mastodon-status-4.json"), fixture("mobilizon/mastodon-status-3.json"));
    let (app, net) = world(&[&root, &reply]).await;
    let (mut root, reply) = (net.rehost(&root), net.rehost(&reply));
    root["inReplyTo"] = json!(our_event(&app, "free").await);
    for note in [&root, &reply] {
        let create = json!({
            "@context": AS,
            "id": format!("{}/activity", note["id"].as_str().unwrap()),
            "type": "Create",
            "actor": note["attributedTo"],
            "object": note,
        });
        assert_eq!(net.post(&app, &create).await.0, 202);
    }
    let row = |id: &Value| comments::Entity::find().filter(comments::Column::ApId.eq(id.as_str().unwrap()));
    let root = row(&root["id"]).one(&app.app.db).await.unwrap().unwrap();
    let reply = row(&reply["id"]).one(&app.app.db).await.unwrap().unwrap();
    assert_eq!(reply.parent_id, Some(root.id));
}

#[tokio::test]
async fn vector_mobilizon_mastodon_status_5() {
    // A reply to a PeerTube video, as it is: nothing of ours, ignored.
    let document = fixture("mobilizon/mastodon-status-5.json");
    let (app, net) = world(&[&document]).await;
    let note = net.rehost(&document);
    let create = json!({"@context": AS, "id": format!("{}/activity", note["id"].as_str().unwrap()),
        "type": "Create", "actor": note["attributedTo"], "object": note});
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &create).await.0, 202);
    assert_eq!(changes(&app, &before).await, []);
}

#[tokio::test]
async fn vector_mobilizon_mastodon_delete() {
    // The Tombstone of a comment its author wrote here.
    let document = fixture("mobilizon/mastodon-delete.json");
    let (app, net) = world(&[&document]).await;
    let delete = net.rehost(&document);
    let author = actor_of(&delete);
    let note = json!({"id": delete["object"]["id"], "type": "Note", "attributedTo": author, "to": [format!("{AS}#Public")],
        "content": "<p>Hello</p>", "inReplyTo": our_event(&app, "free").await});
    let create =
        json!({"@context": AS, "id": format!("{author}/create/1"), "type": "Create", "actor": author, "object": note});
    assert_eq!(net.post(&app, &create).await.0, 202);
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &delete).await.0, 202);
    assert_eq!(changes(&app, &before).await, [("activities", 1)]);
    let row = comments::Entity::find().filter(comments::Column::ApId.eq(delete["object"]["id"].as_str().unwrap()));
    let row = row.one(&app.app.db).await.unwrap().unwrap();
    assert!(row.deleted_at.is_some() && row.body_html.is_empty(), "{row:?}");
}

/// An actor we know deletes itself: its row becomes a tombstone.
async fn actor_deletes_itself(path: &str) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let delete = net.rehost(&document);
    let actor = actor_of(&delete);
    net.actor(&actor, "Person");
    Fetcher::new(app.app.clone()).unwrap().resolve_actor(&actor).await.unwrap();
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &delete).await.0, 202);
    assert_eq!(changes(&app, &before).await, [("activities", 1)]);
    let row = actors::Entity::find().filter(actors::Column::ApId.eq(&actor)).one(&app.app.db).await.unwrap().unwrap();
    assert!(row.deleted_at.is_some() && row.public_key_id.is_none(), "{row:?}");
}

#[tokio::test]
async fn vector_mobilizon_mastodon_delete_user() {
    actor_deletes_itself("mobilizon/mastodon-delete-user.json").await;
}

#[tokio::test]
async fn vector_lemmy_lemmy_delete_user() {
    actor_deletes_itself("lemmy/lemmy-delete-user.json").await;
}

#[tokio::test]
async fn vector_mobilizon_mastodon_update() {
    let document = fixture("mobilizon/mastodon-update.json");
    let (app, net) = world(&[&document]).await;
    let mut update = net.rehost(&document);
    let actor = actor_of(&update);
    let stored = || actors::Entity::find().filter(actors::Column::ApId.eq(&actor)).one(&app.app.db);
    // Its key was cut short in the fixture: the new version is unusable, the old one stays.
    let (status, body) = net.post(&app, &update).await;
    assert_eq!((status, error(status, &body).as_str()), (400, "the updated actor is unusable"));
    assert_eq!(stored().await.unwrap().unwrap().display_name, "framasoft");
    assert_eq!(activities::Entity::find().count(&app.app.db).await.unwrap(), 0);
    // With a whole key, it replaces the stored one.
    update["object"]["publicKey"] =
        json!({"id": format!("{actor}#main-key"), "owner": actor, "publicKeyPem": net.keys.public_pem});
    let before = counts(&app).await;
    assert_eq!(net.post(&app, &update).await.0, 202);
    assert_eq!(changes(&app, &before).await, [("activities", 1)]);
    let row = stored().await.unwrap().unwrap();
    assert_eq!((row.display_name.as_str(), row.bio_html.as_str()), ("nextsoft", "<p>Some bio</p>"));
}

/// Looks `query` up as the search box does, for an account of id 1.
async fn look_up(app: &TestApp, query: &str) -> Result<Found, LookupError> {
    lookup::lookup(&Fetcher::new(app.app.clone()).unwrap(), 1, query).await
}

/// The document at `path`, served at its id (hosts rewritten) and looked up: what the lookup
/// found, and the rows of remote actors and events afterwards.
async fn looked_up(path: &str, organizer: bool) -> (Result<Found, LookupError>, u64, u64) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let document = net.rehost(&document);
    net.serve(&document);
    if organizer {
        let event: Event = serde_json::from_value(document.clone()).unwrap();
        net.actor(ensemble_federation::organizer_of(&event).unwrap(), "Person");
    }
    let found = look_up(&app, document["id"].as_str().unwrap()).await;
    let remote_actors = actors::Entity::find().filter(actors::Column::Domain.is_not_null()).count(&app.app.db);
    let remote_events = events::Entity::find().filter(events::Column::Domain.is_not_null()).count(&app.app.db);
    (found, remote_actors.await.unwrap(), remote_events.await.unwrap())
}

/// An actor document, looked up: stored with its kind (`person`, `group`, `application`)
/// and `name` (else its username).
async fn actor_stored(path: &str, kind: &str, name: &str) {
    let (found, remote_actors, _) = looked_up(path, false).await;
    let Ok(Found::Actor(actor)) = found else { panic!("{found:?}") };
    assert_eq!((actor.kind.as_str(), actor.display_name.as_str(), remote_actors), (kind, name, 1));
    assert!(actor.domain.is_some() && actor.public_key_id.is_some() && actor.inbox_url.is_some(), "{actor:?}");
}

macro_rules! actors {
    ($($name:ident: $path:literal => $kind:literal, $display:literal,)*) => {$(
        #[tokio::test]
        async fn $name() {
            actor_stored($path, $kind, $display).await;
        }
    )*};
}

actors! {
    vector_mobilizon_gancio_actor: "mobilizon/gancio-actor.json" => "application", "gancio",
    vector_mobilizon_mastodon_actor: "mobilizon/mastodon-actor.json" => "person", "PeerTube",
    vector_mobilizon_mastodon_tcit_tcit: "mobilizon/mastodon-tcit-tcit.json" => "person", "🦄 Thomas Citharel",
    vector_lemmy_mobilizon_group: "lemmy/mobilizon-group.json" => "group", "Contribateliers",
    vector_lemmy_mobilizon_person: "lemmy/mobilizon-person.json" => "person", "Sanof44",
    vector_lemmy_lemmy_group: "lemmy/lemmy-group.json" => "group", "Ten Forward",
    vector_lemmy_lemmy_instance: "lemmy/lemmy-instance.json" => "application", "Enterprise",
    vector_lemmy_peertube_group: "lemmy/peertube-group.json" => "group", "The Linux Experiment",
    vector_lemmy_nodebb_group: "lemmy/nodebb-group.json" => "group", "General Discussion",
    vector_lemmy_discourse_group: "lemmy/discourse-group.json" => "group", "Threadiverse Working Group (SocialHub)",
    vector_lemmy_wordpress_group: "lemmy/wordpress-group.json" => "group", "A Division by Zer0",
    vector_pleroma_mobilizon_org_user: "pleroma/mobilizon.org-user.json" => "person", "Thomas Citharel",
    vector_pleroma_guppe_actor: "pleroma/guppe-actor.json" => "group", "Bernie2020 group",
    vector_pleroma_hubzilla_actor: "pleroma/hubzilla-actor.json" => "person", "testc6 lala",
    vector_pleroma_relay: "pleroma/relay.json" => "application", "ActivityRelay",
    vector_pleroma_wedistribute_user: "pleroma/wedistribute-user.json" => "person", "We Distribute",
    vector_fedidevs_actor_friendica: "fedidevs/actor-friendica.json" => "person", "Tobias",
    vector_fedidevs_actor_hubzilla: "fedidevs/actor-hubzilla.json" => "person", "Scott M. Stolz",
    vector_fedidevs_actor_lemmy_group: "fedidevs/actor-lemmy-group.json" => "group", "Lemmy Support",
    vector_fedidevs_actor_mobilizon_group_framasoft: "fedidevs/actor-mobilizon-group-framasoft.json" => "group", "Framasoft",
}

/// An actor whose key cannot be used: not stored.
async fn actor_refused(path: &str) {
    let (found, remote_actors, _) = looked_up(path, false).await;
    assert!(matches!(found, Err(LookupError::Unsupported)), "{found:?}");
    assert_eq!(remote_actors, 0);
}

#[tokio::test]
async fn vector_pleroma_mastodon_application_actor() {
    // A key whose DER header was mangled in the fixture.
    actor_refused("pleroma/mastodon-application-actor.json").await;
}

#[tokio::test]
async fn vector_gathio_event_actor_template() {
    // A template: its key is a placeholder.
    actor_refused("gathio/event-actor-template.json").await;
}

/// An event document, looked up: stored (with its organizer, fetched).
async fn event_stored(path: &str) -> events::Model {
    let (found, remote_actors, remote_events) = looked_up(path, true).await;
    let Ok(Found::Event(event)) = found else { panic!("{found:?}") };
    assert_eq!((remote_actors, remote_events), (1, 1));
    *event
}

#[tokio::test]
async fn vector_lemmy_mobilizon_event() {
    let event = event_stored("lemmy/mobilizon-event.json").await;
    assert_eq!((event.title.as_str(), event.time_zone.as_str()), ("Caledonian scottish dance class", "Europe/London"));
    assert!(event.latitude.is_some() && event.longitude.is_some(), "{event:?}");
    assert_eq!(event.visibility, "public");
}

#[tokio::test]
async fn vector_pleroma_mobilizon_org_event() {
    let event = event_stored("pleroma/mobilizon.org-event.json").await;
    assert_eq!((event.title.as_str(), event.join_mode.as_str()), ("Mobilizon Launching Party", "free"));
    assert_eq!(event.status, "confirmed");
}

#[tokio::test]
async fn vector_fedidevs_communecter_event() {
    // Its organizer (example.com) is on another server than the event (communecter.org).
    let (found, _, remote_events) = looked_up("fedidevs/communecter-event.json", true).await;
    assert!(matches!(found, Err(LookupError::Refused(_))), "{found:?}");
    assert_eq!(remote_events, 0);
}

#[tokio::test]
async fn vector_wp_event_bridge_gancio_v1_22() {
    // No startTime: refused.
    let (found, _, remote_events) = looked_up("wp-event-bridge/gancio-v1.22.json", true).await;
    assert!(matches!(found, Err(LookupError::Unsupported)), "{found:?}");
    assert_eq!(remote_events, 0);
}

/// Objects we do not read: the lookup says so, and stores nothing.
macro_rules! unsupported {
    ($($name:ident: $path:literal,)*) => {$(
        #[tokio::test]
        async fn $name() {
            let (found, remote_actors, remote_events) = looked_up($path, false).await;
            assert!(matches!(found, Err(LookupError::Unsupported)), "{found:?}");
            assert_eq!((remote_actors, remote_events), (0, 0));
        }
    )*};
}

unsupported! {
    vector_mobilizon_peertube_video: "mobilizon/peertube-video.json",
    vector_mobilizon_mobilizon_members_collection: "mobilizon/mobilizon-members-collection.json",
    vector_lemmy_lemmy_group_moderators: "lemmy/lemmy-group-moderators.json",
    vector_lemmy_lemmy_group_outbox: "lemmy/lemmy-group-outbox.json",
}

/// A WebFinger answer, served at the well-known address of its host: the handle leads to
/// the actor of its `self` link, stored.
async fn handle_resolved(path: &str) {
    let document = fixture(path);
    let (app, net) = world(&[&document]).await;
    let jrd = net.rehost(&document);
    let actor = serde_json::from_value::<Jrd>(jrd.clone()).unwrap().actor_id().unwrap().to_owned();
    net.actor(&actor, "Person");
    let host = origin(&actor).trim_start_matches("http://").to_owned();
    net.serve_at(&format!("http://{host}/.well-known/webfinger"), jrd);
    let found = look_up(&app, &format!("@someone@{host}")).await;
    let Ok(Found::Actor(stored)) = found else { panic!("{found:?}") };
    assert_eq!(stored.ap_id, actor);
}

#[tokio::test]
async fn vector_mobilizon_webfinger_friendica_webfinger() {
    handle_resolved("mobilizon/webfinger/friendica-webfinger.json").await;
}

#[tokio::test]
async fn vector_mobilizon_webfinger_gancio_webfinger() {
    handle_resolved("mobilizon/webfinger/gancio-webfinger.json").await;
}

#[tokio::test]
async fn vector_mobilizon_webfinger_mastodon_webfinger() {
    handle_resolved("mobilizon/webfinger/mastodon-webfinger.json").await;
}

#[tokio::test]
async fn vector_mobilizon_webfinger_peertube_webfinger() {
    handle_resolved("mobilizon/webfinger/peertube-webfinger.json").await;
}

#[tokio::test]
async fn vector_mobilizon_webfinger_pleroma_webfinger() {
    handle_resolved("mobilizon/webfinger/pleroma-webfinger.json").await;
}

/// An event document read by the inward converter (FEP-8a8e's examples have no organizer,
/// which a lookup or the inbox requires: `vector_fep_8a8e_minimal_event` shows it).
fn converted(document: &Value) -> RemoteEvent {
    let event: Event = serde_json::from_value(document.clone()).unwrap();
    ensemble_federation::ap_event_to_remote(&event).unwrap()
}

fn fep(path: &str) -> RemoteEvent {
    converted(&fixture(path))
}

#[tokio::test]
async fn vector_fep_8a8e_minimal_event() {
    let event = fep("fep/8a8e-minimal-event.json");
    assert_eq!(
        (event.title.as_str(), event.starts_at.to_rfc3339()),
        ("New years party", "2014-12-31T23:00:00+00:00".into())
    );
    assert_eq!(event.time_zone, "UTC");
    // As published, without an organizer: not stored.
    let (found, remote_actors, remote_events) = looked_up("fep/8a8e-minimal-event.json", false).await;
    assert!(matches!(found, Err(LookupError::Unsupported)), "{found:?}");
    assert_eq!((remote_actors, remote_events), (0, 0));
}

#[test]
fn vector_fep_8a8e_timezone() {
    let event = fep("fep/8a8e-timezone.json");
    assert_eq!(
        (event.time_zone.as_str(), event.starts_at.to_rfc3339()),
        ("Europe/Rome", "2014-12-31T22:00:00+00:00".into())
    );
}

#[test]
fn vector_fep_8a8e_location_text_address() {
    let event = fep("fep/8a8e-location-text-address.json");
    assert_eq!((event.place_name.as_str(), event.coordinates), ("Foo Bar", Some((47.06829, 15.45634))));
}

#[test]
fn vector_fep_8a8e_location_postal_address() {
    let event = fep("fep/8a8e-location-postal-address.json");
    let address = [&event.street, &event.postal_code, &event.locality, &event.region, &event.country];
    assert_eq!(address, ["15 Fediverse Street", "8010", "Fediverse Town", "Steiermark", "Austria"]);
}

#[test]
fn vector_fep_8a8e_location_virtual() {
    let event = fep("fep/8a8e-location-virtual.json");
    let online = Some("https://jitsi.example.org/fediverse-moderation-meeting".to_owned());
    assert_eq!((event.place_name.as_str(), event.online_url), ("", online));
}

#[test]
fn vector_fep_8a8e_location_hybrid() {
    // The place where it happens, and the first online address (not the place's own site).
    let event = fep("fep/8a8e-location-hybrid.json");
    let online = Some("https://bbb.example.com/meeting-room-1".to_owned());
    assert_eq!((event.place_name.as_str(), event.online_url), ("Fediverse University", online));
}

#[test]
fn vector_fep_8a8e_joinmode_external() {
    let event = fep("fep/8a8e-joinmode-external.json");
    assert_eq!(
        (event.join_mode, event.external_url.as_deref()),
        (JoinMode::External, Some("https://example.org/foo#register"))
    );
}

#[test]
fn vector_fep_8a8e_joinmode_external_mailto() {
    let event = fep("fep/8a8e-joinmode-external-mailto.json");
    let mailto = Some("mailto:fediverse-workshop@example.org");
    assert_eq!((event.join_mode, event.external_url.as_deref()), (JoinMode::External, mailto));
}

#[test]
fn vector_fep_8a8e_attendees_capacity() {
    let event = fep("fep/8a8e-attendees-capacity.json");
    assert_eq!(event.capacity, Some(100));
}

#[test]
fn vector_fep_8a8e_banner() {
    // Pictures of other servers are not copied: the event stands without it.
    let event = fep("fep/8a8e-banner.json");
    assert_eq!(event.title, "New years party");
}

#[test]
fn vector_fep_8a8e_category_single() {
    assert_eq!(fep("fep/8a8e-category-single.json").category, Category::MovementsPolitics);
}

#[test]
fn vector_fep_8a8e_category_multiple() {
    assert_eq!(fep("fep/8a8e-category-multiple.json").category, Category::Music);
}

#[test]
fn vector_fep_8a8e_organizers() {
    // Organizers come from `actor`/`attributedTo`; the collection is not read.
    let document = fixture("fep/8a8e-organizers.json");
    let event: Event = serde_json::from_value(document).unwrap();
    assert_eq!(ensemble_federation::organizer_of(&event), None);
    assert_eq!(ensemble_federation::ap_event_to_remote(&event).unwrap().title, "New Year's Party");
}

/// A location shape, as the `location` of FEP-8a8e's minimal event.
fn at(path: &str) -> RemoteEvent {
    let mut event = fixture("fep/8a8e-minimal-event.json");
    event["location"] = fixture(path);
    converted(&event)
}

#[test]
fn vector_gancio_bad_location_without_a_name() {
    let event = at("gancio/bad-location-without-a-name.json");
    assert_eq!((event.place_name.as_str(), event.online_url), ("", None));
}

#[test]
fn vector_gancio_physical_location_no_address() {
    let event = at("gancio/physical-location-no-address.json");
    assert_eq!((event.place_name.as_str(), event.street.as_str()), ("Location with a name", ""));
}

#[test]
fn vector_gancio_physical_location_with_postal_address() {
    let event = at("gancio/physical-location-with-postal-address.json");
    let place = [&event.place_name, &event.street, &event.locality];
    assert_eq!(place, ["Location with a postal address", "15 Fediverse Street", "Fediverse Town"]);
}

#[test]
fn vector_gancio_physical_location_with_simple_string_address() {
    let event = at("gancio/physical-location-with-simple-string-address.json");
    assert_eq!(event.place_name, "Location with a simple string address");
}

#[test]
fn vector_gancio_physical_location_without_id() {
    assert_eq!(at("gancio/physical-location-without-id.json").place_name, "Location without id");
}

#[test]
fn vector_gancio_virtual_location() {
    let event = at("gancio/virtual-location.json");
    assert_eq!((event.place_name.as_str(), event.online_url.as_deref()), ("", Some("https://virtual.location.org")));
}

#[test]
fn vector_gancio_multiple_mixed_locations() {
    let event = at("gancio/multiple-mixed-locations.json");
    let online = Some("https://virtual.location.org");
    assert_eq!((event.place_name.as_str(), event.online_url.as_deref()), ("Location with a name", online));
}

#[test]
fn vector_bonfire_place() {
    // `type` is an array, the name in `name` and `nameMap`.
    let event = at("bonfire/place.json");
    assert_eq!((event.place_name.as_str(), event.coordinates), ("CERN - Site de Meyrin", Some((46.23343, 6.04718))));
}

/// host-meta: not read. Handles are resolved at `/.well-known/webfinger` directly, where each
/// of these documents points too.
fn host_meta_points_to_webfinger(path: &str) {
    let xml = text(path);
    let templates: Vec<&str> = xml
        .split("template=")
        .skip(1)
        .filter_map(|t| t.chars().next().and_then(|quote| t[1..].split(quote).next()))
        .collect();
    let webfinger = |t: &&str| t.starts_with("https://") && t.ends_with("/.well-known/webfinger?resource={uri}");
    assert!(templates.iter().any(webfinger), "{templates:?}");
}

#[test]
fn vector_mobilizon_webfinger_friendica_host_meta() {
    host_meta_points_to_webfinger("mobilizon/webfinger/friendica-host-meta.xml");
}

#[test]
fn vector_mobilizon_webfinger_gancio_host_meta() {
    host_meta_points_to_webfinger("mobilizon/webfinger/gancio-host-meta.xml");
}

#[test]
fn vector_mobilizon_webfinger_mastodon_host_meta() {
    host_meta_points_to_webfinger("mobilizon/webfinger/mastodon-host-meta.xml");
}

#[test]
fn vector_mobilizon_webfinger_peertube_host_meta() {
    host_meta_points_to_webfinger("mobilizon/webfinger/peertube-host-meta.xml");
}

#[test]
fn vector_mobilizon_webfinger_pleroma_host_meta() {
    host_meta_points_to_webfinger("mobilizon/webfinger/pleroma-host-meta.xml");
}

/// NodeInfo discovery: read when an administrator follows an instance by its domain (its
/// instance actor, FEP-2677); the links parse, with their schema versions.
fn nodeinfo_versions(path: &str) -> Vec<String> {
    let links: NodeInfoLinks = serde_json::from_value(fixture(path)).unwrap();
    links
        .links
        .iter()
        .filter_map(|l| l.rel.strip_prefix("http://nodeinfo.diaspora.software/ns/schema/"))
        .map(str::to_owned)
        .collect()
}

/// Follows the instance `host`, whose `/.well-known/nodeinfo` is the fixture `path`, by its
/// domain, and returns the actor the Follow went to.
async fn follow_by_domain(path: &str, host: &str, actor_path: &str, webfinger: bool) -> String {
    let links = fixture(path);
    let (app, net) = world(&[&links]).await;
    let links = net.rehost(&links);
    let base = net.bases.iter().find(|(name, _)| name == host).unwrap().1.clone();
    net.serve_at(&format!("{base}/.well-known/nodeinfo"), links);
    let actor = format!("{base}{actor_path}");
    net.actor(&actor, "Application");
    if webfinger {
        let host = base.trim_start_matches("http://");
        net.serve_at(
            &format!("{base}/.well-known/webfinger"),
            json!({"subject": format!("acct:relay@{host}"), "links": [{"rel": "self", "type": "application/activity+json", "href": actor}]}),
        );
    }
    let fetcher = Fetcher::new(app.app.clone()).unwrap();
    let domain = base.trim_start_matches("http://");
    let follow = ensemble_federation::outbox::follow_instance(&fetcher, Admin::command_line(), domain).await.unwrap();
    let queued = deliveries::Entity::find().all(&app.app.db).await.unwrap();
    assert_eq!(queued.len(), 1, "the Follow");
    let sent: Value = serde_json::from_str(&queued[0].activity).unwrap();
    assert_eq!((sent["type"].as_str(), sent["object"].as_str()), (Some("Follow"), Some(actor.as_str())));
    follow.actor_ap_id
}

#[tokio::test]
async fn vector_mobilizon_nodeinfo_both_versions() {
    assert_eq!(nodeinfo_versions("mobilizon/nodeinfo/both_versions.json"), ["2.0", "2.1"]);
    // No instance actor named: WebFinger's relay@domain is asked, as Mobilizon does.
    let actor = follow_by_domain("mobilizon/nodeinfo/both_versions.json", "mobilizon.fr", "/relay", true).await;
    assert!(actor.ends_with("/relay"), "{actor}");
}

#[test]
fn vector_mobilizon_nodeinfo_older_versions() {
    assert_eq!(nodeinfo_versions("mobilizon/nodeinfo/older_versions.json"), ["1.1"]);
}

#[test]
fn vector_mobilizon_nodeinfo_regular() {
    assert_eq!(nodeinfo_versions("mobilizon/nodeinfo/regular.json"), ["2.0"]);
}

#[tokio::test]
async fn vector_mobilizon_nodeinfo_wp_event_federation() {
    // FEP-2677: the instance actor, followed when the administrator types the domain.
    let links: NodeInfoLinks = serde_json::from_value(fixture("mobilizon/nodeinfo/wp-event-federation.json")).unwrap();
    assert!(links.links.iter().any(|l| l.rel == APPLICATION_REL && l.href.is_some()), "{links:?}");
    let actor =
        follow_by_domain("mobilizon/nodeinfo/wp-event-federation.json", "event-federation.eu", "/actor-relay", false)
            .await;
    assert!(actor.ends_with("/actor-relay"), "{actor}");
}

#[test]
fn vector_mobilizon_nodeinfo_data() {
    let info: NodeInfo = serde_json::from_value(fixture("mobilizon/nodeinfo/data.json")).unwrap();
    assert_eq!(
        (info.software.name.as_str(), info.protocols.as_slice()),
        ("Mobilizon", ["activitypub".to_owned()].as_slice())
    );
}

#[test]
fn vector_mobilizon_nodeinfo_wp_data() {
    let info: NodeInfo = serde_json::from_value(fixture("mobilizon/nodeinfo/wp-data.json")).unwrap();
    assert_eq!(info.software.name, "wordpress");
}

#[test]
fn vector_fep_fep_8a8e() {
    // FEP-8a8e's context: not fetched nor needed (documents are read as plain JSON), but every
    // FEP-8a8e term of ours means what it means there.
    let theirs = fixture("fep/fep-8a8e.jsonld");
    let ours = ensemble_activitypub::context();
    let prefix = ours[2]["fep8a8e"].as_str().unwrap();
    let id = |v: &Value| v.as_str().or_else(|| v["@id"].as_str()).unwrap().replace("fep8a8e:", prefix);
    let terms = [
        "eventStatus",
        "EventScheduled",
        "EventTentative",
        "EventCancelled",
        "organizers",
        "attendees",
        "isBannerImage",
    ];
    for term in terms {
        assert_eq!(id(&ours[2][term]), id(&theirs["@context"][term]), "{term}");
    }
}
