//! Clearing away what has run out: sessions and mailed links past their expiry, rate-limit
//! windows long closed, participations without an account never confirmed (their address
//! is kept no longer than needed; their confirmation link stops working with them), and the
//! private keys of deleted identities once their `Delete` can no longer be retried.

use crate::{App, AppResult};
use chrono::{DateTime, Duration, Utc};
use ensemble_domain::participation::ParticipantRole;
use ensemble_store::entities::{actors, participations, rate_limits, sessions, tokens};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// How long an address waits for its owner to confirm a participation.
pub const UNCONFIRMED_KEPT: Duration = Duration::days(7);
/// Longer than deliveries are retried (72 hours).
const DELETED_KEYS_KEPT: Duration = Duration::days(4);
/// Longer than the longest rate-limit window.
const WINDOWS_KEPT: Duration = Duration::days(1);

/// How many rows of each kind a sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub tokens: u64,
    pub rate_limits: u64,
    pub unconfirmed: u64,
    pub keys: u64,
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
        keys: actors::Entity::update_many()
            .col_expr(actors::Column::PrivateKeyPem, Expr::value(Option::<String>::None))
            .filter(actors::Column::DeletedAt.lt(now - DELETED_KEYS_KEPT))
            .filter(actors::Column::PrivateKeyPem.is_not_null())
            .exec(db)
            .await?
            .rows_affected,
    };
    if swept != Swept::default() {
        tracing::info!(?swept, "housekeeping");
    }
    Ok(swept)
}
