//! Publishing a draft and deleting an event (after a confirmation page).

use super::event_path;
use super::views::DeleteView;
use crate::context::Ctx;
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::accounts::signup::Empty;
use crate::routes::ok;
use axum::extract::Path;
use axum::response::Response;
use ensemble_app::AppError;
use ensemble_app::events;
use ensemble_domain::participation::EventAction;

pub async fn publish(ctx: Ctx, Path(uuid): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let event = events::publish_event(&ctx.state.app, viewer, &uuid).await?;
    Ok(redirect_with_notice(&event_path(&event), "event-published", ctx.secure()))
}

pub async fn delete_page(ctx: Ctx, Path(uuid): Path<String>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let details = events::event_for(&ctx.state.app, Some(viewer), &uuid).await?;
    if !details.can(EventAction::Delete) {
        return Err(AppError::Forbidden.into());
    }
    let title = details.event.title.clone();
    ok(&DeleteView {
        page: ctx.page(ctx.tr.t1("event-delete-title", "event", &title)),
        path: event_path(&details.event),
        going: ctx.tr.count("event-delete-going", "count", i64::try_from(details.going).unwrap_or(i64::MAX)),
        title,
    })
}

pub async fn delete(ctx: Ctx, Path(uuid): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    events::delete_event(&ctx.state.app, viewer, &uuid).await?;
    Ok(redirect_with_notice("/events/me", "event-deleted", ctx.secure()))
}
