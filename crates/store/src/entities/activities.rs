use sea_orm::entity::prelude::*;

/// The id of every activity received and processed, so that one delivered twice (retries,
/// several inboxes of ours) changes nothing the second time.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub ap_id: String,
    /// The remote actor that sent it.
    pub actor_id: i64,
    /// Its `type`, e.g. `Follow`.
    pub kind: String,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
