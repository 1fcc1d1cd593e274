//! An index on when deliveries were queued: the sweep that gives up those older than 72 hours
//! runs every minute, and without it reads the whole queue each time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create().name("deliveries_created").table(Deliveries::Table).col(Deliveries::CreatedAt).take(),
            )
            .await
    }
}
