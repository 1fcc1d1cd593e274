//! The delivery queue and the health of the instances it goes to. The policy (backoff, when an
//! instance is dead) is the caller's; these queries only apply it.

use super::statement;
use crate::entities::deliveries;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, Value,
    prelude::DateTimeUtc,
};

/// Rows per multi-row statement, well under SQLite's limit on bound parameters.
const CHUNK: usize = 500;

/// A delivery a worker now holds until its lease ends.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Claimed {
    pub id: i64,
    pub actor_id: i64,
    pub inbox_url: String,
    pub host: String,
    pub activity: String,
    /// Counting this one.
    pub attempts: i32,
    pub created_at: DateTimeUtc,
}

/// One line of the queue, per instance, for administrators.
#[derive(Debug, Clone, FromQueryResult)]
pub struct InstanceQueue {
    pub host: String,
    pub queued: i64,
    pub failed: i64,
    /// The earliest `run_at` of the queued deliveries.
    pub next_run_at: Option<DateTimeUtc>,
    pub consecutive_failures: Option<i32>,
    pub last_success_at: Option<DateTimeUtc>,
    pub last_failure_at: Option<DateTimeUtc>,
    pub dead_since: Option<DateTimeUtc>,
    pub next_probe_at: Option<DateTimeUtc>,
}

const RETURNING: &str = "RETURNING id, actor_id, inbox_url, host, activity, attempts, created_at";

/// Queues one delivery per `(inbox_url, host)`, due now.
pub async fn enqueue_many(
    db: &impl ConnectionTrait,
    actor_id: i64,
    targets: &[(String, String)],
    activity: &str,
    now: DateTimeUtc,
) -> Result<(), DbErr> {
    for chunk in targets.chunks(CHUNK) {
        let rows = chunk.iter().map(|(inbox_url, host)| deliveries::ActiveModel {
            actor_id: Set(actor_id),
            inbox_url: Set(inbox_url.clone()),
            host: Set(host.clone()),
            activity: Set(activity.to_owned()),
            run_at: Set(now),
            attempts: Set(0),
            lease_until: Set(None),
            last_error: Set(None),
            failed_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        });
        deliveries::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Leases up to `limit` deliveries until `lease_until`: first one delivery of each dead
/// instance whose probe is due (moving its next probe to `next_probe_at`, so that only one
/// worker probes it), then due deliveries of live instances, oldest first. A delivery whose
/// worker died is claimed again once its lease runs out; on PostgreSQL, `SKIP LOCKED` lets
/// several processes claim at once without waiting on each other or taking the same rows.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTimeUtc,
    lease_until: DateTimeUtc,
    next_probe_at: DateTimeUtc,
    limit: u32,
) -> Result<Vec<Claimed>, DbErr> {
    let backend = db.get_database_backend();
    let lock = if backend == DbBackend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let mut claimed = Vec::new();

    let probes = statement(
        backend,
        "UPDATE instances SET next_probe_at = ? WHERE dead_since IS NOT NULL AND next_probe_at <= ? RETURNING host",
        vec![next_probe_at.into(), now.into()],
    );
    for row in db.query_all_raw(probes).await? {
        let host: String = row.try_get("", "host")?;
        let sql = format!(
            "UPDATE deliveries SET lease_until = ?, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM deliveries WHERE host = ? AND failed_at IS NULL \
                          AND (lease_until IS NULL OR lease_until < ?) ORDER BY run_at, id LIMIT 1{lock}) {RETURNING}"
        );
        let stmt = statement(backend, &sql, vec![lease_until.into(), host.into(), now.into()]);
        for row in db.query_all_raw(stmt).await? {
            claimed.push(Claimed::from_query_result(&row, "")?);
        }
    }

    let rest = i64::from(limit).saturating_sub(claimed.len() as i64);
    if rest > 0 {
        let sql = format!(
            "UPDATE deliveries SET lease_until = ?, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM deliveries WHERE failed_at IS NULL AND run_at <= ? \
                          AND (lease_until IS NULL OR lease_until < ?) \
                          AND host NOT IN (SELECT host FROM instances WHERE dead_since IS NOT NULL) \
                          ORDER BY run_at, id LIMIT ?{lock}) {RETURNING}"
        );
        let stmt = statement(backend, &sql, vec![lease_until.into(), now.into(), now.into(), rest.into()]);
        for row in db.query_all_raw(stmt).await? {
            claimed.push(Claimed::from_query_result(&row, "")?);
        }
    }
    Ok(claimed)
}

/// These deliveries arrived: they leave the queue.
pub async fn complete(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    for chunk in ids.chunks(CHUNK) {
        let sql = format!("DELETE FROM deliveries WHERE id IN ({})", placeholders(chunk.len()));
        let values = chunk.iter().map(|&id| id.into()).collect();
        db.execute_raw(statement(db.get_database_backend(), &sql, values)).await?;
    }
    Ok(())
}

/// The attempt failed: try again at `retry_at`, or give up (`retry_at = None`) and keep the row.
pub async fn fail(
    db: &impl ConnectionTrait,
    id: i64,
    error: &str,
    retry_at: Option<DateTimeUtc>,
    now: DateTimeUtc,
) -> Result<(), DbErr> {
    let mut row = deliveries::ActiveModel { id: Set(id), ..Default::default() };
    row.lease_until = Set(None);
    row.last_error = Set(Some(error.chars().take(2000).collect()));
    match retry_at {
        Some(at) => row.run_at = Set(at),
        None => row.failed_at = Set(Some(now)),
    }
    row.update(db).await?;
    Ok(())
}

/// Gives up every delivery created before `created_before` that nobody holds (those of dead
/// instances, which are rarely claimed, included).
pub async fn expire(db: &impl ConnectionTrait, created_before: DateTimeUtc, now: DateTimeUtc) -> Result<u64, DbErr> {
    let stmt = statement(
        db.get_database_backend(),
        "UPDATE deliveries SET failed_at = ?, lease_until = NULL, last_error = COALESCE(last_error, 'expired') \
         WHERE failed_at IS NULL AND created_at < ? AND (lease_until IS NULL OR lease_until < ?)",
        vec![now.into(), created_before.into(), now.into()],
    );
    Ok(db.execute_raw(stmt).await?.rows_affected())
}

/// These instances answered: they are healthy (dead ones revive). Those that were failing get
/// their waiting deliveries due now instead of at the end of their backoff.
pub async fn record_successes(db: &impl ConnectionTrait, hosts: &[String], now: DateTimeUtc) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    // Sorted and without duplicates: one upsert may not touch a row twice, and two workers
    // locking rows in the same order cannot deadlock.
    let mut hosts = hosts.to_vec();
    hosts.sort();
    hosts.dedup();
    for chunk in hosts.chunks(CHUNK) {
        let list = placeholders(chunk.len());
        let names: Vec<Value> = chunk.iter().map(|h| h.as_str().into()).collect();
        let failing = statement(
            backend,
            &format!("SELECT host FROM instances WHERE host IN ({list}) AND consecutive_failures > 0"),
            names.clone(),
        );
        let failing = db.query_all_raw(failing).await?;

        let rows = vec!["(?, 0, ?)"; chunk.len()].join(", ");
        let mut values = Vec::with_capacity(chunk.len() * 2);
        for host in chunk {
            values.push(host.as_str().into());
            values.push(now.into());
        }
        let upsert = format!(
            "INSERT INTO instances (host, consecutive_failures, last_success_at) VALUES {rows} \
             ON CONFLICT (host) DO UPDATE SET consecutive_failures = 0, failing_since = NULL, \
               last_success_at = excluded.last_success_at, dead_since = NULL, next_probe_at = NULL"
        );
        db.execute_raw(statement(backend, &upsert, values)).await?;

        if !failing.is_empty() {
            let mut values: Vec<Value> = vec![now.into()];
            for row in &failing {
                values.push(row.try_get::<String>("", "host")?.into());
            }
            values.push(now.into());
            let sql = format!(
                "UPDATE deliveries SET run_at = ? WHERE host IN ({}) AND failed_at IS NULL AND run_at > ?",
                placeholders(failing.len())
            );
            db.execute_raw(statement(backend, &sql, values)).await?;
        }
    }
    Ok(())
}

/// One more failure for `host`. It becomes dead once it has `dead_after_failures` failures in
/// a row, the first of them at or before `failing_since_before`; a dead instance is tried
/// again at `next_probe_at`. Returns whether the instance is dead.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    host: &str,
    now: DateTimeUtc,
    dead_after_failures: i32,
    failing_since_before: DateTimeUtc,
    next_probe_at: DateTimeUtc,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let upsert = statement(
        backend,
        "INSERT INTO instances (host, consecutive_failures, failing_since, last_failure_at) VALUES (?, 1, ?, ?) \
         ON CONFLICT (host) DO UPDATE SET consecutive_failures = instances.consecutive_failures + 1, \
           failing_since = COALESCE(instances.failing_since, excluded.failing_since), \
           last_failure_at = excluded.last_failure_at",
        vec![host.into(), now.into(), now.into()],
    );
    db.execute_raw(upsert).await?;
    let dead = statement(
        backend,
        "UPDATE instances SET dead_since = COALESCE(dead_since, ?), next_probe_at = ? \
         WHERE host = ? AND (dead_since IS NOT NULL OR (consecutive_failures >= ? AND failing_since <= ?)) \
         RETURNING host",
        vec![now.into(), next_probe_at.into(), host.into(), dead_after_failures.into(), failing_since_before.into()],
    );
    Ok(!db.query_all_raw(dead).await?.is_empty())
}

/// Every instance we know or have deliveries for, those with the most queued first.
pub async fn summary(db: &impl ConnectionTrait) -> Result<Vec<InstanceQueue>, DbErr> {
    let stmt = statement(
        db.get_database_backend(),
        "SELECT h.host, COALESCE(q.queued, 0) AS queued, COALESCE(q.failed, 0) AS failed, q.next_run_at, \
           i.consecutive_failures, i.last_success_at, i.last_failure_at, i.dead_since, i.next_probe_at \
         FROM (SELECT host FROM instances UNION SELECT host FROM deliveries) h \
         LEFT JOIN (SELECT host, \
                      SUM(CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END) AS queued, \
                      SUM(CASE WHEN failed_at IS NULL THEN 0 ELSE 1 END) AS failed, \
                      MIN(CASE WHEN failed_at IS NULL THEN run_at END) AS next_run_at \
                    FROM deliveries GROUP BY host) q ON q.host = h.host \
         LEFT JOIN instances i ON i.host = h.host \
         ORDER BY queued DESC, failed DESC, h.host",
        vec![],
    );
    let rows = db.query_all_raw(stmt).await?;
    rows.iter().map(|row| InstanceQueue::from_query_result(row, "")).collect()
}

/// `?, ?, …` for an `IN` list of `n` values.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}
