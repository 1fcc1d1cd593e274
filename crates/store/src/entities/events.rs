use sea_orm::entity::prelude::*;

/// An event, local or remote (`domain` set: then read-only here). Times are UTC; `time_zone` is where it happens.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: Uuid,
    #[sea_orm(unique)]
    pub ap_id: String,
    /// The identity that organises it.
    pub organizer_id: i64,
    pub title: String,
    /// Markdown source, as typed.
    pub description: String,
    pub description_html: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    /// IANA name, e.g. `Europe/Paris`.
    pub time_zone: String,
    pub place_name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    /// One of Mobilizon's category ids, e.g. `MEETING`.
    pub category: String,
    pub banner_media_id: Option<i64>,
    /// `public`, `unlisted` or `private`.
    pub visibility: String,
    /// `tentative`, `confirmed` or `cancelled`.
    pub status: String,
    /// `free`, `restricted`, `invite` or `external`.
    pub join_mode: String,
    pub external_url: Option<String>,
    pub capacity: Option<i32>,
    pub show_remaining: bool,
    pub anonymous_participation: bool,
    pub comments_enabled: bool,
    /// BCP 47 language of the text, e.g. `fr`.
    pub language: String,
    /// Space-separated accessibility words (`wheelchair sign-language`).
    pub accessibility: String,
    pub price: String,
    pub ticket_url: Option<String>,
    pub livestream_url: Option<String>,
    /// `None` while a draft, seen by its organiser only.
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// `host[:port]` of the server a remote event comes from; `None` for ours.
    pub domain: Option<String>,
    /// A remote event's page on its own server.
    pub url: Option<String>,
    /// How many go, as the remote event's server last said.
    pub remote_participant_count: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
