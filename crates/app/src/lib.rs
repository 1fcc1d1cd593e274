//! Use cases: everything Ensemble does, with its permission checks. The only layer that opens
//! transactions; side effects that leave the process (mail, federation) are written as jobs in the same
//! transaction as the change that causes them.

pub mod accounts;
pub mod comments;
pub mod crypto;
pub mod deliveries;
pub mod demo;
pub mod error;
pub mod events;
pub mod federate;
pub mod feeds;
pub mod follows;
pub mod housekeeping;
pub mod identities;
pub mod instance;
pub mod jobs;
pub mod keys;
pub mod mail;
pub mod media;
pub mod participations;
pub mod published;
pub mod rate_limit;
pub mod remote;
pub mod remote_comments;
pub mod remote_events;
pub mod remote_participations;
pub mod sessions;
pub mod settings;
pub mod text;

/// Database rows, for the layers above that display them (they never query).
pub use ensemble_store::entities as rows;
pub use error::{AppError, AppResult, FieldErrors};
pub use settings::Settings;

use ensemble_store::Db;
use std::sync::Arc;

/// Everything a use case needs, built once at start and shared (cheap to clone).
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub mailer: Arc<mail::Mailer>,
    pub media: Arc<media::MediaStore>,
    /// Turns `federate` jobs into activities (`ensemble_federation` plugs it in).
    pub federator: Arc<dyn federate::Federator>,
}

impl App {
    pub fn new(
        db: Db,
        settings: Settings,
        composer: Arc<dyn mail::MailComposer>,
        federator: Arc<dyn federate::Federator>,
    ) -> anyhow::Result<App> {
        let mailer = mail::Mailer::new(&settings, composer)?;
        let media = media::MediaStore::new(settings.data_dir.join("media"));
        Ok(App { db, settings: Arc::new(settings), mailer: Arc::new(mailer), media: Arc::new(media), federator })
    }

    /// The public URL of a path on this instance, e.g. `url("/@rose")`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url.trim_end_matches('/'), path)
    }
}
