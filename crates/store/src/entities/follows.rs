use sea_orm::entity::prelude::*;

/// `follower` follows `target`; `ap_id` is the id of the Follow activity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub uuid: Uuid,
    #[sea_orm(unique)]
    pub ap_id: String,
    pub follower_id: i64,
    pub target_id: i64,
    /// `pending` until the target accepts, then `accepted`.
    pub state: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
