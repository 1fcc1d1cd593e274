use super::tokens::{self, Purpose};
use crate::identities::{self, NewIdentity};
use crate::mail::{Envelope, Mail};
use crate::{App, AppError, AppResult, FieldErrors, crypto, jobs, rate_limit, sessions};
use chrono::Utc;
use ensemble_domain::{Email, FieldError, Locale, Password, Role};
use ensemble_store::entities::accounts;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write, is_unique_violation};
use sea_orm::{EntityTrait, IntoActiveModel};

/// The sign-up form, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
    pub username: String,
    pub display_name: String,
    pub locale: Locale,
}

/// Creates an unconfirmed account with its first identity and mails the confirmation link.
/// `client` identifies the requester for rate limiting (its IP address).
pub async fn sign_up(app: &App, input: NewAccount, client: &str) -> AppResult<()> {
    let policy = app.settings.registration_policy();
    if policy.is_closed() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&input.email));
    let password = errors.check("password", Password::parse(&input.password));
    if password.is_some() && input.password != input.password_confirmation {
        errors.add("password_confirmation", FieldError::PasswordMismatch);
    }
    let identity = NewIdentity::parse(&input.username, &input.display_name, "", &mut errors);
    if let Some(email) = &email {
        if !policy.allows(email) {
            errors.add("email", FieldError::EmailNotAllowed);
        } else if super::by_email(&app.db, email.as_str()).await?.is_some() {
            errors.add("email", FieldError::EmailTaken);
        }
    }
    if let Some(identity) = &identity {
        identities::check_username_free(&app.db, identity, &mut errors).await?;
    }
    let (Some(email), Some(password), Some(identity), true) = (email, password, identity, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    rate_limit::check(&app.db, rate_limit::SIGNUP_PER_IP, client).await?;

    let password_hash = crypto::hash_password_blocking(password.expose().to_owned()).await?;
    let keys = crate::keys::generate().await?;
    let txn = begin_write(&app.db).await?;
    let now = Utc::now();
    let account = accounts::ActiveModel {
        email: Set(email.as_str().to_owned()),
        email_key: Set(super::email_key(email.as_str())),
        password_hash: Set(password_hash),
        role: Set(Role::User.as_str().to_owned()),
        locale: Set(Some(input.locale.code().to_owned())),
        time_zone: Set(None),
        confirmed_at: Set(None),
        default_actor_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| unique_to_field(e, "email", FieldError::EmailTaken))?;
    identities::insert(app, &txn, account.id, &identity, keys, true).await?;
    let token = tokens::issue(&txn, account.id, Purpose::Confirm, None).await?;
    let link = app.url(&format!("/account/confirm/{token}"));
    jobs::enqueue_mail(
        &txn,
        &Envelope { to: email.as_str().to_owned(), locale: input.locale, mail: Mail::ConfirmAccount { link } },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(account = account.id, "account signed up");
    Ok(())
}

/// A unique index caught what the earlier check missed (two sign-ups at once).
pub(crate) fn unique_to_field(err: sea_orm::DbErr, field: &'static str, error: FieldError) -> AppError {
    if is_unique_violation(&err) { FieldErrors::single(field, error) } else { err.into() }
}

/// Confirms the account behind a mailed link and logs it in; returns the session token.
pub async fn confirm_account(app: &App, token: &str) -> AppResult<String> {
    let txn = begin_write(&app.db).await?;
    let token = tokens::consume(&txn, token, Purpose::Confirm).await?;
    let account = accounts::Entity::find_by_id(token.account_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let actor_id = account.default_actor_id.ok_or(AppError::NotFound)?;
    let mut row = account.into_active_model();
    row.confirmed_at = Set(Some(Utc::now()));
    row.updated_at = Set(Utc::now());
    let account = row.update(&txn).await?;
    let session = sessions::start(&txn, account.id, actor_id).await?;
    txn.commit().await?;
    Ok(session)
}

/// Sends a new confirmation link to an unconfirmed account. Says nothing about whether the
/// address has an account: the answer is the same either way.
pub async fn resend_confirmation(app: &App, email: &str, client: &str, locale: Locale) -> AppResult<()> {
    let email = Email::parse(email).map_err(|e| FieldErrors::single("email", e))?;
    rate_limit::check(&app.db, rate_limit::RESET_PER_IP, client).await?;
    rate_limit::check(&app.db, rate_limit::MAIL_PER_ADDRESS, email.as_str()).await?;
    let txn = begin_write(&app.db).await?;
    if let Some(account) = super::by_email(&txn, email.as_str()).await?
        && account.confirmed_at.is_none()
    {
        let token = tokens::issue(&txn, account.id, Purpose::Confirm, None).await?;
        let link = app.url(&format!("/account/confirm/{token}"));
        let locale = super::mail_locale(&account, locale);
        jobs::enqueue_mail(&txn, &Envelope { to: account.email.clone(), locale, mail: Mail::ConfirmAccount { link } })
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Whether a confirmation link can still be used.
pub async fn confirm_link_is_live(app: &App, token: &str) -> AppResult<bool> {
    Ok(tokens::peek(&app.db, token, Purpose::Confirm).await.is_ok())
}

/// Whether an address-change link can still be used.
pub async fn email_link_is_live(app: &App, token: &str) -> AppResult<bool> {
    Ok(tokens::peek(&app.db, token, Purpose::EmailChange).await.is_ok())
}
