//! The inbox, between two instances on loopback: B's people sign what they POST to A, and A
//! refuses everything malformed, unsigned, badly signed or forged with the right status and
//! without recording anything; accepts the rest once; and rejects Follows of persons. Also
//! the fetcher behind it, against a fake server.

use crate::helpers::signed_up;
use axum::Router;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use ensemble_activitypub::signatures;
use ensemble_app::rows::{activities, actors, deliveries};
use ensemble_federation::fetch::{ACCEPT, FetchError, Fetcher};
use ensemble_test_support::TestApp;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const AS: &str = "application/activity+json";

/// A (rose) and B (bob), each allowed to reach the other on loopback.
async fn instances() -> (TestApp, TestApp) {
    let a = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    let b = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    signed_up(&a, "rose@example.org", "rose").await;
    signed_up(&b, "bob@example.org", "bob").await;
    (a, b)
}

fn bob(b: &TestApp) -> String {
    format!("{}/@bob", b.base_url)
}

fn follow(a: &TestApp, b: &TestApp, n: u32) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/follows/{n}", b.base_url),
        "type": "Follow",
        "actor": bob(b),
        "object": format!("{}/@rose", a.base_url),
    })
}

fn activity(b: &TestApp, id: &str, kind: &str, object: Value) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/{id}", b.base_url),
        "type": kind,
        "actor": bob(b),
        "object": object,
    })
}

async fn recorded(app: &TestApp) -> u64 {
    activities::Entity::find().count(&app.app.db).await.unwrap()
}

async fn queued(app: &TestApp) -> Vec<deliveries::Model> {
    deliveries::Entity::find().all(&app.app.db).await.unwrap()
}

async fn stored_actor(app: &TestApp, ap_id: &str) -> Option<actors::Model> {
    actors::Entity::find().filter(actors::Column::ApId.eq(ap_id)).one(&app.app.db).await.unwrap()
}

/// What A did with one POST: the status, and the error message for refusals.
async fn post(post: ensemble_test_support::SignedPost) -> (u16, String) {
    let reply = post.send().await;
    let message = if reply.status == 202 {
        String::new()
    } else {
        let error: Value = serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body));
        error["error"].as_str().unwrap_or_default().to_owned()
    };
    (reply.status, message)
}

#[tokio::test]
async fn inbox_refuses_malformed_requests() {
    let (a, b) = instances().await;
    let inbox = format!("{}/inbox", a.base_url);
    let body = follow(&a, &b, 1).to_string();

    let mut html = b.sign_post("bob", &inbox, &body).await;
    html.content_type = "application/x-www-form-urlencoded".into();
    assert_eq!(post(html).await.0, 415);
    let mut plain_json = b.sign_post("bob", &inbox, &body).await;
    plain_json.content_type = "application/json".into();
    assert_eq!(post(plain_json).await.0, 415);

    let mut padded = follow(&a, &b, 1);
    padded["padding"] = json!("x".repeat(300 * 1024));
    assert_eq!(post(b.sign_post("bob", &inbox, &padded.to_string()).await).await.0, 413);

    assert_eq!(post(b.sign_post("bob", &inbox, "{\"id\": ").await).await.0, 400);
    assert_eq!(post(b.sign_post("bob", &inbox, r#"{"type": "Follow"}"#).await).await.0, 400);
    let no_actor = json!({ "id": format!("{}/follows/9", b.base_url), "type": "Follow" }).to_string();
    assert_eq!(post(b.sign_post("bob", &inbox, &no_actor).await).await.0, 400);

    let mut unsigned = b.sign_post("bob", &inbox, &body).await;
    unsigned.key = None;
    assert_eq!(post(unsigned).await, (401, "no signature".into()));

    // RFC 9421 signatures that cover too little, or that we cannot read: 401, so that a
    // double-knocking sender retries with draft-cavage.
    let rfc9421 = |input: String| {
        let b = &b;
        let (inbox, body) = (&inbox, &body);
        async move {
            let mut post = b.sign_post("bob", inbox, body).await;
            post.key = None;
            post.extra_headers = vec![("signature-input".into(), input), ("signature".into(), "sig1=:AAAA:".into())];
            post
        }
    };
    let little = rfc9421(format!("sig1=(\"@method\" \"@target-uri\");keyid=\"{}#main-key\"", bob(&b))).await;
    assert_eq!(post(little).await.0, 401);
    let unread =
        rfc9421(format!("sig1=(\"@method\" \"@query-param\";name=\"q\");keyid=\"{}#main-key\"", bob(&b))).await;
    let (status, message) = post(unread).await;
    assert_eq!(status, 401);
    assert!(message.contains("draft-cavage"), "{message}");

    // Nothing was fetched, recorded or queued.
    assert_eq!(recorded(&a).await, 0);
    assert!(stored_actor(&a, &bob(&b)).await.is_none());
    assert!(queued(&a).await.is_empty());
}

#[tokio::test]
async fn inbox_refuses_bad_signatures() {
    let (a, b) = instances().await;
    let inbox = format!("{}/inbox", a.base_url);
    let body = follow(&a, &b, 1).to_string();

    // Signed with another key (B's instance actor's) under bob's key id.
    let mut forged = b.sign_post("bob", &inbox, &body).await;
    let relay_key = b.local_actor("relay").await.private_key_pem.unwrap();
    forged.key = forged.key.map(|(_, key_id)| (relay_key, key_id));
    assert_eq!(post(forged).await, (401, "the signature does not verify".into()));

    let mut digest = b.sign_post("bob", &inbox, &body).await;
    digest.digest = Some(signatures::digest(b"another body"));
    assert_eq!(post(digest).await, (400, "the digest does not match the body".into()));

    let mut unsigned_digest = b.sign_post("bob", &inbox, &body).await;
    unsigned_digest.signed_headers.retain(|h| *h != "digest");
    assert_eq!(post(unsigned_digest).await.0, 401);

    // The default window is an hour, either way.
    for hours in [-2, 2] {
        let mut stale = b.sign_post("bob", &inbox, &body).await;
        stale.date = chrono::Utc::now() + chrono::Duration::hours(hours);
        assert_eq!(post(stale).await.0, 401, "{hours} h");
    }

    // A valid signature, by an actor that is not the activity's.
    assert_eq!(
        post(b.sign_post("relay", &inbox, &body).await).await,
        (401, "the key does not belong to the activity's actor".into())
    );

    // Bob's key was fetched (and kept) to check the signatures, but nothing was recorded.
    assert!(stored_actor(&a, &bob(&b)).await.is_some());
    assert_eq!(recorded(&a).await, 0);
    assert!(queued(&a).await.is_empty());

    // The same request, signed properly, is accepted.
    assert_eq!(b.signed_post("bob", &inbox, &body).await.status, 202);
    assert_eq!(recorded(&a).await, 1);
}

#[tokio::test]
async fn actors_speak_only_for_their_own_origin() {
    let (a, b) = instances().await;
    let inbox = format!("{}/inbox", a.base_url);
    let rose = format!("{}/@rose", a.base_url);
    let rose_before = a.local_actor("rose").await;
    let forgeries = [
        activity(
            &b,
            "1",
            "Create",
            json!({ "id": format!("{}/comments/x", a.base_url), "type": "Note", "content": "hi" }),
        ),
        activity(&b, "2", "Update", json!({ "id": rose, "type": "Person", "name": "Forged" })),
        activity(&b, "3", "Delete", json!(format!("{}/events/x", a.base_url))),
        activity(&b, "4", "Announce", json!({ "id": format!("{}/events/x", a.base_url), "type": "Event" })),
        // An activity id on another origin than its actor's.
        json!({ "id": format!("{}/follows/1", a.base_url), "type": "Follow", "actor": bob(&b), "object": rose }),
    ];
    for forged in forgeries {
        let (status, message) = post(b.sign_post("bob", &inbox, &forged.to_string()).await).await;
        assert_eq!(status, 403, "{forged}");
        assert_eq!(message, "an actor may only speak for its own origin");
    }
    assert_eq!(recorded(&a).await, 0);
    assert_eq!(a.local_actor("rose").await, rose_before);

    // Sharing someone else's object by its address is fine.
    let by_address = activity(&b, "5", "Announce", json!(format!("{}/events/x", a.base_url)));
    assert_eq!(b.signed_post("bob", &inbox, &by_address.to_string()).await.status, 202);
}

#[tokio::test]
async fn a_follow_of_a_person_is_rejected_once() {
    let (a, b) = instances().await;
    let body = follow(&a, &b, 1).to_string();
    let rose = a.local_actor("rose").await;

    assert_eq!(b.signed_post("bob", &format!("{}/@rose/inbox", a.base_url), &body).await.status, 202);
    let queue = queued(&a).await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].inbox_url, format!("{}/inbox", bob(&b)));
    assert_eq!(queue[0].actor_id, rose.id);
    let reject: Value = serde_json::from_str(&queue[0].activity).unwrap();
    assert_eq!(reject["type"], "Reject");
    assert_eq!(reject["actor"], rose.ap_id);
    assert_eq!(reject["object"]["id"], format!("{}/follows/1", b.base_url));
    assert_eq!(reject["object"]["actor"], bob(&b));
    assert_eq!(reject["to"], json!([bob(&b)]));

    // The same Follow again, even through another inbox: accepted, and nothing changes.
    assert_eq!(b.signed_post("bob", &format!("{}/inbox", a.base_url), &body).await.status, 202);
    assert_eq!(recorded(&a).await, 1);
    assert_eq!(queued(&a).await.len(), 1);

    // The Reject goes out signed by rose, and B's inbox accepts it (after fetching her key).
    assert_eq!(a.run_deliveries().await, 1);
    assert!(queued(&a).await.is_empty(), "the Reject was not delivered");
    let received = activities::Entity::find().one(&b.app.db).await.unwrap();
    assert_eq!(received.map(|r| r.kind), None, "B does not handle Reject yet, and records nothing");
    assert!(stored_actor(&b, &rose.ap_id).await.is_some());
}

#[tokio::test]
async fn unknown_types_and_recipients() {
    let (a, b) = instances().await;
    let like = activity(&b, "1", "Like", json!(format!("{}/events/x", a.base_url))).to_string();
    for path in ["/inbox", "/relay/inbox", "/@rose/inbox"] {
        assert_eq!(b.signed_post("bob", &format!("{}{path}", a.base_url), &like).await.status, 202, "{path}");
    }
    assert_eq!(recorded(&a).await, 0);

    for path in ["/@nobody/inbox", "/rose/inbox"] {
        let reply = b.signed_post("bob", &format!("{}{path}", a.base_url), &like).await;
        assert_eq!(reply.status, 404, "{path}");
        let error: Value = serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{path}: {e}: {}", reply.body));
        assert_eq!(error["error"], "not found");
    }

    // Inboxes are for POSTs only.
    assert_eq!(reqwest::get(format!("{}/@rose/inbox", a.base_url)).await.unwrap().status(), 404);

    // Servers send neither Origin nor Sec-Fetch-Site; a browser posting from another site does,
    // and is stopped before the inbox (it could not have signed anyway).
    let mut cross_site = b.sign_post("bob", &format!("{}/inbox", a.base_url), &like).await;
    cross_site.extra_headers =
        vec![("origin".into(), "https://evil.example".into()), ("sec-fetch-site".into(), "cross-site".into())];
    assert_eq!(cross_site.send().await.status, 403);
}

#[tokio::test]
async fn remote_actors_update_and_delete_themselves() {
    let (a, b) = instances().await;
    let inbox = format!("{}/inbox", a.base_url);
    assert_eq!(b.signed_post("bob", &inbox, &follow(&a, &b, 1).to_string()).await.status, 202);
    assert_eq!(stored_actor(&a, &bob(&b)).await.unwrap().display_name, "bob");

    b.sql("UPDATE actors SET display_name = 'Bob Builder' WHERE username = 'bob'").await;
    let document: Value =
        reqwest::Client::new().get(bob(&b)).header("accept", AS).send().await.unwrap().json().await.unwrap();
    let update = activity(&b, "update-1", "Update", document);
    assert_eq!(b.signed_post("bob", &inbox, &update.to_string()).await.status, 202);
    let stored = stored_actor(&a, &bob(&b)).await.unwrap();
    assert_eq!(stored.display_name, "Bob Builder");
    assert_eq!(stored.inbox_url, Some(format!("{}/inbox", bob(&b))));

    let delete = activity(&b, "delete-1", "Delete", json!(bob(&b)));
    assert_eq!(b.signed_post("bob", &inbox, &delete.to_string()).await.status, 202);
    let gone = stored_actor(&a, &bob(&b)).await.unwrap();
    assert!(gone.deleted_at.is_some());
    assert_eq!((gone.display_name.as_str(), gone.public_key_id.as_deref()), ("", None));
    assert_eq!(recorded(&a).await, 3);

    // Nothing bob signs is accepted any more, and the deletion may arrive again harmlessly.
    assert_eq!(b.signed_post("bob", &inbox, &follow(&a, &b, 2).to_string()).await.status, 401);
    assert_eq!(b.signed_post("bob", &inbox, &delete.to_string()).await.status, 202);
    assert_eq!(recorded(&a).await, 3);
}

#[tokio::test]
async fn a_rotated_key_is_fetched_again() {
    let (a, b) = instances().await;
    let inbox = format!("{}/inbox", a.base_url);
    assert_eq!(b.signed_post("bob", &inbox, &follow(&a, &b, 1).to_string()).await.status, 202);

    let keys = ensemble_app::keys::generate().await.unwrap();
    b.sql(&format!(
        "UPDATE actors SET public_key_pem = '{}', private_key_pem = '{}' WHERE username = 'bob'",
        keys.public_pem, keys.private_pem
    ))
    .await;
    // Within a minute of the last fetch, a failing key is not fetched again…
    assert_eq!(b.signed_post("bob", &inbox, &follow(&a, &b, 2).to_string()).await.status, 401);
    // …after that, it is, once.
    let two_minutes_ago = (chrono::Utc::now() - chrono::Duration::minutes(2)).to_rfc3339();
    a.sql(&format!("UPDATE actors SET fetched_at = '{two_minutes_ago}' WHERE domain IS NOT NULL")).await;
    assert_eq!(b.signed_post("bob", &inbox, &follow(&a, &b, 3).to_string()).await.status, 202);
    assert_eq!(stored_actor(&a, &bob(&b)).await.unwrap().public_key_pem, keys.public_pem);
}

/// Another server, on loopback, serving what the fetcher must take or refuse.
struct FakeServer {
    base: String,
    port: u16,
    /// Requests of `/actor`, with their headers.
    actor_requests: Arc<Mutex<Vec<HeaderMap>>>,
}

impl FakeServer {
    async fn start(public_pem: &str) -> FakeServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let actor_requests = Arc::new(Mutex::new(Vec::new()));
        let document = |value: Value| ([(header::CONTENT_TYPE, AS)], value.to_string()).into_response();
        let actor = json!({
            "id": format!("{base}/actor"),
            "type": "Person",
            "preferredUsername": "ada",
            "inbox": format!("{base}/actor/inbox"),
            "publicKey": { "id": format!("{base}/key"), "owner": format!("{base}/actor"), "publicKeyPem": public_pem },
        });
        let key = |id: &str| json!({ "id": format!("{base}/{id}"), "owner": format!("{base}/actor"), "publicKeyPem": public_pem });
        let (stolen, key) = (key("stolen-key"), key("key"));
        let requests = actor_requests.clone();
        let router = Router::new()
            .route(
                "/actor",
                get(move |headers: HeaderMap| async move {
                    requests.lock().unwrap().push(headers);
                    // Slow enough for concurrent fetches of it to overlap.
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    document(actor)
                }),
            )
            .route("/key", get(move || async move { document(key) }))
            .route("/stolen-key", get(move || async move { document(stolen) }))
            .route("/moved", get(|| async { Redirect::temporary("/actor") }))
            .route("/away", get(move || async move { Redirect::temporary(&format!("http://localhost:{port}/actor")) }))
            .route("/loop", get(|| async { Redirect::temporary("/loop") }))
            .route("/huge", get(move || async move { document(json!({ "id": "x", "padding": "x".repeat(2 << 20) })) }))
            .route("/page", get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<html></html>").into_response() }));
        tokio::spawn(async move { axum::serve(listener, router).await });
        FakeServer { base, port, actor_requests }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn actor_hits(&self) -> usize {
        self.actor_requests.lock().unwrap().len()
    }
}

#[tokio::test]
async fn inbox_fetcher_signs_checks_and_serialises() {
    let a = TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await;
    let keys = ensemble_app::keys::generate().await.unwrap();
    let remote = FakeServer::start(&keys.public_pem).await;
    let fetcher = Arc::new(Fetcher::new(a.app.clone()).unwrap());

    // Signed by the instance actor, over the request target, host and date.
    let document = fetcher.get(&remote.url("/actor")).await.unwrap();
    assert_eq!(document["id"], remote.url("/actor"));
    let headers = remote.actor_requests.lock().unwrap()[0].clone();
    assert_eq!(headers[header::ACCEPT], ACCEPT);
    let signature = signatures::SignatureHeader::parse(headers["signature"].to_str().unwrap()).unwrap();
    let relay = a.local_actor("relay").await;
    assert_eq!(signature.key_id, format!("{}#main-key", relay.ap_id));
    let value = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    let key = signatures::PublicKey::from_pem(&relay.public_key_pem).unwrap();
    signature.verify("GET", "/actor", value, &key).unwrap();

    // Redirects are followed; the document must come from the origin that finally answered.
    assert_eq!(fetcher.get(&remote.url("/moved")).await.unwrap()["id"], remote.url("/actor"));
    assert!(matches!(fetcher.get(&remote.url("/away")).await, Err(FetchError::Origin { .. })));
    assert!(matches!(fetcher.get(&remote.url("/loop")).await, Err(FetchError::Http(_))));
    assert!(matches!(fetcher.get(&remote.url("/huge")).await, Err(FetchError::Http(_))));
    assert!(matches!(fetcher.get(&remote.url("/page")).await, Err(FetchError::Invalid(_))));
    assert!(matches!(fetcher.get(&format!("{}/relay", a.base_url)).await, Err(FetchError::Local(_))));

    // Eight tasks want the same unknown actor at once: one fetch.
    let before = remote.actor_hits();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (fetcher, uri) = (fetcher.clone(), remote.url("/actor"));
        tasks.spawn(async move { fetcher.resolve_actor(&uri).await.map(|a| a.id) });
    }
    let ids: Vec<i64> = tasks.join_all().await.into_iter().map(Result::unwrap).collect();
    assert!(ids.iter().all(|id| *id == ids[0]));
    assert_eq!(remote.actor_hits() - before, 1);

    // A key document names its owner, which must list it.
    let owner = fetcher.key_for(&remote.url("/key"), false).await.unwrap();
    assert_eq!((owner.ap_id, owner.public_key_id), (remote.url("/actor"), Some(remote.url("/key"))));
    assert!(matches!(fetcher.key_for(&remote.url("/stolen-key"), false).await, Err(FetchError::Invalid(_))));
}

#[tokio::test]
async fn inbox_fetcher_refuses_private_addresses() {
    let a = TestApp::spawn().await;
    let keys = ensemble_app::keys::generate().await.unwrap();
    let remote = FakeServer::start(&keys.public_pem).await;
    let fetcher = Fetcher::new(a.app.clone()).unwrap();
    // Loopback, over http or https, by address or by name: refused before any connection.
    // Each redirect is checked the same way (`http::client`), so none can lead there either.
    for url in [
        remote.url("/moved"),
        format!("https://127.0.0.1:{}/moved", remote.port),
        format!("https://localhost:{}/moved", remote.port),
        format!("https://[::1]:{}/moved", remote.port),
    ] {
        let refused = fetcher.get(&url).await;
        assert!(matches!(refused, Err(FetchError::Http(_))), "{url}: {refused:?}");
    }
    assert_eq!(remote.actor_hits(), 0);
}

/// RFC 9421 signatures (what Fedify-based software sends first) are verified as well as
/// draft-cavage ones: the activity is accepted, and a signature too old, or over another body,
/// is refused. (A signature made for another address is refused too: see the `activitypub`
/// crate's test of Fedify's own signature.)
#[tokio::test]
async fn inbox_accepts_rfc9421_signatures() {
    let (a, b) = instances().await;
    let inbox = format!("{}/inbox", a.base_url);
    let signed = |n: u32| {
        let (b, inbox, a) = (&b, &inbox, &a);
        async move {
            let mut post = b.sign_post("bob", inbox, &follow(a, b, n).to_string()).await;
            post.rfc9421 = true;
            post
        }
    };
    let reply = signed(1).await.send().await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    assert_eq!(recorded(&a).await, 1, "the Follow was processed");
    assert_eq!(queued(&a).await.len(), 1, "and answered with a Reject");

    let mut forged = signed(3).await;
    let relay_key = b.local_actor("relay").await.private_key_pem.unwrap();
    forged.key = forged.key.map(|(_, key_id)| (relay_key, key_id));
    let reply = forged.send().await;
    assert_eq!((reply.status, reply.body.contains("does not verify")), (401, true), "{}", reply.body);
    let mut old = signed(4).await;
    old.date = chrono::Utc::now() - chrono::Duration::hours(2);
    assert_eq!(old.send().await.status, 401, "created two hours ago");
    let mut digest = signed(5).await;
    digest.digest = Some(signatures::digest(b"another body"));
    assert_eq!(digest.send().await.status, 400, "Content-Digest of another body");
    assert_eq!(recorded(&a).await, 1);
}
