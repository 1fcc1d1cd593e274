use crate::Db;
use sea_orm::{ConnectOptions, Database, DbErr};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// How long a writer waits for another to finish before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens the database at `url` (`sqlite://path?mode=rwc` or `postgres://…`).
/// SQLite gets WAL, `synchronous=NORMAL`, foreign keys and a busy timeout: the settings that
/// make one file safe for a web server with background workers. A file cannot drop a
/// connection as a server can, so SQLite connections are not pinged before each use (each
/// ping is a round trip to the connection's thread); PostgreSQL ones are, after a minute idle.
pub async fn connect(url: &str) -> Result<Db, DbErr> {
    let backend = Backend::from_url(url)
        .ok_or_else(|| DbErr::Custom(format!("unsupported database URL scheme: {}", redact(url))))?;
    let mut options = ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    match backend {
        Backend::Sqlite => {
            options.max_connections(8).test_before_acquire(false).map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(BUSY_TIMEOUT)
            });
        }
        Backend::Postgres => {
            options.max_connections(10).test_before_acquire_if_idle_for(Duration::from_secs(60));
        }
    }
    Ok(Db::new(Database::connect(options).await?))
}

/// The URL without its password, for error messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}
