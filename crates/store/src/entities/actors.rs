use sea_orm::entity::prelude::*;

/// Every ActivityPub actor, local or remote: identities (persons), the instance actor, the
/// actors of other servers, and groups later. Local rows have no `domain`; a deleted local
/// row stays as a tombstone so that its username is never handed out again. The addresses
/// and `public_key_id` are kept for remote actors only: a local actor's derive from `ap_id`.
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
    /// Remote actors: where to deliver to them, and their collections.
    pub inbox_url: Option<String>,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    /// Remote actors: their HTML profile (`url`) and avatar address, not re-hosted.
    pub profile_url: Option<String>,
    pub icon_url: Option<String>,
    /// Remote actors: the id of `public_key_pem`, as their signatures name it (`keyId`).
    pub public_key_id: Option<String>,
    pub manually_approves: bool,
    /// Remote actors: when their document was last fetched or received.
    pub fetched_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
