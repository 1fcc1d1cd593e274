//! Tolerant shapes: what peers send varies more than the specification says.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The public collection, spelled in full (what we emit).
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// Whether an address is the public collection, in any of its three spellings.
pub fn is_public(address: &str) -> bool {
    matches!(address, PUBLIC | "as:Public" | "Public")
}

/// A property that may hold one value or an array of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    // `Many` first: with `T = Value`, `One` would also swallow arrays.
    Many(Vec<T>),
    One(T),
}

impl<T> OneOrMany<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one).iter(),
            OneOrMany::Many(many) => many.iter(),
        }
    }

    pub fn first(&self) -> Option<&T> {
        self.iter().next()
    }

    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }

    pub fn len(&self) -> usize {
        self.iter().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(many: Vec<T>) -> Self {
        OneOrMany::Many(many)
    }
}

impl OneOrMany<String> {
    /// Whether one of the values is `s`.
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|v| v == s)
    }
}

/// A property that holds either an IRI (a link to the object) or the object itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Reference<T> {
    Iri(String),
    Object(T),
}

impl<T> Reference<T> {
    pub fn iri(&self) -> Option<&str> {
        match self {
            Reference::Iri(iri) => Some(iri),
            Reference::Object(_) => None,
        }
    }

    pub fn object(&self) -> Option<&T> {
        match self {
            Reference::Iri(_) => None,
            Reference::Object(object) => Some(object),
        }
    }
}

impl Reference<Value> {
    /// The IRI, or the embedded object's `id` (or `href`, for a Link).
    pub fn id(&self) -> Option<&str> {
        match self {
            Reference::Iri(iri) => Some(iri),
            Reference::Object(o) => o.get("id").or_else(|| o.get("href")).and_then(Value::as_str),
        }
    }
}

/// A list of addresses or references (`to`, `cc`, `attributedTo`…), each an IRI or an object.
pub type References = OneOrMany<Reference<Value>>;

impl References {
    /// The IRIs of every entry (for objects, their `id`).
    pub fn ids(&self) -> Vec<&str> {
        self.iter().filter_map(Reference::id).collect()
    }

    /// Whether the public collection is among the entries, however it is spelled.
    pub fn has_public(&self) -> bool {
        self.ids().into_iter().any(is_public)
    }

    /// A list of IRIs, as we emit it.
    pub fn iris<I: IntoIterator<Item = S>, S: Into<String>>(iris: I) -> References {
        OneOrMany::Many(iris.into_iter().map(|s| Reference::Iri(s.into())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_or_many_reads_both() {
        let one: OneOrMany<String> = serde_json::from_str("\"a\"").unwrap();
        let many: OneOrMany<String> = serde_json::from_str("[\"a\",\"b\"]").unwrap();
        assert_eq!(one.into_vec(), vec!["a"]);
        assert_eq!(many.len(), 2);
        assert!(many.contains("b"));
    }

    #[test]
    fn references_read_iris_and_objects() {
        let r: References =
            serde_json::from_str(r#"["https://a/x", {"id": "https://a/y", "type": "Person"}]"#).unwrap();
        assert_eq!(r.ids(), vec!["https://a/x", "https://a/y"]);
        let link: Reference<Value> = serde_json::from_str(r#"{"type": "Link", "href": "https://a/z"}"#).unwrap();
        assert_eq!(link.id(), Some("https://a/z"));
    }

    #[test]
    fn the_three_spellings_of_public() {
        for spelling in ["https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"] {
            assert!(is_public(spelling));
            let to: References = serde_json::from_value(serde_json::json!(spelling)).unwrap();
            assert!(to.has_public());
        }
        assert!(!is_public("https://www.w3.org/ns/activitystreams"));
    }
}
