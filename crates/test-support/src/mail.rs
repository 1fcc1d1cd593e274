//! Reading the mails the instance wrote as `.eml` files.

use std::path::Path;

#[derive(Debug, Clone)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    /// The text part, decoded.
    pub text: String,
    pub html: String,
}

impl SentMail {
    /// The first link to this instance in the text.
    pub fn link(&self) -> String {
        self.text
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no link in mail {self:#?}"))
    }

    /// The path of `link()`, for a browser.
    pub fn link_path(&self) -> String {
        let url = url::Url::parse(&self.link()).expect("a URL");
        url.path().to_owned()
    }
}

pub(crate) fn read_all(dir: &Path) -> Vec<SentMail> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|raw| parse(&raw))
        .collect()
}

fn header(raw: &str, name: &str) -> String {
    let head = raw.split("\r\n\r\n").next().unwrap_or_default();
    let mut value = String::new();
    let mut inside = false;
    for line in head.split("\r\n") {
        if inside && (line.starts_with(' ') || line.starts_with('\t')) {
            value.push_str(line.trim_start());
        } else if let Some(rest) = line.strip_prefix(&format!("{name}: ")) {
            value = rest.to_owned();
            inside = true;
        } else {
            inside = false;
        }
    }
    decode_words(&value)
}

/// Decodes RFC 2047 `=?utf-8?b?…?=` words, as lettre writes non-ASCII subjects.
fn decode_words(value: &str) -> String {
    use base64::Engine;
    value
        .split_whitespace()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            match lower.strip_prefix("=?utf-8?b?").and_then(|w| w.strip_suffix("?=")) {
                Some(_) => {
                    let encoded = &word[10..word.len() - 2];
                    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap_or_default();
                    (String::from_utf8_lossy(&bytes).into_owned(), true)
                }
                None => (word.to_owned(), false),
            }
        })
        .fold((String::new(), false), |(mut acc, prev_encoded), (part, encoded)| {
            if !(acc.is_empty() || prev_encoded && encoded) {
                acc.push(' ');
            }
            acc.push_str(&part);
            (acc, encoded)
        })
        .0
}

/// The decoded body of the part whose `Content-Type` starts with `content_type`.
fn part(raw: &str, content_type: &str) -> String {
    use base64::Engine;
    let Some((head, body)) = raw
        .split("\r\n--")
        .find(|p| p.contains(&format!("Content-Type: {content_type}")))
        .and_then(|p| p.split_once("\r\n\r\n"))
    else {
        return String::new();
    };
    let body = if head.contains("Content-Transfer-Encoding: quoted-printable") {
        decode_quoted_printable(body)
    } else if head.contains("Content-Transfer-Encoding: base64") {
        let joined: String = body.split_whitespace().collect();
        String::from_utf8_lossy(&base64::engine::general_purpose::STANDARD.decode(joined).unwrap_or_default())
            .into_owned()
    } else {
        body.to_owned()
    };
    body.replace("\r\n", "\n").trim_end().to_owned()
}

fn decode_quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse(raw: &str) -> SentMail {
    SentMail {
        to: header(raw, "To"),
        subject: header(raw, "Subject"),
        text: part(raw, "text/plain"),
        html: part(raw, "text/html"),
    }
}
