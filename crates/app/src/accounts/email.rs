use super::tokens::{self, Purpose};
use crate::mail::{Envelope, Mail};
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, FieldErrors, jobs, rate_limit};
use chrono::Utc;
use ensemble_domain::{Email, FieldError, Locale};
use ensemble_store::entities::accounts;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write};
use sea_orm::{EntityTrait, IntoActiveModel};

/// Asks to move the account to a new address: a link goes to the new address, and the old
/// one is told, so that a stolen session cannot quietly take the account over.
pub async fn change_email(app: &App, viewer: &Viewer, new_email: &str, password: &str) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(new_email));
    if let Some(email) = &email
        && (super::email_key(email.as_str()) == viewer.account.email_key
            || super::by_email(&app.db, email.as_str()).await?.is_some())
    {
        errors.add("email", FieldError::EmailTaken);
    }
    if !super::password_matches(app, viewer, password).await? {
        errors.add("email_password", FieldError::PasswordWrong);
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    rate_limit::check(&app.db, rate_limit::MAIL_PER_ADDRESS, email.as_str()).await?;
    let locale = super::mail_locale(&viewer.account, Locale::default());
    let txn = begin_write(&app.db).await?;
    let token = tokens::issue(&txn, viewer.account.id, Purpose::EmailChange, Some(email.as_str().to_owned())).await?;
    let link = app.url(&format!("/account/email/{token}"));
    jobs::enqueue_mail(
        &txn,
        &Envelope { to: email.as_str().to_owned(), locale, mail: Mail::ConfirmEmailChange { link } },
    )
    .await?;
    jobs::enqueue_mail(
        &txn,
        &Envelope {
            to: viewer.account.email.clone(),
            locale,
            mail: Mail::EmailChangeRequested { new_email: email.as_str().to_owned() },
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Completes an address change from the link mailed to the new address.
pub async fn confirm_email_change(app: &App, token: &str) -> AppResult<()> {
    let txn = begin_write(&app.db).await?;
    let token = tokens::consume(&txn, token, Purpose::EmailChange).await?;
    let new_email = token.email.ok_or_else(|| FieldErrors::single("token", FieldError::LinkInvalid))?;
    if super::by_email(&txn, &new_email).await?.is_some() {
        return Err(FieldErrors::single("token", FieldError::EmailTaken));
    }
    let account = accounts::Entity::find_by_id(token.account_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let mut row = account.into_active_model();
    row.email_key = Set(super::email_key(&new_email));
    row.email = Set(new_email);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await.map_err(|e| super::sign_up::unique_to_field(e, "token", FieldError::EmailTaken))?;
    txn.commit().await?;
    Ok(())
}
