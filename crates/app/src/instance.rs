//! The instance itself: its ActivityPub actor (an `Application` at `/relay`, which later
//! follows other instances and signs fetches) and the figures NodeInfo publishes.

use crate::{App, AppError, AppResult, keys};
use chrono::{Duration, Utc};
use ensemble_store::entities::{accounts, actors, comments, events, sessions};
use ensemble_store::queries::actors as actor_queries;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

/// The instance actor's username: `https://HOST/relay`, `relay@HOST`, as in Mobilizon.
pub const RELAY_USERNAME: &str = "relay";
/// The `kind` of the instance actor's row.
pub const KIND_APPLICATION: &str = "application";

/// Creates the instance actor with its own key pair if it does not exist yet, and returns it.
/// Safe to call from several processes at once: the loser of the race reads the winner's row.
pub async fn ensure_instance_actor(app: &App) -> AppResult<actors::Model> {
    if let Some(actor) = instance_actor(app).await? {
        return Ok(actor);
    }
    let keys = keys::generate().await?;
    let now = Utc::now();
    let inserted = actors::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        kind: Set(KIND_APPLICATION.to_owned()),
        username: Set(RELAY_USERNAME.to_owned()),
        domain: Set(None),
        ap_id: Set(app.url("/relay")),
        display_name: Set(app.settings.instance_name.clone()),
        bio: Set(String::new()),
        bio_html: Set(String::new()),
        avatar_media_id: Set(None),
        banner_media_id: Set(None),
        account_id: Set(None),
        public_key_pem: Set(keys.public_pem),
        private_key_pem: Set(Some(keys.private_pem)),
        // As the documents say; the address columns are for remote actors.
        manually_approves: Set(true),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await;
    match inserted {
        Ok(actor) => {
            tracing::info!(ap_id = %actor.ap_id, "instance actor created");
            Ok(actor)
        }
        Err(e) if ensemble_store::is_unique_violation(&e) => {
            instance_actor(app).await?.ok_or_else(|| AppError::Internal(anyhow::anyhow!("`relay` belongs to a person")))
        }
        Err(e) => Err(e.into()),
    }
}

/// The instance actor, once created.
pub async fn instance_actor(app: &App) -> AppResult<Option<actors::Model>> {
    let found = actor_queries::local_by_username(&app.db, RELAY_USERNAME).await?;
    match found {
        Some(actor) if actor.kind == KIND_APPLICATION => Ok(Some(actor)),
        Some(_) => Err(AppError::Internal(anyhow::anyhow!("the username `relay` belongs to a person"))),
        None => Ok(None),
    }
}

/// What NodeInfo says about the instance's use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeStats {
    /// Confirmed accounts.
    pub users: u64,
    /// Accounts that started a session in the last 30 days.
    pub active_month: u64,
    /// Accounts that started a session in the last 180 days.
    pub active_halfyear: u64,
    /// Published public events.
    pub local_events: u64,
    /// Comments not deleted, on public events.
    pub local_comments: u64,
}

pub async fn node_stats(app: &App) -> AppResult<NodeStats> {
    let users = accounts::Entity::find().filter(accounts::Column::ConfirmedAt.is_not_null()).count(&app.db).await?;
    let active = |days: i64| {
        sessions::Entity::find()
            .select_only()
            .column(sessions::Column::AccountId)
            .distinct()
            .filter(sessions::Column::CreatedAt.gte(Utc::now() - Duration::days(days)))
            .count(&app.db)
    };
    let active_month = active(30).await?;
    let active_halfyear = active(180).await?;
    let public = ensemble_domain::event::Visibility::Public.as_str();
    let local_events = events::Entity::find()
        .filter(events::Column::Visibility.eq(public))
        .filter(events::Column::PublishedAt.is_not_null())
        .count(&app.db)
        .await?;
    let public_events = events::Entity::find()
        .select_only()
        .column(events::Column::Id)
        .filter(events::Column::Visibility.eq(public))
        .filter(events::Column::PublishedAt.is_not_null());
    let local_comments = comments::Entity::find()
        .filter(comments::Column::DeletedAt.is_null())
        .filter(comments::Column::EventId.in_subquery(sea_orm::QueryTrait::into_query(public_events)))
        .count(&app.db)
        .await?;
    Ok(NodeStats { users, active_month, active_halfyear, local_events, local_comments })
}
