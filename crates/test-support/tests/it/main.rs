//! End-to-end tests: each starts its own instance on a fresh database and drives it over
//! HTTP like a browser without JavaScript. Run on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests: a failure is a failed test")]

mod accounts;
mod comments;
mod deliveries;
mod events;
mod federation;
mod feeds;
mod follows;
mod helpers;
mod i18n;
mod identities;
mod inbox;
mod mail;
mod pages;
mod participations;
mod passwords;
mod permissions;
mod remote_comments;
mod remote_events;
mod security;
mod vectors;
mod writes;
