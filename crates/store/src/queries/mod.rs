//! Queries that are more than a one-line SeaORM call, or whose SQL differs by backend.

pub mod actors;
pub mod deliveries;
pub mod jobs;
pub mod rate_limits;
pub mod sessions;

use sea_orm::{DbBackend, Statement, Value};

/// Builds a statement from SQL written with `?` placeholders, numbering them `$1, $2, …`
/// for PostgreSQL, so that one text serves both backends where the SQL itself is the same.
pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut numbered = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    numbered.push('$');
                    numbered.push_str(&n.to_string());
                } else {
                    numbered.push(c);
                }
            }
            numbered
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Locks an event's row until the transaction ends, so that concurrent joins count places
/// one after another. SQLite's write transactions (`BEGIN IMMEDIATE`) are already serial.
pub async fn lock_event(db: &impl sea_orm::ConnectionTrait, event_id: i64) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(statement(
            DbBackend::Postgres,
            "SELECT id FROM events WHERE id = ? FOR UPDATE",
            vec![event_id.into()],
        ))
        .await?;
    }
    Ok(())
}
