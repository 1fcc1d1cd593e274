//! The `ensemble` command as an administrator uses it: each test runs the real binary in a
//! fresh directory, on SQLite, or on a new PostgreSQL database when `TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failure is a failed test")]

use ensemble_store::ConnectionTrait;
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

struct Instance {
    dir: tempfile::TempDir,
    database_url: Option<String>,
}

impl Instance {
    async fn new() -> Instance {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = format!("ensemble_cli_{}", uuid::Uuid::new_v4().simple());
                let db = ensemble_store::connect(&admin).await.unwrap();
                db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
                let mut url = url::Url::parse(&admin).unwrap();
                url.set_path(&name);
                Some(url.to_string())
            }
            _ => None,
        };
        Instance { dir, database_url }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ensemble"));
        command.args(args).current_dir(self.dir.path()).env_remove("DATABASE_URL").env("RUST_LOG", "warn");
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("ENSEMBLE_")) {
            command.env_remove(key);
        }
        if let Some(url) = &self.database_url {
            command.env("ENSEMBLE_DATABASE_URL", url);
        }
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn version_and_config_example() {
    let instance = Instance::new().await;
    assert!(stdout(&instance.run(&["--version"])).starts_with(&format!("ensemble {}", env!("CARGO_PKG_VERSION"))));
    let example = stdout(&instance.run(&["config", "example"]));
    assert_eq!(example, include_str!("../../../docs/ensemble.example.toml"));
}

#[tokio::test]
async fn users_new_show_modify_delete() {
    let instance = Instance::new().await;
    let created = stdout(&instance.run(&["users", "new", "Benedict@Example.org", "--username", "benedict", "--admin"]));
    assert!(created.contains("role: administrator"), "{created}");
    assert!(created.contains("identity: @benedict@127.0.0.1:4000"), "{created}");
    let password = created.lines().find_map(|l| l.strip_prefix("Password: ")).expect("a generated password");
    assert!(password.len() >= 20);

    let shown = stdout(&instance.run(&["users", "show", "benedict@example.org"]));
    assert!(shown.contains("Benedict@example.org") && shown.contains("(default)"), "{shown}");

    let modified =
        stdout(&instance.run(&["users", "modify", "benedict@example.org", "--role", "moderator", "--locale", "fr"]));
    assert!(modified.contains("role: moderator") && modified.contains("language: fr"), "{modified}");

    let duplicate = instance.run(&["users", "new", "other@example.org", "--username", "benedict"]);
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("username: username-taken"));
    let bad_role = instance.run(&["users", "modify", "benedict@example.org", "--role", "king"]);
    assert!(!bad_role.status.success());

    assert!(stdout(&instance.run(&["users", "delete", "benedict@example.org"])).contains("Deleted"));
    let gone = instance.run(&["users", "show", "benedict@example.org"]);
    assert!(!gone.status.success());
    assert!(String::from_utf8_lossy(&gone.stderr).contains("no account has this email address"));
}

#[tokio::test]
async fn serve_prints_its_address_answers_and_stops_on_sigterm() {
    let instance = Instance::new().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("127.0.0.1:{port}");
    let child = instance
        .command(&[])
        .env("ENSEMBLE_LISTEN", &address)
        .env("ENSEMBLE_BASE_URL", format!("http://{address}"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut answer = String::new();
    for _ in 0..100 {
        if let Ok(mut stream) = std::net::TcpStream::connect(&address) {
            write!(stream, "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
            stream.read_to_string(&mut answer).unwrap();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok"), "{answer}");
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "graceful stop");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.contains(&format!("Ensemble is running at http://{address}")), "{printed}");
    assert!(printed.contains("ensemble users new you@example.org --username you --admin"), "{printed}");
    if instance.database_url.is_none() {
        assert!(instance.dir.path().join("data/ensemble.db").exists());
        assert!(instance.dir.path().join("data/secret_key").exists());
    }
}

#[tokio::test]
async fn demo_fills_the_instance_once() {
    let instance = Instance::new().await;
    let first = stdout(&instance.run(&["demo"]));
    let urls: Vec<&str> = first.lines().collect();
    assert_eq!(urls.iter().filter(|u| u.contains("/@")).count(), 5, "{first}");
    assert_eq!(urls.iter().filter(|u| u.contains("/events/")).count(), 6, "{first}");
    assert!(urls.iter().all(|u| u.starts_with("http://127.0.0.1:4000/")), "{first}");
    let second = stdout(&instance.run(&["demo"]));
    assert_eq!(second, "", "nothing is created twice");
}

#[tokio::test]
async fn federation_queue_shows_queued_deliveries_per_instance() {
    let instance = Instance::new().await;
    assert!(stdout(&instance.run(&["federation", "queue"])).contains("No deliveries"));
    let queued = instance.run(&["bench", "queue-deliveries", "--count", "5", "--first-port", "9", "--ports", "2"]);
    assert_eq!(stdout(&queued).trim(), "5");
    let table = stdout(&instance.run(&["federation", "queue"]));
    let rows: Vec<Vec<&str>> = table.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert_eq!(rows[0][..5], ["127.0.0.1:9", "3", "0", "0", "-"], "{table}");
    assert_eq!(rows[1][..5], ["127.0.0.1:10", "2", "0", "0", "-"], "{table}");
    assert_eq!(rows[0][5], "alive");
}

/// Another instance on loopback, as little as following it needs: NodeInfo's links, naming its
/// instance actor, and that actor.
async fn other_instance() -> String {
    use axum::routing::get;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let keys = ensemble_app::keys::generate().await.unwrap();
    let links = serde_json::json!({"links": [
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": format!("{base}/nodeinfo/2.1")},
        {"rel": "https://www.w3.org/ns/activitystreams#Application", "href": format!("{base}/relay")},
    ]});
    let actor = serde_json::json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": format!("{base}/relay"),
        "type": "Application",
        "preferredUsername": "relay",
        "inbox": format!("{base}/relay/inbox"),
        "publicKey": {"id": format!("{base}/relay#main-key"), "owner": format!("{base}/relay"), "publicKeyPem": keys.public_pem},
    });
    let json = |value: serde_json::Value| {
        move || async move { ([(axum::http::header::CONTENT_TYPE, "application/activity+json")], value.to_string()) }
    };
    let router = axum::Router::new().route("/.well-known/nodeinfo", get(json(links))).route("/relay", get(json(actor)));
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

#[tokio::test(flavor = "multi_thread")]
async fn federation_follow_and_unfollow_an_instance_by_its_domain() {
    let instance = Instance::new().await;
    let other = other_instance().await;
    let domain = other.trim_start_matches("http://").to_owned();
    let run = |args: &[&str]| {
        let mut command = instance.command(args);
        command.env("ENSEMBLE_FEDERATION__ALLOW_PRIVATE_NETWORKS", "true");
        command.output().unwrap()
    };
    let followed = tokio::task::block_in_place(|| run(&["federation", "follow", &domain]));
    assert!(stdout(&followed).contains(&format!("Following {other}/relay (pending")), "{}", stdout(&followed));
    let listed = stdout(&tokio::task::block_in_place(|| run(&["federation", "following"])));
    assert!(listed.contains(&format!("{other}/relay")) && listed.contains("pending"), "{listed}");
    let unfollowed = tokio::task::block_in_place(|| run(&["federation", "unfollow", &domain]));
    assert!(stdout(&unfollowed).contains(&format!("No longer following {other}/relay")));
    let listed = stdout(&tokio::task::block_in_place(|| run(&["federation", "following"])));
    assert!(!listed.contains(&other), "{listed}");
    let unknown = tokio::task::block_in_place(|| run(&["federation", "unfollow", &domain]));
    assert!(!unknown.status.success());
}
