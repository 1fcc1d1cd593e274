//! HTTP Message Signatures (RFC 9421), as Fedify-based software and recent Mastodon send them:
//! `Signature-Input: sig1=("@method" "@target-uri" …);keyid="…";alg="…";created=…` and
//! `Signature: sig1=:<base64>:`. Verified only (we sign the draft-cavage way, which everyone
//! reads), with RSA keys: `rsa-v1_5-sha256` (also when `alg` is left out) and `rsa-pss-sha512`.
//! Components with parameters (`;sf`, `;req`, `;name`…) are not supported: such a signature is
//! refused, and a sender that tries RFC 9421 first falls back to draft-cavage.

use crate::signatures::{PublicKey, SignatureError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// One signature of a request (the first label found in both headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSignature {
    /// The covered components, in order: derived ones (`@method`…) and lower-cased header names.
    pub components: Vec<String>,
    pub key_id: Option<String>,
    pub alg: Option<String>,
    /// Seconds since the epoch.
    pub created: Option<i64>,
    pub expires: Option<i64>,
    /// The `Signature-Input` member's value as sent: the `@signature-params` line signs it.
    params: String,
    signature: Vec<u8>,
}

/// What a signature base is built from: the method, the absolute URI the request was sent to,
/// and its headers (a header's values joined by `", "`).
pub struct SignedRequest<'a> {
    pub method: &'a str,
    pub target_uri: &'a str,
    pub header: &'a dyn Fn(&str) -> Option<String>,
}

impl MessageSignature {
    /// Reads the `Signature-Input` and `Signature` headers.
    pub fn parse(input: &str, signature: &str) -> Result<MessageSignature, SignatureError> {
        let signatures = members(signature)?;
        let (label, params) = members(input)?
            .into_iter()
            .find(|(label, _)| signatures.iter().any(|(l, _)| l == label))
            .ok_or(SignatureError::Malformed("no signature for any Signature-Input label"))?;
        let encoded = signatures.iter().find(|(l, _)| *l == label).map(|(_, v)| *v).unwrap_or_default();
        let encoded = encoded
            .strip_prefix(':')
            .and_then(|v| v.strip_suffix(':'))
            .ok_or(SignatureError::Malformed("the signature is not a byte sequence"))?;
        let signature = STANDARD.decode(encoded).map_err(|_| SignatureError::Malformed("signature is not base64"))?;
        let inner = params.strip_prefix('(').ok_or(SignatureError::Malformed("Signature-Input is not a list"))?;
        let close = closing_parenthesis(inner).ok_or(SignatureError::Malformed("unterminated list"))?;
        let mut components = Vec::new();
        let mut items = inner[..close].trim();
        while !items.is_empty() {
            let (name, rest) = string(items).ok_or(SignatureError::Malformed("a component is not a string"))?;
            if rest.starts_with(';') {
                return Err(SignatureError::Malformed("component parameters are not supported"));
            }
            components.push(name.to_ascii_lowercase());
            items = rest.trim_start();
        }
        let mut signature = MessageSignature {
            components,
            key_id: None,
            alg: None,
            created: None,
            expires: None,
            params: params.to_owned(),
            signature,
        };
        let mut rest = &inner[close + 1..];
        while let Some(after) = rest.strip_prefix(';') {
            let (name, value) = after.split_once('=').ok_or(SignatureError::Malformed("a parameter without value"))?;
            let (value, next) = match string(value) {
                Some((text, next)) => (text, next),
                None => {
                    let end = value.find(';').unwrap_or(value.len());
                    (value[..end].trim().to_owned(), &value[end..])
                }
            };
            match name.trim() {
                "keyid" => signature.key_id = Some(value),
                "alg" => signature.alg = Some(value),
                "created" => signature.created = value.parse().ok(),
                "expires" => signature.expires = value.parse().ok(),
                _ => {}
            }
            rest = next;
        }
        if !rest.trim().is_empty() {
            return Err(SignatureError::Malformed("unexpected text after the parameters"));
        }
        Ok(signature)
    }

    /// Whether the signature covers a component (`@method`, `content-digest`…).
    pub fn covers(&self, component: &str) -> bool {
        self.components.iter().any(|c| c == component)
    }

    /// The signature base (RFC 9421 §2.5): one line per covered component, then the parameters.
    pub fn base(&self, request: &SignedRequest<'_>) -> Result<String, SignatureError> {
        let uri = url::Url::parse(request.target_uri).map_err(|_| SignatureError::Malformed("target URI"))?;
        let mut lines = Vec::with_capacity(self.components.len() + 1);
        for name in &self.components {
            let value = match name.as_str() {
                "@method" => request.method.to_owned(),
                "@target-uri" => request.target_uri.to_owned(),
                "@authority" => authority(&uri),
                "@scheme" => uri.scheme().to_owned(),
                "@path" => uri.path().to_owned(),
                "@query" => format!("?{}", uri.query().unwrap_or_default()),
                "@request-target" => match uri.query() {
                    Some(query) => format!("{}?{query}", uri.path()),
                    None => uri.path().to_owned(),
                },
                derived if derived.starts_with('@') => return Err(SignatureError::Algorithm(derived.to_owned())),
                header => (request.header)(header)
                    .ok_or_else(|| SignatureError::MissingHeader(header.to_owned()))?
                    .trim()
                    .to_owned(),
            };
            lines.push(format!("\"{name}\": {value}"));
        }
        lines.push(format!("\"@signature-params\": {}", self.params));
        Ok(lines.join("\n"))
    }

    /// Checks the signature against the request and the signer's key. The caller still checks
    /// the time (`created`), the digest against the body, and who the key belongs to.
    pub fn verify(&self, request: &SignedRequest<'_>, key: &PublicKey) -> Result<(), SignatureError> {
        let base = self.base(request)?;
        match self.alg.as_deref() {
            None | Some("rsa-v1_5-sha256") => key.verify(base.as_bytes(), &self.signature),
            Some("rsa-pss-sha512") => key.verify_pss_sha512(base.as_bytes(), &self.signature),
            Some(other) => Err(SignatureError::Algorithm(other.to_owned())),
        }
    }
}

/// `host[:port]`, lower-cased, the port left out when it is the scheme's own.
fn authority(uri: &url::Url) -> String {
    let host = uri.host_str().unwrap_or_default().to_ascii_lowercase();
    match uri.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// A structured-field dictionary's members, as `(key, value as written)`, split at the commas
/// that are outside strings, lists and byte sequences.
fn members(header: &str) -> Result<Vec<(&str, &str)>, SignatureError> {
    let mut parts = Vec::new();
    let (mut start, mut depth, mut in_string, mut in_bytes, mut escaped) = (0, 0usize, false, false, false);
    for (i, c) in header.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' if !in_bytes => in_string = !in_string,
            ':' if !in_string => in_bytes = !in_bytes,
            '(' if !in_string && !in_bytes => depth += 1,
            ')' if !in_string && !in_bytes => depth = depth.saturating_sub(1),
            ',' if !in_string && !in_bytes && depth == 0 => {
                parts.push(&header[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if in_string || in_bytes || depth > 0 {
        return Err(SignatureError::Malformed("unterminated string, list or byte sequence"));
    }
    parts.push(&header[start..]);
    parts
        .into_iter()
        .filter(|member| !member.trim().is_empty())
        .map(|member| {
            let (key, value) = member.split_once('=').ok_or(SignatureError::Malformed("a member without value"))?;
            Ok((key.trim(), value.trim()))
        })
        .collect()
}

/// The position of the `)` closing a list whose `(` was just before `text`.
fn closing_parenthesis(text: &str) -> Option<usize> {
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ')' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

/// A structured-field string at the start of `text` (after spaces), unescaped, and what follows.
fn string(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start().strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => value.push(chars.next()?.1),
            '"' => return Some((value, &text[i + 1..])),
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUT: &str = r#"sig1=("@method" "@target-uri" "@authority" "host" "date" "content-digest");alg="rsa-v1_5-sha256";keyid="https://a.example/users/i#main-key";created=1796589621"#;

    #[test]
    fn parses_the_headers() {
        let parsed = MessageSignature::parse(INPUT, "sig1=:AQID:").unwrap();
        assert_eq!(parsed.components, ["@method", "@target-uri", "@authority", "host", "date", "content-digest"]);
        assert_eq!(parsed.key_id.as_deref(), Some("https://a.example/users/i#main-key"));
        assert_eq!(parsed.alg.as_deref(), Some("rsa-v1_5-sha256"));
        assert_eq!(parsed.created, Some(1_796_589_621));
        assert_eq!(parsed.signature, [1, 2, 3]);
        // Another label first, in either header; a comma inside a string does not split.
        let two = format!(r#"other=("@method");keyid="x,y", {INPUT}"#);
        assert_eq!(
            MessageSignature::parse(&two, "sig1=:AQID:").unwrap().key_id.as_deref(),
            Some(parsed.key_id.as_deref().unwrap())
        );
        assert_eq!(MessageSignature::parse(&two, "other=:AA==:, sig1=:AQID:").unwrap().key_id.as_deref(), Some("x,y"));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for (input, signature) in [
            (INPUT, "sig2=:AQID:"),
            (INPUT, "sig1=AQID"),
            (INPUT, "sig1=:not base64!:"),
            (r#"sig1=("@method" "@query-param";name="a")"#, "sig1=:AQID:"),
            (r#"sig1=("@method""#, "sig1=:AQID:"),
            (r#"sig1="@method""#, "sig1=:AQID:"),
        ] {
            assert!(MessageSignature::parse(input, signature).is_err(), "{input} {signature}");
        }
    }

    #[test]
    fn builds_the_signature_base() {
        let parsed = MessageSignature::parse(INPUT, "sig1=:AQID:").unwrap();
        let headers = |name: &str| match name {
            "host" => Some("b.example".to_owned()),
            "date" => Some("Sun, 06 Dec 2026 20:40:21 GMT".to_owned()),
            "content-digest" => Some(" sha-256=:abc=: ".to_owned()),
            _ => None,
        };
        let request = SignedRequest { method: "POST", target_uri: "https://B.example/inbox", header: &headers };
        assert_eq!(
            parsed.base(&request).unwrap(),
            [
                r#""@method": POST"#,
                r#""@target-uri": https://B.example/inbox"#,
                r#""@authority": b.example"#,
                r#""host": b.example"#,
                r#""date": Sun, 06 Dec 2026 20:40:21 GMT"#,
                r#""content-digest": sha-256=:abc=:"#,
                &format!(r#""@signature-params": {}"#, &INPUT["sig1=".len()..]),
            ]
            .join("\n")
        );
        let without = |_: &str| None;
        let missing = SignedRequest { method: "POST", target_uri: "https://b.example/inbox", header: &without };
        assert_eq!(parsed.base(&missing), Err(SignatureError::MissingHeader("host".into())));
    }
}
