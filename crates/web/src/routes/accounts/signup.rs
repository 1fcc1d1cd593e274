use super::with_session;
use crate::context::Ctx;
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::{ok, render};
use crate::views::{CheckMailView, EmailFormView, Errors, LinkView, SignUpView};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ensemble_app::{AppError, FieldErrors, accounts};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct SignUpForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
}

fn view(ctx: &Ctx, form: &SignUpForm, errors: &FieldErrors) -> SignUpView {
    let settings = &ctx.state.app.settings;
    SignUpView {
        page: ctx.page(ctx.tr.t("signup-title")),
        errors: Errors::new(ctx.tr, errors),
        email: form.email.clone(),
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        closed: settings.registration_policy().is_closed(),
        host: settings.host(),
    }
}

pub async fn show(ctx: Ctx) -> Result<Response, WebError> {
    if ctx.viewer.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    ok(&view(&ctx, &SignUpForm::default(), &FieldErrors::new()))
}

pub async fn submit(ctx: Ctx, Form(form): Form<SignUpForm>) -> Result<Response, WebError> {
    let input = accounts::NewAccount {
        email: form.email.clone(),
        password: form.password.clone(),
        password_confirmation: form.password_confirmation.clone(),
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        locale: ctx.tr.locale,
    };
    match accounts::sign_up(&ctx.state.app, input, &ctx.client).await {
        Ok(()) => Ok(Redirect::to("/account/check-mail").into_response()),
        Err(AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &view(&ctx, &form, &errors)),
        Err(e) => Err(e.into()),
    }
}

pub async fn check_mail(ctx: Ctx) -> Result<Response, WebError> {
    ok(&CheckMailView {
        page: ctx.page(ctx.tr.t("check-mail-title")),
        heading: ctx.tr.t("check-mail-title"),
        text: ctx.tr.t("check-mail-text"),
        resend: true,
    })
}

/// The link from the mail shows a button rather than confirming on sight: mail scanners
/// that open links must not use them up.
pub async fn confirm_page(ctx: Ctx, Path(token): Path<String>) -> Result<Response, WebError> {
    let live = ensemble_app::accounts::confirm_link_is_live(&ctx.state.app, &token).await?;
    let view = LinkView {
        page: ctx.page(ctx.tr.t("confirm-title")),
        heading: ctx.tr.t("confirm-title"),
        text: ctx.tr.t("confirm-text"),
        action: format!("/account/confirm/{token}"),
        button: ctx.tr.t("confirm-submit"),
        live,
        again_href: "/account/resend".into(),
        again_label: ctx.tr.t("check-mail-resend"),
    };
    render(if live { StatusCode::OK } else { StatusCode::GONE }, &view)
}

pub async fn confirm(ctx: Ctx, Path(token): Path<String>, Form(_): Form<Empty>) -> Result<Response, WebError> {
    match accounts::confirm_account(&ctx.state.app, &token).await {
        Ok(session) => Ok(with_session(&ctx, redirect_with_notice("/", "account-confirmed", ctx.secure()), &session)),
        Err(AppError::Invalid(_)) => confirm_page(ctx, Path(token)).await,
        Err(e) => Err(e.into()),
    }
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

#[derive(Deserialize, Default)]
pub struct EmailOnly {
    #[serde(default)]
    pub email: String,
}

fn resend_view(ctx: &Ctx, email: &str, errors: &FieldErrors) -> EmailFormView {
    EmailFormView {
        page: ctx.page(ctx.tr.t("resend-title")),
        heading: ctx.tr.t("resend-title"),
        intro: ctx.tr.t("resend-intro"),
        action: "/account/resend".into(),
        button: ctx.tr.t("resend-submit"),
        errors: Errors::new(ctx.tr, errors),
        email: email.to_owned(),
    }
}

pub async fn resend_page(ctx: Ctx) -> Result<Response, WebError> {
    ok(&resend_view(&ctx, "", &FieldErrors::new()))
}

pub async fn resend(ctx: Ctx, Form(form): Form<EmailOnly>) -> Result<Response, WebError> {
    match accounts::resend_confirmation(&ctx.state.app, &form.email, &ctx.client, ctx.tr.locale).await {
        Ok(()) => Ok(Redirect::to("/account/check-mail").into_response()),
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &resend_view(&ctx, &form.email, &errors))
        }
        Err(e) => Err(e.into()),
    }
}
