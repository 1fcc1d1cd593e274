//! Fetching other servers' documents: GETs signed by the instance actor, through the guarded
//! client of `http`, whose answer must come from the origin of the document it claims to be.
//! Actors and the keys that sign activities are kept in the `actors` table; fetches of one
//! address are serialised, so that a burst of activities from an unknown actor fetches it once.

use crate::actors::ap_actor_to_remote;
use crate::http::{self, HttpError};
use chrono::Utc;
use ensemble_activitypub::signatures::{self, PrivateKey, SignatureError};
use ensemble_activitypub::{ACTIVITY_JSON, Actor};
use ensemble_app::rows::actors;
use ensemble_app::{App, AppError, instance, remote};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// What we ask for: ActivityStreams, in either of its media types.
pub const ACCEPT: &str =
    r#"application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams""#;
/// A stored actor younger than this is not fetched again.
const FRESH_FOR: chrono::Duration = chrono::Duration::hours(24);
/// A key that fails to verify is fetched again (it may have been rotated), but not twice
/// within this delay: forged signatures must not make us hammer the key's server.
const REFETCH_AFTER: chrono::Duration = chrono::Duration::seconds(60);

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("{0} is not an http(s) URL")]
    NotUrl(String),
    #[error("{0} is on this instance")]
    Local(String),
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("gone")]
    Gone,
    #[error("not an ActivityStreams document: {0}")]
    Invalid(String),
    #[error("the document {id} is not on the origin of {url}")]
    Origin { id: String, url: String },
    #[error("signing the request: {0}")]
    Signing(#[from] SignatureError),
    #[error(transparent)]
    App(#[from] AppError),
}

/// The fetcher of one instance: its client, and the addresses being fetched right now.
pub struct Fetcher {
    app: App,
    client: reqwest::Client,
    in_flight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Fetcher {
    pub fn new(app: App) -> Result<Fetcher, HttpError> {
        let client = crate::delivery::client(&app)?;
        Ok(Fetcher { app, client, in_flight: Mutex::new(HashMap::new()) })
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    /// The guarded client, for the few unsigned GETs (WebFinger).
    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// A JSON object fetched with a signed GET, whose `id` is on the origin of the address
    /// that finally answered (after redirects).
    pub async fn get(&self, uri: &str) -> Result<Value, FetchError> {
        let mut url = url::Url::parse(uri).map_err(|_| FetchError::NotUrl(uri.to_owned()))?;
        url.set_fragment(None);
        if same_origin(url.as_str(), &self.app.settings.base_url) {
            return Err(FetchError::Local(uri.to_owned()));
        }
        http::check_url(&url, self.app.settings.federation.allow_private_networks)?;
        let relay = instance::instance_actor(&self.app)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no instance actor")))?;
        let key = PrivateKey::from_pem(relay.private_key_pem.as_deref().unwrap_or_default())?;
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let date = signatures::http_date(Utc::now());
        let key_id = format!("{}#main-key", relay.ap_id);
        let signature = signatures::sign(&key, &key_id, "GET", &target, &[("host", &host), ("date", &date)])?;
        let response = self
            .client
            .get(url.clone())
            .header("accept", ACCEPT)
            .header("date", &date)
            .header("signature", signature)
            .send()
            .await
            .map_err(HttpError::from)?;
        match response.status().as_u16() {
            200..=299 => {}
            410 => return Err(FetchError::Gone),
            status => return Err(FetchError::Status(status)),
        }
        let answered = response.url().to_string();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let media = content_type.split(';').next().unwrap_or_default().trim().to_owned();
        if !(media == ACTIVITY_JSON || media == "application/ld+json" || media == "application/json") {
            return Err(FetchError::Invalid(format!("media type {media:?}")));
        }
        let body = http::read_body(response).await?;
        let document: Value = serde_json::from_slice(&body).map_err(|e| FetchError::Invalid(e.to_string()))?;
        let id = document.get("id").and_then(Value::as_str).ok_or_else(|| FetchError::Invalid("no id".into()))?;
        if !same_origin(id, &answered) {
            return Err(FetchError::Origin { id: id.to_owned(), url: answered });
        }
        Ok(document)
    }

    /// The actor at `uri`: stored, if fetched within a day; else fetched and stored (a stale
    /// copy serves when the fetch fails). A deleted actor is `Gone`.
    pub async fn resolve_actor(&self, uri: &str) -> Result<actors::Model, FetchError> {
        let uri = without_fragment(uri);
        if let Some(row) = self.stored_actor(uri, true).await? {
            return Ok(row);
        }
        let _fetching = self.lock(uri).await;
        if let Some(row) = self.stored_actor(uri, true).await? {
            return Ok(row);
        }
        match self.fetch_actor(uri, None).await {
            Ok(row) => Ok(row),
            Err(e) => match self.stored_actor(uri, false).await? {
                Some(stale) => {
                    tracing::info!(uri, error = %e, "refreshing an actor failed, using the stored copy");
                    Ok(stale)
                }
                None => Err(e),
            },
        }
    }

    /// Fetches the actor at `uri` again and stores it, whatever its age.
    pub async fn refresh_actor(&self, uri: &str) -> Result<actors::Model, FetchError> {
        let uri = without_fragment(uri);
        let _fetching = self.lock(uri).await;
        self.fetch_actor(uri, None).await
    }

    /// The live remote actor that owns the key `key_id`. The key's address is dereferenced
    /// (signatures usually name `actor#main-key`): it may answer with the actor itself, or with
    /// a key document whose `owner` is fetched; either way the owner must list that key. With
    /// `refresh`, a stored key is fetched again unless it was fetched within the last minute.
    pub async fn key_for(&self, key_id: &str, refresh: bool) -> Result<actors::Model, FetchError> {
        let stored = || async {
            let row = remote::actor_by_key_id(&self.app, key_id).await?;
            Ok::<_, FetchError>(
                row.filter(|r| !refresh || r.fetched_at.is_some_and(|at| Utc::now() - at < REFETCH_AFTER)),
            )
        };
        if let Some(row) = stored().await? {
            return Ok(row);
        }
        let address = without_fragment(key_id);
        let _fetching = self.lock(address).await;
        if let Some(row) = stored().await? {
            return Ok(row);
        }
        // The usual `actor#main-key` of an actor that deleted itself: nothing to fetch.
        if remote::actor_by_ap_id(&self.app, address).await?.is_some_and(|a| a.deleted_at.is_some()) {
            return Err(FetchError::Gone);
        }
        let document = self.get(address).await?;
        let owner = if document.get("inbox").is_some() || document.get("publicKey").is_some() {
            document
        } else {
            // A key document (`{id, owner, publicKeyPem}`): its owner must be on its origin.
            let owner = document
                .get("owner")
                .and_then(Value::as_str)
                .ok_or_else(|| FetchError::Invalid("neither an actor nor a key with an owner".into()))?;
            if !same_origin(owner, key_id) {
                return Err(FetchError::Origin { id: owner.to_owned(), url: key_id.to_owned() });
            }
            self.get(owner).await?
        };
        self.store_actor(owner, Some(key_id)).await
    }

    /// A stored remote actor by id; with `fresh`, only one fetched within a day.
    async fn stored_actor(&self, uri: &str, fresh: bool) -> Result<Option<actors::Model>, FetchError> {
        let Some(row) = remote::actor_by_ap_id(&self.app, uri).await? else { return Ok(None) };
        if row.domain.is_none() {
            return Err(FetchError::Local(uri.to_owned()));
        }
        if row.deleted_at.is_some() {
            return Err(FetchError::Gone);
        }
        let recent = row.fetched_at.is_some_and(|at| Utc::now() - at < FRESH_FOR);
        Ok((recent || !fresh).then_some(row))
    }

    async fn fetch_actor(&self, uri: &str, key_id: Option<&str>) -> Result<actors::Model, FetchError> {
        let document = self.get(uri).await?;
        self.store_actor(document, key_id).await
    }

    async fn store_actor(&self, document: Value, key_id: Option<&str>) -> Result<actors::Model, FetchError> {
        let actor: Actor = serde_json::from_value(document).map_err(|e| FetchError::Invalid(e.to_string()))?;
        let remote = ap_actor_to_remote(&actor, key_id).map_err(|e| FetchError::Invalid(e.to_owned()))?;
        let row = remote::upsert_actor(&self.app, &remote).await?;
        if row.deleted_at.is_some() {
            return Err(FetchError::Gone);
        }
        Ok(row)
    }

    /// Holds `uri` for this task: other fetches of it wait until the guard is dropped.
    async fn lock(&self, uri: &str) -> InFlight<'_> {
        let mutex = {
            let mut map = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
            map.entry(uri.to_owned()).or_default().clone()
        };
        let guard = mutex.lock_owned().await;
        InFlight { fetcher: self, uri: uri.to_owned(), guard: Some(guard) }
    }
}

/// A fetch in progress; its entry leaves the map when the last task holding it is done.
struct InFlight<'a> {
    fetcher: &'a Fetcher,
    uri: String,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut map = self.fetcher.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        // Only the map's own reference left: nobody holds or waits for this address.
        if map.get(&self.uri).is_some_and(|m| Arc::strong_count(m) == 1) {
            map.remove(&self.uri);
        }
    }
}

fn without_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(before, _)| before)
}

/// Whether two URLs have the same origin (scheme, host and port); false if either is not a URL.
pub fn same_origin(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => matches!(a.scheme(), "http" | "https") && a.origin() == b.origin(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert!(same_origin("https://m.example/users/a", "https://m.example/inbox#x"));
        assert!(same_origin("https://m.example/a", "https://m.example:443/b"));
        assert!(!same_origin("https://m.example/a", "http://m.example/a"));
        assert!(!same_origin("https://m.example/a", "https://m.example:8443/a"));
        assert!(!same_origin("https://m.example/a", "https://evil.example/a"));
        assert!(!same_origin("https://m.example.evil.example/a", "https://m.example/a"));
        assert!(!same_origin("not a url", "not a url"));
        assert!(!same_origin("data:text/plain,x", "data:text/plain,x"));
        assert_eq!(without_fragment("https://m.example/a#main-key"), "https://m.example/a");
    }
}
