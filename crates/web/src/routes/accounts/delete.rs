use crate::context::Ctx;
use crate::cookies::{self, redirect_with_notice};
use crate::error::WebError;
use crate::forms::Form;
use crate::routes::{ok, render};
use crate::views::{DeleteAccountView, Errors};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use ensemble_app::{AppError, FieldErrors, accounts};
use serde::Deserialize;

fn view(ctx: &Ctx, errors: &FieldErrors) -> DeleteAccountView {
    DeleteAccountView {
        page: ctx.page(ctx.tr.t("delete-account-title")),
        errors: Errors::new(ctx.tr, errors),
        consequences: ctx.tr.count(
            "delete-account-text",
            "count",
            i64::try_from(ctx.identities.len()).unwrap_or(i64::MAX),
        ),
    }
}

pub async fn show(ctx: Ctx) -> Result<Response, WebError> {
    ctx.require_viewer()?;
    ok(&view(&ctx, &FieldErrors::new()))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
}

pub async fn submit(ctx: Ctx, Form(form): Form<DeleteForm>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    match accounts::delete_account(&ctx.state.app, viewer, &form.password).await {
        Ok(()) => {
            let mut response = redirect_with_notice("/", "account-deleted", ctx.secure());
            response.headers_mut().append(SET_COOKIE, cookies::set(cookies::SESSION, "", 0, ctx.secure()));
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => render(StatusCode::UNPROCESSABLE_ENTITY, &view(&ctx, &errors)),
        Err(e) => Err(e.into()),
    }
}
