//! Lookup: an address typed in the search box (an event's or a person's URL, or `@name@host`),
//! resolved with WebFinger for handles, fetched signed from its own origin, checked, stored
//! and handed back as our row. Each lookup counts against the account's rate limit, since it
//! makes us fetch from another server.

use crate::fetch::{FetchError, Fetcher, same_origin};
use crate::http::HttpError;
use crate::inward::{ap_event_to_remote, organizer_of};
use crate::resolve;
use ensemble_activitypub::objects::Event;
use ensemble_app::remote_events::RemoteEvent;
use ensemble_app::rows::{actors, events};
use ensemble_app::{AppError, rate_limit, remote_events};
use serde_json::Value;

/// What an address led to.
#[derive(Debug)]
pub enum Found {
    Event(Box<events::Model>),
    Actor(Box<actors::Model>),
    /// An address of this instance: its path.
    Local(String),
}

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("neither a URL nor @name@host")]
    NotAddress,
    #[error("refused address: {0}")]
    Refused(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("cannot be reached: {0}")]
    Unreachable(String),
    #[error("neither an event nor a person")]
    Unsupported,
    #[error(transparent)]
    App(#[from] AppError),
}

impl LookupError {
    /// The Fluent key of the message shown under the search box.
    pub fn message_key(&self) -> &'static str {
        match self {
            LookupError::NotAddress => "lookup-not-address",
            LookupError::Refused(_) => "lookup-refused",
            LookupError::NotFound(_) => "lookup-not-found",
            LookupError::Unreachable(_) => "lookup-unreachable",
            LookupError::Unsupported | LookupError::App(_) => "lookup-unsupported",
        }
    }
}

/// Resolves `query` for the account `account_id`.
pub async fn lookup(fetcher: &Fetcher, account_id: i64, query: &str) -> Result<Found, LookupError> {
    let app = fetcher.app();
    let query = query.trim();
    let handle = resolve::parse_handle(query);
    if handle.is_none() {
        let url = url::Url::parse(query).map_err(|_| LookupError::NotAddress)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(LookupError::NotAddress);
        }
        if same_origin(query, &app.settings.base_url) {
            return Ok(Found::Local(url.path().to_owned()));
        }
    }
    rate_limit::check(&app.db, rate_limit::LOOKUP_PER_ACCOUNT, &account_id.to_string()).await?;
    let address = match handle {
        Some((name, host)) => resolve::webfinger(fetcher, name, host).await?,
        None => query.to_owned(),
    };
    let document = fetcher.get(&address).await.map_err(|e| fetch_failed(&address, e))?;
    let kinds: Vec<&str> = match document.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let id = document.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
    if kinds.contains(&"Event") {
        let event: Event = serde_json::from_value(document).map_err(|_| LookupError::Unsupported)?;
        let remote = ap_event_to_remote(&event).map_err(|_| LookupError::Unsupported)?;
        return Ok(Found::Event(Box::new(store_event(fetcher, &event, &remote).await?)));
    }
    if kinds.iter().any(|k| matches!(*k, "Person" | "Group" | "Organization" | "Service" | "Application")) {
        let actor = fetcher.resolve_actor(&id).await.map_err(|e| fetch_failed(&id, e))?;
        return Ok(Found::Actor(Box::new(actor)));
    }
    Err(LookupError::Unsupported)
}

/// Stores an event fetched from its own origin as a remote event, with its organizer (fetched
/// too). `Refused` when the organizer is not on the event's origin.
pub(crate) async fn store_event(
    fetcher: &Fetcher,
    event: &Event,
    remote: &RemoteEvent,
) -> Result<events::Model, LookupError> {
    let organizer = organizer_of(event).ok_or(LookupError::Unsupported)?;
    if !same_origin(organizer, &event.id) {
        return Err(LookupError::Refused(event.id.clone()));
    }
    let organizer = fetcher.resolve_actor(organizer).await.map_err(|e| fetch_failed(organizer, e))?;
    remote_events::upsert(fetcher.app(), &organizer, remote).await.map_err(|e| match e {
        AppError::Forbidden => LookupError::Refused(event.id.clone()),
        other => LookupError::App(other),
    })
}

pub(crate) fn refused(url: &str, e: HttpError) -> LookupError {
    match e {
        HttpError::Refused(..) => LookupError::Refused(e.to_string()),
        other => LookupError::Unreachable(format!("{url}: {other}")),
    }
}

fn fetch_failed(url: &str, e: FetchError) -> LookupError {
    match e {
        FetchError::Http(e) => refused(url, e),
        FetchError::NotUrl(_) => LookupError::NotAddress,
        FetchError::Status(404) | FetchError::Gone => LookupError::NotFound(url.to_owned()),
        FetchError::Local(_) | FetchError::Origin { .. } => LookupError::Refused(e.to_string()),
        FetchError::Invalid(_) => LookupError::Unsupported,
        FetchError::App(e) => LookupError::App(e),
        other => LookupError::Unreachable(format!("{url}: {other}")),
    }
}
