//! The inbox: activities other servers POST to us. Checked in this order, nothing written
//! before every check has passed: recipient (404), media type (415), size (413), shape (400),
//! signature header (401), digests (400/401), date (401), signature with the key of `keyId`,
//! fetched again once if it fails (401), key owner = activity actor (401) unless the activity
//! is passed on by another server (then its object is taken from its origin), origins (403).
//! Then the activity is dispatched on its `type`; each handler records the activity's id in
//! the transaction of its effect, so the same activity twice changes nothing. Unknown types
//! are accepted (202) and ignored.

mod comments;
mod follows;
mod instance_events;
mod participations;
pub mod verify;

use crate::activities;
use crate::actors::ap_actor_to_remote;
use crate::fetch::{FetchError, Fetcher};
use chrono::Utc;
use ensemble_activitypub::Actor;
use ensemble_activitypub::message_signatures::SignedRequest;
use ensemble_activitypub::signatures::PublicKey;
use ensemble_app::published::{self, PublishedActor};
use ensemble_app::remote::{self, Received};
use ensemble_app::rows::actors;
use ensemble_app::{AppError, instance};
use std::sync::Arc;
use verify::{Envelope, Signature};
pub use verify::{InboxRequest, MAX_ACTIVITY_BYTES, Refusal};

/// Whose inbox received the activity. Only the per-actor inbox can be "not found".
#[derive(Debug, Clone, Copy)]
pub enum Recipient<'a> {
    Shared,
    Relay,
    /// `/@name/inbox`, by local username.
    Actor(&'a str),
}

pub struct Inbox {
    fetcher: Arc<Fetcher>,
}

impl Inbox {
    pub fn new(fetcher: Arc<Fetcher>) -> Inbox {
        Inbox { fetcher }
    }

    /// Checks and processes one POST. `Ok` means accepted (202), duplicates and ignored types
    /// included; every refusal is logged here.
    pub async fn receive(&self, to: Recipient<'_>, request: &InboxRequest) -> Result<(), Refusal> {
        let result = self.process(to, request).await;
        if let Err(refusal) = &result {
            // Debug-formatted: the details quote what the sender sent, line breaks included.
            let (status, reason, detail) = (refusal.status, refusal.message, &refusal.detail);
            match status {
                500.. => tracing::error!(status, reason, ?detail, ?to, "inbox: failed"),
                403 => tracing::warn!(status, reason, ?detail, ?to, "inbox: activity refused"),
                _ => tracing::info!(status, reason, ?detail, ?to, "inbox: activity refused"),
            }
        }
        result
    }

    async fn process(&self, to: Recipient<'_>, request: &InboxRequest) -> Result<(), Refusal> {
        if let Recipient::Actor(name) = to {
            self.check_recipient(name).await?;
        }
        verify::content_type(request)?;
        let body = verify::body(request)?;
        let activity = verify::envelope(body)?;
        let signature = verify::signature(request)?;
        verify::digests(request, body)?;
        let seconds = i64::try_from(self.app().settings.federation.signature_window_seconds).unwrap_or(i64::MAX);
        let window = chrono::Duration::try_seconds(seconds).unwrap_or(chrono::Duration::MAX);
        verify::date(request, &signature, Utc::now(), window)?;
        if self.is_unknown_actor_deleting_itself(&activity).await? {
            return Ok(());
        }
        let signer = self.signer(request, &signature).await?;
        if signer.ap_id != activity.actor && !relayable(&activity) {
            return Err(Refusal::new(401, "the key does not belong to the activity's actor").because(format!(
                "key {} of {}, actor {}",
                signature.key_id(),
                signer.ap_id,
                activity.actor
            )));
        }
        verify::origins(&activity)?;
        if signer.ap_id != activity.actor {
            return self.relayed(activity, &signer).await;
        }
        self.dispatch(&activity, &signer).await
    }

    /// An activity passed on by another server than its actor's (the server of the event a
    /// comment answers, or a relay): its signature vouches for nothing of it, so its object is
    /// taken from the object's own origin, never from the activity. A `Create` or `Update` is
    /// processed with the object as its origin serves it; a `Delete`, only if its origin answers
    /// that the object is gone (410, or a `Tombstone`: a 404 may only mean "not for you").
    /// Otherwise it is accepted and ignored. It is recorded under an id of its own, so that
    /// whoever passes an activity on cannot take the id of one its actor has yet to send.
    async fn relayed(&self, activity: Envelope, signer: &actors::Model) -> Result<(), Refusal> {
        let Some(object_id) = activity.object_id().map(str::to_owned) else {
            return Err(Refusal::new(400, "the object has no id"));
        };
        let unconfirmed = |why: &dyn std::fmt::Display| {
            tracing::info!(id = %activity.id, by = %signer.ap_id, %why, "inbox: relayed activity not confirmed, ignored");
            Ok(())
        };
        let actor = match self.fetcher.resolve_actor(&activity.actor).await {
            Ok(actor) if actor.deleted_at.is_none() => actor,
            Ok(_) => return unconfirmed(&"its actor is deleted"),
            Err(e) => return unconfirmed(&e),
        };
        let object = match (activity.kind.as_str(), self.fetcher.get(&object_id).await) {
            ("Delete", Err(FetchError::Gone)) => serde_json::Value::String(object_id),
            ("Delete", Ok(document))
                if document.get("type").and_then(serde_json::Value::as_str) == Some("Tombstone") =>
            {
                serde_json::Value::String(object_id)
            }
            ("Delete", _) => return unconfirmed(&"its origin does not say the object is gone"),
            (_, Ok(document)) if document.get("id").and_then(serde_json::Value::as_str) == Some(&object_id) => document,
            (_, Ok(_)) => return unconfirmed(&"its object has another id"),
            (_, Err(e)) => return unconfirmed(&e),
        };
        let mut value = activity.value;
        if let Some(fields) = value.as_object_mut() {
            fields.insert("object".to_owned(), object);
        }
        let confirmed = Envelope { id: format!("{}#relayed", activity.id), value, ..activity };
        tracing::debug!(id = %confirmed.id, by = %signer.ap_id, "inbox: relayed activity confirmed by its origin");
        self.dispatch(&confirmed, &actor).await
    }

    fn app(&self) -> &ensemble_app::App {
        self.fetcher.app()
    }

    async fn check_recipient(&self, name: &str) -> Result<(), Refusal> {
        match published::actor(self.app(), name).await.map_err(internal)? {
            Some(PublishedActor::Live(_)) => Ok(()),
            _ => Err(Refusal::new(404, "not found").because(name)),
        }
    }

    /// Servers announce an account's deletion to everyone who may know it, signed with a key
    /// that is now gone: for an actor we never stored there is nothing to do, and nothing to
    /// fetch.
    async fn is_unknown_actor_deleting_itself(&self, activity: &Envelope) -> Result<bool, Refusal> {
        if activity.kind != "Delete" || activity.object_id() != Some(activity.actor.as_str()) {
            return Ok(false);
        }
        let known = remote::actor_by_ap_id(self.app(), &activity.actor).await.map_err(internal)?;
        let unknown = known.is_none_or(|a| a.deleted_at.is_some());
        if unknown {
            tracing::debug!(actor = %activity.actor, "deletion of an actor we do not know: ignored");
        }
        Ok(unknown)
    }

    /// The owner of the signing key, once the signature verifies with it; the key is fetched
    /// again once when it does not (it may have been rotated).
    async fn signer(&self, request: &InboxRequest, signature: &Signature) -> Result<actors::Model, Refusal> {
        let key_id = signature.key_id();
        let lookup = |e: FetchError| match e {
            FetchError::App(AppError::Internal(e)) => internal(AppError::Internal(e)),
            other => Refusal::new(401, "the signing key cannot be found").because(format!("{key_id}: {other}")),
        };
        let signer = self.fetcher.key_for(key_id, false).await.map_err(lookup)?;
        if self.verifies(request, signature, &signer) {
            return Ok(signer);
        }
        let signer = self.fetcher.key_for(key_id, true).await.map_err(lookup)?;
        if self.verifies(request, signature, &signer) {
            return Ok(signer);
        }
        Err(Refusal::new(401, "the signature does not verify").because(key_id))
    }

    fn verifies(&self, request: &InboxRequest, signature: &Signature, signer: &actors::Model) -> bool {
        let Ok(key) = PublicKey::from_pem(&signer.public_key_pem) else { return false };
        let header = |name: &str| request.header(name);
        match signature {
            Signature::Cavage(signature) => signature.verify("POST", &request.target, header, &key).is_ok(),
            Signature::Message(signature) => {
                // The address the sender posted to: our scheme, the host it named, the path.
                let ours = url::Url::parse(&self.app().settings.base_url).ok();
                let scheme = ours.as_ref().map_or("https", url::Url::scheme);
                let host = request.header("host").unwrap_or_default();
                let target_uri = format!("{scheme}://{host}{}", request.target);
                let signed = SignedRequest { method: "POST", target_uri: &target_uri, header: &header };
                signature.verify(&signed, &key).is_ok()
            }
        }
    }

    async fn dispatch(&self, activity: &Envelope, signer: &actors::Model) -> Result<(), Refusal> {
        let received = Received { ap_id: &activity.id, kind: &activity.kind, actor: signer };
        let about_itself = activity.object_id() == Some(signer.ap_id.as_str());
        let processed = match activity.kind.as_str() {
            "Follow" => self.follow(activity, received).await?,
            "Update" if about_itself => self.actor_updated(activity, received).await?,
            "Delete" if about_itself => remote::actor_deleted(self.app(), received).await.map_err(internal)?,
            "Accept" | "Reject" => match self.follow_answered(activity, received).await? {
                Some(processed) => processed,
                None => self.join_answered(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            },
            "Join" => self.joined(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            "Leave" => self.left(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            "Undo" => match self.follow_undone(activity, received).await? {
                Some(processed) => processed,
                None => self.join_undone(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            },
            "Create" | "Update" => match self.event_created(activity, received).await? {
                Some(processed) => processed,
                None => self.comment_received(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            },
            "Delete" => match self.event_deleted(activity, received).await? {
                Some(processed) => processed,
                None => self.comment_deleted(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            },
            "Announce" => self.event_announced(activity, received).await?.unwrap_or_else(|| not_handled_yet(activity)),
            other => {
                tracing::debug!(id = %activity.id, kind = other, "inbox: unknown activity type ignored");
                true
            }
        };
        if !processed {
            tracing::debug!(id = %activity.id, "inbox: activity already processed");
        }
        Ok(())
    }

    /// People follow groups, not individuals: a Follow of one of our persons is rejected.
    async fn follow(&self, activity: &Envelope, received: Received<'_>) -> Result<bool, Refusal> {
        let object = activity.object_id().ok_or_else(|| Refusal::new(400, "the object has no id"))?;
        let followed = remote::actor_by_ap_id(self.app(), object).await.map_err(internal)?;
        if let Some(relay) = followed.as_ref().filter(|a| a.domain.is_none() && a.kind == instance::KIND_APPLICATION) {
            return self.relay_followed(activity, received, relay).await;
        }
        let Some(person) = followed
            .filter(|a| a.domain.is_none() && a.deleted_at.is_none() && a.kind == remote::RemoteKind::Person.as_str())
        else {
            tracing::debug!(id = %activity.id, object, "inbox: Follow of something else than a person, not handled yet");
            return Ok(true);
        };
        let follower = received.actor;
        let Some(inbox) = follower.inbox_url.as_deref().or(follower.shared_inbox_url.as_deref()) else {
            tracing::info!(follower = %follower.ap_id, "inbox: cannot reject a Follow, the follower has no inbox");
            return Ok(true);
        };
        let reject =
            activities::reject_follow(&self.app().settings.base_url, &person.ap_id, &activity.id, &follower.ap_id);
        remote::refuse_follow(self.app(), received, &person, inbox, &reject.to_string()).await.map_err(internal)
    }

    /// An actor's new version: embedded (as Mastodon sends it), or fetched when given by address.
    async fn actor_updated(&self, activity: &Envelope, received: Received<'_>) -> Result<bool, Refusal> {
        let Some(object) = activity.embedded_object() else {
            self.fetcher
                .refresh_actor(&received.actor.ap_id)
                .await
                .map_err(|e| Refusal::new(400, "the updated actor cannot be fetched").because(e))?;
            return Ok(true);
        };
        let unusable = |e: String| Refusal::new(400, "the updated actor is unusable").because(e);
        let actor: Actor = serde_json::from_value(object.clone()).map_err(|e| unusable(e.to_string()))?;
        let data = ap_actor_to_remote(&actor, None).map_err(|e| unusable(e.to_owned()))?;
        remote::actor_updated(self.app(), received, &data).await.map_err(internal)
    }
}

/// What another server than the actor's may pass on: creations, updates and deletions, whose
/// object can be checked at its origin.
fn relayable(activity: &Envelope) -> bool {
    matches!(activity.kind.as_str(), "Create" | "Update" | "Delete")
}

fn not_handled_yet(activity: &Envelope) -> bool {
    tracing::debug!(id = %activity.id, kind = %activity.kind, "inbox: not handled yet");
    true
}

/// Something failed on our side: the sender should try again later.
fn internal(e: AppError) -> Refusal {
    Refusal::new(500, "internal error").because(format!("{e:?}"))
}
