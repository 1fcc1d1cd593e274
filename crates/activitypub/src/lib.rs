//! The ActivityPub wire format as Ensemble speaks it: serde types for the documents other
//! servers read and send (actors, events, places, notes, collections), the JSON-LD `@context`
//! we emit, tolerant helpers for what peers send (one value or many, object or link, the
//! spellings of `Public`), WebFinger, host-meta and NodeInfo, and HTTP Signatures (draft-cavage, and RFC 9421 to verify).
//!
//! This crate knows nothing of the database or of HTTP servers: real documents from other
//! software are parsed in its tests without either.

#![recursion_limit = "256"] // the JSON-LD context is one large `json!`

pub mod context;
pub mod discovery;
pub mod helpers;
pub mod message_signatures;
pub mod objects;
pub mod signatures;

pub use context::context;
pub use helpers::{OneOrMany, PUBLIC, Reference, is_public};
pub use objects::*;

/// The media type of ActivityStreams documents, as we send them.
pub const ACTIVITY_JSON: &str = "application/activity+json";
/// The `Content-Type` we answer with.
pub const ACTIVITY_JSON_UTF8: &str = "application/activity+json; charset=utf-8";
/// The JSON-LD profile of ActivityStreams, for `application/ld+json; profile="…"`.
pub const ACTIVITYSTREAMS_PROFILE: &str = "https://www.w3.org/ns/activitystreams";
