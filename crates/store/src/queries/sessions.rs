use crate::entities::{accounts, actors, sessions};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, prelude::DateTimeUtc};

/// A live session with its account and current identity.
pub struct Live {
    pub session: sessions::Model,
    pub account: accounts::Model,
    pub actor: actors::Model,
}

pub async fn live(db: &impl ConnectionTrait, token_hash: &str, now: DateTimeUtc) -> Result<Option<Live>, DbErr> {
    let Some(session) =
        sessions::Entity::find_by_id(token_hash.to_owned()).filter(sessions::Column::ExpiresAt.gt(now)).one(db).await?
    else {
        return Ok(None);
    };
    let account = accounts::Entity::find_by_id(session.account_id).one(db).await?;
    let actor =
        actors::Entity::find_by_id(session.actor_id).filter(actors::Column::DeletedAt.is_null()).one(db).await?;
    Ok(match (account, actor) {
        (Some(account), Some(actor)) => Some(Live { session, account, actor }),
        _ => None,
    })
}

/// Ends every session of an account, except `keep` (the browser that asked).
pub async fn end_all(db: &impl ConnectionTrait, account_id: i64, keep: Option<&str>) -> Result<(), DbErr> {
    let mut delete = sessions::Entity::delete_many().filter(sessions::Column::AccountId.eq(account_id));
    if let Some(keep) = keep {
        delete = delete.filter(sessions::Column::TokenHash.ne(keep));
    }
    delete.exec(db).await?;
    Ok(())
}
