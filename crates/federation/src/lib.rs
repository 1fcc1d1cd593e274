//! Between Ensemble's data and ActivityPub documents. Converters are named by direction
//! (`person_to_ap`, `ap_event_to_remote`). Today: what we publish (actors, events, comments,
//! tombstones, collections, WebFinger and NodeInfo answers); inward, remote actors
//! (`ap_actor_to_remote`) and events (`inward`). Also the signed fetcher (`fetch`), lookups of
//! addresses typed in the search box (`lookup`), the inbox's checks and dispatch (`inbox`), the
//! activities we send (`activities`, `participations`; the event lifecycle and instance follows
//! in `outbox`) and the delivery worker (`delivery`).

pub mod activities;
pub mod actors;
pub mod backfill;
pub mod collections;
pub mod delivery;
pub mod discovery;
pub mod fetch;
pub mod http;
pub mod inbox;
pub mod inward;
pub mod lookup;
pub mod objects;
pub mod outbox;
pub mod participations;
pub mod resolve;

pub use actors::{actor_tombstone, ap_actor_to_remote, instance_actor_to_ap, person_to_ap};
pub use collections::{collection_to_ap, page_to_ap};
pub use discovery::{nodeinfo, nodeinfo_links, webfinger};
pub use inward::{ap_event_to_remote, organizer_of};
pub use objects::{comment_to_ap, comment_tombstone, event_to_ap, tombstone_to_ap};

use chrono::{DateTime, SecondsFormat, Utc};

/// The addresses of things on this instance, from its base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        Urls { base: base_url.trim_end_matches('/').to_owned() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every local actor's followers, outbox… live under its id.
    pub fn under(actor_id: &str, what: &str) -> String {
        format!("{actor_id}/{what}")
    }

    pub fn shared_inbox(&self) -> String {
        self.url("/inbox")
    }

    pub fn media(&self, file_name: &str) -> String {
        self.url(&format!("/media/{file_name}"))
    }

    pub fn tag(&self, tag: &str) -> String {
        self.url(&format!("/tags/{tag}"))
    }
}

/// An ActivityStreams `xsd:dateTime` in UTC.
pub(crate) fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
