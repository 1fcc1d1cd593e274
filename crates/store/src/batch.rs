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
//! (or when it is full), then committed; units arriving meanwhile form the next batch. If any
//! unit fails (or is cancelled halfway), the whole batch is rolled back and each of its units
//! runs again alone, in a transaction of its own, which gives it exactly the outcome it would
//! have had without batching. Units must therefore only touch the database, through the
//! transaction they are given: anything else (logs, caches, messages) goes after `write`.

use crate::db::{Db, WriteTransaction, begin_write};
use sea_orm::DbErr;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{Notify, OwnedMutexGuard, watch};

/// The transaction a unit of `write` runs in. `'a` is the lifetime of what the unit borrows
/// from its caller: the transaction (`'t`) never outlives it.
#[derive(Debug, Clone, Copy)]
pub struct Tx<'t, 'a> {
    txn: &'t WriteTransaction,
    _borrows: PhantomData<&'t &'a ()>,
}

impl<'t> Tx<'t, '_> {
    fn new(txn: &'t WriteTransaction) -> Self {
        Tx { txn, _borrows: PhantomData }
    }

    pub(crate) fn txn(&self) -> &WriteTransaction {
        self.txn
    }
}

/// What a unit of `write` returns: `Box::pin(async move { … })`.
pub type UnitFuture<'t, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 't>>;

/// At most this many units share a commit, so that one batch does not hold the others back.
const MAX_UNITS: usize = 64;

/// The batch that units may still join, if any.
#[derive(Debug, Default)]
pub(crate) struct Batches {
    open: Mutex<Option<Arc<Batch>>>,
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
    failed: bool,
    sealed: bool,
}

/// Runs `unit` in a write transaction and commits it; on SQLite, in a batch with the units
/// that arrive at the same time (see the module's comment). `unit` may run twice, and its
/// error, if any, is the one it gives when it runs alone.
pub async fn write<'a, T, E, F>(db: &Db, mut unit: F) -> Result<T, E>
where
    F: for<'t> FnMut(Tx<'t, 'a>) -> UnitFuture<'t, T, E> + Send,
    T: Send,
    E: From<DbErr> + Send,
{
    if let Some(batches) = db.batches()
        && let Some(value) = batches.run(db, &mut unit).await
    {
        return Ok(value);
    }
    let txn = begin_write(db).await?;
    match unit(Tx::new(&txn)).await {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(e) => {
            // At once rather than on drop, so that the next writer finds the lock free.
            txn.rollback().await?;
            Err(e)
        }
    }
}

impl Batches {
    /// Runs `unit` in the open batch; its value once the batch is committed, `None` if the
    /// unit failed or the batch did not commit.
    async fn run<'a, T, E, F>(self: &Arc<Self>, db: &Db, unit: &mut F) -> Option<T>
    where
        F: for<'t> FnMut(Tx<'t, 'a>) -> UnitFuture<'t, T, E> + Send,
        T: Send,
        E: Send,
    {
        let batch = self.join(db);
        let mut outcome = batch.outcome.subscribe();
        let mut finished = Finished { batch: &batch, started: false, failed: true };
        let result = {
            let txn = batch.txn.lock().await;
            match txn.as_ref() {
                Some(txn) => {
                    finished.started = true;
                    unit(Tx::new(txn)).await.ok()
                }
                None => None,
            }
        };
        finished.failed = result.is_none();
        drop(finished);
        let committed = outcome.wait_for(Option::is_some).await.ok().and_then(|o| *o).unwrap_or(false);
        result.filter(|_| committed)
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
        tokio::spawn(coordinate(Arc::clone(self), db.clone(), Arc::clone(&batch), held));
        batch
    }

    /// Seals `batch` if every unit that joined it is done: it can then be committed, and the
    /// next unit opens another batch.
    fn seal_if_done(&self, batch: &Arc<Batch>) -> Option<bool> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let mut counts = batch.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if counts.done < counts.joined {
            return None;
        }
        counts.sealed = true;
        if open.as_ref().is_some_and(|o| Arc::ptr_eq(o, batch)) {
            *open = None;
        }
        Some(!counts.failed)
    }
}

/// Begins the batch's transaction, lets its units run, and commits once they are all done.
async fn coordinate(
    batches: Arc<Batches>,
    db: Db,
    batch: Arc<Batch>,
    mut held: OwnedMutexGuard<Option<WriteTransaction>>,
) {
    match begin_write(&db).await {
        Ok(txn) => *held = Some(txn),
        Err(e) => tracing::warn!(error = %e, "a batch of writes could not begin; its units run alone"),
    }
    drop(held);
    let succeeded = loop {
        let progress = batch.progress.notified();
        tokio::pin!(progress);
        progress.as_mut().enable();
        if let Some(succeeded) = batches.seal_if_done(&batch) {
            break succeeded;
        }
        progress.await;
    };
    let txn = batch.txn.lock().await.take();
    let committed = match txn {
        Some(txn) if succeeded => match txn.commit().await {
            Ok(()) => true,
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
    batch.outcome.send_replace(Some(committed));
}

/// Counts a unit as done when it finishes, is cancelled or panics; as failed unless it
/// succeeded, or never started (then it wrote nothing).
struct Finished<'a> {
    batch: &'a Batch,
    started: bool,
    failed: bool,
}

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        let mut counts = self.batch.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.done += 1;
        counts.failed |= self.started && self.failed;
        drop(counts);
        self.batch.progress.notify_one();
    }
}
