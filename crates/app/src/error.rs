use ensemble_domain::FieldError;

/// What went wrong, classified by what the caller should do about it. `web` maps each class
/// to a response once; the cause of an `Internal` error is logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("not logged in")]
    Unauthenticated,
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// The action clashes with the current state (already joined, event cancelled…); the
    /// code names the Fluent message `conflict-<code>`.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many attempts, retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<ensemble_store::DbErr> for AppError {
    fn from(err: ensemble_store::DbErr) -> Self {
        AppError::Internal(anyhow::Error::new(err).context("database"))
    }
}

/// Errors per form field, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(&'static str, FieldError)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &'static str, error: FieldError) {
        self.0.push((field, error));
    }

    /// Records the error of a failed parse and returns its value, if any.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.add(field, e)).ok()
    }

    pub fn get(&self, field: &str) -> Option<FieldError> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, e)| *e)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> AppResult<()> {
        if self.is_empty() { Ok(()) } else { Err(AppError::Invalid(self)) }
    }

    pub fn single(field: &'static str, error: FieldError) -> AppError {
        AppError::Invalid(FieldErrors(vec![(field, error)]))
    }
}
