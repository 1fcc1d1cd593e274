//! Single-use links sent by mail.

use crate::{AppResult, FieldErrors, crypto};
use chrono::{Duration, Utc};
use ensemble_domain::FieldError;
use ensemble_store::entities::tokens;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Confirm,
    Reset,
    EmailChange,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Reset => "reset",
            Purpose::EmailChange => "email-change",
        }
    }

    /// Long enough to find the mail, short enough that an old mailbox is no key.
    fn lifetime(self) -> Duration {
        match self {
            Purpose::Confirm => Duration::hours(48),
            Purpose::Reset => Duration::hours(2),
            Purpose::EmailChange => Duration::hours(24),
        }
    }
}

/// Creates a link token, voiding earlier ones of the same purpose: only the newest mail works.
pub(crate) async fn issue(
    db: &impl ConnectionTrait,
    account_id: i64,
    purpose: Purpose,
    email: Option<String>,
) -> AppResult<String> {
    let now = Utc::now();
    tokens::Entity::update_many()
        .col_expr(tokens::Column::UsedAt, sea_orm::sea_query::Expr::value(Some(now)))
        .filter(tokens::Column::AccountId.eq(account_id))
        .filter(tokens::Column::Purpose.eq(purpose.as_str()))
        .filter(tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let token = crypto::random_token();
    tokens::ActiveModel {
        token_hash: Set(crypto::token_hash(&token)),
        account_id: Set(account_id),
        purpose: Set(purpose.as_str().to_owned()),
        email: Set(email),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The live token behind a link, without using it up (to show the form it leads to).
pub(crate) async fn peek(db: &impl ConnectionTrait, token: &str, purpose: Purpose) -> AppResult<tokens::Model> {
    let found = tokens::Entity::find()
        .filter(tokens::Column::TokenHash.eq(crypto::token_hash(token)))
        .filter(tokens::Column::Purpose.eq(purpose.as_str()))
        .one(db)
        .await?;
    match found {
        Some(t) if t.used_at.is_none() && t.expires_at > Utc::now() => Ok(t),
        _ => Err(FieldErrors::single("token", FieldError::LinkInvalid)),
    }
}

/// Uses a link up: a second click finds it spent.
pub(crate) async fn consume(db: &impl ConnectionTrait, token: &str, purpose: Purpose) -> AppResult<tokens::Model> {
    let found = peek(db, token, purpose).await?;
    let mut row = found.clone().into_active_model();
    row.used_at = Set(Some(Utc::now()));
    row.update(db).await?;
    Ok(found)
}
