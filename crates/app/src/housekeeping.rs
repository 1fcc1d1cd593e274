//! Clearing away what has run out: sessions and mailed links past their expiry, rate-limit
//! windows long closed, and participations without an account never confirmed (their address
//! is kept no longer than needed; their confirmation link stops working with them).

use crate::{App, AppResult};
use chrono::{DateTime, Duration, Utc};
use ensemble_domain::participation::ParticipantRole;
use ensemble_store::entities::{participations, rate_limits, sessions, tokens};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// How long an address waits for its owner to confirm a participation.
pub const UNCONFIRMED_KEPT: Duration = Duration::days(7);
/// Longer than the longest rate-limit window.
const WINDOWS_KEPT: Duration = Duration::days(1);

/// How many rows of each kind a sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub tokens: u64,
    pub rate_limits: u64,
    pub unconfirmed: u64,
}

pub async fn sweep(app: &App, now: DateTime<Utc>) -> AppResult<Swept> {
    let db = &app.db;
    let swept = Swept {
        sessions: sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lt(now))
            .exec(db)
            .await?
            .rows_affected,
        tokens: tokens::Entity::delete_many().filter(tokens::Column::ExpiresAt.lt(now)).exec(db).await?.rows_affected,
        rate_limits: rate_limits::Entity::delete_many()
            .filter(rate_limits::Column::WindowStart.lt(now - WINDOWS_KEPT))
            .exec(db)
            .await?
            .rows_affected,
        unconfirmed: participations::Entity::delete_many()
            .filter(participations::Column::Role.eq(ParticipantRole::Unconfirmed.as_str()))
            .filter(participations::Column::CreatedAt.lt(now - UNCONFIRMED_KEPT))
            .exec(db)
            .await?
            .rows_affected,
    };
    if swept != Swept::default() {
        tracing::info!(?swept, "housekeeping");
    }
    Ok(swept)
}
