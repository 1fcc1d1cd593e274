//! Storage: SeaORM entities, the one set of migrations for SQLite and PostgreSQL, and the
//! queries the use cases need. The backend is chosen at run time from the database URL.

mod batch;
mod connect;
mod db;
pub mod entities;
pub mod migrations;
pub mod queries;

pub use batch::{BatchStats, Tx, UnitFuture, write};
pub use connect::{Backend, connect};
pub use db::{Db, WriteTransaction, begin_write};
pub use sea_orm::{ActiveModelTrait, ActiveValue, ConnectionTrait, DbErr};

/// Whether an error is a violated unique constraint (a race lost to another writer).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
