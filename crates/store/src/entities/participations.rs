use sea_orm::entity::prelude::*;

/// Someone taking part in an event: an identity, or a visitor known only by an email address
/// (anonymous participation) that never leaves the instance.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: Uuid,
    pub event_id: i64,
    pub actor_id: Option<i64>,
    /// Lower-cased, for anonymous participants only.
    pub email: Option<String>,
    /// `creator`, `co-organizer`, `participant`, `pending`, `waitlisted`, `unconfirmed`, `rejected`.
    pub role: String,
    /// Written to the organisers when joining.
    pub message: String,
    /// The language mails to an anonymous participant are written in.
    pub locale: Option<String>,
    /// The Join activity of a federated participation (ours or theirs), which Accept and
    /// Reject name.
    pub join_ap_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
