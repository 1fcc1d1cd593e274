//! One set of migrations for both backends, forward-only. Each file is frozen once released:
//! change the schema by adding a migration, never by editing one.

use sea_orm_migration::prelude::*;

mod m0001_accounts;
mod m0002_events;
mod m0003_federation;
mod m0004_deliveries;
mod m0005_time_zones;
mod m0006_follows;
mod m0007_remote_events;
mod m0008_tombstones;
mod m0009_delivery_age;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_accounts::Migration),
            Box::new(m0002_events::Migration),
            Box::new(m0003_federation::Migration),
            Box::new(m0004_deliveries::Migration),
            Box::new(m0005_time_zones::Migration),
            Box::new(m0006_follows::Migration),
            Box::new(m0007_remote_events::Migration),
            Box::new(m0008_tombstones::Migration),
            Box::new(m0009_delivery_age::Migration),
        ]
    }
}

/// A foreign key from `from` (table, column) to `to`, shared by the migrations.
fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).take()
}

/// Brings the database up to date; safe to call on every start.
pub async fn migrate(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
