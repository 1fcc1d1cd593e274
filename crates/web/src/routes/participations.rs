//! Taking part: joining and leaving as an identity, joining without an account (confirm and
//! cancel from the mail), and the organisers' participant management with CSV export.

use crate::context::{Ctx, label};
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::accounts::signup::Empty;
use crate::routes::{ok, render};
use crate::state::AppState;
use crate::views::{CheckMailView, Errors, LinkView};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ensemble_app::participations::{self, Decision};
use ensemble_app::remote_participations;
use ensemble_app::{AppError, FieldErrors};
use ensemble_domain::participation::ParticipantRole;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{uuid}/join", post(join))
        .route("/events/{uuid}/leave", post(leave))
        .route("/events/{uuid}/join/anonymous", get(anonymous_form).post(join_anonymously))
        .route("/participations/{id}/confirm/{token}", get(confirm_page).post(confirm))
        .route("/participations/{id}/cancel/{token}", get(cancel_page).post(cancel))
        .route("/events/{uuid}/participants", get(list).post(decide))
        .route("/events/{uuid}/participants.csv", get(export))
        .route("/events/{uuid}/invitations", post(invite))
}

fn event_path(uuid: &str) -> String {
    format!("/events/{uuid}")
}

#[derive(Deserialize)]
struct JoinForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    message: String,
}

/// The notice after joining says what the join led to.
fn joined_notice(role: ParticipantRole) -> &'static str {
    match role {
        ParticipantRole::Pending => "join-pending",
        ParticipantRole::Waitlisted => "join-waitlisted",
        _ => "join-participant",
    }
}

async fn join(ctx: Ctx, Path(uuid): Path<String>, Form(form): Form<JoinForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let app = &ctx.state.app;
    let role = remote_participations::join(app, viewer, &uuid, &form.username, &form.message).await?;
    Ok(redirect_with_notice(&event_path(&uuid), joined_notice(role), ctx.secure()))
}

async fn leave(ctx: Ctx, Path(uuid): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    remote_participations::leave(&ctx.state.app, viewer, &uuid).await?;
    Ok(redirect_with_notice(&event_path(&uuid), "left-event", ctx.secure()))
}

#[derive(Template)]
#[template(path = "participations/anonymous.html")]
struct AnonymousView {
    page: crate::context::Page,
    errors: Errors,
    event_title: String,
    event_path: String,
    action: String,
    email: String,
    message: String,
}

async fn anonymous_view(
    ctx: &Ctx,
    uuid: &str,
    email: &str,
    message: &str,
    errors: &FieldErrors,
) -> Result<AnonymousView, WebError> {
    let details = ensemble_app::events::event_for(&ctx.state.app, None, uuid).await?;
    Ok(AnonymousView {
        page: ctx.page(ctx.tr.t("anonymous-title")),
        errors: Errors::new(ctx.tr, errors),
        event_title: details.event.title.clone(),
        event_path: event_path(uuid),
        action: format!("/events/{uuid}/join/anonymous"),
        email: email.to_owned(),
        message: message.to_owned(),
    })
}

async fn anonymous_form(ctx: Ctx, Path(uuid): Path<String>) -> Result<Response, WebError> {
    ok(&anonymous_view(&ctx, &uuid, "", "", &FieldErrors::new()).await?)
}

#[derive(Deserialize)]
struct AnonymousForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    message: String,
}

async fn join_anonymously(
    ctx: Ctx,
    Path(uuid): Path<String>,
    Form(form): Form<AnonymousForm>,
) -> Result<Response, WebError> {
    match participations::join_anonymously(
        &ctx.state.app,
        &uuid,
        &form.email,
        &form.message,
        &ctx.client,
        ctx.tr.locale,
    )
    .await
    {
        Ok(()) => ok(&CheckMailView {
            page: ctx.page(ctx.tr.t("check-mail-title")),
            heading: ctx.tr.t("check-mail-title"),
            text: ctx.tr.t("anonymous-mail-sent"),
            resend: false,
        }),
        Err(AppError::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &anonymous_view(&ctx, &uuid, &form.email, &form.message, &errors).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

/// A page reached from a participation mail: a button that uses the link.
fn link_page(
    ctx: &Ctx,
    key: &str,
    action: String,
    live: bool,
    event_uuid: Option<String>,
) -> Result<Response, WebError> {
    let view = LinkView {
        page: ctx.page(ctx.tr.t(&format!("{key}-title"))),
        heading: ctx.tr.t(&format!("{key}-title")),
        text: ctx.tr.t(&format!("{key}-text")),
        action,
        button: ctx.tr.t(&format!("{key}-submit")),
        live,
        again_href: event_uuid.map_or_else(|| "/".to_owned(), |u| event_path(&u)),
        again_label: ctx.tr.t("participation-back-to-event"),
    };
    render(if live { StatusCode::OK } else { StatusCode::GONE }, &view)
}

async fn confirm_page(ctx: Ctx, Path((id, token)): Path<(String, String)>) -> Result<Response, WebError> {
    let action = format!("/participations/{id}/confirm/{token}");
    // The confirm link is checked by using it; its page only offers the button.
    let live = uuid::Uuid::parse_str(&id).is_ok();
    link_page(&ctx, "anonymous-confirm", action, live, None)
}

async fn confirm(
    ctx: Ctx,
    Path((id, token)): Path<(String, String)>,
    Form(_): Form<Empty>,
) -> Result<Response, WebError> {
    match participations::confirm_anonymous(&ctx.state.app, &id, &token).await {
        Ok((event, role)) => {
            let notice = match role {
                ParticipantRole::Pending => "anonymous-pending",
                ParticipantRole::Waitlisted => "join-waitlisted",
                _ => "anonymous-confirmed",
            };
            Ok(redirect_with_notice(&event_path(&event.uuid.to_string()), notice, ctx.secure()))
        }
        Err(AppError::Invalid(_)) => link_page(&ctx, "anonymous-confirm", String::new(), false, None),
        Err(e) => Err(e.into()),
    }
}

async fn cancel_page(ctx: Ctx, Path((id, token)): Path<(String, String)>) -> Result<Response, WebError> {
    let action = format!("/participations/{id}/cancel/{token}");
    match participations::anonymous_participation(&ctx.state.app, &id, &token).await {
        Ok(event) => link_page(&ctx, "anonymous-cancel", action, true, Some(event.uuid.to_string())),
        Err(AppError::Invalid(_)) => link_page(&ctx, "anonymous-cancel", action, false, None),
        Err(e) => Err(e.into()),
    }
}

async fn cancel(
    ctx: Ctx,
    Path((id, token)): Path<(String, String)>,
    Form(_): Form<Empty>,
) -> Result<Response, WebError> {
    match participations::cancel_anonymous(&ctx.state.app, &id, &token).await {
        Ok(event) => {
            Ok(redirect_with_notice(&event_path(&event.uuid.to_string()), "anonymous-cancelled", ctx.secure()))
        }
        Err(AppError::Invalid(_)) => link_page(&ctx, "anonymous-cancel", String::new(), false, None),
        Err(e) => Err(e.into()),
    }
}

/// One row of the participant table.
struct ParticipantRow {
    id: String,
    name: String,
    handle: String,
    role: String,
    role_label: String,
    message: String,
    since: String,
}

#[derive(Template)]
#[template(path = "participations/list.html")]
struct ListView {
    page: crate::context::Page,
    errors: Errors,
    invite: String,
    invite_action: String,
    event_title: String,
    event_path: String,
    action: String,
    csv: String,
    filter: String,
    filters: Vec<(String, String, String)>,
    rows: Vec<ParticipantRow>,
}

#[derive(Deserialize)]
struct RoleFilter {
    #[serde(default)]
    role: String,
}

async fn list(ctx: Ctx, Path(uuid): Path<String>, Query(filter): Query<RoleFilter>) -> Result<Response, WebError> {
    ok(&list_view(&ctx, &uuid, &filter.role, &FieldErrors::new(), "").await?)
}

async fn list_view(
    ctx: &Ctx,
    uuid: &str,
    role: &str,
    errors: &FieldErrors,
    invite: &str,
) -> Result<ListView, WebError> {
    let viewer = ctx.require_viewer()?;
    let role = ParticipantRole::parse(role);
    let (event, rows) = participations::participants(&ctx.state.app, viewer, uuid, role).await?;
    let rows = rows
        .into_iter()
        .map(|p| {
            let role = p.participation.role.clone();
            ParticipantRow {
                id: p.participation.uuid.to_string(),
                name: p.identity.as_ref().map_or_else(|| ctx.tr.t("participant-anonymous"), label),
                handle: p.identity.as_ref().map(handle_of).unwrap_or_default(),
                role_label: ctx.tr.t(&format!("participant-role-{role}")),
                role,
                message: p.participation.message.clone(),
                since: p.participation.created_at.format("%Y-%m-%d").to_string(),
            }
        })
        .collect();
    let filters =
        std::iter::once((String::new(), ctx.tr.t("participants-all"), format!("/events/{uuid}/participants")))
            .chain(ParticipantRole::ALL.iter().map(|r| {
                (
                    r.as_str().to_owned(),
                    ctx.tr.t(&format!("participant-role-{}", r.as_str())),
                    format!("/events/{uuid}/participants?role={}", r.as_str()),
                )
            }))
            .collect();
    Ok(ListView {
        page: ctx.page(ctx.tr.t1("participants-title", "event", &event.title)),
        errors: Errors::new(ctx.tr, errors),
        invite: invite.to_owned(),
        invite_action: format!("/events/{uuid}/invitations"),
        event_title: event.title,
        event_path: event_path(uuid),
        action: format!("/events/{uuid}/participants"),
        csv: format!(
            "/events/{uuid}/participants.csv{}",
            role.map(|r| format!("?role={}", r.as_str())).unwrap_or_default()
        ),
        filter: role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        filters,
        rows,
    })
}

/// The bulk form: `ids` repeats, so it is read as pairs.
async fn decide(
    ctx: Ctx,
    Path(uuid): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    let decision = match field("decision") {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject,
        "promote" => Decision::Promote,
        _ => return Err(WebError::BadRequest),
    };
    let ids: Vec<uuid::Uuid> =
        pairs.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| uuid::Uuid::parse_str(v).ok()).collect();
    let changed = participations::decide(&ctx.state.app, viewer, &uuid, &ids, decision, field("note")).await?;
    let notice = if changed == 0 { "participants-unchanged" } else { "participants-updated" };
    Ok(redirect_with_notice(&format!("/events/{uuid}/participants"), notice, ctx.secure()))
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    username: String,
}

async fn invite(ctx: Ctx, Path(uuid): Path<String>, Form(form): Form<InviteForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let back = format!("/events/{uuid}/participants");
    match participations::invite(&ctx.state.app, viewer, &uuid, &form.username).await {
        Ok(()) => Ok(redirect_with_notice(&back, "invited", ctx.secure())),
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &list_view(&ctx, &uuid, "", &errors, &form.username).await?)
        }
        Err(e) => Err(e.into()),
    }
}

/// A CSV field, quoted, with formula-looking values defused for spreadsheets.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_owned() };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// The participant list as CSV. Anonymous participants' addresses are not in it: organisers
/// reach them only through the platform.
async fn export(ctx: Ctx, Path(uuid): Path<String>, Query(filter): Query<RoleFilter>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let (event, rows) =
        participations::participants(&ctx.state.app, viewer, &uuid, ParticipantRole::parse(&filter.role)).await?;
    let t = ctx.tr;
    let mut csv = [
        t.t("participants-name"),
        t.t("participants-handle"),
        t.t("participants-role"),
        t.t("participants-message"),
        t.t("participants-since"),
    ]
    .iter()
    .map(|h| csv_field(h))
    .collect::<Vec<_>>()
    .join(",");
    csv.push_str("\r\n");
    for p in rows {
        // Written without the leading "@", which spreadsheets read as a formula.
        let name = p.identity.as_ref().map_or_else(
            || t.t("participant-anonymous"),
            |a| if a.display_name.is_empty() { a.username.clone() } else { a.display_name.clone() },
        );
        let handle = p
            .identity
            .as_ref()
            .map(|a| format!("{}@{}", a.username, a.domain.as_deref().unwrap_or(&ctx.state.app.settings.host())))
            .unwrap_or_default();
        let role = t.t(&format!("participant-role-{}", p.participation.role));
        let line = [name, handle, role, p.participation.message.clone(), p.participation.created_at.to_rfc3339()];
        csv.push_str(&line.iter().map(|v| csv_field(v)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let file: String = event.title.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).take(60).collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"participants-{file}.csv\"")),
        ],
        csv,
    )
        .into_response())
}

/// `@name` for people of this instance, `@name@server` for others.
fn handle_of(actor: &ensemble_app::rows::actors::Model) -> String {
    match &actor.domain {
        Some(domain) => format!("@{}@{domain}", actor.username),
        None => format!("@{}", actor.username),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(super::csv_field("Rose \"R\""), "\"Rose \"\"R\"\"\"");
        assert_eq!(super::csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(super::csv_field("-1"), "\"'-1\"");
        assert_eq!(super::csv_field("plain"), "\"plain\"");
    }
}
