//! Identities: the public faces of an account (ActivityPub `Person` actors). An account has
//! one or more; nothing public tells which identities share an account.

mod manage;

pub use manage::{IdentityForm, Upload, create_identity, delete_identity, set_default_identity, update_identity};

use crate::keys::ActorKeys;
use crate::{App, AppResult, FieldErrors, text};
use chrono::Utc;
use ensemble_domain::{Bio, DisplayName, FieldError, Username};
use ensemble_store::entities::{accounts, actors, media};
use ensemble_store::queries::actors::{self as actor_queries, KIND_PERSON};
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use sea_orm::{EntityTrait, IntoActiveModel};

/// The validated names of a new identity.
#[derive(Debug, Clone)]
pub struct NewIdentity {
    pub username: Username,
    pub display_name: DisplayName,
    pub bio: Bio,
}

impl NewIdentity {
    /// Parses the three fields, recording each one's error under its own name.
    pub fn parse(username: &str, display_name: &str, bio: &str, errors: &mut FieldErrors) -> Option<NewIdentity> {
        let username = errors.check("username", Username::parse(username));
        let display_name = errors.check("display_name", DisplayName::parse(display_name));
        let bio = errors.check("bio", Bio::parse(bio));
        Some(NewIdentity { username: username?, display_name: display_name?, bio: bio? })
    }
}

/// Adds `username-taken` when the name belongs to any local actor, deleted ones included.
pub(crate) async fn check_username_free(
    db: &impl ConnectionTrait,
    identity: &NewIdentity,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if actor_queries::local_by_username(db, identity.username.as_str()).await?.is_some() {
        errors.add("username", FieldError::UsernameTaken);
    }
    Ok(())
}

/// Inserts a local identity for `account_id`; with `make_default`, it becomes the account's default.
pub(crate) async fn insert(
    app: &App,
    db: &impl ConnectionTrait,
    account_id: i64,
    identity: &NewIdentity,
    keys: ActorKeys,
    make_default: bool,
) -> AppResult<actors::Model> {
    let now = Utc::now();
    let username = identity.username.as_str();
    let actor = actors::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4()),
        kind: Set(KIND_PERSON.to_owned()),
        username: Set(username.to_owned()),
        domain: Set(None),
        ap_id: Set(app.url(&format!("/@{username}"))),
        display_name: Set(identity.display_name.as_str().to_owned()),
        bio: Set(identity.bio.as_str().to_owned()),
        bio_html: Set(text::markdown_to_html(identity.bio.as_str())),
        avatar_media_id: Set(None),
        banner_media_id: Set(None),
        account_id: Set(Some(account_id)),
        public_key_pem: Set(keys.public_pem),
        private_key_pem: Set(Some(keys.private_pem)),
        // As the documents say; the address columns are for remote actors.
        manually_approves: Set(true),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(crate::accounts::unique_username)?;
    if make_default {
        let account = accounts::Entity::find_by_id(account_id).one(db).await?.ok_or(crate::AppError::NotFound)?;
        let mut account = account.into_active_model();
        account.default_actor_id = Set(Some(actor.id));
        account.update(db).await?;
    }
    Ok(actor)
}

/// Empties a deleted identity but keeps its row, so its name is never given to someone else
/// and links to it answer "gone" rather than pointing at a newcomer.
pub(crate) async fn tombstone(db: &impl ConnectionTrait, actor: actors::Model) -> AppResult<()> {
    crate::federate::identity_deleted(db, &actor).await?;
    let mut row = actor.into_active_model();
    row.display_name = Set(String::new());
    row.bio = Set(String::new());
    row.bio_html = Set(String::new());
    row.avatar_media_id = Set(None);
    row.banner_media_id = Set(None);
    row.account_id = Set(None);
    // The key signs the `Delete` other servers are sent; housekeeping wipes it once that is over.
    row.deleted_at = Set(Some(Utc::now()));
    row.updated_at = Set(Utc::now());
    row.update(db).await?;
    Ok(())
}

/// A public profile: the identity and its pictures. Nothing here links it to its account.
pub struct Profile {
    pub identity: actors::Model,
    pub avatar: Option<media::Model>,
    pub banner: Option<media::Model>,
}

pub async fn profile(app: &App, username: &str) -> AppResult<Option<Profile>> {
    // Only identities have profile pages; the instance actor (and groups, later) do not.
    let Some(identity) = actor_queries::live_local_by_username(&app.db, &username.to_ascii_lowercase())
        .await?
        .filter(|a| a.kind == KIND_PERSON)
    else {
        return Ok(None);
    };
    Ok(Some(with_pictures(app, identity).await?))
}

pub async fn with_pictures(app: &App, identity: actors::Model) -> AppResult<Profile> {
    let avatar = match identity.avatar_media_id {
        Some(id) => media::Entity::find_by_id(id).one(&app.db).await?,
        None => None,
    };
    let banner = match identity.banner_media_id {
        Some(id) => media::Entity::find_by_id(id).one(&app.db).await?,
        None => None,
    };
    Ok(Profile { identity, avatar, banner })
}

/// Every live identity of an account, with pictures, oldest first.
pub async fn of_account(app: &App, account_id: i64) -> AppResult<Vec<Profile>> {
    let mut out = Vec::new();
    for identity in actor_queries::identities_of(&app.db, account_id).await? {
        out.push(with_pictures(app, identity).await?);
    }
    Ok(out)
}
