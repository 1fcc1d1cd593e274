//! Federation: what we keep of remote actors (their addresses and key, and when they were
//! last fetched), and the ids of the activities received, so that one delivered twice
//! changes nothing.

use super::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Actors {
    Table,
    Id,
    InboxUrl,
    SharedInboxUrl,
    OutboxUrl,
    FollowersUrl,
    ProfileUrl,
    IconUrl,
    PublicKeyId,
    ManuallyApproves,
    FetchedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    ApId,
    ActorId,
    Kind,
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        let columns = [
            text_null(Actors::InboxUrl),
            text_null(Actors::SharedInboxUrl),
            text_null(Actors::OutboxUrl),
            text_null(Actors::FollowersUrl),
            text_null(Actors::ProfileUrl),
            text_null(Actors::IconUrl),
            text_null(Actors::PublicKeyId),
            boolean(Actors::ManuallyApproves).default(false).take(),
            timestamp_with_time_zone_null(Actors::FetchedAt),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Actors::Table).add_column(&mut column).take()).await?;
        }
        // Signatures name a key, not an actor: the key id finds its owner.
        manager
            .create_index(
                Index::create().name("actors_public_key_id").table(Actors::Table).col(Actors::PublicKeyId).take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Activities::Table)
                    .col(big_pk_auto(Activities::Id))
                    .col(text_uniq(Activities::ApId))
                    .col(big_integer(Activities::ActorId))
                    .col(string(Activities::Kind))
                    .col(timestamp_with_time_zone(Activities::ReceivedAt))
                    .foreign_key(&mut fk(
                        (Activities::Table, Activities::ActorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("activities_actor").table(Activities::Table).col(Activities::ActorId).take(),
            )
            .await
    }
}
