//! Limits on attempts (log-in, sign-up, reset), counted in the database so that every node
//! of a cluster enforces the same limit.

use crate::{AppError, AppResult};
use chrono::{DateTime, TimeZone, Utc};
use ensemble_store::{ConnectionTrait, queries::rate_limits};

/// At most `max` attempts per `window_secs` for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_secs: i64,
}

pub const LOGIN_PER_IP: Limit = Limit { name: "login-ip", max: 30, window_secs: 900 };
pub const LOGIN_PER_ACCOUNT: Limit = Limit { name: "login-account", max: 10, window_secs: 900 };
pub const SIGNUP_PER_IP: Limit = Limit { name: "signup-ip", max: 10, window_secs: 3600 };
pub const RESET_PER_IP: Limit = Limit { name: "reset-ip", max: 10, window_secs: 3600 };
pub const ANONYMOUS_JOIN_PER_IP: Limit = Limit { name: "anonymous-join-ip", max: 20, window_secs: 3600 };
/// Password checks of a logged-in account (changing the password or address, deleting).
pub const PASSWORD_CHECK_PER_ACCOUNT: Limit = Limit { name: "password-check", max: 10, window_secs: 900 };
/// Lookups of other servers' addresses, each of which makes us fetch from them.
pub const LOOKUP_PER_ACCOUNT: Limit = Limit { name: "lookup-account", max: 30, window_secs: 600 };
pub const MAIL_PER_ADDRESS: Limit = Limit { name: "mail-address", max: 5, window_secs: 3600 };

/// Counts an attempt; `RateLimited` once the window's budget is spent.
pub async fn check(db: &impl ConnectionTrait, limit: Limit, subject: &str) -> AppResult<()> {
    let now = Utc::now();
    let start = now.timestamp() - now.timestamp().rem_euclid(limit.window_secs);
    let window_start: DateTime<Utc> = Utc.timestamp_opt(start, 0).single().unwrap_or(now);
    let key = format!("{}:{}", limit.name, subject.to_lowercase());
    let hits = rate_limits::hit(db, &key, window_start).await?;
    if hits > limit.max {
        let retry_after_secs = u64::try_from(start + limit.window_secs - now.timestamp()).unwrap_or(1).max(1);
        return Err(AppError::RateLimited { retry_after_secs });
    }
    Ok(())
}
