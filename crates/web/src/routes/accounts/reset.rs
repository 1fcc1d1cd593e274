use crate::context::Ctx;
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::accounts::signup::EmailOnly;
use crate::routes::{ok, render};
use crate::views::{CheckMailView, EmailFormView, Errors, LinkView, ResetView};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use ensemble_app::{AppError, FieldErrors, accounts};
use serde::Deserialize;

fn request_view(ctx: &Ctx, email: &str, errors: &FieldErrors) -> EmailFormView {
    EmailFormView {
        page: ctx.page(ctx.tr.t("reset-request-title")),
        heading: ctx.tr.t("reset-request-title"),
        intro: ctx.tr.t("reset-request-intro"),
        action: "/account/reset".into(),
        button: ctx.tr.t("reset-request-submit"),
        errors: Errors::new(ctx.tr, errors),
        email: email.to_owned(),
    }
}

pub async fn request_page(ctx: Ctx) -> Result<Response, WebError> {
    ok(&request_view(&ctx, "", &FieldErrors::new()))
}

/// The same answer whether or not the address has an account.
pub async fn request(ctx: Ctx, Form(form): Form<EmailOnly>) -> Result<Response, WebError> {
    match accounts::request_password_reset(&ctx.state.app, &form.email, &ctx.client, ctx.tr.locale).await {
        Ok(()) => ok(&CheckMailView {
            page: ctx.page(ctx.tr.t("check-mail-title")),
            heading: ctx.tr.t("check-mail-title"),
            text: ctx.tr.t("reset-request-sent"),
            resend: false,
        }),
        Err(AppError::Invalid(errors)) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &request_view(&ctx, &form.email, &errors))
        }
        Err(e) => Err(e.into()),
    }
}

fn spent_link(ctx: &Ctx) -> Result<Response, WebError> {
    render(
        StatusCode::GONE,
        &LinkView {
            page: ctx.page(ctx.tr.t("reset-title")),
            heading: ctx.tr.t("reset-title"),
            text: String::new(),
            action: String::new(),
            button: String::new(),
            live: false,
            again_href: "/account/reset".into(),
            again_label: ctx.tr.t("reset-again"),
        },
    )
}

fn form_view(ctx: &Ctx, token: &str, errors: &FieldErrors) -> ResetView {
    ResetView { page: ctx.page(ctx.tr.t("reset-title")), errors: Errors::new(ctx.tr, errors), token: token.to_owned() }
}

pub async fn form(ctx: Ctx, Path(token): Path<String>) -> Result<Response, WebError> {
    if !accounts::reset_link_is_live(&ctx.state.app, &token).await? {
        return spent_link(&ctx);
    }
    ok(&form_view(&ctx, &token, &FieldErrors::new()))
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

pub async fn submit(ctx: Ctx, Path(token): Path<String>, Form(form): Form<ResetForm>) -> Result<Response, WebError> {
    match accounts::reset_password(&ctx.state.app, &token, &form.password, &form.password_confirmation).await {
        Ok(()) => Ok(redirect_with_notice("/login", "password-reset", ctx.secure())),
        Err(AppError::Invalid(errors)) if errors.get("token").is_some() => spent_link(&ctx),
        Err(AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &form_view(&ctx, &token, &errors)),
        Err(e) => Err(e.into()),
    }
}
