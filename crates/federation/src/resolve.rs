//! From what a person types to an actor's address: a URL is taken as it is; `@name@host` is
//! asked of the host's WebFinger; a bare domain, for an instance, is its instance actor, found
//! through NodeInfo's link to it (FEP-2677, as Mobilizon, Ensemble and WordPress publish it),
//! else through WebFinger's `relay@domain` (Mobilizon's name for it). These GETs are unsigned
//! and go through the guarded client; over https, except for local test and development hosts
//! (an IP address or `localhost`) when private networks are allowed.

use crate::fetch::Fetcher;
use crate::http;
use crate::lookup::{LookupError, refused};
use ensemble_activitypub::discovery::{APPLICATION_REL, JRD_JSON, Jrd, NodeInfoLinks};

/// `@name@host` or `name@host` (no scheme, no path).
pub fn parse_handle(query: &str) -> Option<(&str, &str)> {
    let (name, host) = query.strip_prefix('@').unwrap_or(query).split_once('@')?;
    let plain = |s: &str| !s.is_empty() && !s.contains(['/', '@', ' ', '?', '#']);
    (plain(name) && plain(host)).then_some((name, host))
}

/// The address of an instance's actor, from its actor's URL, its domain (`events.example.org`,
/// with or without `https://` and a final `/`) or a handle such as `relay@events.example.org`.
pub async fn instance_actor(fetcher: &Fetcher, typed: &str) -> Result<String, LookupError> {
    let typed = typed.trim();
    if let Some((name, host)) = parse_handle(typed) {
        return webfinger(fetcher, name, host).await;
    }
    let host = match url::Url::parse(typed) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {
            if !matches!(url.path(), "" | "/") || url.query().is_some() {
                return Ok(typed.to_owned());
            }
            host_of(&url).ok_or(LookupError::NotAddress)?
        }
        _ if is_host(typed) => typed.to_ascii_lowercase(),
        _ => return Err(LookupError::NotAddress),
    };
    let actor = match nodeinfo_application(fetcher, &host).await? {
        Some(actor) => actor,
        None => webfinger(fetcher, "relay", &host).await?,
    };
    // The instance's own actor, not one another server would have us follow in its name.
    match url::Url::parse(&actor).ok().as_ref().and_then(host_of) {
        Some(actor_host) if actor_host == host => Ok(actor),
        _ => Err(LookupError::Refused(actor)),
    }
}

/// The actor id WebFinger gives for `name@host`.
pub async fn webfinger(fetcher: &Fetcher, name: &str, host: &str) -> Result<String, LookupError> {
    let mut url = well_known(fetcher, host, "webfinger")?;
    url.query_pairs_mut().append_pair("resource", &format!("acct:{name}@{host}"));
    let body = get(fetcher, &url, JRD_JSON).await?;
    let jrd: Jrd = serde_json::from_slice(&body).map_err(|_| LookupError::NotFound(url.to_string()))?;
    jrd.actor_id().map(str::to_owned).ok_or_else(|| LookupError::NotFound(url.to_string()))
}

/// The instance actor NodeInfo's links name, if they name one on the same host.
async fn nodeinfo_application(fetcher: &Fetcher, host: &str) -> Result<Option<String>, LookupError> {
    let url = well_known(fetcher, host, "nodeinfo")?;
    let body = match get(fetcher, &url, "application/json").await {
        Ok(body) => body,
        Err(LookupError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Ok(links) = serde_json::from_slice::<NodeInfoLinks>(&body) else { return Ok(None) };
    Ok(links.links.into_iter().filter(|l| l.rel == APPLICATION_REL).find_map(|l| {
        let href = l.href?;
        let same_host = url::Url::parse(&href).ok().and_then(|u| host_of(&u)).is_some_and(|h| h == host);
        same_host.then_some(href)
    }))
}

/// `https://host/.well-known/<name>` (`http` for a local host when private networks are allowed).
fn well_known(fetcher: &Fetcher, host: &str, name: &str) -> Result<url::Url, LookupError> {
    let settings = &fetcher.app().settings.federation;
    let bare = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let local = bare == "localhost" || bare.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok();
    let scheme = if settings.allow_private_networks && local { "http" } else { "https" };
    let url = url::Url::parse(&format!("{scheme}://{host}/.well-known/{name}")).map_err(|_| LookupError::NotAddress)?;
    http::check_url(&url, settings.allow_private_networks).map_err(|e| refused(url.as_str(), e))?;
    Ok(url)
}

/// The body of a successful unsigned GET.
async fn get(fetcher: &Fetcher, url: &url::Url, accept: &str) -> Result<Vec<u8>, LookupError> {
    let response = fetcher
        .client()
        .get(url.clone())
        .header("accept", accept)
        .send()
        .await
        .map_err(|e| refused(url.as_str(), http::HttpError::from(e)))?;
    match response.status().as_u16() {
        200..=299 => {}
        404 | 410 => return Err(LookupError::NotFound(url.to_string())),
        status => return Err(LookupError::Unreachable(format!("{url}: HTTP {status}"))),
    }
    http::read_body(response).await.map_err(|e| refused(url.as_str(), e))
}

/// `host[:port]` of a URL, lower-cased.
fn host_of(url: &url::Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// A host name or address, with an optional port, and nothing else.
fn is_host(typed: &str) -> bool {
    !typed.is_empty()
        && url::Url::parse(&format!("https://{typed}/"))
            .ok()
            .and_then(|u| host_of(&u))
            .is_some_and(|h| h.eq_ignore_ascii_case(typed.trim_end_matches(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles() {
        assert_eq!(parse_handle("@camille@a.example"), Some(("camille", "a.example")));
        assert_eq!(parse_handle("camille@127.0.0.1:8080"), Some(("camille", "127.0.0.1:8080")));
        assert_eq!(parse_handle("https://a.example/@camille"), None);
        assert_eq!(parse_handle("@camille"), None);
        assert_eq!(parse_handle("a b@c"), None);
    }

    #[test]
    fn hosts() {
        for host in ["events.example.org", "EVENTS.example.org", "127.0.0.1:4000", "localhost:8080"] {
            assert!(is_host(host), "{host}");
        }
        for not in ["", "events.example.org/relay", "a b", "https://events.example.org", "x@y", "events.example.org?q"]
        {
            assert!(!is_host(not), "{not}");
        }
    }
}
