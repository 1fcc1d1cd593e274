//! Follows between actors: today instance follows, our `/relay` following another instance's
//! actor or followed by one. Keyed by the Follow activity's id, which Accept, Reject and Undo
//! name.

use super::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    Uuid,
    ApId,
    FollowerId,
    TargetId,
    State,
    CreatedAt,
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
                    .table(Follows::Table)
                    .col(big_pk_auto(Follows::Id))
                    .col(uuid_uniq(Follows::Uuid))
                    .col(text_uniq(Follows::ApId))
                    .col(big_integer(Follows::FollowerId))
                    .col(big_integer(Follows::TargetId))
                    .col(string(Follows::State))
                    .col(timestamp_with_time_zone(Follows::CreatedAt))
                    .foreign_key(&mut fk(
                        (Follows::Table, Follows::FollowerId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Follows::Table, Follows::TargetId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("follows_follower_target")
                    .table(Follows::Table)
                    .col(Follows::FollowerId)
                    .col(Follows::TargetId)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(Index::create().name("follows_target").table(Follows::Table).col(Follows::TargetId).take())
            .await
    }
}
