//! Form extractors that refuse a post without a valid CSRF token before the handler runs.

use crate::csrf;
use crate::error::WebError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// An `application/x-www-form-urlencoded` form of type `T`, CSRF-checked.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Form<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state).await.map_err(|_| WebError::BadRequest)?;
        let token: CsrfOnly = serde_urlencoded::from_bytes(&body).map_err(|_| WebError::BadRequest)?;
        if !csrf::verify(state, &headers, &token.csrf) {
            return Err(WebError::Csrf);
        }
        serde_urlencoded::from_bytes(&body).map(Form).map_err(|_| WebError::BadRequest)
    }
}

/// A `multipart/form-data` form (with file uploads), CSRF-checked.
pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub files: HashMap<String, Vec<u8>>,
}

impl MultipartForm {
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    pub fn file(&self, name: &str) -> Option<Vec<u8>> {
        self.files.get(name).filter(|b| !b.is_empty()).cloned()
    }

    pub fn checked(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }
}

impl FromRequest<AppState> for MultipartForm {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let mut multipart = Multipart::from_request(request, state).await.map_err(|_| WebError::BadRequest)?;
        let mut form = MultipartForm { fields: HashMap::new(), files: HashMap::new() };
        while let Some(field) = multipart.next_field().await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge
            } else {
                WebError::BadRequest
            }
        })? {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                let bytes = field.bytes().await.map_err(|_| WebError::TooLarge)?;
                form.files.insert(name, bytes.to_vec());
            } else {
                let text = field.text().await.map_err(|_| WebError::BadRequest)?;
                form.fields.insert(name, text);
            }
        }
        if !csrf::verify(state, &headers, &form.text("csrf")) {
            return Err(WebError::Csrf);
        }
        Ok(form)
    }
}
