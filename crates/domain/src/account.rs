use crate::FieldError;
use serde::{Deserialize, Serialize};

/// An email address, trimmed, with its domain lower-cased (the local part is left as typed:
/// some servers treat it as case-sensitive, and we compare accounts case-insensitively anyway).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let email = input.trim();
        if email.is_empty() {
            return Err(FieldError::Required);
        }
        if email.len() > Self::MAX_LEN {
            return Err(FieldError::TooLong);
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(FieldError::EmailInvalid);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c));
        if !domain_ok || !local_ok {
            return Err(FieldError::EmailInvalid);
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

/// A new password that passed our rules; only ever held long enough to be hashed.
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 10;
    pub const MAX_LEN: usize = 200;

    /// Length is what makes a password strong; the short deny-list catches the
    /// passwords that every attacker tries first.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let len = input.chars().count();
        if len == 0 {
            return Err(FieldError::Required);
        }
        if len < Self::MIN_LEN {
            return Err(FieldError::PasswordTooShort);
        }
        if len > Self::MAX_LEN {
            return Err(FieldError::PasswordTooLong);
        }
        let lower = input.to_lowercase();
        let distinct = {
            let mut chars: Vec<char> = lower.chars().collect();
            chars.sort_unstable();
            chars.dedup();
            chars.len()
        };
        const COMMON: [&str; 12] = [
            "password",
            "motdepasse",
            "1234567890",
            "0123456789",
            "qwertyuiop",
            "azertyuiop",
            "iloveyou",
            "sunshine",
            "football",
            "baseball",
            "welcome",
            "ensemble",
        ];
        if distinct < 4 || COMMON.iter().any(|c| lower.starts_with(c) && lower.len() <= c.len() + 4) {
            return Err(FieldError::PasswordTooCommon);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// What an account may do on this instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    User,
    Moderator,
    Administrator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Moderator => "moderator",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "user" => Some(Role::User),
            "moderator" => Some(Role::Moderator),
            "administrator" | "admin" => Some(Role::Administrator),
            _ => None,
        }
    }
}

/// Who may sign up on this instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RegistrationPolicy {
    #[default]
    Open,
    Closed,
    /// Only these email addresses or whole domains (`example.org` or `@example.org`).
    Allowlist(Vec<String>),
}

impl RegistrationPolicy {
    pub fn allows(&self, email: &Email) -> bool {
        match self {
            RegistrationPolicy::Open => true,
            RegistrationPolicy::Closed => false,
            RegistrationPolicy::Allowlist(entries) => entries.iter().any(|entry| {
                let entry = entry.trim().to_lowercase();
                if entry.contains('@') && !entry.starts_with('@') {
                    entry == email.as_str().to_lowercase()
                } else {
                    entry.trim_start_matches('@') == email.domain()
                }
            }),
        }
    }

    /// Whether the sign-up form is offered at all.
    pub fn is_closed(&self) -> bool {
        matches!(self, RegistrationPolicy::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let ok = ["rose@example.org", " Rose@Example.ORG ", "a.b+tag@sub.example.fr"];
        for e in ok {
            assert!(Email::parse(e).is_ok(), "{e}");
        }
        assert_eq!(Email::parse(" Rose@Example.ORG ").map(|e| e.0), Ok("Rose@example.org".to_owned()));
        let bad = [
            ("", FieldError::Required),
            ("rose", FieldError::EmailInvalid),
            ("rose@", FieldError::EmailInvalid),
            ("@example.org", FieldError::EmailInvalid),
            ("rose@localhost", FieldError::EmailInvalid),
            ("ro se@example.org", FieldError::EmailInvalid),
            ("rose@exa mple.org", FieldError::EmailInvalid),
            ("rose@example..org", FieldError::EmailInvalid),
        ];
        for (e, err) in bad {
            assert_eq!(Email::parse(e).err(), Some(err), "{e}");
        }
    }

    #[test]
    fn passwords() {
        assert!(Password::parse("correct horse battery").is_ok());
        assert_eq!(Password::parse("").err(), Some(FieldError::Required));
        assert_eq!(Password::parse("short").err(), Some(FieldError::PasswordTooShort));
        assert_eq!(Password::parse(&"x".repeat(201)).err(), Some(FieldError::PasswordTooLong));
        assert_eq!(Password::parse("aaaaaaaaaaaa").err(), Some(FieldError::PasswordTooCommon));
        assert_eq!(Password::parse("Password123").err(), Some(FieldError::PasswordTooCommon));
        assert_eq!(format!("{:?}", Password::parse("correct horse battery")), "Ok(Password(***))");
    }

    #[test]
    fn registration_policy() {
        let rose = Email::parse("rose@asso.example").unwrap();
        let camille = Email::parse("camille@other.example").unwrap();
        assert!(RegistrationPolicy::Open.allows(&rose));
        assert!(!RegistrationPolicy::Closed.allows(&rose));
        let list = RegistrationPolicy::Allowlist(vec!["@asso.example".into(), "Camille@Other.example".into()]);
        assert!(list.allows(&rose));
        assert!(list.allows(&camille));
        assert!(!list.allows(&Email::parse("x@other.example").unwrap()));
    }

    #[test]
    fn roles() {
        for role in [Role::User, Role::Moderator, Role::Administrator] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(Role::Administrator > Role::Moderator);
    }
}
