//! WebFinger (RFC 7033 JRD), host-meta (XRD) and NodeInfo 2.0/2.1.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const JRD_JSON: &str = "application/jrd+json";
pub const XRD_XML: &str = "application/xrd+xml";
pub const NODEINFO_20: &str = "http://nodeinfo.diaspora.software/ns/schema/2.0";
pub const NODEINFO_21: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1";
/// FEP-2677: the NodeInfo link to the instance actor.
pub const APPLICATION_REL: &str = "https://www.w3.org/ns/activitystreams#Application";

/// A WebFinger answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Jrd {
    pub subject: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub links: Vec<Link>,
}

/// A link of a JRD or of the NodeInfo discovery document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    pub rel: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

impl Jrd {
    /// The actor's ActivityPub id: the `self` link of type `application/activity+json`
    /// (or `application/ld+json` with the ActivityStreams profile).
    pub fn actor_id(&self) -> Option<&str> {
        self.links
            .iter()
            .find(|l| {
                l.rel == "self"
                    && l.kind.as_deref().is_some_and(|k| {
                        k == crate::ACTIVITY_JSON
                            || (k.starts_with("application/ld+json") && k.contains("activitystreams"))
                    })
            })
            .and_then(|l| l.href.as_deref())
    }
}

/// `/.well-known/host-meta`: where WebFinger lives.
pub fn host_meta(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let host = url::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(|h| u.port().map_or_else(|| h.to_owned(), |p| format!("{h}:{p}"))))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\" xmlns:hm=\"http://host-meta.net/ns/1.0\">\n\
         \x20 <hm:Host>{}</hm:Host>\n\
         \x20 <Link rel=\"lrdd\" type=\"application/jrd+json\" template=\"{}/.well-known/webfinger?resource={{uri}}\"/>\n\
         </XRD>\n",
        xml_escape(&host),
        xml_escape(base)
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `/.well-known/nodeinfo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeInfoLinks {
    pub links: Vec<Link>,
}

/// A NodeInfo 2.0 or 2.1 document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeInfo {
    pub version: String,
    pub software: Software,
    pub protocols: Vec<String>,
    pub services: Services,
    pub open_registrations: bool,
    pub usage: Usage,
    pub metadata: Value,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Software {
    /// `^[a-z0-9-]+$` by the schema (Mobilizon sends `Mobilizon`: read leniently).
    pub name: String,
    pub version: String,
    /// 2.1 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// 2.1 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Services {
    pub inbound: Vec<String>,
    pub outbound: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Usage {
    pub users: Users,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_posts: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_comments: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Users {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_month: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_halfyear: Option<u64>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn host_meta_points_at_webfinger() {
        let xml = super::host_meta("http://127.0.0.1:4300/");
        assert!(xml.contains("<hm:Host>127.0.0.1:4300</hm:Host>"));
        assert!(xml.contains("template=\"http://127.0.0.1:4300/.well-known/webfinger?resource={uri}\""));
    }
}
