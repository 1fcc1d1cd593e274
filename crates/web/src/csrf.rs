//! Protection against cross-site form posts, in two layers: the browser's own `Origin` /
//! `Sec-Fetch-Site` check (tower-http), and a token in every form. The token is the HMAC,
//! under the instance secret, of a random value held in a cookie: a page on another site can
//! neither read the cookie nor compute the token.

use crate::cookies;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use ensemble_app::crypto;

/// A cookie value created for a request that arrived without one.
#[derive(Clone)]
struct FreshSeed(String);

/// Gives every visitor a seed cookie, and clears a notice cookie once a page has shown it.
pub async fn cookies_layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let secure = state.app.settings.is_https();
    let fresh = cookies::get(request.headers(), cookies::CSRF).is_none().then(crypto::random_token);
    if let Some(seed) = &fresh {
        request.extensions_mut().insert(FreshSeed(seed.clone()));
    }
    let had_notice = cookies::get(request.headers(), cookies::FLASH).is_some();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(seed) = fresh {
        headers.append(SET_COOKIE, cookies::set(cookies::CSRF, &seed, 60 * 60 * 24 * 365, secure));
    }
    let sets_notice =
        headers.get_all(SET_COOKIE).iter().any(|v| v.to_str().is_ok_and(|v| v.starts_with(cookies::FLASH)));
    if had_notice && !sets_notice && !response.status().is_redirection() {
        response.headers_mut().append(SET_COOKIE, cookies::set(cookies::FLASH, "", 0, secure));
    }
    response
}

fn seed(parts_headers: &axum::http::HeaderMap, extensions: &axum::http::Extensions) -> Option<String> {
    cookies::get(parts_headers, cookies::CSRF).or_else(|| extensions.get::<FreshSeed>().map(|s| s.0.clone()))
}

/// The token to put in this request's forms.
pub fn form_token(state: &AppState, parts: &Parts) -> String {
    seed(&parts.headers, &parts.extensions).map(|s| crypto::sign(&state.secret, &s)).unwrap_or_default()
}

/// Whether a submitted form token matches the request's cookie.
pub fn verify(state: &AppState, headers: &axum::http::HeaderMap, submitted: &str) -> bool {
    cookies::get(headers, cookies::CSRF)
        .is_some_and(|s| !submitted.is_empty() && crypto::verify(&state.secret, &s, submitted))
}
