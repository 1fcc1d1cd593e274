//! WebFinger and NodeInfo answers.

use crate::Urls;
use ensemble_activitypub::discovery::{
    APPLICATION_REL, Jrd, Link, NODEINFO_20, NODEINFO_21, NodeInfo, NodeInfoLinks, Services, Software, Usage, Users,
};
use ensemble_app::instance::NodeStats;
use ensemble_app::rows::{actors, media};
use serde_json::json;

/// The JRD of a local actor: `acct:name@host`, its id as alias and `self` link, and its avatar.
pub fn webfinger(actor: &actors::Model, avatar: Option<&media::Model>, host: &str, base_url: &str) -> Jrd {
    let urls = Urls::new(base_url);
    let mut links = vec![Link {
        rel: "self".into(),
        kind: Some(ensemble_activitypub::ACTIVITY_JSON.into()),
        href: Some(actor.ap_id.clone()),
        template: None,
    }];
    if actor.kind != ensemble_app::instance::KIND_APPLICATION {
        links.push(Link {
            rel: "http://webfinger.net/rel/profile-page".into(),
            kind: Some("text/html".into()),
            href: Some(actor.ap_id.clone()),
            template: None,
        });
    }
    if let Some(avatar) = avatar {
        links.push(Link {
            rel: "http://webfinger.net/rel/avatar".into(),
            kind: Some(avatar.content_type.clone()),
            href: Some(urls.media(&avatar.file_name)),
            template: None,
        });
    }
    Jrd { subject: format!("acct:{}@{host}", actor.username), aliases: vec![actor.ap_id.clone()], links }
}

/// `/.well-known/nodeinfo`: the two schema versions and, per FEP-2677, the instance actor.
pub fn nodeinfo_links(base_url: &str) -> NodeInfoLinks {
    let urls = Urls::new(base_url);
    let link = |rel: &str, path: &str| Link { rel: rel.into(), href: Some(urls.url(path)), ..Default::default() };
    NodeInfoLinks {
        links: vec![
            link(NODEINFO_20, "/nodeinfo/2.0"),
            link(NODEINFO_21, "/nodeinfo/2.1"),
            link(APPLICATION_REL, "/relay"),
        ],
    }
}

/// A NodeInfo document, `version` "2.0" or "2.1".
pub fn nodeinfo(
    version: &str,
    software_version: &str,
    open_registrations: bool,
    stats: NodeStats,
    instance_name: &str,
    base_url: &str,
) -> NodeInfo {
    let urls = Urls::new(base_url);
    let v21 = version == "2.1";
    NodeInfo {
        version: version.to_owned(),
        software: Software {
            name: "ensemble".into(),
            version: software_version.to_owned(),
            repository: v21.then(|| env!("CARGO_PKG_REPOSITORY").to_owned()),
            homepage: None,
        },
        protocols: vec!["activitypub".into()],
        services: Services { inbound: Vec::new(), outbound: vec!["atom1.0".into()] },
        open_registrations,
        usage: Usage {
            users: Users {
                total: Some(stats.users),
                active_month: Some(stats.active_month),
                active_halfyear: Some(stats.active_halfyear),
            },
            local_posts: Some(stats.local_events),
            local_comments: Some(stats.local_comments),
        },
        metadata: json!({
            "nodeName": instance_name,
            "software": {"name": "Ensemble"},
            // FEP-2677, in the metadata as well, for readers that look there.
            "applicationActor": urls.url("/relay"),
        }),
    }
}
