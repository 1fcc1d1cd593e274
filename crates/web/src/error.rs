//! Errors become responses here, once. The handler's error only says which page to show;
//! `error_pages` renders it in the requester's language. Internal causes are logged, never shown.

use crate::context::request_locale;
use crate::i18n::Tr;
use crate::views::ErrorPageView;
use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use ensemble_app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("not found")]
    NotFound,
    #[error("bad request")]
    BadRequest,
    #[error("form token missing or wrong")]
    Csrf,
    #[error("request body too large")]
    TooLarge,
    #[error("template: {0}")]
    Render(#[from] askama::Error),
}

/// Marks a response for `error_pages` to fill in.
#[derive(Clone, Copy)]
struct ErrorMarker {
    retry_after_secs: Option<u64>,
    /// A Fluent key saying precisely what went wrong, instead of the status's generic text.
    message_key: Option<&'static str>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, retry_after_secs) = match &self {
            WebError::App(AppError::Unauthenticated) => {
                return Redirect::to("/login").into_response();
            }
            WebError::App(AppError::NotFound) | WebError::NotFound => (StatusCode::NOT_FOUND, None),
            WebError::App(AppError::Forbidden) | WebError::Csrf => (StatusCode::FORBIDDEN, None),
            WebError::App(AppError::Invalid(_)) | WebError::BadRequest => (StatusCode::BAD_REQUEST, None),
            WebError::App(AppError::Conflict(_)) => (StatusCode::CONFLICT, None),
            WebError::App(AppError::RateLimited { retry_after_secs }) => {
                (StatusCode::TOO_MANY_REQUESTS, Some(*retry_after_secs))
            }
            WebError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, None),
            WebError::App(AppError::Internal(e)) => {
                tracing::error!(error = ?e, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
            WebError::Render(e) => {
                tracing::error!(error = %e, "template error");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        if matches!(self, WebError::Csrf) {
            tracing::info!("form refused: CSRF token missing or wrong");
        }
        let message_key = match &self {
            WebError::App(AppError::Conflict(code)) => Some(*code),
            _ => None,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorMarker { retry_after_secs, message_key });
        if let Some(secs) = retry_after_secs {
            response.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// Replaces the body of every error response that has no page of its own (ours, and axum's
/// plain-text rejections) with a localised error page.
pub async fn error_pages(request: Request, next: Next) -> Response {
    let locale = request_locale(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        return response;
    }
    let marker = response.extensions().get::<ErrorMarker>().copied();
    let t = Tr::new(locale);
    let code = status.as_u16();
    let known = matches!(code, 400 | 403 | 404 | 405 | 409 | 410 | 413 | 429 | 500);
    let key = if known {
        format!("error-page-{code}")
    } else if status.is_client_error() {
        "error-page-400".into()
    } else {
        "error-page-500".into()
    };
    let mut message = match marker.and_then(|m| m.message_key) {
        Some(code) => t.t(&format!("conflict-{code}")),
        None => t.t(&format!("{key}-text")),
    };
    if let Some(secs) = marker.and_then(|m| m.retry_after_secs) {
        message = t.count("error-page-429-retry", "minutes", i64::try_from(secs.div_ceil(60)).unwrap_or(1));
    }
    let view = ErrorPageView { t, code, title: t.t(&format!("{key}-title")), message };
    let body = view.render().unwrap_or_else(|_| format!("{code}"));
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/html; charset=utf-8"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Html(body).into_response().into_body())
}
