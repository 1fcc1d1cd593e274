//! Account administration from the command line (`ensemble users …`).

use crate::identities::{self, NewIdentity};
use crate::{App, AppError, AppResult, FieldErrors, crypto};
use chrono::Utc;
use ensemble_domain::{Email, FieldError, Locale, Password, Role};
use ensemble_store::entities::{accounts, actors};
use ensemble_store::queries::{actors as actor_queries, sessions as session_queries};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter};

/// An account and its identities, as the CLI shows them.
pub struct AccountSummary {
    pub account: accounts::Model,
    pub identities: Vec<actors::Model>,
}

/// Creates a confirmed account with its first identity. Without a password, one is generated
/// and returned so that it can be handed over once.
pub async fn create_user(
    app: &App,
    email: &str,
    username: &str,
    password: Option<&str>,
    role: Role,
) -> AppResult<(AccountSummary, Option<String>)> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(email));
    let generated = password.is_none().then(crypto::random_token);
    let password = errors.check("password", Password::parse(password.or(generated.as_deref()).unwrap_or_default()));
    let identity = NewIdentity::parse(username, "", "", &mut errors);
    if let Some(email) = &email
        && super::by_email(&app.db, email.as_str()).await?.is_some()
    {
        errors.add("email", FieldError::EmailTaken);
    }
    if let Some(identity) = &identity {
        identities::check_username_free(&app.db, identity, &mut errors).await?;
    }
    let (Some(email), Some(password), Some(identity), true) = (email, password, identity, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let hash = crypto::hash_password_blocking(password.expose().to_owned()).await?;
    let keys = crate::keys::generate().await?;
    let txn = begin_write(&app.db).await?;
    let now = Utc::now();
    let account = accounts::ActiveModel {
        email: Set(email.as_str().to_owned()),
        email_key: Set(super::email_key(email.as_str())),
        password_hash: Set(hash),
        role: Set(role.as_str().to_owned()),
        locale: Set(None),
        time_zone: Set(None),
        confirmed_at: Set(Some(now)),
        default_actor_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let actor = identities::insert(app, &txn, account.id, &identity, keys, true).await?;
    txn.commit().await?;
    let account = accounts::Entity::find_by_id(account.id).one(&app.db).await?.ok_or(AppError::NotFound)?;
    Ok((AccountSummary { account, identities: vec![actor] }, generated))
}

pub async fn find_user(app: &App, email: &str) -> AppResult<AccountSummary> {
    let account = super::by_email(&app.db, email).await?.ok_or(AppError::NotFound)?;
    let identities = actor_queries::identities_of(&app.db, account.id).await?;
    Ok(AccountSummary { account, identities })
}

/// What `ensemble users modify` may change.
#[derive(Debug, Default)]
pub struct UserChanges {
    pub role: Option<Role>,
    pub password: Option<String>,
    pub confirm: bool,
    pub locale: Option<Locale>,
}

pub async fn modify_user(app: &App, email: &str, changes: UserChanges) -> AppResult<AccountSummary> {
    let account = super::by_email(&app.db, email).await?.ok_or(AppError::NotFound)?;
    let new_hash = match &changes.password {
        Some(p) => {
            let password = Password::parse(p).map_err(|e| FieldErrors::single("password", e))?;
            Some(crypto::hash_password_blocking(password.expose().to_owned()).await?)
        }
        None => None,
    };
    let txn = begin_write(&app.db).await?;
    let mut row = account.clone().into_active_model();
    if let Some(role) = changes.role {
        row.role = Set(role.as_str().to_owned());
    }
    if let Some(hash) = new_hash {
        row.password_hash = Set(hash);
        session_queries::end_all(&txn, account.id, None).await?;
    }
    if changes.confirm && account.confirmed_at.is_none() {
        row.confirmed_at = Set(Some(Utc::now()));
    }
    if let Some(locale) = changes.locale {
        row.locale = Set(Some(locale.code().to_owned()));
    }
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    txn.commit().await?;
    find_user(app, email).await
}

/// Deletes an account without its password, like the account's own deletion otherwise.
pub async fn delete_user(app: &App, email: &str) -> AppResult<()> {
    let account = super::by_email(&app.db, email).await?.ok_or(AppError::NotFound)?;
    let txn = begin_write(&app.db).await?;
    super::delete::remove(&txn, account.id).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the instance has an administrator yet (the start-up message says how to make one).
pub async fn has_administrator(app: &App) -> AppResult<bool> {
    let count =
        accounts::Entity::find().filter(accounts::Column::Role.eq(Role::Administrator.as_str())).count(&app.db).await?;
    Ok(count > 0)
}
