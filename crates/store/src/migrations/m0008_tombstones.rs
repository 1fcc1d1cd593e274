//! The addresses of deleted local objects (events today), so that they answer "gone" (HTTP 410
//! with a `Tombstone`) rather than "not found": other servers then drop their copies.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tombstones {
    Table,
    Id,
    ApId,
    FormerType,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tombstones::Table)
                    .col(big_pk_auto(Tombstones::Id))
                    .col(text_uniq(Tombstones::ApId))
                    .col(string(Tombstones::FormerType))
                    .col(timestamp_with_time_zone(Tombstones::DeletedAt))
                    .take(),
            )
            .await
    }
}
