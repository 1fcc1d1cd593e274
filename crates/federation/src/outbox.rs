//! What we send on our own initiative: the event lifecycle (`Create`, `Update`, `Delete` of
//! local events, from the organizer) that `federate` jobs describe, and the instance actor's
//! follows (`Follow`, `Undo`, and the `Accept` of a follow of ours), and profile updates and
//! deletions of local identities. Comments of local identities are in `comments`.

mod comments;

use crate::activities::{self, activity_id};
use crate::fetch::{FetchError, Fetcher};
use crate::lookup::LookupError;
use crate::participations;
use crate::resolve;
use crate::{Urls, person_to_ap, utc};
use chrono::Utc;
use comments::{Change, comment_activity};
use ensemble_activitypub::{Kind, PUBLIC, Tombstone, context};
use ensemble_app::federate::{self, Federate, Federator};
use ensemble_app::follows::{self, Admin, Follow};
use ensemble_app::jobs::Claim;
use ensemble_app::remote_participations::Facts;
use ensemble_app::{App, AppError, identities, instance, published};
use serde_json::{Value, json};
use std::future::Future;
use std::pin::Pin;

/// The federation half of `federate` jobs, plugged into `App` by the server.
pub struct Outbox;

impl Federator for Outbox {
    fn federate<'a>(
        &'a self,
        app: &'a App,
        job: Claim,
        what: &'a Federate,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>> {
        Box::pin(federate(app, job, what))
    }

    fn join(&self, facts: &Facts<'_>) -> String {
        participations::join(facts)
    }

    fn leave(&self, facts: &Facts<'_>) -> String {
        participations::leave(facts)
    }

    fn accept(&self, facts: &Facts<'_>) -> String {
        participations::answer(true, facts)
    }

    fn reject(&self, facts: &Facts<'_>) -> String {
        participations::answer(false, facts)
    }
}

async fn federate(app: &App, job: Claim, what: &Federate) -> anyhow::Result<()> {
    match what {
        Federate::EventPublished { event_id } => event_activity(app, job, *event_id, "Create").await,
        Federate::EventUpdated { event_id } => event_activity(app, job, *event_id, "Update").await,
        Federate::CommentPosted { comment_id } => comment_activity(app, job, *comment_id, Change::Created).await,
        Federate::CommentEdited { comment_id } => comment_activity(app, job, *comment_id, Change::Updated).await,
        Federate::CommentDeleted { comment_id } => comment_activity(app, job, *comment_id, Change::Deleted).await,
        Federate::IdentityUpdated { actor_id } => identity_update(app, job, *actor_id).await,
        Federate::FollowAccepted { actor_id } => crate::backfill::followed(app, *actor_id).await,
        Federate::IdentityDeleted { actor_id, inboxes } => {
            let Some(identity) = federate::local_actor(app, *actor_id).await? else { return Ok(()) };
            let delete = json!({
                "@context": context(),
                "id": activity_id(&app.settings.base_url),
                "type": "Delete",
                "actor": identity.ap_id,
                "object": identity.ap_id,
                "to": [PUBLIC],
            });
            federate::deliver(app, job, identity.id, inboxes, &delete.to_string()).await?;
            Ok(())
        }
        Federate::EventDeleted { ap_id, organizer_id, public, inboxes } => {
            let Some(organizer) = federate::local_actor(app, *organizer_id).await? else {
                tracing::info!(event = %ap_id, "the organizer is gone: nobody to sign the deletion");
                return Ok(());
            };
            let followers = Urls::under(&organizer.ap_id, "followers");
            let (to, cc) = if *public { (PUBLIC.to_owned(), followers) } else { (followers, PUBLIC.to_owned()) };
            let tombstone = Tombstone {
                context: None,
                id: ap_id.clone(),
                kind: Kind::named("Tombstone"),
                former_type: Some("Event".into()),
                deleted: Some(utc(Utc::now())),
            };
            let delete = json!({
                "@context": context(),
                "id": activity_id(&app.settings.base_url),
                "type": "Delete",
                "actor": organizer.ap_id,
                "object": tombstone,
                "to": [to],
                "cc": [cc],
            });
            federate::deliver(app, job, organizer.id, inboxes, &delete.to_string()).await?;
            Ok(())
        }
    }
}

/// `Create` or `Update` of a local event as it is now, from its organizer, to whoever may
/// hear of it now.
async fn event_activity(app: &App, job: Claim, event_id: i64, kind: &str) -> anyhow::Result<()> {
    let Some(event) = federate::event(app, event_id).await? else {
        tracing::debug!(event = event_id, kind, "event deleted since: nothing to send");
        return Ok(());
    };
    let inboxes = federate::recipients_of(&app.db, &event).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let details = published::event(app, &event.uuid.to_string()).await?;
    let base_url = &app.settings.base_url;
    let activity = activities::event_activity(&details, base_url, kind, &activity_id(base_url));
    federate::deliver(app, job, event.organizer_id, &inboxes, &activity.to_string()).await?;
    Ok(())
}

/// `Update` of a local identity as it is now, signed by itself.
async fn identity_update(app: &App, job: Claim, actor_id: i64) -> anyhow::Result<()> {
    let Some(identity) = federate::local_actor(app, actor_id).await? else { return Ok(()) };
    if identity.deleted_at.is_some() {
        return Ok(());
    }
    let inboxes = federate::identity_recipients(&app.db, &identity).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let profile = identities::with_pictures(app, identity).await?;
    let person =
        person_to_ap(&profile.identity, profile.avatar.as_ref(), profile.banner.as_ref(), &app.settings.base_url);
    let mut object = serde_json::to_value(person)?;
    let update = json!({
        "@context": activities::context_of(&mut object),
        "id": activity_id(&app.settings.base_url),
        "type": "Update",
        "actor": profile.identity.ap_id,
        "object": object,
        "to": [PUBLIC],
    });
    federate::deliver(app, job, profile.identity.id, &inboxes, &update.to_string()).await?;
    Ok(())
}

/// Why an instance cannot be followed.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error("no instance actor found: {0}")]
    Address(#[from] LookupError),
    #[error("the actor cannot be fetched: {0}")]
    Unreachable(#[from] FetchError),
    #[error(transparent)]
    App(#[from] AppError),
}

/// Our instance actor follows another instance's actor, named by its URL, its instance's
/// domain or a handle (see `resolve::instance_actor`), fetched and stored first.
pub async fn follow_instance(fetcher: &Fetcher, admin: Admin, address: &str) -> Result<Follow, FollowError> {
    let app = fetcher.app();
    let actor_url = resolve::instance_actor(fetcher, address).await?;
    let target = fetcher.resolve_actor(&actor_url).await?;
    let relay = instance::ensure_instance_actor(app).await?;
    let (uuid, follow_id) = follows::new_follow(app);
    let follow = json!({
        "@context": context(),
        "id": follow_id,
        "type": "Follow",
        "actor": relay.ap_id,
        "object": target.ap_id,
        "to": [target.ap_id],
        "cc": [PUBLIC],
    });
    Ok(follows::follow(app, admin, &target, (uuid, follow_id), &follow.to_string()).await?)
}

/// Our instance actor stops following: an `Undo` of the Follow (embedded) goes to the other side.
pub async fn unfollow_instance(app: &App, admin: Admin, follow_uuid: &str) -> Result<(), AppError> {
    let relay = instance::ensure_instance_actor(app).await?;
    let base_url = app.settings.base_url.clone();
    follows::unfollow(app, admin, follow_uuid, |follow| {
        json!({
            "@context": context(),
            "id": activity_id(&base_url),
            "type": "Undo",
            "actor": relay.ap_id,
            "object": { "id": follow.ap_id, "type": "Follow", "actor": relay.ap_id, "object": follow.actor_ap_id },
            "to": [follow.actor_ap_id],
        })
        .to_string()
    })
    .await
}

/// `relay` accepts the Follow `follow_id` of `follower` (embedded, as for a Reject).
pub fn accept_follow(base_url: &str, relay: &str, follow_id: &str, follower: &str) -> Value {
    json!({
        "@context": context(),
        "id": activity_id(base_url),
        "type": "Accept",
        "actor": relay,
        "object": { "id": follow_id, "type": "Follow", "actor": follower, "object": relay },
        "to": [follower],
    })
}
