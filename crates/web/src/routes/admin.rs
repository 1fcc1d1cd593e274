//! Administration pages: the federation delivery queue, per instance (administrators only).

use crate::context::{Ctx, Page};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::routes::events::dates;
use crate::routes::ok;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::get;
use chrono::{DateTime, Utc};
use ensemble_app::deliveries::{self, InstanceQueue};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/federation", get(federation))
}

#[derive(Template)]
#[template(path = "admin/federation.html")]
struct FederationView {
    page: Page,
    instances: Vec<InstanceRow>,
}

struct InstanceRow {
    host: String,
    queued: i64,
    failed: i64,
    consecutive_failures: i32,
    last_success: String,
    dead: bool,
    state: String,
    next_attempt: String,
}

impl InstanceRow {
    fn new(t: Tr, i: InstanceQueue) -> InstanceRow {
        InstanceRow {
            last_success: i.last_success_at.map_or_else(|| t.t("admin-federation-never"), |at| utc(t, at)),
            state: t.t(if i.dead { "admin-federation-dead" } else { "admin-federation-alive" }),
            next_attempt: i.next_attempt_at.map_or_else(|| t.t("admin-federation-nothing-queued"), |at| utc(t, at)),
            host: i.host,
            queued: i.queued,
            failed: i.failed,
            consecutive_failures: i.consecutive_failures,
            dead: i.dead,
        }
    }
}

fn utc(t: Tr, at: DateTime<Utc>) -> String {
    dates::date_time(t, &dates::local(at, chrono_tz::UTC))
}

async fn federation(ctx: Ctx) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let queue = deliveries::queue_for(&ctx.state.app, viewer).await?;
    ok(&FederationView {
        page: ctx.page(ctx.tr.t("admin-federation-title")),
        instances: queue.into_iter().map(|i| InstanceRow::new(ctx.tr, i)).collect(),
    })
}
