//! WebFinger, host-meta and NodeInfo.

use super::{from_app_error, json, json_error};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ensemble_activitypub::discovery as ap_discovery;
use ensemble_app::published::{self, PublishedActor};
use ensemble_app::{App, instance};
use ensemble_domain::RegistrationPolicy;
use ensemble_federation as fed;

#[derive(serde::Deserialize)]
pub struct WebFingerQuery {
    resource: Option<String>,
}

/// The username a WebFinger resource names on this instance: `acct:name@host`, `name@host`,
/// or the actor's URL (`https://host/@name`, `https://host/relay`).
fn username_of(resource: &str, app: &App) -> Option<String> {
    let resource = resource.trim();
    if resource.starts_with("http://") || resource.starts_with("https://") {
        let url = url::Url::parse(resource).ok()?;
        let base = url::Url::parse(&app.settings.base_url).ok()?;
        if url.origin() != base.origin() {
            return None;
        }
        let path = url.path();
        if path == "/relay" {
            return Some(instance::RELAY_USERNAME.to_owned());
        }
        let name = path.strip_prefix("/@")?;
        return (!name.is_empty() && !name.contains('/')).then(|| name.to_ascii_lowercase());
    }
    let account = resource.strip_prefix("acct:").unwrap_or(resource).trim_start_matches('@');
    let (name, host) = account.rsplit_once('@')?;
    if !host.eq_ignore_ascii_case(&app.settings.host()) || name.is_empty() {
        return None;
    }
    Some(name.to_ascii_lowercase())
}

pub async fn webfinger(State(state): State<AppState>, Query(query): Query<WebFingerQuery>) -> Response {
    let app = &state.app;
    let Some(resource) = query.resource.filter(|r| !r.trim().is_empty()) else {
        return json_error(StatusCode::BAD_REQUEST, "the resource parameter is required");
    };
    let Some(name) = username_of(&resource, app) else {
        return json_error(StatusCode::NOT_FOUND, "not found");
    };
    match published::actor(app, &name).await {
        Ok(Some(PublishedActor::Live(p))) => {
            let jrd = fed::webfinger(&p.identity, p.avatar.as_ref(), &app.settings.host(), &app.settings.base_url);
            json(StatusCode::OK, "application/jrd+json; charset=utf-8", &jrd)
        }
        Ok(_) => json_error(StatusCode::NOT_FOUND, "not found"),
        Err(e) => from_app_error(e),
    }
}

pub async fn host_meta(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/xrd+xml; charset=utf-8"))],
        ap_discovery::host_meta(&state.app.settings.base_url),
    )
        .into_response()
}

pub async fn nodeinfo_links(State(state): State<AppState>) -> Response {
    json(StatusCode::OK, "application/json; charset=utf-8", &fed::nodeinfo_links(&state.app.settings.base_url))
}

pub async fn nodeinfo(State(state): State<AppState>, Path(version): Path<String>) -> Response {
    let app = &state.app;
    let content_type = match version.as_str() {
        "2.0" => "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"",
        "2.1" => "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
        _ => return json_error(StatusCode::NOT_FOUND, "unknown NodeInfo version"),
    };
    let stats = match instance::node_stats(app).await {
        Ok(stats) => stats,
        Err(e) => return from_app_error(e),
    };
    let open = matches!(app.settings.registration_policy(), RegistrationPolicy::Open);
    let doc = fed::nodeinfo(
        &version,
        env!("CARGO_PKG_VERSION"),
        open,
        stats,
        &app.settings.instance_name,
        &app.settings.base_url,
    );
    json(StatusCode::OK, content_type, &doc)
}
