use crate::FieldError;

/// A local actor's name, the `name` of `@name@host`: `[a-z0-9_]{1,100}`, shared by identities
/// and groups, reserved forever once taken.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MAX_LEN: usize = 100;

    /// Lower-cases what people type (`Rose` becomes `rose`) and refuses anything else
    /// outside the alphabet, so that handles stay unambiguous across the fediverse.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = input.trim().trim_start_matches('@').to_ascii_lowercase();
        if name.is_empty() {
            return Err(FieldError::Required);
        }
        if name.len() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(FieldError::UsernameInvalid);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown for an identity; optional (the username stands in for it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_LEN: usize = 200;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let name = input.trim();
        if name.chars().count() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        // Control characters would let one name imitate another in lists.
        Ok(Self(name.chars().filter(|c| !c.is_control()).collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An identity's self-description, in Markdown, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bio(String);

impl Bio {
    pub const MAX_LEN: usize = 5000;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let bio = input.trim();
        if bio.chars().count() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        Ok(Self(bio.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        let cases = [
            ("rose", Ok("rose")),
            ("  Rose_42 ", Ok("rose_42")),
            ("@camille", Ok("camille")),
            ("", Err(FieldError::Required)),
            ("rose-marie", Err(FieldError::UsernameInvalid)),
            ("rosé", Err(FieldError::UsernameInvalid)),
            ("a b", Err(FieldError::UsernameInvalid)),
        ];
        for (input, expected) in cases {
            let got = Username::parse(input);
            assert_eq!(got.as_ref().map(Username::as_str).map_err(|e| *e), expected, "{input:?}");
        }
        assert_eq!(Username::parse(&"a".repeat(100)).map(|u| u.0.len()), Ok(100));
        assert_eq!(Username::parse(&"a".repeat(101)), Err(FieldError::TooLong));
    }

    #[test]
    fn display_names_and_bios() {
        assert_eq!(DisplayName::parse("  Rose\u{7}  ").map(|n| n.0), Ok("Rose".to_owned()));
        assert_eq!(DisplayName::parse(&"é".repeat(201)), Err(FieldError::TooLong));
        assert_eq!(Bio::parse(&"x".repeat(5001)), Err(FieldError::TooLong));
        assert!(Bio::parse("*hello*").is_ok());
    }
}
