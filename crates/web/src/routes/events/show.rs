//! `/events/{uuid}`: the event page, with its metadata (canonical link, OpenGraph, schema.org
//! JSON-LD), its participation block and sharing; and `/events/{uuid}/share`, the "share on
//! your fediverse server" step.

use super::views::{Choice, OrganizerView, ShowView, When};
use super::{LANGUAGES, dates, event_path, is_cancelled, is_over, is_tentative};
use crate::context::{Ctx, label};
use crate::error::WebError;
use crate::routes::render;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ensemble_app::events::{self, EventDetails};
use ensemble_app::{AppError, published};
use ensemble_domain::event::{Accessibility, Category, JoinMode, Visibility};
use ensemble_domain::participation::{EventAction, ParticipantRole};
use serde::Deserialize;
use serde_json::{Value, json};

/// The instance's policy, except that a form on this page may lead to another server: the
/// fediverse share form answers with a redirect to the reader's own server, and browsers
/// check `form-action` on redirects too.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self' https:; frame-ancestors 'none'";

/// Percent-encodes everything but the unreserved characters, for query strings and `mailto:`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Elements whose edges separate words.
const BLOCKS: &str = "p br li ul ol div blockquote pre h1 h2 h3 h4 h5 h6 tr td th hr";

/// The text of sanitised HTML: tags dropped (blocks leave a space), the entities ammonia
/// writes decoded, spaces folded.
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name.trim_start_matches('/');
                let name = name.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
                if BLOCKS.split(' ').any(|b| name.eq_ignore_ascii_case(b)) {
                    text.push(' ');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => text.push(c),
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a word, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// A bare host name, as people type it: `mastodon.social`, also from `https://mastodon.social/`
/// or a handle like `@rose@mastodon.social`. No IP addresses, ports or paths.
pub fn bare_host(input: &str) -> Option<String> {
    let input = input.trim();
    let input = input.strip_prefix("https://").or_else(|| input.strip_prefix("http://")).unwrap_or(input);
    let input = input.strip_suffix('/').unwrap_or(input);
    let input = input.rsplit('@').next().unwrap_or(input);
    if input.is_empty() || input.len() > 253 {
        return None;
    }
    let Ok(url::Host::Domain(host)) = url::Host::parse(input) else { return None };
    let labels: Vec<&str> = host.split('.').collect();
    let valid = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && labels.last().is_some_and(|tld| tld.bytes().any(|b| b.is_ascii_lowercase()));
    valid.then_some(host)
}

fn when(t: crate::i18n::Tr, at: chrono::DateTime<Utc>, zone: Tz) -> When {
    let local = dates::local(at, zone);
    When { date: dates::long_date(t, local.date_naive()), time: dates::time(&local), datetime: local.to_rfc3339() }
}

/// The start in the viewer's own zone, when they chose one whose clock differs from the event's.
fn your_time(ctx: &Ctx, start: DateTime<Utc>, event_zone: Tz) -> Option<String> {
    use chrono::Offset;
    let mine: Tz = ctx.viewer.as_ref()?.account.time_zone.as_deref()?.parse().ok()?;
    let (theirs, ours) = (dates::local(start, event_zone), dates::local(start, mine));
    (theirs.offset().fix() != ours.offset().fix()).then(|| {
        ctx.tr.args(
            "event-your-time",
            &[
                ("zone", mine.name()),
                ("date", &dates::long_date(ctx.tr, ours.date_naive())),
                ("time", &dates::time(&ours)),
            ],
        )
    })
}

/// The schema.org `Event`, ready to sit in a `<script type="application/ld+json">`.
fn json_ld(ctx: &Ctx, details: &EventDetails, description: &str) -> String {
    let app = &ctx.state.app;
    let e = &details.event;
    let zone = dates::zone(&e.time_zone);
    let has_place = !e.place_name.is_empty() || !e.street.is_empty() || !e.locality.is_empty();
    let mut locations: Vec<Value> = Vec::new();
    if has_place {
        let mut address = json!({ "@type": "PostalAddress" });
        for (key, value) in [
            ("streetAddress", &e.street),
            ("postalCode", &e.postal_code),
            ("addressLocality", &e.locality),
            ("addressRegion", &e.region),
            ("addressCountry", &e.country),
        ] {
            if !value.is_empty() {
                address[key] = json!(value);
            }
        }
        let name = if e.place_name.is_empty() { &e.locality } else { &e.place_name };
        let mut place = json!({ "@type": "Place", "name": name, "address": address });
        if let (Some(lat), Some(lon)) = (e.latitude, e.longitude) {
            place["geo"] = json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
        }
        locations.push(place);
    }
    if let Some(url) = &e.online_url {
        locations.push(json!({ "@type": "VirtualLocation", "url": url }));
    }
    let mode = match (has_place, e.online_url.is_some()) {
        (true, true) => "MixedEventAttendanceMode",
        (false, true) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "url": e.ap_id,
        "startDate": dates::local(e.starts_at, zone).to_rfc3339(),
        "eventStatus": if is_cancelled(e) { "https://schema.org/EventCancelled" } else { "https://schema.org/EventScheduled" },
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "organizer": { "@type": "Person", "name": label(&details.organizer), "url": details.organizer.ap_id },
    });
    if let Some(end) = e.ends_at {
        ld["endDate"] = json!(dates::local(end, zone).to_rfc3339());
    }
    match locations.len() {
        0 => {}
        1 => ld["location"] = locations.remove(0),
        _ => ld["location"] = Value::Array(locations),
    }
    if !description.is_empty() {
        ld["description"] = json!(description);
    }
    if let Some(banner) = &details.banner {
        ld["image"] = json!([app.url(&format!("/media/{}", banner.file_name))]);
    }
    if e.language != "und" && !e.language.is_empty() {
        ld["inLanguage"] = json!(e.language);
    }
    // `</` would end the script element early, and `<!--` would change how it is parsed.
    ld.to_string().replace("</", "<\\/").replace("<!--", "\\u003c!--")
}

fn show_view(
    ctx: &Ctx,
    details: &EventDetails,
    share_instance: String,
    share_error: Option<String>,
    comments_html: String,
) -> ShowView {
    let t = ctx.tr;
    let app = &ctx.state.app;
    let e = &details.event;
    let now = Utc::now();
    let zone = dates::zone(&e.time_zone);
    let (draft, cancelled, past) = (e.published_at.is_none(), is_cancelled(e), is_over(e, now));
    let starts = when(t, e.starts_at, zone);
    let ends = e.ends_at.map(|end| when(t, end, zone));
    let same_day = e
        .ends_at
        .is_some_and(|end| dates::local(end, zone).date_naive() == dates::local(e.starts_at, zone).date_naive());
    let your_time = your_time(ctx, e.starts_at, zone);
    let abbreviation = dates::local(e.starts_at, zone).format("%Z").to_string();
    let zone_label = if abbreviation.is_empty() || abbreviation == e.time_zone {
        e.time_zone.clone()
    } else {
        format!("{} ({abbreviation})", e.time_zone)
    };
    let locality_line =
        [e.postal_code.trim(), e.locality.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let place_lines: Vec<String> =
        [e.place_name.trim(), e.street.trim(), &locality_line, e.region.trim(), e.country.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
    let map_href = match (e.latitude, e.longitude) {
        (Some(lat), Some(lon)) => {
            Some(format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"))
        }
        _ => {
            let mut query: Vec<&str> = Vec::new();
            if e.street.trim().is_empty() && !e.place_name.trim().is_empty() {
                query.push(e.place_name.trim());
            }
            query.extend([e.street.trim(), &locality_line, e.region.trim(), e.country.trim()]);
            let query: Vec<&str> = query.into_iter().filter(|s| !s.is_empty()).collect();
            (!query.is_empty())
                .then(|| format!("https://www.openstreetmap.org/search?query={}", encode(&query.join(", "))))
        }
    };
    let description = plain_text(&e.description_html);
    let mut og_description = dates::date_time(t, &dates::local(e.starts_at, zone));
    if let Some(place) = place_lines.first() {
        og_description = format!("{og_description} · {place}");
    }
    if !description.is_empty() {
        og_description = format!("{og_description} — {}", excerpt(&description, 200));
    }
    let category = Category::parse(&e.category).unwrap_or(Category::Meeting);
    let accessibility = e
        .accessibility
        .split_whitespace()
        .filter_map(Accessibility::parse)
        .map(|a| t.t(&format!("accessibility-{}", a.as_str())))
        .collect();
    let language = LANGUAGES.iter().find(|(code, _)| *code == e.language).map(|(_, name)| (*name).to_owned());
    let o = &details.organizer;
    let organizer = match &o.domain {
        Some(domain) => OrganizerView {
            name: label(o),
            handle: format!("@{}@{domain}", o.username),
            href: o.profile_url.clone().unwrap_or_else(|| o.ap_id.clone()),
            avatar_url: None,
        },
        None => OrganizerView {
            name: label(o),
            handle: format!("@{}@{}", o.username, app.settings.host()),
            href: format!("/@{}", o.username),
            avatar_url: details.organizer_avatar.as_ref().map(|m| format!("/media/{}", m.file_name)),
        },
    };
    // A remote event: its own server counts the people going and the places left.
    let origin = e.domain.clone().map(|domain| (domain, e.url.clone().unwrap_or_else(|| e.ap_id.clone())));
    let going = match (origin.is_some(), e.remote_participant_count) {
        (true, Some(count)) => i64::from(count),
        _ => i64::try_from(details.going).unwrap_or(i64::MAX),
    };
    let going = t.count("event-going", "count", going);
    let remaining = match (e.show_remaining && origin.is_none(), details.remaining) {
        (true, Some(left)) => Some(t.count("event-remaining", "count", left)),
        _ => None,
    };

    // The participation block.
    let join_mode = JoinMode::parse(&e.join_mode).unwrap_or(JoinMode::Free);
    let role = details.participation.as_ref().and_then(|p| ParticipantRole::parse(&p.role));
    let mut role_label = None;
    let mut can_leave = false;
    let mut join_identities = Vec::new();
    let mut join_note = None;
    let mut closed_note = None;
    let mut visitor = false;
    let mut anonymous_form = false;
    let external_url = (join_mode == JoinMode::External && !cancelled).then(|| e.external_url.clone()).flatten();
    match role {
        Some(r) if r != ParticipantRole::Invited => {
            role_label = Some(t.t(&format!("event-you-{}", r.as_str())));
            can_leave = !matches!(r, ParticipantRole::Creator | ParticipantRole::Rejected);
        }
        _ if draft => {}
        _ if cancelled => closed_note = Some(t.t("event-closed-cancelled")),
        _ if past => closed_note = Some(t.t("event-closed-past")),
        _ if join_mode == JoinMode::External => {}
        _ if join_mode == JoinMode::Invite && role.is_none() => closed_note = Some(t.t("event-closed-invite")),
        _ => match &ctx.viewer {
            Some(viewer) if details.can(EventAction::Join) => {
                join_identities = ctx
                    .identities
                    .iter()
                    .map(|a| Choice {
                        value: a.username.clone(),
                        label: format!("{} (@{})", label(a), a.username),
                        selected: a.id == viewer.identity.id,
                        hint: String::new(),
                    })
                    .collect();
                join_note = if role == Some(ParticipantRole::Invited) {
                    Some(t.t("event-you-invited"))
                } else if details.remaining == Some(0) {
                    Some(t.t("event-join-full"))
                } else if join_mode == JoinMode::Approval {
                    Some(t.t("event-join-approval"))
                } else {
                    None
                };
            }
            Some(_) => {}
            None => {
                visitor = true;
                anonymous_form = details.anonymous_allowed;
            }
        },
    }

    ShowView {
        page: ctx.page(e.title.clone()),
        path: event_path(e),
        url: e.ap_id.clone(),
        title: e.title.clone(),
        origin,
        banner_url: details.banner.as_ref().map(|m| format!("/media/{}", m.file_name)),
        og_image: details.banner.as_ref().map(|m| app.url(&format!("/media/{}", m.file_name))),
        og_description,
        json_ld: json_ld(ctx, details, &excerpt(&description, 500)),
        draft,
        cancelled,
        tentative: is_tentative(e),
        past,
        starts,
        ends,
        same_day,
        zone: zone_label,
        your_time,
        place_lines,
        map_href,
        online_url: e.online_url.clone(),
        category: t.t(&category.message_key()),
        tags: details.tags.clone(),
        description_html: e.description_html.clone(),
        accessibility,
        price: e.price.clone(),
        ticket_url: e.ticket_url.clone(),
        livestream_url: e.livestream_url.clone(),
        lang: if language.is_some() { e.language.clone() } else { String::new() },
        language,
        organizer,
        going,
        remaining,
        role_label,
        role: role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
        can_leave,
        join_identities,
        join_note,
        external_url,
        closed_note,
        visitor,
        anonymous_form,
        can_edit: details.can(EventAction::Edit),
        can_delete: details.can(EventAction::Delete),
        can_see_participants: details.can(EventAction::SeeParticipants),
        mailto: format!("mailto:?subject={}&body={}", encode(&e.title), encode(&e.ap_id)),
        share_instance,
        share_error,
        comments_html,
    }
}

/// The page, with the headers it needs: its own content policy, and `noindex` unless the
/// event is public and published.
async fn respond(
    ctx: &Ctx,
    details: &EventDetails,
    status: StatusCode,
    share_instance: String,
    share_error: Option<String>,
) -> Result<Response, WebError> {
    // The comments section is rendered by the comment routes, as already-safe HTML.
    let comments_html = crate::routes::comments::section(ctx, details).await?;
    let view = show_view(ctx, details, share_instance, share_error, comments_html);
    let mut response = render(status, &view)?;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    let e = &details.event;
    if e.visibility != Visibility::Public.as_str() || e.published_at.is_none() {
        headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    Ok(response)
}

/// The event page; a deleted event says it is gone (410), not that it never was.
pub async fn show(ctx: Ctx, Path(uuid): Path<String>) -> Result<Response, WebError> {
    let app = &ctx.state.app;
    let details = match events::event_for(app, ctx.viewer.as_ref(), &uuid).await {
        Err(AppError::NotFound) if published::event_tombstone(app, &uuid).await?.is_some() => {
            return Ok(StatusCode::GONE.into_response());
        }
        found => found?,
    };
    respond(&ctx, &details, StatusCode::OK, String::new(), None).await
}

#[derive(Deserialize)]
pub struct ShareQuery {
    #[serde(default)]
    instance: String,
}

/// Sends the reader to their own server's share page, with the title and address filled in.
/// Nothing is loaded from that server here, and nothing about it is kept.
pub async fn share(ctx: Ctx, Path(uuid): Path<String>, Query(query): Query<ShareQuery>) -> Result<Response, WebError> {
    let details = events::event_for(&ctx.state.app, ctx.viewer.as_ref(), &uuid).await?;
    match bare_host(&query.instance) {
        Some(host) => {
            let text = format!("{} {}", details.event.title, details.event.ap_id);
            Ok(Redirect::to(&format!("https://{host}/share?text={}", encode(&text))).into_response())
        }
        None => {
            let message = ctx.tr.t("event-share-instance-invalid");
            respond(&ctx, &details, StatusCode::UNPROCESSABLE_ENTITY, query.instance, Some(message)).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(bare_host("mastodon.social").as_deref(), Some("mastodon.social"));
        assert_eq!(bare_host(" Mastodon.Social ").as_deref(), Some("mastodon.social"));
        assert_eq!(bare_host("https://mastodon.social/").as_deref(), Some("mastodon.social"));
        assert_eq!(bare_host("@rose@piaille.fr").as_deref(), Some("piaille.fr"));
        assert_eq!(bare_host("réseau.example").as_deref(), Some("xn--rseau-bsa.example"));
        for bad in
            ["", "localhost", "127.0.0.1", "[::1]", "a.b/c", "a.b:443", "evil.example/x?y", "-a.b", "a..b", "a b.c"]
        {
            assert_eq!(bare_host(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_and_encoding() {
        assert_eq!(
            plain_text("<p>Fish &amp; chips</p><p>at <em>5</em>.</p><ul><li>a</li><li>b</li></ul>"),
            "Fish & chips at 5. a b"
        );
        assert_eq!(excerpt("one two three", 100), "one two three");
        assert_eq!(excerpt("one two three four", 10), "one two…");
        assert_eq!(encode("Fête à 5 € & co"), "F%C3%AAte%20%C3%A0%205%20%E2%82%AC%20%26%20co");
    }
}
