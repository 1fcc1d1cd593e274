//! The test harness: `TestApp::spawn()` starts the same application as `main` on a fresh
//! database (SQLite in a temporary directory, or a new PostgreSQL database when
//! `TEST_DATABASE_URL` is set) and a real TCP port; `Browser` drives it over HTTP with cookies,
//! like a person with a browser would, without JavaScript.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test harness: a failure here is a failed test")]

mod browser;
mod federation;
mod mail;
mod smtp;

pub use browser::{Browser, Page};
pub use federation::{Reply, SignedPost};
pub use mail::SentMail;
pub use smtp::SmtpSink;

use ensemble_app::{App, Settings};
use ensemble_server::{Application, Jobs};
use sea_orm::ConnectionTrait;
use std::path::PathBuf;
use tokio::net::TcpListener;

pub struct TestApp {
    pub base_url: String,
    pub app: App,
    pub data_dir: tempfile::TempDir,
    postgres: Option<PostgresDatabase>,
}

/// A database created for one test, dropped with it.
struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts an instance after `configure` has adjusted its settings.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temporary directory");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a port");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let mut settings =
            Settings { base_url: base_url.clone(), data_dir: data_dir.path().to_path_buf(), ..Settings::default() };
        // Tests set data up through use cases and SQL, which do not empty the page cache as
        // requests do; the cache has tests of its own, which turn it on.
        settings.events.visitor_cache_seconds = 0;
        let postgres = match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let db = PostgresDatabase::create(&admin_url).await;
                settings.database_url = db.url();
                Some(db)
            }
            _ => None,
        };
        configure(&mut settings);
        let settings = ensemble_server::config::finish(settings).expect("settings");
        let application = Application::build_on(listener, settings, Jobs::Manual).await.expect("build the application");
        let app = application.app.clone();
        tokio::spawn(application.run_until(std::future::pending()));
        TestApp { base_url, app, data_dir, postgres }
    }

    /// A new browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base_url)
    }

    /// Runs every queued job (mails) now.
    pub async fn run_jobs(&self) -> usize {
        ensemble_app::jobs::run_pending(&self.app).await.expect("run jobs")
    }

    /// Delivers the queued activities that are due now, as the delivery worker would; returns
    /// how many attempts were made.
    pub async fn run_deliveries(&self) -> usize {
        let client = ensemble_federation::delivery::client(&self.app).expect("federation client");
        ensemble_federation::delivery::run_pending(&self.app, &client).await.expect("run deliveries")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.path().join("mail")
    }

    /// Every mail delivered so far (after `run_jobs`).
    pub fn mails(&self) -> Vec<SentMail> {
        mail::read_all(&self.mail_dir())
    }

    /// The mails sent to `address`.
    pub fn mails_to(&self, address: &str) -> Vec<SentMail> {
        self.mails().into_iter().filter(|m| m.to.contains(address)).collect()
    }

    /// Runs the jobs, then returns the one mail to `address` whose text contains `needle`.
    pub async fn mail_with(&self, address: &str, needle: &str) -> SentMail {
        self.run_jobs().await;
        let mut found: Vec<SentMail> = self.mails_to(address).into_iter().filter(|m| m.text.contains(needle)).collect();
        assert_eq!(
            found.len(),
            1,
            "expected one mail to {address} containing {needle:?}, found {}: {:#?}",
            found.len(),
            self.mails_to(address)
        );
        found.remove(0)
    }

    /// Executes SQL directly, for tests that must put the database in a state no page can
    /// (an expired link, say).
    pub async fn sql(&self, sql: &str) {
        self.app.db.execute_unprepared(sql).await.expect("sql");
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

impl PostgresDatabase {
    async fn create(admin_url: &str) -> PostgresDatabase {
        let name = format!("ensemble_test_{}", uuid::Uuid::new_v4().simple());
        let admin = sea_orm::Database::connect(admin_url).await.expect("connect to TEST_DATABASE_URL");
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create the test database");
        admin.close().await.ok();
        PostgresDatabase { admin_url: admin_url.to_owned(), name }
    }

    fn url(&self) -> String {
        let mut url = url::Url::parse(&self.admin_url).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&self.name);
        url.to_string()
    }
}

impl Drop for PostgresDatabase {
    /// Drops the test's database from another thread: `Drop` cannot await, and the test's
    /// runtime may be shutting down.
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let admin = sea_orm::Database::connect(&admin_url).await.ok()?;
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()?;
                admin.close().await.ok()
            })
        });
        let _ = dropped.join();
    }
}
