//! HTTP Signatures, draft-cavage style with `rsa-sha256` (what Mastodon, Mobilizon and most of
//! the fediverse send), and the `Digest` header of the body.
//!
//! Outgoing requests sign `(request-target) host date`, plus `digest` and `content-type` when
//! the request has them. Incoming signatures may cover any headers; the caller decides which
//! ones it requires (`SignatureHeader::covers`).

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, RsaKeyPair, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("not a PEM document")]
    Pem,
    #[error("the key cannot be used")]
    Key,
    #[error("signing failed")]
    Signing,
    #[error("malformed Signature header: {0}")]
    Malformed(&'static str),
    #[error("unsupported signature algorithm {0}")]
    Algorithm(String),
    #[error("signed header {0} is missing from the request")]
    MissingHeader(String),
    #[error("the signature does not match")]
    Mismatch,
    #[error("the Date header is missing, malformed or too far from now")]
    Date,
}

/// A private RSA key (PKCS#8 PEM, `BEGIN PRIVATE KEY`), to sign with.
pub struct PrivateKey(RsaKeyPair);

impl PrivateKey {
    pub fn from_pem(pem: &str) -> Result<PrivateKey, SignatureError> {
        let (label, der) = decode_pem(pem)?;
        if label != "PRIVATE KEY" {
            return Err(SignatureError::Key);
        }
        RsaKeyPair::from_pkcs8(&der).map(PrivateKey).map_err(|_| SignatureError::Key)
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message`.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignatureError> {
        let mut out = vec![0; self.0.public_modulus_len()];
        self.0
            .sign(&signature::RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut out)
            .map_err(|_| SignatureError::Signing)?;
        Ok(out)
    }
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey(…)")
    }
}

/// A public RSA key, SPKI (`BEGIN PUBLIC KEY`, Mastodon and us) or PKCS#1
/// (`BEGIN RSA PUBLIC KEY`, Mobilizon).
#[derive(Debug, Clone)]
pub struct PublicKey {
    /// PKCS#1 `RSAPublicKey` DER.
    pkcs1: Vec<u8>,
}

impl PublicKey {
    pub fn from_pem(pem: &str) -> Result<PublicKey, SignatureError> {
        let (label, der) = decode_pem(pem)?;
        let pkcs1 = match label.as_str() {
            "RSA PUBLIC KEY" => der,
            "PUBLIC KEY" => spki_to_pkcs1(&der).ok_or(SignatureError::Key)?,
            _ => return Err(SignatureError::Key),
        };
        Ok(PublicKey { pkcs1 })
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256, what the fediverse signs with.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.pkcs1)
            .verify(message, signature)
            .map_err(|_| SignatureError::Mismatch)
    }

    /// RSASSA-PSS with SHA-512 (RFC 9421's `rsa-pss-sha512`).
    pub fn verify_pss_sha512(&self, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        UnparsedPublicKey::new(&signature::RSA_PSS_2048_8192_SHA512, &self.pkcs1)
            .verify(message, signature)
            .map_err(|_| SignatureError::Mismatch)
    }
}

/// The label and the bytes of a PEM document.
fn decode_pem(pem: &str) -> Result<(String, Vec<u8>), SignatureError> {
    let pem = pem.trim();
    let first = pem.lines().next().ok_or(SignatureError::Pem)?.trim();
    let label = first
        .strip_prefix("-----BEGIN ")
        .and_then(|rest| rest.strip_suffix("-----"))
        .ok_or(SignatureError::Pem)?
        .to_owned();
    let end = format!("-----END {label}-----");
    if !pem.ends_with(&end) {
        return Err(SignatureError::Pem);
    }
    let body: String = pem.lines().skip(1).take_while(|l| l.trim() != end).flat_map(|l| l.trim().chars()).collect();
    let der = STANDARD.decode(body).map_err(|_| SignatureError::Pem)?;
    Ok((label, der))
}

/// Reads one DER element at the start of `input`: its tag, its contents and what follows.
fn der_element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// `SubjectPublicKeyInfo { algorithm, BIT STRING { RSAPublicKey } }` → `RSAPublicKey`.
fn spki_to_pkcs1(spki: &[u8]) -> Option<Vec<u8>> {
    const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let (0x30, spki, _) = der_element(spki)? else { return None };
    let (0x30, algorithm, rest) = der_element(spki)? else { return None };
    let (0x06, oid, _) = der_element(algorithm)? else { return None };
    if oid != RSA_ENCRYPTION {
        return None;
    }
    let (0x03, bits, _) = der_element(rest)? else { return None };
    let (&0, key) = bits.split_first()? else { return None };
    Some(key.to_vec())
}

/// The `Digest` header of a body: `SHA-256=<base64>`.
pub fn digest(body: &[u8]) -> String {
    format!("SHA-256={}", STANDARD.encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, body)))
}

/// Whether a `Digest` header has a SHA-256 entry equal to the body's. Other algorithms are
/// ignored; a header without SHA-256 does not match.
pub fn digest_matches(header: &str, body: &[u8]) -> bool {
    let expected = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, body);
    header.split(',').filter_map(|entry| entry.trim().split_once('=')).any(|(algorithm, value)| {
        algorithm.eq_ignore_ascii_case("SHA-256")
            && STANDARD.decode(value.trim()).is_ok_and(|bytes| bytes == expected.as_ref())
    })
}

/// An HTTP date (`Sun, 09 Mar 2025 17:00:00 GMT`).
pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Refuses a `Date` header more than `window` away from `now`.
pub fn check_date(date: &str, now: DateTime<Utc>, window: chrono::Duration) -> Result<(), SignatureError> {
    let at = DateTime::parse_from_rfc2822(date.trim()).map_err(|_| SignatureError::Date)?;
    if (now - at.with_timezone(&Utc)).abs() > window { Err(SignatureError::Date) } else { Ok(()) }
}

/// The headers we sign, in this order, when the request has them.
const SIGNED: [&str; 4] = ["host", "date", "digest", "content-type"];

/// Signs a request: returns the value of its `Signature` header. `target` is the path with
/// its query; `headers` must include `host` and `date` (and `digest` for a body).
pub fn sign(
    key: &PrivateKey,
    key_id: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> Result<String, SignatureError> {
    let value = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
    for required in ["host", "date"] {
        if value(required).is_none() {
            return Err(SignatureError::MissingHeader(required.to_owned()));
        }
    }
    let mut names = vec!["(request-target)"];
    names.extend(SIGNED.iter().copied().filter(|n| value(n).is_some()));
    let mut lines = Vec::with_capacity(names.len());
    for name in &names {
        match *name {
            "(request-target)" => lines.push(format!("(request-target): {} {}", method.to_ascii_lowercase(), target)),
            other => lines.push(format!("{other}: {}", value(other).unwrap_or_default())),
        }
    }
    let signature = key.sign(lines.join("\n").as_bytes())?;
    Ok(format!(
        "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{}\"",
        names.join(" "),
        STANDARD.encode(signature)
    ))
}

/// A parsed `Signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub key_id: String,
    pub algorithm: Option<String>,
    /// Lower-cased; `["date"]` when the header does not say.
    pub headers: Vec<String>,
    pub signature: Vec<u8>,
    pub created: Option<String>,
    pub expires: Option<String>,
}

impl SignatureHeader {
    pub fn parse(value: &str) -> Result<SignatureHeader, SignatureError> {
        let mut key_id = None;
        let mut algorithm = None;
        let mut headers = None;
        let mut signature = None;
        let mut created = None;
        let mut expires = None;
        let mut rest = value.trim();
        while !rest.is_empty() {
            let (name, after) = rest.split_once('=').ok_or(SignatureError::Malformed("parameter without ="))?;
            let name = name.trim().to_ascii_lowercase();
            let after = after.trim_start();
            let (param, after) = if let Some(quoted) = after.strip_prefix('"') {
                let end = quoted.find('"').ok_or(SignatureError::Malformed("unterminated quote"))?;
                (&quoted[..end], &quoted[end + 1..])
            } else {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim(), &after[end..])
            };
            let param = param.to_owned();
            match name.as_str() {
                "keyid" => key_id = Some(param),
                "algorithm" => algorithm = Some(param),
                "headers" => headers = Some(param),
                "signature" => signature = Some(param),
                "created" => created = Some(param),
                "expires" => expires = Some(param),
                _ => {}
            }
            let after = after.trim_start();
            rest = match after.strip_prefix(',') {
                Some(next) => next.trim_start(),
                None if after.is_empty() => after,
                None => return Err(SignatureError::Malformed("expected a comma")),
            };
        }
        let key_id = key_id.ok_or(SignatureError::Malformed("no keyId"))?;
        let signature = STANDARD
            .decode(signature.ok_or(SignatureError::Malformed("no signature"))?)
            .map_err(|_| SignatureError::Malformed("signature is not base64"))?;
        let headers = headers
            .map(|h| h.split_whitespace().map(str::to_ascii_lowercase).collect::<Vec<_>>())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| vec!["date".to_owned()]);
        Ok(SignatureHeader { key_id, algorithm, headers, signature, created, expires })
    }

    /// Whether the signature covers this header (or pseudo-header, `(request-target)`).
    pub fn covers(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h.eq_ignore_ascii_case(name))
    }

    /// Rebuilds the signed string from the request. `header` returns a request header's
    /// value(s), joined by `", "` when repeated.
    pub fn signing_string(
        &self,
        method: &str,
        target: &str,
        header: impl Fn(&str) -> Option<String>,
    ) -> Result<String, SignatureError> {
        let mut lines = Vec::with_capacity(self.headers.len());
        for name in &self.headers {
            let value = match name.as_str() {
                "(request-target)" => format!("{} {}", method.to_ascii_lowercase(), target),
                "(created)" => self.created.clone().ok_or_else(|| SignatureError::MissingHeader(name.clone()))?,
                "(expires)" => self.expires.clone().ok_or_else(|| SignatureError::MissingHeader(name.clone()))?,
                _ => header(name).ok_or_else(|| SignatureError::MissingHeader(name.clone()))?.trim().to_owned(),
            };
            lines.push(format!("{name}: {value}"));
        }
        Ok(lines.join("\n"))
    }

    /// Checks the signature against the request and the signer's public key. The caller
    /// still checks the Date window, the Digest against the body, and who the key belongs to.
    pub fn verify(
        &self,
        method: &str,
        target: &str,
        header: impl Fn(&str) -> Option<String>,
        key: &PublicKey,
    ) -> Result<(), SignatureError> {
        match self.algorithm.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("rsa-sha256" | "hs2019") => {}
            Some(other) => return Err(SignatureError::Algorithm(other.to_owned())),
        }
        let text = self.signing_string(method, target, header)?;
        key.verify(text.as_bytes(), &self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use aws_lc_rs::signature::KeyPair as _;

    fn pem(label: &str, der: &[u8]) -> String {
        let b64 = STANDARD.encode(der);
        let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
        format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
    }

    /// A fresh key pair: PKCS#8 private PEM, SPKI public PEM, PKCS#1 public PEM.
    fn keys() -> (String, String, String) {
        let pair = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let private = AsDer::<Pkcs8V1Der>::as_der(&pair).unwrap();
        let spki = AsDer::<PublicKeyX509Der>::as_der(pair.public_key()).unwrap();
        let pkcs1 = spki_to_pkcs1(spki.as_ref()).unwrap();
        (pem("PRIVATE KEY", private.as_ref()), pem("PUBLIC KEY", spki.as_ref()), pem("RSA PUBLIC KEY", &pkcs1))
    }

    struct Request {
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    impl Request {
        fn header(&self, name: &str) -> Option<String> {
            let values: Vec<&str> =
                self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
            (!values.is_empty()).then(|| values.join(", "))
        }
    }

    fn signed_post(private_pem: &str) -> Request {
        let body = br#"{"type":"Follow"}"#.to_vec();
        let date = http_date(Utc::now());
        let digest = digest(&body);
        let base = [
            ("host", "remote.example"),
            ("date", date.as_str()),
            ("digest", digest.as_str()),
            ("content-type", "application/activity+json"),
        ];
        let key = PrivateKey::from_pem(private_pem).unwrap();
        let signature = sign(&key, "https://h.example/@rose#main-key", "POST", "/inbox", &base).unwrap();
        let mut headers: Vec<(String, String)> = base.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
        headers.push(("signature".into(), signature));
        Request { headers, body }
    }

    fn check(request: &Request, public_pem: &str) -> Result<(), SignatureError> {
        let parsed = SignatureHeader::parse(&request.header("signature").unwrap())?;
        parsed.verify("POST", "/inbox", |n| request.header(n), &PublicKey::from_pem(public_pem)?)?;
        if !digest_matches(&request.header("digest").unwrap(), &request.body) {
            return Err(SignatureError::Mismatch);
        }
        check_date(&request.header("date").unwrap(), Utc::now(), chrono::Duration::hours(12))
    }

    #[test]
    fn sign_then_verify_with_spki_and_pkcs1() {
        let (private, spki, pkcs1) = keys();
        let request = signed_post(&private);
        let parsed = SignatureHeader::parse(&request.header("signature").unwrap()).unwrap();
        assert_eq!(parsed.headers, ["(request-target)", "host", "date", "digest", "content-type"]);
        assert_eq!(parsed.key_id, "https://h.example/@rose#main-key");
        check(&request, &spki).unwrap();
        check(&request, &pkcs1).unwrap();
    }

    #[test]
    fn tampering_is_refused() {
        let (private, spki, _) = keys();
        let set = |r: &mut Request, name: &str, value: &str| {
            for (n, v) in &mut r.headers {
                if n == name {
                    *v = value.to_owned();
                }
            }
        };
        let mut body = signed_post(&private);
        body.body = br#"{"type":"Delete"}"#.to_vec();
        assert_eq!(check(&body, &spki), Err(SignatureError::Mismatch));

        let mut header = signed_post(&private);
        set(&mut header, "host", "evil.example");
        assert_eq!(check(&header, &spki), Err(SignatureError::Mismatch));

        let mut date = signed_post(&private);
        set(&mut date, "date", &http_date(Utc::now() - chrono::Duration::hours(1)));
        assert_eq!(check(&date, &spki), Err(SignatureError::Mismatch));

        let mut digest_header = signed_post(&private);
        set(&mut digest_header, "digest", &digest(b"other"));
        assert_eq!(check(&digest_header, &spki), Err(SignatureError::Mismatch));

        let (_, other_key, _) = keys();
        assert_eq!(check(&signed_post(&private), &other_key), Err(SignatureError::Mismatch));

        let mut missing = signed_post(&private);
        missing.headers.retain(|(n, _)| n != "digest");
        assert_eq!(check(&missing, &spki), Err(SignatureError::MissingHeader("digest".into())));
    }

    #[test]
    fn old_dates_are_refused() {
        let old = http_date(Utc::now() - chrono::Duration::hours(13));
        assert_eq!(check_date(&old, Utc::now(), chrono::Duration::hours(12)), Err(SignatureError::Date));
        assert_eq!(check_date("yesterday", Utc::now(), chrono::Duration::hours(12)), Err(SignatureError::Date));
        check_date(
            "Sun, 09 Mar 2025 17:00:00 GMT",
            "2025-03-09T18:00:00Z".parse().unwrap(),
            chrono::Duration::hours(12),
        )
        .unwrap();
    }

    #[test]
    fn parses_headers_from_other_software() {
        let mastodon = "keyId=\"https://m.example/users/a#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\",signature=\"AAAA\"";
        let parsed = SignatureHeader::parse(mastodon).unwrap();
        assert!(parsed.covers("digest") && parsed.covers("(request-target)"));
        let bare = SignatureHeader::parse("keyId=\"k\", signature=\"AAAA\"").unwrap();
        assert_eq!(bare.headers, ["date"]);
        assert!(SignatureHeader::parse("keyId=\"k\"").is_err());
        assert!(SignatureHeader::parse("signature=\"AAAA\"").is_err());
        assert!(SignatureHeader::parse("keyId=\"k,signature=\"AAAA\"").is_err());
    }

    #[test]
    fn other_algorithms_are_refused() {
        let (private, spki, _) = keys();
        let request = signed_post(&private);
        let mut parsed = SignatureHeader::parse(&request.header("signature").unwrap()).unwrap();
        parsed.algorithm = Some("hmac-sha256".into());
        let key = PublicKey::from_pem(&spki).unwrap();
        assert!(matches!(
            parsed.verify("POST", "/inbox", |n| request.header(n), &key),
            Err(SignatureError::Algorithm(_))
        ));
    }

    #[test]
    fn reads_mobilizons_pkcs1_key() {
        let person: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/lemmy/mobilizon-person.json")).unwrap();
        let pem = person["publicKey"]["publicKeyPem"].as_str().unwrap();
        assert!(pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
        PublicKey::from_pem(pem).unwrap();
        let mastodon: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/mobilizon/mastodon-actor.json")).unwrap();
        PublicKey::from_pem(mastodon["publicKey"]["publicKeyPem"].as_str().unwrap()).unwrap();
        assert_eq!(PublicKey::from_pem("not a key").unwrap_err(), SignatureError::Pem);
    }

    #[test]
    fn digests() {
        assert_eq!(digest(b""), "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assert!(digest_matches("sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", b""));
        assert!(digest_matches("MD5=x, SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", b""));
        assert!(!digest_matches("SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", b"x"));
        assert!(!digest_matches("SHA-512=abc", b""));
    }
}
