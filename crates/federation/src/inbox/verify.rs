//! The checks of an inbox POST that need no database or network: media type, size, shape,
//! signature header, digests, date, origins. Each failure is a `Refusal` with its status.

use crate::fetch::same_origin;
use chrono::{DateTime, Utc};
use ensemble_activitypub::ACTIVITY_JSON;
use ensemble_activitypub::message_signatures::MessageSignature;
use ensemble_activitypub::signatures::{self, SignatureHeader};
use serde_json::Value;

/// The largest activity accepted.
pub const MAX_ACTIVITY_BYTES: usize = 256 * 1024;
/// The longest id accepted (they go into a unique index).
const MAX_ID_BYTES: usize = 2048;

/// Why an activity is refused: the status, a message for the sender, and details for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: &'static str,
    pub detail: String,
}

impl Refusal {
    pub fn new(status: u16, message: &'static str) -> Refusal {
        Refusal { status, message, detail: String::new() }
    }

    pub fn because(mut self, detail: impl std::fmt::Display) -> Refusal {
        self.detail = detail.to_string();
        self
    }
}

/// An inbox POST, as the web layer received it.
#[derive(Debug, Clone)]
pub struct InboxRequest {
    /// The path and query, as signed in `(request-target)`.
    pub target: String,
    /// Header names lower-cased; repeated headers appear once per value.
    pub headers: Vec<(String, String)>,
    /// `None` when the body was larger than `MAX_ACTIVITY_BYTES`.
    pub body: Option<Vec<u8>>,
}

impl InboxRequest {
    /// A header's value, repeated values joined by `", "`, as signatures read them.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> =
            self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// `application/activity+json` or `application/ld+json` (any profile).
pub fn content_type(request: &InboxRequest) -> Result<(), Refusal> {
    let value = request.header("content-type").unwrap_or_default().to_ascii_lowercase();
    let media = value.split(';').next().unwrap_or_default().trim();
    if media == ACTIVITY_JSON || media == "application/ld+json" {
        Ok(())
    } else {
        Err(Refusal::new(415, "expected application/activity+json").because(format!("content type {value:?}")))
    }
}

pub fn body(request: &InboxRequest) -> Result<&[u8], Refusal> {
    request.body.as_deref().ok_or_else(|| Refusal::new(413, "activity too large"))
}

/// What every activity must have, read without committing to any type.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub id: String,
    pub kind: String,
    pub actor: String,
    pub value: Value,
}

impl Envelope {
    /// The id of the activity's object: the object itself when it is an address, else its `id`.
    pub fn object_id(&self) -> Option<&str> {
        match self.value.get("object")? {
            Value::String(iri) => Some(iri),
            object => object.get("id")?.as_str(),
        }
    }

    /// The object, when it is embedded rather than given by address.
    pub fn embedded_object(&self) -> Option<&Value> {
        self.value.get("object").filter(|o| o.is_object())
    }
}

/// A JSON object with an `id`, a `type` and an `actor` (an address, or an object with an id).
pub fn envelope(body: &[u8]) -> Result<Envelope, Refusal> {
    let bad = |detail: &str| Refusal::new(400, "not an activity").because(detail);
    let value: Value = serde_json::from_slice(body).map_err(|e| bad(&e.to_string()))?;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let id = text(value.get("id")).ok_or_else(|| bad("no string id"))?;
    let kind = text(value.get("type")).ok_or_else(|| bad("no string type"))?;
    // One actor: an address or an object, which Prismo wraps in an array of one.
    let actor = match value.get("actor") {
        Some(Value::Array(actors)) if actors.len() == 1 => actors.first(),
        other => other,
    };
    let actor = match actor {
        Some(Value::Object(actor)) => text(actor.get("id")),
        other => text(other),
    }
    .ok_or_else(|| bad("no actor"))?;
    for address in [&id, &actor] {
        if address.len() > MAX_ID_BYTES
            || !url::Url::parse(address).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        {
            return Err(bad("id or actor is not an http(s) URL"));
        }
    }
    Ok(Envelope { id, kind, actor, value })
}

/// How a request is signed.
#[derive(Debug, Clone)]
pub enum Signature {
    /// draft-cavage: `Signature: keyId=…,headers=…,signature=…`.
    Cavage(SignatureHeader),
    /// RFC 9421: `Signature-Input` and `Signature`.
    Message(MessageSignature),
}

impl Signature {
    pub fn key_id(&self) -> &str {
        match self {
            Signature::Cavage(header) => &header.key_id,
            Signature::Message(signature) => signature.key_id.as_deref().unwrap_or_default(),
        }
    }
}

/// The request's signature, covering the request target, the host, the date and a digest of
/// the body: draft-cavage, or RFC 9421 (the method, the target, a digest, and a `created`
/// time or the date; with a `keyid`). An RFC 9421 signature we cannot read is refused with 401
/// too, so that senders that "double-knock" retry with draft-cavage.
pub fn signature(request: &InboxRequest) -> Result<Signature, Refusal> {
    if let Some(input) = request.header("signature-input") {
        return message_signature(request, &input).map(Signature::Message);
    }
    let value = request.header("signature").ok_or_else(|| Refusal::new(401, "no signature"))?;
    let header = SignatureHeader::parse(&value).map_err(|e| Refusal::new(401, "malformed signature").because(e))?;
    let covers_digest = header.covers("digest") || header.covers("content-digest");
    for required in ["(request-target)", "host", "date"] {
        if !header.covers(required) {
            return Err(Refusal::new(401, "the signature must cover (request-target), host, date and a digest")
                .because(format!("headers={:?}", header.headers)));
        }
    }
    if !covers_digest {
        return Err(Refusal::new(401, "the signature must cover (request-target), host, date and a digest")
            .because(format!("headers={:?}", header.headers)));
    }
    Ok(Signature::Cavage(header))
}

fn message_signature(request: &InboxRequest, input: &str) -> Result<MessageSignature, Refusal> {
    let value = request.header("signature").ok_or_else(|| Refusal::new(401, "no signature"))?;
    let parsed = MessageSignature::parse(input, &value)
        .map_err(|e| Refusal::new(401, "RFC 9421 signature not understood, sign with draft-cavage").because(e))?;
    let covers = |c: &str| parsed.covers(c);
    let target = covers("@target-uri")
        || ((covers("@request-target") || covers("@path")) && (covers("@authority") || covers("host")));
    let complete = covers("@method")
        && target
        && (covers("content-digest") || covers("digest"))
        && (parsed.created.is_some() || covers("date"))
        && parsed.key_id.is_some();
    if !complete {
        return Err(Refusal::new(
            401,
            "the signature must cover the method, the target, a digest and its time, with a keyid",
        )
        .because(format!("components={:?}", parsed.components)));
    }
    Ok(parsed)
}

/// `Digest: SHA-256=…` or `Content-Digest: sha-256=:…:` (RFC 9530): at least one, and every
/// one given equal to the body's.
pub fn digests(request: &InboxRequest, body: &[u8]) -> Result<(), Refusal> {
    let digest = request.header("digest");
    let content_digest = request.header("content-digest");
    if digest.is_none() && content_digest.is_none() {
        return Err(Refusal::new(401, "no Digest or Content-Digest header"));
    }
    let mismatch = || Refusal::new(400, "the digest does not match the body");
    if digest.is_some_and(|d| !signatures::digest_matches(&d, body)) {
        return Err(mismatch().because("Digest"));
    }
    if content_digest.is_some_and(|d| !content_digest_matches(&d, body)) {
        return Err(mismatch().because("Content-Digest"));
    }
    Ok(())
}

/// Whether an RFC 9530 `Content-Digest` has a `sha-256` member equal to the body's.
fn content_digest_matches(header: &str, body: &[u8]) -> bool {
    let ours = signatures::digest(body);
    let ours = ours.trim_start_matches("SHA-256=");
    header.split(',').filter_map(|member| member.trim().split_once('=')).any(|(algorithm, value)| {
        algorithm.trim().eq_ignore_ascii_case("sha-256")
            && value.trim().strip_prefix(':').and_then(|v| v.strip_suffix(':')) == Some(ours)
    })
}

/// The `Date` header, within `window` of `now`; for an RFC 9421 signature, its `created` time
/// instead (and the `Date` header too, when it covers it), and not past its `expires` time.
pub fn date(
    request: &InboxRequest,
    signature: &Signature,
    now: DateTime<Utc>,
    window: chrono::Duration,
) -> Result<(), Refusal> {
    if let Signature::Message(signed) = signature {
        let out = || Refusal::new(401, "signature created out of the accepted window, or expired");
        if let Some(created) = signed.created {
            let at = DateTime::from_timestamp(created, 0).ok_or_else(out)?;
            if (now - at).abs() > window {
                return Err(out().because(created));
            }
        }
        if signed.expires.and_then(|e| DateTime::from_timestamp(e, 0)).is_some_and(|expires| expires < now) {
            return Err(out());
        }
        if !signed.covers("date") {
            return Ok(());
        }
    }
    let date = request.header("date").ok_or_else(|| Refusal::new(401, "no Date header"))?;
    signatures::check_date(&date, now, window)
        .map_err(|_| Refusal::new(401, "Date missing, malformed or out of the accepted window").because(date))
}

/// An actor speaks for its own origin only: the activity's id, and the object it creates,
/// updates or deletes, must be on the actor's origin. An `Announce` shares others' objects by
/// address only: an embedded object must be the actor's own.
pub fn origins(activity: &Envelope) -> Result<(), Refusal> {
    let forged = |what: &str| Refusal::new(403, "an actor may only speak for its own origin").because(what);
    if !same_origin(&activity.id, &activity.actor) {
        return Err(forged(&format!("activity id {}", activity.id)));
    }
    let object_must_be_ours = match activity.kind.as_str() {
        "Create" | "Update" | "Delete" => true,
        "Announce" => activity.embedded_object().is_some(),
        _ => false,
    };
    if object_must_be_ours {
        let object = activity.object_id().ok_or_else(|| Refusal::new(400, "the object has no id"))?;
        if !same_origin(object, &activity.actor) {
            return Err(forged(&format!("object {object}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(headers: &[(&str, &str)], body: &[u8]) -> InboxRequest {
        InboxRequest {
            target: "/inbox".into(),
            headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            body: Some(body.to_vec()),
        }
    }

    #[test]
    fn media_types() {
        for ok in [
            "application/activity+json",
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
            "Application/Activity+JSON; charset=utf-8",
        ] {
            assert_eq!(content_type(&request(&[("content-type", ok)], b"")), Ok(()), "{ok}");
        }
        for refused in ["application/json", "text/html", "application/x-www-form-urlencoded", ""] {
            assert_eq!(content_type(&request(&[("content-type", refused)], b"")).unwrap_err().status, 415, "{refused}");
        }
        assert_eq!(content_type(&request(&[], b"")).unwrap_err().status, 415);
    }

    #[test]
    fn envelopes() {
        let ok = envelope(br#"{"id":"https://m.example/a/1","type":"Follow","actor":"https://m.example/u/a","object":"https://h.example/@rose"}"#).unwrap();
        assert_eq!(
            (ok.kind.as_str(), ok.actor.as_str(), ok.object_id()),
            ("Follow", "https://m.example/u/a", Some("https://h.example/@rose"))
        );
        let one_of =
            envelope(br#"{"id":"https://m.example/a/1","type":"Like","actor":[{"id":"https://m.example/u/a"}]}"#);
        assert_eq!(one_of.unwrap().actor, "https://m.example/u/a");
        let embedded = envelope(br#"{"id":"https://m.example/a/1","type":"Like","actor":{"id":"https://m.example/u/a"},"object":{"id":"https://m.example/n/1"}}"#).unwrap();
        assert_eq!(
            (embedded.actor.as_str(), embedded.object_id()),
            ("https://m.example/u/a", Some("https://m.example/n/1"))
        );
        for bad in [
            &b"{not json"[..],
            b"[]",
            b"\"Follow\"",
            br#"{"type":"Follow","actor":"https://m.example/u/a"}"#,
            br#"{"id":"https://m.example/a/1","actor":"https://m.example/u/a"}"#,
            br#"{"id":"https://m.example/a/1","type":["Follow"],"actor":"https://m.example/u/a"}"#,
            br#"{"id":"https://m.example/a/1","type":"Follow"}"#,
            br#"{"id":"https://m.example/a/1","type":"Follow","actor":["https://m.example/u/a","https://m.example/u/b"]}"#,
            br#"{"id":"urn:x:1","type":"Follow","actor":"https://m.example/u/a"}"#,
            br#"{"id":"https://m.example/a/1","type":"Follow","actor":"javascript:alert(1)"}"#,
        ] {
            assert_eq!(envelope(bad).unwrap_err().status, 400, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn signature_headers() {
        let full = r#"keyId="https://m.example/u/a#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="AAAA""#;
        assert!(signature(&request(&[("signature", full)], b"")).is_ok());
        let content_digest = full.replace("digest\"", "content-digest\"");
        assert!(signature(&request(&[("signature", &content_digest)], b"")).is_ok());
        // RFC 9421 pairs `Signature-Input` with a `Signature` of its own shape (`sig1=:…:`).
        let rfc9421 = |input: &str| request(&[("signature-input", input), ("signature", "sig1=:AAAA:")], b"");
        let complete = r#"sig1=("@method" "@target-uri" "content-digest");keyid="k";created=1"#;
        assert!(matches!(signature(&rfc9421(complete)), Ok(Signature::Message(_))));
        let by_parts = r#"sig1=("@method" "@path" "@authority" "digest" "date");keyid="k""#;
        assert!(signature(&rfc9421(by_parts)).is_ok());
        for incomplete in [
            r#"sig1=("@method");keyid="k";created=1"#,
            r#"sig1=("@target-uri" "content-digest");keyid="k";created=1"#,
            r#"sig1=("@method" "@target-uri" "content-digest");keyid="k""#,
            r#"sig1=("@method" "@target-uri" "content-digest");created=1"#,
            r#"sig1=("@method" "@path" "content-digest");keyid="k";created=1"#,
        ] {
            assert_eq!(signature(&rfc9421(incomplete)).unwrap_err().status, 401, "{incomplete}");
        }
        let unreadable = signature(&rfc9421(r#"sig1=("@method" "@query-param";name="q")"#)).unwrap_err();
        assert_eq!(unreadable.status, 401);
        assert!(unreadable.message.contains("draft-cavage"), "a sender may fall back");
        assert_eq!(signature(&request(&[], b"")).unwrap_err().message, "no signature");
        let no_digest = full.replace(" digest", "");
        assert_eq!(signature(&request(&[("signature", &no_digest)], b"")).unwrap_err().status, 401);
        let no_host = full.replace(" host", "");
        assert_eq!(signature(&request(&[("signature", &no_host)], b"")).unwrap_err().status, 401);
        assert_eq!(signature(&request(&[("signature", "keyId=\"k\"")], b"")).unwrap_err().status, 401);
    }

    #[test]
    fn digest_headers() {
        let body = br#"{"type":"Follow"}"#;
        let digest = signatures::digest(body);
        let content = format!("sha-512=:AAAA:, sha-256=:{}:", digest.trim_start_matches("SHA-256="));
        assert_eq!(digests(&request(&[("digest", &digest)], body), body), Ok(()));
        assert_eq!(digests(&request(&[("content-digest", &content)], body), body), Ok(()));
        assert_eq!(digests(&request(&[("digest", &digest), ("content-digest", &content)], body), body), Ok(()));
        let other = signatures::digest(b"other");
        assert_eq!(digests(&request(&[("digest", &other)], body), body).unwrap_err().status, 400);
        assert_eq!(
            digests(&request(&[("digest", &digest), ("content-digest", "sha-256=:AAAA:")], body), body)
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(digests(&request(&[], body), body).unwrap_err().status, 401);
    }

    #[test]
    fn dates() {
        let now: DateTime<Utc> = "2025-03-09T17:00:00Z".parse().unwrap();
        let window = chrono::Duration::hours(1);
        let at = |s: &str| request(&[("date", s)], b"");
        let cavage = Signature::Cavage(
            SignatureHeader::parse(r#"keyId="k",headers="(request-target) host date digest",signature="AAAA""#)
                .unwrap(),
        );
        assert_eq!(date(&at("Sun, 09 Mar 2025 17:30:00 GMT"), &cavage, now, window), Ok(()));
        assert_eq!(date(&at("Sun, 09 Mar 2025 15:59:00 GMT"), &cavage, now, window).unwrap_err().status, 401);
        assert_eq!(date(&at("Sun, 09 Mar 2025 18:01:00 GMT"), &cavage, now, window).unwrap_err().status, 401);
        assert_eq!(date(&request(&[], b""), &cavage, now, window).unwrap_err().status, 401);

        // RFC 9421: its `created` time, and the Date header only when signed.
        let message = |params: &str| {
            let input = format!(r#"sig1=("@method" "@target-uri" "content-digest");keyid="k"{params}"#);
            Signature::Message(MessageSignature::parse(&input, "sig1=:AAAA:").unwrap())
        };
        let created = now.timestamp();
        let no_date = request(&[], b"");
        assert_eq!(date(&no_date, &message(&format!(";created={}", created - 600)), now, window), Ok(()));
        assert_eq!(
            date(&no_date, &message(&format!(";created={}", created - 7200)), now, window).unwrap_err().status,
            401
        );
        let expired = format!(";created={created};expires={}", created - 1);
        assert_eq!(date(&no_date, &message(&expired), now, window).unwrap_err().status, 401);
        let with_date = r#"sig1=("@method" "@target-uri" "content-digest" "date");keyid="k""#;
        let covers_date = Signature::Message(MessageSignature::parse(with_date, "sig1=:AAAA:").unwrap());
        assert_eq!(date(&at("Sun, 09 Mar 2025 17:30:00 GMT"), &covers_date, now, window), Ok(()));
        assert_eq!(date(&at("Sun, 09 Mar 2025 12:00:00 GMT"), &covers_date, now, window).unwrap_err().status, 401);
    }

    fn activity(kind: &str, id: &str, object: Value) -> Envelope {
        Envelope {
            id: id.into(),
            kind: kind.into(),
            actor: "https://m.example/u/a".into(),
            value: json!({ "id": id, "type": kind, "actor": "https://m.example/u/a", "object": object }),
        }
    }

    #[test]
    fn origin_rules() {
        let ours = "https://m.example/a/1";
        let status = |a: Envelope| origins(&a).err().map(|r| r.status);
        assert_eq!(status(activity("Create", ours, json!({"id": "https://m.example/n/1", "type": "Note"}))), None);
        assert_eq!(
            status(activity("Create", ours, json!({"id": "https://h.example/events/1", "type": "Event"}))),
            Some(403)
        );
        assert_eq!(status(activity("Update", ours, json!({"id": "https://m.example:8443/n/1"}))), Some(403));
        assert_eq!(status(activity("Delete", ours, json!("https://h.example/comments/1"))), Some(403));
        assert_eq!(status(activity("Delete", ours, json!({"type": "Tombstone"}))), Some(400));
        assert_eq!(status(activity("Follow", "https://h.example/a/1", json!("https://h.example/@rose"))), Some(403));
        assert_eq!(status(activity("Follow", ours, json!("https://h.example/@rose"))), None);
        assert_eq!(status(activity("Announce", ours, json!("https://h.example/events/1"))), None);
        assert_eq!(status(activity("Announce", ours, json!({"id": "https://h.example/events/1"}))), Some(403));
        assert_eq!(status(activity("Announce", ours, json!({"id": "https://m.example/n/1"}))), None);
    }
}
