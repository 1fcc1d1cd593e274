use crate::cache::PageCache;
use ensemble_app::App;
use std::sync::Arc;
use std::time::Duration;

/// What handlers share: the use-case layer, the key that signs form tokens, and this node's
/// cache of visitors' pages.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub secret: Arc<Vec<u8>>,
    pub pages: Arc<PageCache>,
}

impl AppState {
    pub fn new(app: App, secret: Arc<Vec<u8>>) -> AppState {
        let ttl = Duration::from_secs(app.settings.events.visitor_cache_seconds);
        AppState { app, secret, pages: Arc::new(PageCache::new(ttl)) }
    }
}
