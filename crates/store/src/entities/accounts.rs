use sea_orm::entity::prelude::*;

/// A person who can log in. Never public: identities (actors) are what others see.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// As typed at sign-up, domain lower-cased.
    pub email: String,
    /// Lower-cased, for case-insensitive uniqueness.
    #[sea_orm(unique)]
    pub email_key: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// `user`, `moderator` or `administrator`.
    pub role: String,
    /// Chosen interface language; `None` follows the browser.
    pub locale: Option<String>,
    /// IANA zone to show event times in besides the event's own; `None`: only the event's.
    pub time_zone: Option<String>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub default_actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
