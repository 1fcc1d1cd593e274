use super::NewIdentity;
use crate::media::ImageRole;
use crate::sessions::Viewer;
use crate::{App, AppError, AppResult, FieldErrors, text};
use chrono::Utc;
use ensemble_domain::FieldError;
use ensemble_store::entities::{accounts, actors, sessions};
use ensemble_store::queries::actors as actor_queries;
use ensemble_store::{ActiveModelTrait, ActiveValue::Set, begin_write};
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

/// An uploaded file's bytes; an empty file input counts as no upload.
#[derive(Debug, Clone, Default)]
pub struct Upload(pub Vec<u8>);

/// The identity form, as typed.
#[derive(Debug, Clone, Default)]
pub struct IdentityForm {
    pub username: String,
    pub display_name: String,
    pub bio: String,
    pub avatar: Option<Upload>,
    pub banner: Option<Upload>,
    pub remove_avatar: bool,
    pub remove_banner: bool,
}

/// Stores the pictures of the form; their errors join the other fields'.
async fn store_pictures(
    app: &App,
    form: &IdentityForm,
    errors: &mut FieldErrors,
) -> AppResult<(Option<i64>, Option<i64>)> {
    let limits = &app.settings.uploads;
    let mut ids = (None, None);
    for (field, upload, role, max, slot) in [
        ("avatar", &form.avatar, ImageRole::Avatar, limits.max_avatar_bytes, &mut ids.0),
        ("banner", &form.banner, ImageRole::Banner, limits.max_banner_bytes, &mut ids.1),
    ] {
        let Some(Upload(bytes)) = upload.as_ref().filter(|u| !u.0.is_empty()) else {
            continue;
        };
        match app.media.store_image(&app.db, field, bytes.clone(), role, max).await {
            Ok(media) => *slot = Some(media.id),
            Err(AppError::Invalid(e)) => errors.0.extend(e.0),
            Err(e) => return Err(e),
        }
    }
    Ok(ids)
}

/// Adds an identity to the viewer's account.
pub async fn create_identity(app: &App, viewer: &Viewer, form: IdentityForm) -> AppResult<actors::Model> {
    let mut errors = FieldErrors::new();
    let identity = NewIdentity::parse(&form.username, &form.display_name, &form.bio, &mut errors);
    if let Some(identity) = &identity {
        super::check_username_free(&app.db, identity, &mut errors).await?;
    }
    let (avatar, banner) = store_pictures(app, &form, &mut errors).await?;
    let (Some(identity), true) = (identity, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let keys = crate::keys::generate().await?;
    let txn = begin_write(&app.db).await?;
    let actor = super::insert(app, &txn, viewer.account.id, &identity, keys, false).await?;
    let actor = if avatar.is_some() || banner.is_some() {
        let mut row = actor.into_active_model();
        row.avatar_media_id = Set(avatar);
        row.banner_media_id = Set(banner);
        row.update(&txn).await?
    } else {
        actor
    };
    txn.commit().await?;
    Ok(actor)
}

/// The viewer's own live identity called `username`.
async fn own_identity(app: &App, viewer: &Viewer, username: &str) -> AppResult<actors::Model> {
    actor_queries::live_local_by_username(&app.db, username)
        .await?
        .filter(|a| a.account_id == Some(viewer.account.id))
        .ok_or(AppError::NotFound)
}

/// Changes an identity's name, description and pictures. The username never changes: it is
/// the identity's address on the fediverse.
pub async fn update_identity(
    app: &App,
    viewer: &Viewer,
    username: &str,
    form: IdentityForm,
) -> AppResult<actors::Model> {
    let actor = own_identity(app, viewer, username).await?;
    let mut errors = FieldErrors::new();
    let identity = NewIdentity::parse(&actor.username, &form.display_name, &form.bio, &mut errors);
    let (avatar, banner) = store_pictures(app, &form, &mut errors).await?;
    let (Some(identity), true) = (identity, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let mut row = actor.clone().into_active_model();
    row.display_name = Set(identity.display_name.as_str().to_owned());
    row.bio_html = Set(text::markdown_to_html(identity.bio.as_str()));
    row.bio = Set(identity.bio.as_str().to_owned());
    if avatar.is_some() || form.remove_avatar {
        row.avatar_media_id = Set(avatar);
    }
    if banner.is_some() || form.remove_banner {
        row.banner_media_id = Set(banner);
    }
    row.updated_at = Set(Utc::now());
    let txn = begin_write(&app.db).await?;
    let saved = row.update(&txn).await?;
    crate::federate::identity_changed(&txn, &saved).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Makes an identity the one the account acts as after logging in.
pub async fn set_default_identity(app: &App, viewer: &Viewer, username: &str) -> AppResult<()> {
    let actor = own_identity(app, viewer, username).await?;
    let mut account = viewer.account.clone().into_active_model();
    account.default_actor_id = Set(Some(actor.id));
    account.updated_at = Set(Utc::now());
    account.update(&app.db).await?;
    Ok(())
}

/// Deletes one identity; an account keeps at least one. Browsers acting as it fall back to
/// the default identity, which moves to the oldest remaining one if it was this one.
pub async fn delete_identity(app: &App, viewer: &Viewer, username: &str) -> AppResult<()> {
    let actor = own_identity(app, viewer, username).await?;
    let txn = begin_write(&app.db).await?;
    let others: Vec<actors::Model> =
        actor_queries::identities_of(&txn, viewer.account.id).await?.into_iter().filter(|a| a.id != actor.id).collect();
    let Some(oldest) = others.first() else {
        return Err(FieldErrors::single("identity", FieldError::LastIdentity));
    };
    let account = accounts::Entity::find_by_id(viewer.account.id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let default_id = match account.default_actor_id {
        Some(id) if id != actor.id => id,
        _ => {
            let mut row = account.into_active_model();
            row.default_actor_id = Set(Some(oldest.id));
            row.update(&txn).await?;
            oldest.id
        }
    };
    sessions::Entity::update_many()
        .col_expr(sessions::Column::ActorId, sea_orm::sea_query::Expr::value(default_id))
        .filter(sessions::Column::ActorId.eq(actor.id))
        .exec(&txn)
        .await?;
    super::tombstone(&txn, actor).await?;
    txn.commit().await?;
    Ok(())
}
