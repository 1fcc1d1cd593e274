//! Deliveries to other servers (the federation half of the transactional outbox) and the
//! health of the instances they go to.

use super::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    Id,
    ActorId,
    InboxUrl,
    Host,
    Activity,
    RunAt,
    Attempts,
    LeaseUntil,
    LastError,
    FailedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Instances {
    Table,
    Id,
    Host,
    ConsecutiveFailures,
    FailingSince,
    LastSuccessAt,
    LastFailureAt,
    DeadSince,
    NextProbeAt,
}

#[derive(DeriveIden)]
enum Actors {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Deliveries::Table)
                    .col(big_pk_auto(Deliveries::Id))
                    .col(big_integer(Deliveries::ActorId))
                    .col(text(Deliveries::InboxUrl))
                    .col(string(Deliveries::Host))
                    .col(text(Deliveries::Activity))
                    .col(timestamp_with_time_zone(Deliveries::RunAt))
                    .col(integer(Deliveries::Attempts))
                    .col(timestamp_with_time_zone_null(Deliveries::LeaseUntil))
                    .col(text_null(Deliveries::LastError))
                    .col(timestamp_with_time_zone_null(Deliveries::FailedAt))
                    .col(timestamp_with_time_zone(Deliveries::CreatedAt))
                    .foreign_key(&mut fk(
                        (Deliveries::Table, Deliveries::ActorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(Index::create().name("deliveries_due").table(Deliveries::Table).col(Deliveries::RunAt).take())
            .await?;
        manager
            .create_index(Index::create().name("deliveries_host").table(Deliveries::Table).col(Deliveries::Host).take())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Instances::Table)
                    .col(big_pk_auto(Instances::Id))
                    .col(string_uniq(Instances::Host))
                    .col(integer(Instances::ConsecutiveFailures))
                    .col(timestamp_with_time_zone_null(Instances::FailingSince))
                    .col(timestamp_with_time_zone_null(Instances::LastSuccessAt))
                    .col(timestamp_with_time_zone_null(Instances::LastFailureAt))
                    .col(timestamp_with_time_zone_null(Instances::DeadSince))
                    .col(timestamp_with_time_zone_null(Instances::NextProbeAt))
                    .take(),
            )
            .await?;
        Ok(())
    }
}
