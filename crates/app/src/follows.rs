//! Instance follows: our instance actor (`/relay`) follows other instances' actors, so that
//! their public events reach us, and is followed by them, so that ours reach them. Activities
//! come in as JSON text built by `federation`; their deliveries are queued in the transaction
//! of the change they announce.

use crate::remote::{Received, RemoteKind, record_activity};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, deliveries, instance};
use chrono::{DateTime, Utc};
use ensemble_domain::Role;
use ensemble_store::entities::{actors, follows};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub const PENDING: &str = "pending";
pub const ACCEPTED: &str = "accepted";

/// Proof that the caller may manage instance follows: an administrator, or the command line
/// (which has the server's own rights).
#[derive(Debug, Clone, Copy)]
pub struct Admin(());

impl Admin {
    pub fn check(viewer: &Viewer) -> AppResult<Admin> {
        if viewer.role() == Role::Administrator { Ok(Admin(())) } else { Err(AppError::Forbidden) }
    }

    pub fn command_line() -> Admin {
        Admin(())
    }
}

/// A follow as the administrators see it: the other instance's actor and the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    pub uuid: uuid::Uuid,
    /// The Follow activity's id.
    pub ap_id: String,
    pub actor_ap_id: String,
    pub actor_name: String,
    pub accepted: bool,
    pub created_at: DateTime<Utc>,
}

/// The address of a new Follow of ours: `/follows/UUID`, the row's uuid.
pub fn new_follow(app: &App) -> (uuid::Uuid, String) {
    let uuid = uuid::Uuid::new_v4();
    (uuid, app.url(&format!("/follows/{uuid}")))
}

/// Our instance actor asks `target` (a remote instance actor) to follow it: the follow is
/// pending until it accepts, and `follow_json` (the Follow `(uuid, ap_id)` of `new_follow`) is
/// queued for its inbox. Following an instance already followed returns that follow unchanged.
pub async fn follow(
    app: &App,
    _: Admin,
    target: &actors::Model,
    (uuid, ap_id): (uuid::Uuid, String),
    follow_json: &str,
) -> AppResult<Follow> {
    let relay = instance::ensure_instance_actor(app).await?;
    if target.domain.is_none() || target.deleted_at.is_some() || target.kind != RemoteKind::Application.as_str() {
        return Err(AppError::Conflict("not-an-instance"));
    }
    let inbox =
        target.inbox_url.clone().or_else(|| target.shared_inbox_url.clone()).ok_or(AppError::Conflict("no-inbox"))?;
    let txn = begin_write(&app.db).await?;
    if let Some(existing) = between(&txn, relay.id, target.id).await? {
        return Ok(view(existing, target));
    }
    let row = follows::ActiveModel {
        uuid: Set(uuid),
        ap_id: Set(ap_id),
        follower_id: Set(relay.id),
        target_id: Set(target.id),
        state: Set(PENDING.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    deliveries::enqueue(&txn, relay.id, &[inbox], follow_json).await?;
    txn.commit().await?;
    tracing::info!(target = %target.ap_id, "instance follow requested");
    Ok(view(row, target))
}

/// Stops following: the follow is removed and `undo_json`, built from it, is queued for the
/// followed actor's inbox.
pub async fn unfollow(
    app: &App,
    _: Admin,
    follow_uuid: &str,
    undo_json: impl FnOnce(&Follow) -> String,
) -> AppResult<()> {
    let relay = instance::ensure_instance_actor(app).await?;
    let uuid = uuid::Uuid::parse_str(follow_uuid).map_err(|_| AppError::NotFound)?;
    let txn = begin_write(&app.db).await?;
    let row = follows::Entity::find()
        .filter(follows::Column::Uuid.eq(uuid))
        .filter(follows::Column::FollowerId.eq(relay.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = actors::Entity::find_by_id(row.target_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    follows::Entity::delete_by_id(row.id).exec(&txn).await?;
    if let Some(inbox) = target.inbox_url.clone().or_else(|| target.shared_inbox_url.clone()) {
        deliveries::enqueue(&txn, relay.id, &[inbox], &undo_json(&view(row, &target))).await?;
    }
    txn.commit().await?;
    tracing::info!(target = %target.ap_id, "instance unfollowed");
    Ok(())
}

/// The instances our instance actor follows or asked to follow, oldest first.
pub async fn following(app: &App, _: Admin) -> AppResult<Vec<Follow>> {
    let relay = instance::ensure_instance_actor(app).await?;
    listed(app, follows::Column::FollowerId, relay.id, |f| f.target_id).await
}

/// The instances that follow our instance actor, oldest first.
pub async fn followers(app: &App, _: Admin) -> AppResult<Vec<Follow>> {
    let relay = instance::ensure_instance_actor(app).await?;
    listed(app, follows::Column::TargetId, relay.id, |f| f.follower_id).await
}

/// The follows whose `ours` column is the instance actor, with the actor at the other end.
async fn listed(
    app: &App,
    ours: follows::Column,
    relay_id: i64,
    other: fn(&follows::Model) -> i64,
) -> AppResult<Vec<Follow>> {
    let rows = follows::Entity::find().filter(ours.eq(relay_id)).all(&app.db).await?;
    let mut listed = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(actor) = actors::Entity::find_by_id(other(&row)).one(&app.db).await? {
            listed.push(view(row, &actor));
        }
    }
    listed.sort_by_key(|f| f.created_at);
    Ok(listed)
}

/// One of our Follows, by its id: the inbox matches Accept and Reject with it.
pub async fn ours(app: &App, follow_ap_id: &str) -> AppResult<Option<follows::Model>> {
    let Some(relay) = instance::instance_actor(app).await? else { return Ok(None) };
    Ok(follows::Entity::find()
        .filter(follows::Column::ApId.eq(follow_ap_id))
        .filter(follows::Column::FollowerId.eq(relay.id))
        .one(&app.db)
        .await?)
}

/// Whether `follow_ap_id` is the id of `follower`'s Follow of `target`.
pub async fn follow_of(
    app: &App,
    follower: &actors::Model,
    target: &actors::Model,
    follow_ap_id: &str,
) -> AppResult<bool> {
    Ok(between(&app.db, follower.id, target.id).await?.is_some_and(|f| f.ap_id == follow_ap_id))
}

/// The followed actor answered our Follow: accepted, or refused (the follow is removed).
/// `Forbidden` when the answer does not come from the followed actor.
pub async fn answered(app: &App, received: Received<'_>, follow: &follows::Model, accepted: bool) -> AppResult<bool> {
    if follow.target_id != received.actor.id {
        return Err(AppError::Forbidden);
    }
    let processed = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(false);
            }
            if accepted {
                follows::Entity::update_many()
                    .col_expr(follows::Column::State, sea_orm::sea_query::Expr::value(ACCEPTED))
                    .filter(follows::Column::Id.eq(follow.id))
                    .exec(&txn)
                    .await?;
                if follow.state != ACCEPTED {
                    crate::federate::follow_accepted(&txn, follow.target_id).await?;
                }
            } else {
                follows::Entity::delete_by_id(follow.id).exec(&txn).await?;
            }
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if processed {
        tracing::info!(target = %received.actor.ap_id, accepted, "answer to our instance follow");
    }
    Ok(processed)
}

/// Another instance's actor follows ours: accepted at once (an instance shares only what is
/// public anyway), and `accept_json` is queued for `inbox`. A new Follow of an actor that
/// already follows replaces the old one's id, so that its Undo matches.
pub async fn followed_by(
    app: &App,
    received: Received<'_>,
    follow_ap_id: &str,
    inbox: &str,
    accept_json: &str,
) -> AppResult<bool> {
    let follower = received.actor;
    if follower.domain.is_none() || follower.kind != RemoteKind::Application.as_str() {
        return Err(AppError::Forbidden);
    }
    let relay = instance::ensure_instance_actor(app).await?;
    let processed = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, follower.id, received.kind).await? {
                return Ok(false);
            }
            match between(&txn, follower.id, relay.id).await? {
                Some(existing) => {
                    let mut row: follows::ActiveModel = existing.into();
                    row.ap_id = Set(follow_ap_id.to_owned());
                    row.state = Set(ACCEPTED.to_owned());
                    row.update(&txn).await?;
                }
                None => {
                    follows::ActiveModel {
                        uuid: Set(uuid::Uuid::new_v4()),
                        ap_id: Set(follow_ap_id.to_owned()),
                        follower_id: Set(follower.id),
                        target_id: Set(relay.id),
                        state: Set(ACCEPTED.to_owned()),
                        created_at: Set(Utc::now()),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                }
            }
            deliveries::enqueue(&txn, relay.id, &[inbox.to_owned()], accept_json).await?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if processed {
        tracing::info!(follower = %follower.ap_id, "followed by an instance");
    }
    Ok(processed)
}

/// An instance's actor stops following ours (Undo of its Follow, matched by the follower).
pub async fn unfollowed_by(app: &App, received: Received<'_>) -> AppResult<bool> {
    let Some(relay) = instance::instance_actor(app).await? else { return Ok(true) };
    let processed = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(None);
            }
            let removed = follows::Entity::delete_many()
                .filter(follows::Column::FollowerId.eq(received.actor.id))
                .filter(follows::Column::TargetId.eq(relay.id))
                .exec(&txn)
                .await?;
            Ok::<_, AppError>(Some(removed.rows_affected))
        })
    })
    .await?;
    if let Some(removed) = processed {
        tracing::info!(follower = %received.actor.ap_id, removed, "instance unfollowed us");
    }
    Ok(processed.is_some())
}

/// Whether our instance actor follows an actor of `actor`'s server and was accepted: the
/// public events of that server's people are welcome.
pub async fn follows_server_of(app: &App, actor: &actors::Model) -> AppResult<bool> {
    let (Some(relay), Some(domain)) = (instance::instance_actor(app).await?, actor.domain.as_deref()) else {
        return Ok(false);
    };
    let followed = follows::Entity::find()
        .filter(follows::Column::FollowerId.eq(relay.id))
        .filter(follows::Column::State.eq(ACCEPTED))
        .all(&app.db)
        .await?;
    let ids: Vec<i64> = followed.iter().map(|f| f.target_id).collect();
    let on_that_server = actors::Entity::find()
        .filter(actors::Column::Id.is_in(ids))
        .filter(actors::Column::Domain.eq(domain))
        .one(&app.db)
        .await?;
    Ok(on_that_server.is_some())
}

/// Where to deliver what our instance shares: the shared inbox (else the inbox) of every
/// instance actor whose follow of ours is accepted.
pub async fn follower_inboxes(db: &impl ConnectionTrait, relay_id: i64) -> AppResult<Vec<String>> {
    let rows = follows::Entity::find()
        .filter(follows::Column::TargetId.eq(relay_id))
        .filter(follows::Column::State.eq(ACCEPTED))
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|f| f.follower_id).collect();
    let followers = actors::Entity::find()
        .filter(actors::Column::Id.is_in(ids))
        .filter(actors::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    Ok(followers.into_iter().filter_map(|a| a.shared_inbox_url.or(a.inbox_url)).collect())
}

async fn between(db: &impl ConnectionTrait, follower: i64, target: i64) -> AppResult<Option<follows::Model>> {
    Ok(follows::Entity::find()
        .filter(follows::Column::FollowerId.eq(follower))
        .filter(follows::Column::TargetId.eq(target))
        .one(db)
        .await?)
}

fn view(row: follows::Model, actor: &actors::Model) -> Follow {
    Follow {
        uuid: row.uuid,
        ap_id: row.ap_id,
        actor_ap_id: actor.ap_id.clone(),
        actor_name: if actor.display_name.is_empty() { actor.username.clone() } else { actor.display_name.clone() },
        accepted: row.state == ACCEPTED,
        created_at: row.created_at,
    }
}
