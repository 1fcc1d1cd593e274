use super::statement;
use crate::entities::jobs;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, prelude::DateTimeUtc,
};

/// A job a worker now holds until `lease_until`.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    payload: String,
    now: DateTimeUtc,
    max_attempts: i32,
) -> Result<i64, DbErr> {
    let job = jobs::ActiveModel {
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        run_at: Set(now),
        attempts: Set(0),
        max_attempts: Set(max_attempts),
        lease_until: Set(None),
        last_error: Set(None),
        failed_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(job.insert(db).await?.id)
}

/// Leases up to `limit` due jobs until `lease_until`. A job whose worker died is claimed again
/// once its lease runs out. On PostgreSQL, `SKIP LOCKED` lets several processes claim at once
/// without waiting on each other; SQLite has a single writer, so the plain form is enough.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTimeUtc,
    lease_until: DateTimeUtc,
    limit: u32,
) -> Result<Vec<Claimed>, DbErr> {
    let backend = db.get_database_backend();
    let lock = if backend == DbBackend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let sql = format!(
        "UPDATE jobs SET lease_until = ?, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE failed_at IS NULL AND run_at <= ? \
                      AND (lease_until IS NULL OR lease_until < ?) ORDER BY run_at, id LIMIT ?{lock}) \
         RETURNING id, kind, payload, attempts, max_attempts"
    );
    let stmt = statement(backend, &sql, vec![lease_until.into(), now.into(), now.into(), i64::from(limit).into()]);
    let rows = db.query_all_raw(stmt).await?;
    rows.iter().map(|row| Claimed::from_query_result(row, "")).collect()
}

/// Attempt `attempts` of job `id` is done: the job leaves the queue. `false` when that attempt
/// no longer holds the job (its lease ran out and another runner claimed it, or it is gone).
pub async fn complete(db: &impl ConnectionTrait, id: i64, attempts: i32) -> Result<bool, DbErr> {
    let done = jobs::Entity::delete_many()
        .filter(jobs::Column::Id.eq(id))
        .filter(jobs::Column::Attempts.eq(attempts))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Attempt `attempts` of job `id` failed: try again at `retry_at`, or give up (`retry_at =
/// None`) and keep the row. Nothing changes when that attempt no longer holds the job.
pub async fn fail(
    db: &impl ConnectionTrait,
    id: i64,
    attempts: i32,
    error: &str,
    retry_at: Option<DateTimeUtc>,
    now: DateTimeUtc,
) -> Result<(), DbErr> {
    let mut update = jobs::Entity::update_many()
        .col_expr(jobs::Column::LeaseUntil, Expr::value(Option::<DateTimeUtc>::None))
        .col_expr(jobs::Column::LastError, Expr::value(error.chars().take(2000).collect::<String>()));
    update = match retry_at {
        Some(at) => update.col_expr(jobs::Column::RunAt, Expr::value(at)),
        None => update.col_expr(jobs::Column::FailedAt, Expr::value(now)),
    };
    update.filter(jobs::Column::Id.eq(id)).filter(jobs::Column::Attempts.eq(attempts)).exec(db).await?;
    Ok(())
}
