use sea_orm::entity::prelude::*;

/// Every ActivityPub actor, local or remote: identities (persons) now, groups and the
/// instance actor later. Local rows have no `domain`; a deleted local row stays as a
/// tombstone so that its username is never handed out again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "actors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: Uuid,
    /// `person`, `group` or `application`.
    pub kind: String,
    pub username: String,
    /// `None` for local actors.
    pub domain: Option<String>,
    /// The ActivityPub id, e.g. `https://host/@rose`.
    #[sea_orm(unique)]
    pub ap_id: String,
    pub display_name: String,
    /// Markdown source, as typed.
    pub bio: String,
    /// The sanitised HTML rendering of `bio`.
    pub bio_html: String,
    pub avatar_media_id: Option<i64>,
    pub banner_media_id: Option<i64>,
    /// The owning account, for local identities; never exposed publicly.
    pub account_id: Option<i64>,
    pub public_key_pem: String,
    pub private_key_pem: Option<String>,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
