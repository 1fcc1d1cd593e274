//! `ensemble_store::write`: units of work that arrive together share a transaction on SQLite
//! (group commit), alone on PostgreSQL. Whatever the batching, each unit's outcome must be the
//! one it would have had alone: its own value, its writes kept once, and nothing kept of a unit
//! that failed or was cancelled.

use ensemble_store::{ConnectionTrait, DbErr, write};
use ensemble_test_support::TestApp;
use sea_orm::{Statement, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

async fn with_probe() -> TestApp {
    let app = TestApp::spawn().await;
    app.sql("CREATE TABLE probe (label TEXT PRIMARY KEY, n INTEGER NOT NULL)").await;
    app.sql("INSERT INTO probe (label, n) VALUES ('counter', 0)").await;
    app
}

/// When a unit fails: never, before writing anything, or after writing its row.
#[derive(Clone, Copy, PartialEq)]
enum Fails {
    Never,
    BeforeWriting,
    AfterWriting,
}

/// One unit: adds the row `label`, counts itself in the counter row and in `runs`.
async fn add(db: &ensemble_store::Db, label: &str, fails: Fails, runs: &AtomicUsize) -> Result<String, DbErr> {
    write(db, |txn| {
        Box::pin(async move {
            runs.fetch_add(1, Ordering::SeqCst);
            if fails == Fails::BeforeWriting {
                return Err(DbErr::Custom(format!("{label} failed")));
            }
            let backend = txn.get_database_backend();
            let sql = |sql: &str, values: Vec<Value>| {
                let sql = if backend == sea_orm::DbBackend::Postgres { sql.replace('?', "$1") } else { sql.to_owned() };
                Statement::from_sql_and_values(backend, sql, values)
            };
            txn.execute_raw(sql("INSERT INTO probe (label, n) VALUES (?, 1)", vec![label.into()])).await?;
            txn.execute_raw(sql("UPDATE probe SET n = n + 1 WHERE label = 'counter'", vec![])).await?;
            if fails == Fails::AfterWriting {
                return Err(DbErr::Custom(format!("{label} failed")));
            }
            Ok(format!("{label} done"))
        })
    })
    .await
}

async fn labels(app: &TestApp) -> Vec<String> {
    let rows = app
        .app
        .db
        .query_all_raw(Statement::from_string(
            app.app.db.get_database_backend(),
            "SELECT label FROM probe WHERE label <> 'counter' ORDER BY label",
        ))
        .await
        .unwrap();
    rows.iter().map(|r| r.try_get::<String>("", "label").unwrap()).collect()
}

async fn counter(app: &TestApp) -> i64 {
    let row = app
        .app
        .db
        .query_one_raw(Statement::from_string(
            app.app.db.get_database_backend(),
            "SELECT n FROM probe WHERE label = 'counter'",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i32>("", "n").map(i64::from).unwrap()
}

fn label(i: usize) -> String {
    format!("unit-{i:02}")
}

/// A deadlock fails the test instead of hanging the run.
async fn within_a_minute(test: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(std::time::Duration::from_secs(60), test).await.expect("the test took over a minute");
}

/// Runs `count` units at once, the `i`th failing as `fails(i)` says; checks each outcome and
/// what is stored, and returns how many times units ran.
async fn run_together(app: &TestApp, count: usize, fails: impl Fn(usize) -> Fails) -> usize {
    let runs = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let (db, runs, how) = (app.app.db.clone(), Arc::clone(&runs), fails(i));
            tokio::spawn(async move { add(&db, &label(i), how, &runs).await })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        let outcome = task.await.unwrap();
        if fails(i) == Fails::Never {
            assert_eq!(outcome.unwrap(), format!("{} done", label(i)));
        } else {
            assert!(matches!(&outcome, Err(DbErr::Custom(m)) if *m == format!("{} failed", label(i))), "{outcome:?}");
        }
    }
    let kept: Vec<String> = (0..count).filter(|i| fails(*i) == Fails::Never).map(label).collect();
    assert_eq!(labels(app).await, kept);
    assert_eq!(
        counter(app).await,
        i64::try_from(kept.len()).unwrap(),
        "each kept unit counted once, failed ones not at all"
    );
    runs.load(Ordering::SeqCst)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_units_each_commit_once_with_their_own_value() {
    within_a_minute(async {
        let app = with_probe().await;
        let runs = run_together(&app, 40, |_| Fails::Never).await;
        assert_eq!(runs, 40, "no unit ran twice: none failed");
        // On SQLite they shared commits.
        if let Some(stats) = app.app.db.batch_stats() {
            assert_eq!(stats.units, 40, "{stats:?}");
            assert!(stats.batches < 40, "{stats:?}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_unit_failing_after_writing_keeps_nothing_and_the_others_everything() {
    within_a_minute(async {
        let app = with_probe().await;
        let runs = run_together(&app, 30, |i| if i % 10 == 7 { Fails::AfterWriting } else { Fails::Never }).await;
        if app.is_postgres() {
            assert_eq!(runs, 30, "each unit alone");
        } else {
            assert!(runs > 30, "units batched with a failing one ran again alone: {runs}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_unit_failing_before_writing_spoils_nothing() {
    within_a_minute(async {
        let app = with_probe().await;
        let runs = run_together(&app, 30, |i| if i % 10 == 7 { Fails::BeforeWriting } else { Fails::Never }).await;
        assert_eq!(runs, 30, "nobody ran twice");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancelled_unit_keeps_nothing_and_holds_nobody_up() {
    within_a_minute(a_cancelled_unit()).await;
}

async fn a_cancelled_unit() {
    let app = with_probe().await;
    let db = app.app.db.clone();
    let (wrote, written) = tokio::sync::oneshot::channel::<()>();
    let cancelled = tokio::spawn(async move {
        let mut wrote = Some(wrote);
        write(&db, |txn| {
            let wrote = wrote.take();
            Box::pin(async move {
                let backend = txn.get_database_backend();
                txn.execute_raw(Statement::from_string(
                    backend,
                    "INSERT INTO probe (label, n) VALUES ('cancelled', 1)",
                ))
                .await?;
                if let Some(wrote) = wrote {
                    let _ = wrote.send(());
                }
                // Stuck, as a caller whose request is dropped would be.
                std::future::pending::<()>().await;
                Ok::<_, DbErr>(())
            })
        })
        .await
    });
    written.await.unwrap();
    // Arrives while the stuck unit holds its transaction (or the write lock).
    let runs = AtomicUsize::new(0);
    let db = app.app.db.clone();
    let other = async { add(&db, "after", Fails::Never, &runs).await };
    let (other, ()) = tokio::join!(other, async {
        cancelled.abort();
        assert!(cancelled.await.unwrap_err().is_cancelled());
    });
    assert_eq!(other.unwrap(), "after done");
    assert_eq!(labels(&app).await, vec!["after".to_owned()]);
    assert_eq!(counter(&app).await, 1);
}
