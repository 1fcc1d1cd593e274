use super::tokens::{self, Purpose};
use crate::mail::{Envelope, Mail};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, FieldErrors, crypto, jobs, rate_limit};
use chrono::Utc;
use ensemble_domain::{Email, FieldError, Locale, Password};
use ensemble_store::entities::accounts;
use ensemble_store::queries::sessions as session_queries;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write};
use sea_orm::{EntityTrait, IntoActiveModel};

/// Mails a reset link if the address has an account. The answer is the same either way,
/// so the form cannot be used to find out who is registered.
pub async fn request_password_reset(app: &App, email: &str, client: &str, locale: Locale) -> AppResult<()> {
    let email = Email::parse(email).map_err(|e| FieldErrors::single("email", e))?;
    rate_limit::check(&app.db, rate_limit::RESET_PER_IP, client).await?;
    rate_limit::check(&app.db, rate_limit::MAIL_PER_ADDRESS, email.as_str()).await?;
    let txn = begin_write(&app.db).await?;
    if let Some(account) = super::by_email(&txn, email.as_str()).await? {
        let token = tokens::issue(&txn, account.id, Purpose::Reset, None).await?;
        let link = app.url(&format!("/account/reset/{token}"));
        let locale = super::mail_locale(&account, locale);
        jobs::enqueue_mail(&txn, &Envelope { to: account.email.clone(), locale, mail: Mail::ResetPassword { link } })
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether a reset link can still be used, to show its form or say it expired.
pub async fn reset_link_is_live(app: &App, token: &str) -> AppResult<bool> {
    Ok(tokens::peek(&app.db, token, Purpose::Reset).await.is_ok())
}

fn parse_new_password(password: &str, confirmation: &str, field: &'static str) -> AppResult<Password> {
    let password = Password::parse(password).map_err(|e| FieldErrors::single(field, e))?;
    if password.expose() != confirmation {
        return Err(FieldErrors::single("password_confirmation", FieldError::PasswordMismatch));
    }
    Ok(password)
}

/// Sets a new password from a reset link. Every session of the account ends: whoever knew
/// the old password is logged out. The link also proves the address, so it confirms it.
pub async fn reset_password(app: &App, token: &str, password: &str, confirmation: &str) -> AppResult<()> {
    tokens::peek(&app.db, token, Purpose::Reset).await?;
    let password = parse_new_password(password, confirmation, "password")?;
    let hash = crypto::hash_password_blocking(password.expose().to_owned()).await?;
    let txn = begin_write(&app.db).await?;
    let token = tokens::consume(&txn, token, Purpose::Reset).await?;
    let account = accounts::Entity::find_by_id(token.account_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let locale = super::mail_locale(&account, Locale::default());
    let mut row = account.clone().into_active_model();
    row.password_hash = Set(hash);
    if account.confirmed_at.is_none() {
        row.confirmed_at = Set(Some(Utc::now()));
    }
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    session_queries::end_all(&txn, account.id, None).await?;
    jobs::enqueue_mail(&txn, &Envelope { to: account.email, locale, mail: Mail::PasswordChanged }).await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the password of a logged-in account; other browsers are logged out.
pub async fn change_password(
    app: &App,
    viewer: &Viewer,
    current: &str,
    password: &str,
    confirmation: &str,
) -> AppResult<()> {
    if !super::password_matches(app, viewer, current).await? {
        return Err(FieldErrors::single("current_password", FieldError::PasswordWrong));
    }
    let password = parse_new_password(password, confirmation, "new_password")?;
    let hash = crypto::hash_password_blocking(password.expose().to_owned()).await?;
    let txn = begin_write(&app.db).await?;
    let mut row = viewer.account.clone().into_active_model();
    row.password_hash = Set(hash);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    session_queries::end_all(&txn, viewer.account.id, Some(&viewer.token_hash)).await?;
    let locale = super::mail_locale(&viewer.account, Locale::default());
    jobs::enqueue_mail(&txn, &Envelope { to: viewer.account.email.clone(), locale, mail: Mail::PasswordChanged })
        .await?;
    txn.commit().await?;
    Ok(())
}
