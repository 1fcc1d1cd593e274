//! View models: what each template shows, already translated and formatted. Templates
//! never see the database or the use-case layer.

use crate::context::Page;
use crate::i18n::Tr;
use askama::Template;
use ensemble_app::FieldErrors;

/// A refused form's messages, translated, per field.
#[derive(Debug, Default)]
pub struct Errors(Vec<(String, String)>);

impl Errors {
    pub fn new(t: Tr, errors: &FieldErrors) -> Errors {
        Errors(errors.0.iter().map(|(field, e)| ((*field).to_owned(), t.t(&format!("error-{}", e.code())))).collect())
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    pub fn list(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPageView {
    pub t: Tr,
    pub code: u16,
    pub title: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomeView {
    pub page: Page,
    pub registration_open: bool,
}

#[derive(Template)]
#[template(path = "accounts/signup.html")]
pub struct SignUpView {
    pub page: Page,
    pub errors: Errors,
    pub email: String,
    pub username: String,
    pub display_name: String,
    pub closed: bool,
    pub host: String,
}

#[derive(Template)]
#[template(path = "accounts/check_mail.html")]
pub struct CheckMailView {
    pub page: Page,
    pub heading: String,
    pub text: String,
    /// Offer a new account-confirmation link (only after signing up).
    pub resend: bool,
}

/// A page reached from a mailed link: a button that uses it, or why it cannot be used.
#[derive(Template)]
#[template(path = "accounts/link.html")]
pub struct LinkView {
    pub page: Page,
    pub heading: String,
    pub text: String,
    pub action: String,
    pub button: String,
    pub live: bool,
    /// Where to ask for a new link when this one is spent.
    pub again_href: String,
    pub again_label: String,
}

#[derive(Template)]
#[template(path = "accounts/email_form.html")]
pub struct EmailFormView {
    pub page: Page,
    pub heading: String,
    pub intro: String,
    pub action: String,
    pub button: String,
    pub errors: Errors,
    pub email: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
pub struct LogInView {
    pub page: Page,
    pub errors: Errors,
    pub email: String,
    pub unconfirmed: bool,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
pub struct ResetView {
    pub page: Page,
    pub errors: Errors,
    pub token: String,
}

#[derive(Template)]
#[template(path = "accounts/settings.html")]
pub struct SettingsView {
    pub page: Page,
    pub errors: Errors,
    pub email: String,
    pub new_email: String,
    pub locale: String,
    /// Every zone; none selected means "only each event's own".
    pub zones: Vec<crate::routes::events::Choice>,
    pub role: String,
    /// Administrators get links to the administration pages.
    pub is_admin: bool,
}

#[derive(Template)]
#[template(path = "accounts/delete.html")]
pub struct DeleteAccountView {
    pub page: Page,
    pub errors: Errors,
    /// How many identities go with the account, said in words.
    pub consequences: String,
}

/// An identity as listed or shown.
pub struct IdentityCard {
    pub username: String,
    pub name: String,
    pub handle: String,
    pub avatar_url: Option<String>,
    pub is_default: bool,
    pub is_current: bool,
}

#[derive(Template)]
#[template(path = "identities/list.html")]
pub struct IdentitiesView {
    pub page: Page,
    pub identities: Vec<IdentityCard>,
    pub errors: Errors,
}

#[derive(Template)]
#[template(path = "identities/form.html")]
pub struct IdentityFormView {
    pub page: Page,
    pub errors: Errors,
    /// `None` for a new identity.
    pub editing: Option<String>,
    pub username: String,
    pub display_name: String,
    pub bio: String,
    pub avatar_url: Option<String>,
    pub banner_url: Option<String>,
    pub host: String,
    pub max_avatar_mb: String,
    pub max_banner_mb: String,
}

#[derive(Template)]
#[template(path = "identities/delete.html")]
pub struct DeleteIdentityView {
    pub page: Page,
    pub card: IdentityCard,
}

#[derive(Template)]
#[template(path = "profiles/show.html")]
pub struct ProfileView {
    pub page: Page,
    pub card: IdentityCard,
    pub bio_html: String,
    pub banner_url: Option<String>,
    pub canonical: String,
}
