//! The cookies Ensemble sets, all HttpOnly and SameSite=Lax (Lax so that links from mails
//! arrive logged in), Secure when the instance is served over https.

use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

pub const SESSION: &str = "ensemble_session";
pub const CSRF: &str = "ensemble_csrf";
pub const FLASH: &str = "ensemble_flash";
pub const LANG: &str = "ensemble_lang";

/// `Set-Cookie` for `name=value`; `max_age` 0 removes it.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The value of cookie `name` in a request's headers.
pub fn get(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A 303 to `to` that shows the notice `key` (Fluent `notice-<key>`) on the next page.
pub fn redirect_with_notice(to: &str, key: &str, secure: bool) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(SET_COOKIE, set(FLASH, key, 60, secure));
    response
}
