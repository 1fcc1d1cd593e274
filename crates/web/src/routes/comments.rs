//! Comments on an event page: the discussion section (rendered into the event page), and the
//! forms to write, reply, announce, edit, delete, and open or close comments.

use crate::context::{Ctx, label};
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::accounts::signup::Empty;
use crate::routes::events::dates;
use crate::routes::{ok, render};
use crate::state::AppState;
use crate::views::Errors;
use askama::Template;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono_tz::Tz;
use ensemble_app::AppError;
use ensemble_app::comments;
use ensemble_app::events::EventDetails;
use ensemble_app::rows::{actors, comments as comment_rows};
use ensemble_domain::participation::EventAction;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{uuid}/comments", post(create))
        .route("/events/{uuid}/comments/settings", post(settings))
        .route("/comments/{id}", get(show))
        .route("/comments/{id}/edit", get(edit_form).post(edit))
        .route("/comments/{id}/delete", post(delete))
}

/// One comment as shown.
pub struct CommentView {
    id: String,
    author: String,
    handle: String,
    profile: String,
    /// In the viewer's time zone if they chose one, else the event's.
    when: String,
    datetime: String,
    body_html: String,
    deleted: bool,
    edited: bool,
    own: bool,
    can_delete: bool,
    replies: Vec<CommentView>,
}

#[derive(Template)]
#[template(path = "comments/section.html")]
struct SectionView<'a> {
    t: crate::i18n::Tr,
    csrf: &'a str,
    event_uuid: String,
    announcements: Vec<CommentView>,
    threads: Vec<CommentView>,
    can_comment: bool,
    can_announce: bool,
    can_moderate: bool,
    comments_open: bool,
    logged_in: bool,
}

fn view(ctx: &Ctx, comment: &comment_rows::Model, author: &actors::Model, can_moderate: bool, zone: Tz) -> CommentView {
    let own = ctx.identities.iter().any(|a| a.id == comment.author_id);
    let at = dates::local(comment.created_at, zone);
    CommentView {
        id: comment.uuid.to_string(),
        author: label(author),
        handle: format!(
            "@{}@{}",
            author.username,
            author.domain.clone().unwrap_or_else(|| ctx.state.app.settings.host())
        ),
        profile: match &author.domain {
            None => format!("/@{}", author.username),
            Some(_) => author.profile_url.clone().unwrap_or_else(|| author.ap_id.clone()),
        },
        when: format!("{} {}", dates::date_time(ctx.tr, &at), at.format("%Z")),
        datetime: at.to_rfc3339(),
        body_html: comment.body_html.clone(),
        deleted: comment.deleted_at.is_some(),
        edited: comment.updated_at > comment.created_at && comment.deleted_at.is_none(),
        own,
        can_delete: comment.deleted_at.is_none() && (own || can_moderate),
        replies: Vec::new(),
    }
}

/// The comments section of an event page, as HTML to embed in it.
pub async fn section(ctx: &Ctx, details: &EventDetails) -> Result<String, WebError> {
    let discussion = comments::discussion(&ctx.state.app, &details.event).await?;
    let can_moderate = details.can(EventAction::ModerateComments);
    let zone = ctx.viewer.as_ref().and_then(|v| v.account.time_zone.as_deref()).unwrap_or(&details.event.time_zone);
    let zone = dates::zone(zone);
    let threads = discussion
        .threads
        .iter()
        .map(|thread| {
            let mut top = view(ctx, &thread.comment, &thread.author, can_moderate, zone);
            top.replies = thread.replies.iter().map(|(c, a)| view(ctx, c, a, can_moderate, zone)).collect();
            top
        })
        .collect();
    let section = SectionView {
        t: ctx.tr,
        csrf: &ctx.csrf,
        event_uuid: details.event.uuid.to_string(),
        announcements: discussion.announcements.iter().map(|(c, a)| view(ctx, c, a, can_moderate, zone)).collect(),
        threads,
        can_comment: details.can(EventAction::Comment),
        can_announce: details.can(EventAction::Announce),
        can_moderate,
        comments_open: details.event.comments_enabled,
        logged_in: ctx.viewer.is_some(),
    };
    Ok(section.render()?)
}

#[derive(Deserialize)]
struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    announcement: String,
}

#[derive(Template)]
#[template(path = "comments/form.html")]
struct FormView {
    page: crate::context::Page,
    errors: Errors,
    action: String,
    back: String,
    body: String,
    parent: String,
    announcement: bool,
}

fn event_path(uuid: &str) -> String {
    format!("/events/{uuid}#comments")
}

async fn create(ctx: Ctx, Path(uuid): Path<String>, Form(form): Form<CommentForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let announcement = form.announcement == "1";
    let parent = Some(form.parent.as_str()).filter(|p| !p.is_empty());
    match comments::post_comment(&ctx.state.app, viewer, &uuid, &form.body, parent, announcement).await {
        Ok(_) => Ok(redirect_with_notice(
            &event_path(&uuid),
            if announcement { "announcement-sent" } else { "comment-posted" },
            ctx.secure(),
        )),
        Err(AppError::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormView {
                page: ctx.page(ctx.tr.t("comment-write")),
                errors: Errors::new(ctx.tr, &errors),
                action: format!("/events/{uuid}/comments"),
                back: event_path(&uuid),
                body: form.body,
                parent: form.parent,
                announcement,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    open: String,
}

async fn settings(ctx: Ctx, Path(uuid): Path<String>, Form(form): Form<SettingsForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let open = form.open == "1";
    comments::set_comments_open(&ctx.state.app, viewer, &uuid, open).await?;
    Ok(redirect_with_notice(&event_path(&uuid), if open { "comments-opened" } else { "comments-closed" }, ctx.secure()))
}

/// `/comments/UUID`, Mobilizon's address of a comment: its place on the event page.
async fn show(ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let (comment, event) = comments::locate(&ctx.state.app, ctx.viewer.as_ref(), &id).await?;
    Ok(Redirect::to(&format!("/events/{}#comment-{}", event.uuid, comment.uuid)).into_response())
}

async fn edit_form(ctx: Ctx, Path(id): Path<String>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let (comment, event) = comments::locate(&ctx.state.app, Some(viewer), &id).await?;
    ok(&FormView {
        page: ctx.page(ctx.tr.t("comment-edit")),
        errors: Errors::default(),
        action: format!("/comments/{id}/edit"),
        back: event_path(&event.uuid.to_string()),
        body: comment.body,
        parent: String::new(),
        announcement: false,
    })
}

async fn edit(ctx: Ctx, Path(id): Path<String>, Form(form): Form<CommentForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    match comments::edit_comment(&ctx.state.app, viewer, &id, &form.body).await {
        Ok(comment) => {
            let (_, event) = comments::locate(&ctx.state.app, Some(viewer), &comment.uuid.to_string()).await?;
            Ok(redirect_with_notice(&event_path(&event.uuid.to_string()), "comment-saved", ctx.secure()))
        }
        Err(AppError::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormView {
                page: ctx.page(ctx.tr.t("comment-edit")),
                errors: Errors::new(ctx.tr, &errors),
                action: format!("/comments/{id}/edit"),
                back: "/".into(),
                body: form.body,
                parent: String::new(),
                announcement: false,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

async fn delete(ctx: Ctx, Path(id): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let event = comments::delete_comment(&ctx.state.app, viewer, &id).await?;
    Ok(redirect_with_notice(&event_path(&event.uuid.to_string()), "comment-deleted", ctx.secure()))
}
