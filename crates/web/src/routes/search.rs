//! `/search?q=`: the header's search box. It looks up addresses of other servers (an event's
//! or a person's URL, or `@name@host`), for logged-in people only: each lookup makes us fetch
//! from another server. A found event opens its page here; a person is shown with a link to
//! their profile on their server.

use super::{render, safe_back};
use crate::context::{Ctx, Page, label};
use crate::error::WebError;
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use ensemble_app::AppError;
use ensemble_federation::fetch::Fetcher;
use ensemble_federation::lookup::{Found, LookupError, lookup};
use serde::Deserialize;

pub fn router() -> Router<crate::state::AppState> {
    Router::new().route("/search", get(search))
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub struct PersonView {
    pub name: String,
    pub handle: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchView {
    page: Page,
    q: String,
    error: Option<String>,
    person: Option<PersonView>,
}

async fn search(ctx: Ctx, Query(query): Query<SearchQuery>) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let q = query.q.trim().to_owned();
    let view = |error, person| SearchView { page: ctx.page(ctx.tr.t("search-title")), q: q.clone(), error, person };
    if q.is_empty() {
        return render(StatusCode::OK, &view(None, None));
    }
    let fetcher = Fetcher::new(ctx.state.app.clone()).map_err(|e| AppError::Internal(e.into()))?;
    match lookup(&fetcher, viewer.account.id, &q).await {
        Ok(Found::Event(event)) => Ok(Redirect::to(&format!("/events/{}", event.uuid)).into_response()),
        Ok(Found::Local(path)) => Ok(Redirect::to(safe_back(&path)).into_response()),
        Ok(Found::Actor(actor)) => {
            let person = PersonView {
                name: label(&actor),
                handle: format!("@{}@{}", actor.username, actor.domain.clone().unwrap_or_default()),
                href: actor.profile_url.clone().unwrap_or_else(|| actor.ap_id.clone()),
            };
            render(StatusCode::OK, &view(None, Some(person)))
        }
        Err(LookupError::App(e @ (AppError::RateLimited { .. } | AppError::Internal(_)))) => Err(e.into()),
        Err(e) => {
            tracing::info!(query = %q, error = %e, "lookup failed");
            render(StatusCode::UNPROCESSABLE_ENTITY, &view(Some(ctx.tr.t(e.message_key())), None))
        }
    }
}
