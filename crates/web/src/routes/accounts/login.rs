use super::with_session;
use crate::context::Ctx;
use crate::cookies::{self, redirect_with_notice};
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::accounts::signup::Empty;
use crate::routes::{ok, render};
use crate::views::{Errors, LogInView};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use ensemble_app::{AppError, FieldErrors, accounts, sessions};
use ensemble_domain::FieldError;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct LogInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn view(ctx: &Ctx, email: &str, errors: &FieldErrors) -> LogInView {
    LogInView {
        page: ctx.page(ctx.tr.t("login-title")),
        errors: Errors::new(ctx.tr, errors),
        email: email.to_owned(),
        unconfirmed: errors.get("email") == Some(FieldError::AccountUnconfirmed),
    }
}

pub async fn show(ctx: Ctx) -> Result<Response, WebError> {
    if ctx.viewer.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    ok(&view(&ctx, "", &FieldErrors::new()))
}

pub async fn submit(ctx: Ctx, Form(form): Form<LogInForm>) -> Result<Response, WebError> {
    let input = accounts::LogIn { email: form.email.clone(), password: form.password };
    match accounts::log_in(&ctx.state.app, input, &ctx.client).await {
        Ok(token) => {
            let mut response = with_session(&ctx, Redirect::to("/").into_response(), &token);
            // The account's language follows it to this browser, error pages included.
            if let Some(Some(viewer)) = sessions::resolve(&ctx.state.app, &token).await.ok()
                && let Some(locale) = viewer.locale()
            {
                response
                    .headers_mut()
                    .append(SET_COOKIE, cookies::set(cookies::LANG, locale.code(), 60 * 60 * 24 * 365, ctx.secure()));
            }
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &view(&ctx, &form.email, &errors)),
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(ctx: Ctx, Form(_): Form<Empty>) -> Result<Response, WebError> {
    if let Some(viewer) = &ctx.viewer {
        sessions::end(&ctx.state.app, viewer).await?;
    }
    let mut response = redirect_with_notice("/", "logged-out", ctx.secure());
    response.headers_mut().append(SET_COOKIE, cookies::set(cookies::SESSION, "", 0, ctx.secure()));
    Ok(response)
}
