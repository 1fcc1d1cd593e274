//! Ensemble's domain: value objects that are valid by construction ("parse, don't validate"),
//! roles and policies. Pure: no IO, no database, no HTTP.

pub mod account;
pub mod error;
pub mod event;
pub mod identity;
pub mod locale;
pub mod participation;

pub use account::{Email, Password, RegistrationPolicy, Role};
pub use error::FieldError;
pub use identity::{Bio, DisplayName, Username};
pub use locale::Locale;
