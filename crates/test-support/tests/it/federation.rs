//! What other servers read: WebFinger, NodeInfo, the instance actor, and the ActivityStreams
//! forms of persons, events and comments on their canonical URLs.

use crate::helpers::{publish_event, signed_up, submit_sign_up, viewer_of};
use ensemble_test_support::TestApp;
use serde_json::Value;

const AS: &str = "application/activity+json";
const LD: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn get(app: &TestApp, path: &str, accept: &str) -> Answer {
    let response = reqwest::Client::new()
        .get(if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", app.base_url) })
        .header("Accept", accept)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    Answer { status, content_type, body: response.text().await.unwrap() }
}

fn host(app: &TestApp) -> String {
    app.base_url.trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn webfinger_for_persons_and_the_relay() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let h = host(&app);

    let rose = get(&app, &format!("/.well-known/webfinger?resource=acct:rose@{h}"), "*/*").await;
    assert_eq!(rose.status, 200, "{}", rose.body);
    assert!(rose.content_type.starts_with("application/jrd+json"));
    let jrd = rose.json();
    assert_eq!(jrd["subject"], format!("acct:rose@{h}"));
    let link = jrd["links"].as_array().unwrap().iter().find(|l| l["rel"] == "self").unwrap();
    assert_eq!(link["type"], AS);
    assert_eq!(link["href"], format!("{}/@rose", app.base_url));

    // The actor URL works as a resource too, and names are case-insensitive.
    let by_url = get(&app, &format!("/.well-known/webfinger?resource={}/@rose", app.base_url), "*/*").await;
    assert_eq!(by_url.json()["subject"], format!("acct:rose@{h}"));
    let upper = get(&app, &format!("/.well-known/webfinger?resource=acct:Rose@{h}"), "*/*").await;
    assert_eq!(upper.status, 200);

    let relay = get(&app, &format!("/.well-known/webfinger?resource=acct:relay@{h}"), "*/*").await;
    assert_eq!(relay.status, 200, "{}", relay.body);
    let self_link = &relay.json()["links"][0];
    assert_eq!(self_link["href"], format!("{}/relay", app.base_url));

    for unknown in [
        format!("acct:nobody@{h}"),
        "acct:rose@elsewhere.example".to_owned(),
        "https://elsewhere.example/@rose".to_owned(),
        format!("{}/events/x", app.base_url),
    ] {
        let answer = get(&app, &format!("/.well-known/webfinger?resource={unknown}"), "*/*").await;
        assert_eq!(answer.status, 404, "{unknown}");
        assert!(answer.content_type.starts_with("application/json"), "{unknown}: {}", answer.content_type);
        assert_eq!(answer.json()["error"], "not found");
    }
    assert_eq!(get(&app, "/.well-known/webfinger", "*/*").await.status, 400);

    let host_meta = get(&app, "/.well-known/host-meta", "*/*").await;
    assert!(host_meta.content_type.starts_with("application/xrd+xml"));
    assert!(host_meta.body.contains(&format!("{}/.well-known/webfinger?resource={{uri}}", app.base_url)));
}

#[tokio::test]
async fn the_relay_is_an_application_and_its_name_is_taken() {
    let app = TestApp::spawn().await;
    let relay = get(&app, "/relay", "*/*").await;
    assert_eq!(relay.status, 200);
    assert!(relay.content_type.starts_with(AS), "{}", relay.content_type);
    let doc = relay.json();
    assert_eq!(doc["type"], "Application");
    assert_eq!(doc["id"], format!("{}/relay", app.base_url));
    assert_eq!(doc["preferredUsername"], "relay");
    assert_eq!(doc["inbox"], format!("{}/inbox", app.base_url));
    assert_eq!(doc["publicKey"]["owner"], doc["id"]);
    let outbox = get(&app, "/relay/outbox", AS).await;
    assert_eq!(outbox.json()["type"], "OrderedCollection");

    // Nobody can sign up as `relay`.
    let browser = app.browser();
    let page = submit_sign_up(&browser, "someone@example.org", "relay").await;
    assert_eq!(page.status, 422);
    assert!(page.field_error("username").is_some(), "{}", page.body);

    // Starting again keeps the same actor (and key).
    let again = ensemble_app::instance::ensure_instance_actor(&app.app).await.unwrap();
    assert_eq!(again.public_key_pem, doc["publicKey"]["publicKeyPem"].as_str().unwrap());
}

#[tokio::test]
async fn person_documents_reveal_nothing_linking_identities() {
    let app = TestApp::spawn().await;
    let browser = signed_up(&app, "rose@example.org", "rose").await;
    let created = browser
        .post_multipart(
            "/identities/new",
            &[("username", "rose_family"), ("display_name", "Rosie"), ("bio", "Aunt.")],
            vec![("avatar", "me.png", png())],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);

    let rose = get(&app, "/@rose", AS).await;
    assert_eq!(rose.status, 200);
    assert!(rose.content_type.starts_with("application/activity+json"), "{}", rose.content_type);
    let a = rose.json();
    let b = get(&app, "/@rose_family", LD).await.json();
    let base = &app.base_url;
    assert_eq!(a["@context"][0], "https://www.w3.org/ns/activitystreams");
    assert_eq!(a["id"], format!("{base}/@rose"));
    assert_eq!(a["type"], "Person");
    assert_eq!(a["preferredUsername"], "rose");
    assert_eq!(a["inbox"], format!("{base}/@rose/inbox"));
    assert_eq!(a["outbox"], format!("{base}/@rose/outbox"));
    assert_eq!(a["followers"], format!("{base}/@rose/followers"));
    assert_eq!(a["endpoints"]["sharedInbox"], format!("{base}/inbox"));
    assert_eq!(a["publicKey"]["owner"], a["id"]);
    assert_eq!(a["publicKey"]["id"], format!("{base}/@rose#main-key"));
    let pem = a["publicKey"]["publicKeyPem"].as_str().unwrap();
    ensemble_activitypub_key_parses(pem);
    assert!(a.get("icon").is_none());

    assert_eq!(b["name"], "Rosie");
    assert_eq!(b["icon"]["type"], "Image");
    assert!(b["icon"]["url"].as_str().unwrap().starts_with(&format!("{base}/media/")));
    // Nothing joins the two identities: different keys and addresses, no account.
    assert_ne!(a["publicKey"]["publicKeyPem"], b["publicKey"]["publicKeyPem"]);
    let account = viewer_of(&app, "rose").await.account;
    for doc in [&a, &b] {
        let text = doc.to_string();
        assert!(!text.contains("rose@example.org"));
        assert!(!text.contains("account"), "{text}");
        assert!(!text.contains("PRIVATE"));
        let other = if doc == &a { "rose_family" } else { "/@rose\"" };
        assert!(!text.contains(other), "{text}");
    }
    assert_ne!(account.id, 0);

    // Collections exist, empty, in the paginated shape.
    let outbox = get(&app, "/@rose/outbox", AS).await.json();
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["totalItems"], 0);
    assert_eq!(outbox["first"]["type"], "OrderedCollectionPage");
    assert_eq!(get(&app, "/@rose/followers", AS).await.json()["id"], format!("{base}/@rose/followers"));
    assert_eq!(get(&app, "/@nobody/outbox", AS).await.status, 404);

    // Unknown persons: 404 JSON. Deleted ones: 410 and a Tombstone.
    let unknown = get(&app, "/@nobody", AS).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.content_type.starts_with("application/json"));
    assert_eq!(browser.post("/identities/rose_family/delete", &[]).await.status, 303);
    let gone = get(&app, "/@rose_family", AS).await;
    assert_eq!(gone.status, 410, "{}", gone.body);
    assert_eq!(gone.json()["type"], "Tombstone");
    assert_eq!(gone.json()["id"], format!("{base}/@rose_family"));
    assert_eq!(get(&app, "/@rose_family/outbox", AS).await.status, 410);

    // Browsers still get the page.
    let html = get(&app, "/@rose", "text/html,application/xhtml+xml,*/*;q=0.8").await;
    assert_eq!(html.status, 200);
    assert!(html.content_type.starts_with("text/html"));
}

fn ensemble_activitypub_key_parses(pem: &str) {
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    assert!(der.len() > 256, "an RSA-2048 SPKI key");
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(300, 300, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

#[tokio::test]
async fn event_documents() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let winter = publish_event(&app, "rose", |f| {
        f.start_date = "2031-01-15".into();
        f.start_time = "14:00".into();
        f.end_date = "2031-01-15".into();
        f.end_time = "16:30".into();
        f.street = "211 avenue Jean Jaurès".into();
        f.postal_code = "75019".into();
        f.country = "France".into();
        f.latitude = "48.8938".into();
        f.longitude = "2.3908".into();
        f.tags = "trees, paris".into();
        f.capacity = "20".into();
        f.show_remaining = true;
        f.language = "fr".into();
        f.category = "OUTDOORS_ADVENTURE".into();
    })
    .await;
    let summer = publish_event(&app, "rose", |f| {
        f.start_date = "2031-07-15".into();
        f.online_url = "https://visio.example/room".into();
        f.visibility = "unlisted".into();
    })
    .await;

    let answer = get(&app, &format!("/events/{winter}"), AS).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.content_type.starts_with("application/activity+json"));
    let e = answer.json();
    let base = &app.base_url;
    assert_eq!(e["type"], "Event");
    assert_eq!(e["id"], format!("{base}/events/{winter}"));
    assert_eq!(e["url"], e["id"]);
    assert_eq!(e["name"], "More trees, less ads!");
    assert_eq!(e["mediaType"], "text/html");
    assert!(e["content"].as_str().unwrap().contains("We plant trees."));
    assert_eq!(e["startTime"], "2031-01-15T14:00:00+01:00");
    assert_eq!(e["endTime"], "2031-01-15T16:30:00+01:00");
    assert_eq!(e["timezone"], "Europe/Paris");
    let summary = e["summary"].as_str().unwrap();
    assert!(summary.contains("15 January 2031") && summary.contains("14:00"), "{summary}");
    assert!(summary.contains("Parc de la Villette") && summary.contains("Paris"), "{summary}");
    assert_eq!(e["location"]["type"], "Place");
    assert_eq!(e["location"]["name"], "Parc de la Villette");
    assert_eq!(e["location"]["address"]["type"], "PostalAddress");
    assert_eq!(e["location"]["address"]["postalCode"], "75019");
    assert_eq!(e["location"]["address"]["addressLocality"], "Paris");
    assert_eq!(e["location"]["latitude"], 48.8938);
    assert_eq!(e["category"], "OUTDOORS_ADVENTURE");
    let tags: Vec<&str> = e["tag"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(tags.contains(&"#trees") && tags.contains(&"#paris"), "{tags:?}");
    assert_eq!(e["tag"][0]["type"], "Hashtag");
    assert_eq!(e["joinMode"], "free");
    assert_eq!(e["anonymousParticipationEnabled"], false);
    assert_eq!(e["maximumAttendeeCapacity"], 20);
    assert_eq!(e["remainingAttendeeCapacity"], 20);
    assert!(e["participantCount"].as_u64().is_some());
    assert_eq!(e["ical:status"], "CONFIRMED");
    assert_eq!(e["eventStatus"], "EventScheduled");
    assert_eq!(e["repliesModerationOption"], "allow_all");
    assert_eq!(e["commentsEnabled"], true);
    assert_eq!(e["isOnline"], false);
    assert_eq!(e["inLanguage"], "fr");
    assert_eq!(e["attributedTo"], serde_json::json!([format!("{base}/@rose")]));
    assert_eq!(e["to"], serde_json::json!(["https://www.w3.org/ns/activitystreams#Public"]));
    assert_eq!(e["cc"], serde_json::json!([format!("{base}/@rose/followers")]));
    assert!(e["published"].as_str().is_some() && e["updated"].as_str().is_some());

    let s = get(&app, &format!("/events/{summer}"), LD).await.json();
    assert_eq!(s["startTime"], "2031-07-15T14:00:00+02:00");
    let online = s["attachment"].as_array().unwrap().iter().find(|a| a["type"] == "Link").unwrap();
    assert_eq!(online["href"], "https://visio.example/room");
    assert_eq!(s["to"], serde_json::json!([format!("{base}/@rose/followers")]));
    assert_eq!(s["cc"], serde_json::json!(["https://www.w3.org/ns/activitystreams#Public"]));

    // Drafts and private events are not found; browsers still get the page.
    let draft = publish_event(&app, "rose", |f| f.publish = false).await;
    let private = publish_event(&app, "rose", |f| f.visibility = "private".into()).await;
    for uuid in [&draft, &private] {
        let answer = get(&app, &format!("/events/{uuid}"), AS).await;
        assert_eq!(answer.status, 404, "{}", answer.body);
        assert!(answer.content_type.starts_with("application/json"));
    }
    assert_eq!(get(&app, "/events/not-a-uuid", AS).await.status, 404);
    let html = get(&app, &format!("/events/{winter}"), "text/html").await;
    assert_eq!(html.status, 200);
    assert!(html.content_type.starts_with("text/html"));

    // A deleted event is a Tombstone, with 410, so that other servers drop their copies.
    let rose = viewer_of(&app, "rose").await;
    ensemble_app::events::delete_event(&app.app, &rose, &winter).await.unwrap();
    let gone = get(&app, &format!("/events/{winter}"), AS).await;
    assert_eq!(gone.status, 410, "{}", gone.body);
    let tombstone = gone.json();
    assert_eq!(tombstone["type"], "Tombstone");
    assert_eq!(tombstone["id"], format!("{base}/events/{winter}"));
    assert_eq!(tombstone["formerType"], "Event");
    assert!(tombstone["deleted"].as_str().unwrap().ends_with('Z'));
    assert_eq!(get(&app, &format!("/events/{winter}"), "text/html").await.status, 410);
}

#[tokio::test]
async fn comment_notes() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let uuid = publish_event(&app, "rose", |_| {}).await;
    let viewer = viewer_of(&app, "rose").await;
    let first =
        ensemble_app::comments::post_comment(&app.app, &viewer, &uuid, "Count me in!", None, false).await.unwrap();
    let reply = ensemble_app::comments::post_comment(
        &app.app,
        &viewer,
        &uuid,
        "Bring gloves.",
        Some(&first.uuid.to_string()),
        false,
    )
    .await
    .unwrap();
    let base = &app.base_url;

    let note = get(&app, &format!("/comments/{}", first.uuid), AS).await;
    assert_eq!(note.status, 200, "{}", note.body);
    let n = note.json();
    assert_eq!(n["type"], "Note");
    assert_eq!(n["id"], first.ap_id);
    assert_eq!(n["inReplyTo"], format!("{base}/events/{uuid}"));
    assert_eq!(n["attributedTo"], serde_json::json!([format!("{base}/@rose")]));
    assert!(n["content"].as_str().unwrap().contains("Count me in!"));
    assert_eq!(n["to"], serde_json::json!(["https://www.w3.org/ns/activitystreams#Public"]));

    let r = get(&app, &format!("/comments/{}", reply.uuid), AS).await.json();
    assert_eq!(r["inReplyTo"], first.ap_id);

    ensemble_app::comments::delete_comment(&app.app, &viewer, &reply.uuid.to_string()).await.unwrap();
    let gone = get(&app, &format!("/comments/{}", reply.uuid), AS).await;
    assert_eq!(gone.status, 410);
    assert_eq!(gone.json()["type"], "Tombstone");
    assert_eq!(gone.json()["formerType"], "Note");
}

/// An identity's outbox: the `Create` of each public event it published, latest first, twenty
/// a page; its followers and following are empty (people follow groups, not one another).
#[tokio::test]
async fn outboxes_are_paginated() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    let base = &app.base_url;
    let mut published = Vec::new();
    for i in 0..23 {
        published.push(publish_event(&app, "rose", |f| f.title = format!("Walk number {i}")).await);
    }
    publish_event(&app, "rose", |f| f.visibility = "unlisted".into()).await;
    publish_event(&app, "rose", |f| f.visibility = "private".into()).await;
    publish_event(&app, "rose", |f| f.publish = false).await;

    let outbox = get(&app, "/@rose/outbox", AS).await.json();
    let id = format!("{base}/@rose/outbox");
    assert_eq!(outbox["id"], id);
    assert_eq!(outbox["totalItems"], 23, "public and published only");
    let first = &outbox["first"];
    assert_eq!(first["id"], format!("{id}?page=1"));
    assert_eq!(first["next"], format!("{id}?page=2"));
    let items = first["orderedItems"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    let latest = format!("{base}/events/{}", published[22]);
    assert_eq!(items[0]["type"], "Create");
    assert_eq!(items[0]["id"], format!("{latest}/activity"));
    assert_eq!(items[0]["actor"], format!("{base}/@rose"));
    assert_eq!(items[0]["object"]["id"], latest);
    assert_eq!(items[0]["object"]["type"], "Event");
    assert_eq!(items[0]["object"]["name"], "Walk number 22");
    assert!(items[0]["object"].get("@context").is_none(), "the context is the activity's");

    let second = get(&app, "/@rose/outbox?page=2", AS).await;
    assert_eq!(second.status, 200);
    let second = second.json();
    assert_eq!(second["type"], "OrderedCollectionPage");
    assert_eq!(second["partOf"], id);
    assert_eq!(second["prev"], format!("{id}?page=1"));
    assert!(second.get("next").is_none());
    let last = second["orderedItems"].as_array().unwrap();
    assert_eq!(last.len(), 3);
    assert_eq!(last[2]["object"]["id"], format!("{base}/events/{}", published[0]));
    for bad in ["0", "-1", "two", "99999999999999999999999"] {
        assert_eq!(get(&app, &format!("/@rose/outbox?page={bad}"), AS).await.status, 400, "{bad}");
    }
    assert_eq!(get(&app, "/@rose/outbox?page=9", AS).await.json()["orderedItems"], serde_json::json!([]));

    for collection in ["followers", "following"] {
        let empty = get(&app, &format!("/@rose/{collection}"), AS).await.json();
        assert_eq!(empty["totalItems"], 0);
        assert_eq!(empty["first"]["orderedItems"], serde_json::json!([]));
    }
}

#[tokio::test]
async fn nodeinfo() {
    let app = TestApp::spawn().await;
    signed_up(&app, "rose@example.org", "rose").await;
    publish_event(&app, "rose", |_| {}).await;
    let links = get(&app, "/.well-known/nodeinfo", "*/*").await.json();
    let rels: Vec<&str> = links["links"].as_array().unwrap().iter().map(|l| l["rel"].as_str().unwrap()).collect();
    assert_eq!(
        rels,
        [
            "http://nodeinfo.diaspora.software/ns/schema/2.0",
            "http://nodeinfo.diaspora.software/ns/schema/2.1",
            "https://www.w3.org/ns/activitystreams#Application"
        ]
    );
    assert_eq!(links["links"][2]["href"], format!("{}/relay", app.base_url));

    for version in ["2.0", "2.1"] {
        let href =
            links["links"].as_array().unwrap().iter().find(|l| l["rel"].as_str().unwrap().ends_with(version)).unwrap()
                ["href"]
                .as_str()
                .unwrap()
                .to_owned();
        let answer = get(&app, &href, "*/*").await;
        assert_eq!(answer.status, 200);
        assert!(answer.content_type.contains(&format!("schema/{version}#")), "{}", answer.content_type);
        let doc = answer.json();
        assert_eq!(doc["version"], version);
        assert_eq!(doc["software"]["name"], "ensemble");
        assert_eq!(doc["software"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(doc["software"].get("repository").is_some(), version == "2.1");
        assert_eq!(doc["protocols"], serde_json::json!(["activitypub"]));
        assert!(doc["services"]["inbound"].is_array() && doc["services"]["outbound"].is_array());
        assert_eq!(doc["openRegistrations"], true);
        assert_eq!(doc["usage"]["users"]["total"], 1);
        assert_eq!(doc["usage"]["users"]["activeMonth"], 1);
        assert_eq!(doc["usage"]["users"]["activeHalfyear"], 1);
        assert_eq!(doc["usage"]["localPosts"], 1);
        assert_eq!(doc["metadata"]["nodeName"], app.app.settings.instance_name);
        let name = doc["software"]["name"].as_str().unwrap();
        assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    }
    assert_eq!(get(&app, "/nodeinfo/1.0", "*/*").await.status, 404);

    let closed = TestApp::spawn_with(|s| s.registration.policy = ensemble_app::settings::PolicyKind::Closed).await;
    assert_eq!(get(&closed, "/nodeinfo/2.1", "*/*").await.json()["openRegistrations"], false);
}
