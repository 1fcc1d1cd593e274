//! Accounts, actors (identities), sessions, mailed tokens, media, jobs and rate limits.

use super::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Email,
    EmailKey,
    PasswordHash,
    Role,
    Locale,
    ConfirmedAt,
    DefaultActorId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    FileName,
    ContentType,
    Width,
    Height,
    Size,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Actors {
    Table,
    Id,
    Uuid,
    Kind,
    Username,
    Domain,
    ApId,
    DisplayName,
    Bio,
    BioHtml,
    AvatarMediaId,
    BannerMediaId,
    AccountId,
    PublicKeyPem,
    PrivateKeyPem,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    TokenHash,
    AccountId,
    ActorId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Tokens {
    Table,
    Id,
    TokenHash,
    AccountId,
    Purpose,
    Email,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    RunAt,
    Attempts,
    MaxAttempts,
    LeaseUntil,
    LastError,
    FailedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    WindowStart,
    Hits,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(big_pk_auto(Accounts::Id))
                    .col(string(Accounts::Email))
                    .col(string_uniq(Accounts::EmailKey))
                    .col(string(Accounts::PasswordHash))
                    .col(string(Accounts::Role))
                    .col(string_null(Accounts::Locale))
                    .col(timestamp_with_time_zone_null(Accounts::ConfirmedAt))
                    .col(big_integer_null(Accounts::DefaultActorId))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(big_pk_auto(Media::Id))
                    .col(string_uniq(Media::FileName))
                    .col(string(Media::ContentType))
                    .col(integer(Media::Width))
                    .col(integer(Media::Height))
                    .col(big_integer(Media::Size))
                    .col(timestamp_with_time_zone(Media::CreatedAt))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Actors::Table)
                    .col(big_pk_auto(Actors::Id))
                    .col(uuid_uniq(Actors::Uuid))
                    .col(string(Actors::Kind))
                    .col(string(Actors::Username))
                    .col(string_null(Actors::Domain))
                    .col(string_uniq(Actors::ApId))
                    .col(string(Actors::DisplayName))
                    .col(text(Actors::Bio))
                    .col(text(Actors::BioHtml))
                    .col(big_integer_null(Actors::AvatarMediaId))
                    .col(big_integer_null(Actors::BannerMediaId))
                    .col(big_integer_null(Actors::AccountId))
                    .col(text(Actors::PublicKeyPem))
                    .col(text_null(Actors::PrivateKeyPem))
                    .col(timestamp_with_time_zone_null(Actors::DeletedAt))
                    .col(timestamp_with_time_zone(Actors::CreatedAt))
                    .col(timestamp_with_time_zone(Actors::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Actors::Table, Actors::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        (Actors::Table, Actors::AvatarMediaId),
                        (Media::Table, Media::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        (Actors::Table, Actors::BannerMediaId),
                        (Media::Table, Media::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        // Local names are unique among live and deleted local actors alike (reserved forever);
        // remote actors are told apart by their ActivityPub id. Same SQL on both backends.
        manager
            .get_connection()
            .execute_unprepared("CREATE UNIQUE INDEX actors_local_username ON actors (username) WHERE domain IS NULL")
            .await?;
        manager
            .create_index(Index::create().name("actors_account").table(Actors::Table).col(Actors::AccountId).take())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::TokenHash).primary_key())
                    .col(big_integer(Sessions::AccountId))
                    .col(big_integer(Sessions::ActorId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(&mut fk(
                        (Sessions::Table, Sessions::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Sessions::Table, Sessions::ActorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("sessions_account").table(Sessions::Table).col(Sessions::AccountId).take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Tokens::Table)
                    .col(big_pk_auto(Tokens::Id))
                    .col(string_uniq(Tokens::TokenHash))
                    .col(big_integer(Tokens::AccountId))
                    .col(string(Tokens::Purpose))
                    .col(string_null(Tokens::Email))
                    .col(timestamp_with_time_zone(Tokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Tokens::UsedAt))
                    .col(timestamp_with_time_zone(Tokens::CreatedAt))
                    .foreign_key(&mut fk(
                        (Tokens::Table, Tokens::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(Index::create().name("tokens_account").table(Tokens::Table).col(Tokens::AccountId).take())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(big_pk_auto(Jobs::Id))
                    .col(string(Jobs::Kind))
                    .col(text(Jobs::Payload))
                    .col(timestamp_with_time_zone(Jobs::RunAt))
                    .col(integer(Jobs::Attempts))
                    .col(integer(Jobs::MaxAttempts))
                    .col(timestamp_with_time_zone_null(Jobs::LeaseUntil))
                    .col(text_null(Jobs::LastError))
                    .col(timestamp_with_time_zone_null(Jobs::FailedAt))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .take(),
            )
            .await?;
        manager.create_index(Index::create().name("jobs_due").table(Jobs::Table).col(Jobs::RunAt).take()).await?;

        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    .col(string(RateLimits::Key).primary_key())
                    .col(timestamp_with_time_zone(RateLimits::WindowStart))
                    .col(integer(RateLimits::Hits))
                    .take(),
            )
            .await?;
        Ok(())
    }
}
