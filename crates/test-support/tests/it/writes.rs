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

/// One unit: adds the row `label` and counts itself; fails after writing when `fail` is set.
async fn add(db: &ensemble_store::Db, label: &str, fail: bool, runs: &AtomicUsize) -> Result<String, DbErr> {
    write(db, |txn| {
        Box::pin(async move {
            runs.fetch_add(1, Ordering::SeqCst);
            let backend = txn.get_database_backend();
            let sql = |sql: &str, values: Vec<Value>| {
                let sql = if backend == sea_orm::DbBackend::Postgres { sql.replace('?', "$1") } else { sql.to_owned() };
                Statement::from_sql_and_values(backend, sql, values)
            };
            txn.execute_raw(sql("INSERT INTO probe (label, n) VALUES (?, 1)", vec![label.into()])).await?;
            txn.execute_raw(sql("UPDATE probe SET n = n + 1 WHERE label = 'counter'", vec![])).await?;
            if fail {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_units_each_commit_once_with_their_own_value() {
    let app = with_probe().await;
    let runs = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let (db, runs) = (app.app.db.clone(), Arc::clone(&runs));
            tokio::spawn(async move { add(&db, &label(i), false, &runs).await })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        assert_eq!(task.await.unwrap().unwrap(), format!("{} done", label(i)));
    }
    assert_eq!(labels(&app).await, (0..40).map(label).collect::<Vec<_>>());
    assert_eq!(counter(&app).await, 40);
    assert_eq!(runs.load(Ordering::SeqCst), 40, "no unit ran twice: none failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_unit_keeps_nothing_and_the_others_everything() {
    let app = with_probe().await;
    let runs = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let (db, runs) = (app.app.db.clone(), Arc::clone(&runs));
            tokio::spawn(async move { add(&db, &label(i), i % 10 == 7, &runs).await })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        let outcome = task.await.unwrap();
        if i % 10 == 7 {
            assert!(matches!(&outcome, Err(DbErr::Custom(m)) if *m == format!("{} failed", label(i))), "{outcome:?}");
        } else {
            assert_eq!(outcome.unwrap(), format!("{} done", label(i)));
        }
    }
    let kept: Vec<String> = (0..30).filter(|i| i % 10 != 7).map(label).collect();
    assert_eq!(labels(&app).await, kept);
    assert_eq!(counter(&app).await, 27, "each kept unit counted once, failed ones not at all");
    // Units batched with a failing one ran again alone: more runs than units, never fewer.
    assert!(runs.load(Ordering::SeqCst) >= 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancelled_unit_keeps_nothing_and_holds_nobody_up() {
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
    let other = async { add(&db, "after", false, &runs).await };
    let (other, ()) = tokio::join!(other, async {
        cancelled.abort();
        assert!(cancelled.await.unwrap_err().is_cancelled());
    });
    assert_eq!(other.unwrap(), "after done");
    assert_eq!(labels(&app).await, vec!["after".to_owned()]);
    assert_eq!(counter(&app).await, 1);
}
