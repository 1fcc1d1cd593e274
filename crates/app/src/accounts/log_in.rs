use crate::{App, AppError, AppResult, FieldErrors, crypto, rate_limit, sessions};
use ensemble_domain::FieldError;

/// The log-in form, as typed.
#[derive(Debug, Clone, Default)]
pub struct LogIn {
    pub email: String,
    pub password: String,
}

/// A hash of no password, verified when the address is unknown, so that the answer takes
/// as long as for a real account and timing does not tell which addresses are registered.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PbDRz8dxjRgXoqQfP/Nq/Y2rBCOGkfdIkJbFp7vGGpk";

/// Checks the credentials and opens a session; returns its token.
pub async fn log_in(app: &App, input: LogIn, client: &str) -> AppResult<String> {
    let mut errors = FieldErrors::new();
    if input.email.trim().is_empty() {
        errors.add("email", FieldError::Required);
    }
    if input.password.is_empty() {
        errors.add("password", FieldError::Required);
    }
    errors.into_result()?;
    rate_limit::check(&app.db, rate_limit::LOGIN_PER_IP, client).await?;
    rate_limit::check(&app.db, rate_limit::LOGIN_PER_ACCOUNT, &super::email_key(&input.email)).await?;

    let account = super::by_email(&app.db, &input.email).await?;
    let hash = account.as_ref().map_or(DECOY_HASH, |a| a.password_hash.as_str()).to_owned();
    let valid = crypto::verify_password_blocking(input.password, hash).await;
    let account = match account {
        Some(account) if valid => account,
        _ => return Err(FieldErrors::single("email", FieldError::CredentialsWrong)),
    };
    if account.confirmed_at.is_none() {
        return Err(FieldErrors::single("email", FieldError::AccountUnconfirmed));
    }
    let actor_id = account
        .default_actor_id
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("account {} has no identity", account.id)))?;
    let token = sessions::start(&app.db, account.id, actor_id).await?;
    tracing::info!(account = account.id, "logged in");
    Ok(token)
}
