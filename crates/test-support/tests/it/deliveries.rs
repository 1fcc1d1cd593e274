//! Durable delivery: signed POSTs to a loopback sink, retries with backoff, permanent refusals,
//! instance health, leases that outlive a killed worker, concurrent claimers, the address
//! guard, and the administrators' page.

use crate::helpers::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use chrono::{Duration, Utc};
use ensemble_activitypub::signatures::{PublicKey, SignatureHeader, digest_matches};
use ensemble_app::deliveries::{self, Outcome};
use ensemble_app::rows::{actors, deliveries as delivery_rows, instances};
use ensemble_domain::Role;
use ensemble_test_support::TestApp;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

/// A request the sink received.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// Another server's inbox on loopback: records every request, answers `status`.
#[derive(Clone)]
struct Sink {
    base: String,
    status: Arc<AtomicU16>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Sink {
    async fn start() -> Sink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Sink {
            base: format!("http://{}", listener.local_addr().unwrap()),
            status: Arc::new(AtomicU16::new(202)),
            received: Arc::new(Mutex::new(Vec::new())),
        };
        let router = Router::new().fallback(record).with_state(sink.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        sink
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn host(&self) -> String {
        self.base.trim_start_matches("http://").to_owned()
    }
}

async fn record(State(sink): State<Sink>, uri: Uri, headers: HeaderMap, body: Bytes) -> StatusCode {
    sink.received.lock().unwrap().push(Received { path: uri.to_string(), headers, body: body.to_vec() });
    StatusCode::from_u16(sink.status.load(Ordering::SeqCst)).unwrap()
}

async fn federating() -> TestApp {
    TestApp::spawn_with(|s| s.federation.allow_private_networks = true).await
}

/// A local identity to sign with.
async fn signer(app: &TestApp, name: &str) -> actors::Model {
    ensemble_app::accounts::admin::create_user(
        &app.app,
        &format!("{name}@example.org"),
        name,
        Some(PASSWORD),
        Role::User,
    )
    .await
    .unwrap();
    actors::Entity::find().filter(actors::Column::Username.eq(name)).one(&app.app.db).await.unwrap().unwrap()
}

/// Queues in a transaction, as a use case does.
async fn enqueue(app: &TestApp, actor: &actors::Model, inboxes: &[String], activity: &str) {
    let txn = ensemble_store::begin_write(&app.app.db).await.unwrap();
    deliveries::enqueue(&txn, actor.id, inboxes, activity).await.unwrap();
    txn.commit().await.unwrap();
}

async fn queued(app: &TestApp) -> Vec<delivery_rows::Model> {
    delivery_rows::Entity::find().all(&app.app.db).await.unwrap()
}

async fn instance(app: &TestApp, host: &str) -> instances::Model {
    instances::Entity::find().filter(instances::Column::Host.eq(host)).one(&app.app.db).await.unwrap().unwrap()
}

/// Makes every queued delivery due now, as if its backoff had passed.
async fn make_due(app: &TestApp) {
    for row in queued(app).await {
        delivery_rows::ActiveModel {
            id: Set(row.id),
            run_at: Set(Utc::now() - Duration::seconds(1)),
            ..Default::default()
        }
        .update(&app.app.db)
        .await
        .unwrap();
    }
}

const ACTIVITY: &str =
    r#"{"@context":"https://www.w3.org/ns/activitystreams","type":"Create","id":"https://h.example/a/1"}"#;

#[tokio::test]
async fn deliveries_are_signed_deduplicated_and_verify() {
    let app = federating().await;
    let sink = Sink::start().await;
    let rose = signer(&app, "rose").await;
    let shared = format!("{}/inbox", sink.base);
    let personal = format!("{}/users/ada/inbox?x=1", sink.base);
    enqueue(&app, &rose, &[shared.clone(), personal.clone(), shared.clone(), format!(" {shared}")], ACTIVITY).await;
    assert_eq!(queued(&app).await.len(), 2, "identical inboxes are delivered once");

    assert_eq!(app.run_deliveries().await, 2);
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received.iter().map(|r| r.path.as_str()).collect::<HashSet<_>>(),
        HashSet::from(["/inbox", "/users/ada/inbox?x=1"])
    );
    let key = PublicKey::from_pem(&rose.public_key_pem).unwrap();
    for request in &received {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(request.body, ACTIVITY.as_bytes());
        assert_eq!(header("content-type").as_deref(), Some("application/activity+json"));
        assert!(digest_matches(&header("digest").unwrap(), &request.body), "Digest is the body's");
        let signature = SignatureHeader::parse(&header("signature").unwrap()).unwrap();
        assert_eq!(signature.key_id, format!("{}#main-key", rose.ap_id));
        assert_eq!(signature.algorithm.as_deref(), Some("rsa-sha256"));
        assert_eq!(signature.headers, ["(request-target)", "host", "date", "digest", "content-type"]);
        assert_eq!(header("host").as_deref(), Some(sink.host().as_str()));
        signature.verify("POST", &request.path, header, &key).unwrap();
        // The same signature does not pass for another path: it covers the request target.
        assert!(signature.verify("POST", "/other", header, &key).is_err());
    }
    assert!(queued(&app).await.is_empty(), "delivered rows leave the queue");
    let health = instance(&app, &sink.host()).await;
    assert!(health.last_success_at.is_some());
    assert_eq!(health.consecutive_failures, 0);
    assert_eq!(app.run_deliveries().await, 0, "nothing is delivered twice");
}

#[tokio::test]
async fn failed_deliveries_back_off_and_a_success_revives_the_instance() {
    let app = federating().await;
    let sink = Sink::start().await;
    let rose = signer(&app, "rose").await;
    sink.answer(500);
    enqueue(&app, &rose, &[format!("{}/inbox", sink.base)], ACTIVITY).await;
    let before = Utc::now();
    assert_eq!(app.run_deliveries().await, 1);

    let [row] = queued(&app).await.try_into().unwrap();
    assert_eq!(row.attempts, 1);
    assert!(row.failed_at.is_none() && row.lease_until.is_none());
    assert!(row.last_error.as_deref().unwrap().contains("500"), "{:?}", row.last_error);
    let wait = row.run_at - before;
    assert!(wait >= Duration::seconds(55) && wait <= Duration::seconds(75), "first retry after a minute, not {wait}");
    let health = instance(&app, &sink.host()).await;
    assert_eq!(health.consecutive_failures, 1);
    assert!(health.last_failure_at.is_some() && health.dead_since.is_none());
    assert_eq!(app.run_deliveries().await, 0, "not due before its backoff");

    // The second failure waits twice as long.
    make_due(&app).await;
    let before = Utc::now();
    assert_eq!(app.run_deliveries().await, 1);
    let [row] = queued(&app).await.try_into().unwrap();
    assert_eq!(row.attempts, 2);
    let wait = row.run_at - before;
    assert!(
        wait >= Duration::seconds(115) && wait <= Duration::seconds(135),
        "second retry after two minutes, not {wait}"
    );
    let summary = deliveries::queue(&app.app).await.unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!((summary[0].queued, summary[0].failed, summary[0].consecutive_failures), (1, 0, 2));
    assert_eq!(summary[0].next_attempt_at, Some(row.run_at));

    sink.answer(202);
    make_due(&app).await;
    assert_eq!(app.run_deliveries().await, 1);
    assert!(queued(&app).await.is_empty());
    let health = instance(&app, &sink.host()).await;
    assert_eq!(health.consecutive_failures, 0);
    assert!(health.failing_since.is_none() && health.last_success_at.is_some());
    assert_eq!(sink.received().len(), 3);
}

#[tokio::test]
async fn refused_deliveries_are_not_retried() {
    let app = federating().await;
    let sink = Sink::start().await;
    let rose = signer(&app, "rose").await;
    sink.answer(410);
    enqueue(&app, &rose, &[format!("{}/gone/inbox", sink.base)], ACTIVITY).await;
    assert_eq!(app.run_deliveries().await, 1);
    let [row] = queued(&app).await.try_into().unwrap();
    assert!(row.failed_at.is_some(), "kept, as failed, for the administrators");
    assert!(row.last_error.as_deref().unwrap().contains("410"));
    make_due(&app).await;
    assert_eq!(app.run_deliveries().await, 0, "a refused delivery is never tried again");
    assert_eq!(sink.received().len(), 1);
    // The instance answered: it is not failing.
    assert_eq!(instance(&app, &sink.host()).await.consecutive_failures, 0);
    let summary = deliveries::queue(&app.app).await.unwrap();
    assert_eq!((summary[0].queued, summary[0].failed, summary[0].next_attempt_at), (0, 1, None));
}

#[tokio::test]
async fn a_delivery_held_by_a_killed_worker_is_delivered_once_after_its_lease() {
    let app = federating().await;
    let sink = Sink::start().await;
    let rose = signer(&app, "rose").await;
    enqueue(&app, &rose, &[format!("{}/inbox", sink.base)], ACTIVITY).await;

    // A worker claims it, then dies (kill -9) before sending or recording anything.
    let [claimed] = deliveries::claim(&app.app, 10).await.unwrap().try_into().unwrap();
    assert_eq!(app.run_deliveries().await, 0, "leased to the dead worker");
    assert!(sink.received().is_empty());

    // The lease runs out; another worker takes over.
    delivery_rows::ActiveModel {
        id: Set(claimed.id),
        lease_until: Set(Some(Utc::now() - Duration::seconds(1))),
        ..Default::default()
    }
    .update(&app.app.db)
    .await
    .unwrap();
    assert_eq!(app.run_deliveries().await, 1);
    assert_eq!(sink.received().len(), 1);
    assert!(queued(&app).await.is_empty());
    assert_eq!(app.run_deliveries().await, 0);
    assert_eq!(sink.received().len(), 1, "delivered once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_never_deliver_the_same_row() {
    let app = federating().await;
    let rose = signer(&app, "rose").await;
    let inboxes: Vec<String> = (0..300).map(|i| format!("https://h{}.example/inbox/{i}", i % 7)).collect();
    enqueue(&app, &rose, &inboxes, ACTIVITY).await;

    // Two processes: two connection pools on the same database.
    let db = ensemble_store::connect(&app.app.settings.database_url).await.unwrap();
    let other = ensemble_app::App { db, ..app.app.clone() };
    let mut workers = Vec::new();
    for worker in [app.app.clone(), other.clone(), app.app.clone(), other] {
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let claimed = deliveries::claim(&worker, 9).await.unwrap();
                if claimed.is_empty() {
                    return mine;
                }
                mine.extend(claimed.iter().map(|c| c.id));
                tokio::task::yield_now().await;
            }
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await.unwrap());
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(distinct.len(), all.len(), "a row was claimed twice");
    assert_eq!(all.len(), 300, "every row was claimed");
}

#[tokio::test]
async fn deliveries_to_private_addresses_are_refused_unless_allowed() {
    let app = TestApp::spawn().await;
    let sink = Sink::start().await;
    let rose = signer(&app, "rose").await;
    let port = sink.host().rsplit_once(':').unwrap().1.to_owned();
    let plain = format!("{}/inbox", sink.base);
    let tls_loopback = format!("https://127.0.0.1:{port}/secure/inbox");
    enqueue(&app, &rose, &[plain, tls_loopback], ACTIVITY).await;
    assert_eq!(app.run_deliveries().await, 2);
    assert!(sink.received().is_empty(), "nothing reached the loopback sink");
    let rows = queued(&app).await;
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert!(row.failed_at.is_none(), "retried later, like any failure");
        assert!(row.last_error.as_deref().unwrap().contains("refused address"), "{:?}", row.last_error);
    }
    assert_eq!(instance(&app, &sink.host()).await.consecutive_failures, 2);
}

#[tokio::test]
async fn a_dead_instance_is_probed_rarely_then_revived_with_its_queue() {
    let app = federating().await;
    let sink = Sink::start().await;
    let rose = signer(&app, "rose").await;
    sink.answer(503);
    let inboxes: Vec<String> = (0..3).map(|i| format!("{}/users/{i}/inbox", sink.base)).collect();
    enqueue(&app, &rose, &inboxes, ACTIVITY).await;
    assert_eq!(app.run_deliveries().await, 3);
    assert!(instance(&app, &sink.host()).await.dead_since.is_none(), "three failures in a second are no death");

    // Failing for thirteen hours, seven failures so far: the next one kills it.
    let health = instance(&app, &sink.host()).await;
    instances::ActiveModel {
        id: Set(health.id),
        consecutive_failures: Set(7),
        failing_since: Set(Some(Utc::now() - Duration::hours(13))),
        ..Default::default()
    }
    .update(&app.app.db)
    .await
    .unwrap();
    make_due(&app).await;
    assert_eq!(app.run_deliveries().await, 3);
    let health = instance(&app, &sink.host()).await;
    assert!(health.dead_since.is_some());
    let probe_in = health.next_probe_at.unwrap() - Utc::now();
    assert!(probe_in > Duration::hours(11) && probe_in <= Duration::hours(12), "{probe_in}");
    let summary = deliveries::queue(&app.app).await.unwrap();
    assert!(summary[0].dead);
    assert_eq!(summary[0].next_attempt_at, health.next_probe_at);

    // Due or not, the deliveries of a dead instance wait for its probe.
    make_due(&app).await;
    assert_eq!(app.run_deliveries().await, 0);

    // The probe is one delivery; while it fails, the next is 12 hours later.
    let move_probe = async |app: &TestApp| {
        let health = instance(app, &sink.host()).await;
        instances::ActiveModel {
            id: Set(health.id),
            next_probe_at: Set(Some(Utc::now() - Duration::seconds(1))),
            ..Default::default()
        }
        .update(&app.app.db)
        .await
        .unwrap();
    };
    move_probe(&app).await;
    make_due(&app).await;
    assert_eq!(app.run_deliveries().await, 1);
    assert!(instance(&app, &sink.host()).await.next_probe_at.unwrap() > Utc::now() + Duration::hours(11));
    assert_eq!(app.run_deliveries().await, 0);

    // The probe succeeds: the instance revives, and its waiting deliveries go out at once,
    // whatever their backoff said.
    sink.answer(202);
    move_probe(&app).await;
    let received_before = sink.received().len();
    assert_eq!(app.run_deliveries().await, 3);
    assert_eq!(sink.received().len(), received_before + 3);
    assert!(queued(&app).await.is_empty());
    let health = instance(&app, &sink.host()).await;
    assert!(health.dead_since.is_none() && health.next_probe_at.is_none());
    assert_eq!(health.consecutive_failures, 0);
}

#[tokio::test]
async fn outcomes_of_a_batch_are_recorded_together() {
    let app = federating().await;
    let rose = signer(&app, "rose").await;
    let inboxes: Vec<String> = ["a", "b", "c"].iter().map(|h| format!("https://{h}.example/inbox")).collect();
    enqueue(&app, &rose, &inboxes, ACTIVITY).await;
    let claimed = deliveries::claim(&app.app, 10).await.unwrap();
    let outcomes = [Outcome::Delivered, Outcome::Refused("HTTP 404".into()), Outcome::Failed("HTTP 502".into())];
    let results: Vec<_> = claimed.into_iter().zip(outcomes).collect();
    deliveries::record(&app.app, &results).await.unwrap();
    let summary: Vec<_> = deliveries::queue(&app.app)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.host, i.queued, i.failed, i.consecutive_failures))
        .collect();
    assert_eq!(
        summary,
        [("c.example".into(), 1, 0, 1), ("b.example".into(), 0, 1, 0), ("a.example".into(), 0, 0, 0)],
        "busiest first"
    );
}

#[tokio::test]
async fn the_delivery_queue_page_is_for_administrators_only() {
    let app = TestApp::spawn().await;
    let rose = signer(&app, "rose").await;
    ensemble_app::accounts::admin::create_user(
        &app.app,
        "admin@example.org",
        "admin",
        Some(PASSWORD),
        Role::Administrator,
    )
    .await
    .unwrap();
    enqueue(&app, &rose, &["https://remote.example/inbox".to_owned()], ACTIVITY).await;

    let visitor = app.browser();
    let page = visitor.get("/admin/federation").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location().as_deref(), Some("/login"));

    let user = app.browser();
    log_in(&user, "rose@example.org", PASSWORD).await;
    assert_eq!(user.get("/admin/federation").await.status, 403);
    assert!(!user.get("/account").await.has("a[href='/admin/federation']"));

    for (language, title, alive) in [("en", "Federation", "Reachable"), ("fr", "Fédération", "Joignable")] {
        let admin = app.browser().speaking(language);
        log_in(&admin, "admin@example.org", PASSWORD).await;
        assert!(admin.get("/account").await.has("a[href='/admin/federation']"), "linked from the account page");
        let page = admin.get("/admin/federation").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.h1(), title);
        assert!(page.has("table caption"));
        assert_eq!(page.texts("thead th[scope=col]").len(), 7);
        assert_eq!(page.texts("tbody th[scope=row]"), ["remote.example"]);
        let cells = page.texts("tbody td");
        assert_eq!(cells[0], "1", "one queued");
        assert!(cells.contains(&alive.to_owned()), "{cells:?}");
    }
}
