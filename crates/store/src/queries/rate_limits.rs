use super::statement;
use sea_orm::{ConnectionTrait, DbErr, prelude::DateTimeUtc};

/// Counts one hit on `key` in the window starting at `window_start` and returns the hits so far
/// in that window. A new window resets the count; one upsert, so concurrent hits are all counted.
pub async fn hit(db: &impl ConnectionTrait, key: &str, window_start: DateTimeUtc) -> Result<i32, DbErr> {
    let stmt = statement(
        db.get_database_backend(),
        "INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
           window_start = excluded.window_start \
         RETURNING hits",
        vec![key.into(), window_start.into()],
    );
    let row = db
        .query_one_raw(stmt)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("rate limit upsert returned no row".into()))?;
    row.try_get("", "hits")
}
