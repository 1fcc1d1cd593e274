//! The instance's configuration: one typed struct, read by `ensemble_server` from a TOML file
//! and `ENSEMBLE_*` variables. Unknown keys are errors. Each field's doc comment is also its
//! documentation in the generated example (`ensemble config example`), via `DOCS`.

use ensemble_domain::RegistrationPolicy;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub base_url: String,
    pub listen: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub secret_key: String,
    pub instance_name: String,
    pub registration: RegistrationSettings,
    pub mail: MailSettings,
    pub uploads: UploadSettings,
    pub events: EventSettings,
    pub federation: FederationSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EventSettings {
    pub anonymous_participation: bool,
    /// How long a node may keep an event page as visitors without an account see it.
    pub visitor_cache_seconds: u64,
}

impl Default for EventSettings {
    fn default() -> Self {
        EventSettings { anonymous_participation: true, visitor_cache_seconds: 2 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FederationSettings {
    /// Lets the fetcher and the deliveries reach loopback and private addresses over plain
    /// http. For tests and local experiments only: on a server it opens the door to SSRF.
    pub allow_private_networks: bool,
    /// How far the `Date` of a signed request may be from now.
    pub signature_window_seconds: u64,
}

impl Default for FederationSettings {
    fn default() -> Self {
        FederationSettings { allow_private_networks: false, signature_window_seconds: 3600 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrationSettings {
    pub policy: PolicyKind,
    pub allowlist: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    Open,
    Closed,
    Allowlist,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    pub from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_username: String,
    pub smtp_password: String,
    pub smtp_security: SmtpSecurity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UploadSettings {
    pub max_avatar_bytes: usize,
    pub max_banner_bytes: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: "http://127.0.0.1:4000".into(),
            listen: "127.0.0.1:4000".into(),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            secret_key: String::new(),
            instance_name: "Ensemble".into(),
            registration: RegistrationSettings::default(),
            mail: MailSettings::default(),
            uploads: UploadSettings::default(),
            events: EventSettings::default(),
            federation: FederationSettings::default(),
        }
    }
}

impl Default for RegistrationSettings {
    fn default() -> Self {
        RegistrationSettings { policy: PolicyKind::Open, allowlist: Vec::new() }
    }
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            from: String::new(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_username: String::new(),
            smtp_password: String::new(),
            smtp_security: SmtpSecurity::Starttls,
        }
    }
}

impl Default for UploadSettings {
    fn default() -> Self {
        UploadSettings { max_avatar_bytes: 2 * 1024 * 1024, max_banner_bytes: 4 * 1024 * 1024 }
    }
}

/// One line of documentation per key, in the order of the example file.
pub const DOCS: &[(&str, &str)] = &[
    (
        "base_url",
        "Public address of this instance, as people and other servers reach it (ENSEMBLE_BASE_URL). Every identity's address derives from it: choose it before the first sign-up.",
    ),
    ("listen", "Address and port to listen on (ENSEMBLE_LISTEN). Put a reverse proxy with TLS in front in production."),
    (
        "data_dir",
        "Where the SQLite database, uploaded media, outgoing mail files and the secret key live (ENSEMBLE_DATA_DIR).",
    ),
    (
        "database_url",
        "Empty for SQLite at <data_dir>/ensemble.db; or postgres://user:password@host/dbname (ENSEMBLE_DATABASE_URL or DATABASE_URL).",
    ),
    (
        "secret_key",
        "Signs form tokens, the links in mails to participants without an account, and private calendar addresses. Empty: generated once into <data_dir>/secret_key. Several nodes must share one value; changing it voids those links.",
    ),
    ("instance_name", "The name shown in the header, page titles and mails."),
    (
        "registration.policy",
        "Who may sign up: \"open\", \"closed\", or \"allowlist\" (only the addresses and domains below).",
    ),
    (
        "registration.allowlist",
        "With policy \"allowlist\": email addresses or domains (\"example.org\") allowed to sign up.",
    ),
    ("mail.from", "Sender of every mail. Empty: \"<instance_name> <noreply@host of base_url>\"."),
    (
        "mail.smtp_host",
        "SMTP server. Empty: mails are written as .eml files under <data_dir>/mail and their links logged.",
    ),
    ("mail.smtp_port", "SMTP port: 587 for starttls, 465 for tls, 25 for none."),
    ("mail.smtp_username", "SMTP user name; empty for no authentication."),
    ("mail.smtp_password", "SMTP password."),
    ("mail.smtp_security", "\"starttls\", \"tls\" or \"none\" (only for a server on the same machine)."),
    ("uploads.max_avatar_bytes", "Largest accepted avatar upload, in bytes."),
    ("uploads.max_banner_bytes", "Largest accepted banner upload, in bytes."),
    (
        "events.anonymous_participation",
        "Whether organisers may let people without an account join their events, confirming by mail.",
    ),
    (
        "events.visitor_cache_seconds",
        "How many seconds each node may serve an event page to visitors without an account from memory. A change made through this node shows at once; through another node, within this delay. 0: no cache.",
    ),
    (
        "federation.allow_private_networks",
        "Let the instance fetch from and deliver to loopback and private addresses, over plain http too. Only for tests on one machine: never on a public server.",
    ),
    (
        "federation.signature_window_seconds",
        "How far from now the Date of a signed request from another server may be, in seconds.",
    ),
];

impl Settings {
    pub fn registration_policy(&self) -> RegistrationPolicy {
        match self.registration.policy {
            PolicyKind::Open => RegistrationPolicy::Open,
            PolicyKind::Closed => RegistrationPolicy::Closed,
            PolicyKind::Allowlist => RegistrationPolicy::Allowlist(self.registration.allowlist.clone()),
        }
    }

    /// The host of `base_url`, as used in `@name@host`.
    pub fn host(&self) -> String {
        url::Url::parse(&self.base_url)
            .ok()
            .and_then(|u| {
                u.host_str().map(|h| match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h.to_owned(),
                })
            })
            .unwrap_or_else(|| "localhost".into())
    }

    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// The sender: `mail.from`, or the instance's name at `noreply@` its host, the name
    /// quoted so that commas and the like cannot break the address.
    pub fn mail_from(&self) -> String {
        if self.mail.from.is_empty() {
            let host = self.host();
            let host = host.split(':').next().unwrap_or("localhost");
            let name = self.instance_name.replace(['"', '\\'], "");
            format!("\"{name}\" <noreply@{host}>")
        } else {
            self.mail.from.clone()
        }
    }
}
