use sea_orm::entity::prelude::*;

/// The health of another server as seen by our deliveries: a run of failures long enough
/// makes it dead, and its deliveries are then only tried at `next_probe_at`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `host[:port]`, as in `deliveries.host`.
    #[sea_orm(unique)]
    pub host: String,
    pub consecutive_failures: i32,
    /// The first failure of the current run of failures.
    pub failing_since: Option<DateTimeUtc>,
    pub last_success_at: Option<DateTimeUtc>,
    pub last_failure_at: Option<DateTimeUtc>,
    pub dead_since: Option<DateTimeUtc>,
    /// When a dead instance gets its next single try.
    pub next_probe_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
