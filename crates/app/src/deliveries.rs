//! Deliveries to other servers: the federation half of the transactional outbox. A change that
//! must reach other servers queues its activity with `enqueue`, inside its own transaction; the
//! worker (`ensemble_federation::delivery`) claims rows, signs and sends them, and reports back
//! with `record`, which applies the retry policy and keeps each instance's health.

use crate::sessions::Viewer;
use crate::{App, AppError, AppResult};
use chrono::{DateTime, Duration, Utc};
use ensemble_domain::Role;
use ensemble_store::ConnectionTrait;
use ensemble_store::entities::actors;
use ensemble_store::queries::deliveries as queries;
use sea_orm::EntityTrait;
use std::collections::HashSet;

pub use queries::Claimed;

/// Long enough for any request (they time out after seconds), short enough that a delivery
/// held by a killed process goes out again soon.
const LEASE: Duration = Duration::minutes(2);
const FIRST_RETRY: Duration = Duration::minutes(1);
const LONGEST_RETRY: Duration = Duration::hours(6);
/// A delivery is retried for three days, then kept as failed for the administrators.
const GIVE_UP_AFTER: Duration = Duration::hours(72);
/// An instance is dead after this many failures in a row…
const DEAD_AFTER_FAILURES: i32 = 8;
/// …spread over at least this long (a short outage is not death)…
const DEAD_AFTER: Duration = Duration::hours(12);
/// …and is then tried once per this period, until a success revives it.
const PROBE_EVERY: Duration = Duration::hours(12);

/// Queues `activity_json` for every inbox, signed later by `signer_actor_id`. Call it inside
/// the transaction of the change the activity announces: it is sent if and only if that
/// commits. Pass shared inboxes where known; identical addresses get one delivery. Addresses
/// that are not http(s) URLs are skipped with a warning.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    signer_actor_id: i64,
    inboxes: &[String],
    activity_json: &str,
) -> AppResult<()> {
    let mut seen = HashSet::new();
    let mut targets = Vec::with_capacity(inboxes.len());
    for inbox in inboxes {
        let inbox = inbox.trim();
        if !seen.insert(inbox) {
            continue;
        }
        match host_of(inbox) {
            Some(host) => targets.push((inbox.to_owned(), host)),
            None => tracing::warn!(
                inbox,
                actor = signer_actor_id,
                "not delivering to an address that is not an http(s) URL"
            ),
        }
    }
    queries::enqueue_many(db, signer_actor_id, &targets, activity_json, Utc::now()).await?;
    Ok(())
}

/// `host[:port]` of an http(s) URL, the port only when it is not the scheme's default.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// Leases up to `limit` deliveries that are due (and one per dead instance whose rare try is due).
pub async fn claim(app: &App, limit: u32) -> AppResult<Vec<Claimed>> {
    let now = Utc::now();
    Ok(queries::claim(&app.db, now, now + LEASE, now + PROBE_EVERY, limit).await?)
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The inbox accepted it (2xx).
    Delivered,
    /// The instance answered, but will never accept this one (4xx but 408 and 429, or no key
    /// to sign with): not retried.
    Refused(String),
    /// Worth another try later (5xx, 408, 429, timeout, connection or address refused).
    Failed(String),
}

/// Applies the outcomes of claimed deliveries: delivered ones leave the queue, failed ones are
/// retried with backoff until they are three days old, refused ones are kept as failed; each
/// instance's health follows.
pub async fn record(app: &App, results: &[(Claimed, Outcome)]) -> AppResult<()> {
    let now = Utc::now();
    let delivered: Vec<i64> = results.iter().filter(|(_, o)| *o == Outcome::Delivered).map(|(c, _)| c.id).collect();
    queries::complete(&app.db, &delivered).await?;
    // An instance that answered is up, even if it refused one activity. Successes first, so
    // that a failure in the same batch is the last word on its own delivery.
    let reached: Vec<String> =
        results.iter().filter(|(_, o)| !matches!(o, Outcome::Failed(_))).map(|(c, _)| c.host.clone()).collect();
    queries::record_successes(&app.db, &reached, now).await?;
    for (delivery, outcome) in results {
        match outcome {
            Outcome::Delivered => {}
            Outcome::Refused(error) => {
                tracing::warn!(delivery = delivery.id, inbox = %delivery.inbox_url, error, "delivery refused, not retried");
                queries::fail(&app.db, delivery.id, error, None, now).await?;
            }
            Outcome::Failed(error) => {
                let retry_at = retry_at(delivery.attempts, delivery.created_at, now);
                if retry_at.is_none() {
                    tracing::warn!(delivery = delivery.id, inbox = %delivery.inbox_url, error, "delivery failed for three days, giving up");
                } else {
                    tracing::info!(delivery = delivery.id, inbox = %delivery.inbox_url, attempt = delivery.attempts, error, "delivery failed, will retry");
                }
                queries::fail(&app.db, delivery.id, error, retry_at, now).await?;
                let dead = queries::record_failure(
                    &app.db,
                    &delivery.host,
                    now,
                    DEAD_AFTER_FAILURES,
                    now - DEAD_AFTER,
                    now + PROBE_EVERY,
                )
                .await?;
                if dead {
                    tracing::info!(host = %delivery.host, "instance unreachable; trying it again in 12 hours");
                }
            }
        }
    }
    Ok(())
}

/// Gives up deliveries older than three days that nobody holds, such as those waiting for a
/// dead instance.
pub async fn expire(app: &App) -> AppResult<()> {
    let now = Utc::now();
    let expired = queries::expire(&app.db, now - GIVE_UP_AFTER, now).await?;
    if expired > 0 {
        tracing::warn!(expired, "deliveries given up after three days");
    }
    Ok(())
}

/// When to try again after `attempts` failures, or `None` to give up.
fn retry_at(attempts: i32, created_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (now - created_at < GIVE_UP_AFTER).then(|| now + backoff(attempts))
}

/// 1 min after the first failure, then 2, 4, 8… capped at 6 h: about 20 tries in three days.
fn backoff(attempts: i32) -> Duration {
    let exp = attempts.saturating_sub(1).clamp(0, 20) as u32;
    FIRST_RETRY.checked_mul(2_i32.pow(exp)).unwrap_or(LONGEST_RETRY).min(LONGEST_RETRY)
}

/// What a delivery is signed with: the local actor's id and private key.
#[derive(Debug, Clone)]
pub struct Signer {
    pub ap_id: String,
    pub private_key_pem: String,
}

/// The signer of a delivery, if it is a local actor that still has a key (a deleted identity
/// has none).
pub async fn signer(app: &App, actor_id: i64) -> AppResult<Option<Signer>> {
    let actor = actors::Entity::find_by_id(actor_id).one(&app.db).await?;
    Ok(actor.and_then(|a| a.private_key_pem.map(|private_key_pem| Signer { ap_id: a.ap_id, private_key_pem })))
}

/// The queue and health of one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceQueue {
    /// `host[:port]`.
    pub host: String,
    pub queued: i64,
    /// Given up or refused, kept for inspection.
    pub failed: i64,
    pub consecutive_failures: i32,
    pub last_success_at: Option<DateTime<Utc>>,
    pub dead: bool,
    /// When its next queued delivery is tried; `None` when nothing is queued.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// The delivery queue per instance, busiest first (for `ensemble federation queue`).
pub async fn queue(app: &App) -> AppResult<Vec<InstanceQueue>> {
    let rows = queries::summary(&app.db).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let dead = r.dead_since.is_some();
            let next_attempt_at = match (r.queued, dead) {
                (0, _) => None,
                (_, true) => r.next_probe_at,
                (_, false) => r.next_run_at,
            };
            InstanceQueue {
                host: r.host,
                queued: r.queued,
                failed: r.failed,
                consecutive_failures: r.consecutive_failures.unwrap_or(0),
                last_success_at: r.last_success_at,
                dead,
                next_attempt_at,
            }
        })
        .collect())
}

/// The same, for the administration page: administrators only.
pub async fn queue_for(app: &App, viewer: &Viewer) -> AppResult<Vec<InstanceQueue>> {
    if viewer.role() != Role::Administrator {
        return Err(AppError::Forbidden);
    }
    queue(app).await
}

/// For the delivery benchmark (`ensemble bench queue-deliveries`): queues a sample activity of
/// about 1.5 KB, signed by the instance actor, to each inbox, in one transaction.
pub async fn queue_sample(app: &App, inboxes: &[String]) -> AppResult<()> {
    let relay = crate::instance::ensure_instance_actor(app).await?;
    let event = app.url(&format!("/events/{}", uuid::Uuid::new_v4()));
    let activity = serde_json::json!({
        "@context": ["https://www.w3.org/ns/activitystreams", {"mz": "https://joinmobilizon.org/ns#"}],
        "id": format!("{event}/activity"),
        "type": "Create",
        "actor": relay.ap_id,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [format!("{}/followers", relay.ap_id)],
        "object": {
            "id": event,
            "type": "Event",
            "name": "Benchmark event",
            "content": "<p>".to_owned() + &"A sample description of an event, long enough to weigh what real ones do. ".repeat(12) + "</p>",
            "startTime": "2030-01-01T10:00:00+01:00",
            "timezone": "Europe/Paris",
            "attributedTo": relay.ap_id,
            "mz:joinMode": "free",
            "url": event,
        },
    })
    .to_string();
    let txn = ensemble_store::begin_write(&app.db).await?;
    enqueue(&txn, relay.id, inboxes, &activity).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_minute_and_is_capped() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(10), Duration::hours(6));
        assert_eq!(backoff(i32::MAX), Duration::hours(6));
    }

    #[test]
    fn retried_for_three_days_at_least_two() {
        let start = Utc::now();
        let (mut now, mut attempts) = (start, 0);
        while let Some(at) = retry_at(attempts + 1, start, now) {
            attempts += 1;
            now = at;
        }
        assert!(now - start >= Duration::hours(72), "gave up after {}", now - start);
        assert!((15..=30).contains(&attempts), "{attempts} attempts");
    }

    #[test]
    fn hosts_keep_non_default_ports() {
        assert_eq!(host_of("https://Example.org/inbox").as_deref(), Some("example.org"));
        assert_eq!(host_of("https://example.org:443/inbox").as_deref(), Some("example.org"));
        assert_eq!(host_of("http://127.0.0.1:8080/inbox").as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(host_of("ftp://example.org/inbox"), None);
        assert_eq!(host_of("not a url"), None);
    }
}
