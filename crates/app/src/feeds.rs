//! Calendar feeds: one event's iCalendar, the instance's public upcoming events, and each
//! account's private, revocable feed of everything it takes part in.
//!
//! The private feed's address carries `<id>.<HMAC(secret, "feed:" + id)>`. The table
//! `feed_tokens` keeps only the random `id` (in `token_hash`), so the address can be shown
//! again later, yet a leaked table or a guessed id opens nothing without the instance's key.
//! Revoking deletes the row: the old address answers "not found" at once.

use crate::events;
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, crypto};
use chrono::{Duration, Utc};
use ensemble_domain::participation::ParticipantRole;
use ensemble_store::entities::{accounts, actors, event_tags, events as event_rows, feed_tokens, participations};
use ensemble_store::queries::actors as actor_queries;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// At most this many events in the instance's feeds.
pub const INSTANCE_FEED_LIMIT: u64 = 200;
/// At most this many events in an account's private feed.
pub const PRIVATE_FEED_LIMIT: u64 = 500;
/// How far back an account's private feed goes.
pub const PRIVATE_FEED_HISTORY: Duration = Duration::days(365);

/// An event with what a feed says about it.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    pub event: event_rows::Model,
    /// The organising identity (`None` only if its row has gone).
    pub organizer: Option<actors::Model>,
    pub tags: Vec<String>,
}

/// Adds organisers and tags to events, in two queries.
async fn with_details(app: &App, rows: Vec<event_rows::Model>) -> AppResult<Vec<FeedEvent>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let event_ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let mut organizer_ids: Vec<i64> = rows.iter().map(|e| e.organizer_id).collect();
    organizer_ids.sort_unstable();
    organizer_ids.dedup();
    let organizers: HashMap<i64, actors::Model> = actors::Entity::find()
        .filter(actors::Column::Id.is_in(organizer_ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for tag in event_tags::Entity::find()
        .filter(event_tags::Column::EventId.is_in(event_ids))
        .order_by_asc(event_tags::Column::EventId)
        .order_by_asc(event_tags::Column::Position)
        .all(&app.db)
        .await?
    {
        tags.entry(tag.event_id).or_default().push(tag.tag);
    }
    Ok(rows
        .into_iter()
        .map(|event| FeedEvent {
            organizer: organizers.get(&event.organizer_id).cloned(),
            tags: tags.remove(&event.id).unwrap_or_default(),
            event,
        })
        .collect())
}

/// One event, for its `.ics` export: the same rights as its page.
pub async fn event_export(app: &App, viewer: Option<&Viewer>, uuid: &str) -> AppResult<FeedEvent> {
    let details = events::event_for(app, viewer, uuid).await?;
    Ok(FeedEvent { event: details.event, organizer: Some(details.organizer), tags: details.tags })
}

/// The instance's public, published, upcoming events, soonest first.
pub async fn instance_upcoming(app: &App) -> AppResult<Vec<FeedEvent>> {
    let (rows, _) = events::upcoming_public(app, 0, INSTANCE_FEED_LIMIT).await?;
    with_details(app, rows).await
}

const FEED_PURPOSE: &str = "feed:";

fn signed(app: &App, id: &str) -> String {
    format!("{id}.{}", crypto::sign(app.settings.secret_key.as_bytes(), &format!("{FEED_PURPOSE}{id}")))
}

/// The secret part of the account's private feed address, if it has one.
pub async fn calendar_token(app: &App, viewer: &Viewer) -> AppResult<Option<String>> {
    let row = feed_tokens::Entity::find()
        .filter(feed_tokens::Column::AccountId.eq(viewer.account.id))
        .order_by_desc(feed_tokens::Column::Id)
        .one(&app.db)
        .await?;
    Ok(row.map(|r| signed(app, &r.token_hash)))
}

/// Gives the account a new private feed address; the previous one stops working.
pub async fn create_calendar_token(app: &App, viewer: &Viewer) -> AppResult<String> {
    let id = crypto::random_token();
    let txn = begin_write(&app.db).await?;
    feed_tokens::Entity::delete_many().filter(feed_tokens::Column::AccountId.eq(viewer.account.id)).exec(&txn).await?;
    feed_tokens::ActiveModel {
        token_hash: Set(id.clone()),
        account_id: Set(viewer.account.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    tracing::info!(account = viewer.account.id, "calendar feed address created");
    Ok(signed(app, &id))
}

/// Revokes the account's private feed address.
pub async fn revoke_calendar_token(app: &App, viewer: &Viewer) -> AppResult<()> {
    feed_tokens::Entity::delete_many()
        .filter(feed_tokens::Column::AccountId.eq(viewer.account.id))
        .exec(&app.db)
        .await?;
    tracing::info!(account = viewer.account.id, "calendar feed address revoked");
    Ok(())
}

/// The account a private feed address belongs to; "not found" for a forged, malformed or
/// revoked one. The signature is checked first, in constant time, so that a guessed id costs
/// no query and reveals nothing.
async fn account_of_token(app: &App, token: &str) -> AppResult<accounts::Model> {
    let (id, signature) = token.split_once('.').ok_or(AppError::NotFound)?;
    if id.is_empty()
        || id.len() > 100
        || !crypto::verify(app.settings.secret_key.as_bytes(), &format!("{FEED_PURPOSE}{id}"), signature)
    {
        return Err(AppError::NotFound);
    }
    let row = feed_tokens::Entity::find()
        .filter(feed_tokens::Column::TokenHash.eq(id))
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    accounts::Entity::find_by_id(row.account_id).one(&app.db).await?.ok_or(AppError::NotFound)
}

/// The roles that put an event in someone's calendar.
const GOING: [ParticipantRole; 3] =
    [ParticipantRole::Creator, ParticipantRole::CoOrganizer, ParticipantRole::Participant];

/// Everything the account behind `token` takes part in, as any of its identities, organiser
/// or participant: published events from a year ago on, soonest first.
pub async fn going(app: &App, token: &str) -> AppResult<(accounts::Model, Vec<FeedEvent>)> {
    let account = account_of_token(app, token).await?;
    let identities: Vec<i64> =
        actor_queries::identities_of(&app.db, account.id).await?.into_iter().map(|a| a.id).collect();
    if identities.is_empty() {
        return Ok((account, Vec::new()));
    }
    let event_ids: Vec<i64> = participations::Entity::find()
        .select_only()
        .column(participations::Column::EventId)
        .filter(participations::Column::ActorId.is_in(identities))
        .filter(participations::Column::Role.is_in(GOING.map(ParticipantRole::as_str)))
        .distinct()
        .into_tuple()
        .all(&app.db)
        .await?;
    if event_ids.is_empty() {
        return Ok((account, Vec::new()));
    }
    let since = Utc::now() - PRIVATE_FEED_HISTORY;
    let rows = event_rows::Entity::find()
        .filter(event_rows::Column::Id.is_in(event_ids))
        .filter(event_rows::Column::PublishedAt.is_not_null())
        .filter(
            sea_orm::Condition::any()
                .add(event_rows::Column::StartsAt.gte(since))
                .add(event_rows::Column::EndsAt.gte(since)),
        )
        .order_by_asc(event_rows::Column::StartsAt)
        .order_by_asc(event_rows::Column::Id)
        .limit(PRIVATE_FEED_LIMIT)
        .all(&app.db)
        .await?;
    Ok((account, with_details(app, rows).await?))
}

/// Markdown as plain text, for calendars and feed summaries: formatting marks dropped,
/// paragraphs kept apart, list items marked, link targets written after their text, raw HTML
/// left out.
pub fn markdown_to_plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    let mut link_text = String::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                out.push_str(&text);
                if !links.is_empty() {
                    link_text.push_str(&text);
                }
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Rule => out.push_str("\n\n"),
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("- ");
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string());
                link_text.clear();
            }
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop()
                    && !url.is_empty()
                    && link_text.trim() != url
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Start(Tag::TableCell) if !out.ends_with('\n') && !out.is_empty() => out.push_str(" | "),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_)) => {
                out.push_str("\n\n");
            }
            Event::End(TagEnd::List(_)) => out.push_str("\n\n"),
            _ => {}
        }
    }
    // At most one blank line in a row, no trailing spaces.
    let mut text = String::new();
    let mut blank = 0;
    for line in out.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(line);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::markdown_to_plain;

    #[test]
    fn markdown_becomes_plain_text() {
        let cases = [
            ("*hi* **there**", "hi there"),
            ("# Title\n\nSome `code`.", "Title\n\nSome code."),
            ("- one\n- two\n\nafter", "- one\n- two\n\nafter"),
            (
                "[site](https://example.org) and <https://example.org>",
                "site (https://example.org) and https://example.org",
            ),
            ("a\nb", "a b"),
            ("<script>x</script>\n\nkept", "kept"),
            ("", ""),
        ];
        for (markdown, plain) in cases {
            assert_eq!(markdown_to_plain(markdown), plain, "{markdown:?}");
        }
    }
}
