//! Events, their tags, participations, comments, and private calendar tokens.

use super::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Table,
    Id,
    Uuid,
    ApId,
    OrganizerId,
    Title,
    Description,
    DescriptionHtml,
    StartsAt,
    EndsAt,
    TimeZone,
    PlaceName,
    Street,
    PostalCode,
    Locality,
    Region,
    Country,
    Latitude,
    Longitude,
    OnlineUrl,
    Category,
    BannerMediaId,
    Visibility,
    Status,
    JoinMode,
    ExternalUrl,
    Capacity,
    ShowRemaining,
    AnonymousParticipation,
    CommentsEnabled,
    Language,
    Accessibility,
    Price,
    TicketUrl,
    LivestreamUrl,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventTags {
    Table,
    EventId,
    Tag,
    Position,
}

#[derive(DeriveIden)]
enum Participations {
    Table,
    Id,
    Uuid,
    EventId,
    ActorId,
    Email,
    Role,
    Message,
    Locale,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    Uuid,
    ApId,
    EventId,
    AuthorId,
    ParentId,
    Body,
    BodyHtml,
    IsAnnouncement,
    DeletedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FeedTokens {
    Table,
    Id,
    TokenHash,
    AccountId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Actors {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
}

fn index(name: &str, table: impl IntoIden, columns: &[Events]) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(table).take();
    for column in columns {
        index.col(*column);
    }
    index
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(big_pk_auto(Events::Id))
                    .col(uuid_uniq(Events::Uuid))
                    .col(string_uniq(Events::ApId))
                    .col(big_integer(Events::OrganizerId))
                    .col(string(Events::Title))
                    .col(text(Events::Description))
                    .col(text(Events::DescriptionHtml))
                    .col(timestamp_with_time_zone(Events::StartsAt))
                    .col(timestamp_with_time_zone_null(Events::EndsAt))
                    .col(string(Events::TimeZone))
                    .col(string(Events::PlaceName))
                    .col(string(Events::Street))
                    .col(string(Events::PostalCode))
                    .col(string(Events::Locality))
                    .col(string(Events::Region))
                    .col(string(Events::Country))
                    .col(double_null(Events::Latitude))
                    .col(double_null(Events::Longitude))
                    .col(text_null(Events::OnlineUrl))
                    .col(string(Events::Category))
                    .col(big_integer_null(Events::BannerMediaId))
                    .col(string(Events::Visibility))
                    .col(string(Events::Status))
                    .col(string(Events::JoinMode))
                    .col(text_null(Events::ExternalUrl))
                    .col(integer_null(Events::Capacity))
                    .col(boolean(Events::ShowRemaining))
                    .col(boolean(Events::AnonymousParticipation))
                    .col(boolean(Events::CommentsEnabled))
                    .col(string(Events::Language))
                    .col(string(Events::Accessibility))
                    .col(string(Events::Price))
                    .col(text_null(Events::TicketUrl))
                    .col(text_null(Events::LivestreamUrl))
                    .col(timestamp_with_time_zone_null(Events::PublishedAt))
                    .col(timestamp_with_time_zone(Events::CreatedAt))
                    .col(timestamp_with_time_zone(Events::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Events::Table, Events::OrganizerId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Events::Table, Events::BannerMediaId),
                        (Media::Table, Media::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager.create_index(index("events_listing", Events::Table, &[Events::Visibility, Events::StartsAt])).await?;
        manager.create_index(index("events_organizer", Events::Table, &[Events::OrganizerId])).await?;

        manager
            .create_table(
                Table::create()
                    .table(EventTags::Table)
                    .col(big_integer(EventTags::EventId))
                    .col(string(EventTags::Tag))
                    .col(integer(EventTags::Position))
                    .primary_key(Index::create().col(EventTags::EventId).col(EventTags::Tag))
                    .foreign_key(&mut fk(
                        (EventTags::Table, EventTags::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Participations::Table)
                    .col(big_pk_auto(Participations::Id))
                    .col(uuid_uniq(Participations::Uuid))
                    .col(big_integer(Participations::EventId))
                    .col(big_integer_null(Participations::ActorId))
                    .col(string_null(Participations::Email))
                    .col(string(Participations::Role))
                    .col(text(Participations::Message))
                    .col(string_null(Participations::Locale))
                    .col(timestamp_with_time_zone(Participations::CreatedAt))
                    .col(timestamp_with_time_zone(Participations::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Participations::Table, Participations::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Participations::Table, Participations::ActorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        // One participation per identity and per address and event; NULLs never collide, so
        // the two indexes cover identities and anonymous participants alike.
        manager
            .create_index(
                Index::create()
                    .name("participations_actor")
                    .table(Participations::Table)
                    .col(Participations::EventId)
                    .col(Participations::ActorId)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("participations_email")
                    .table(Participations::Table)
                    .col(Participations::EventId)
                    .col(Participations::Email)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("participations_of_actor")
                    .table(Participations::Table)
                    .col(Participations::ActorId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(big_pk_auto(Comments::Id))
                    .col(uuid_uniq(Comments::Uuid))
                    .col(string_uniq(Comments::ApId))
                    .col(big_integer(Comments::EventId))
                    .col(big_integer(Comments::AuthorId))
                    .col(big_integer_null(Comments::ParentId))
                    .col(text(Comments::Body))
                    .col(text(Comments::BodyHtml))
                    .col(boolean(Comments::IsAnnouncement))
                    .col(timestamp_with_time_zone_null(Comments::DeletedAt))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone(Comments::UpdatedAt))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::AuthorId),
                        (Actors::Table, Actors::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        (Comments::Table, Comments::ParentId),
                        (Comments::Table, Comments::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("comments_event")
                    .table(Comments::Table)
                    .col(Comments::EventId)
                    .col(Comments::CreatedAt)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FeedTokens::Table)
                    .col(big_pk_auto(FeedTokens::Id))
                    .col(string_uniq(FeedTokens::TokenHash))
                    .col(big_integer(FeedTokens::AccountId))
                    .col(timestamp_with_time_zone(FeedTokens::CreatedAt))
                    .foreign_key(&mut fk(
                        (FeedTokens::Table, FeedTokens::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        Ok(())
    }
}
