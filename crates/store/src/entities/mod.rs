//! One module per table. Rows are plain data; rules live in `ensemble_domain` and `ensemble_app`.

pub mod accounts;
pub mod activities;
pub mod actors;
pub mod comments;
pub mod deliveries;
pub mod event_tags;
pub mod events;
pub mod feed_tokens;
pub mod follows;
pub mod instances;
pub mod jobs;
pub mod media;
pub mod participations;
pub mod rate_limits;
pub mod sessions;
pub mod tokens;
pub mod tombstones;
