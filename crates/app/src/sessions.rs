//! Logged-in browsers. The cookie carries a random token; the database keeps its hash.

use crate::{App, AppError, AppResult, crypto};
use chrono::{Duration, Utc};
use ensemble_domain::{Locale, Role};
use ensemble_store::entities::{accounts, actors, sessions};
use ensemble_store::queries::{actors as actor_queries, sessions as session_queries};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use sea_orm::{EntityTrait, IntoActiveModel};

/// How long a session lasts without logging in again.
pub const LIFETIME: Duration = Duration::days(30);

/// Who is making a request: an account, acting as one of its identities.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub token_hash: String,
    pub account: accounts::Model,
    /// The identity this browser currently acts as.
    pub identity: actors::Model,
}

impl Viewer {
    pub fn role(&self) -> Role {
        Role::parse(&self.account.role).unwrap_or_default()
    }

    pub fn locale(&self) -> Option<Locale> {
        self.account.locale.as_deref().and_then(Locale::parse)
    }

    /// The same viewer acting as another of the account's identities, for one action.
    pub async fn acting_as(&self, app: &App, username: &str) -> AppResult<Viewer> {
        if username.is_empty() || username == self.identity.username {
            return Ok(self.clone());
        }
        let identity = actor_queries::live_local_by_username(&app.db, username)
            .await?
            .filter(|a| a.account_id == Some(self.account.id))
            .ok_or(AppError::NotFound)?;
        Ok(Viewer { identity, ..self.clone() })
    }
}

/// Opens a session for `account`, acting as `actor_id`; returns the cookie's token.
pub async fn start(db: &impl ConnectionTrait, account_id: i64, actor_id: i64) -> AppResult<String> {
    let token = crypto::random_token();
    let now = Utc::now();
    sessions::ActiveModel {
        token_hash: Set(crypto::token_hash(&token)),
        account_id: Set(account_id),
        actor_id: Set(actor_id),
        created_at: Set(now),
        expires_at: Set(now + LIFETIME),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The viewer behind a session cookie, if the session is live.
pub async fn resolve(app: &App, token: &str) -> AppResult<Option<Viewer>> {
    let hash = crypto::token_hash(token);
    Ok(session_queries::live(&app.db, &hash, Utc::now()).await?.map(|live| Viewer {
        token_hash: hash,
        account: live.account,
        identity: live.actor,
    }))
}

pub async fn end(app: &App, viewer: &Viewer) -> AppResult<()> {
    sessions::Entity::delete_by_id(viewer.token_hash.clone()).exec(&app.db).await?;
    Ok(())
}

/// Acts as another of the viewer's identities in this browser.
pub async fn switch_identity(app: &App, viewer: &Viewer, username: &str) -> AppResult<()> {
    let identity = viewer.acting_as(app, username).await?.identity;
    let session =
        sessions::Entity::find_by_id(viewer.token_hash.clone()).one(&app.db).await?.ok_or(AppError::Unauthenticated)?;
    let mut session = session.into_active_model();
    session.actor_id = Set(identity.id);
    session.update(&app.db).await?;
    Ok(())
}
