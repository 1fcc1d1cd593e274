//! Account pages: sign-up, confirmation, log-in, password reset, settings, deletion.

pub mod delete;
pub mod login;
pub mod reset;
pub mod settings;
pub mod signup;

use crate::context::Ctx;
use crate::cookies;
use axum::http::header::SET_COOKIE;
use axum::response::Response;

/// Adds the session cookie (and the account's language, if it chose one) to a response.
pub(crate) fn with_session(ctx: &Ctx, mut response: Response, token: &str) -> Response {
    let max_age = ensemble_app::sessions::LIFETIME.num_seconds();
    response.headers_mut().append(SET_COOKIE, cookies::set(cookies::SESSION, token, max_age, ctx.secure()));
    response
}
