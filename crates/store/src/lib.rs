//! Storage: SeaORM entities, the one set of migrations for SQLite and PostgreSQL, and the
//! queries the use cases need. The backend is chosen at run time from the database URL.

mod connect;
pub mod entities;
pub mod migrations;
pub mod queries;

pub use connect::{Backend, connect};
pub use sea_orm::{
    ActiveModelTrait, ActiveValue, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait,
};

/// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
/// so that two writers queue on `busy_timeout` instead of failing when one upgrades.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Whether an error is a violated unique constraint (a race lost to another writer).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
