//! The job runner: claims due jobs with a lease, runs them, retries failures with exponential
//! backoff. Tests call `run_pending` to drain the queue deterministically; the server runs
//! `run_forever` in the background.

use crate::App;
use crate::mail::Envelope;
use chrono::{Duration, Utc};
use ensemble_store::{ConnectionTrait, queries::jobs};

const KIND_MAIL: &str = "mail";

/// A job as the runner running it holds it: attempt `attempts` of job `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    pub attempts: i32,
}
const MAIL_ATTEMPTS: i32 = 16;
const LEASE: Duration = Duration::minutes(5);

/// Queues a mail in the caller's transaction: it is sent if and only if the change commits.
pub async fn enqueue_mail(db: &impl ConnectionTrait, envelope: &Envelope) -> anyhow::Result<()> {
    let payload = serde_json::to_string(envelope)?;
    jobs::enqueue(db, KIND_MAIL, payload, Utc::now(), MAIL_ATTEMPTS).await?;
    Ok(())
}

/// Runs every job that is due now, until none is left; returns how many ran (successfully or not).
pub async fn run_pending(app: &App) -> anyhow::Result<usize> {
    let mut ran = 0;
    loop {
        let now = Utc::now();
        let claimed = jobs::claim(&app.db, now, now + LEASE, 16).await?;
        if claimed.is_empty() {
            return Ok(ran);
        }
        for job in claimed {
            ran += 1;
            match run_one(app, &job).await {
                // A `federate` job may have ended already, with the deliveries it queued.
                Ok(()) => _ = jobs::complete(&app.db, job.id, job.attempts).await?,
                Err(err) => {
                    let retry_at = (job.attempts < job.max_attempts).then(|| Utc::now() + backoff(job.attempts));
                    tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %format!("{err:#}"), "job failed");
                    jobs::fail(&app.db, job.id, job.attempts, &format!("{err:#}"), retry_at, Utc::now()).await?;
                }
            }
        }
    }
}

/// Polls for due jobs until `shutdown` resolves, and sweeps expired rows once an hour.
pub async fn run_forever(app: App, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let mut last_sweep: Option<std::time::Instant> = None;
    loop {
        if let Err(err) = run_pending(&app).await {
            tracing::error!(error = %format!("{err:#}"), "job runner");
        }
        if last_sweep.is_none_or(|at| at.elapsed() >= std::time::Duration::from_secs(3600)) {
            last_sweep = Some(std::time::Instant::now());
            if let Err(err) = crate::housekeeping::sweep(&app, Utc::now()).await {
                tracing::error!(error = %format!("{err:#}"), "housekeeping");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn run_one(app: &App, job: &jobs::Claimed) -> anyhow::Result<()> {
    match job.kind.as_str() {
        KIND_MAIL => {
            let envelope: Envelope = serde_json::from_str(&job.payload)?;
            app.mailer.send(&envelope).await
        }
        crate::federate::KIND => {
            let what: crate::federate::Federate = serde_json::from_str(&job.payload)?;
            app.federator.federate(app, Claim { id: job.id, attempts: job.attempts }, &what).await
        }
        other => anyhow::bail!("unknown job kind {other:?}"),
    }
}

/// 1 min after the first failure, then 2, 4, 8… capped at 6 h: with 16 attempts, a mail server
/// down for a day and a half still gets its mail.
fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(0, 10) as u32;
    Duration::seconds(30 * 2_i64.pow(exp)).min(Duration::hours(6))
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff(0).num_seconds(), 30);
        assert_eq!(super::backoff(3).num_seconds(), 240);
        assert_eq!(super::backoff(50).num_hours(), 6);
    }
}
