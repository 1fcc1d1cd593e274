use super::ok;
use crate::context::Ctx;
use crate::error::WebError;
use crate::views::HomeView;
use axum::response::Response;

pub async fn show(ctx: Ctx) -> Result<Response, WebError> {
    let registration_open = !ctx.state.app.settings.registration_policy().is_closed();
    ok(&HomeView { page: ctx.page(ctx.tr.t("home-page-title")), registration_open })
}
