//! The stylesheet (compiled into the binary) and uploaded media.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

const STYLE: &str = include_str!("../../static/style.css");

pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE)
        .into_response()
}

/// Media never change (their name is their hash), so browsers may keep them forever.
pub async fn media(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, WebError> {
    let path = state.app.media.path_of(&file).ok_or(WebError::NotFound)?;
    let bytes = tokio::fs::read(&path).await.map_err(|_| WebError::NotFound)?;
    let content_type = if file.ends_with(".png") { "image/png" } else { "image/jpeg" };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        bytes,
    )
        .into_response())
}
