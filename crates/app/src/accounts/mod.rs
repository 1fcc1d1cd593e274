//! Accounts: sign-up and confirmation, log-in, passwords, email address, language, deletion.

pub mod admin;
mod delete;
mod email;
mod log_in;
mod password;
mod sign_up;
mod tokens;

pub use delete::delete_account;
pub use email::{change_email, confirm_email_change};
pub use log_in::{LogIn, log_in};
pub use password::{change_password, request_password_reset, reset_link_is_live, reset_password};
pub use sign_up::{
    NewAccount, confirm_account, confirm_link_is_live, email_link_is_live, resend_confirmation, sign_up,
};

use crate::{App, AppResult};
use ensemble_domain::Locale;
use ensemble_store::entities::accounts;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// Accounts are found by address regardless of case.
pub(crate) fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) async fn by_email(db: &impl ConnectionTrait, email: &str) -> AppResult<Option<accounts::Model>> {
    Ok(accounts::Entity::find().filter(accounts::Column::EmailKey.eq(email_key(email))).one(db).await?)
}

/// The language mails to this account are written in.
pub(crate) fn mail_locale(account: &accounts::Model, fallback: Locale) -> Locale {
    account.locale.as_deref().and_then(Locale::parse).unwrap_or(fallback)
}

/// Sets the interface language of an account; `None` follows the browser.
pub async fn set_locale(app: &App, account: &accounts::Model, locale: Option<Locale>) -> AppResult<()> {
    let mut row = account.clone().into_active_model();
    row.locale = Set(locale.map(|l| l.code().to_owned()));
    row.updated_at = Set(chrono::Utc::now());
    row.update(&app.db).await?;
    Ok(())
}

/// Sets the zone an account also reads event times in; empty: only each event's own zone.
pub async fn set_time_zone(app: &App, account: &accounts::Model, input: &str) -> AppResult<()> {
    let zone = match input.trim() {
        "" => None,
        name => Some(
            ensemble_domain::event::parse_time_zone(name)
                .map_err(|e| crate::FieldErrors::single("time_zone", e))?
                .name()
                .to_owned(),
        ),
    };
    let mut row = account.clone().into_active_model();
    row.time_zone = Set(zone);
    row.updated_at = Set(chrono::Utc::now());
    row.update(&app.db).await?;
    Ok(())
}

/// A unique index caught a name taken between our check and our insert.
pub(crate) fn unique_username(err: sea_orm::DbErr) -> crate::AppError {
    sign_up::unique_to_field(err, "username", ensemble_domain::FieldError::UsernameTaken)
}

/// Checks the password of the logged-in account before a sensitive change, with a limit on
/// attempts so that a stolen session cannot guess it.
pub(crate) async fn password_matches(app: &App, viewer: &crate::sessions::Viewer, password: &str) -> AppResult<bool> {
    crate::rate_limit::check(&app.db, crate::rate_limit::PASSWORD_CHECK_PER_ACCOUNT, &viewer.account.id.to_string())
        .await?;
    Ok(crate::crypto::verify_password_blocking(password.to_owned(), viewer.account.password_hash.clone()).await)
}
