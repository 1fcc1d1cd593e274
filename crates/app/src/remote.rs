//! Actors of other servers, and the activities they send us, once `federation` has checked
//! them: fetched from their own origin, or received with a valid signature. The data comes in
//! plain (`RemoteActor`): this layer knows nothing of ActivityPub documents.
//!
//! Remote rows have a `domain`, never an account or a private key, and never replace a local
//! actor. Received activities are recorded by id in the transaction of their effect, so that
//! one delivered twice changes nothing, and one whose effect failed is processed on retry.

use crate::{App, AppError, AppResult, text};
use chrono::Utc;
use ensemble_store::entities::{activities, actors};
use ensemble_store::queries::actors::KIND_PERSON;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// The `kind` of a group's row (none are local yet).
pub const KIND_GROUP: &str = "group";

const MAX_USERNAME_CHARS: usize = 100;
const MAX_NAME_CHARS: usize = 200;
const MAX_SUMMARY_CHARS: usize = 20_000;
const MAX_URL_BYTES: usize = 2048;

/// What a remote actor is, for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteKind {
    Person,
    Group,
    Application,
}

impl RemoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RemoteKind::Person => KIND_PERSON,
            RemoteKind::Group => KIND_GROUP,
            RemoteKind::Application => crate::instance::KIND_APPLICATION,
        }
    }
}

/// An actor as its own server describes it. Lengths are capped, the summary sanitised and
/// addresses that are not http(s) URLs dropped when it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteActor {
    pub ap_id: String,
    pub kind: RemoteKind,
    pub username: String,
    pub display_name: String,
    /// HTML.
    pub summary_html: String,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub inbox_url: Option<String>,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    /// The HTML profile page (`url`).
    pub profile_url: Option<String>,
    pub icon_url: Option<String>,
    pub manually_approves: bool,
}

/// Stores a remote actor, or refreshes the row of its id. `Forbidden` when the id is on this
/// instance or is not an http(s) URL. A tombstoned actor stays so (and is returned as is).
pub async fn upsert_actor(app: &App, remote: &RemoteActor) -> AppResult<actors::Model> {
    let domain = remote_domain(app, &remote.ap_id)?;
    if let Some(row) = by_ap_id(&app.db, &remote.ap_id).await? {
        return refresh(&app.db, row, remote).await;
    }
    let now = Utc::now();
    let mut row = actors::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        domain: Set(Some(domain)),
        ap_id: Set(remote.ap_id.clone()),
        avatar_media_id: Set(None),
        banner_media_id: Set(None),
        account_id: Set(None),
        private_key_pem: Set(None),
        deleted_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut row, remote);
    match row.insert(&app.db).await {
        Ok(row) => {
            tracing::info!(ap_id = %row.ap_id, "remote actor stored");
            Ok(row)
        }
        // Another process stored it first: refresh its row instead.
        Err(e) if ensemble_store::is_unique_violation(&e) => {
            let row = by_ap_id(&app.db, &remote.ap_id).await?.ok_or(AppError::NotFound)?;
            refresh(&app.db, row, remote).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Any actor, local or remote, deleted ones included, by its ActivityPub id.
pub async fn actor_by_ap_id(app: &App, ap_id: &str) -> AppResult<Option<actors::Model>> {
    Ok(by_ap_id(&app.db, ap_id).await?)
}

/// The live remote actor whose key has this id.
pub async fn actor_by_key_id(app: &App, key_id: &str) -> AppResult<Option<actors::Model>> {
    Ok(actors::Entity::find()
        .filter(actors::Column::PublicKeyId.eq(key_id))
        .filter(actors::Column::Domain.is_not_null())
        .filter(actors::Column::DeletedAt.is_null())
        .one(&app.db)
        .await?)
}

/// Records that the activity `ap_id` has been processed; `false` when it already was. Runs in
/// the caller's transaction, before the activity's effect. `ON CONFLICT DO NOTHING` rather
/// than a caught unique violation: on PostgreSQL that would abort the whole transaction.
pub async fn record_activity(db: &impl ConnectionTrait, ap_id: &str, actor_id: i64, kind: &str) -> AppResult<bool> {
    let row = activities::ActiveModel {
        ap_id: Set(ap_id.to_owned()),
        actor_id: Set(actor_id),
        kind: Set(kind.to_owned()),
        received_at: Set(Utc::now()),
        ..Default::default()
    };
    let inserted = activities::Entity::insert(row)
        .on_conflict(OnConflict::column(activities::Column::ApId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// An activity whose signature and origin `federation` has checked, sent by `actor`.
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    pub ap_id: &'a str,
    pub kind: &'a str,
    pub actor: &'a actors::Model,
}

/// A remote actor follows one of our persons. People follow groups, not individuals: nothing
/// of the follow is kept, and `reject` (the `Reject` activity, signed by `followed`) is queued
/// for `inbox`. `false` when the Follow was already processed.
pub async fn refuse_follow(
    app: &App,
    received: Received<'_>,
    followed: &actors::Model,
    inbox: &str,
    reject: &str,
) -> AppResult<bool> {
    if followed.domain.is_some() || followed.private_key_pem.is_none() {
        return Err(AppError::Forbidden);
    }
    let processed = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(false);
            }
            crate::deliveries::enqueue(&txn, followed.id, &[inbox.to_owned()], reject).await?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if processed {
        tracing::info!(follower = %received.actor.ap_id, followed = %followed.ap_id, "follow of a person rejected");
    }
    Ok(processed)
}

/// A remote actor sent a new version of itself. `Forbidden` if `remote` is another actor.
pub async fn actor_updated(app: &App, received: Received<'_>, remote: &RemoteActor) -> AppResult<bool> {
    if remote.ap_id != received.actor.ap_id {
        return Err(AppError::Forbidden);
    }
    let updated = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(false);
            }
            refresh(&txn, received.actor.clone(), remote).await?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if updated {
        tracing::info!(ap_id = %remote.ap_id, "remote actor updated");
    }
    Ok(updated)
}

/// A remote actor deleted itself: its row becomes a tombstone, without names, addresses or
/// key, so nothing it signed before is accepted any more.
pub async fn actor_deleted(app: &App, received: Received<'_>) -> AppResult<bool> {
    if received.actor.domain.is_none() {
        return Err(AppError::Forbidden);
    }
    let processed = ensemble_store::write(&app.db, |txn| {
        Box::pin(async move {
            if !record_activity(&txn, received.ap_id, received.actor.id, received.kind).await? {
                return Ok(false);
            }
            let now = Utc::now();
            let mut row = received.actor.clone().into_active_model();
            row.display_name = Set(String::new());
            row.bio = Set(String::new());
            row.bio_html = Set(String::new());
            row.public_key_pem = Set(String::new());
            row.public_key_id = Set(None);
            row.inbox_url = Set(None);
            row.shared_inbox_url = Set(None);
            row.outbox_url = Set(None);
            row.followers_url = Set(None);
            row.profile_url = Set(None);
            row.icon_url = Set(None);
            row.deleted_at = Set(Some(now));
            row.updated_at = Set(now);
            row.update(&txn).await?;
            Ok::<_, AppError>(true)
        })
    })
    .await?;
    if processed {
        tracing::info!(ap_id = %received.actor.ap_id, "remote actor deleted");
    }
    Ok(processed)
}

async fn by_ap_id(db: &impl ConnectionTrait, ap_id: &str) -> Result<Option<actors::Model>, ensemble_store::DbErr> {
    actors::Entity::find().filter(actors::Column::ApId.eq(ap_id)).one(db).await
}

/// The `host[:port]` of a remote actor's id; `Forbidden` for our own origin or a non-URL.
pub(crate) fn remote_domain(app: &App, ap_id: &str) -> AppResult<String> {
    let url = url::Url::parse(ap_id).map_err(|_| AppError::Forbidden)?;
    let ours = url::Url::parse(&app.settings.base_url).map_err(|e| AppError::Internal(e.into()))?;
    if !matches!(url.scheme(), "http" | "https") || url.origin() == ours.origin() {
        return Err(AppError::Forbidden);
    }
    let host = url.host_str().ok_or(AppError::Forbidden)?;
    Ok(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// Updates a remote row from its document; never a local row, never a tombstone.
async fn refresh(db: &impl ConnectionTrait, row: actors::Model, remote: &RemoteActor) -> AppResult<actors::Model> {
    if row.domain.is_none() {
        tracing::warn!(ap_id = %row.ap_id, "refused to overwrite a local actor with a remote one");
        return Err(AppError::Forbidden);
    }
    if row.deleted_at.is_some() {
        return Ok(row);
    }
    let mut row = row.into_active_model();
    fill(&mut row, remote);
    Ok(row.update(db).await?)
}

/// Copies what the document says into a row, within our limits.
fn fill(row: &mut actors::ActiveModel, remote: &RemoteActor) {
    let username = if remote.username.trim().is_empty() {
        remote.ap_id.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
    } else {
        remote.username.trim()
    };
    let now = Utc::now();
    row.kind = Set(remote.kind.as_str().to_owned());
    row.username = Set(cap(username, MAX_USERNAME_CHARS));
    row.display_name = Set(cap(remote.display_name.trim(), MAX_NAME_CHARS));
    row.bio = Set(String::new());
    row.bio_html = Set(text::sanitise_html(&cap(&remote.summary_html, MAX_SUMMARY_CHARS)));
    row.public_key_pem = Set(remote.public_key_pem.clone());
    row.public_key_id = Set(Some(remote.public_key_id.clone()));
    row.inbox_url = Set(web_url(remote.inbox_url.as_deref()));
    row.shared_inbox_url = Set(web_url(remote.shared_inbox_url.as_deref()));
    row.outbox_url = Set(web_url(remote.outbox_url.as_deref()));
    row.followers_url = Set(web_url(remote.followers_url.as_deref()));
    row.profile_url = Set(web_url(remote.profile_url.as_deref()));
    row.icon_url = Set(web_url(remote.icon_url.as_deref()));
    row.manually_approves = Set(remote.manually_approves);
    row.fetched_at = Set(Some(now));
    row.updated_at = Set(now);
}

fn cap(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

/// An http(s) URL of reasonable length, or nothing.
fn web_url(url: Option<&str>) -> Option<String> {
    let url = url?;
    let parsed = url::Url::parse(url).ok()?;
    (url.len() <= MAX_URL_BYTES && matches!(parsed.scheme(), "http" | "https")).then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_kept() {
        assert_eq!(web_url(Some("https://m.example/inbox")).as_deref(), Some("https://m.example/inbox"));
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
        assert_eq!(web_url(Some("not a url")), None);
        assert_eq!(web_url(Some(&format!("https://m.example/{}", "a".repeat(MAX_URL_BYTES)))), None);
        assert_eq!(cap("héllo", 2), "hé");
    }
}
