//! Administration pages (administrators only): federation, that is the instances this one
//! follows and is followed by, and the delivery queue per instance.

use crate::context::{Ctx, Page};
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::i18n::Tr;
use crate::routes::accounts::signup::Empty;
use crate::routes::events::dates;
use crate::routes::render;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use ensemble_app::AppError;
use ensemble_app::deliveries::{self, InstanceQueue};
use ensemble_app::follows::{self, Admin, Follow};
use ensemble_federation::fetch::Fetcher;
use ensemble_federation::lookup::LookupError;
use ensemble_federation::outbox::{self, FollowError};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/federation", get(federation))
        .route("/admin/federation/follow", post(follow))
        .route("/admin/federation/unfollow/{uuid}", post(unfollow))
}

#[derive(Template)]
#[template(path = "admin/federation.html")]
struct FederationView {
    page: Page,
    instances: Vec<InstanceRow>,
    following: Vec<FollowRow>,
    followers: Vec<FollowRow>,
    /// The follow form's input and error, when it was refused.
    actor_url: String,
    actor_url_error: Option<String>,
}

struct FollowRow {
    uuid: String,
    name: String,
    actor: String,
    state: String,
    since: String,
}

impl FollowRow {
    fn new(t: Tr, f: Follow) -> FollowRow {
        FollowRow {
            uuid: f.uuid.to_string(),
            state: t.t(if f.accepted { "admin-follows-accepted" } else { "admin-follows-pending" }),
            since: utc(t, f.created_at),
            name: f.actor_name,
            actor: f.actor_ap_id,
        }
    }
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
    page(&ctx, StatusCode::OK, String::new(), None).await
}

async fn page(ctx: &Ctx, status: StatusCode, actor_url: String, error: Option<String>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let admin = Admin::check(viewer)?;
    let app = &ctx.state.app;
    let queue = deliveries::queue_for(app, viewer).await?;
    let rows = |list: Vec<Follow>| list.into_iter().map(|f| FollowRow::new(ctx.tr, f)).collect();
    render(
        status,
        &FederationView {
            page: ctx.page(ctx.tr.t("admin-federation-title")),
            instances: queue.into_iter().map(|i| InstanceRow::new(ctx.tr, i)).collect(),
            following: rows(follows::following(app, admin).await?),
            followers: rows(follows::followers(app, admin).await?),
            actor_url,
            actor_url_error: error,
        },
    )
}

#[derive(Deserialize)]
struct FollowForm {
    actor_url: String,
}

/// `POST /admin/federation/follow`: the instance actor follows another instance's actor.
async fn follow(ctx: Ctx, Form(form): Form<FollowForm>) -> Result<Response, WebError> {
    let admin = Admin::check(ctx.require_viewer()?)?;
    let fetcher = Fetcher::new(ctx.state.app.clone()).map_err(|e| AppError::Internal(e.into()))?;
    let refused = |key: &str| ctx.tr.t(key);
    let error = match outbox::follow_instance(&fetcher, admin, &form.actor_url).await {
        Ok(_) => return Ok(redirect_with_notice("/admin/federation", "instance-follow-requested", ctx.secure())),
        Err(FollowError::Unreachable(e)) => {
            tracing::info!(actor = %form.actor_url, error = %e, "instance to follow cannot be fetched");
            refused("admin-follows-unreachable")
        }
        Err(FollowError::Address(e)) => {
            tracing::info!(address = %form.actor_url, error = %e, "instance to follow not found");
            refused(match e {
                LookupError::NotAddress => "admin-follows-not-address",
                LookupError::Refused(_) => "admin-follows-refused",
                LookupError::NotFound(_) | LookupError::Unsupported => "admin-follows-not-found",
                LookupError::Unreachable(_) => "admin-follows-unreachable",
                LookupError::App(e) => return Err(e.into()),
            })
        }
        Err(FollowError::App(AppError::Conflict(code))) => refused(&format!("conflict-{code}")),
        Err(FollowError::App(e)) => return Err(e.into()),
    };
    page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, form.actor_url, Some(error)).await
}

/// `POST /admin/federation/unfollow/{uuid}`.
async fn unfollow(ctx: Ctx, Path(uuid): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let admin = Admin::check(ctx.require_viewer()?)?;
    outbox::unfollow_instance(&ctx.state.app, admin, &uuid).await?;
    Ok(redirect_with_notice("/admin/federation", "instance-unfollowed", ctx.secure()))
}
