/// Why one field of a form or command was refused. The code names a Fluent message
/// (`error-<code>`), so every layer reports the same word for the same mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("required")]
    Required,
    #[error("too-long")]
    TooLong,
    #[error("email-invalid")]
    EmailInvalid,
    #[error("email-taken")]
    EmailTaken,
    #[error("email-not-allowed")]
    EmailNotAllowed,
    #[error("username-invalid")]
    UsernameInvalid,
    #[error("username-taken")]
    UsernameTaken,
    #[error("password-too-short")]
    PasswordTooShort,
    #[error("password-too-long")]
    PasswordTooLong,
    #[error("password-too-common")]
    PasswordTooCommon,
    #[error("password-mismatch")]
    PasswordMismatch,
    #[error("password-wrong")]
    PasswordWrong,
    #[error("image-type")]
    ImageType,
    #[error("image-too-large")]
    ImageTooLarge,
    #[error("credentials-wrong")]
    CredentialsWrong,
    #[error("account-unconfirmed")]
    AccountUnconfirmed,
    #[error("link-invalid")]
    LinkInvalid,
    #[error("last-identity")]
    LastIdentity,
}

impl FieldError {
    /// The stable code of this error, also the suffix of its Fluent key.
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong => "too-long",
            Self::EmailInvalid => "email-invalid",
            Self::EmailTaken => "email-taken",
            Self::EmailNotAllowed => "email-not-allowed",
            Self::UsernameInvalid => "username-invalid",
            Self::UsernameTaken => "username-taken",
            Self::PasswordTooShort => "password-too-short",
            Self::PasswordTooLong => "password-too-long",
            Self::PasswordTooCommon => "password-too-common",
            Self::PasswordMismatch => "password-mismatch",
            Self::PasswordWrong => "password-wrong",
            Self::ImageType => "image-type",
            Self::ImageTooLarge => "image-too-large",
            Self::CredentialsWrong => "credentials-wrong",
            Self::AccountUnconfirmed => "account-unconfirmed",
            Self::LinkInvalid => "link-invalid",
            Self::LastIdentity => "last-identity",
        }
    }

    /// Every variant, so that a test can check each has a message in every language.
    pub const ALL: [FieldError; 18] = [
        Self::Required,
        Self::TooLong,
        Self::EmailInvalid,
        Self::EmailTaken,
        Self::EmailNotAllowed,
        Self::UsernameInvalid,
        Self::UsernameTaken,
        Self::PasswordTooShort,
        Self::PasswordTooLong,
        Self::PasswordTooCommon,
        Self::PasswordMismatch,
        Self::PasswordWrong,
        Self::ImageType,
        Self::ImageTooLarge,
        Self::CredentialsWrong,
        Self::AccountUnconfirmed,
        Self::LinkInvalid,
        Self::LastIdentity,
    ];
}
