//! Reading a followed instance's outbox once it accepts our follow, so that its upcoming public
//! events come here at once, not only those created or changed afterwards. Mobilizon's relay
//! lists its instance's events as `Announce`s, and so does ours; `Create`s of events are read
//! too. Only the instance's own events are taken (on its origin), public and not over; each is
//! fetched from that origin unless the outbox embeds it, and stored under the rules of lookup
//! (its organizer on its origin). Bounded: at most `MAX_PAGES` pages, `MAX_ITEMS` items and
//! `TIME` in all, so that an endless or slow collection ends here and holds no job back long.

use crate::fetch::{FetchError, Fetcher, same_origin};
use crate::http::HttpError;
use crate::inward::{ap_event_to_remote, is_event};
use crate::lookup::store_event;
use ensemble_activitypub::Event;
use ensemble_app::{App, federate};
use ensemble_domain::event::Visibility;
use serde_json::Value;

const MAX_PAGES: usize = 5;
const MAX_ITEMS: usize = 100;
const TIME: std::time::Duration = std::time::Duration::from_secs(120);

/// Reads the outbox of the actor `actor_id` (a followed instance's) and stores its upcoming
/// public events. A failure to reach it is an error, so that the job is tried again later.
pub async fn followed(app: &App, actor_id: i64) -> anyhow::Result<()> {
    match tokio::time::timeout(TIME, read(app, actor_id)).await {
        Ok(read) => read,
        Err(_) => {
            tracing::info!(actor = actor_id, "reading a followed instance's outbox took too long: stopped");
            Ok(())
        }
    }
}

async fn read(app: &App, actor_id: i64) -> anyhow::Result<()> {
    let Some(actor) = federate::actor(app, actor_id).await? else { return Ok(()) };
    let Some(outbox) = actor.outbox_url.clone().filter(|o| same_origin(o, &actor.ap_id)) else {
        return Ok(());
    };
    let fetcher = Fetcher::new(app.clone())?;
    let Some(collection) = fetched(&fetcher, &outbox).await? else { return Ok(()) };
    let mut page = match collection.get("first") {
        Some(Value::String(first)) if same_origin(first, &outbox) => match fetched(&fetcher, first).await? {
            Some(page) => page,
            None => return Ok(()),
        },
        Some(first @ Value::Object(_)) => first.clone(),
        Some(_) => return Ok(()),
        None => collection,
    };
    let (mut read, mut stored) = (0, 0);
    for _ in 0..MAX_PAGES {
        let items = page.get("orderedItems").or_else(|| page.get("items")).and_then(Value::as_array);
        for item in items.into_iter().flatten() {
            if read == MAX_ITEMS {
                break;
            }
            read += 1;
            if store(&fetcher, item, &outbox).await {
                stored += 1;
            }
        }
        let next = page.get("next").and_then(Value::as_str).filter(|next| same_origin(next, &outbox));
        match next {
            Some(next) if read < MAX_ITEMS => match fetched(&fetcher, next).await? {
                Some(next) => page = next,
                None => break,
            },
            _ => break,
        }
    }
    tracing::info!(actor = %actor.ap_id, read, stored, "upcoming events read from a followed instance's outbox");
    Ok(())
}

/// A document, `None` when its server says it is not there or not usable; an error when the
/// server cannot be reached or fails (worth trying again).
async fn fetched(fetcher: &Fetcher, uri: &str) -> anyhow::Result<Option<Value>> {
    match fetcher.get(uri).await {
        Ok(document) => Ok(Some(document)),
        Err(e @ (FetchError::Http(HttpError::Request(_)) | FetchError::Status(500..))) => Err(e.into()),
        Err(e) => {
            tracing::info!(uri, error = %e, "a followed instance's outbox cannot be read");
            Ok(None)
        }
    }
}

/// Stores the upcoming public event of the outbox's own instance an item (`Create` or
/// `Announce`) is about; `false` when it is about something else, or cannot be had.
async fn store(fetcher: &Fetcher, item: &Value, outbox: &str) -> bool {
    let kind = item.get("type").and_then(Value::as_str);
    if !matches!(kind, Some("Create" | "Announce")) {
        return false;
    }
    let object = item.get("object");
    let id = object.and_then(|o| o.as_str().or_else(|| o.get("id")?.as_str()));
    let Some(id) = id.filter(|id| same_origin(id, outbox)) else { return false };
    let document = match object {
        Some(embedded @ Value::Object(_)) => embedded.clone(),
        _ => match fetcher.get(id).await {
            Ok(document) => document,
            Err(e) => {
                tracing::debug!(id, error = %e, "an event of a followed instance's outbox cannot be fetched");
                return false;
            }
        },
    };
    if !is_event(&document) {
        return false;
    }
    let Ok(event) = serde_json::from_value::<Event>(document) else { return false };
    let Ok(remote) = ap_event_to_remote(&event) else { return false };
    if remote.visibility != Visibility::Public || remote.ends_at.unwrap_or(remote.starts_at) < chrono::Utc::now() {
        return false;
    }
    match store_event(fetcher, &event, &remote).await {
        Ok(_) => true,
        Err(e) => {
            tracing::debug!(id, error = %e, "an event of a followed instance's outbox is not stored");
            false
        }
    }
}
