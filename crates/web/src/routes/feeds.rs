//! Calendar feeds, at Mobilizon's addresses: one event's `.ics`, the instance's public upcoming
//! events as iCalendar and Atom, and each account's private feed of everything it takes part
//! in, with the page that creates and revokes its address.

mod atom;
mod ics;
mod text;

use crate::context::{Ctx, Page, request_locale};
use crate::cookies::redirect_with_notice;
use crate::error::WebError;
use crate::forms::Form;
use crate::i18n::Tr;
use crate::routes::accounts::signup::Empty;
use crate::routes::ok;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ensemble_app::feeds::{self, FeedEvent};
use ensemble_app::{App, AppError};
use ensemble_domain::Locale;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{uuid}/export/ics", get(event_ics))
        .route("/feed/instance/ics", get(instance_ics))
        .route("/feed/instance/atom", get(instance_atom))
        .route("/events/going/{token}/ics", get(going_ics))
        .route("/events/going/{token}/atom", get(going_atom))
        .route("/account/calendar", get(calendar_page).post(create_address))
        .route("/account/calendar/revoke", post(revoke_address))
}

const ICS: &str = "text/calendar; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";

/// How long a copy may be kept: a while for public documents, not at all for private ones.
/// Never by shared caches: every response may carry the visitor's own form-token cookie.
#[derive(Clone, Copy)]
enum Audience {
    Public,
    Private,
}

fn document(body: String, content_type: &'static str, audience: Audience, file_name: Option<String>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    match audience {
        Audience::Public => {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300"));
        }
        Audience::Private => {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            headers.insert("x-robots-tag", HeaderValue::from_static("noindex, nofollow"));
        }
    }
    if let Some(name) = file_name
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /events/{uuid}/export/ics`: one event, to whoever may see its page.
pub async fn event_ics(ctx: Ctx, Path(uuid): Path<String>) -> Result<Response, WebError> {
    let fe = feeds::event_export(&ctx.state.app, ctx.viewer.as_ref(), &uuid).await?;
    let audience = if fe.event.visibility == "public" { Audience::Public } else { Audience::Private };
    let body = ics::calendar(ctx.tr, &fe.event.title, std::slice::from_ref(&fe), false);
    Ok(document(body, ICS, audience, Some(text::file_name(&fe.event.title))))
}

fn instance_title(app: &App, t: Tr) -> String {
    t.t1("feeds-instance-title", "instance", &app.settings.instance_name)
}

/// `GET /feed/instance/ics`: the instance's public upcoming events.
pub async fn instance_ics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let t = Tr::new(request_locale(&headers));
    let events = feeds::instance_upcoming(&state.app).await?;
    let body = ics::calendar(t, &instance_title(&state.app, t), &events, true);
    Ok(document(body, ICS, Audience::Public, None))
}

/// `GET /feed/instance/atom`: the same, for feed readers.
pub async fn instance_atom(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    let t = Tr::new(request_locale(&headers));
    let app = &state.app;
    let events = feeds::instance_upcoming(app).await?;
    let title = instance_title(app, t);
    let info = atom::FeedInfo {
        title: &title,
        self_url: &app.url("/feed/instance/atom"),
        page_url: &app.url("/events"),
        author: &app.settings.instance_name,
        author_url: &app.url("/"),
    };
    let body = atom::feed(t, &info, &events).map_err(AppError::Internal)?;
    Ok(document(body, ATOM, Audience::Public, None))
}

/// The private feed behind `token`, in the account's language.
async fn going(state: &AppState, headers: &HeaderMap, token: &str) -> Result<(Tr, String, Vec<FeedEvent>), WebError> {
    let (account, events) = feeds::going(&state.app, token).await?;
    let locale = account.locale.as_deref().and_then(Locale::parse).unwrap_or_else(|| request_locale(headers));
    let t = Tr::new(locale);
    let title = t.t1("feeds-going-title", "instance", &state.app.settings.instance_name);
    Ok((t, title, events))
}

/// `GET /events/going/{token}/ics`: everything the account takes part in.
pub async fn going_ics(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let (t, title, events) = going(&state, &headers, &token).await?;
    Ok(document(ics::calendar(t, &title, &events, true), ICS, Audience::Private, None))
}

/// `GET /events/going/{token}/atom`: the same, for feed readers.
pub async fn going_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let (t, title, events) = going(&state, &headers, &token).await?;
    let app = &state.app;
    let info = atom::FeedInfo {
        title: &title,
        self_url: &app.url(&format!("/events/going/{token}/atom")),
        page_url: &app.url("/"),
        author: &app.settings.instance_name,
        author_url: &app.url("/"),
    };
    let body = atom::feed(t, &info, &events).map_err(AppError::Internal)?;
    Ok(document(body, ATOM, Audience::Private, None))
}

/// The page that shows, creates and revokes the private feed's address.
#[derive(Template)]
#[template(path = "feeds/calendar.html")]
pub struct CalendarView {
    pub page: Page,
    /// The feed's addresses, when the account has one.
    pub ics_url: Option<String>,
    pub atom_url: Option<String>,
    /// The same address with the `webcal:` scheme, which opens calendar apps.
    pub webcal_url: Option<String>,
}

/// `GET /account/calendar`.
pub async fn calendar_page(ctx: Ctx) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let app = &ctx.state.app;
    let token = feeds::calendar_token(app, viewer).await?;
    let ics_url = token.as_ref().map(|t| app.url(&format!("/events/going/{t}/ics")));
    let webcal_url = ics_url.as_ref().map(|u| {
        let rest = u.split_once("://").map_or(u.as_str(), |(_, rest)| rest);
        format!("webcal://{rest}")
    });
    ok(&CalendarView {
        page: ctx.page(ctx.tr.t("feeds-calendar-title")),
        atom_url: token.as_ref().map(|t| app.url(&format!("/events/going/{t}/atom"))),
        ics_url,
        webcal_url,
    })
}

/// `POST /account/calendar`: a new address; the previous one stops working.
pub async fn create_address(ctx: Ctx, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    feeds::create_calendar_token(&ctx.state.app, viewer).await?;
    Ok(redirect_with_notice("/account/calendar", "feeds-created", ctx.secure()))
}

/// `POST /account/calendar/revoke`.
pub async fn revoke_address(ctx: Ctx, Form(_): Form<Empty>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    feeds::revoke_calendar_token(&ctx.state.app, viewer).await?;
    Ok(redirect_with_notice("/account/calendar", "feeds-revoked", ctx.secure()))
}
