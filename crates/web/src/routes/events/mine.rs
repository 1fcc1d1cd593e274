//! `/events/me`: what the account takes part in and organises, grouped by identity, and its
//! drafts. Private: the only page that shows the account's identities together.

use super::views::{MineView, MyGroup};
use super::{card, role_label};
use crate::context::{Ctx, label};
use crate::error::WebError;
use crate::routes::ok;
use axum::response::Response;
use chrono::Utc;
use ensemble_app::events;

pub async fn show(ctx: Ctx) -> Result<Response, WebError> {
    let viewer = ctx.require_viewer()?;
    let mine = events::my_events(&ctx.state.app, viewer).await?;
    let now = Utc::now();
    let t = ctx.tr;
    let host = ctx.state.app.settings.host();
    let groups: Vec<MyGroup> = mine
        .identities
        .iter()
        .map(|group| {
            let cards = |list: &[events::MyEvent]| {
                list.iter()
                    .map(|m| {
                        let mut c = card(t, &m.event, now);
                        c.role = Some(role_label(t, m.role));
                        c
                    })
                    .collect()
            };
            MyGroup {
                name: label(&group.identity),
                handle: format!("@{}@{host}", group.identity.username),
                username: group.identity.username.clone(),
                current: group.identity.id == viewer.identity.id,
                upcoming: cards(&group.upcoming),
                past: cards(&group.past),
            }
        })
        .collect();
    let drafts: Vec<_> = mine
        .drafts
        .iter()
        .map(|d| {
            let mut c = card(t, &d.event, now);
            c.identity = Some(t.t1("my-events-draft-by", "name", &label(&d.identity)));
            c
        })
        .collect();
    ok(&MineView {
        page: ctx.page(t.t("my-events-title")),
        empty: drafts.is_empty() && groups.iter().all(|g| g.upcoming.is_empty() && g.past.is_empty()),
        groups,
        drafts,
    })
}
