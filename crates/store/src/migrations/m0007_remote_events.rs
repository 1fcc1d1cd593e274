//! Events of other servers, stored to be shown and joined here, and the Join activities that
//! link a participation to its federated counterpart.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Events {
    Table,
    Domain,
    Url,
    RemoteParticipantCount,
}

#[derive(DeriveIden)]
enum Participations {
    Table,
    JoinApId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for column in
            [string_null(Events::Domain), text_null(Events::Url), integer_null(Events::RemoteParticipantCount)]
        {
            manager.alter_table(Table::alter().table(Events::Table).add_column(column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter().table(Participations::Table).add_column(text_null(Participations::JoinApId)).to_owned(),
            )
            .await?;
        // Accept and Reject name the Join: each Join is one participation.
        manager
            .create_index(
                Index::create()
                    .name("participations_join_ap_id")
                    .table(Participations::Table)
                    .col(Participations::JoinApId)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(Index::create().name("events_domain").table(Events::Table).col(Events::Domain).take())
            .await
    }
}
