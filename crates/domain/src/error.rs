/// Declares the field errors once: each variant with the stable code that names its Fluent
/// message (`error-<code>`), so every layer reports the same word for the same mistake.
macro_rules! field_errors {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        /// Why one field of a form or command was refused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum FieldError { $($variant),+ }

        impl FieldError {
            /// Every variant, so that a test can check each has a message in every language.
            pub const ALL: &'static [FieldError] = &[$(FieldError::$variant),+];

            /// The stable code of this error, also the suffix of its Fluent key.
            pub fn code(self) -> &'static str {
                match self { $(FieldError::$variant => $code),+ }
            }
        }
    };
}

field_errors! {
    Required = "required",
    TooShort = "too-short",
    TooLong = "too-long",
    TooMany = "too-many",
    ChoiceUnknown = "choice-unknown",
    EmailInvalid = "email-invalid",
    EmailTaken = "email-taken",
    EmailNotAllowed = "email-not-allowed",
    UsernameInvalid = "username-invalid",
    UsernameTaken = "username-taken",
    UsernameUnknown = "username-unknown",
    PasswordTooShort = "password-too-short",
    PasswordTooLong = "password-too-long",
    PasswordTooCommon = "password-too-common",
    PasswordMismatch = "password-mismatch",
    PasswordWrong = "password-wrong",
    ImageType = "image-type",
    ImageTooLarge = "image-too-large",
    CredentialsWrong = "credentials-wrong",
    AccountUnconfirmed = "account-unconfirmed",
    LinkInvalid = "link-invalid",
    LastIdentity = "last-identity",
    UrlInvalid = "url-invalid",
    DateInvalid = "date-invalid",
    TimeSkipped = "time-skipped",
    TimeZoneUnknown = "time-zone-unknown",
    EndsBeforeStart = "ends-before-start",
    TagInvalid = "tag-invalid",
    CoordinatesInvalid = "coordinates-invalid",
    CapacityInvalid = "capacity-invalid",
    CapacityBelowParticipants = "capacity-below-participants",
    ExternalUrlRequired = "external-url-required",
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for FieldError {}
