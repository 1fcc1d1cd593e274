use super::ok;
use crate::context::{Ctx, label};
use crate::error::WebError;
use crate::views::{IdentityCard, ProfileView};
use axum::extract::Path;
use axum::response::Response;
use ensemble_app::identities;

/// `/@username`: an identity's public page. It shows that identity only — never its account
/// or the account's other identities.
pub async fn show(ctx: Ctx, Path(handle): Path<String>) -> Result<Response, WebError> {
    let username = handle.strip_prefix('@').ok_or(WebError::NotFound)?;
    let profile = identities::profile(&ctx.state.app, username).await?.ok_or(WebError::NotFound)?;
    let app = &ctx.state.app;
    let id = &profile.identity;
    let card = IdentityCard {
        username: id.username.clone(),
        name: label(id),
        handle: format!("@{}@{}", id.username, app.settings.host()),
        avatar_url: profile.avatar.as_ref().map(|m| format!("/media/{}", m.file_name)),
        is_default: false,
        is_current: false,
    };
    ok(&ProfileView {
        page: ctx.page(card.name.clone()),
        bio_html: id.bio_html.clone(),
        banner_url: profile.banner.as_ref().map(|m| format!("/media/{}", m.file_name)),
        canonical: id.ap_id.clone(),
        card,
    })
}
