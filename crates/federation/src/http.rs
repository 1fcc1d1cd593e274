//! The one HTTP client federation uses, for fetches and deliveries alike, with its guards:
//! other servers choose the addresses we connect to, so none may point us at this machine or
//! its private network (SSRF), hold a connection forever, or send an endless body.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Redirects followed by one request, each checked like the first address.
pub const MAX_REDIRECTS: usize = 3;
/// Largest body read from another server.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("refused address {0}: {1}")]
    Refused(String, &'static str),
    #[error("body larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("{0}")]
    Request(#[from] reqwest::Error),
}

/// A client that, unless `allow_private` is set, connects only to public addresses over https,
/// follows at most `MAX_REDIRECTS` redirects (each checked), and gives up after ten seconds.
pub fn client(allow_private: bool, user_agent: &str) -> Result<reqwest::Client, HttpError> {
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if let Err(err) = check_url(attempt.url(), allow_private) {
            attempt.error(err)
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder()
        .user_agent(user_agent)
        .redirect(redirects)
        .timeout(TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .no_proxy();
    if !allow_private {
        builder = builder.https_only(true).dns_resolver(Arc::new(PublicOnly));
    }
    Ok(builder.build()?)
}

/// Refuses a URL whose scheme or literal address the client must not reach. Names are checked
/// after resolution, by the client's resolver.
pub fn check_url(url: &url::Url, allow_private: bool) -> Result<(), HttpError> {
    if allow_private {
        return match url.scheme() {
            "http" | "https" => Ok(()),
            _ => Err(HttpError::Refused(url.to_string(), "not http or https")),
        };
    }
    if url.scheme() != "https" {
        return Err(HttpError::Refused(url.to_string(), "not https"));
    }
    let literal = match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) if name.eq_ignore_ascii_case("localhost") || name.ends_with(".localhost") => {
            return Err(HttpError::Refused(url.to_string(), "local name"));
        }
        Some(url::Host::Domain(_)) => None,
        None => return Err(HttpError::Refused(url.to_string(), "no host")),
    };
    match literal {
        Some(ip) if !is_public(ip) => Err(HttpError::Refused(url.to_string(), "private address")),
        _ => Ok(()),
    }
}

/// Reads a response body, refusing it once it passes `MAX_BODY_BYTES` (a lying or absent
/// `Content-Length` does not help: the count is of bytes actually read).
pub async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, HttpError> {
    if response.content_length().is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(HttpError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(HttpError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Resolves names like the system does, then drops every address that is not public; a name
/// with no public address fails to resolve.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether an address is reachable on the public internet (not loopback, private, link-local,
/// shared, documentation, multicast or reserved; IPv4 inside IPv6 judged as IPv4).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                return is_public_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || s[0..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible, deprecated
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || a >= 240 // reserved
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19))) // benchmarking
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip.parse().unwrap_or_else(|_| panic!("{ip}"))), "{ip} counted as public");
        }
        for ip in ["1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:1.1.1.1", "64:ff9b::101:101"] {
            assert!(is_public(ip.parse().unwrap_or_else(|_| panic!("{ip}"))), "{ip} counted as private");
        }
    }

    #[test]
    fn urls_need_https_and_a_public_literal() {
        let refused = |u: &str| check_url(&url::Url::parse(u).unwrap_or_else(|_| panic!("{u}")), false).is_err();
        assert!(refused("http://example.org/"));
        assert!(refused("https://127.0.0.1/"));
        assert!(refused("https://[::1]/"));
        assert!(refused("https://localhost/"));
        assert!(refused("https://a.localhost/"));
        assert!(refused("https://10.0.0.1:8443/x"));
        assert!(refused("ftp://example.org/"));
        assert!(!refused("https://example.org/"));
        assert!(!refused("https://1.1.1.1/"));
        let allowed = url::Url::parse("http://127.0.0.1:4000/").unwrap_or_else(|_| panic!());
        assert!(check_url(&allowed, true).is_ok());
    }
}
