use ensemble_app::App;
use std::sync::Arc;

/// What handlers share: the use-case layer and the key that signs form tokens.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub secret: Arc<Vec<u8>>,
}
