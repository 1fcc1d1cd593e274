//! `Db`, the database handle every layer shares, and `WriteTransaction`, what `begin_write`
//! opens (and what `write` runs its units in: see `batch`).
//!
//! SQLite has one writer at a time per file. When several connections of the pool ask for
//! the write lock together, SQLite makes the losers sleep in its busy handler (1, 2, 5, 10 ms…)
//! and the lock sits free while they sleep: under load, writes then wait for nothing.
//! So on SQLite the writers of a process take turns on an async mutex first, and only the
//! one whose turn it is asks SQLite for the lock: a write transaction for its whole length,
//! a single statement that writes outside one (through `Db`) for that statement.
//! `busy_timeout` still covers other processes (the command line, a backup). PostgreSQL has
//! row locks and needs no turn.

use crate::batch::{Batches, Tx};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    TransactionTrait,
};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The connection pool, and on SQLite the writers' turn and the batches of `write`. Cheap to
/// clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: DatabaseConnection,
    writers: Option<Arc<Mutex<()>>>,
    batches: Option<Arc<Batches>>,
}

impl Db {
    pub(crate) fn new(pool: DatabaseConnection) -> Db {
        let sqlite = pool.get_database_backend() == DbBackend::Sqlite;
        Db {
            pool,
            writers: sqlite.then(|| Arc::new(Mutex::new(()))),
            batches: sqlite.then(|| Arc::new(Batches::default())),
        }
    }

    pub(crate) fn batches(&self) -> Option<&Arc<Batches>> {
        self.batches.as_ref()
    }

    /// The pool itself, for what takes SeaORM's own type (migrations).
    pub fn pool(&self) -> &DatabaseConnection {
        &self.pool
    }

    /// Closes every connection of the pool.
    pub async fn close(self) -> Result<(), DbErr> {
        self.pool.close().await
    }
}

/// Begins a write transaction. On SQLite it waits for this process's writers' turn, then takes
/// the write lock at once (`BEGIN IMMEDIATE`), so that a transaction never fails when it
/// upgrades from reading to writing.
pub async fn begin_write(db: &Db) -> Result<WriteTransaction, DbErr> {
    let turn = match &db.writers {
        Some(writers) => Some(take_turn(writers).await?),
        None => None,
    };
    let txn = db
        .pool
        .begin_with_options(sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTransaction { txn, _turn: turn })
}

/// Waits for the writers' turn, as long as SQLite's own `busy_timeout`, so that a writer
/// waiting for itself (a bug) fails as it did without the turn instead of hanging.
async fn take_turn(writers: &Arc<Mutex<()>>) -> Result<OwnedMutexGuard<()>, DbErr> {
    tokio::time::timeout(crate::connect::BUSY_TIMEOUT, Arc::clone(writers).lock_owned())
        .await
        .map_err(|_| DbErr::Custom("timed out waiting for the turn to write".into()))
}

/// Whether a statement only reads (the others take the writers' turn).
pub(crate) fn only_reads(sql: &str) -> bool {
    sql.trim_start().get(..6).is_some_and(|word| word.eq_ignore_ascii_case("select"))
}

/// A write transaction, holding the writers' turn (SQLite) until it ends. Dropped without
/// `commit`, it rolls back; but then its connection rolls back later, when next used, while the
/// turn passes at once: end it with `commit` or `rollback`.
#[derive(Debug)]
pub struct WriteTransaction {
    txn: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

/// Implements `ConnectionTrait` by handing every call to `$inner`, after `$before` has seen the
/// statement's SQL (and kept what it returns until the call ends).
macro_rules! delegate_connection {
    ($type:ty, |$this:ident, $sql:ident| $before:expr => $inner:expr) => {
        #[async_trait::async_trait]
        impl ConnectionTrait for $type {
            fn get_database_backend(&self) -> DbBackend {
                let $this = self;
                $inner.get_database_backend()
            }

            async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
                let ($this, $sql) = (self, stmt.sql.as_str());
                let _kept = $before;
                $inner.execute_raw(stmt).await
            }

            async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
                let ($this, $sql) = (self, sql);
                let _kept = $before;
                $inner.execute_unprepared(sql).await
            }

            async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
                let ($this, $sql) = (self, stmt.sql.as_str());
                let _kept = $before;
                $inner.query_one_raw(stmt).await
            }

            async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
                let ($this, $sql) = (self, stmt.sql.as_str());
                let _kept = $before;
                $inner.query_all_raw(stmt).await
            }
        }
    };
}

// A statement that writes outside a transaction takes the writers' turn for its length.
delegate_connection!(Db, |db, sql| match &db.writers {
    Some(writers) if !only_reads(sql) => Some(take_turn(writers).await?),
    _ => None,
} => db.pool);
delegate_connection!(WriteTransaction, |write, _sql| () => write.txn);
delegate_connection!(Tx<'_, '_>, |tx, sql| tx.saw(sql) => tx.txn());
