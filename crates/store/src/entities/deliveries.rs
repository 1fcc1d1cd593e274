use sea_orm::entity::prelude::*;

/// One activity to POST to one inbox, written in the transaction of the change it announces
/// and leased by a delivery worker. A delivered row is deleted; one that gave up stays with
/// `failed_at` for the administrators to see.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The local actor that signs the request.
    pub actor_id: i64,
    pub inbox_url: String,
    /// `host[:port]` of the inbox: the instance whose health it counts towards.
    pub host: String,
    /// The activity, as the JSON text to send.
    pub activity: String,
    pub run_at: DateTimeUtc,
    pub attempts: i32,
    /// Until when a worker holds this row; `None` when nobody does.
    pub lease_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub failed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
