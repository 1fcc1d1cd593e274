//! Atom (RFC 4287) feeds of events.

use super::text::{one_line, summary};
use crate::context::label;
use crate::i18n::Tr;
use atom_syndication::{Content, Entry, Feed, Generator, Link, Person, Text};
use chrono::Utc;
use ensemble_app::feeds::FeedEvent;

/// Where a feed lives and what it is called.
pub struct FeedInfo<'a> {
    pub title: &'a str,
    /// The feed's own address (also its id).
    pub self_url: &'a str,
    /// The page that shows the same events.
    pub page_url: &'a str,
    /// Who publishes it: the instance.
    pub author: &'a str,
    pub author_url: &'a str,
}

fn link(href: &str, rel: &str, mime_type: &str) -> Link {
    Link { href: href.to_owned(), rel: rel.to_owned(), mime_type: Some(mime_type.to_owned()), ..Default::default() }
}

fn entry(t: Tr, fe: &FeedEvent) -> Entry {
    let e = &fe.event;
    let authors = match fe.organizer.as_ref().filter(|o| o.deleted_at.is_none()) {
        Some(o) => vec![Person { name: one_line(&label(o)), uri: Some(o.ap_id.clone()), ..Default::default() }],
        None => Vec::new(),
    };
    Entry {
        id: e.ap_id.clone(),
        title: Text::plain(one_line(&e.title)),
        updated: e.updated_at.fixed_offset(),
        published: Some(e.published_at.unwrap_or(e.created_at).fixed_offset()),
        authors,
        links: vec![link(&e.ap_id, "alternate", "text/html")],
        summary: Some(Text::plain(summary(t, fe))),
        content: (!e.description_html.trim().is_empty()).then(|| Content {
            value: Some(e.description_html.clone()),
            content_type: Some("html".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The Atom document of `events`.
pub fn feed(t: Tr, info: &FeedInfo<'_>, events: &[FeedEvent]) -> anyhow::Result<String> {
    let updated = events.iter().map(|fe| fe.event.updated_at).max().unwrap_or_else(Utc::now);
    let feed = Feed {
        id: info.self_url.to_owned(),
        title: Text::plain(one_line(info.title)),
        updated: updated.fixed_offset(),
        authors: vec![Person {
            name: one_line(info.author),
            uri: Some(info.author_url.to_owned()),
            ..Default::default()
        }],
        links: vec![link(info.self_url, "self", "application/atom+xml"), link(info.page_url, "alternate", "text/html")],
        generator: Some(Generator { value: "Ensemble".to_owned(), ..Default::default() }),
        lang: Some(t.lang_code().to_owned()),
        entries: events.iter().map(|fe| entry(t, fe)).collect(),
        ..Default::default()
    };
    let bytes = feed.write_to(Vec::new())?;
    Ok(String::from_utf8(bytes)?)
}
