use crate::entities::actors;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub const KIND_PERSON: &str = "person";

/// A local actor by name, deleted ones included: their names stay taken.
pub async fn local_by_username(db: &impl ConnectionTrait, username: &str) -> Result<Option<actors::Model>, DbErr> {
    actors::Entity::find()
        .filter(actors::Column::Username.eq(username))
        .filter(actors::Column::Domain.is_null())
        .one(db)
        .await
}

/// A live local actor by name, for its public page.
pub async fn live_local_by_username(db: &impl ConnectionTrait, username: &str) -> Result<Option<actors::Model>, DbErr> {
    Ok(local_by_username(db, username).await?.filter(|a| a.deleted_at.is_none()))
}

/// The live identities of an account, oldest first.
pub async fn identities_of(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<actors::Model>, DbErr> {
    actors::Entity::find()
        .filter(actors::Column::AccountId.eq(account_id))
        .filter(actors::Column::DeletedAt.is_null())
        .order_by_asc(actors::Column::Id)
        .all(db)
        .await
}
