//! The web face of Ensemble: server-rendered pages (askama templates fed view models),
//! forms with CSRF protection, sessions, and the mapping of errors to pages.

mod cache;
mod context;
mod cookies;
mod csrf;
mod error;
mod forms;
pub mod i18n;
pub mod mail;
mod routes;
mod state;
mod views;

pub use error::WebError;
pub use mail::MailTemplates;
pub use state::AppState;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};
use routes::accounts::{delete, login, reset, settings, signup};
use routes::{assets, home, identities, profiles};
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Pages load nothing from elsewhere, run no script and cannot be framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every route of the instance, with its middleware.
pub fn router(state: AppState) -> anyhow::Result<Router> {
    let uploads = &state.app.settings.uploads;
    // Room for both pictures and the text fields: an oversized picture is then refused by
    // its own rule, with the form kept, rather than by a bare 413.
    let body_limit = uploads.max_avatar_bytes + uploads.max_banner_bytes + 1024 * 1024;
    let origin = url::Url::parse(&state.app.settings.base_url)?.origin().ascii_serialization();
    let csrf = CsrfLayer::new().add_trusted_origin(origin)?;
    let router = Router::new()
        .route("/", get(home::show))
        .route("/signup", get(signup::show).post(signup::submit))
        .route("/account/check-mail", get(signup::check_mail))
        .route("/account/confirm/{token}", get(signup::confirm_page).post(signup::confirm))
        .route("/account/resend", get(signup::resend_page).post(signup::resend))
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/account/reset", get(reset::request_page).post(reset::request))
        .route("/account/reset/{token}", get(reset::form).post(reset::submit))
        .route("/account", get(settings::show))
        .route("/account/email", post(settings::change_email))
        .route("/account/email/{token}", get(settings::email_confirm_page).post(settings::email_confirm))
        .route("/account/password", post(settings::change_password))
        .route("/account/language", post(settings::language))
        .route("/account/time-zone", post(settings::time_zone))
        .route("/language", post(settings::choose_language))
        .route("/account/delete", get(delete::show).post(delete::submit))
        .route("/identities", get(identities::list))
        .route("/identities/new", get(identities::new_form).post(identities::create))
        .route("/identities/{username}/edit", get(identities::edit_form).post(identities::update))
        .route("/identities/{username}/default", post(identities::make_default))
        .route("/identities/{username}/delete", get(identities::delete_page).post(identities::delete))
        .route("/identity/switch", post(identities::switch))
        .merge(routes::events::router(state.clone()))
        .merge(routes::participations::router())
        .merge(routes::search::router())
        .merge(routes::feeds::router())
        .merge(routes::comments::router())
        .merge(routes::admin::router())
        .merge(routes::activitypub::router(&state)?)
        .route("/{handle}", get(profiles::show))
        .route("/static/style.css", get(assets::style))
        .route("/media/{file}", get(assets::media))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(routes::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), cache::forget_on_change))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::cookies_layer))
        .layer(csrf)
        .layer(middleware::from_fn(error::error_pages))
        .layer(middleware::from_fn_with_state(state.clone(), routes::activitypub::negotiate))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(state);
    Ok(router)
}
