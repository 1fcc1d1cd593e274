//! One set of migrations for both backends, forward-only. Each file is frozen once released:
//! change the schema by adding a migration, never by editing one.

use sea_orm_migration::prelude::*;

mod m0001_accounts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m0001_accounts::Migration)]
    }
}

/// Brings the database up to date; safe to call on every start.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
