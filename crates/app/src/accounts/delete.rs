use crate::identities;
use crate::mail::{Envelope, Mail};
use crate::sessions::Viewer;
use crate::{App, AppResult, FieldErrors, jobs};
use ensemble_domain::{FieldError, Locale};
use ensemble_store::entities::accounts;
use ensemble_store::queries::actors as actor_queries;
use ensemble_store::{ConnectionTrait, begin_write};
use sea_orm::EntityTrait;

/// Deletes the account after checking its password. Its identities become tombstones (their
/// names stay reserved, their profiles empty); sessions and links go with the account.
pub async fn delete_account(app: &App, viewer: &Viewer, password: &str) -> AppResult<()> {
    if !super::password_matches(app, viewer, password).await? {
        return Err(FieldErrors::single("password", FieldError::PasswordWrong));
    }
    let txn = begin_write(&app.db).await?;
    remove(&txn, viewer.account.id).await?;
    let locale = super::mail_locale(&viewer.account, Locale::default());
    jobs::enqueue_mail(&txn, &Envelope { to: viewer.account.email.clone(), locale, mail: Mail::AccountDeleted })
        .await?;
    txn.commit().await?;
    tracing::info!(account = viewer.account.id, "account deleted");
    Ok(())
}

/// Tombstones the account's identities and deletes the account with its sessions and links.
pub(crate) async fn remove(db: &impl ConnectionTrait, account_id: i64) -> AppResult<()> {
    for identity in actor_queries::identities_of(db, account_id).await? {
        identities::tombstone(db, identity).await?;
    }
    accounts::Entity::delete_by_id(account_id).exec(db).await?;
    Ok(())
}
