use crate::context::Ctx;
use crate::cookies::{self, redirect_with_notice};
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::accounts::signup::Empty;
use crate::routes::{ok, render, safe_back};
use crate::views::{Errors, LinkView, SettingsView};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use ensemble_app::{AppError, FieldErrors, accounts};
use ensemble_domain::Locale;
use serde::Deserialize;

fn view(ctx: &Ctx, new_email: &str, errors: &FieldErrors) -> Result<SettingsView, WebError> {
    let viewer = ctx.require_viewer()?;
    Ok(SettingsView {
        page: ctx.page(ctx.tr.t("settings-title")),
        errors: Errors::new(ctx.tr, errors),
        email: viewer.account.email.clone(),
        new_email: new_email.to_owned(),
        locale: viewer.account.locale.clone().unwrap_or_default(),
        zones: crate::routes::events::zones(viewer.account.time_zone.as_deref().unwrap_or_default()),
        role: ctx.tr.t(&format!("role-{}", viewer.role().as_str())),
        is_admin: viewer.role() == ensemble_domain::Role::Administrator,
    })
}

pub async fn show(ctx: Ctx) -> Result<Response, WebError> {
    ok(&view(&ctx, "", &FieldErrors::new())?)
}

/// A refused settings form shows the whole page again with its errors.
fn refused(ctx: &Ctx, new_email: &str, result: Result<(), AppError>, notice: &str) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(redirect_with_notice("/account", notice, ctx.secure())),
        Err(AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &view(ctx, new_email, &errors)?),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    email_password: String,
}

pub async fn change_email(ctx: Ctx, Form(form): Form<EmailForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let result = accounts::change_email(&ctx.state.app, viewer, &form.email, &form.email_password).await;
    refused(&ctx, &form.email, result, "email-change-sent")
}

pub async fn email_confirm_page(ctx: Ctx, Path(token): Path<String>) -> Result<Response, WebError> {
    let live = accounts::email_link_is_live(&ctx.state.app, &token).await?;
    let view = LinkView {
        page: ctx.page(ctx.tr.t("email-confirm-title")),
        heading: ctx.tr.t("email-confirm-title"),
        text: ctx.tr.t("email-confirm-text"),
        action: format!("/account/email/{token}"),
        button: ctx.tr.t("email-confirm-submit"),
        live,
        again_href: "/account".into(),
        again_label: ctx.tr.t("nav-account"),
    };
    render(if live { StatusCode::OK } else { StatusCode::GONE }, &view)
}

pub async fn email_confirm(ctx: Ctx, Path(token): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    match accounts::confirm_email_change(&ctx.state.app, &token).await {
        Ok(()) => Ok(redirect_with_notice(
            if ctx.viewer.is_some() { "/account" } else { "/login" },
            "email-changed",
            ctx.secure(),
        )),
        Err(AppError::Invalid(_)) => email_confirm_page(ctx, Path(token)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    password_confirmation: String,
}

pub async fn change_password(ctx: Ctx, Form(form): Form<PasswordForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let result = accounts::change_password(
        &ctx.state.app,
        viewer,
        &form.current_password,
        &form.new_password,
        &form.password_confirmation,
    )
    .await;
    refused(&ctx, "", result, "password-changed")
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    back: String,
}

/// The account's language (empty: follow the browser).
pub async fn language(ctx: Ctx, Form(form): Form<LanguageForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let locale = Locale::parse(&form.locale);
    accounts::set_locale(&ctx.state.app, &viewer.account, locale).await?;
    let mut response = redirect_with_notice("/account", "language-changed", ctx.secure());
    let cookie = match locale {
        Some(l) => cookies::set(cookies::LANG, l.code(), 60 * 60 * 24 * 365, ctx.secure()),
        None => cookies::set(cookies::LANG, "", 0, ctx.secure()),
    };
    response.headers_mut().append(SET_COOKIE, cookie);
    Ok(response)
}

#[derive(Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// The zone event times are also shown in (empty: only each event's own).
pub async fn time_zone(ctx: Ctx, Form(form): Form<TimeZoneForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let result = accounts::set_time_zone(&ctx.state.app, &viewer.account, &form.time_zone).await;
    refused(&ctx, "", result, "time-zone-changed")
}

/// The footer's language picker: remembered in a cookie, and on the account when logged in.
pub async fn choose_language(ctx: Ctx, Form(form): Form<LanguageForm>) -> Result<Response, WebError> {
    let Some(locale) = Locale::parse(&form.locale) else {
        return Err(WebError::BadRequest);
    };
    if let Some(viewer) = &ctx.viewer {
        accounts::set_locale(&ctx.state.app, &viewer.account, Some(locale)).await?;
    }
    let mut response = Redirect::to(safe_back(&form.back)).into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, cookies::set(cookies::LANG, locale.code(), 60 * 60 * 24 * 365, ctx.secure()));
    Ok(response)
}
