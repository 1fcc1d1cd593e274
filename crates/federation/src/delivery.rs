//! The delivery worker: claims queued deliveries with a lease, signs each POST with its
//! actor's key (draft-cavage `rsa-sha256`), sends several at once over one keep-alive client,
//! and reports the outcomes to `ensemble_app::deliveries`, which retries and keeps instance
//! health. A process killed mid-delivery loses nothing: the rows it held are claimed again
//! once their lease runs out, so a delivery may arrive twice but never zero times.

use crate::http;
use chrono::Utc;
use ensemble_activitypub::signatures::{self, PrivateKey};
use ensemble_app::App;
use ensemble_app::deliveries::{self, Claimed, Outcome};
use reqwest::StatusCode;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Requests in flight at once, per process.
const CONCURRENCY: usize = 64;
/// Outcomes written to the database together: the cost of a write is shared by many deliveries.
const RECORD_BATCH: usize = 64;
const POLL: Duration = Duration::from_secs(1);
const EXPIRE_EVERY: Duration = Duration::from_secs(60);
const ACTIVITY_JSON: &str = "application/activity+json";

/// A worker's state: its client, and the parsed keys of the actors it signed for (a local
/// actor's key never changes, and parsing it costs as much as a signature).
pub struct Deliverer {
    app: App,
    client: reqwest::Client,
    keys: Mutex<HashMap<i64, Arc<Key>>>,
}

struct Key {
    key_id: String,
    key: PrivateKey,
}

impl Deliverer {
    pub fn new(app: App, client: reqwest::Client) -> Deliverer {
        Deliverer { app, client, keys: Mutex::new(HashMap::new()) }
    }

    /// Delivers everything due now, until nothing due is left or `stop` turns true; returns how
    /// many attempts were made.
    pub async fn run(&self, stop: Option<&watch::Receiver<bool>>) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            // A success can make a failing instance's waiting deliveries due: go round again.
            let attempted = self.drain(stop).await?;
            if attempted == 0 {
                return Ok(total);
            }
            total += attempted;
        }
    }

    /// Keeps up to `CONCURRENCY` deliveries in flight until the claim comes back empty.
    async fn drain(&self, stop: Option<&watch::Receiver<bool>>) -> anyhow::Result<usize> {
        let stopping = || stop.is_some_and(|s| *s.borrow());
        let allow_private = self.app.settings.federation.allow_private_networks;
        let mut in_flight = JoinSet::new();
        let mut done: Vec<(Claimed, Outcome)> = Vec::with_capacity(RECORD_BATCH);
        let mut attempted = 0;
        let mut exhausted = false;
        loop {
            if !exhausted && !stopping() && in_flight.len() <= CONCURRENCY / 2 {
                let claimed = deliveries::claim(&self.app, (CONCURRENCY - in_flight.len()) as u32).await?;
                exhausted = claimed.is_empty();
                attempted += claimed.len();
                for delivery in claimed {
                    match self.key(delivery.actor_id).await {
                        Ok(key) => {
                            let client = self.client.clone();
                            in_flight.spawn(async move {
                                let outcome = send(&client, &key, &delivery, allow_private).await;
                                (delivery, outcome)
                            });
                        }
                        Err(outcome) => done.push((delivery, outcome)),
                    }
                }
            }
            match in_flight.join_next().await {
                Some(Ok(result)) => done.push(result),
                // The row stays leased and goes out again when the lease ends.
                Some(Err(err)) => tracing::error!(error = %err, "delivery task failed"),
                None => {}
            }
            while let Some(joined) = in_flight.try_join_next() {
                match joined {
                    Ok(result) => done.push(result),
                    Err(err) => tracing::error!(error = %err, "delivery task failed"),
                }
            }
            let finished = in_flight.is_empty() && (exhausted || stopping());
            if done.len() >= RECORD_BATCH || (finished && !done.is_empty()) {
                deliveries::record(&self.app, &done).await?;
                done.clear();
            }
            if finished {
                return Ok(attempted);
            }
        }
    }

    /// The parsed key of a local actor, from the cache or the database. A signer without a
    /// usable key refuses the delivery for good.
    async fn key(&self, actor_id: i64) -> Result<Arc<Key>, Outcome> {
        if let Some(key) = self.keys.lock().ok().and_then(|keys| keys.get(&actor_id).cloned()) {
            return Ok(key);
        }
        let signer = deliveries::signer(&self.app, actor_id)
            .await
            .map_err(|err| Outcome::Failed(format!("loading the signer: {err:#}")))?
            .ok_or_else(|| Outcome::Refused("the signer has no private key".to_owned()))?;
        let key = PrivateKey::from_pem(&signer.private_key_pem)
            .map_err(|err| Outcome::Refused(format!("the signer's key: {err}")))?;
        let key = Arc::new(Key { key_id: format!("{}#main-key", signer.ap_id), key });
        if let Ok(mut keys) = self.keys.lock() {
            keys.insert(actor_id, key.clone());
        }
        Ok(key)
    }
}

/// One signed POST, and what it came to.
async fn send(client: &reqwest::Client, key: &Key, delivery: &Claimed, allow_private: bool) -> Outcome {
    let Ok(url) = url::Url::parse(&delivery.inbox_url) else {
        return Outcome::Refused("not a URL".to_owned());
    };
    if let Err(err) = http::check_url(&url, allow_private) {
        return Outcome::Failed(err.to_string());
    }
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => return Outcome::Refused("no host".to_owned()),
    };
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let date = signatures::http_date(Utc::now());
    let digest = signatures::digest(delivery.activity.as_bytes());
    let signed = [("host", host.as_str()), ("date", &date), ("digest", &digest), ("content-type", ACTIVITY_JSON)];
    let signature = match signatures::sign(&key.key, &key.key_id, "POST", &target, &signed) {
        Ok(signature) => signature,
        Err(err) => return Outcome::Failed(format!("signing: {err}")),
    };
    let request = client
        .post(url.clone())
        .header(reqwest::header::HOST, &host)
        .header(reqwest::header::DATE, &date)
        .header("digest", &digest)
        .header(reqwest::header::CONTENT_TYPE, ACTIVITY_JSON)
        .header("signature", signature)
        .body(delivery.activity.clone());
    match request.send().await {
        Err(err) => Outcome::Failed(format!("{:#}", anyhow::Error::new(err))),
        Ok(response) => {
            let status = response.status();
            // A redirected POST is re-sent without its signature matching (or as a GET): the
            // inbox is wrong, and will stay wrong.
            let redirected = response.url() != &url;
            // Reading the body lets the connection be reused.
            let _ = http::read_body(response).await;
            if redirected { Outcome::Refused(format!("redirected (HTTP {status})")) } else { classify(status) }
        }
    }
}

/// 2xx arrived; other 4xx will never change; 408, 429, 5xx and the rest may.
fn classify(status: StatusCode) -> Outcome {
    if status.is_success() {
        Outcome::Delivered
    } else if status.is_client_error()
        && status != StatusCode::REQUEST_TIMEOUT
        && status != StatusCode::TOO_MANY_REQUESTS
    {
        Outcome::Refused(format!("HTTP {status}"))
    } else {
        Outcome::Failed(format!("HTTP {status}"))
    }
}

/// The client deliveries use: the guarded federation client of this instance's settings.
pub fn client(app: &App) -> Result<reqwest::Client, http::HttpError> {
    let user_agent = format!("Ensemble/{} (+{})", env!("CARGO_PKG_VERSION"), app.settings.base_url);
    http::client(app.settings.federation.allow_private_networks, &user_agent)
}

/// Delivers everything due now (tests and the command line); returns how many attempts were made.
pub async fn run_pending(app: &App, client: &reqwest::Client) -> anyhow::Result<usize> {
    Deliverer::new(app.clone(), client.clone()).run(None).await
}

/// Polls for due deliveries every second until `shutdown` turns true, letting requests in
/// flight finish; gives up three-day-old deliveries once a minute.
pub async fn run_forever(app: App, mut shutdown: watch::Receiver<bool>) {
    let client = match client(&app) {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(error = %err, "delivery worker cannot start");
            return;
        }
    };
    let deliverer = Deliverer::new(app.clone(), client);
    let mut last_expiry: Option<tokio::time::Instant> = None;
    loop {
        if last_expiry.is_none_or(|at| at.elapsed() >= EXPIRE_EVERY) {
            if let Err(err) = deliveries::expire(&app).await {
                tracing::error!(error = %format!("{err:#}"), "expiring deliveries");
            }
            last_expiry = Some(tokio::time::Instant::now());
        }
        if let Err(err) = deliverer.run(Some(&shutdown)).await {
            tracing::error!(error = %format!("{err:#}"), "delivery worker");
        }
        if *shutdown.borrow() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for (code, expected) in [
            (200, "delivered"),
            (202, "delivered"),
            (400, "refused"),
            (401, "refused"),
            (404, "refused"),
            (410, "refused"),
            (408, "failed"),
            (429, "failed"),
            (500, "failed"),
            (502, "failed"),
            (503, "failed"),
        ] {
            let outcome = classify(StatusCode::from_u16(code).unwrap());
            let got = match outcome {
                Outcome::Delivered => "delivered",
                Outcome::Refused(_) => "refused",
                Outcome::Failed(_) => "failed",
            };
            assert_eq!(got, expected, "HTTP {code}");
        }
    }
}
