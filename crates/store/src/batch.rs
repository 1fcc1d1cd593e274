//! Group commit on SQLite: units of write work that arrive together run one after another in
//! one shared transaction, committed once.
//!
//! Every statement is a round trip to the connection's thread (tens of microseconds of CPU,
//! more under load), and a commit writes its pages to the WAL: a unit that writes two rows
//! costs four round trips and a commit alone, two round trips and a share of one commit in a
//! batch. Units keep their isolation from each other, since they still run one at a time.
//!
//! A batch is begun by a coordinator task as soon as a unit arrives and none is open; the units
//! that arrive until it is sealed join it. It is sealed when every unit that joined is done
//! (or when it is full), then committed; units arriving meanwhile form the next batch. A unit
//! that fails, or is cancelled, after writing spoils the batch: it is rolled back, and each of
//! its units runs again alone, in a transaction of its own, which gives it exactly the outcome
//! it would have had without batching. A unit that fails before writing spoils nothing: its
//! error stands once the batch commits (it read what the units before it wrote, as if they had
//! run one after another). Units must therefore do nothing but read and write through the `Tx`
//! they are given (a log line aside): messages and caches are for after `write`.

use crate::connect::BUSY_TIMEOUT;
use crate::db::{Db, WriteTransaction, begin_write, only_reads};
use sea_orm::DbErr;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{Notify, OwnedMutexGuard, watch};

/// At most this many units share a commit, so that one batch does not hold the others back.
const MAX_UNITS: usize = 64;

/// The transaction a unit of `write` runs in. `'a` is the lifetime of what the unit borrows
/// from its caller: the transaction (`'t`) never outlives it.
#[derive(Debug, Clone, Copy)]
pub struct Tx<'t, 'a> {
    txn: &'t WriteTransaction,
    /// Set by the first statement that writes.
    wrote: &'t AtomicBool,
    _borrows: PhantomData<&'t &'a ()>,
}

impl<'t> Tx<'t, '_> {
    fn new(txn: &'t WriteTransaction, wrote: &'t AtomicBool) -> Self {
        Tx { txn, wrote, _borrows: PhantomData }
    }

    pub(crate) fn txn(&self) -> &WriteTransaction {
        self.txn
    }

    /// Notes a statement about to run.
    pub(crate) fn saw(&self, sql: &str) {
        if !only_reads(sql) {
            self.wrote.store(true, Ordering::Relaxed);
        }
    }
}

/// What a unit of `write` returns: `Box::pin(async move { … })`.
pub type UnitFuture<'t, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 't>>;

/// Runs `unit` in a write transaction and commits it; on SQLite, in a batch with the units
/// that arrive at the same time (see the module's comment). `unit` may run twice, and its
/// outcome is the one it would have had alone.
pub async fn write<'a, T, E, F>(db: &Db, mut unit: F) -> Result<T, E>
where
    F: for<'t> FnMut(Tx<'t, 'a>) -> UnitFuture<'t, T, E> + Send,
    T: Send,
    E: From<DbErr> + Send,
{
    if let Some(batches) = db.batches()
        && let Some(outcome) = batches.run(db, &mut unit).await
    {
        return outcome;
    }
    let txn = begin_write(db).await?;
    let wrote = AtomicBool::new(false);
    let outcome = unit(Tx::new(&txn, &wrote)).await;
    match outcome {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(e) => {
            // At once rather than on drop, so that the next writer finds the lock free.
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rolling back a write");
            }
            Err(e)
        }
    }
}

/// The batch that units may still join, if any, and what batching achieved.
#[derive(Debug, Default)]
pub(crate) struct Batches {
    open: Mutex<Option<Arc<Batch>>>,
    committed_batches: AtomicU64,
    committed_units: AtomicU64,
}

#[derive(Debug)]
struct Batch {
    /// Held by the coordinator until the transaction has begun (`None` if it could not), then
    /// by one unit at a time, in the order they asked (tokio's mutex is fair).
    txn: Arc<tokio::sync::Mutex<Option<WriteTransaction>>>,
    counts: Mutex<Counts>,
    /// A unit is done.
    progress: Notify,
    /// `Some(true)` once committed, `Some(false)` once rolled back or failed to begin.
    outcome: watch::Sender<Option<bool>>,
}

#[derive(Debug, Default)]
struct Counts {
    joined: usize,
    done: usize,
    spoiled: bool,
    sealed: bool,
}

/// How many batches committed, and how many units they held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchStats {
    pub batches: u64,
    pub units: u64,
}

impl Db {
    /// What group commit achieved in this process; `None` where it is not used (PostgreSQL).
    pub fn batch_stats(&self) -> Option<BatchStats> {
        self.batches().map(|b| BatchStats {
            batches: b.committed_batches.load(Ordering::Relaxed),
            units: b.committed_units.load(Ordering::Relaxed),
        })
    }
}

impl Batches {
    /// Runs `unit` in the open batch; its outcome once the batch is committed, `None` when it
    /// must run alone (the batch did not commit, or the unit spoiled it or could not run).
    async fn run<'a, T, E, F>(self: &Arc<Self>, db: &Db, unit: &mut F) -> Option<Result<T, E>>
    where
        F: for<'t> FnMut(Tx<'t, 'a>) -> UnitFuture<'t, T, E> + Send,
        T: Send,
        E: Send,
    {
        let batch = self.join(db);
        let mut outcome = batch.outcome.subscribe();
        let wrote = AtomicBool::new(false);
        let mut finished = Finished { batch: &batch, wrote: &wrote, succeeded: false };
        let result = {
            // A unit that waits this long is waiting for itself (a `write` inside a unit).
            let txn = tokio::time::timeout(BUSY_TIMEOUT, batch.txn.lock()).await.ok()?;
            match txn.as_ref() {
                Some(txn) => unit(Tx::new(txn, &wrote)).await,
                None => return None,
            }
        };
        finished.succeeded = result.is_ok();
        drop(finished);
        let spoiled_by_us = result.is_err() && wrote.load(Ordering::Relaxed);
        let committed = outcome.wait_for(Option::is_some).await.ok().and_then(|o| *o).unwrap_or(false);
        (committed && !spoiled_by_us).then_some(result)
    }

    /// The open batch, joined; a new one (and its coordinator) if none is open or it is full.
    fn join(self: &Arc<Self>, db: &Db) -> Arc<Batch> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(batch) = open.as_ref() {
            let mut counts = batch.counts.lock().unwrap_or_else(PoisonError::into_inner);
            if !counts.sealed && counts.joined < MAX_UNITS {
                counts.joined += 1;
                return Arc::clone(batch);
            }
        }
        let txn = Arc::new(tokio::sync::Mutex::new(None));
        let Ok(held) = Arc::clone(&txn).try_lock_owned() else { unreachable!("a new mutex is free") };
        let batch = Arc::new(Batch {
            txn,
            counts: Mutex::new(Counts { joined: 1, ..Counts::default() }),
            progress: Notify::new(),
            outcome: watch::Sender::new(None),
        });
        *open = Some(Arc::clone(&batch));
        // A task of its own: a unit's caller may be cancelled, the commit must not be.
        let closing = Closing { batches: Arc::clone(self), batch: Arc::clone(&batch), committed: None };
        tokio::spawn(coordinate(db.clone(), closing, held));
        batch
    }

    /// Seals `batch`: no unit joins it any more, and the next one opens another batch. Returns
    /// whether it is whole (no unit spoiled it), once every unit that joined is done.
    fn seal(&self, batch: &Arc<Batch>, only_if_done: bool) -> Option<bool> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let mut counts = batch.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if only_if_done && counts.done < counts.joined {
            return None;
        }
        counts.sealed = true;
        if open.as_ref().is_some_and(|o| Arc::ptr_eq(o, batch)) {
            *open = None;
        }
        Some(!counts.spoiled)
    }
}

/// Begins the batch's transaction, lets its units run, and commits once they are all done.
async fn coordinate(db: Db, mut closing: Closing, mut held: OwnedMutexGuard<Option<WriteTransaction>>) {
    match begin_write(&db).await {
        Ok(txn) => *held = Some(txn),
        Err(e) => tracing::warn!(error = %e, "a batch of writes could not begin; its units run alone"),
    }
    drop(held);
    let batch = Arc::clone(&closing.batch);
    let whole = loop {
        let progress = batch.progress.notified();
        tokio::pin!(progress);
        progress.as_mut().enable();
        if let Some(whole) = closing.batches.seal(&batch, true) {
            break whole;
        }
        progress.await;
    };
    let txn = batch.txn.lock().await.take();
    let units = batch.counts.lock().unwrap_or_else(PoisonError::into_inner).joined;
    let committed = match txn {
        Some(txn) if whole => match txn.commit().await {
            Ok(()) => {
                closing.batches.committed_batches.fetch_add(1, Ordering::Relaxed);
                closing.batches.committed_units.fetch_add(u64::try_from(units).unwrap_or(0), Ordering::Relaxed);
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "a batch of writes could not commit; its units run alone");
                false
            }
        },
        Some(txn) => {
            if let Err(e) = txn.rollback().await {
                tracing::warn!(error = %e, "rolling back a batch of writes");
            }
            false
        }
        None => false,
    };
    closing.committed = Some(committed);
}

/// Tells the batch's units its outcome when the coordinator ends, however it ends: were it to
/// panic or be cancelled (a runtime shutting down), they run alone rather than wait forever.
struct Closing {
    batches: Arc<Batches>,
    batch: Arc<Batch>,
    committed: Option<bool>,
}

impl Drop for Closing {
    fn drop(&mut self) {
        self.batches.seal(&self.batch, false);
        self.batch.outcome.send_replace(Some(self.committed.unwrap_or(false)));
    }
}

/// Counts a unit as done when it finishes, is cancelled or panics; it spoils the batch if it
/// wrote and did not succeed.
struct Finished<'a> {
    batch: &'a Batch,
    wrote: &'a AtomicBool,
    succeeded: bool,
}

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        let mut counts = self.batch.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.done += 1;
        counts.spoiled |= !self.succeeded && self.wrote.load(Ordering::Relaxed);
        drop(counts);
        self.batch.progress.notify_one();
    }
}
