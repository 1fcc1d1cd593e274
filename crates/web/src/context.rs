//! `Ctx`: what every page handler knows about the request — who is asking, in which
//! language, the form token, the pending notice — and the shared page frame for templates.

use crate::cookies;
use crate::csrf;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use ensemble_app::rows::actors;
use ensemble_app::sessions::{self, Viewer};
use ensemble_domain::Locale;
use std::net::SocketAddr;

pub struct Ctx {
    pub state: AppState,
    pub tr: Tr,
    pub viewer: Option<Viewer>,
    /// The viewer's live identities, for the header's switcher.
    pub identities: Vec<actors::Model>,
    /// The token forms must send back.
    pub csrf: String,
    /// The requester's address, for rate limits.
    pub client: String,
    pub notice: Option<String>,
    pub path: String,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let headers = &parts.headers;
        let viewer = match cookies::get(headers, cookies::SESSION) {
            Some(token) => sessions::resolve(&state.app, &token).await?,
            None => None,
        };
        let identities = match &viewer {
            Some(v) => ensemble_app::identities::of_account(&state.app, v.account.id)
                .await?
                .into_iter()
                .map(|p| p.identity)
                .collect(),
            None => Vec::new(),
        };
        let locale = viewer.as_ref().and_then(Viewer::locale).unwrap_or_else(|| request_locale(headers));
        let csrf = csrf::form_token(state, parts);
        let notice = cookies::get(headers, cookies::FLASH)
            .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
            .map(|k| Tr::new(locale).t(&format!("notice-{k}")));
        Ok(Ctx {
            state: state.clone(),
            tr: Tr::new(locale),
            viewer,
            identities,
            csrf,
            client: client_address(parts),
            notice,
            path: parts.uri.path().to_owned(),
        })
    }
}

/// The language of a visitor: their choice (cookie), else their browser's, else English.
pub fn request_locale(headers: &axum::http::HeaderMap) -> Locale {
    cookies::get(headers, cookies::LANG)
        .and_then(|l| Locale::parse(&l))
        .or_else(|| {
            headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}

/// The peer address; behind a reverse proxy on the same machine, the client it forwards for.
fn client_address(parts: &Parts) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded = parts
        .headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .map(|v| v.trim().to_owned());
    match (peer, forwarded) {
        (Some(ip), Some(fwd)) if ip.is_loopback() && !fwd.is_empty() => fwd,
        (Some(ip), _) => ip.to_string(),
        (None, _) => "unknown".to_owned(),
    }
}

impl Ctx {
    /// The frame every page shares: header, switcher, notice, footer.
    pub fn page(&self, title: String) -> Page {
        let viewer = self.viewer.as_ref().map(|v| ViewerNav {
            username: v.identity.username.clone(),
            name: label(&v.identity),
            identities: self.identities.iter().map(|a| (a.username.clone(), label(a))).collect(),
        });
        Page {
            t: self.tr,
            title,
            instance_name: self.state.app.settings.instance_name.clone(),
            csrf: self.csrf.clone(),
            notice: self.notice.clone(),
            viewer,
            path: self.path.clone(),
            registration_open: !self.state.app.settings.registration_policy().is_closed(),
        }
    }

    /// The viewer, or `Unauthenticated` (which sends the browser to the log-in page).
    pub fn require_viewer(&self) -> Result<&Viewer, WebError> {
        self.viewer.as_ref().ok_or(WebError::App(ensemble_app::AppError::Unauthenticated))
    }

    pub fn secure(&self) -> bool {
        self.state.app.settings.is_https()
    }
}

/// How an identity is named in lists: its display name, else its username.
pub fn label(actor: &actors::Model) -> String {
    if actor.display_name.is_empty() { format!("@{}", actor.username) } else { actor.display_name.clone() }
}

pub struct ViewerNav {
    pub username: String,
    pub name: String,
    /// (username, label) of every identity of the account.
    pub identities: Vec<(String, String)>,
}

pub struct Page {
    pub t: Tr,
    pub title: String,
    pub instance_name: String,
    pub csrf: String,
    pub notice: Option<String>,
    pub viewer: Option<ViewerNav>,
    pub path: String,
    /// Whether to offer "Sign up" in the header.
    pub registration_open: bool,
}
