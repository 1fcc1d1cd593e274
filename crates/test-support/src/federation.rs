//! Playing another server: POSTs signed with the key of one of this instance's actors, as its
//! delivery worker would send them, with every part adjustable so that tests can spoil one.

use crate::TestApp;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use ensemble_activitypub::signatures::{self, PrivateKey};
use ensemble_app::rows::actors;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// An inbox POST, signed when sent. Change a field to spoil one part of it.
#[derive(Debug, Clone)]
pub struct SignedPost {
    pub url: String,
    pub body: Vec<u8>,
    pub content_type: String,
    pub date: DateTime<Utc>,
    /// The PKCS#8 PEM key and the `keyId` to sign with; `None` sends no `Signature`.
    pub key: Option<(String, String)>,
    /// The `Digest` header; the body's when `None`.
    pub digest: Option<String>,
    /// Headers the signature covers: `(request-target)` plus these, when present.
    pub signed_headers: Vec<&'static str>,
    /// Signed the RFC 9421 way (`Signature-Input`, `Signature`, `Content-Digest`, covering the
    /// method, the target URI and the digest), `created` at `date`, instead of draft-cavage.
    pub rfc9421: bool,
    /// Added as they are, unsigned.
    pub extra_headers: Vec<(String, String)>,
}

/// What the inbox answered.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl TestApp {
    /// A local actor's row (an identity, or `relay`).
    pub async fn local_actor(&self, username: &str) -> actors::Model {
        actors::Entity::find()
            .filter(actors::Column::Username.eq(username))
            .filter(actors::Column::Domain.is_null())
            .one(&self.app.db)
            .await
            .expect("query actors")
            .unwrap_or_else(|| panic!("no local actor {username}"))
    }

    /// A POST of `body` to `url`, to be signed by this instance's actor `username`.
    pub async fn sign_post(&self, username: &str, url: &str, body: &str) -> SignedPost {
        let actor = self.local_actor(username).await;
        let key = actor.private_key_pem.expect("a local actor has a private key");
        SignedPost {
            url: url.to_owned(),
            body: body.as_bytes().to_vec(),
            content_type: "application/activity+json".to_owned(),
            date: Utc::now(),
            key: Some((key, format!("{}#main-key", actor.ap_id))),
            digest: None,
            signed_headers: vec!["host", "date", "digest", "content-type"],
            rfc9421: false,
            extra_headers: Vec::new(),
        }
    }

    /// Sends `body` to `url`, signed by this instance's actor `username`.
    pub async fn signed_post(&self, username: &str, url: &str, body: &str) -> Reply {
        self.sign_post(username, url, body).await.send().await
    }
}

impl SignedPost {
    pub async fn send(self) -> Reply {
        let url = url::Url::parse(&self.url).expect("a URL");
        let host = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().expect("a host")),
            None => url.host_str().expect("a host").to_owned(),
        };
        let date = signatures::http_date(self.date);
        let digest = self.digest.clone().unwrap_or_else(|| signatures::digest(&self.body));
        let values =
            [("host", host.as_str()), ("date", &date), ("digest", &digest), ("content-type", &self.content_type)];
        let mut request = reqwest::Client::new()
            .post(url.clone())
            .header("content-type", &self.content_type)
            .header("date", &date)
            .header("digest", &digest);
        match &self.key {
            Some((pem, key_id)) if self.rfc9421 => {
                // RFC 9421, written here independently of the inbox's reading of it.
                let key = PrivateKey::from_pem(pem).expect("a private key");
                let content_digest = format!("sha-256=:{}:", digest.trim_start_matches("SHA-256="));
                let params = format!(
                    "(\"@method\" \"@target-uri\" \"content-digest\");created={};keyid=\"{key_id}\";alg=\"rsa-v1_5-sha256\"",
                    self.date.timestamp()
                );
                let base = format!(
                    "\"@method\": POST\n\"@target-uri\": {url}\n\"content-digest\": {content_digest}\n\"@signature-params\": {params}"
                );
                let signature = STANDARD.encode(key.sign(base.as_bytes()).expect("signing"));
                request = request
                    .header("content-digest", content_digest)
                    .header("signature-input", format!("sig1={params}"))
                    .header("signature", format!("sig1=:{signature}:"));
            }
            Some((pem, key_id)) => {
                let signed: Vec<(&str, &str)> =
                    values.iter().filter(|(name, _)| self.signed_headers.contains(name)).copied().collect();
                let key = PrivateKey::from_pem(pem).expect("a private key");
                let signature = signatures::sign(&key, key_id, "POST", url.path(), &signed).expect("signing");
                request = request.header("signature", signature);
            }
            None => {}
        }
        for (name, value) in &self.extra_headers {
            request = request.header(name, value);
        }
        let response = request.body(self.body).send().await.expect("POST");
        let status = response.status().as_u16();
        Reply { status, body: response.text().await.expect("body") }
    }
}
