use sea_orm::entity::prelude::*;

/// The transactional outbox: side effects (mails now, deliveries later) written in the
/// same transaction as the change that causes them, run by workers that lease them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What to do, e.g. `mail`.
    pub kind: String,
    /// JSON, interpreted according to `kind`.
    pub payload: String,
    pub run_at: DateTimeUtc,
    pub attempts: i32,
    pub max_attempts: i32,
    /// Until when a worker holds this job; `None` when nobody does.
    pub lease_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// Set when the job gave up after `max_attempts`; kept for the admin to see.
    pub failed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
