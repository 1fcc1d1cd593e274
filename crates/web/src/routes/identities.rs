//! The account's identities: list, create, edit, make default, delete, and switching the
//! identity this browser acts as.

use crate::context::{Ctx, label};
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::{Form, MultipartForm};
use crate::routes::accounts::signup::Empty;
use crate::routes::{ok, render, safe_back};
use crate::views::{DeleteIdentityView, Errors, IdentitiesView, IdentityCard, IdentityFormView};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ensemble_app::identities::{self, IdentityForm, Profile, Upload};
use ensemble_app::{AppError, FieldErrors, sessions};
use serde::Deserialize;

fn card(ctx: &Ctx, profile: &Profile) -> IdentityCard {
    let id = &profile.identity;
    let viewer = ctx.viewer.as_ref();
    IdentityCard {
        username: id.username.clone(),
        name: label(id),
        handle: format!("@{}@{}", id.username, ctx.state.app.settings.host()),
        avatar_url: profile.avatar.as_ref().map(|m| format!("/media/{}", m.file_name)),
        is_default: viewer.is_some_and(|v| v.account.default_actor_id == Some(id.id)),
        is_current: viewer.is_some_and(|v| v.identity.id == id.id),
    }
}

async fn list_view(ctx: &Ctx, errors: &FieldErrors) -> Result<IdentitiesView, WebError> {
    let viewer = ctx.require_viewer()?;
    let profiles = identities::of_account(&ctx.state.app, viewer.account.id).await?;
    Ok(IdentitiesView {
        page: ctx.page(ctx.tr.t("identities-title")),
        identities: profiles.iter().map(|p| card(ctx, p)).collect(),
        errors: Errors::new(ctx.tr, errors),
    })
}

pub async fn list(ctx: Ctx) -> Result<Response, WebError> {
    ok(&list_view(&ctx, &FieldErrors::new()).await?)
}

fn megabytes(bytes: usize) -> String {
    format!("{:.0}", (bytes as f64 / (1024.0 * 1024.0)).max(1.0))
}

fn form_view(ctx: &Ctx, editing: Option<&Profile>, form: &IdentityForm, errors: &FieldErrors) -> IdentityFormView {
    let settings = &ctx.state.app.settings;
    let title = match editing {
        Some(p) => ctx.tr.t1("identity-edit-title", "handle", &p.identity.username),
        None => ctx.tr.t("identity-new-title"),
    };
    IdentityFormView {
        page: ctx.page(title),
        errors: Errors::new(ctx.tr, errors),
        editing: editing.map(|p| p.identity.username.clone()),
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        bio: form.bio.clone(),
        avatar_url: editing.and_then(|p| p.avatar.as_ref()).map(|m| format!("/media/{}", m.file_name)),
        banner_url: editing.and_then(|p| p.banner.as_ref()).map(|m| format!("/media/{}", m.file_name)),
        host: settings.host(),
        max_avatar_mb: megabytes(settings.uploads.max_avatar_bytes),
        max_banner_mb: megabytes(settings.uploads.max_banner_bytes),
    }
}

fn identity_form(form: &MultipartForm) -> IdentityForm {
    IdentityForm {
        username: form.text("username"),
        display_name: form.text("display_name"),
        bio: form.text("bio"),
        avatar: form.file("avatar").map(Upload),
        banner: form.file("banner").map(Upload),
        remove_avatar: form.checked("remove_avatar"),
        remove_banner: form.checked("remove_banner"),
    }
}

pub async fn new_form(ctx: Ctx) -> Result<Response, WebError> {
    ctx.require_viewer()?;
    ok(&form_view(&ctx, None, &IdentityForm::default(), &FieldErrors::new()))
}

pub async fn create(ctx: Ctx, form: MultipartForm) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let form = identity_form(&form);
    match identities::create_identity(&ctx.state.app, viewer, form.clone()).await {
        Ok(_) => Ok(redirect_with_notice("/identities", "identity-created", ctx.secure())),
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &form_view(&ctx, None, &form, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

/// One of the viewer's own identities; someone else's is "not found", not "forbidden",
/// so that the answer tells nothing about other accounts.
async fn own(ctx: &Ctx, username: &str) -> Result<Profile, WebError> {
    let viewer = ctx.require_viewer()?;
    let profile = identities::profile(&ctx.state.app, username).await?.ok_or(WebError::NotFound)?;
    if profile.identity.account_id != Some(viewer.account.id) {
        return Err(WebError::NotFound);
    }
    Ok(profile)
}

pub async fn edit_form(ctx: Ctx, Path(username): Path<String>) -> Result<Response, WebError> {
    let profile = own(&ctx, &username).await?;
    let form = IdentityForm {
        username: profile.identity.username.clone(),
        display_name: profile.identity.display_name.clone(),
        bio: profile.identity.bio.clone(),
        ..Default::default()
    };
    ok(&form_view(&ctx, Some(&profile), &form, &FieldErrors::new()))
}

pub async fn update(ctx: Ctx, Path(username): Path<String>, form: MultipartForm) -> Result<Response, WebError> {
    let profile = own(&ctx, &username).await?;
    let viewer = ctx.require_viewer()?;
    let form = identity_form(&form);
    match identities::update_identity(&ctx.state.app, viewer, &username, form.clone()).await {
        Ok(_) => Ok(redirect_with_notice("/identities", "identity-saved", ctx.secure())),
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &form_view(&ctx, Some(&profile), &form, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn make_default(ctx: Ctx, Path(username): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    identities::set_default_identity(&ctx.state.app, viewer, &username).await?;
    Ok(redirect_with_notice("/identities", "identity-default", ctx.secure()))
}

pub async fn delete_page(ctx: Ctx, Path(username): Path<String>) -> Result<Response, WebError> {
    let profile = own(&ctx, &username).await?;
    let card = card(&ctx, &profile);
    ok(&DeleteIdentityView { page: ctx.page(ctx.tr.t1("identity-delete-title", "handle", &card.handle)), card })
}

pub async fn delete(ctx: Ctx, Path(username): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    match identities::delete_identity(&ctx.state.app, viewer, &username).await {
        Ok(()) => Ok(redirect_with_notice("/identities", "identity-deleted", ctx.secure())),
        Err(AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &list_view(&ctx, &errors).await?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    back: String,
}

/// The header's identity switcher: act as another identity, then go back where we were.
pub async fn switch(ctx: Ctx, Form(form): Form<SwitchForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    sessions::switch_identity(&ctx.state.app, viewer, &form.username).await?;
    Ok(Redirect::to(safe_back(&form.back)).into_response())
}
