//! A short-lived, per-node cache of event pages as visitors without an account see them.
//!
//! A busy event page is read far more often than it changes, mostly by people who are not
//! logged in, and they all see the same page but for one thing: their form token. The cache
//! keeps the page cut at that token and splices in each visitor's own. Any change made through
//! this node (every request that is not a `GET` or `HEAD`) empties the cache, so people see
//! their own changes at once; changes made through another node, and those other servers
//! send to our inboxes, show within `events.visitor_cache_seconds`. Logged-in viewers, pages with a notice and error pages
//! never come from or go into the cache.

use crate::context::request_locale;
use crate::cookies;
use crate::csrf;
use crate::state::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ensemble_domain::Locale;
use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::RwLock;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// Beyond this many pages the cache starts again empty rather than grow.
const MAX_PAGES: usize = 2048;
/// Pages larger than this are served but not kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

pub struct PageCache {
    ttl: Duration,
    pages: RwLock<HashMap<(String, Locale), Page>>,
}

#[derive(Clone)]
struct Page {
    stored: Instant,
    headers: HeaderMap,
    /// The body, split where the visitor's form token goes.
    parts: Vec<Bytes>,
}

impl PageCache {
    pub fn new(ttl: Duration) -> PageCache {
        PageCache { ttl, pages: RwLock::new(HashMap::new()) }
    }

    fn get(&self, key: &(String, Locale)) -> Option<Page> {
        let pages = self.pages.read().ok()?;
        pages.get(key).filter(|p| p.stored.elapsed() < self.ttl).cloned()
    }

    fn put(&self, key: (String, Locale), page: Page) {
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= MAX_PAGES {
                pages.clear();
            }
            pages.insert(key, page);
        }
    }

    fn clear(&self) {
        if let Ok(mut pages) = self.pages.write() {
            pages.clear();
        }
    }
}

/// Empties the cache after every request that may have changed something, except activities
/// from other servers: they arrive far more often than people's changes and would leave the
/// cache nearly always empty; what they change shows within the cache's delay.
pub async fn forget_on_change(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD) && !request.uri().path().ends_with("/inbox");
    let response = next.run(request).await;
    if changes {
        state.pages.clear();
    }
    response
}

/// Serves a visitor's page from the cache, or renders it and keeps it.
pub async fn visitor_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let cacheable = state.pages.ttl > Duration::ZERO
        && request.method() == Method::GET
        && cookies::get(headers, cookies::SESSION).is_none()
        && cookies::get(headers, cookies::FLASH).is_none();
    if !cacheable {
        return next.run(request).await;
    }
    let key = (request.uri().to_string(), request_locale(headers));
    let (parts, body) = request.into_parts();
    let token = csrf::form_token(&state, &parts);
    if token.is_empty() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    if let Some(page) = state.pages.get(&key) {
        return assemble(&page, &token);
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (head, body) = response.into_parts();
    if body.size_hint().exact().is_none_or(|n| n > MAX_PAGE_BYTES as u64) {
        return Response::from_parts(head, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = Page { stored: Instant::now(), headers: head.headers.clone(), parts: split(&bytes, token.as_bytes()) };
    state.pages.put(key, page);
    Response::from_parts(head, Body::from(bytes))
}

/// The page with this visitor's token where the first visitor's was. The parts are sent as
/// they are, each a reference to the cached bytes: nothing is copied to build the page.
fn assemble(page: &Page, token: &str) -> Response {
    let token = Bytes::copy_from_slice(token.as_bytes());
    let mut chunks = VecDeque::with_capacity(page.parts.len() * 2);
    for (i, part) in page.parts.iter().enumerate() {
        if i > 0 {
            chunks.push_back(token.clone());
        }
        chunks.push_back(part.clone());
    }
    let mut response =
        Response::new(Body::new(Spliced { remaining: chunks.iter().map(|c| c.len() as u64).sum(), chunks }));
    *response.headers_mut() = page.headers.clone();
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
}

/// A body made of several byte strings, of a size known in advance (so that it is sent with a
/// `Content-Length`, not in chunked encoding).
struct Spliced {
    chunks: VecDeque<Bytes>,
    remaining: u64,
}

impl HttpBody for Spliced {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let next = self.chunks.pop_front();
        if let Some(chunk) = &next {
            self.remaining -= chunk.len() as u64;
        }
        Poll::Ready(next.map(|c| Ok(http_body::Frame::data(c))))
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.remaining)
    }
}

/// Cuts `body` at every occurrence of `token` (an HMAC in base64url: it cannot occur by chance).
fn split(body: &Bytes, token: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + token.len() <= body.len() {
        if &body[i..i + token.len()] == token {
            parts.push(body.slice(start..i));
            i += token.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(body.slice(start..));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_then_assemble_swaps_the_token() {
        let body = Bytes::from_static(b"<form><input value=\"TOKEN\"></form><form value=\"TOKEN\">end");
        let parts = split(&body, b"TOKEN");
        assert_eq!(parts.len(), 3);
        let page = Page { stored: Instant::now(), headers: HeaderMap::new(), parts };
        let response = assemble(&page, "other");
        let bytes = body_of(response);
        assert_eq!(bytes, b"<form><input value=\"other\"></form><form value=\"other\">end");
    }

    fn body_of(response: Response) -> Vec<u8> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap_or_else(|e| panic!("{e}"));
        runtime
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap_or_else(|e| panic!("{e}"))
            .to_vec()
    }
}
